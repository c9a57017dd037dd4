"""Scaffolds for a new jurisdiction: a commented TOML rule file, or a Python plugin package.

Both load and pass the load-time checks exactly as written; the commented examples in the TOML
file also load once uncommented (a test does so), so an analyst can start from them.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..errors import InputError
from ..files import write_text

from .tomlwriter import _string as q


def module_name(jid: str) -> str:
    """Import name of a jurisdiction's plugin package: specific, never generic (``clusterpolicy_<id>``)."""
    return "clusterpolicy_" + re.sub(r"[^a-z0-9_]", "_", jid)

TOML_TEMPLATE = """\
# Rule file for the jurisdiction "{id}" — written for clusterpolicy, no Python needed.
#
#   check it:     clusterpolicy check-rules {file}
#   compare:      clusterpolicy diff {parent} {id} --rules {file} --format md
#   evaluate:     clusterpolicy compare PROFILE.toml --rules {file}
#
# Everything below is data. Field names are the ones the Python classes use; the same file
# format describes the built-in regimes (see `clusterpolicy export-rules {parent}`).
# Every rule needs a citation (a document declared under [[jurisdiction.sources]] + the article or
# item, or `item_unknown = true` when your source does not say; `quote` = the source's own words) and
# a provenance: "text" (the text is at hand), "secondary" (known from reposts) or "unknown" (only with
# check kind "not_encoded": never invent a value no source states). What you inferred yourself goes
# in an `interpretation` with a note — it is shown with every finding.
#
# What you inherit from "{parent}": its *standard* (criteria, typical-case categories and calls), not
# its *procedure* (timelines, revocation grounds — write your own) and not its rules marked
# `inherited = false` (for national: the provincial-cluster prerequisite, the western relaxation).
# `clusterpolicy check-rules {file}` lists what you take over unchanged.
#
# Statutory number words → operators (以上/以下/以内/超过/不满: 民法典 第1259条; the others by plain meaning):
#   以上/不少于/不低于 = "ge"   以下/以内/不超过 = "le"   高于/超过 = "gt"   低于/不满 = "lt"   等于 = "eq"

[jurisdiction]
id = {id_q}
name_zh = {name_zh}
name_en = {name_en}
level = {level_q}        # national, provincial, city, county
parent = {parent_q}       # rules are inherited from here, then changed below

# The documents the rules come from (one table per document); a citation names one of them.
# [[jurisdiction.sources]]
# id = "X工信规〔2024〕1号"
# title_zh = "X省中小企业特色产业集群认定管理办法"
# title_en = "X province measures for recognising SME characteristic industrial clusters"
# issued = 2024-03-01
# provenance = "text"

[criteria]
inherit = true   # start from the parent's inherited criteria; false = start from none

# --- Change a number only: amend an inherited criterion (the rest keeps the parent's citation).
# [[criteria.amend]]
# id = "core.output"
# set.check.value = 30
# set.title_zh = "近三年产值均在30亿元以上"
# set.title_en = "Output at least 3 bn yuan in each of the last three years"
# citation = {{ document = "X工信规〔2024〕1号", item = "认定标准 一", quote = "近三年产值均在30亿元以上" }}
# provenance = "text"

# --- Restate a rule as a whole: override an inherited criterion by its id.
# [[criteria.override]]
# id = "core.sme_share"
# indicator = "一"
# title_zh = "中小企业产值占集群总产值比例高于75%"
# title_en = "SME output more than 75% of total output"
# check = {{ kind = "share", numerator = "sme_output", denominator = "total_output", op = "gt", value = 75 }}
# citation = {{ document = "X工信规〔2024〕1号", item = "认定标准 一", quote = "中小企业产值占集群总产值比例高于75%" }}
# provenance = "text"

# --- A soft limit (一般不超过: reported, not disqualifying) and a waiver.
# [[criteria.override]]
# id = "core.growth"
# indicator = "一"
# title_zh = "产值年均增速高于8%(特殊情况不要求)"
# title_en = "Average annual output growth more than 8% (not required in special circumstances)"
# check = {{ kind = "growth", field = "total_output", years = 3, op = "gt", value = 8 }}
# soft = false
# waiver = {{ when = {{ field = "special_circumstances", equals = true }}, note_zh = "特殊情况影响,该指标不要求", note_en = "not required in special circumstances" }}
# citation = {{ document = "X工信规〔2024〕1号", item = "认定标准 一" }}
# provenance = "text"

# --- A different any-of: need 2 of the alternatives instead of 1.
# [[criteria.override]]
# id = "tiered.firms"
# indicator = "二"
# title_zh = "梯度培育:以下两项均须满足"
# title_en = "Tiered cultivation: both alternatives required"
# citation = {{ document = "X工信规〔2024〕1号", item = "认定标准 二" }}
# provenance = "text"
# [criteria.override.check]
# kind = "any_of"
# need = 2
# options = [
#   {{ kind = "threshold", fields = ["firms.single_champions", "firms.little_giants"], op = "ge", value = 1, unit = "家" }},
#   {{ kind = "threshold", fields = ["firms.specialised_smes", "firms.innovative_smes", "firms.high_tech"], op = "ge", value = 8, unit = "家" }},
# ]
# labels_zh = ["单项冠军/小巨人 ≥ 1", "专精特新/创新型/高新技术企业 ≥ 8"]
# labels_en = ["champions/little giants ≥ 1", "specialised/innovative/high-tech SMEs ≥ 8"]

# --- Who may apply, and at which division level (county, district, town, subdistrict).
# [[criteria.override]]
# id = "scope.applicant"
# indicator = "申报条件"
# title_zh = "由县级主管部门或集群运营管理机构申报"
# title_en = "Applicant is the county authority or the cluster's operating body"
# check = {{ kind = "in_set", field = "applicant", values = ["county_sme_authority", "operating_body"] }}
# citation = {{ document = "X工信规〔2024〕1号", item = "第十条" }}
# provenance = "text"
#
# [[criteria.add]]
# id = "{id}.division_level"
# indicator = "申报条件"
# title_zh = "集群位于县或市辖区"
# title_en = "Cluster lies in a county or a city district"
# check = {{ kind = "in_set", field = "division_level", values = ["county", "district"] }}
# citation = {{ document = "X工信规〔2024〕1号", item = "第十条" }}
# provenance = "text"

# --- A new numeric requirement over an extra indicator the profile gives under [extra]; the
# article is not known and what "制修订" counts is the author's reading (an interpretation).
# [[criteria.add]]
# id = "{id}.standards"
# indicator = "四"
# title_zh = "主导产业标准制修订不少于2项"
# title_en = "At least 2 standards of the leading industry set or revised"
# check = {{ kind = "threshold", fields = ["extra.standards_set"], op = "ge", value = 2, unit = "项" }}
# citation = {{ document = "X工信规〔2024〕1号", item_unknown = true }}
# provenance = "text"
# interpretation = {{ note_zh = "制定和修订均计入", note_en = "standards set and standards revised both count" }}

# --- An inherited rule your text departs from, with the reason and where it says so.
# [[criteria.remove]]
# id = "core.brand"
# reason_zh = "省级认定标准未要求集群品牌知名度"
# reason_en = "The provincial standard does not require a well-known brand"
# citation = {{ document = "X工信规〔2024〕1号", item = "认定标准 一" }}
# provenance = "text"

# Procedure is your own: the parent's timelines and revocation grounds are not inherited.
# [timelines]
#
# [[timelines.add]]
# id = "validity"
# title_zh = "有效期三年"
# title_en = "Validity: three years"
# citation = {{ document = "X工信规〔2024〕1号", item = "第十五条" }}
# provenance = "text"
# rule = {{ kind = "validity", term_years = 3, batches = [{{ batches = {{}}, start_rule = "announcement_date", citation = {{ document = "X工信规〔2024〕1号", item = "第十五条" }}, provenance = "text" }}] }}
#
# [[timelines.add]]
# id = "annual_report"
# title_zh = "年度报送(每年3月31日前)"
# title_en = "Annual report (by 31 March)"
# citation = {{ document = "X工信规〔2024〕1号", item = "第十六条" }}
# provenance = "text"
# rule = {{ kind = "annual_report", recipient_zh = "省工业和信息化厅", recipient_en = "the provincial department", days = [{{ batches = {{}}, month = 3, day = 31, citation = {{ document = "X工信规〔2024〕1号", item = "第十六条" }}, provenance = "text" }}] }}
#
# [revocation_grounds]
#
# [[revocation_grounds.add]]
# id = "revocation.false_declaration"
# item = "(一)"
# title_zh = "发现虚假申报"
# title_en = "False declaration found"
# ground = {{ kind = "event_found", findings = ["false_declaration"] }}
# citation = {{ document = "X工信规〔2024〕1号", item = "第十八条(一)" }}
# provenance = "text"

# Timelines (validity, annual_report, review, review_round, recommendation_call with submitter kinds
# and quotas, period, dated_period), revocation grounds, case categories and case calls: see
# docs/adding-your-province.md for each kind, or run `clusterpolicy export-rules {parent}`.
"""


def toml_template(jid: str, parent: str | None, level: str, name_zh: str | None, name_en: str | None) -> str:
    """A commented rule file that loads as written."""
    return TOML_TEMPLATE.format(
        id=jid,
        id_q=q(jid),
        file=f"{jid}.toml",
        parent=parent or "national",
        parent_q=q(parent) if parent else '""',
        level_q=q(level),
        name_zh=q(name_zh or f"{jid}(请填写中文名称)"),
        name_en=q(name_en or f"{jid} (fill in the English name)"),
    )


PYPROJECT = """\
[build-system]
requires = ["setuptools>=69"]
build-backend = "setuptools.build_meta"

[project]
name = "clusterpolicy-{id}"
version = "0.1.0"
description = "clusterpolicy rules for {name_en}"
requires-python = ">=3.10"
dependencies = ["clusterpolicy"]

[project.optional-dependencies]
test = ["pytest>=8"]

# clusterpolicy finds the plugin through this entry point, exactly like the built-in ones.
[project.entry-points.clusterpolicy]
{id} = "{module}"

[tool.setuptools]
packages = ["{module}"]
"""

MODULE = '''\
"""clusterpolicy plugin for {name_en}.

Every rule carries a citation (document number + article/item) and a provenance. Statutory
number words choose the operator: ``op_for("以上")`` is ``Op.GE``, ``op_for("高于")`` is ``Op.GT``.
"""

from __future__ import annotations

from clusterpolicy import Jurisdiction, Level, RuleChanges, hookimpl

JURISDICTION = Jurisdiction(
    id={id_q},
    name_zh={name_zh},
    name_en={name_en},
    level=Level({level_q}),
    parent={parent_q},
    sources=(),  # SourceDocument(id=..., title_zh=..., title_en=..., provenance=Provenance.TEXT)
)


@hookimpl
def clusterpolicy_jurisdictions():
    return [JURISDICTION]


@hookimpl
def clusterpolicy_criteria():
    # override=(Criterion(id="core.output", ...),), add=(...), remove=(Removal(...),)
    return [RuleChanges(jurisdiction={id_q}, inherit=True)]
'''

TEST = '''\
"""Conformance: the jurisdiction loads, passes the load-time checks and its cases hold."""

from __future__ import annotations

from pathlib import Path

import {module}
from clusterpolicy.testing import check_case_file, load_checked

# Registered directly when the package is not installed; once installed, its entry point is used.
PLUGIN = [("{id}", {module})]


def test_loads_and_passes_load_time_checks():
    regimes = load_checked(extra=PLUGIN)
    assert {id_q} in regimes


def test_cases():
    # Add case files here: tests/cases/<name>.toml (see clusterpolicy.testing for the format).
    for case in sorted((Path(__file__).parent / "cases").glob("*.toml")):
        check_case_file(case, extra=PLUGIN)
'''


def python_package(
    root: Path, jid: str, parent: str | None, level: str, name_zh: str | None, name_en: str | None, replace: bool = False
) -> list[Path]:
    """Write a plugin package (pyproject with the entry point, module, test) under ``root``.

    Existing files are refused (nothing is written) unless ``replace``; each file is written
    atomically. A ``root`` that is a file, or cannot be created, is an :class:`InputError`."""
    values = dict(
        id=jid,
        module=module_name(jid),
        id_q=q(jid),
        parent_q=q(parent) if parent else "None",
        level_q=q(level),
        name_zh=q(name_zh or f"{jid}(请填写中文名称)"),
        name_en=q(name_en or f"{jid} (fill in the English name)"),
    )
    files = {
        root / "pyproject.toml": PYPROJECT.format(**{**values, "name_en": name_en or jid}),
        root / module_name(jid) / "__init__.py": MODULE.format(**values),
        root / "tests" / f"test_{jid}.py": TEST.format(**values),
        root / "tests" / "cases" / ".gitkeep": "",
    }
    if root.exists() and not root.is_dir():
        raise InputError(str(root), ["is a file, not a folder"])
    existing = [str(p) for p in files if os.path.lexists(p)]
    if existing and not replace:
        raise InputError(str(root), [f"already exists: {', '.join(existing)} (use --force to replace)"])
    for path, text in files.items():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(str(root), [f"cannot create the folder {path.parent}: {exc.strerror or exc}"]) from None
        write_text(path, text)
    return list(files)
