"""The one converter: exact round trips of every rule kind, strict scalars, errors with paths."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import clusterpolicy
from clusterpolicy import Criterion, InputError, RuleChanges
from clusterpolicy.convert import parse_document, structure, unstructure

from builders import output, profile_data

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def all_criteria():
    regimes = clusterpolicy.load_regimes()
    seen = {}
    for regime in regimes.values():
        for r in regime.criteria:
            seen[(r.origin, r.id)] = r.rule
    return list(seen.values())


@pytest.mark.parametrize("rule", all_criteria(), ids=lambda r: r.id)
def test_every_builtin_criterion_round_trips(rule):
    data = unstructure(rule)
    assert structure(data, Criterion, "<test>") == rule


def test_every_check_kind_is_used_by_a_builtin_rule():
    from clusterpolicy.criteria import CHECK_KINDS

    def kinds(check):
        yield type(check)
        for child in getattr(check, "options", ()):
            yield from kinds(child)
        if hasattr(check, "then"):
            yield from kinds(check.then)

    used = {k for rule in all_criteria() for k in kinds(rule.check)}
    assert used == set(CHECK_KINDS)


def test_rule_changes_round_trip():
    changes = RuleChanges(jurisdiction="x", add=tuple(all_criteria()[:3]))
    assert structure(unstructure(changes), RuleChanges[Criterion], "<test>") == changes


@pytest.mark.parametrize("example", ["strong-national.toml", "hainan-only.toml", "missing-data.json"])
def test_a_profile_written_as_json_reads_back_as_the_same_profile(example):
    from clusterpolicy.documents import dumps

    profile = clusterpolicy.load_profile(EXAMPLES / example)
    text = dumps(unstructure(profile))
    assert clusterpolicy.profile_from_dict(parse_document(text, "<json>", as_json=True), "<json>") == profile


def test_decimals_are_exact_and_written_as_strings():
    p = clusterpolicy.profile_from_dict(profile_data(**output(2024, 0.1), area_km2="12.50"))
    assert p.years[2024].total_output == Decimal("0.1")
    assert unstructure(p)["area_km2"] == "12.50"


def test_toml_and_json_floats_become_decimals():
    toml = parse_document("x = 0.1\ny = 3", "t.toml", as_json=False)
    js = parse_document('{"x": 0.1, "y": 3}', "t.json", as_json=True)
    assert toml == js == {"x": Decimal("0.1"), "y": 3}


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"provincial_cluster": "yes"}, "$.provincial_cluster: expected true/false or null; got 'yes'"),
        ({"firms.little_giants": 1.5}, "$.firms.little_giants: expected an integer or null; got 1.5"),
        ({"years.2024.total_output": "abc"}, "$.years.2024.total_output: expected a decimal number; got 'abc'"),
        ({"years.2024.total_output": -1}, "$.years.2024.total_output: must not be negative, got -1"),
        ({"years.20x4": {}}, "$.years.20x4: expected a year from 1900 to 2199 in four ASCII digits; got '20x4'"),
        ({"region": "south"}, "$.region: expected one of: east, central, west, northeast; got 'south'"),
        ({"front_rank": "global"}, "$.front_rank: expected one of: none, provincial, national; got 'global'"),
        ({"assessment_date": "2025-02-30"}, "$.assessment_date: expected a date (YYYY-MM-DD); got '2025-02-30'"),
        ({"attestations.brand": "true"}, "$.attestations.brand: expected true or false; got 'true'"),
        ({"firms.littlegiants": 3}, "$.firms: unknown key(s): littlegiants (did you mean 'little_giants'? expected one of: single_champions, "
                                     "little_giants, specialised_smes, innovative_smes, high_tech)"),
        ({"incidents": [{"date": "2024-01-01", "kind": "fire"}]},
         "$.incidents[0].kind: expected one of: safety_accident, quality_accident, environmental_accident, "
         "cyber_security_incident, data_security_incident, tax_evasion, illegal_conduct, serious_dishonesty, "
         "other_major_problem; got 'fire'"),
        ({"incidents": [{"kind": "tax_evasion"}]}, "$.incidents[0].date: required field missing"),
    ],
)
def test_bad_profiles_name_the_field_path(changes, problem):
    with pytest.raises(InputError) as info:
        clusterpolicy.profile_from_dict(profile_data(**changes), source="bad.toml")
    assert info.value.problems == (problem,)
    assert str(info.value) == f"bad.toml: {problem}"


def test_several_problems_are_reported_together():
    with pytest.raises(InputError) as info:
        clusterpolicy.profile_from_dict({"nme": "x", "area_km2": "big"}, source="bad.json")
    first, second, third = info.value.problems
    assert (first, second) == ("$.name: required field missing", "$.area_km2: expected a decimal number; got 'big'")
    assert third.startswith("$: unknown key(s): nme (did you mean 'name'? expected one of: name, province, county, region, ")


@pytest.mark.parametrize(
    ("text", "as_json", "problem"),
    [
        ("name = 1\nname = 2\nx = 3", False, "invalid TOML: Cannot overwrite a value (at line 2, column 9)"),
        ('{"name": ', True, "line 1, column 10: invalid JSON: Expecting value"),
        ("d = 2024-02-30T10:00", False, "invalid TOML: Invalid date or datetime (at line 1, column 5)"),
        ("[1, 2]", True, "$: expected an object (a table) at the top level"),
    ],
)
def test_unparseable_documents(text, as_json, problem):
    with pytest.raises(InputError) as info:
        parse_document(text, "f", as_json=as_json)
    assert info.value.problems == (problem,)
