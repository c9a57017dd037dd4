"""The built-in jurisdictions are data: one rule file per package, shipped with the texts it cites.

For every built-in: the entry point names a rule file inside its package, the package holds no
code, every ``SourceDocument.file`` exists inside the installed package, and every quote of a
citation whose provenance is ``text`` occurs in the file of the document it cites.

Quotes are transcribed in simplified characters with half-width punctuation, while some texts are
reposts in traditional characters (Hainan's measures, the 2022 list notice): both sides are
converted to simplified characters (OpenCC ``t2s``), full-width ASCII forms become half-width and
whitespace (including the line breaks of the cleaned copies) is removed. A quote may leave words
out with ``…`` / ``……``: its pieces must then occur in that order.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from collections.abc import Iterator
from importlib import resources
from importlib.metadata import entry_points

import attrs
import opencc
import pytest

import clusterpolicy
from clusterpolicy.model import Citation, Provenance
from clusterpolicy.regimes.families import FAMILIES
from clusterpolicy.regimes.rulefile import load_resource

BUILTINS = ("national", "hainan", "anhui")

_T2S = opencc.OpenCC("t2s")
_FULL_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}  # ！…～ → !…~
_ELISION = re.compile("…+")


def normalise(text: str) -> str:
    """Simplified characters, half-width punctuation, no whitespace."""
    return re.sub(r"\s+", "", _T2S.convert(text).translate(_FULL_WIDTH))


def quote_occurs(quote: str, text: str) -> bool:
    """Whether ``quote`` (possibly elided with …) occurs in ``text``, both already normalised."""
    pos = 0
    for piece in filter(None, _ELISION.split(quote)):
        found = text.find(piece, pos)
        if found < 0:
            return False
        pos = found + len(piece)
    return True


def _entry_point(name: str):
    (ep,) = [ep for ep in entry_points(group="clusterpolicy") if ep.name == name]
    return ep


def _package(jid: str) -> str:
    return _entry_point(jid).module


def cited(obj: object, path: str) -> Iterator[tuple[str, Citation, Provenance]]:
    """Every (path, citation, provenance) pair in a rule, nested ones included (batches, days, documents…)."""
    if attrs.has(type(obj)):
        names = {f.name for f in attrs.fields(type(obj))}
        if {"citation", "provenance"} <= names:
            yield path, obj.citation, obj.provenance  # type: ignore[attr-defined]
        for f in attrs.fields(type(obj)):
            yield from cited(getattr(obj, f.name), f"{path}.{f.name}")
    elif isinstance(obj, tuple):
        for i, x in enumerate(obj):
            yield from cited(x, f"{path}[{i}]")


@pytest.fixture(scope="module")
def regimes():
    return clusterpolicy.load_regimes()


@pytest.mark.parametrize("jid", BUILTINS)
def test_the_entry_point_names_a_rule_file_in_the_package(jid):
    ep = _entry_point(jid)
    assert ep.value == f"clusterpolicy_{jid}:{jid}.toml"
    rule_file = load_resource(ep.module, ep.attr, source=ep.value)  # parses and passes the file's own checks
    assert rule_file.jurisdiction.id == jid


def test_the_shipped_files_pass_check_rules():
    """What a reviewer runs on a copy: every load-time check, the built-ins blocked so as not to clash."""
    files = [str(resources.files(_package(jid)) / f"{jid}.toml") for jid in BUILTINS]
    blocks = [arg for jid in BUILTINS for arg in ("--block-plugin", jid)]
    run = subprocess.run(
        [sys.executable, "-m", "clusterpolicy", "check-rules", *files, *blocks], capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    assert "OK: every file loads and passes the load-time checks" in run.stdout


@pytest.mark.parametrize("jid", BUILTINS)
def test_the_package_holds_no_code(jid):
    """Rules are data: the package is only a docstring, so importlib.resources can find the files."""
    root = resources.files(_package(jid))
    modules = sorted(p.name for p in root.iterdir() if p.name.endswith(".py"))
    assert modules == ["__init__.py"]
    tree = ast.parse(root.joinpath("__init__.py").read_text(encoding="utf-8"))
    assert len(tree.body) == 1 and isinstance(tree.body[0], ast.Expr), "only a docstring"
    assert isinstance(tree.body[0].value, ast.Constant) and isinstance(tree.body[0].value.value, str)


@pytest.mark.parametrize("jid", BUILTINS)
def test_every_source_file_is_inside_the_installed_package(regimes, jid):
    root = resources.files(_package(jid))
    files = [s.file for s in regimes[jid].jurisdiction.sources if s.file is not None]
    assert files, "each built-in ships at least one text"
    for file in files:
        assert file.startswith("texts/"), file
        assert (root / file).is_file(), f"{jid}: {file} is not in package {_package(jid)}"


@pytest.mark.parametrize("jid", BUILTINS)
def test_every_text_quote_occurs_in_the_cited_text(regimes, jid):
    regime = regimes[jid]
    root = resources.files(_package(jid))
    sources = {s.id: s for s in regime.jurisdiction.sources}
    texts: dict[str, str] = {}
    problems, checked = [], 0
    for family in FAMILIES:
        for resolved in getattr(regime, family):
            if resolved.origin != jid:
                continue  # inherited: checked with the jurisdiction that wrote it
            for path, citation, provenance in cited(resolved.rule, f"{family} {resolved.id}"):
                if provenance is not Provenance.TEXT or not citation.quote:
                    continue
                source = sources.get(citation.document)
                if source is None or source.file is None:
                    problems.append(f"{path}: cites {citation.document!r}, which has no text file")
                    continue
                if source.file not in texts:
                    texts[source.file] = normalise((root / source.file).read_text(encoding="utf-8"))
                checked += 1
                if not quote_occurs(normalise(citation.quote), texts[source.file]):
                    problems.append(f"{path}: quote not in {source.file}: {citation.quote!r}")
    assert not problems, "\n".join(problems)
    assert checked > 0


@pytest.mark.parametrize("jid", ["national", "hainan"])
def test_revocation_for_an_incident_uses_the_negative_list_bars(regimes, jid):
    """A rule file cannot refer to another rule, so the bars are written twice: keep them equal."""
    regime = regimes[jid]
    negative_list = next(r.rule for r in regime.criteria if r.id == "negative_list")
    incident = next(r.rule for r in regime.revocation_grounds if r.id == "revocation.incident")
    assert incident.ground.bars == negative_list.check.bars


def test_normalisation_matches_across_scripts_and_layout():
    text = normalise("統籌建立了多元創新平臺,與大型企業\n  創新合作緊密")
    assert quote_occurs(normalise("统筹建立了多元创新平台,与大型企业创新合作紧密"), text)
    assert quote_occurs(normalise("统筹建立了…与大型企业……紧密"), text)
    assert not quote_occurs(normalise("统筹建立了多元新平台"), text)
    assert not quote_occurs(normalise("紧密…统筹"), text)  # pieces in order


_CN_DATE = "{0.year}年{0.month}月{0.day}日"


@pytest.mark.parametrize("jid", BUILTINS)
def test_a_document_number_or_date_the_file_does_not_show_is_not_labelled_text(jid):
    """RULES.md: a number or date that the files beside it do not show is secondary, even when the words are text."""
    regime = clusterpolicy.load_regimes()[jid]
    root = resources.files(_package(jid))
    problems, checked = [], 0
    for s in regime.jurisdiction.sources:
        if s.file is None or s.provenance is not Provenance.TEXT:
            continue
        text = normalise((root / s.file).read_text(encoding="utf-8"))
        checked += 1
        number_shown = "〔" in s.id and normalise(s.id) in text
        if "〔" in s.id and (s.number_provenance or s.provenance) is Provenance.TEXT and not number_shown:
            problems.append(f"{s.id}: the number is not in {s.file}, so number_provenance must not be text")
        if number_shown and s.number_provenance is not None:
            problems.append(f"{s.id}: the number is in {s.file}; number_provenance {s.number_provenance.value} under-claims")
        for day, label, prov in ((s.issued, "issued", s.issued_provenance), (s.copy_dated, "copy_dated", None)):
            if day is None:
                continue
            shown = normalise(_CN_DATE.format(day)) in text or day.isoformat() in text
            if (prov or s.provenance) is Provenance.TEXT and not shown:
                problems.append(f"{s.id}: {label} {day} is not in {s.file}")
        if s.in_force is not None and s.in_force.provenance is Provenance.TEXT:
            if not quote_occurs(normalise(s.in_force.citation.quote or "?"), text):
                problems.append(f"{s.id}: in_force quote not in {s.file}")
    assert not problems, "\n".join(problems)
    assert checked > 0


def test_the_national_headings_and_negative_list_are_quoted_from_the_2025_notice(regimes):
    """The 2025 notice file quotes the measures' eight headings and the negative-list sentence (RULES.md)."""
    national = regimes["national"]
    root = resources.files(_package("national"))
    text = normalise((root / "texts/national-2025-recommendation-and-review-notice.txt").read_text(encoding="utf-8"))
    standard = "工信部企业〔2022〕119号 附件《中小企业特色产业集群认定标准》"
    by_id = {r.id: r.rule for r in national.criteria}
    assert by_id["negative_list"].provenance is Provenance.TEXT
    for rid in ("supply_chain", "innovation", "digital", "green", "opening", "governance"):
        rule = by_id[rid]
        assert (rule.citation.document, rule.provenance, rule.check.KIND) == (standard, Provenance.UNKNOWN, "not_encoded")
        assert quote_occurs(normalise(rule.citation.quote), text), rule.citation.quote  # the heading: text


def test_the_anhui_standard_one_is_secondary_and_nothing_else_is_borrowed(regimes):
    anhui = regimes["anhui"]
    assert {r.rule.provenance for r in anhui.criteria} == {Provenance.SECONDARY, Provenance.UNKNOWN}
    one = "集群主导产业为所在县域的支柱或特色产业,符合国家、安徽省产业政策和行业发展规划要求,发展水平位居细分领域安徽省前列,有较高的集群品牌知名度;占地面积一般不超过100平方公里,近三年产值均在30亿元以上,中小企业产值占集群总产值70%以上,主导产业占集群总产值比例高于70%,产值年均增速高于8%。"
    for r in anhui.criteria:
        if r.rule.indicator == "一":
            assert r.rule.provenance is Provenance.SECONDARY and r.rule.citation.quote in one, r.id  # RULES.md's words
        elif r.rule.indicator != "申报条件":
            assert r.rule.check.KIND == "not_encoded" and r.rule.provenance is Provenance.UNKNOWN, r.id


def test_the_2022_call_has_the_number_and_title_the_2022_list_notice_quotes(regimes):
    """The list notice names 《工业和信息化部办公厅关于组织推荐2022年度中小企业特色产业集群的通知》
    (工信厅企业函〔2022〕236号): number and title are text; the call's own words (quotes, due day) stay secondary."""
    national = regimes["national"]
    (call,) = [s for s in national.jurisdiction.sources if s.id == "工信厅企业函〔2022〕236号"]
    root = resources.files(_package("national"))
    text = normalise((root / "texts/national-2022-list-notice-and-measures-excerpts.txt").read_text(encoding="utf-8"))
    assert normalise(f"《{call.title_zh}》({call.id})") in text
    assert (call.provenance, call.number_provenance, call.file) == (Provenance.SECONDARY, Provenance.TEXT, None)
    assert call.title_en == "Notice of the MIIT General Office on organising the recommendation of the 2022 SME characteristic industrial clusters"
    (rule,) = [r for r in national.timelines if r.id == "call.2022"]
    assert (rule.rule.citation.document, rule.rule.provenance) == ("工信厅企业函〔2022〕236号", Provenance.SECONDARY)


def test_anhui_2024_call_names_the_department_of_industry_and_information_technology(regimes):
    """The 2024 notice is issued by and sent to 安徽省工业和信息化厅 (the text); 44号 (2023) keeps 安徽省经济和信息化厅."""
    anhui = regimes["anhui"]
    (call,) = [r.rule for r in anhui.case_calls if r.id == "cases-2024"]
    assert (call.issued_by_zh, call.issued_by_en) == ("安徽省工业和信息化厅", "Anhui Department of Industry and Information Technology")
    assert (call.route.recipient_zh, call.route.recipient_en) == (
        "安徽省工业和信息化厅(中小企业局)", "Anhui Department of Industry and Information Technology (SME Bureau)"
    )
    root = resources.files(_package("anhui"))
    text = normalise((root / "texts/anhui-2024-case-collection-notice.txt").read_text(encoding="utf-8"))
    assert normalise("安徽省工业和信息化厅关于征集") in text and "经济和信息化厅" not in text
    assert "Economy" not in repr(call)
