"""The column kernels' selection: :func:`~clusterpolicy.criteria.kernels.pick` is ``np.where`` without a branch."""

import numpy as np

from clusterpolicy.criteria.kernels import pick


def test_pick_takes_a_where_the_condition_holds_and_b_elsewhere():
    cond = np.array([True, False, True, False])
    b = np.array([5, 6, 7, -128], dtype=np.int8)
    assert pick(cond, np.int8(3), b).tolist() == [3, 6, 3, -128]
    assert pick(cond, b, np.int8(-1)).tolist() == [5, -1, 7, -1]
    assert pick(cond, np.int8(0), np.int8(1)).dtype == np.int8


def test_pick_agrees_with_where_for_every_pair_of_int8_values():
    values = np.arange(-128, 128, dtype=np.int8)
    a, b = np.repeat(values, 256), np.tile(values, 256)
    for cond in (a < b, a >= b, np.zeros(len(a), dtype=bool), np.ones(len(a), dtype=bool)):
        assert np.array_equal(pick(cond, a, b), np.where(cond, a, b))
