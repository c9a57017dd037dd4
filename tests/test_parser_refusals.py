"""Values the TOML and JSON parsers take but no field may hold — NaN, infinities, an integer too long
for ``int()`` (Python's 4300-digit limit), a date-like value that is no date — are refused by the
converter like any other bad value: with the file and the field path (profiles, rule files, stdin)."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

import clusterpolicy
from clusterpolicy import InputError
from clusterpolicy.convert import parse_document
from clusterpolicy.limits import Unreadable

ROOT = Path(__file__).resolve().parents[1]
STRONG = (ROOT / "examples" / "strong-national.toml").read_text(encoding="utf-8")
MISSING = (ROOT / "examples" / "missing-data.json").read_text(encoding="utf-8")
DIGITS = "1" + "0" * 5000
TOO_LARGE = "number too large (at most 15 digits before the decimal point)"


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ("area_km2 = 62.5", "area_km2 = nan", "$.area_km2: expected a finite decimal number; got nan"),
        ("area_km2 = 62.5", "area_km2 = +inf", "$.area_km2: expected a finite decimal number; got +inf"),
        ("area_km2 = 62.5", "area_km2 = -inf", "$.area_km2: expected a finite decimal number; got -inf"),
        ("total_output = 168.4", "total_output = -nan", "$.years.2022.total_output: expected a finite decimal number; got -nan"),
        ("application_year = 2025", "application_year = inf", "$.application_year: expected an integer; got inf"),
        ("within_one_county = true", "within_one_county = nan", "$.within_one_county: expected true/false or null; got nan"),
        ("area_km2 = 62.5", f"area_km2 = {DIGITS}", f"$.area_km2: {TOO_LARGE}"),
        ("area_km2 = 62.5", f"area_km2 = -{DIGITS}", f"$.area_km2: {TOO_LARGE}"),
        ("application_year = 2025", f"application_year = 1_{DIGITS}", f"$.application_year: {TOO_LARGE}"),
        ("employees = 58600", f"employees = {DIGITS}", f"$.years.2022.employees: {TOO_LARGE}"),
        ("assessment_date = 2025-05-20", "assessment_date = 2025-02-29", "$.assessment_date: expected a date (YYYY-MM-DD); got 2025-02-29"),
    ],
)
def test_a_toml_profile_names_the_field(tmp_path, old, new, problem):
    assert old in STRONG
    path = tmp_path / "cluster.toml"
    path.write_text(STRONG.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(InputError) as info:
        clusterpolicy.load_profile(path)
    assert str(info.value) == f"{path}: {problem}"


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_a_json_profile_names_the_field(tmp_path, constant):
    path = tmp_path / "cluster.json"
    path.write_text(MISSING.replace('"application_year": 2025,', f'"application_year": 2025, "area_km2": {constant},', 1), encoding="utf-8")
    with pytest.raises(InputError) as info:
        clusterpolicy.load_profile(path)
    assert str(info.value) == f"{path}: $.area_km2: expected a finite decimal number; got {constant}"



@pytest.mark.parametrize("value, constant", [(float("nan"), "NaN"), (float("inf"), "Infinity"), (float("-inf"), "-Infinity")])
def test_a_dict_profile_says_it_as_a_file_does(value, constant):
    with pytest.raises(InputError) as info:
        clusterpolicy.profile_from_dict({"name": "x", "area_km2": value})
    assert info.value.problems == (f"$.area_km2: expected a finite decimal number; got {constant}",)
    assert info.value.text("zh") == f"<dict>: $.area_km2: 应为有限的数字;实际为 {constant}"

def test_strings_and_comments_keep_their_digits_and_dates():
    text = f'name = "{DIGITS} 2024-02-30"\n# {DIGITS} 2024-13-01\nfirst = 2024-03-01\nsecond = [2024-02-30]\nn = {DIGITS}\n'
    data = parse_document(text, "f.toml", as_json=False)
    assert data["name"] == f"{DIGITS} 2024-02-30"
    assert str(data["first"]) == "2024-03-01"
    assert [type(v) for v in data["second"]] == [Unreadable] and repr(data["second"][0]) == "2024-02-30"
    assert data["n"] == Decimal(DIGITS)  # an exact Decimal, which the converter refuses as too large


def test_what_the_parser_refuses_for_another_reason_is_reported_as_before():
    for text, problem in [("d = 2024-02-30T10:00:00", "invalid TOML: Invalid date or datetime (at line 1, column 5)"),
                          (f"n = {DIGITS}\nx = [", "invalid TOML: an integer of more than 4300 digits")]:  # fmt: skip
        with pytest.raises(InputError) as info:
            parse_document(text, "f.toml", as_json=False)
        assert info.value.problems == (problem,)


def test_the_command_line_says_it_for_standard_input_with_exit_2():
    for stdin, problem in [
        (MISSING.replace('"application_year": 2025,', '"application_year": 2025, "area_km2": NaN,', 1), "$.area_km2: expected a finite decimal number; got NaN"),
        (STRONG.replace("application_year = 2025", f"application_year = {DIGITS}", 1), f"$.application_year: {TOO_LARGE}"),
    ]:
        done = subprocess.run([sys.executable, "-m", "clusterpolicy", "evaluate", "-", "-r", "national"], input=stdin, capture_output=True,
                              text=True, timeout=60)  # fmt: skip
        assert (done.returncode, done.stdout, done.stderr) == (2, "", f"clusterpolicy: error: <stdin>: {problem}\n")

