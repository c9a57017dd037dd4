"""Writing a province honestly: partial overrides (amend) that keep the parent's citation for what
they do not change, "article not known", interpretations, removals with their provenance, citations
of declared sources only, and a "did you mean" for a misspelt extra key."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

import clusterpolicy
from clusterpolicy import LoadError
from clusterpolicy.criteria.results import Status
from clusterpolicy.model import Citation
from inprocess import run

ROOT = Path(__file__).resolve().parents[1]
STRONG = ROOT / "examples" / "strong-national.toml"

HEAD = """\
[jurisdiction]
id = "prov"
name_zh = "测试省"
name_en = "Test province"
level = "provincial"
parent = "national"

[[jurisdiction.sources]]
id = "测试办法"
title_zh = "测试办法"
title_en = "Test measures"
provenance = "secondary"
"""


def load(tmp_path: Path, body: str):
    path = tmp_path / "prov.toml"
    path.write_text(HEAD + body, encoding="utf-8")
    return clusterpolicy.load_regimes(rules=[path]), path


def problems(tmp_path: Path, body: str) -> list[str]:
    with pytest.raises(LoadError) as err:
        load(tmp_path, body)
    return list(err.value.problems)


# --- amend: a partial override ------------------------------------------------------------------


AMEND_TIERED = """
[[criteria.amend]]
id = "tiered.firms"
set.check.options = [{}, { value = 8 }]
citation = { document = "测试办法", item = "二", quote = "不少于8家" }
provenance = "secondary"
interpretation = { note_zh = "八家按三类企业之和计", note_en = "the eight firms are counted across the three designations" }
"""


def test_an_amendment_changes_the_fields_it_names_and_keeps_the_rest(tmp_path, regimes):
    amended, _ = load(tmp_path, AMEND_TIERED)
    national, prov = regimes["national"].criteria, amended["prov"].criteria
    before = next(r for r in national if r.id == "tiered.firms")
    after = next(r for r in prov if r.id == "tiered.firms")
    assert after.rule.check.options[0] == before.rule.check.options[0]  # {} keeps the first alternative
    assert after.rule.check.options[1].value == Decimal(8) and after.rule.check.options[1].fields == before.rule.check.options[1].fields
    assert (after.rule.citation, after.origin, after.replaces) == (before.rule.citation, "national", None)  # the parent's citation
    (change,) = after.amendments
    assert (change.by, change.paths, change.citation.item, change.interpretation.note_en) == (
        "prov", ("check.options[1].value",), "二", "the eight firms are counted across the three designations"
    )  # fmt: skip


def test_a_finding_built_from_an_amended_rule_shows_both_citations(tmp_path):
    regimes, path = load(tmp_path, AMEND_TIERED)
    profile = clusterpolicy.profile_from_dict({"name": "x", "firms": {"single_champions": 0, "little_giants": 0, "specialised_smes": 6, "innovative_smes": 1, "high_tech": 1}})
    f = regimes["prov"].evaluate(profile).finding("tiered.firms")
    assert f.status is Status.PASS and f.inherited_from == "national"
    assert f.citation.document == "工信部企业〔2022〕119号 附件《中小企业特色产业集群认定标准》"
    assert [(a.by, a.paths, a.citation.document, a.provenance.value) for a in f.amendments] == [
        ("prov", ("check.options[1].value",), "测试办法", "secondary")
    ]
    text = run("evaluate", str(STRONG), "--rules", str(path), "-r", "prov").stdout
    assert (
        "工信部企业〔2022〕119号 附件《中小企业特色产业集群认定标准》 二 · secondary · inherited from national; "
        "check.options[1].value: 测试办法 二 · secondary (prov) · interpretation"
    ) in text
    assert "  tiered.firms — interpretation (prov): the eight firms are counted across the three designations" in text
    # an amended rule counts at the least sure of its provenances; its interpretation is counted too
    listing = json.loads(run("regimes", "--rules", str(path), "--format", "json").stdout)
    prov = next(r for r in listing["regimes"] if r["id"] == "prov")
    assert prov["inferred"]["criteria"] == 2 and prov["declarable"] == ["supply_chain", "innovation", "digital", "green", "opening", "governance"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('[[criteria.amend]]\nid = "prerequisite.provincial"\nset.check.field = "x"\n',
         "amends criteria 'prerequisite.provincial' for 'prov', but rule 'prerequisite.provincial' of 'national' is not inherited by children"),
        ('[[criteria.amend]]\nid = "supply_chain"\nset.check.note_zh = "x"\n',
         "amends criteria 'supply_chain' for 'prov': the rule is not encoded (its content is unknown): override it as a whole"),
        ('[[criteria.amend]]\nid = "supply_chain"\nset.title_zh = "供应链"\n',
         "amends criteria 'supply_chain' for 'prov': the rule is not encoded (its content is unknown): override it as a whole"),
        ('[[criteria.amend]]\nid = "core.output"\nset.check.kind = "threshold"\n',
         "$.set.check.kind: an amendment keeps the check's kind ('each_year'); override the rule to change it"),
        ('[[criteria.amend]]\nid = "core.output"\nset.check.value = "lots"\n',
         "amends criteria 'core.output' for 'prov': $.set.check.value: expected a decimal number; got 'lots'"),
        ('[[criteria.amend]]\nid = "core.output"\nset.check.valu = 3\n',
         "amends criteria 'core.output' for 'prov': $.set.check: unknown key(s): valu"),
    ],
)
def test_an_amendment_that_cannot_apply_is_a_load_error_with_its_key(tmp_path, body, message):
    cite = 'citation = { document = "测试办法", item_unknown = true }\nprovenance = "secondary"\n'
    found = problems(tmp_path, body + cite)
    assert len(found) == 1 and message in found[0], found
    assert found[0].endswith("$.criteria.amend[0]]")


def test_check_rules_notes_a_title_that_still_states_the_amended_number(tmp_path):
    _, path = load(tmp_path, AMEND_TIERED)
    out = run("check-rules", str(path))
    assert out.returncode == 0, out.stderr
    assert [line for line in out.stdout.splitlines() if line.startswith("note:")] == [
        f"note: {path}: $.criteria.amend[0]: title_zh, title_en, check.labels_zh, check.labels_en still state 10, the parent's number (tiered.firms is amended to 8): amend the wording too"
    ]
    titled = AMEND_TIERED.replace("set.check.options", 'set.title_zh = "不少于8家"\nset.title_en = "at least 8"\nset.check.labels_zh = ["1", "8"]\nset.check.labels_en = ["1", "8"]\nset.check.options')
    _, path = load(tmp_path, titled)
    assert "note:" not in run("check-rules", str(path)).stdout


def test_an_english_title_that_states_an_amount_in_billions_is_noted_too(tmp_path):
    """national's core.output reads "Output at least 4 bn yuan …" for 40亿元: amended to 30, both titles
    still state the parent's number; a title giving 3 bn (30亿元) does not."""
    amend = '[[criteria.amend]]\nid = "core.output"\nset.check.value = 30\ncitation = { document = "测试办法", item = "一" }\nprovenance = "text"\n'
    _, path = load(tmp_path, amend)
    notes = [line for line in run("check-rules", str(path)).stdout.splitlines() if line.startswith("note:")]
    assert notes == [f"note: {path}: $.criteria.amend[0]: title_zh, title_en still state 40, the parent's number (core.output is amended to 30): amend the wording too"]
    _, path = load(tmp_path, amend.replace("set.check.value = 30", 'set.check.value = 30\nset.title_zh = "近三年产值均在30亿元以上"'))
    notes = [line for line in run("check-rules", str(path)).stdout.splitlines() if line.startswith("note:")]
    assert notes == [f"note: {path}: $.criteria.amend[0]: title_en still states 40, the parent's number (core.output is amended to 30): amend the wording too"]
    retitled = amend.replace("set.check.value = 30", 'set.check.value = 30\nset.title_zh = "近三年产值均在30亿元以上"\nset.title_en = "Output at least 3 bn yuan in each of the last three years"')
    _, path = load(tmp_path, retitled)
    assert "note:" not in run("check-rules", str(path)).stdout


def test_a_document_declared_twice_does_not_load(tmp_path):
    twice = '[[jurisdiction.sources]]\nid = "测试办法"\ntitle_zh = "另一份"\ntitle_en = "Another"\nprovenance = "text"\n'
    assert problems(tmp_path, twice) == [f"{tmp_path / 'prov.toml'}: $.jurisdiction.sources: document '测试办法' is declared twice: declare each document once"]


def test_an_amendment_needs_a_source_for_what_it_changes(tmp_path):
    amend = '[[criteria.amend]]\nid = "core.output"\nset.check.value = 30\n'
    amend += 'citation = { document = "测试办法", item_unknown = true }\nprovenance = "unknown"\n'
    assert problems(tmp_path, amend) == [
        f"{tmp_path / 'prov.toml'}: $.criteria.amend[0].provenance: an amendment's changed parts need a source (text or secondary); "
        "a rule whose content is unknown is overridden as a whole with check kind 'not_encoded'"
    ]


def test_an_amendment_and_an_override_of_one_rule_conflict(tmp_path):
    cite = 'citation = { document = "测试办法", item_unknown = true }\nprovenance = "secondary"\n'
    override = '[[criteria.override]]\nid = "core.area"\nindicator = "一"\ntitle_zh = "t"\ntitle_en = "t"\n'
    override += 'check = { kind = "threshold", fields = ["area_km2"], op = "le", value = 50 }\n' + cite
    amend = '[[criteria.amend]]\nid = "core.area"\nset.check.value = 80\n' + cite
    assert problems(tmp_path, override + amend) == [
        "rule 'core.area' for 'prov' is both overridden (plugin 'prov.toml') and amended (plugin 'prov.toml')"
    ]
    assert problems(tmp_path, '[[criteria.amend]]\nid = "core.area"\nset = {}\n' + cite)[0].endswith(
        "$.criteria.amend[0].set: must change at least one field"
    )


# --- article not known, interpretations, removals, declared sources --------------------------------


def test_article_not_known_is_said_never_a_placeholder():
    unknown = Citation(document="测试办法", item_unknown=True)
    assert (unknown.render("en"), unknown.render("zh")) == ("测试办法 (article not known)", "测试办法 (条款未知)")
    with pytest.raises(ValueError, match="required: the article or item"):
        Citation(document="测试办法")
    with pytest.raises(ValueError, match="give either an item or item_unknown = true, not both"):
        Citation(document="测试办法", item="第一条", item_unknown=True)


def test_an_interpretation_needs_its_note_in_both_languages(tmp_path):
    body = '[[criteria.add]]\nid = "prov.x"\nindicator = "四"\ntitle_zh = "t"\ntitle_en = "t"\n'
    body += 'check = { kind = "attestation", key = "x" }\ncitation = { document = "测试办法", item_unknown = true }\n'
    body += 'provenance = "secondary"\ninterpretation = { note_zh = "推定" }\n'
    path = tmp_path / "prov.toml"
    path.write_text(HEAD + body, encoding="utf-8")
    with pytest.raises(LoadError) as err:
        clusterpolicy.load_regimes(rules=[path])
    assert err.value.problems == (f"{path}: $.criteria.add[0].interpretation.note_en: required field missing",)


def test_a_removal_shows_its_reason_and_provenance_everywhere(tmp_path):
    regimes, path = load(
        tmp_path,
        '[[criteria.remove]]\nid = "core.brand"\nreason_zh = "未要求"\nreason_en = "not required by the provincial standard"\n'
        'citation = { document = "测试办法", item = "一" }\nprovenance = "secondary"\n',
    )
    a = regimes["prov"].evaluate(clusterpolicy.load_profile(STRONG))
    (removed,) = a.removed
    assert (removed.rule, removed.by, removed.provenance.value) == ("core.brand", "prov", "secondary")
    text = run("compare", str(STRONG), "--rules", str(path), "-r", "national", "-r", "prov").stdout
    assert "  prov: not applied, removed by prov — not required by the provincial standard [测试办法 一 · secondary]" in text
    listing = json.loads(run("regimes", "--rules", str(path), "--format", "json").stdout)
    prov = next(r for r in listing["regimes"] if r["id"] == "prov")
    assert prov["removed"] == [{"family": "criteria", "id": "core.brand", "by": "prov", "reason_zh": "未要求",
                                "reason_en": "not required by the provincial standard", "provenance": "secondary",
                                "citation": {"document": "测试办法", "item": "一", "item_unknown": False, "quote": None}}]  # fmt: skip


def test_a_citation_of_an_undeclared_document_does_not_load(tmp_path):
    body = '[[criteria.add]]\nid = "prov.x"\nindicator = "四"\ntitle_zh = "t"\ntitle_en = "t"\n'
    body += 'check = { kind = "attestation", key = "x" }\ncitation = { document = "别的文件", item = "一" }\nprovenance = "text"\n'
    body += '\n[[timelines.add]]\nid = "validity"\ntitle_zh = "有效期"\ntitle_en = "Validity"\n'
    body += 'citation = { document = "测试办法", item = "一" }\nprovenance = "text"\n'
    body += 'rule = { kind = "validity", term_years = 3, batches = [{ batches = {}, start_rule = "record", citation = { document = "某名单", item = "一" }, provenance = "secondary" }] }\n'
    found = problems(tmp_path, body)
    assert [p.split(", which")[0] for p in found] == [
        "plugin 'prov.toml': criteria add 'prov.x' for 'prov': citation names '别的文件'",
        "plugin 'prov.toml': timelines add 'validity' for 'prov': rule.batches[0].citation names '某名单'",
    ]
    assert "declare it under [[jurisdiction.sources]]" in found[0] and found[0].endswith("$.criteria.add[0].citation.document]")


def test_a_misspelt_extra_key_that_no_rule_reads_gets_a_did_you_mean(tmp_path):
    body = '[[criteria.add]]\nid = "prov.standards"\nindicator = "四"\ntitle_zh = "t"\ntitle_en = "t"\n'
    body += 'check = { kind = "threshold", fields = ["extra.standards_set"], op = "ge", value = 2 }\n'
    body += 'citation = { document = "测试办法", item_unknown = true }\nprovenance = "secondary"\n'
    regimes, _ = load(tmp_path, body)
    typo = clusterpolicy.profile_from_dict({"name": "x", "extra": {"standard_set": 3, "exports": 5}})
    notes = [n for n in regimes["prov"].evaluate(typo).warnings if n.code == "unread_key"]
    assert [n.en for n in notes] == [
        "the profile's extra.standard_set is read by no rule of prov; did you mean extra.standards_set "
        "(read by prov.standards, missing from the profile)?"
    ]  # extra.exports is close to nothing a rule reads: no note
    right = clusterpolicy.profile_from_dict({"name": "x", "extra": {"standards_set": 3}})
    assert not [n for n in regimes["prov"].evaluate(right).warnings if n.code == "unread_key"]


def test_past_twenty_unread_keys_the_rest_are_counted_not_checked(tmp_path):
    body = '[[criteria.add]]\nid = "prov.standards"\nindicator = "四"\ntitle_zh = "t"\ntitle_en = "t"\n'
    body += 'check = { kind = "threshold", fields = ["extra.standards_set"], op = "ge", value = 2 }\n'
    body += 'citation = { document = "测试办法", item_unknown = true }\nprovenance = "secondary"\n'
    regimes, _ = load(tmp_path, body)
    extra = {"standard_set": 3, **{f"standards_se{i:02}": 1 for i in range(21)}}  # 22 keys no rule reads, all near-misses
    notes = [n for n in regimes["prov"].evaluate(clusterpolicy.profile_from_dict({"name": "x", "extra": extra})).warnings
             if n.code.startswith("unread_key")]  # fmt: skip
    assert len(notes) == 21 and {n.code for n in notes[:20]} == {"unread_key"}
    assert notes[0].en.startswith("the profile's extra.standard_set is read by no rule of prov; did you mean extra.standards_set")
    assert notes[19].en.startswith("the profile's extra.standards_se18 is read by no rule of prov;")
    assert (notes[20].code, notes[20].en, notes[20].zh) == (
        "unread_keys_more",
        "2 more extra or attestations keys of the profile are read by no rule of prov; not checked for a likely typo (the first 20 were)",
        "档案中另有 2 个 extra 或 attestations 键未被本制度任何指标读取,未逐一检查是否拼写有误(仅检查了前 20 个)",
    )
