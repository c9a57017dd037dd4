"""The published input schemas say what the converter accepts, both from one definition: a value
the schema refuses, the converter refuses with its field path, and an edge the schema admits, the
converter reads (the HTTP side of the same promise is tests/test_http_contract.py)."""

from __future__ import annotations

import copy
import typing

import attrs
import pytest

jsonschema = pytest.importorskip("jsonschema")

from clusterpolicy.convert import structure  # noqa: E402
from clusterpolicy.documents import INPUTS, document_class  # noqa: E402
from clusterpolicy.errors import InputError  # noqa: E402
from clusterpolicy.model import Constraint  # noqa: E402
from clusterpolicy.schema import schema_of, validators  # noqa: E402

SEEDS = {
    "profile": {"name": "示例集群", "years": {"2024": {"total_output": 45}}},
    "record": {"name": "示例集群", "regime": "national", "batch": 2022, "announced": "2023-01-11"},
    "recommendations": {"call": 2024, "submitter": "安徽省", "submitter_kind": "province"},
    "submission": {
        "submitter": {"name": "合肥市经济和信息化局", "level": "city"},
        "cluster": {"name": "示例集群", "recognition": "national"},
        "category": "innovation",
        "title": "案例",
        "text": "正文",
    },
}


def changed(kind: str, path: str, value) -> dict:
    data = copy.deepcopy(SEEDS[kind])
    *parents, last = path.split(".")
    target = data
    for p in parents:
        target = target.setdefault(p, {})
    target[last] = value
    return data


def schema_admits(kind: str, data: dict) -> bool:
    validator = jsonschema.Draft202012Validator(schema_of(kind), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    return validator.is_valid(data)


def converter_problems(kind: str, data: dict) -> list[str]:
    try:
        structure(data, document_class(kind), "<doc>")
    except InputError as exc:
        return list(exc.problems)
    return []


def test_every_check_on_an_input_states_its_json_schema():
    """Each validator of every class an input document holds is a Constraint (it carries its schema)."""
    seen: set[type] = set()
    unstated = []

    def walk(t) -> None:
        for arg in typing.get_args(t):
            walk(arg)
        if attrs.has(t) and t not in seen:
            seen.add(t)
            hints = typing.get_type_hints(t)
            for a in attrs.fields(t):
                unstated.extend(f"{t.__name__}.{a.name}" for v in validators(a) if not isinstance(v, Constraint))
                walk(hints[a.name])

    for kind in INPUTS:
        walk(document_class(kind))
    assert len(seen) >= 17 and unstated == []


def test_the_seeds_are_valid_for_both():
    for kind in SEEDS:
        assert schema_admits(kind, SEEDS[kind]) and converter_problems(kind, SEEDS[kind]) == [], kind


@pytest.mark.parametrize(
    ("kind", "path", "value", "problem"),
    [
        ("profile", "name", "", "$.name: must not be empty"),
        ("profile", "name", " \u3000\n", "$.name: must not be empty"),
        ("profile", "name", "示例\x00", "$.name: text must not contain a NUL character (\\u0000)"),
        ("profile", "leading_industry", "\x00", "$.leading_industry: text must not contain a NUL character"),
        ("profile", "extra", {"k\x00": 1}, "$.extra.k\\x00: text must not contain a NUL character"),
        ("record", "id", "a\x00", "$.id: "),
        ("profile", "area_km2", "1e3", "$.area_km2: expected a decimal number written out"),
        ("profile", "area_km2", "-1", "$.area_km2: must not be negative"),
        ("profile", "area_km2", 10**15, "$.area_km2: number too large"),
        ("profile", "area_km2", "0." + "0" * 40 + "1", "$.area_km2: too many digits after the decimal point"),
        ("profile", "assessment_date", "1899-12-31", "$.assessment_date: "),
        ("profile", "assessment_date", "2200-01-01", "$.assessment_date: "),
        ("profile", "assessment_date", "2023-02-29", "$.assessment_date: "),
        ("profile", "years", {"02024": {}}, "$.years"),
        ("profile", "years", {"1899": {}}, "$.years.1899: expected a year from 1900 to 2199"),
        ("profile", "years", {"-2024": {}}, "$.years.-2024: expected a year from 1900 to 2199"),
        ("profile", "firms.high_tech", -1, "$.firms.high_tech: must not be negative"),
        ("profile", "firms.high_tech", "3", "$.firms.high_tech: expected an integer"),
        ("record", "batch", 1999, "$.batch: must be at least 2000, got 1999"),
        ("record", "id", "a b", "$.id: 'a b': use letters, digits"),
        ("record", "regime", "National", "$.regime: 'National' is not a valid id"),
        ("record", "events", {"Publicity": "2023-06-20"}, "$.events: 'Publicity' is not a valid id"),
        ("record", "reviews", [{"applied": "2025-01-01", "result": "passed"}], "$.reviews[0].decided: give both 'result' and 'decided', or neither"),
        ("recommendations", "clusters", [{"name": ""}], "$.clusters[0].name: must not be empty"),
        ("submission", "text_file", "case.txt", "$.text: give exactly one of text (inline) or text_file (a path)"),
        ("submission", "cluster", None, "$.cluster: required for kind = \"case\""),
    ],
)
def test_what_the_schema_refuses_the_converter_refuses(kind, path, value, problem):
    data = changed(kind, path, value)
    assert not schema_admits(kind, data)
    problems = converter_problems(kind, data)
    assert problems and problems[0].startswith(problem), problems


@pytest.mark.parametrize(
    ("kind", "path", "value"),
    [
        ("profile", "area_km2", "999999999999999.9999999999"),
        ("profile", "area_km2", "-0"),
        ("profile", "area_km2", "+5."),
        ("profile", "area_km2", 0.1),
        ("profile", "assessment_date", "1900-01-01"),
        ("profile", "assessment_date", "2199-12-31"),
        ("profile", "years", {"1900": {}, "2199": {}, "2024": {"total_output": ".5"}}),
        ("record", "batch", 2100),
        ("record", "id", "national-2022-示例"),
        ("record", "announced", "2021-01-11"),  # before the batch's year: noted by the timeline, not refused
        ("record", "events", {"publicity_start": "2023-06-20"}),
        ("submission", "kind", "practice"),
    ],
)
def test_what_the_schema_admits_the_converter_reads(kind, path, value):
    data = changed(kind, path, value)
    if (kind, path) == ("submission", "kind"):
        del data["cluster"]
    assert schema_admits(kind, data)
    assert converter_problems(kind, data) == []


def test_non_empty_accepts_exactly_the_text_its_schema_pattern_finds():
    """``model.non_empty`` tests ``str.isspace`` (no regex compiled at start-up); its JSON Schema
    pattern spells out the same characters."""
    import re
    import sys

    from clusterpolicy.model import NON_BLANK_PATTERN, non_empty

    pattern = re.compile(NON_BLANK_PATTERN)
    differ = [hex(c) for c in range(sys.maxunicode + 1) if non_empty.test(chr(c)) != bool(pattern.search(chr(c)))]
    assert differ == []
    assert not non_empty.test("") and not non_empty.test(" \u3000\t") and non_empty.test(" 集群 ")
