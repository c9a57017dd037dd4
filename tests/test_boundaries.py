"""Every encoded national and Hainan criterion pinned at its boundary (RULES.md; 民法典 第1259条:
以上/不少于/不低于/不超过 include the number, 高于/低于 exclude it)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from clusterpolicy import Overall, Status

from builders import AS_OF, DELETE, make_profile

P, F, U = Status.PASS, Status.FAIL, Status.UNKNOWN

# (regime, rule, changes to the base profile, expected status)
CASES = [
    # 一 output: 近三年产值均在40亿元以上 (national) / 20亿元以上 (Hainan) — each year, inclusive
    ("national", "core.output", {"years.2023.total_output": 40}, P),
    ("national", "core.output", {"years.2023.total_output": "39.99"}, F),
    ("national", "core.output", {"years.2022.total_output": DELETE}, U),
    ("hainan", "core.output", {"years.2022.total_output": 20}, P),
    ("hainan", "core.output", {"years.2022.total_output": "19.99"}, F),
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
    p = make_profile(**{"years.2022.total_output": "39.5", "years.2023.total_output": 38})
    f = regimes["national"].evaluate(p, AS_OF).finding("core.output")
    assert f.status is Status.FAIL
    assert f.shortfall == Decimal(2)
    assert f.reason_en == "each of 2022–2024 must be ≥ 40亿元; not met in 2022: 39.5亿元, 2023: 38亿元"
    assert [(m.label, m.value) for m in f.measured] == [("2022", Decimal("39.5")), ("2023", Decimal(38)), ("2024", Decimal(130))]


def test_a_failing_year_decides_even_when_another_year_is_missing(regimes):
    p = make_profile(**{"years.2022.total_output": DELETE, "years.2023.total_output": 39})
    assert regimes["national"].evaluate(p, AS_OF).finding("core.output").status is Status.FAIL


def test_growth_shows_the_compound_rate(regimes):
    f = regimes["national"].evaluate(make_profile(), AS_OF).finding("core.growth")
    assert f.measured[-1].label == "rate"
    assert f.measured[-1].value == Decimal("14.02")  # (130/100) ** 0.5 - 1


def test_missing_input_is_named_never_defaulted(regimes):
    a = regimes["national"].evaluate(make_profile(**{"years.2024.sme_output": DELETE}), AS_OF)
    f = a.finding("core.sme_share")
    assert (f.status, f.missing) == (Status.UNKNOWN, ("years.2024.sme_output",))
    assert a.status is Overall.INCOMPLETE
    assert a.missing == ("years.2024.sme_output",)


def test_window_is_the_three_years_ending_with_the_latest_year_given(regimes):
    p = make_profile(**{"years.2025": {"total_output": 150}})
    f = regimes["national"].evaluate(p, AS_OF).finding("core.output")
    assert [m.label for m in f.measured] == ["2023", "2024", "2025"]
    assert regimes["national"].evaluate(p, AS_OF).finding("core.sme_share").missing == ("years.2025.sme_output",)


def test_stale_figures_are_flagged(regimes):
    a = regimes["hainan"].evaluate(make_profile(), date(2027, 3, 1))
    assert [n.code for n in a.warnings] == ["stale_data"]
    assert a.warnings[0].en == "The latest figures are for 2024; as of 2027-03-01 the last three years would end in 2026."
