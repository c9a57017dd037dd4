"""Lifecycle rule families: what each regime resolves to, override by id, load-time checks, and
the rule kinds as data (round trip, tagged-union errors)."""

from __future__ import annotations

from datetime import date

import pytest

import clusterpolicy
from clusterpolicy import (
    AnnualReport,
    Batches,
    BatchValidity,
    Citation,
    InputError,
    Jurisdiction,
    Level,
    LoadError,
    NotEncoded,
    Provenance,
    Quota,
    RecommendationCall,
    ReportDay,
    RevocationGround,
    RuleChanges,
    StartRule,
    Submitter,
    TimelineRule,
    Validity,
    hookimpl,
)
from clusterpolicy.convert import default_converter, structure
from clusterpolicy.lifecycle import ExpiryWithoutReview, Review
from builders import source

CITE = Citation(document="测试文件〔2024〕1号", item="第一条")


def _ids(resolved) -> dict[str, str]:
    return {r.id: r.origin for r in resolved}


# --- the built-in regimes ------------------------------------------------------------------


def test_national_lifecycle_rules(regimes):
    national = regimes["national"]
    assert _ids(national.timelines) == {
        "validity": "national", "annual_report": "national", "review": "national", "review_round.2022": "national",
        "call.2022": "national", "call.2023": "national", "call.2024": "national", "call.2025": "national",
    }  # fmt: skip
    grounds = {g.id: (g.rule.item, g.rule.citation.item, g.rule.provenance.value) for g in national.revocation_grounds}
    assert grounds == {
        "revocation.expiry": ("(一)", "第十七条(一)", "text"),
        "revocation.false_declaration": ("(二)", "第十七条(二)", "text"),
        "revocation.reporting": ("(三)", "第十七条(三)", "text"),
        "revocation.major_change": ("(四)", "第十七条(四)", "text"),
        "revocation.incident": ("(五)", "第十七条(五)", "text"),
    }
    calls = {r.id: r.rule for r in national.timelines if r.id.startswith("call.")}
    c25 = calls["call.2025"].rule
    assert (c25.deadline, c25.quota_for(Submitter.PROVINCE), c25.quota_for(Submitter.CITY), c25.quota_for(Submitter.XPCC)) == (
        date(2025, 7, 15), 8, 2, 2
    )
    assert calls["call.2025"].provenance is Provenance.TEXT and c25.over_quota_zh == "对超过报送数量的,一律不予受理(原文未说明是整份名单还是仅超出部分不予受理)"
    assert [(m.attachment, m.evidence) for m in c25.materials] == [("附件1", True), ("附件2", False)]
    assert c25.delivery_zh == "加盖公章,各一式3份及电子版光盘1份,通过邮政特快专递(EMS)寄送"
    assert c25.disqualification.citation.item == "三(二)"
    c22 = calls["call.2022"].rule
    assert (c22.deadline, c22.quota_for(Submitter.PROVINCE), c22.quota_for(Submitter.XPCC)) == (date(2022, 10, 31), 5, 3)
    assert calls["call.2022"].provenance is Provenance.SECONDARY
    assert c22.over_quota_zh is None  # the 2022 call states no consequence
    c23 = calls["call.2023"].rule
    assert (c23.deadline, c23.quota_for(Submitter.PROVINCE), c23.quota_for(Submitter.CITY), c23.quota_for(Submitter.XPCC)) == (
        date(2023, 7, 31), 6, 2, 2
    )
    assert (calls["call.2023"].provenance, calls["call.2023"].citation.document) == (Provenance.SECONDARY, "工信厅企业函〔2023〕44号")
    assert c23.over_quota_zh == "对超过报送数量的,一律不予受理(原文未说明是整份名单还是仅超出部分不予受理)"
    c24 = calls["call.2024"].rule
    assert (c24.deadline, c24.quota_for(Submitter.PROVINCE), c24.quota_for(Submitter.CITY)) == (date(2024, 7, 31), 8, 2)
    assert c24.over_quota_zh is None  # no source at hand states it for 2024
    review_round = next(r for r in national.timelines if r.id == "review_round.2022").rule
    rnd = review_round.rule
    assert (rnd.batches.first, rnd.batches.last, rnd.expiry, rnd.call, rnd.opened, rnd.all_take_part) == (
        2022, 2022, 1, "call.2025", date(2025, 3, 3), True
    )
    assert [(st.id, st.filer_en, st.recipient_en, st.deadline) for st in rnd.steps] == [
        ("apply", "county-level SME authority", "provincial SME authority", None),  # the province's relay sets it
        ("forward", "provincial SME authority", "MIIT (SME Bureau)", date(2025, 7, 15)),
    ]
    assert rnd.closes() == (date(2025, 7, 15), rnd.steps[1])
    assert [m.attachment for m in rnd.steps[1].materials] == ["附件3", "附件4"]
    assert review_round.provenance is Provenance.TEXT and review_round.citation.item == "二(一)"


def test_negative_list_ground_reuses_the_criteria_bars(regimes):
    for jid in ("national", "hainan"):
        regime = regimes[jid]
        criterion = next(c for c in regime.criteria if c.id == "negative_list").rule.check
        ground = next(g for g in regime.revocation_grounds if g.id == "revocation.incident").rule.ground
        assert ground.bars == criterion.bars


def test_hainan_writes_its_own_procedure_and_inherits_none_of_the_national(regimes):
    hainan = regimes["hainan"]
    assert {r.id: (r.origin, r.replaces) for r in hainan.timelines} == {
        "validity": ("hainan", None),
        "annual_report": ("hainan", None),
        "review": ("hainan", None),
    }  # no Hainan review round: the province organises the review after expiry (art. 12)
    assert all((g.origin, g.replaces) == ("hainan", None) for g in hainan.revocation_grounds)
    assert [g.rule.citation.item for g in hainan.revocation_grounds] == [f"第十四条{i}" for i in ("(一)", "(二)", "(三)", "(四)", "(五)")]
    # the national calls, review round, report and art. 17 are not inherited — nothing to remove
    assert not hainan.removed
    barred = sorted(x.id for x in hainan.not_inherited if x.family == "timelines")
    assert barred == ["annual_report", "call.2022", "call.2023", "call.2024", "call.2025", "review", "review_round.2022", "validity"]
    review = next(r for r in hainan.timelines if r.id == "review").rule
    assert review.rule.extension_years == 3 and "考核集群三年发展规划目标完成情况" in review.rule.checks_zh
    assert review.rule.timing_zh == "有效期满后,由省工信厅组织开展复核工作;未规定申请期限" and review.rule.applicant_zh is None
    report = next(r for r in hainan.timelines if r.id == "annual_report").rule.rule
    assert report.covers_zh == ("发展规划执行情况", "目标进展", "工作经验", "问题与改进措施")
    assert review.citation.item == "第十二条" and review.provenance is Provenance.TEXT


def test_anhui_declares_only_what_sources_say(regimes):
    anhui = regimes["anhui"]
    assert _ids(anhui.timelines) == {"validity": "anhui", "annual_report": "anhui", "review": "anhui"}
    validity = next(r for r in anhui.timelines if r.id == "validity").rule
    assert validity.rule.term_years is None  # not stated as a rule
    (entry,) = validity.rule.batches
    assert (entry.start, entry.end, entry.provenance) == (date(2023, 1, 1), date(2025, 12, 31), Provenance.SECONDARY)
    report = next(r for r in anhui.timelines if r.id == "annual_report").rule.rule
    assert [(d.month, d.day) for d in report.days] == [(3, 30)] and report.reporter_zh is None
    assert isinstance(next(r for r in anhui.timelines if r.id == "review").rule.rule, NotEncoded)
    (ground,) = anhui.revocation_grounds
    assert isinstance(ground.rule.ground, NotEncoded) and ground.rule.provenance is Provenance.UNKNOWN


# --- load-time checks through a fresh plugin manager -----------------------------------------


class Root:
    @hookimpl
    def clusterpolicy_jurisdictions(self):
        return [Jurisdiction(id="root", name_zh="根", name_en="Root", level=Level.NATIONAL, sources=(source(CITE.document),))]

    @hookimpl
    def clusterpolicy_timelines(self):
        # the validity rule says its children inherit it (timelines are not inherited by default); the call does not say
        return [RuleChanges(jurisdiction="root", add=(validity_rule(inherited=True), call("call.2030")))]


def validity_rule(rid: str = "validity", term: int = 3, inherited: bool | None = None) -> TimelineRule:
    return TimelineRule(
        id=rid, title_zh="有效期", title_en="Validity", rule=Validity(term_years=term), citation=CITE, provenance=Provenance.TEXT,
        inherited=inherited,
    )  # fmt: skip


def call(rid: str, year: int = 2030, inherited: bool | None = None) -> TimelineRule:
    return TimelineRule(
        id=rid,
        title_zh="通知",
        title_en="Call",
        rule=RecommendationCall(
            year=year, deadline=date(year, 7, 1), recipient_zh="部", recipient_en="Ministry",
            quotas=(Quota(submitters=(Submitter.PROVINCE.value,), at_most=3),), over_quota_zh="不予受理", over_quota_en="refused",
        ),
        citation=CITE,
        provenance=Provenance.TEXT,
        inherited=inherited,
    )  # fmt: skip


def child(**changes):
    class Child:
        @hookimpl
        def clusterpolicy_jurisdictions(self):
            return [Jurisdiction(id="prov", name_zh="省", name_en="Province", level=Level.PROVINCIAL, parent="root")]

        @hookimpl
        def clusterpolicy_timelines(self):
            return [RuleChanges(jurisdiction="prov", **changes)]

    return Child()


def build(*plugins):
    return clusterpolicy.load_regimes(entry_points=False, extra=[("root", Root()), *[(f"p{i}", p) for i, p in enumerate(plugins)]])


def test_timelines_are_not_inherited_unless_a_rule_says_so():
    prov = build(child())["prov"]
    assert [(r.id, r.origin) for r in prov.timelines] == [("validity", "root")]  # inherited = true
    assert [(x.family, x.id, x.explicit) for x in prov.not_inherited] == [("timelines", "call.2030", False)]


def test_province_overrides_an_inherited_timeline_rule_by_id():
    regimes = build(child(override=(validity_rule(term=5),)))
    (resolved,) = regimes["prov"].timelines
    assert (resolved.origin, resolved.replaces, resolved.rule.rule.term_years) == ("prov", "root", 5)
    assert regimes["root"].timelines[0].rule.rule.term_years == 3


def test_override_of_a_timeline_rule_that_does_not_exist_is_a_load_error():
    with pytest.raises(LoadError) as err:
        build(child(override=(validity_rule("annual_report"),)))
    assert "plugin 'p0': overrides timelines 'annual_report' for 'prov', but 'prov' inherits no such rule" in str(err.value)


def test_override_of_a_rule_children_do_not_inherit_is_a_load_error_and_an_add_is_fine():
    with pytest.raises(LoadError) as err:
        build(child(override=(call("call.2030"),)))
    assert str(err.value).splitlines()[1] == (
        "  - plugin 'p0': overrides timelines 'call.2030' for 'prov', but rule 'call.2030' of 'root' is not inherited by "
        "children (timelines are not inherited by default): write your own rule under add"
    )
    prov = build(child(add=(call("call.2030", year=2031),)))["prov"]
    assert [(r.id, r.origin) for r in prov.timelines] == [("validity", "root"), ("call.2030", "prov")]
    assert prov.timelines[1].rule.rule.year == 2031


def test_adding_an_inherited_id_is_a_load_error():
    with pytest.raises(LoadError) as err:
        build(child(add=(validity_rule(),)))
    assert "plugin 'p0': adds 'validity' to 'prov', but 'prov' already inherits it from 'root'; declare it under override" in str(err.value)


def test_two_validity_rules_in_one_regime_are_a_load_error():
    with pytest.raises(LoadError) as err:
        build(child(add=(validity_rule("validity.local"),)))
    assert "'prov' has 2 timeline rules of kind 'validity': 'validity' (plugin 'root'), 'validity.local' (plugin 'p0')" in str(err.value)


class InheritedCall:
    """A root whose 2030 call is inherited by its children (inherited = true)."""

    @hookimpl
    def clusterpolicy_jurisdictions(self):
        return [Jurisdiction(id="root", name_zh="根", name_en="Root", level=Level.NATIONAL, sources=(source(CITE.document),))]

    @hookimpl
    def clusterpolicy_timelines(self):
        return [RuleChanges(jurisdiction="root", add=(call("call.2030", inherited=True),))]


def test_an_own_call_supersedes_the_inherited_call_of_its_year_visibly():
    regimes = clusterpolicy.load_regimes(entry_points=False, extra=[("root", InheritedCall()), ("p0", child(add=(call("prov.call.2030"),)))])
    prov = regimes["prov"]
    assert [(r.id, r.origin) for r in prov.timelines] == [("prov.call.2030", "prov")]
    (removed,) = prov.removed
    assert (removed.family, removed.removal.id, removed.jurisdiction) == ("timelines", "call.2030", "prov")
    assert removed.removal.reason_en == "superseded by prov's own prov.call.2030 (one recommendation call 2030 applies)"
    from clusterpolicy.lifecycle.quota import check_quota
    from clusterpolicy.lifecycle.record import Recommendations

    recs = Recommendations(regime="prov", call=2030, submitter="某省", submitter_kind="province")
    assert check_quota(prov, recs, 2030, date(2030, 6, 1)).citation == CITE  # the province's own call, not the inherited one


def test_two_own_calls_for_one_year_are_a_load_error():
    with pytest.raises(LoadError) as err:
        build(child(add=(call("call.a"), call("call.b"))))
    assert "'prov' has two timelines rules for recommendation call 2030: 'call.a' (plugin 'p0') and 'call.b' (plugin 'p0'); one is allowed" in str(err.value)


def test_a_ground_of_the_wrong_class_is_a_load_error():
    class Bad:
        @hookimpl
        def clusterpolicy_revocation_grounds(self):
            return [RuleChanges(jurisdiction="root", add=(validity_rule(),))]

    with pytest.raises(LoadError) as err:
        build(Bad())
    assert "plugin 'p0': revocation_grounds add for 'root': expected a RevocationGround, got TimelineRule" in str(err.value)


# --- rule values -----------------------------------------------------------------------------


def test_unknown_provenance_needs_not_encoded():
    with pytest.raises(ValueError, match="'unknown' requires kind 'not_encoded'"):
        TimelineRule(id="x", title_zh="x", title_en="x", rule=Validity(term_years=3), citation=CITE, provenance=Provenance.UNKNOWN)
    with pytest.raises(ValueError, match="'unknown' requires kind 'not_encoded'"):
        RevocationGround(id="x", item="(一)", title_zh="x", title_en="x", ground=ExpiryWithoutReview(), citation=CITE, provenance=Provenance.UNKNOWN)


def test_overlapping_batch_entries_are_refused():
    def day(first, last):
        return ReportDay(batches=Batches(first=first, last=last), month=4, day=30, citation=CITE, provenance=Provenance.TEXT)

    with pytest.raises(ValueError, match="entries for batches 2022–2024 and 2024–… overlap"):
        AnnualReport(recipient_zh="部", recipient_en="M", content_zh="报告", content_en="Report", days=(day(2022, 2024), day(2024, None)))
    AnnualReport(recipient_zh="部", recipient_en="M", content_zh="报告", content_en="Report", days=(day(2022, 2023), day(2024, None)))


def test_fixed_start_rule_needs_a_start_and_other_rules_take_none():
    with pytest.raises(ValueError, match="start_rule 'fixed' needs a start date"):
        BatchValidity(batches=Batches(), start_rule=StartRule.FIXED, citation=CITE, provenance=Provenance.TEXT)
    with pytest.raises(ValueError, match="only start_rule 'fixed' takes a start date"):
        BatchValidity(batches=Batches(), start_rule=StartRule.RECORD, start=date(2024, 1, 1), citation=CITE, provenance=Provenance.TEXT)


def test_every_builtin_lifecycle_rule_round_trips_through_the_converter(regimes):
    conv = default_converter()
    for regime in regimes.values():
        for r in regime.timelines:
            assert conv.structure(conv.unstructure(r.rule), TimelineRule) == r.rule
        for g in regime.revocation_grounds:
            assert conv.structure(conv.unstructure(g.rule), RevocationGround) == g.rule


def test_a_timeline_rule_written_as_data():
    data = {
        "id": "review",
        "title_zh": "复核",
        "title_en": "Review",
        "rule": {"kind": "review", "extension_years": 3, "checks_zh": ["复核"], "checks_en": ["review"]},
        "citation": {"document": "测试〔2024〕1号", "item": "第十二条"},
        "provenance": "text",
    }
    rule = structure(data, TimelineRule, "rules.toml")
    assert isinstance(rule.rule, Review) and rule.rule.extension_years == 3
    data["rule"] = {"kind": "reveiw"}
    with pytest.raises(InputError) as err:
        structure(data, TimelineRule, "rules.toml")
    assert str(err.value) == (
        "rules.toml: $.rule: unknown kind 'reveiw' (did you mean 'review'? expected one of: validity, annual_report, review, "
        "review_round, recommendation_call, period, dated_period, not_encoded)"
    )
