"""A comparison's rows: the layout worked out once per set of regimes decides as a fresh one does."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import clusterpolicy
from clusterpolicy.criteria.comparison import comparison

EXAMPLES = Path(__file__).parent.parent / "examples"


def test_rows_from_the_kept_layout_are_those_of_a_fresh_one():
    regimes = list(clusterpolicy.load_regimes().values())
    profiles = [clusterpolicy.load_profile(EXAMPLES / name) for name in ("strong-national.toml", "hainan-only.toml", "missing-data.json")]
    seen = set()
    for profile in profiles * 2:  # the second round reads the kept layout
        kept = clusterpolicy.compare(profile, regimes)
        fresh = comparison([r.evaluate(profile) for r in regimes])
        assert kept == fresh
        seen |= {d for row in kept.rows for d in row.differs}
    assert seen == {"presence", "status", "requirement", "citation"}


def test_another_set_of_regimes_gets_its_own_layout():
    regimes = clusterpolicy.load_regimes()
    profile = clusterpolicy.load_profile(EXAMPLES / "strong-national.toml")
    both = clusterpolicy.compare(profile, [regimes["national"], regimes["hainan"]])
    one = clusterpolicy.compare(profile, [regimes["hainan"]])
    again = clusterpolicy.compare(profile, [regimes["hainan"], regimes["national"]])
    assert [len(r.finding_index) for r in (both.rows[0], one.rows[0], again.rows[0])] == [2, 1, 2]
    assert {r.rule for r in one.rows} == {f.rule for f in one.assessments[0].findings}
    assert again == comparison([regimes["hainan"].evaluate(profile), regimes["national"].evaluate(profile)])
    assert all("presence" not in r.differs for r in one.rows)


def test_findings_built_in_one_step_are_findings_like_any_other():
    """Finding.of (the evaluation's way) gives every field, and an object equal to one built by attrs."""
    import attrs

    from clusterpolicy.criteria.results import Finding

    names = {a.name for a in attrs.fields(Finding)}
    regimes = list(clusterpolicy.load_regimes().values())
    profile = clusterpolicy.load_profile(EXAMPLES / "strong-national.toml")
    findings = [f for r in regimes for f in r.evaluate(profile).findings]
    everything = findings + [p for f in findings for p in f.parts]
    assert any(f.parts for f in findings)
    for f in everything:
        assert set(vars(f)) == names, f.rule
        assert Finding(**attrs.asdict(f, recurse=False)) == f
        assert hash(f) == hash(Finding(**attrs.asdict(f, recurse=False)))


def test_measures_and_margins_built_by_their_slots_are_those_attrs_builds():
    """measure() and margin() (the evaluation's way) set every slot, and give objects equal to, hashed
    and shown as the ones attrs builds — they skip no validator, converter or default, as there is none."""
    import attrs

    from clusterpolicy.criteria.results import Margin, Measure, margin, measure

    for cls in (Measure, Margin):
        assert all(a.validator is None and a.converter is None for a in attrs.fields(cls)), cls
    assert [a.name for a in attrs.fields(Margin) if a.default is not attrs.NOTHING] == ["at"]
    regimes = list(clusterpolicy.load_regimes().values())
    profile = clusterpolicy.load_profile(EXAMPLES / "strong-national.toml")
    findings = [f for r in regimes for f in r.evaluate(profile).findings]
    findings += [p for f in findings for p in f.parts]
    measures = [m for f in findings for m in f.measured]
    margins = [f.margin for f in findings if f.margin is not None]
    assert {type(m.value) for m in measures} >= {Decimal, bool, str} and any(m.at for m in margins) and any(not m.at for m in margins)
    for m in measures:
        built = Measure(label=m.label, value=m.value)
        assert measure(m.label, m.value) == built and hash(measure(m.label, m.value)) == hash(built)
        assert repr(measure(m.label, m.value)) == repr(built)
    for m in margins:
        built = Margin(passes=m.passes, amount=m.amount, unit=m.unit, relative=m.relative, exact=m.exact, at=m.at)
        fast = margin(m.passes, m.amount, m.unit, m.relative, m.exact, m.at)
        assert fast == built and hash(fast) == hash(built) and repr(fast) == repr(built)
        assert margin(m.passes, m.amount, m.unit, m.relative, m.exact) == attrs.evolve(built, at=None)


def test_assessments_built_by_their_slots_are_those_attrs_builds():
    """assessment() (the evaluation's way) sets every slot in the fields' order — Assessment has no validator,
    converter or default to skip — and its fragile passes and nearest misses, worked out when first read,
    are those of the findings' margins."""
    import pickle

    import attrs

    from clusterpolicy.criteria.margins import ranked
    from clusterpolicy.criteria.results import Assessment

    assert all(a.validator is None and a.converter is None for a in attrs.fields(Assessment))
    profile = clusterpolicy.load_profile(EXAMPLES / "strong-national.toml")
    for regime in clusterpolicy.load_regimes().values():
        fast = regime.evaluate(profile)
        built = Assessment(**attrs.asdict(fast, recurse=False))
        assert fast == built and hash(fast) == hash(built) and repr(fast) == repr(built)
        assert (fast.fragile, fast.nearest_misses) == ranked(fast.findings)
        again = regime.evaluate(profile)
        assert pickle.loads(pickle.dumps(again)) == fast  # a margin or ranking not yet read is pickled as its value
