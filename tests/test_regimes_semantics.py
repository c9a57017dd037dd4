"""Negative list, waiver, prerequisite and overall outcomes, as the texts state them."""

from __future__ import annotations

from datetime import date

import pytest

from clusterpolicy import Overall, Status

from builders import AS_OF, DELETE, make_profile

# AS_OF is 2025-05-20: 近三年 are the completed years 2022–2024 (RULES.md), as for the figures.
FIRST_DAY, LAST_DAY = "2022-01-01", "2024-12-31"


def incident(day: str, kind: str, grade: str | None = None) -> dict:
    return {"date": day, "kind": kind, **({"grade": grade} if grade else {})}


@pytest.mark.parametrize(
    ("incidents", "expected"),
    [
        ([incident(FIRST_DAY, "safety_accident", "larger")], Status.FAIL),  # 较大及以上, first day in window
        ([incident("2022-05-19", "safety_accident", "larger")], Status.FAIL),  # in 2022: a completed year of the three
        ([incident(LAST_DAY, "safety_accident", "larger")], Status.FAIL),  # last day in window
        ([incident("2021-12-31", "safety_accident", "larger")], Status.PASS),  # one day before the window
        ([incident("2024-01-01", "environmental_accident", "general")], Status.PASS),  # 一般: just below the bar
        ([incident("2024-01-01", "quality_accident", "especially_major")], Status.FAIL),
        ([incident("2024-01-01", "cyber_security_incident", "larger")], Status.PASS),  # network: bar is 重大
        ([incident("2024-01-01", "data_security_incident", "major")], Status.FAIL),
        ([incident("2024-01-01", "tax_evasion")], Status.FAIL),  # ungraded kinds: any occurrence
        ([incident("2024-01-01", "serious_dishonesty")], Status.FAIL),
        ([incident("2024-01-01", "safety_accident")], Status.UNKNOWN),  # grade needed, not given
        ([incident("2025-05-21", "safety_accident", "major")], Status.PASS),  # after the assessment date
        ([incident("2025-02-01", "safety_accident", "major")], Status.PASS),  # in the running year: listed, not deciding
        ([], Status.PASS),  # an explicit empty list: no incidents
        (DELETE, Status.UNKNOWN),  # no list at all: unknown, never assumed clean
    ],
)
@pytest.mark.parametrize("regime", ["national", "hainan"])
def test_negative_list_window_kinds_and_grades(regimes, regime, incidents, expected):
    finding = regimes[regime].evaluate(make_profile(incidents=incidents), AS_OF).finding("negative_list")
    assert finding.status is expected, finding.reason_en


def test_negative_list_failure_names_the_incident(regimes):
    p = make_profile(incidents=[incident("2023-03-01", "safety_accident", "major")])
    f = regimes["national"].evaluate(p, AS_OF).finding("negative_list")
    assert f.reason_en == "disqualifying incident(s) within 2022-01-01–2024-12-31: 2023-03-01 safety_accident (major)"
    assert f.missing == ()


def test_an_incident_in_the_running_year_is_listed_for_the_authority_not_judged(regimes):
    """2025 has not ended on 2025-05-20, so it is not one of 近三年; an incident in it is said, with
    the reading, and the verdict does not rest on it."""
    p = make_profile(incidents=[incident("2025-02-01", "environmental_accident", "larger"), incident("2025-03-01", "tax_evasion")])
    a = regimes["national"].evaluate(p, AS_OF)
    f = a.finding("negative_list")
    assert f.status is Status.PASS
    assert f.reason_en == (
        "no disqualifying incident within 2022-01-01–2024-12-31 (2 record(s) checked); in 2025, a year not yet ended "
        "(not one of the last three completed years), there is also: 2025-02-01 environmental_accident (larger); "
        "2025-03-01 tax_evasion — for the authority"
    )
    assert f.interpretation is not None and "近三年" in f.interpretation.note_en
    note = next(n for n in a.warnings if n.code == "incident_in_running_year")
    assert note.en.startswith("negative_list: in 2025, a year not yet ended")
    assert note.zh == (
        "negative_list:评估年度 2025 年内(尚未结束,不属于“近三年”已结束的年度)另有事项:2025-02-01 环境污染事故(较大); "
        "2025-03-01 偷税漏税,由主管部门把握"
    )
    below_bar = regimes["national"].evaluate(make_profile(incidents=[incident("2025-02-01", "safety_accident", "general")]), AS_OF)
    assert [n.code for n in below_bar.warnings if n.code == "incident_in_running_year"] == []


def test_an_incident_after_the_assessment_date_is_said_to_be_outside_the_window(regimes):
    p = make_profile(incidents=[incident("2026-03-01", "tax_evasion")])
    a = regimes["national"].evaluate(p, AS_OF)
    f = a.finding("negative_list")
    assert f.status is Status.PASS
    assert f.reason_en == (
        "no disqualifying incident within 2022-01-01–2024-12-31 (1 record(s) checked); dated after the assessment date 2025-05-20, "
        "outside the last three completed years, not counted: 2026-03-01 tax_evasion"
    )
    assert [n.zh for n in a.warnings if n.code == "incident_after_assessment"] == [
        "negative_list:评估日 2025-05-20 之后的事项不在“近三年”之内,未计入:2026-03-01 偷税漏税"
    ]


def test_missing_grade_is_reported_by_path(regimes):
    p = make_profile(incidents=[incident("2024-01-01", "safety_accident")])
    assert regimes["hainan"].evaluate(p, AS_OF).finding("negative_list").missing == ("incidents[0].grade",)


# --- Hainan's COVID waiver (认定标准 一: 新冠疫情等特殊情况影响,该指标不要求) -------------------------

SLOW = {"years.2024.total_output": 105}  # 100 → 105 over two years: 2.47 % a year


def test_waiver_applies_in_hainan_when_special_circumstances_are_claimed(regimes):
    f = regimes["hainan"].evaluate(make_profile(**SLOW, special_circumstances=True), AS_OF).finding("core.growth")
    assert f.status is Status.WAIVED
    assert f.reason_en == (
        "waived on the profile's claim (special_circumstances = true): not required where COVID-19 or similar special "
        "circumstances apply; whether the special circumstance applies is the authority's call; average annual growth = "
        "(2024 / 2022)^(1/2) − 1 = 2.47% (2022–2024, 2 steps); required > 5%: not met"
    )
    assert f.reason_zh.startswith("新冠疫情等特殊情况影响,该指标不要求(档案声明 special_circumstances = true);是否属于该特殊情况由主管部门认定;")


def test_waiver_not_claimed_means_fail(regimes):
    f = regimes["hainan"].evaluate(make_profile(**SLOW, special_circumstances=False), AS_OF).finding("core.growth")
    assert f.status is Status.FAIL


def test_waiver_claim_missing_leaves_a_failing_growth_unknown(regimes):
    f = regimes["hainan"].evaluate(make_profile(**SLOW, special_circumstances=DELETE), AS_OF).finding("core.growth")
    assert (f.status, f.missing) == (Status.UNKNOWN, ("special_circumstances",))


def test_waiver_claim_is_irrelevant_when_growth_passes(regimes):
    f = regimes["hainan"].evaluate(make_profile(special_circumstances=DELETE), AS_OF).finding("core.growth")
    assert f.status is Status.PASS


def test_national_has_no_waiver(regimes):
    f = regimes["national"].evaluate(make_profile(**SLOW, special_circumstances=True), AS_OF).finding("core.growth")
    assert f.status is Status.FAIL


def test_waived_growth_keeps_hainan_eligible_and_the_verdict_says_it_is_the_authoritys_call(regimes):
    a = regimes["hainan"].evaluate(make_profile(**SLOW, special_circumstances=True), AS_OF)
    assert a.status is Overall.ELIGIBLE
    assert a.waived == ("core.growth",)
    assert [n.code for n in a.warnings] == ["waived", "rests_on_waiver"]
    assert a.warnings[1].en == (
        "The verdict 'eligible' rests on a waiver the profile claims (core.growth): whether it applies is the authority's call."
    )
    assert a.warnings[1].zh == "“符合”的结论以档案声明的豁免为前提(core.growth):是否适用由主管部门认定。"


def test_the_printed_verdict_says_a_waiver_is_the_authoritys_call(regimes):
    from clusterpolicy.criteria.render import assessment_text

    a = regimes["hainan"].evaluate(make_profile(**SLOW, special_circumstances=True), AS_OF)
    assert "Result: ELIGIBLE (rests on a claimed waiver: core.growth; whether it applies is the authority's call)" in assessment_text(a, "en")
    assert "结论: 符合(以豁免为前提:core.growth;是否适用由主管部门认定)" in assessment_text(a, "zh")
    plain = regimes["hainan"].evaluate(make_profile(), AS_OF)
    assert plain.waived == () and "Result: ELIGIBLE\n" in assessment_text(plain, "en") + "\n"


# --- national prerequisite (art. 12: 已认定为省级集群,首批申请除外) ---------------------------------


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"provincial_cluster": True}, Status.PASS),
        ({"provincial_cluster": False, "application_year": 2025}, Status.FAIL),
        ({"provincial_cluster": False, "application_year": 2022}, Status.NOT_APPLICABLE),  # first batch
        ({"provincial_cluster": DELETE, "application_year": 2022}, Status.NOT_APPLICABLE),
        ({"provincial_cluster": False, "application_year": DELETE}, Status.UNKNOWN),
        ({"provincial_cluster": DELETE, "application_year": 2025}, Status.UNKNOWN),
    ],
)
def test_national_prerequisite(regimes, changes, expected):
    assert regimes["national"].evaluate(make_profile(**changes), AS_OF).finding("prerequisite.provincial").status is expected


def test_hainan_does_not_inherit_the_national_only_prerequisite_and_says_so(regimes):
    hainan = regimes["hainan"]
    assert "prerequisite.provincial" not in {r.id for r in hainan.criteria}
    assert not hainan.removed  # nothing to remove: national marks it inherited = false
    a = hainan.evaluate(make_profile(provincial_cluster=False), AS_OF)
    assert a.status is Overall.ELIGIBLE
    assert [(x.rule, x.origin, x.citation.item) for x in a.not_inherited] == [
        ("prerequisite.provincial", "national", "第十二条"),
        ("relaxation.western", "national", "一(二)"),
    ]


# --- overall outcomes ---------------------------------------------------------------------------


def test_hainan_overall_eligible_when_every_rule_passes(regimes):
    a = regimes["hainan"].evaluate(make_profile(), AS_OF)
    assert (a.status, a.missing, a.warnings) == (Overall.ELIGIBLE, (), ())
    assert {f.status for f in a.findings} == {Status.PASS, Status.NOT_APPLICABLE}


def test_national_is_incomplete_because_indicators_three_to_eight_are_not_encoded(regimes):
    a = regimes["national"].evaluate(make_profile(), AS_OF)
    assert a.status is Overall.INCOMPLETE
    assert a.missing == ()
    not_encoded = [f.rule for f in a.findings if f.status is Status.NOT_ENCODED]
    assert not_encoded == ["supply_chain", "innovation", "digital", "green", "opening", "governance"]
    assert [n.code for n in a.warnings] == ["not_encoded"]


def test_a_hard_fail_makes_a_regime_ineligible_even_with_unknowns(regimes):
    a = regimes["national"].evaluate(make_profile(front_rank="provincial", area_km2=DELETE), AS_OF)
    assert a.status is Overall.INELIGIBLE
    assert a.missing == ("area_km2",)


def test_a_soft_fail_warns_but_does_not_disqualify(regimes):
    a = regimes["hainan"].evaluate(make_profile(area_km2=120), AS_OF)
    assert a.status is Overall.ELIGIBLE
    assert [n.code for n in a.warnings] == ["soft_fail"]
    assert a.finding("core.area").shortfall == 20


def test_western_relaxation_is_noted_never_deciding(regimes):
    """西部地区可适当放宽 permits a relaxation of no stated amount: a western cluster is judged against the
    standard as written, the finding is noted, and a cluster that meets the standard is eligible."""
    national = regimes["national"]
    west = national.evaluate(make_profile(region="west"), AS_OF)
    f = west.finding("relaxation.western")
    assert f.status is Status.NOTED
    assert f.citation.document == "工信厅企业函〔2025〕77号" and f.provenance.value == "text"
    assert f.reason_en.startswith("The call lets the standard be relaxed for western regions but states neither by how much")
    east = national.evaluate(make_profile(region="east"), AS_OF)
    assert east.finding("relaxation.western").status is Status.NOT_APPLICABLE
    assert west.status is east.status  # the provision never decides
    assert [n.code for n in west.warnings if n.code == "provision"] == ["provision"]
    unknown_region = national.evaluate(make_profile(region=DELETE), AS_OF).finding("relaxation.western")
    assert unknown_region.status is Status.NOTED and unknown_region.reason_en.startswith("applies only when region = west (region not given): ")


def test_a_western_cluster_that_meets_the_standard_is_eligible(regimes):
    """The bundled strong example (eligible on its declarations) moved west stays eligible."""
    import tomllib
    from pathlib import Path

    import clusterpolicy

    data = tomllib.loads((Path(__file__).parent.parent / "examples" / "strong-national.toml").read_text(encoding="utf-8"))
    assert data["region"] == "east"
    west = clusterpolicy.profile_from_dict({**data, "region": "west"})
    a = regimes["national"].evaluate(west)
    assert a.status is Overall.ELIGIBLE and a.finding("relaxation.western").status is Status.NOTED


def test_anhui_encodes_indicator_one_and_borrows_nothing_else(regimes):
    anhui = regimes["anhui"]
    assert all(r.origin == "anhui" for r in anhui.criteria)  # inherit = false: nothing national
    a = anhui.evaluate(make_profile(), AS_OF)
    assert a.status is Overall.INCOMPLETE
    assert [(f.rule, f.status.value, f.provenance.value) for f in a.findings] == [
        ("scope.county", "pass", "secondary"),
        ("negative_list", "not_encoded", "unknown"),
        ("core.pillar_industry", "pass", "secondary"),
        ("core.industrial_policy", "pass", "secondary"),
        ("core.provincial_policy", "pass", "secondary"),
        ("core.front_rank", "pass", "secondary"),
        ("core.brand", "pass", "secondary"),
        ("core.area", "pass", "secondary"),
        ("core.output", "pass", "secondary"),
        ("core.sme_share", "pass", "secondary"),
        ("core.leading_share", "pass", "secondary"),
        ("core.growth", "pass", "secondary"),
        ("tiered.firms", "not_encoded", "unknown"),
        ("supply_chain", "not_encoded", "unknown"),
        ("innovation", "not_encoded", "unknown"),
        ("digital", "not_encoded", "unknown"),
        ("green", "not_encoded", "unknown"),
        ("opening", "not_encoded", "unknown"),
        ("governance", "not_encoded", "unknown"),
    ]
    requirements = {f.rule: (f.op.value, f.threshold) for f in a.findings if f.op is not None and f.kind != "rank"}
    assert requirements == {
        "core.area": ("le", 100), "core.output": ("ge", 30), "core.sme_share": ("ge", 70),
        "core.leading_share": ("gt", 70), "core.growth": ("gt", 8),
    }  # fmt: skip
    assert a.finding("core.front_rank").threshold == "provincial"
    assert not any(r.rule.waiver for r in anhui.criteria)  # no COVID clause in Anhui's 一


def test_assessment_date_defaults_to_the_profile_then_today(regimes):
    a = regimes["hainan"].evaluate(make_profile())
    assert a.as_of == date(2025, 5, 20)
    b = regimes["hainan"].evaluate(make_profile(assessment_date=DELETE))
    assert b.as_of == date.today()
    assert b.warnings[0].code == "as_of_default"


def test_every_rule_has_a_citation_and_a_provenance(regimes):
    for regime in regimes.values():
        for r in regime.criteria:
            assert r.rule.citation.document and (r.rule.citation.item or r.rule.citation.item_unknown), r.id
            if r.rule.provenance.value == "text":
                assert r.rule.citation.quote or r.rule.check.KIND == "not_encoded", r.id


def test_hooks_are_called_once_when_building_and_never_when_evaluating():
    from clusterpolicy import hookimpl, load_regimes

    calls = []

    class Counter:
        @hookimpl
        def clusterpolicy_jurisdictions(self):
            calls.append("jurisdictions")
            return []

        @hookimpl
        def clusterpolicy_criteria(self):
            calls.append("criteria")
            return []

    regimes = load_regimes(extra=[("counter", Counter())])
    assert calls == ["jurisdictions", "criteria"]
    for regime in regimes.values():
        for _ in range(3):
            regime.evaluate(make_profile(), AS_OF)
    assert calls == ["jurisdictions", "criteria"]


# --- Hainan art. 16: in force from the day of issue, which is not known -----------------------------


@pytest.mark.parametrize(("as_of", "noted"), [(date(2023, 5, 22), True), (date(2023, 5, 23), False), (date(2023, 6, 15), False)])
def test_hainan_measures_in_force_on_issue_whose_date_is_unknown(regimes, as_of, noted):
    source = regimes["hainan"].jurisdiction.sources[0]
    assert (source.issued, source.copy_dated, source.in_force.from_issue) == (None, date(2023, 5, 23), True)
    assert source.in_force.citation.item == "第十六条" and source.in_force_from() is None
    a = regimes["hainan"].evaluate(make_profile(), as_of)
    notes = [n for n in a.warnings if n.code == "in_force_unknown"]
    assert bool(notes) is noted
    if noted:
        assert notes[0].en == (
            "琼工信规〔2023〕4号 is in force from its date of issue (琼工信规〔2023〕4号 第十六条), which is not known (the copy at "
            "hand is dated 2023-05-23): whether it was in force on 2023-05-22 cannot be said."
        )
    assert not [n for n in regimes["national"].evaluate(make_profile(), as_of).warnings if n.code == "in_force_unknown"]


def test_chinese_reasons_say_the_rank_levels_and_the_attestation_in_chinese(regimes):
    a = regimes["national"].evaluate(make_profile(front_rank="provincial"), AS_OF)
    assert a.finding("core.front_rank").reason_zh.startswith("细分领域前列:全省前列,要求至少全国前列:不满足;")
    assert a.finding("core.front_rank").reason_en.startswith("ranks at the front of its sub-sector at level provincial; required at least national: not met; ")
    assert a.finding("core.brand").reason_zh == "申报方确认满足"  # an attestation, not a declaration (declared_met)


def test_a_verdict_decided_by_a_fail_the_tool_judged_does_not_say_it_rests_on_declarations(regimes):
    """The strong example with too little output: ineligible on core.output, whatever its six declarations say."""
    import tomllib
    from pathlib import Path

    import clusterpolicy
    from clusterpolicy.criteria.render import assessment_text, rests_on

    data = tomllib.loads((Path(__file__).parent.parent / "examples" / "strong-national.toml").read_text(encoding="utf-8"))
    data["years"]["2024"] |= {"total_output": 10, "sme_output": 8, "leading_output": "8.5"}  # the parts lowered with it: shares that pass
    a = regimes["national"].evaluate(clusterpolicy.profile_from_dict(data))
    assert a.status is Overall.INELIGIBLE and len(a.declared) == 6
    assert rests_on(a) == ((), ())
    assert "Result: INELIGIBLE\n" in assessment_text(a, "en") + "\n"
