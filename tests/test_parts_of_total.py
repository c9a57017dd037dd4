"""A part is not larger than its whole: a year's SME or leading-industry output above its total output
is an input error (the standards' shares are 中小企业产值占集群总产值…, 主导产业占集群总产值比例…), said with
the field path, both figures and the excess, in English and Chinese, wherever a profile is read."""

from __future__ import annotations

from decimal import Decimal

import pytest

import clusterpolicy
from clusterpolicy.errors import FieldValueError, InputError
from clusterpolicy.messages import said

from builders import profile_data
import inprocess

ABOVE = "must not be more than total_output ({}), the cluster's total output it is part of (both in 亿元); got {}, {} above it"
ABOVE_ZH = "不得大于 total_output({}),即它所属的集群总产值(两者均以亿元计);实际为 {},超出 {}"


def refused(data: dict) -> list[str]:
    with pytest.raises(InputError) as err:
        clusterpolicy.profile_from_dict(data, source="p.toml")
    return list(err.value.problems)


def test_a_part_typed_in_wan_yuan_beside_a_total_in_yi_yuan_is_refused():
    # 46.6635亿元 typed as 466635 (万元): a 358,950% share would pass "≥ 70%"
    assert refused(profile_data(**{"years.2024.sme_output": 466635})) == [
        "$.years.2024.sme_output: " + ABOVE.format(130, 466635, 466505)
    ]


def test_every_part_above_its_total_is_said_with_every_other_problem_of_the_file():
    data = profile_data(**{"years.2023.leading_output": "110.01", "years.2024.sme_output": 131, "years.2024.employees": -1,
                           "front_rank": "world"})  # fmt: skip
    assert refused(data) == [
        "$.front_rank: expected one of: none, provincial, national; got 'world'",
        "$.years.2023.leading_output: " + ABOVE.format(110, "110.01", "0.01"),
        "$.years.2024.employees: must not be negative, got -1",
    ]
    # a rule between a year's figures is said once the year's own figures are valid (as every rule between fields)
    data |= {"front_rank": "national"}
    data["years"]["2024"]["employees"] = 10000
    assert refused(data) == ["$.years.2023.leading_output: " + ABOVE.format(110, "110.01", "0.01"),
                             "$.years.2024.sme_output: " + ABOVE.format(130, 131, 1)]  # fmt: skip


def test_equal_is_a_whole_and_a_missing_total_or_part_leaves_nothing_to_compare():
    from builders import DELETE

    p = clusterpolicy.profile_from_dict(profile_data(**{"years.2024.sme_output": 130, "years.2024.leading_output": "130.000"}))
    assert (p.years[2024].sme_output, p.years[2024].leading_output) == (Decimal(130), Decimal("130.000"))
    p = clusterpolicy.profile_from_dict(profile_data(**{"years.2024.total_output": DELETE, "years.2024.sme_output": 466635}))
    assert p.years[2024].sme_output == Decimal(466635)
    p = clusterpolicy.profile_from_dict(profile_data(**{"years.2024.total_output": 0, "years.2024.sme_output": DELETE, "years.2024.leading_output": 0}))
    assert p.years[2024].total_output == 0


def test_the_comparison_and_the_excess_are_exact_at_the_limits():
    tiny = "0." + "0" * 39 + "1"  # 40 decimals: the most a figure may have
    big = "999999999999999." + "9" * 40
    assert refused(profile_data(**{"years.2024.total_output": big[:-1] + "8", "years.2024.sme_output": big})) == [
        "$.years.2024.sme_output: " + ABOVE.format(big[:-1] + "8", big, tiny)
    ]
    assert refused(profile_data(**{"years.2024.total_output": 0, "years.2024.sme_output": tiny, "years.2024.leading_output": 0})) == [
        "$.years.2024.sme_output: " + ABOVE.format(0, tiny, tiny)
    ]


def test_the_python_api_refuses_it_too():
    with pytest.raises(FieldValueError) as err:
        clusterpolicy.YearFigures(total_output=Decimal(40), leading_output=Decimal("40.5"))
    assert str(err.value) == "YearFigures.leading_output: " + ABOVE.format(40, "40.5", "0.5")


def test_the_command_line_says_it_in_english_and_chinese(tmp_path):
    path = tmp_path / "p.toml"
    path.write_text('name = "x"\n[years.2024]\ntotal_output = 40\nsme_output = 466635\n', encoding="utf-8")
    result = inprocess.run("compare", str(path))
    assert (result.returncode, result.stderr) == (2, f"clusterpolicy: error: {path}: $.years.2024.sme_output: {ABOVE.format(40, 466635, 466595)}\n")
    result = inprocess.run("compare", str(path), "--lang", "zh")
    assert (result.returncode, result.stderr) == (2, f"clusterpolicy: 错误:{path}: $.years.2024.sme_output: {ABOVE_ZH.format(40, 466635, 466595)}\n")


def test_over_http_as_the_other_profile_errors(regimes):
    pytest.importorskip("starlette", reason="the 'serve' extra is not installed (pip install -e '.[test]')")
    httpx = pytest.importorskip("httpx", reason="httpx is not installed (pip install -e '.[test]')")
    from httpserver import running

    from clusterpolicy.http.server import create_app

    body = '{"name": "x", "area_km2": -1, "years": {"2024": {"total_output": "40", "leading_output": "40.01"}}}'
    with running(create_app(regimes)) as url, httpx.Client(base_url=url, timeout=10) as client:
        answers = [client.post(f"/api/{op}", content=body.encode(), headers={"Content-Type": "application/json"})
                   for op in ("compare", "evaluate?regime=national", "pathway", "whatif?set=firms.high_tech%3D1")]  # fmt: skip
    problems = ["$.area_km2: must not be negative, got -1", "$.years.2024.leading_output: " + ABOVE.format(40, "40.01", "0.01")]
    for answer in answers:
        assert answer.status_code == 422
        assert answer.json()["problems"] == problems
        assert answer.json()["problems_zh"] == [said(p, "zh") for p in problems]
    assert answers[0].json()["problems_zh"][1] == "$.years.2024.leading_output: " + ABOVE_ZH.format(40, "40.01", "0.01")
    # a what-if whose change leaves a part above its total: refused as the same profile would be
    with running(create_app(regimes)) as url, httpx.Client(base_url=url, timeout=10) as client:
        answer = client.post("/api/whatif?set=years.2024.total_output%3D30", content=b'{"name": "x", "years": {"2024": {"total_output": 40, "sme_output": 35}}}',
                             headers={"Content-Type": "application/json"})  # fmt: skip
    assert answer.status_code == 422
    assert answer.json()["error"] == "<request body> with set: $.years.2024.sme_output: " + ABOVE.format(30, 35, 5)


def test_the_schema_says_what_no_keyword_can():
    from clusterpolicy.schema import schema_of

    figures = schema_of("profile")["$defs"]["YearFigures"]
    assert "neither may be more than it (equal is fine)" in figures["description"]
    assert figures["properties"]["sme_output"]["description"].endswith("part of total_output, so not more than it.")
