"""What a province inherits (plugins/RULES.md): the national standard, not the national procedure —
as data on each rule, resolved at load time, and visible in every output."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

import clusterpolicy
from clusterpolicy import LoadError
from clusterpolicy.criteria.results import Overall, Status
from clusterpolicy.regimes.families import INHERITED_BY_DEFAULT, inherits
from inprocess import run

ROOT = Path(__file__).resolve().parents[1]
STRONG = ROOT / "examples" / "strong-national.toml"

#: A province that declares parent = "national" and changes one threshold only — as a new author writes it.
THRESHOLDS_ONLY = """\
[jurisdiction]
id = "newprov"
name_zh = "新省中小企业特色产业集群(测试)"
name_en = "New province (test)"
level = "provincial"
parent = "national"

[[jurisdiction.sources]]
id = "新省办法(测试)"
title_zh = "新省认定办法(测试)"
title_en = "New province measures (test)"
provenance = "secondary"

[[criteria.amend]]
id = "core.output"
set.check.value = 10
citation = { document = "新省办法(测试)", item_unknown = true }
provenance = "secondary"
"""


@pytest.fixture(scope="module")
def newprov(tmp_path_factory):
    path = tmp_path_factory.mktemp("newprov") / "newprov.toml"
    path.write_text(THRESHOLDS_ONLY, encoding="utf-8")
    return path


def test_the_standard_is_inherited_and_the_procedure_is_not_by_default():
    assert INHERITED_BY_DEFAULT == {
        "criteria": True, "timelines": False, "revocation_grounds": False, "case_categories": True, "case_calls": True,
    }  # fmt: skip
    national = clusterpolicy.load_regimes()["national"]
    # national's level-specific rules say so in national.toml
    explicit = {r.id for fam in ("criteria", "timelines", "revocation_grounds") for r in getattr(national, fam) if r.rule.inherited is False}
    assert {"prerequisite.provincial", "relaxation.western", "annual_report", "review", "call.2025", "revocation.expiry"} <= explicit
    assert [r.id for r in national.criteria if not inherits("criteria", r.rule)] == ["prerequisite.provincial", "relaxation.western"]


def test_a_province_that_changes_only_a_threshold_takes_over_no_national_only_rule(newprov):
    regimes = clusterpolicy.load_regimes(rules=[newprov])
    prov = regimes["newprov"]
    ids = {r.id for r in prov.criteria}
    assert "prerequisite.provincial" not in ids and "relaxation.western" not in ids
    assert prov.timelines == () and prov.revocation_grounds == ()
    assert [r.id for r in prov.case_calls] == ["cases-2024"]  # MIIT's collection addresses every province
    profile = clusterpolicy.load_profile(ROOT / "examples" / "hainan-only.toml")  # not a provincial cluster, west? no
    a = prov.evaluate(profile)
    assert "prerequisite.provincial" not in {f.rule for f in a.findings}
    assert [x.rule for x in a.not_inherited] == ["prerequisite.provincial", "relaxation.western"]
    # everything it takes over says so, with the national citation
    pillar = a.finding("core.pillar_industry")
    assert (pillar.origin, pillar.inherited_from, pillar.citation.document) == (
        "national", "national", "工信部企业〔2022〕119号 附件《中小企业特色产业集群认定标准》"
    )  # fmt: skip


def test_the_front_rank_is_read_at_the_regimes_own_level(newprov, regimes):
    prov = clusterpolicy.load_regimes(rules=[newprov])["newprov"]
    profile = clusterpolicy.load_profile(ROOT / "examples" / "hainan-only.toml")  # front_rank = provincial
    national, provincial = regimes["national"].evaluate(profile).finding("core.front_rank"), prov.evaluate(profile).finding("core.front_rank")
    assert (national.status, national.threshold) == (Status.FAIL, "national")
    assert (provincial.status, provincial.threshold) == (Status.PASS, "provincial")
    assert provincial.reason_en.endswith(
        "the front rank is read at this regime's own level: provincial (inherited from national, whose text says "
        "“发展水平位居细分领域全国前列”)"
    )
    assert "全省前列" in provincial.reason_zh and "全国" not in provincial.title_zh.split("(")[0]


def test_own_level_has_no_meaning_below_a_province(tmp_path):
    city = tmp_path / "city.toml"
    city.write_text(THRESHOLDS_ONLY.replace('id = "newprov"', 'id = "somecity"').replace('level = "provincial"', 'level = "city"'), encoding="utf-8")
    with pytest.raises(LoadError) as err:
        clusterpolicy.load_regimes(rules=[city])
    assert list(err.value.problems) == [
        "plugin 'city.toml': criterion 'core.front_rank' (from 'national') for 'somecity': rank at_least = 'own_level' has no meaning "
        f"for a city regime (ranks: national, provincial): override or amend the rule with the level your text names [at {city}: $.jurisdiction.level]"
    ]


def test_inheritance_is_visible_in_evaluate_compare_and_json(newprov):
    text = run("evaluate", str(STRONG), "--rules", str(newprov), "-r", "newprov").stdout
    assert "工信部企业〔2022〕119号 附件《中小企业特色产业集群认定标准》 一 · secondary · inherited from national" in text
    assert "Parent's criteria not inherited (its own level or procedure):" in text
    assert "  prerequisite.provincial — Already recognised as a provincial cluster (first batch excepted) [工信部企业〔2022〕119号 第十二条 · text · national]" in text
    doc = json.loads(run("compare", str(STRONG), "--rules", str(newprov), "-r", "national", "-r", "newprov", "--format", "json").stdout)
    national, prov = doc["comparison"]["assessments"]
    pillar = next(f for f in prov["findings"] if f["rule"] == "core.pillar_industry")
    assert (pillar["inherited_from"], national["findings"][3]["inherited_from"]) == ("national", None)
    assert [x["rule"] for x in prov["not_inherited"]] == ["prerequisite.provincial", "relaxation.western"]
    zh = run("compare", str(STRONG), "--rules", str(newprov), "-r", "national", "-r", "newprov", "--lang", "zh").stdout
    assert "newprov: 不承继(national 的本级规定) [工信部企业〔2022〕119号 第十二条 · 原文]" in zh


def test_a_rule_of_the_procedure_that_says_inherited_true_is_taken_over_and_shown_as_inherited(tmp_path):
    parent = tmp_path / "parentprov.toml"
    parent.write_text(
        THRESHOLDS_ONLY.replace("newprov", "parentprov")
        + """
[[timelines.add]]
id = "annual_report"
title_zh = "年度报送"
title_en = "Annual report"
citation = { document = "新省办法(测试)", item_unknown = true }
provenance = "secondary"
inherited = true
rule = { kind = "annual_report", recipient_zh = "省厅", recipient_en = "the province", days = [{ batches = {}, month = 3, day = 31, citation = { document = "新省办法(测试)", item_unknown = true }, provenance = "secondary" }] }
""",
        encoding="utf-8",
    )
    city = tmp_path / "cityprov.toml"
    city.write_text(
        '[jurisdiction]\nid = "cityprov"\nname_zh = "某市"\nname_en = "A city"\nlevel = "city"\nparent = "parentprov"\n\n'
        "[criteria]\ninherit = false\n",  # a city's standard is its own (the front rank has no city level)
        encoding="utf-8",
    )
    regimes = clusterpolicy.load_regimes(rules=[parent, city])
    assert [(r.id, r.origin) for r in regimes["cityprov"].timelines] == [("annual_report", "parentprov")]
    record = clusterpolicy.record_from_dict({"name": "某集群", "regime": "cityprov", "batch": 2024, "announced": "2024-06-01"})
    tl = clusterpolicy.timeline(regimes["cityprov"], record, date(2025, 1, 10))
    report = next(i for i in tl.items if i.id == "annual_report.2025")
    assert (report.inherited_from, report.origin) == ("parentprov", "parentprov")


def test_check_rules_lists_what_a_jurisdiction_takes_over_unchanged(newprov):
    out = run("check-rules", str(newprov))
    assert out.returncode == 0, out.stderr
    assert "  taken over unchanged — criteria: negative_list, scope.county, scope.applicant, core.pillar_industry, " in out.stdout
    assert "core.front_rank (read at this regime's own level)" in out.stdout
    assert "  inherited with parts changed (amend) — criteria: core.output" in out.stdout
    doc = json.loads(run("check-rules", str(newprov), "--format", "json").stdout)
    (item,) = doc["files"]
    assert item["not_inherited"]["criteria"] == ["prerequisite.provincial", "relaxation.western"]
    assert item["own_level"] == ["core.front_rank"]


def test_hainan_and_anhui_keep_their_results_on_the_new_semantics(regimes):
    """Hainan no longer removes national-only rules (it simply does not inherit them) and Anhui needs no
    inherit = false for its procedure: their verdicts on the examples are what they were."""
    hainan, anhui = regimes["hainan"], regimes["anhui"]
    assert hainan.removed == () and anhui.removed == ()
    for example, expected in (("hainan-only.toml", Overall.ELIGIBLE), ("strong-national.toml", Overall.ELIGIBLE)):
        assert hainan.evaluate(clusterpolicy.load_profile(ROOT / "examples" / example)).status is expected
    assert anhui.evaluate(clusterpolicy.load_profile(STRONG)).status is Overall.INCOMPLETE
    assert [r.id for r in anhui.timelines] == ["validity", "annual_report", "review"]
    assert [r.id for r in anhui.revocation_grounds] == ["revocation.anhui"]


def test_a_file_that_takes_an_installed_id_and_names_it_as_parent_is_told_so(tmp_path):
    same = tmp_path / "same.toml"
    same.write_text(THRESHOLDS_ONLY.replace('id = "newprov"', 'id = "national"'), encoding="utf-8")
    with pytest.raises(LoadError) as err:
        clusterpolicy.load_regimes(rules=[same])
    assert list(err.value.problems) == [
        "plugin 'same.toml': jurisdiction 'national' names itself as its parent (a rule file declaring an installed jurisdiction's id "
        f"takes that plugin's place: give a new jurisdiction an id of its own) [at {same}: $.jurisdiction.parent]"
    ]


def test_a_profile_given_as_a_rule_file_is_named_as_a_profile(tmp_path):
    with pytest.raises(LoadError) as err:
        clusterpolicy.load_regimes(rules=[STRONG])
    assert list(err.value.problems) == [f"{STRONG}: $: a cluster profile (name, province, county), not a rule file: compare and evaluate read profiles"]
