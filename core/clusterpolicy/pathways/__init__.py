"""The pathway to recognition: the ladder of regimes that apply to a profile (its province, then
the national regime), what stands between the cluster and each rung, labelled projections of the
figures that grow, and the next known call of each rung."""
