"""Typical-case collection: categories and calls as resolved per regime, and submission checks."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import attrs
import pytest

import clusterpolicy
from clusterpolicy import Citation, LoadError, Provenance, RuleChanges, hookimpl
from clusterpolicy.cases import CaseCall, CaseCategory, Deadline, SubTopic
from clusterpolicy.cases.results import Severity, Verdict
from clusterpolicy.cases.check import check_submission
from clusterpolicy.cases.submission import load_submission, submission_from_dict
from clusterpolicy.convert import default_converter
from clusterpolicy.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"

ALL_CONFIRMED = {
    "truthful": True,
    "no_ip_disputes": True,
    "no_state_secrets": True,
    "no_personal_information": True,
    "no_other_sensitive_information": True,
    "electronic_copy": True,
}
TEXT = "集群共建中试基地,开展产学研协同创新,2023年新增发明专利120件。"


def national_submission(**changes) -> dict:
    data = {
        "category": "innovation",
        "title": "中试平台助力成果转化",
        "text": TEXT,
        "date": "2024-06-28",
        "cluster": {"name": "某县示例集群", "recognition": "provincial"},
        "submitter": {"name": "某省工业和信息化厅", "level": "provincial"},
        "documents": [
            {"kind": "summary_table", "title": "典型案例信息汇总表"},
            {"kind": "cultivation_measures", "level": "provincial", "title": "某省中小企业特色产业集群培育举措"},
        ],
        "attestations": dict(ALL_CONFIRMED),
    }
    data.update(changes)
    return data


def anhui_submission(**changes) -> dict:
    data = national_submission(
        submitter={"name": "合肥市经济和信息化局", "level": "city"},
        date="2024-06-20",
        documents=[
            {"kind": "summary_table", "title": "典型案例信息汇总表"},
            {"kind": "cultivation_measures", "level": "city", "title": "合肥市中小企业特色产业集群培育举措"},
        ],
    )
    data.update(changes)
    return data


def check(regimes, regime: str, data: dict):
    return check_submission(submission_from_dict(data), regimes[regime])


def severities(report, check_id: str) -> list[str]:
    return [f.severity.value for f in report.by_check(check_id)]


# --- resolution --------------------------------------------------------------------------------


def test_calls_resolved_per_regime(regimes):
    national, anhui, hainan = (regimes[j].case_calls for j in ("national", "anhui", "hainan"))
    assert [(r.id, r.origin, r.replaces) for r in national] == [("cases-2024", "national", None)]
    assert [(r.id, r.origin, r.replaces) for r in anhui] == [("cases-2024", "anhui", "national")]
    assert hainan == national  # Hainan inherits MIIT's call unchanged
    n, a = national[0].rule, anhui[0].rule
    assert (n.deadline.date, a.deadline.date) == (date(2024, 6, 30), date(2024, 6, 21))
    assert [lv.value for lv in n.route.levels] == ["provincial", "separately_planned_city", "xpcc"]
    assert [lv.value for lv in a.route.levels] == ["city"]
    assert (n.scope.levels, [lv.value for lv in a.scope.levels]) == ((), ["national", "provincial"])
    assert a.scope.citation.quote == "已认定的国家级、省级中小企业特色产业集群。"
    assert [(d.attachment, d.kind.value, d.level and d.level.value) for d in n.documents] == [
        ("附件1", "summary_table", None), ("附件2", "case_text", None), ("附件3", "cultivation_measures", "provincial"),
    ]  # fmt: skip
    assert [(d.attachment, d.kind.value, d.level and d.level.value) for d in a.documents] == [
        ("附件2", "summary_table", None), ("附件3", "case_text", None), ("附件4", "cultivation_measures", "city"),
    ]  # fmt: skip
    assert [r.id for r in n.content_rules] == list(ALL_CONFIRMED) == [r.id for r in a.content_rules]
    for call in (n, a):
        parts = [call.scope, call.route, call.deadline, call.category_rule, *call.documents, *call.content_rules, call.practices, call]
        assert all(p.provenance is Provenance.TEXT and p.citation.document for p in parts)
        # 重点从…七个方面征集: a focus, not a closed list
        assert call.category_rule.closed is False and "重点从" in call.category_rule.citation.quote
        # the summary table and the measures go once with the submitter's package (统一报送), the case text with each case
        assert [d.per.value for d in call.documents] == ["package", "case", "package"]
    # both calls ask for electronic copies too
    assert n.content_rules[-1].citation.quote.endswith("同时将电子版材料发送至联系人邮箱")
    assert a.content_rules[-1].citation.quote.endswith("电子版材料发送至邮箱")


def test_seven_open_ended_categories_inherited_unchanged(regimes):
    cats = regimes["national"].case_categories
    assert [(r.rule.number, r.id, r.rule.title_zh) for r in cats] == [
        (1, "collaboration", "协作共享"), (2, "quality_brand", "质量品牌"), (3, "innovation", "创新提升"),
        (4, "digital", "数字化升级"), (5, "green", "绿色化转型"), (6, "opening", "开放合作"), (7, "governance", "治理服务"),
    ]  # fmt: skip
    assert [len(r.rule.subtopics) for r in cats] == [4, 2, 6, 4, 4, 4, 4]
    assert all(r.rule.open_ended and "包括但不限于" in r.rule.citation.quote for r in cats)
    for r in cats:  # every listed phrase appears in the notice's own words
        assert all(st.title_zh in r.rule.citation.quote for st in r.rule.subtopics)
    assert regimes["anhui"].case_categories == cats == regimes["hainan"].case_categories


def test_case_rules_round_trip_through_the_converter(regimes):
    conv = default_converter()
    for r in regimes["anhui"].case_calls:
        assert conv.structure(conv.unstructure(r.rule), CaseCall) == r.rule
    for r in regimes["national"].case_categories:
        assert conv.structure(conv.unstructure(r.rule), CaseCategory) == r.rule


#: A document the national lineage declares (a citation must name one of the lineage's sources).
MIIT_CALL = "工业和信息化部中小企业局 2024-06-03 关于征集中小企业特色产业集群典型案例的通知"


def _category(cid: str) -> CaseCategory:
    return CaseCategory(
        id=cid, title_zh="测试", title_en="Test", subtopics=(SubTopic(id="a", title_zh="甲", title_en="A"),),
        citation=Citation(document=MIIT_CALL, item="1"), provenance=Provenance.TEXT,
    )  # fmt: skip


def test_load_checks_apply_to_case_families(regimes):
    class Stray:
        @hookimpl
        def clusterpolicy_case_calls(self):
            call = attrs.evolve(regimes["national"].case_calls[0].rule, id="cases-2099")
            return [RuleChanges(jurisdiction="anhui", override=(call,))]

    with pytest.raises(LoadError) as err:
        clusterpolicy.load_regimes(extra=[("stray", Stray())])
    message = str(err.value)
    assert "plugin 'stray': overrides case_call" in message
    assert "'cases-2099' for 'anhui', but 'anhui' inherits no such rule (did you mean 'cases-2024'? inherited: cases-2024)" in message

    class Twice:
        @hookimpl
        def clusterpolicy_case_categories(self):
            return [RuleChanges(jurisdiction="national", add=(_category("innovation"),))]

    with pytest.raises(LoadError) as err:
        clusterpolicy.load_regimes(extra=[("twice", Twice())])
    assert "rule id 'innovation' for 'national' is claimed by plugins 'national' and 'twice'" in str(err.value)


def test_a_province_can_add_a_category():
    class Extra:
        @hookimpl
        def clusterpolicy_case_categories(self):
            return [RuleChanges(jurisdiction="anhui", add=(_category("anhui_special"),))]

    regimes = clusterpolicy.load_regimes(extra=[("extra", Extra())])
    assert [r.id for r in regimes["anhui"].case_categories][-1] == "anhui_special"
    assert "anhui_special" not in [r.id for r in regimes["national"].case_categories]


def test_category_subtopic_ids_must_be_unique():
    st = SubTopic(id="a", title_zh="甲", title_en="A")
    with pytest.raises(ValueError, match="id 'a' appears twice"):
        CaseCategory(id="x", title_zh="x", title_en="x", subtopics=(st, st), citation=Citation(document="琼工信规〔2023〕4号", item="i"), provenance=Provenance.TEXT)


# --- deadline ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("regime", "make", "sent", "severity", "days_late"),
    [
        ("national", national_submission, "2024-06-29", "ok", None),
        ("national", national_submission, "2024-06-30", "ok", None),  # 于2024年6月30日前: the day itself on time
        ("national", national_submission, "2024-07-01", "problem", 1),
        ("hainan", national_submission, "2024-06-30", "ok", None),
        ("hainan", national_submission, "2024-07-01", "problem", 1),
        ("anhui", anhui_submission, "2024-06-20", "ok", None),
        ("anhui", anhui_submission, "2024-06-21", "ok", None),  # 于2024年6月21日前
        ("anhui", anhui_submission, "2024-06-22", "problem", 1),
        ("anhui", anhui_submission, "2024-06-30", "problem", 9),  # on time for MIIT, late for Anhui
    ],
)
def test_deadline_boundary_days(regimes, regime, make, sent, severity, days_late):
    report = check(regimes, regime, make(date=sent))
    [finding] = report.by_check("deadline")
    assert finding.severity.value == severity
    assert finding.path == "$.date"
    due = {"anhui": "2024-06-21"}.get(regime, "2024-06-30")
    if days_late:
        assert finding.message_en.startswith(f"late: sent {sent}, after the deadline {due} ({days_late} day(s) late")
        assert report.verdict is Verdict.PROBLEMS
    else:
        assert report.verdict is Verdict.READY
    assert finding.citation.quote.startswith(f"请{'各市' if regime == 'anhui' else ''}于2024年6月{due[-2:]}日前")
    # the strict reading (前 excluding the day) is pointed out exactly on the deadline day
    assert severities(report, "deadline.reading") == (["note"] if sent == due else [])


def test_deadline_exclusive_reading_is_available():
    d = Deadline(date=date(2024, 6, 30), inclusive=False, citation=Citation(document="琼工信规〔2023〕4号", item="i"), provenance=Provenance.TEXT)
    assert (d.is_late(date(2024, 6, 29)), d.is_late(date(2024, 6, 30))) == (False, True)
    d = attrs.evolve(d, inclusive=True)
    assert (d.is_late(date(2024, 6, 30)), d.is_late(date(2024, 7, 1))) == (False, True)


def test_missing_date_is_unconfirmed_not_assumed(regimes):
    data = national_submission()
    del data["date"]
    report = check(regimes, "national", data)
    assert severities(report, "deadline") == ["unconfirmed"]
    assert report.verdict is Verdict.UNCONFIRMED


# --- documents ---------------------------------------------------------------------------------


def test_anhui_requires_the_citys_own_measures(regimes):
    provincial = [
        {"kind": "summary_table", "title": "汇总表"},
        {"kind": "cultivation_measures", "level": "provincial", "title": "安徽省中小企业特色产业集群培育举措"},
    ]
    report = check(regimes, "anhui", anhui_submission(documents=provincial))
    [f] = report.by_check("document.cultivation_measures")
    assert (f.severity, f.path) == (Severity.PROBLEM, "$.documents[1].level")
    assert f.message_zh == "须附市级的《X市中小企业特色产业集群培育举措》(附件4),所附“安徽省中小企业特色产业集群培育举措”为省级"
    assert f.citation.item == "三、有关要求" and f.origin == "anhui"
    # the same documents are what MIIT asks of a province
    national = check(regimes, "national", national_submission(documents=provincial))
    assert severities(national, "document.cultivation_measures") == ["ok"]
    # and the city's measures are not what MIIT asks for
    city = check(regimes, "national", national_submission(documents=anhui_submission()["documents"]))
    [f] = city.by_check("document.cultivation_measures")
    assert (f.severity, f.path) == (Severity.PROBLEM, "$.documents[1].level")
    assert "at provincial level" in f.message_en


def test_package_documents_missing_from_one_case_are_a_note_not_a_problem(regimes):
    report = check(regimes, "anhui", anhui_submission(documents=[]))
    assert report.problems() == ()
    notes = [(f.check, f.severity.value, f.message_en) for f in report.findings if f.check.startswith("document.")]
    assert notes == [
        ("document.summary_table", "note",
         "Summary table of typical cases (附件2) is sent once per submitter with the whole package, not with each case; "
         "check the package with clusterpolicy cases package"),
        ("document.case_text", "ok", "Typical case (附件3): the submission's text"),
        ("document.cultivation_measures", "note",
         "The city's cultivation measures for SME characteristic industrial clusters (附件4) is sent once per submitter "
         "with the whole package, not with each case; check the package with clusterpolicy cases package"),
    ]  # fmt: skip
    assert report.verdict is Verdict.READY


def test_a_package_needs_each_once_per_submitter_document_once(regimes):
    from clusterpolicy.cases.package import check_packages

    first = submission_from_dict(anhui_submission())
    second = submission_from_dict(anhui_submission(title="第二个案例", documents=[]))
    other_city = submission_from_dict(anhui_submission(submitter={"name": "芜湖市经济和信息化局", "level": "city"}, documents=[]))
    hefei, wuhu = check_packages([("a.toml", first), ("b.toml", second), ("c.toml", other_city)], regimes["anhui"])
    assert (hefei.submitter, hefei.sources, hefei.cases, hefei.verdict) == ("合肥市经济和信息化局", ("a.toml", "b.toml"), 2, Verdict.READY)
    assert [(f.check, f.severity.value, f.message_en) for f in hefei.findings] == [
        ("package.summary_table", "ok", "Summary table of typical cases (附件2): in a.toml $.documents[0]"),
        ("package.cultivation_measures", "ok",
         "The city's cultivation measures for SME characteristic industrial clusters (附件4): in a.toml $.documents[1]"),
    ]  # fmt: skip
    assert wuhu.verdict is Verdict.PROBLEMS
    assert [f.severity.value for f in wuhu.findings] == ["problem", "problem"]
    assert wuhu.findings[0].message_zh == "整批材料缺少《中小企业特色产业集群典型案例信息汇总表》(附件2)(每个报送单位一份,统一报送)"
    # attached with every case: admissible, but once is enough
    twice = check_packages([("a.toml", first), ("b.toml", first)], regimes["anhui"])[0]
    assert [f.severity.value for f in twice.findings] == ["note", "note"]
    # one submitter answering two calls is a problem
    mixed = check_packages([("a.toml", first), ("x.toml", submission_from_dict(anhui_submission(call="cases-2023")))], regimes["anhui"])[0]
    assert [(f.check, f.severity.value) for f in mixed.findings] == [("package.call", "problem")]


def test_attached_files_must_exist(regimes, tmp_path):
    (tmp_path / "measures.docx").write_bytes(b"x")
    docs = anhui_submission()["documents"]
    docs[1] = {**docs[1], "file": "measures.docx"}
    docs[0] = {**docs[0], "file": "no-such.xlsx"}
    report = check_submission(submission_from_dict(anhui_submission(documents=docs)), regimes["anhui"], base_dir=tmp_path)
    [f] = report.by_check("document.file")
    assert (f.severity, f.path, f.message_en) == (Severity.PROBLEM, "$.documents[0].file", "attached file not found: no-such.xlsx")


# --- eligibility -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("regime", "level", "ok"),
    [
        ("national", "provincial", True),
        ("national", "separately_planned_city", True),
        ("national", "xpcc", True),
        ("national", "city", False),
        ("national", "county", False),
        ("hainan", "provincial", True),
        ("anhui", "city", True),
        ("anhui", "provincial", False),
        ("anhui", "county", False),
    ],
)
def test_submitter_eligibility(regimes, regime, level, ok):
    make = anhui_submission if regime == "anhui" else national_submission
    report = check(regimes, regime, make(submitter={"name": "某单位", "level": level}))
    [f] = report.by_check("route")
    assert (f.severity is Severity.OK) is ok
    assert f.path == "$.submitter.level"
    if not ok:
        who = "city" if regime == "anhui" else "provincial, separately_planned_city, xpcc"
        assert f.message_en.startswith(f"cases under this call are submitted by {who} authorities; 某单位 ({level}) is not one")


@pytest.mark.parametrize(("recognition", "severity"), [("national", "ok"), ("provincial", "ok"), ("none", "problem")])
def test_anhui_scope_is_recognised_clusters(regimes, recognition, severity):
    report = check(regimes, "anhui", anhui_submission(cluster={"name": "某集群", "recognition": recognition}))
    assert severities(report, "scope") == [severity]


def test_national_scope_is_not_stated_so_not_checked(regimes):
    report = check(regimes, "national", national_submission(cluster={"name": "某集群", "recognition": "none"}))
    [f] = report.by_check("scope")
    assert (f.severity, f.message_en) == (
        Severity.NOTE, "the call states no scope (which clusters' cases are collected); not checked",
    )  # fmt: skip


def test_practices_follow_their_own_route(regimes):
    practice = {k: v for k, v in anhui_submission().items() if k not in ("category", "cluster")}
    practice["kind"] = "practice"
    report = check(regimes, "anhui", practice)
    assert (severities(report, "practices"), report.by_check("category"), report.verdict) == (["ok"], (), Verdict.READY)
    report = check(regimes, "national", {**practice, "date": "2024-06-28"})
    assert severities(report, "practices") == ["problem"]  # MIIT collects the provinces' own practices


# --- categories --------------------------------------------------------------------------------


def test_a_case_outside_the_seven_categories_is_admissible_with_a_note(regimes):
    """重点从…七个方面征集: the categories are a focus, not a closed list (issue 11, item 5)."""
    report = check(regimes, "national", national_submission(category="inovation"))
    [f] = report.by_check("category")
    assert (f.severity, f.path) == (Severity.NOTE, "$.category")
    assert f.message_en == (
        "'inovation' is not one of the listed categories (collaboration, quality_brand, innovation, digital, green, opening, "
        "governance); did you mean 'innovation'?; the call collects cases focusing on these categories, so one outside them "
        "is admissible"
    )
    assert f.citation.item == "一(一)" and "重点从" in f.citation.quote
    assert report.verdict is Verdict.READY
    outside = check(regimes, "anhui", anhui_submission(category="safety_production"))
    assert (severities(outside, "category"), outside.verdict) == (["note"], Verdict.READY)
    data = national_submission()
    del data["category"]
    assert severities(check(regimes, "national", data), "category") == ["note"]


def test_a_call_whose_categories_are_closed_makes_an_outside_case_a_problem(regimes):
    from clusterpolicy.cases.kinds import CategoryRule

    call = regimes["national"].case_calls[0].rule
    closed = attrs.evolve(call, category_rule=CategoryRule(closed=True, citation=Citation(document="琼工信规〔2023〕4号", item="i"), provenance=Provenance.TEXT))

    class Closed:
        @hookimpl
        def clusterpolicy_case_calls(self):
            return [RuleChanges(jurisdiction="hainan", override=(closed,))]

    hainan = clusterpolicy.load_regimes(extra=[("closed", Closed())])["hainan"]
    report = check_submission(submission_from_dict(national_submission(category="safety_production")), hainan)
    assert severities(report, "category") == ["problem"]


def test_unlisted_subtopic_is_admissible(regimes):
    report = check(regimes, "national", national_submission(subtopics=["pilot_platforms", "talent_training"]))
    [f] = report.by_check("category.subtopic")
    assert (f.severity, f.path) == (Severity.NOTE, "$.subtopics[1]")
    assert "including but not limited to" in f.message_en
    assert report.verdict is Verdict.READY


def test_category_that_the_text_does_not_support_is_noted(regimes):
    report = check(regimes, "national", national_submission(category="green"))
    [f] = report.by_check("category.suggest")
    assert f.severity is Severity.NOTE and "it reads most like Innovation" in f.message_en


# --- content -----------------------------------------------------------------------------------


def test_content_confirmations(regimes):
    report = check(regimes, "national", national_submission(attestations={"truthful": False, "no_ip_dispute": True}))
    got = {f.check: f.severity.value for f in report.findings if f.check.startswith("content")}
    assert got == {
        "content": "note",  # no_ip_dispute: not a content rule (typo)
        "content.truthful": "problem",
        "content.no_ip_disputes": "unconfirmed",
        "content.no_state_secrets": "unconfirmed",
        "content.no_personal_information": "unconfirmed",
        "content.no_other_sensitive_information": "unconfirmed",
        "content.electronic_copy": "unconfirmed",  # 同时将电子版材料发送至联系人邮箱
    }
    assert report.verdict is Verdict.PROBLEMS


def test_personal_information_is_a_problem_even_when_confirmed(regimes):
    text = "集群概况。\n联系人手机:13905511234,邮箱 lee@example.cn。"
    report = check(regimes, "anhui", anhui_submission(text=text))
    found = report.by_check("content.no_personal_information")
    assert [(f.severity.value, f.path, f.where.line, f.where.column) for f in found] == [
        ("problem", "$.text", 2, 7), ("problem", "$.text", 2, 22),
    ]  # fmt: skip
    assert "13905511234" not in found[0].message_en and "139****1234" in found[0].message_en
    assert found[0].citation.quote.endswith("不涉及国家秘密、个人信息和其他敏感信息。")


def test_personal_information_in_a_text_file_names_the_file(regimes, tmp_path):
    (tmp_path / "case.md").write_text("第一行\n第二行 电话:0551-62345678\n", encoding="utf-8")
    sub = submission_from_dict(anhui_submission(text=None, text_file="case.md"))
    [f] = check_submission(sub, regimes["anhui"], base_dir=tmp_path).by_check("content.no_personal_information")
    assert (f.path, f.where.source, f.where.line, f.where.column) == ("$.text_file", str(tmp_path / "case.md"), 2, 8)


# --- bad submissions ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"submitter": None}, "$.submitter: required field missing"),
        ({"date": "2024-06-31"}, "$.date: expected a date (YYYY-MM-DD); got '2024-06-31'"),
        ({"titel": "x"}, "$: unknown key(s): titel"),
        ({"text_file": "case.md"}, "$.text: give exactly one of text (inline) or text_file (a path)"),
        ({"text": "  "}, "$.text: must not be empty"),
        ({"cluster": None}, "$.cluster: required for kind = \"case\""),
        ({"cluster": {"name": "x", "recognition": "county"}}, "$.cluster.recognition: expected one of: national, provincial, none; got 'county'"),
        ({"submitter": {"name": "x", "level": "town"}}, "$.submitter.level: expected one of: ministry, provincial"),
        ({"documents": [{"kind": "letter", "title": "x"}]}, "$.documents[0].kind: expected one of: summary_table"),
        ({"attestations": {"truthful": "yes"}}, "$.attestations.truthful: expected true or false; got 'yes'"),
        ({"kind": "report"}, "$.kind: expected one of: case, practice; got 'report'"),
    ],
)
def test_bad_submissions_name_the_field(change, message):
    data = {k: v for k, v in national_submission(**change).items() if v is not None}
    with pytest.raises(InputError) as err:
        submission_from_dict(data, source="bad.toml")
    assert err.value.source == "bad.toml"
    assert any(p.startswith(message) for p in err.value.problems), err.value.problems


def test_missing_text_file_is_bad_input(regimes, tmp_path):
    sub = submission_from_dict(national_submission(text=None, text_file="nowhere.md"))
    with pytest.raises(InputError) as err:
        check_submission(sub, regimes["national"], base_dir=tmp_path, source="s.toml")
    assert str(err.value) == f"s.toml: $.text_file: file not found: {tmp_path / 'nowhere.md'}"


def test_unknown_call(regimes):
    report = check(regimes, "anhui", anhui_submission(call="cases-2023"))
    assert [(f.check, f.severity.value, f.path) for f in report.findings] == [("call", "problem", "$.call")]
    assert report.call is None and "known: cases-2024" in report.findings[0].message_en


# --- examples ----------------------------------------------------------------------------------


def _example(regimes, name: str, regime: str):
    path = EXAMPLES / name
    return check_submission(load_submission(path), regimes[regime], base_dir=EXAMPLES, source=str(path))


def test_examples(regimes):
    assert _example(regimes, "case-national.toml", "national").verdict is Verdict.READY
    city = _example(regimes, "case-anhui-city.toml", "anhui")
    assert city.verdict is Verdict.READY and severities(city, "deadline.reading") == ["note"]
    # the city's submission is not one MIIT accepts directly: wrong submitter, city-level measures
    direct = _example(regimes, "case-anhui-city.toml", "national")
    assert [f.check for f in direct.problems()] == ["route", "document.cultivation_measures"]
    green = _example(regimes, "case-anhui-city-green.toml", "anhui")  # no documents: they go with the package
    assert green.verdict is Verdict.READY and severities(green, "document.summary_table") == ["note"]
    bad = _example(regimes, "case-problems.toml", "anhui")
    assert severities(bad, "category") == ["note"]  # a misspelt category: outside the focus list, noted
    assert [(f.check, f.path) for f in bad.problems()] == [
        ("route", "$.submitter.level"),
        ("scope", "$.cluster.recognition"),
        ("deadline", "$.date"),
        ("document.cultivation_measures", "$.documents[0].level"),
        ("content.no_personal_information", "$.text"),
        ("content.no_personal_information", "$.text"),
        ("content.no_personal_information", "$.text"),
    ]
    assert [f.where.snippet for f in bad.by_check("content.no_personal_information")][2] == "。 项目负责人身份证号:1101**********002X。"


# --- README ------------------------------------------------------------------------------------


def test_readme_typical_cases_examples_run(regimes, capsys, monkeypatch):
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Typical cases"):]
    section = section[: section.index("\n## ", 5)]
    [toml_block] = re.findall(r"```toml\n(.*?)```", section, flags=re.S)
    from clusterpolicy.convert import parse_document

    sub = submission_from_dict(parse_document(toml_block, "README.md", as_json=False), source="README.md")
    report = check_submission(sub, regimes["anhui"], base_dir=EXAMPLES)
    assert [f.check for f in report.findings if f.severity is not Severity.OK] == [
        "deadline.reading", *(f"content.{k}" for k in ALL_CONFIRMED if k != "truthful")
    ]
    [python_block] = re.findall(r"```python\n(.*?)```", section, flags=re.S)
    monkeypatch.chdir(ROOT)
    exec(compile(python_block, "README.md", "exec"), {})
    expected = re.search(r"^# (.*)$", python_block, flags=re.M).group(1)
    assert capsys.readouterr().out == expected + "\n"


def test_case_rules_cite_declared_sources(regimes):
    for regime in regimes.values():
        declared = {s.id for j in regime.lineage for s in regimes[j].jurisdiction.sources}
        for r in (*regime.case_calls, *regime.case_categories):
            assert r.rule.citation.document in declared, (regime.id, r.id)
