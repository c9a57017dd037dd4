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
EXPECTED = "expected the registry (load_regimes()) or a sequence of regimes (regimes.select([...]))"


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
    [("national", "str"), (None, "NoneType"), (["national"], "list of str"), ((r for r in ()), "generator"), ({"national": 1}, "dict of int")],
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
    assert str(info.value) == f"compare(): regimes: {EXPECTED}; got Regime"
    assert said(str(info.value), "zh") == "compare():regimes 参数应为制度注册表(load_regimes())或制度序列(regimes.select([...]));实际为 Regime"


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


@pytest.mark.parametrize("given, got", [("national", "str"), (["national", "hainan"], "list of str")])
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
