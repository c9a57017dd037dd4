"""Every encoded national, Hainan and Anhui criterion pinned at its boundary (RULES.md: 以上 includes
the number, 民法典 第1259条; 不少于/不低于/不超过 include it and 高于/低于 exclude it by plain meaning)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

import clusterpolicy
from clusterpolicy import Overall, Status

from builders import AS_OF, DELETE, make_profile, output

P, F, U = Status.PASS, Status.FAIL, Status.UNKNOWN

# (regime, rule, changes to the base profile, expected status)
CASES = [
    # 一 output: 近三年产值均在40亿元以上 (national) / 20亿元以上 (Hainan) — each year, inclusive (the year's
    # SME and leading output lowered with it: a part never exceeds its total)
    ("national", "core.output", output(2023, 40), P),
    ("national", "core.output", output(2023, "39.99"), F),
    ("national", "core.output", {"years.2022.total_output": DELETE}, U),
    ("hainan", "core.output", output(2022, 20), P),
    ("hainan", "core.output", output(2022, "19.99"), F),
    # 中小企业产值占比 70%以上 / 60%以上 — latest year, inclusive
    ("national", "core.sme_share", {"years.2024.sme_output": 91}, P),  # 91/130 = 70%
    ("national", "core.sme_share", {"years.2024.sme_output": "90.99"}, F),
    ("hainan", "core.sme_share", {"years.2024.sme_output": 78}, P),  # 78/130 = 60%
    ("hainan", "core.sme_share", {"years.2024.sme_output": "77.99"}, F),
    # 主导产业占比 高于70% / 高于60% — exclusive
    ("national", "core.leading_share", {"years.2024.leading_output": 91}, F),
    ("national", "core.leading_share", {"years.2024.leading_output": "91.01"}, P),
    ("hainan", "core.leading_share", {"years.2024.leading_output": 78}, F),
    ("hainan", "core.leading_share", {"years.2024.leading_output": "78.01"}, P),
    ("national", "core.leading_share", {"years.2024.total_output": 0, "years.2024.leading_output": 0,
                                        "years.2024.sme_output": 0}, U),  # ratio undefined
    # 产值年均增速 高于10% / 高于5% — compound over 2022→2024, exclusive
    ("national", "core.growth", {"years.2024.total_output": 121}, F),  # exactly 10%
    ("national", "core.growth", {"years.2024.total_output": "121.01"}, P),
    ("hainan", "core.growth", {"years.2024.total_output": "110.25"}, F),  # exactly 5%
    ("hainan", "core.growth", {"years.2024.total_output": "110.26"}, P),
    ("national", "core.growth", {"years.2022.total_output": DELETE}, U),
    # 占地面积一般不超过100平方公里 — soft, inclusive
    ("national", "core.area", {"area_km2": 100}, P),
    ("national", "core.area", {"area_km2": "100.01"}, Status.SOFT_FAIL),
    ("hainan", "core.area", {"area_km2": 250}, Status.SOFT_FAIL),
    ("hainan", "core.area", {"area_km2": DELETE}, U),
    # 细分领域 全国前列 / 全省前列
    ("national", "core.front_rank", {"front_rank": "provincial"}, F),
    ("hainan", "core.front_rank", {"front_rank": "provincial"}, P),
    ("hainan", "core.front_rank", {"front_rank": "none"}, F),
    # 二 any-of: ≥1 champion/little giant, or ≥10 (national) / ≥5 (Hainan) listed SMEs — inclusive
    ("national", "tiered.firms", {"firms.single_champions": 0, "firms.little_giants": 1}, P),
    ("national", "tiered.firms", {"firms.single_champions": 0, "firms.little_giants": 0}, P),  # 10+5+5
    ("national", "tiered.firms", {"firms.single_champions": 0, "firms.little_giants": 0,
                                  "firms.specialised_smes": 4, "firms.innovative_smes": 3, "firms.high_tech": 3}, P),
    ("national", "tiered.firms", {"firms.single_champions": 0, "firms.little_giants": 0,
                                  "firms.specialised_smes": 4, "firms.innovative_smes": 3, "firms.high_tech": 2}, F),
    ("hainan", "tiered.firms", {"firms.single_champions": 0, "firms.little_giants": 0,
                                "firms.specialised_smes": 5, "firms.innovative_smes": 0, "firms.high_tech": 0}, P),
    ("hainan", "tiered.firms", {"firms.single_champions": 0, "firms.little_giants": 0,
                                "firms.specialised_smes": 4, "firms.innovative_smes": 0, "firms.high_tech": 0}, F),
    # a passing alternative decides even when the other alternative's inputs are missing
    ("national", "tiered.firms", {"firms.specialised_smes": DELETE}, P),
    ("national", "tiered.firms", {"firms.single_champions": 0, "firms.little_giants": 0,
                                  "firms.specialised_smes": DELETE}, U),
    # 四 (Hainan): R&D growth 高于5%, patents growth 不低于10%, patents per 10,000 people 不低于6
    ("hainan", "innovation.rd_growth", {"years.2024.sme_rd_spending": "11.025"}, F),  # exactly 5%
    ("hainan", "innovation.rd_growth", {"years.2024.sme_rd_spending": "11.026"}, P),
    ("hainan", "innovation.patent_growth", {"years.2024.valid_invention_patents": 121}, P),  # exactly 10%
    ("hainan", "innovation.patent_growth", {"years.2024.valid_invention_patents": 120}, F),
    ("hainan", "innovation.patent_density", {"years.2024.valid_invention_patents": 6}, P),  # 6 per 10,000
    ("hainan", "innovation.patent_density", {"years.2024.valid_invention_patents": 5}, F),
    ("hainan", "innovation.patent_density", {"years.2024.employees": DELETE}, U),
    # 六 (Hainan): conditional on high-energy / high-water industries
    ("hainan", "green.energy_efficiency", {"high_energy": True}, U),  # attestation missing
    ("hainan", "green.energy_efficiency", {"high_energy": True, "attestations.energy_efficiency_above_benchmark": False}, F),
    ("hainan", "green.energy_efficiency", {"high_energy": True, "attestations.energy_efficiency_above_benchmark": True}, P),
    ("hainan", "green.energy_efficiency", {"high_energy": False}, Status.NOT_APPLICABLE),
    ("hainan", "green.water_efficiency", {"high_water": DELETE}, U),
    ("hainan", "green.water_efficiency", {"high_water": DELETE, "attestations.water_efficiency_above_benchmark": True}, P),
    # qualitative attestations
    ("hainan", "governance.three_year_plan", {"attestations.three_year_plan": False}, F),
    ("hainan", "governance.three_year_plan", {"attestations.three_year_plan": DELETE}, U),
    ("national", "core.brand", {"attestations.well_known_brand": False}, F),
    # scope and applicant (national art. 12, Hainan art. 10)
    ("national", "scope.applicant", {"applicant": "industry_association"}, F),
    ("hainan", "scope.county", {"within_one_county": False}, F),
    # Anhui standard 一 (secondary): 30亿元以上 each year, 70%以上, 高于70%, 高于8%, 一般不超过100, 安徽省前列
    ("anhui", "core.output", output(2023, 30), P),
    ("anhui", "core.output", output(2023, "29.99"), F),
    ("anhui", "core.sme_share", {"years.2024.sme_output": 91}, P),  # 91/130 = 70%
    ("anhui", "core.sme_share", {"years.2024.sme_output": "90.99"}, F),
    ("anhui", "core.leading_share", {"years.2024.leading_output": 91}, F),
    ("anhui", "core.leading_share", {"years.2024.leading_output": "91.01"}, P),
    ("anhui", "core.growth", {"years.2024.total_output": "116.64"}, F),  # exactly 8%
    ("anhui", "core.growth", {"years.2024.total_output": "116.65"}, P),
    ("anhui", "core.growth", {"years.2024.total_output": "116.64", "special_circumstances": True}, F),  # no COVID clause
    ("anhui", "core.area", {"area_km2": "100.01"}, Status.SOFT_FAIL),
    ("anhui", "core.front_rank", {"front_rank": "provincial"}, P),
    ("anhui", "core.front_rank", {"front_rank": "none"}, F),
    ("anhui", "core.provincial_policy", {"attestations.fits_provincial_industrial_policy": False}, F),
    ("anhui", "scope.county", {"within_one_county": False}, F),
    ("anhui", "tiered.firms", {}, Status.NOT_ENCODED),  # 二 breaks off in the only source: nothing borrowed
    ("anhui", "negative_list", {}, Status.NOT_ENCODED),
]


@pytest.mark.parametrize(("regime", "rule", "changes", "expected"), CASES, ids=[f"{c[0]}:{c[1]}:{i}" for i, c in enumerate(CASES)])
def test_rule_boundary(regimes, regime, rule, changes, expected):
    finding = regimes[regime].evaluate(make_profile(**changes), AS_OF).finding(rule)
    assert finding.status is expected, finding.reason_en


def test_exclusive_boundary_reports_zero_shortfall_and_both_numbers(regimes):
    f = regimes["national"].evaluate(make_profile(**{"years.2024.leading_output": 91}), AS_OF).finding("core.leading_share")
    assert (f.status, f.op.value, f.threshold, f.shortfall) == (Status.FAIL, "gt", Decimal(70), Decimal(0))
    assert f.reason_en == "2024: leading_output/total_output = 70%; required > 70%: not met"
    assert f.reason_zh == "2024 年 leading_output/total_output = 70%,要求高于70%:不满足"


def test_each_year_failure_names_the_year_and_the_worst_shortfall(regimes):
    p = make_profile(**output(2022, "39.5"), **output(2023, 38))
    f = regimes["national"].evaluate(p, AS_OF).finding("core.output")
    assert f.status is Status.FAIL
    assert f.shortfall == Decimal(2)
    assert f.reason_en == "each of 2022–2024 must be ≥ 40亿元; not met in 2022: 39.5亿元, 2023: 38亿元"
    assert [(m.label, m.value) for m in f.measured] == [("2022", Decimal("39.5")), ("2023", Decimal(38)), ("2024", Decimal(130))]


def test_a_failing_year_decides_even_when_another_year_is_missing(regimes):
    p = make_profile(**{"years.2022.total_output": DELETE}, **output(2023, 39))
    assert regimes["national"].evaluate(p, AS_OF).finding("core.output").status is Status.FAIL


def test_growth_shows_the_compound_rate(regimes):
    f = regimes["national"].evaluate(make_profile(), AS_OF).finding("core.growth")
    assert f.measured[-1].label == "rate"
    assert f.measured[-1].value == Decimal("14.02")  # (130/100) ** 0.5 - 1


def test_every_growth_finding_states_the_formula_and_the_years(regimes):
    for regime, rule in (("national", "core.growth"), ("hainan", "innovation.rd_growth"), ("anhui", "core.growth")):
        f = regimes[regime].evaluate(make_profile(), AS_OF).finding(rule)
        assert "= (2024 / 2022)^(1/2) − 1 = " in f.reason_en and "(2022–2024, 2 steps)" in f.reason_en, f.reason_en
        assert "= (2024年值 ÷ 2022年值)^(1/2) − 1 = " in f.reason_zh and "(2022–2024,2 个增长期)" in f.reason_zh, f.reason_zh
    f = regimes["national"].evaluate(make_profile(), AS_OF).finding("core.growth")
    assert f.reason_en == "average annual growth = (2024 / 2022)^(1/2) − 1 = 14.02% (2022–2024, 2 steps); required > 10%: met"


def test_the_base_year_reading_is_reported_when_it_decides_differently(regimes):
    # 2021 → 2024 over three steps: (130/100)^(1/3) − 1 = 9.14% — not > 10%; the two-step reading
    # (105 → 130, 2022 → 2024: 11.27%) passes.
    p = make_profile(**{"years.2021": {"total_output": 100}, "years.2022.total_output": 105})
    a = regimes["national"].evaluate(p, AS_OF)
    f = a.finding("core.growth")
    assert f.status is Status.PASS  # the documented reading decides
    assert [m.label for m in f.measured] == ["2021", "2022", "2023", "2024", "rate", "rate_base_year"]
    assert f.measured[-1].value == Decimal("9.14")
    assert f.reason_en.endswith(
        "; the other reading, (2024 / 2021)^(1/3) − 1 = 9.14% (3 steps), would be not met: the two readings decide differently — for the authority"
    )
    assert "两种读法结论不同,由主管部门把握" in f.reason_zh
    (note,) = [n for n in a.warnings if n.code == "growth_readings_differ"]
    assert note.en.startswith("core.growth: the other reading, (2024 / 2021)^(1/3)")


def test_the_base_year_reading_says_nothing_when_it_agrees(regimes):
    p = make_profile(**{"years.2021": {"total_output": 80}})  # 80 → 130 over three steps: 17.6%
    a = regimes["national"].evaluate(p, AS_OF)
    f = a.finding("core.growth")
    assert (f.status, f.measured[-1].label, f.measured[-1].value) == (Status.PASS, "rate_base_year", Decimal("17.57"))
    assert "other reading" not in f.reason_en
    assert "growth_readings_differ" not in [n.code for n in a.warnings]


def test_the_growth_formula_is_one_replaceable_function(monkeypatch):
    """Both engines and the text read criteria.growth.growth_readings: replacing it changes them all."""
    from batch_support import fresh_regimes
    from clusterpolicy.batch.screen import evaluate_many
    from clusterpolicy.criteria import growth

    used, other = growth.growth_readings(3)
    assert (used.name, used.first_offset, used.steps) == ("window", 2, 2)
    assert (other.name, other.first_offset, other.steps) == ("base_year", 3, 3)
    monkeypatch.setattr(growth, "growth_readings", lambda n: (growth.GrowthReading("base_year", n, n), growth.GrowthReading("window", n - 1, n - 1)))
    national = fresh_regimes(with_testland=False)["national"]
    changes = {"years.2021": {"total_output": 100}, "years.2022.total_output": 105}
    f = national.evaluate(make_profile(**changes), AS_OF).finding("core.growth")
    assert f.status is Status.FAIL
    assert f.reason_en.startswith("average annual growth = (2024 / 2021)^(1/3) − 1 = 9.14% (2021–2024, 3 steps)")
    row = {"name": "x", **{f"years.{y}.total_output": str(v) for y, v in ((2021, 100), (2022, 105), (2023, 110), (2024, 130))}}
    for engine in ("columns", "rows"):  # the column engine follows the same function
        (result,) = evaluate_many([row], [national], as_of=AS_OF, engine=engine)
        assert result.result("national").rule("core.growth") is Status.FAIL, engine


def test_missing_input_is_named_never_defaulted(regimes):
    a = regimes["national"].evaluate(make_profile(**{"years.2024.sme_output": DELETE}), AS_OF)
    f = a.finding("core.sme_share")
    assert (f.status, f.missing) == (Status.UNKNOWN, ("years.2024.sme_output",))
    assert a.status is Overall.INCOMPLETE
    assert a.missing == ("years.2024.sme_output",)


def test_window_is_the_last_three_completed_years(regimes):
    """近三年 = the last three *completed* years before the assessment date (RULES.md)."""
    p = make_profile(**{"years.2025": {"total_output": 150}})
    a = regimes["national"].evaluate(p, date(2026, 1, 1))  # 2025 has ended: it is one of the three
    assert [m.label for m in a.finding("core.output").measured] == ["2023", "2024", "2025"]
    assert a.finding("core.sme_share").missing == ("years.2025.sme_output",)
    assert "running_year_left_out" not in [n.code for n in a.warnings]


@pytest.mark.parametrize("as_of", [date(2025, 5, 20), date(2025, 12, 31)])
def test_a_year_still_running_is_left_out_with_a_note(regimes, as_of):
    p = make_profile(**{"years.2025": {"total_output": 1, "sme_output": 1, "leading_output": 1}})
    a = regimes["national"].evaluate(p, as_of)
    assert [m.label for m in a.finding("core.output").measured] == ["2022", "2023", "2024"]
    assert a.finding("core.output").status is Status.PASS  # 2025's 1亿元 is not read
    assert a.finding("core.sme_share").measured[0].label == "2024.sme_output"
    note = next(n for n in a.warnings if n.code == "running_year_left_out")
    assert note.en == (
        f"2025 had not ended on {as_of.isoformat()}: not one of the last three (completed) years, so its figures were left out."
    )
    assert note.zh == f"2025 年在评估日期 {as_of.isoformat()} 尚未结束,不属于“近三年”(已结束的年度),其数据未使用。"


def test_the_issue_example_2023_figures_assessed_in_2023(regimes):
    """Assessed on 2023-06-15, figures for 2023 are not one of the three years (issue 11, item 4)."""
    years = {str(y): {"total_output": v, "sme_output": v, "leading_output": v} for y, v in ((2020, 40), (2021, 44), (2022, 50), (2023, 1))}
    p = clusterpolicy.profile_from_dict({"name": "x", "years": years})
    a = regimes["national"].evaluate(p, date(2023, 6, 15))
    assert [m.label for m in a.finding("core.output").measured] == ["2020", "2021", "2022"]
    assert a.finding("core.output").status is Status.PASS
    assert "(2020–2022, 2 steps)" in a.finding("core.growth").reason_en


def test_stale_figures_are_not_read_in_place_of_the_last_three_completed_years(regimes):
    """近三年 is the three completed years before the assessment date (RULES.md): figures up to 2024,
    assessed on 2027-03-01, leave 2025 and 2026 missing — the criteria are unknown, not judged on 2022–2024."""
    a = regimes["hainan"].evaluate(make_profile(), date(2027, 3, 1))
    output = a.finding("core.output")
    assert output.status is Status.UNKNOWN
    assert output.missing == ("years.2025.total_output", "years.2026.total_output")
    assert a.status is Overall.INCOMPLETE
    assert [n.code for n in a.warnings if n.code == "stale_data"] == ["stale_data"]
    note = next(n for n in a.warnings if n.code == "stale_data")
    assert note.en == (
        "The latest figures are for 2024; as of 2027-03-01 the last three (completed) years are 2024–2026, "
        "so criteria that need 2026 are unknown — earlier years are not read in its place."
    )
    assert note.zh == "最新年度数据为 2024 年;按评估日期 2027-03-01,“近三年”为 2024–2026 年(已结束的年度),需要 2026 年数据的指标为“未知”,不以更早年度代替。"
