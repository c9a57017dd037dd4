"""clusterpolicy diff: what B changes relative to A, with directions and both citations."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

import clusterpolicy
from clusterpolicy.criteria import AnyOf, Condition, EachYear, InSet, Prerequisite, RankAtLeast, RankLevel, Threshold
from clusterpolicy.regimes.diff import ChangeKind, Direction, compare_checks, diff_regimes, requirement_direction
from clusterpolicy.numbers import Op
from inprocess import run

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "tests" / "rules" / "demo.toml"
D = Decimal


@pytest.mark.parametrize(
    ("a", "b", "direction"),
    [
        ((Op.GE, D(40)), (Op.GE, D(50)), Direction.TIGHTER),
        ((Op.GE, D(40)), (Op.GE, D(20)), Direction.LOOSER),
        ((Op.GE, D(70)), (Op.GT, D(70)), Direction.TIGHTER),  # 以上 → 高于 at the same number
        ((Op.GT, D(70)), (Op.GE, D(70)), Direction.LOOSER),
        ((Op.GT, D(70)), (Op.GE, D(71)), Direction.TIGHTER),  # [71, ∞) ⊂ (70, ∞)
        ((Op.LE, D(100)), (Op.LE, D(80)), Direction.TIGHTER),
        ((Op.LE, D(100)), (Op.LT, D(100)), Direction.TIGHTER),
        ((Op.LT, D(100)), (Op.LE, D(120)), Direction.LOOSER),
        ((Op.EQ, D(5)), (Op.GE, D(5)), Direction.LOOSER),
        ((Op.GE, D(5)), (Op.LE, D(5)), Direction.CHANGED),
        ((Op.GE, D(40)), (Op.GE, D("40.0")), None),
    ],
)
def test_requirement_direction(a, b, direction):
    assert requirement_direction(*a, *b) is direction


def test_check_level_directions():
    each = EachYear(field="total_output", years=3, op=Op.GE, value=D(40))
    assert [(d.path, d.direction) for d in compare_checks("check", each, attrs.evolve(each, years=5))] == [
        ("check.years", Direction.TIGHTER)
    ]
    assert [(d.path, d.direction) for d in compare_checks("check", each, attrs.evolve(each, field="sme_output", value=D(30)))] == [
        ("check.field", Direction.CHANGED),
        ("check.requirement", Direction.CHANGED),  # a lower number on another measure is not "looser"
    ]
    opts = (Threshold(fields=("firms.little_giants",), op=Op.GE, value=D(1)), Threshold(fields=("firms.high_tech",), op=Op.GE, value=D(10)))
    any1 = AnyOf(options=opts)
    assert [(d.path, d.direction) for d in compare_checks("check", any1, attrs.evolve(any1, need=2))] == [("check.need", Direction.TIGHTER)]
    assert [(d.path, d.direction) for d in compare_checks("check", any1, attrs.evolve(any1, options=opts[:1]))] == [
        ("check.options[1]", Direction.TIGHTER)
    ]
    rank = RankAtLeast(at_least=RankLevel.NATIONAL)
    assert compare_checks("check", rank, RankAtLeast(at_least=RankLevel.PROVINCIAL))[0].direction is Direction.LOOSER
    who = InSet(field="applicant", values=("county_sme_authority",))
    assert compare_checks("check", who, attrs.evolve(who, values=("county_sme_authority", "operating_body")))[0].direction is Direction.LOOSER
    assert compare_checks("check", who, attrs.evolve(who, values=("operating_body",)))[0].direction is Direction.CHANGED
    pre = Prerequisite(field="provincial_cluster")
    exempt = attrs.evolve(pre, exempt_when=Condition(field="application_year", equals=2022))
    assert compare_checks("check", exempt, pre)[0].direction is Direction.TIGHTER


def test_national_to_hainan():
    regimes = clusterpolicy.load_regimes()
    d = diff_regimes(regimes["national"], regimes["hainan"])
    by_id = {c.id: c for c in d.changes}
    out = by_id["core.output"]
    assert out.change is ChangeKind.LOOSENED
    assert [(x.path, x.a, x.b, x.direction, x.line_en, x.line_zh) for x in out.details if x.direction is not Direction.NEUTRAL] == [
        ("check.requirement", "≥ 40亿元", "≥ 20亿元", Direction.LOOSER, "requirement: ≥ 40亿元 → ≥ 20亿元", "要求:≥ 40亿元 → ≥ 20亿元")
    ]
    assert out.citation_a.render() == "工信部企业〔2022〕119号 附件《中小企业特色产业集群认定标准》 一"
    assert out.citation_b.render() == "琼工信规〔2023〕4号 认定标准 一"
    growth = by_id["core.growth"]
    assert growth.change is ChangeKind.LOOSENED
    assert {x.path: x.direction for x in growth.details if x.direction is not Direction.NEUTRAL} == {
        "waiver": Direction.LOOSER,
        "check.requirement": Direction.LOOSER,
    }
    assert by_id["core.front_rank"].change is ChangeKind.LOOSENED
    assert by_id["tiered.firms"].change is ChangeKind.LOOSENED
    assert by_id["core.area"].change is ChangeKind.RESTATED  # same rule, Hainan's own text
    assert by_id["supply_chain"].change is ChangeKind.CHANGED  # not encoded → attestation: no direction
    assert by_id["innovation.rd_growth"].change is ChangeKind.ADDED
    barred = by_id["prerequisite.provincial"]  # national-only: not inherited, so nothing for Hainan to remove
    assert (barred.change, barred.citation_a.render(), barred.citation_b) == (ChangeKind.NOT_INHERITED, "工信部企业〔2022〕119号 第十二条", None)
    assert barred.note_en == "not inherited: national's own rule (the rule says inherited = false)"
    assert by_id["call.2025"].change is ChangeKind.NOT_INHERITED
    assert by_id["revocation.expiry"].change is ChangeKind.RESTATED  # Hainan's own art. 14 (一), the same ground
    # what Hainan takes over unchanged: the typical-case categories and the case call
    assert [t.id for t in d.taken_over if t.family == "case_calls"] == ["cases-2024"]
    # families Hainan does not touch are identical
    assert d.unchanged["case_categories"] == len(regimes["national"].case_categories)


def test_reverse_direction_and_two_provinces():
    regimes = clusterpolicy.load_regimes(rules=[DEMO])
    back = {c.id: c for c in diff_regimes(regimes["hainan"], regimes["national"]).changes}
    assert back["core.output"].change is ChangeKind.TIGHTENED
    assert back["prerequisite.provincial"].change is ChangeKind.ADDED
    sideways = {c.id: c for c in diff_regimes(regimes["hainan"], regimes["demo"]).changes}
    assert sideways["core.output"].change is ChangeKind.TIGHTENED  # ≥ 20 → ≥ 30
    assert sideways["core.sme_share"].change is ChangeKind.TIGHTENED  # ≥ 60% → > 75%
    assert sideways["scope.applicant"].change is ChangeKind.LOOSENED  # operating body admitted
    # growth: > 5% → > 8% tightens, but demo makes it soft (loosens): no single direction
    assert sideways["core.growth"].change is ChangeKind.CHANGED


def test_identical_regimes_have_no_changes():
    regimes = clusterpolicy.load_regimes()
    d = diff_regimes(regimes["hainan"], regimes["hainan"])
    assert d.changes == ()


def test_generic_comparison_for_other_families():
    from clusterpolicy.regimes.diff import compare_rules

    regimes = clusterpolicy.load_regimes()
    calls = regimes["national"].case_calls
    if not calls:
        pytest.skip("no case calls declared")
    rule = calls[0].rule
    details = compare_rules("case_calls", rule, attrs.evolve(rule, title_en=rule.title_en + " (revised)"))
    assert [(d.path, d.direction, d.line_en) for d in details] == [
        ("title", Direction.NEUTRAL, f"title: {rule.title_en} → {rule.title_en} (revised)")
    ]


def test_cli_text_json_md():
    text = run("diff", "national", "hainan")
    assert text.returncode == 0, text.stderr
    assert "loosened      criteria  core.output — Output at least 2 bn yuan in each of the last three years\n" in text.stdout
    assert "    requirement: ≥ 40亿元 → ≥ 20亿元 (looser)\n" in text.stdout
    assert (
        "    A national: 工信部企业〔2022〕119号 附件《中小企业特色产业集群认定标准》 一 · secondary\n"
        "    B hainan: 琼工信规〔2023〕4号 认定标准 一 · text\n"
    ) in text.stdout
    assert "{" not in text.stdout  # every structured change in words, never a raw dump

    js = run("diff", "national", "hainan", "--format", "json", "--family", "criteria")
    doc = json.loads(js.stdout)
    assert (doc["schema_version"], doc["kind"]) == ("2.0", "diff")
    assert list(doc["diff"]["unchanged"]) == ["criteria"]
    out = next(c for c in doc["diff"]["changes"] if c["id"] == "core.output")
    assert out["change"] == "loosened"
    assert out["citation_b"] == {"document": "琼工信规〔2023〕4号", "item": "认定标准 一", "item_unknown": False, "quote": "近三年产值均在20亿元以上"}

    md = run("diff", "national", "demo", "--rules", str(DEMO), "--format", "md", "--lang", "zh")
    assert md.returncode == 0, md.stderr
    assert md.stdout.startswith("# 示例省中小企业特色产业集群(虚构) (`demo`) 相对于 国家级中小企业特色产业集群(工业和信息化部) (`national`) 的变化\n")
    zh = run("diff", "national", "demo", "--rules", str(DEMO), "--lang", "zh")
    assert "放宽          认定标准  core.output — 近三年产值均在30亿元以上\n" in zh.stdout  # the family named in Chinese too
    assert "### `core.output` — 近三年产值均在30亿元以上 (认定标准)\n\n- 要求:≥ 40亿元 → ≥ 30亿元 (放宽)\n" in md.stdout
    assert "- B (`demo`): 示例工信规〔2024〕1号 认定标准 一 · 原文 — “近三年产值均在30亿元以上”\n" in md.stdout
    assert "## 原样承继上级的规则(" in md.stdout


def test_cli_bad_input():
    unknown = run("diff", "national", "atlantis")
    assert (unknown.returncode, unknown.stderr) == (
        2, "clusterpolicy: error: unknown regime 'atlantis' (known: national, anhui, hainan)\n"
    )  # fmt: skip
    fam = run("diff", "national", "hainan", "--family", "criterias")
    assert fam.returncode == 2
    assert "unknown family 'criterias'" in fam.stderr
    fmt = run("diff", "national", "hainan", "--format", "xml")
    assert fmt.returncode == 2
    # other commands still refuse md
    assert run("regimes", "--format", "md").returncode == 2


def test_rules_not_inherited_are_removed_with_a_note():
    regimes = clusterpolicy.load_regimes()
    changes = {c.id: c for c in diff_regimes(regimes["national"], regimes["anhui"]).changes if c.family == "criteria"}
    assert changes["core.provincial_policy"].change is ChangeKind.ADDED
    assert changes["core.output"].change is ChangeKind.LOOSENED  # Anhui's own 30亿元 against the national 40
    assert changes["tiered.firms"].change is ChangeKind.CHANGED  # not encoded in Anhui: nothing borrowed
    out = changes["prerequisite.provincial"]
    assert (out.change, out.citation_b, out.note_en) == (
        ChangeKind.REMOVED, None, "not inherited: B starts this family from no rules (inherit = false)"
    )  # fmt: skip


YUNNAN = ROOT / "examples" / "rules" / "yunnan.toml"


def test_an_inheriting_province_reads_the_front_rank_at_its_level_and_its_amendments_carry_its_citation():
    regimes = clusterpolicy.load_regimes(rules=[YUNNAN])
    d = diff_regimes(regimes["national"], regimes["yunnan"])
    by_id = {c.id: c for c in d.changes}
    rank = by_id["core.front_rank"]  # the same rule object, read at the province's level
    assert rank.change is ChangeKind.LOOSENED
    assert [x.line_en for x in rank.details] == ["front-rank level: national → provincial"]
    assert "core.front_rank" not in {t.id for t in d.taken_over}  # a difference, listed once: among the changes
    out = by_id["core.output"]
    assert (out.change, out.citation_b.document) == (ChangeKind.LOOSENED, "工信部企业〔2022〕119号 附件《中小企业特色产业集群认定标准》")
    (amended,) = out.amended_b
    assert (amended.by, amended.paths, amended.citation.item_unknown) == ("yunnan", ("check.value",), True)
    firms = by_id["tiered.firms"]
    assert {x.path: x.direction for x in firms.details if x.direction is not Direction.NEUTRAL} == {
        "check.options[0].fields": Direction.CHANGED,
        "check.options[1].fields": Direction.CHANGED,
        "check.options[1].requirement": Direction.CHANGED,  # a number on other firms is no direction
    }
    assert by_id["prerequisite.provincial"].change is ChangeKind.NOT_INHERITED
    # the memo shows the amendment's own words and its author's reading beside its citation
    from clusterpolicy.regimes.memo import diff_text

    text = diff_text(d, "en")
    assert "changed parts (yunnan: check.value): 云南省中小企业特色产业集群认定标准(2023年暂行版) (article not known) · secondary — “近三年产值均在10亿元以上”\n" in text
    assert "\n        interpretation: provincial-or-higher 专精特新 SMEs are counted as the little giants" in text


def test_a_prerequisite_that_becomes_one_option_of_an_any_of_loosens():
    pre = Prerequisite(field="provincial_cluster")
    either = AnyOf(options=(pre, Threshold(fields=("firms.little_giants",), op=Op.GE, value=D(1))))
    (looser,) = compare_checks("check", pre, either)
    assert looser.direction is Direction.LOOSER
    assert looser.line_en == "check: provincial_cluster = true → any of: provincial_cluster = true; firms.little_giants ≥ 1"
    assert compare_checks("check", either, pre)[0].direction is Direction.TIGHTER
    assert compare_checks("check", pre, attrs.evolve(either, need=2))[0].direction is Direction.CHANGED


def test_procedure_is_compared_with_directions_where_an_order_exists():
    from datetime import date

    from clusterpolicy.lifecycle.kinds import Quota
    from clusterpolicy.regimes.diffrules import compare_rules

    regimes = clusterpolicy.load_regimes()
    call = next(r.rule for r in regimes["national"].timelines if r.id == "call.2025")
    earlier = attrs.evolve(call, rule=attrs.evolve(call.rule, deadline=date(2025, 6, 30)))
    assert [(d.path, d.direction, d.line_en) for d in compare_rules("timelines", call, earlier)] == [
        ("rule.deadline", Direction.TIGHTER, "deadline: 2025-07-15 → 2025-06-30")
    ]
    fewer = attrs.evolve(call, rule=attrs.evolve(call.rule, quotas=(Quota(submitters=("province",), at_most=6), Quota(submitters=("separately_planned_city", "xpcc"), at_most=2))))
    assert [(d.path, d.direction) for d in compare_rules("timelines", call, fewer)] == [("rule.quotas", Direction.TIGHTER)]
    quiet = attrs.evolve(call, rule=attrs.evolve(call.rule, over_quota_zh=None, over_quota_en=None))
    assert [(d.path, d.direction) for d in compare_rules("timelines", call, quiet)] == [("rule.over_quota", Direction.CHANGED)]  # not stated ≠ none
    fewer_papers = attrs.evolve(call, rule=attrs.evolve(call.rule, materials=call.rule.materials[:1], delivery_zh="邮寄", delivery_en="by post", disqualification=None))
    assert [(d.line_zh, d.line_en) for d in compare_rules("timelines", call, fewer_papers)] == [
        (
            "报送材料:《中小企业特色产业集群申报表》 (附件1, 附佐证材料); 《2025年度中小企业特色产业集群推荐汇总表》 (附件2) → 《中小企业特色产业集群申报表》 (附件1, 附佐证材料)",
            "materials: Application form (附件1, with evidence); 2025 recommendation summary table (附件2) → Application form (附件1, with evidence)",
        ),
        ("报送方式:加盖公章,各一式3份及电子版光盘1份,通过邮政特快专递(EMS)寄送 → 邮寄", "delivery: stamped; 3 copies each plus one CD, by EMS → by post"),
        (
            "取消资格:如发现虚假填报或隐瞒违法违规行为的,一经查实,立即取消其资格 → —",
            "disqualification: false reports or concealed violations, once verified, cancel the cluster's place at once → —",
        ),
    ]  # materials, delivery and disqualification in words, not field dumps
    validity = next(r.rule for r in regimes["national"].timelines if r.id == "validity")
    shorter = attrs.evolve(validity, rule=attrs.evolve(validity.rule, term_years=2))
    assert [(d.path, d.direction) for d in compare_rules("timelines", validity, shorter)] == [("rule.term_years", Direction.TIGHTER)]
    hainan_report = next(r.rule for r in regimes["hainan"].timelines if r.id == "annual_report")
    later = attrs.evolve(hainan_report, rule=attrs.evolve(hainan_report.rule, days=(attrs.evolve(hainan_report.rule.days[0], month=4, day=30),)))
    (day,) = compare_rules("timelines", hainan_report, later)
    assert (day.path, day.direction, day.line_zh) == ("rule.days", Direction.LOOSER, "年度报送日:各批次: 3-30 → 各批次: 4-30")
