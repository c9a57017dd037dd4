"""The Python API's calls take regimes one way or the other — the registry (``load_regimes()``) or a
sequence (``regimes.select([...])``) — with the same results; anything else is a TypeError saying
what is expected, and its errors name its own arguments (the command line's ``--set`` stays there)."""

from __future__ import annotations

from pathlib import Path

import pytest

import clusterpolicy
from clusterpolicy.errors import InputError
from clusterpolicy.messages import said

ROOT = Path(__file__).resolve().parents[1]
HAINAN_ONLY = ROOT / "examples" / "hainan-only.toml"
EXPECTED = "expected the registry from load_regimes() or a sequence of built regimes (load_regimes().select([...]))"


@pytest.fixture(scope="module")
def profile():
    return clusterpolicy.load_profile(HAINAN_ONLY)


def test_compare_takes_the_registry_or_a_sequence(regimes, profile):
    every = clusterpolicy.compare(profile, regimes)
    assert every == clusterpolicy.compare(profile, regimes.select([])) == clusterpolicy.compare(profile, tuple(regimes.values()))
    assert [a.regime for a in every.assessments] == ["national", "anhui", "hainan"]
    assert clusterpolicy.to_json(every) == clusterpolicy.to_json(clusterpolicy.compare(profile, list(regimes.values())))


def test_pathway_takes_a_sequence_as_the_registry(regimes, profile):
    assert clusterpolicy.pathway(profile, regimes.select(["national", "hainan"])) == clusterpolicy.pathway(profile, regimes)
    assert [r.regime for r in clusterpolicy.pathway(profile, [regimes["hainan"], regimes["national"]]).rungs] == ["hainan", "national"]


def test_whatif_takes_the_registry_or_a_sequence(regimes, profile):
    change = [("firms.little_giants", "1")]
    assert clusterpolicy.whatif(profile, regimes, change) == clusterpolicy.whatif(profile, regimes.select([]), change)
    assert [r.regime for r in clusterpolicy.whatif(profile, regimes, change).regimes] == ["national", "anhui", "hainan"]


@pytest.mark.parametrize(
    "given, got",
    [("national", "'national' (regime ids: build the regimes with load_regimes().select(['national']))"), (None, "None"),
     (["national"], "['national'] (regime ids: build the regimes with load_regimes().select(['national']))"), ((r for r in ()), "generator"),
     ({"national": 1}, "{'national': 1} (its values are int, not regimes)"), ([1, 2.5], "[1, 2.5] (it holds float, int, not regimes)")],
)
def test_other_regimes_are_a_type_error_saying_what_is_expected(regimes, profile, given, got):
    for call, run in [("compare", lambda: clusterpolicy.compare(profile, given)), ("pathway", lambda: clusterpolicy.pathway(profile, given)),
                      ("whatif", lambda: clusterpolicy.whatif(profile, given, [("firms.little_giants", "1")]))]:  # fmt: skip
        with pytest.raises(TypeError) as info:
            run()
        assert str(info.value) == f"{call}(): regimes: {EXPECTED}; got {got}"


def test_a_single_regime_is_not_a_sequence_of_them(regimes, profile):
    with pytest.raises(TypeError) as info:
        clusterpolicy.compare(profile, regimes["national"])
    assert str(info.value) == f"compare(): regimes: {EXPECTED}; got a single Regime (put it in a list: [regime])"
    assert said(str(info.value), "zh") == ("compare():regimes 参数应为 load_regimes() 返回的制度注册表,或已构建的制度序列(load_regimes().select([...]));"
                                           "实际为单个 Regime(请把它放进列表:[regime])")  # fmt: skip


@pytest.mark.parametrize("changes, got", [({"firms.little_giants": "1"}, "dict"), ("firms.little_giants=1", "str"), ([("firms.little_giants", 1)], "list of tuple")])
def test_changes_are_pairs_of_texts(regimes, profile, changes, got):
    with pytest.raises(TypeError) as info:
        clusterpolicy.whatif(profile, regimes, changes)
    assert str(info.value) == f'whatif(): changes: expected a sequence of (path, value text) pairs, e.g. [("firms.little_giants", "1")]; got {got}'


def test_whatif_errors_name_the_argument_not_the_option(regimes, profile):
    with pytest.raises(InputError) as info:
        clusterpolicy.whatif(profile, regimes, [("firms.little_giants", "-1")])
    assert str(info.value) == "changes: $.firms.little_giants: must not be negative, got -1"
    with pytest.raises(InputError) as info:
        clusterpolicy.whatif(profile, regimes, [("years.2022", "1")])
    assert str(info.value) == "changes: 'years.2022': expected years.<year>.<figure> (a per-year figure such as total_output, or extra.<key>)"
    assert info.value.text("zh") == "changes: 'years.2022':应为 years.<年份>.<指标>(年度数据,如 total_output,或 extra.<键>)"


@pytest.mark.parametrize("given", ["x", {"kind": "comparison"}, None])
def test_to_json_refuses_what_is_not_a_result(given):
    with pytest.raises(TypeError) as info:
        clusterpolicy.to_json(given)
    assert str(info.value) == ("to_json(): expected a result (Assessment, Comparison, Timeline, LifecycleStatus, QuotaCheck, Pathway, WhatIf); "
                               f"got {type(given).__name__}")  # fmt: skip


@pytest.mark.parametrize("given, got", [("national", "'national' (regime ids: build the regimes with load_regimes().select(['national']))"),
                                        (["national", "hainan"], "['national', 'hainan'] (regime ids: build the regimes with load_regimes().select(['national', 'hainan']))"),
                                        ({"national": 1}, "{'national': 1} (its values are int, not regimes)")])  # fmt: skip
def test_the_batch_calls_refuse_other_regimes_before_reading_or_writing_anything(regimes, tmp_path, given, got):
    from clusterpolicy.batch.output import write_batch
    from clusterpolicy.batch.screen import evaluate_many

    out = tmp_path / "out.csv"
    for call, run in [("evaluate_many", lambda: evaluate_many(ROOT / "examples" / "batch-clusters.csv", given)),
                      ("write_batch", lambda: write_batch(ROOT / "examples" / "batch-clusters.csv", out, given))]:  # fmt: skip
        with pytest.raises(TypeError) as info:
            run()
        assert str(info.value) == f"{call}(): regimes: {EXPECTED}; got {got}"
    assert not out.exists()
    rows = list(evaluate_many(ROOT / "examples" / "batch-clusters.csv", regimes))  # the registry, as compare takes it
    assert [r.row for r in rows] == [2, 3, 4, 5] and [r.regime for r in rows[0].results] == ["national", "anhui", "hainan"]


def test_a_mistaken_regimes_argument_is_said_in_chinese_too(regimes, profile):
    with pytest.raises(TypeError) as info:
        clusterpolicy.compare(profile, {"national": 1})
    assert said(str(info.value), "zh") == ("compare():regimes 参数应为 load_regimes() 返回的制度注册表,或已构建的制度序列(load_regimes().select([...]));"
                                           "实际为 {'national': 1}(其中的值是 int,不是制度)")  # fmt: skip
    with pytest.raises(TypeError) as info:
        clusterpolicy.compare(profile, ["national"])
    assert said(str(info.value), "zh").endswith("实际为 ['national'](这是制度标识:请用 load_regimes().select(['national']) 构建制度)")


@pytest.mark.parametrize("given", [[], (), {}], ids=repr)
def test_the_batch_calls_refuse_no_regime_at_all_before_reading_or_writing_anything(regimes, tmp_path, given):
    """An output with no regime column answers nothing: an empty ``regimes`` is a ValueError naming the call."""
    pytest.importorskip("pyarrow")
    from clusterpolicy.batch.arrowout import evaluate_arrow
    from clusterpolicy.batch.output import write_batch
    from clusterpolicy.batch.screen import evaluate_many

    out = tmp_path / "out.csv"
    missing = tmp_path / "no-such-input.csv"  # never opened: the argument is refused first
    for call, run in [("evaluate_many", lambda: evaluate_many(missing, given)), ("write_batch", lambda: write_batch(missing, out, given)),
                      ("evaluate_arrow", lambda: evaluate_arrow(None, given))]:  # fmt: skip  (None: not even a table, never looked at)
        with pytest.raises(ValueError) as info:
            run()
        assert str(info.value) == f"{call}(): regimes: expected at least one regime to screen; got an empty {type(given).__name__}"
    assert not out.exists()
    assert said(str(info.value), "zh") == f"evaluate_arrow():regimes 参数至少须有一个制度;实际为空的 {type(given).__name__}"
