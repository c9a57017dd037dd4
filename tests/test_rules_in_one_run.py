"""One run of check-rules says every problem of a rule file: of its shape, and of the load-time checks
on every part that loads (citations, inherited ids, profile fields), sorted by key path — and none
that is only a consequence of another."""

from __future__ import annotations

import pytest

import clusterpolicy
from clusterpolicy import LoadError

from inprocess import run
from test_docs_province import blocks
from test_rulefile_mistakes import XPROV

#: The file of docs/adding-your-province.md with problems of every stage: a level misspelt (shape), an
#: amended id the parent does not have and a citation of a document not declared (inheritance,
#: citations), a criterion that does not load (a field missing, an operator and a provenance
#: misspelt) naming a per-year field the profile does not have.
ZHEJIANG = next(body for kind, info, body in blocks() if info == "file=zhejiang.toml")

INHERITED = (
    "core.area, core.brand, core.front_rank, core.growth, core.industrial_policy, core.leading_share, core.output, "
    "core.pillar_industry, core.sme_share, digital, governance, green, …"
)


def test_check_rules_says_every_problem_of_every_stage_at_once(tmp_path):
    (tmp_path / "zhejiang.toml").write_text(ZHEJIANG, encoding="utf-8")
    declared = ", ".join(sorted({"X1", *(d.id for d in clusterpolicy.load_regimes()["national"].jurisdiction.sources)}))
    done = run("check-rules", "zhejiang.toml", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (3, "")
    assert done.stderr.splitlines() == [
        "clusterpolicy: error: invalid jurisdiction plugins:",
        "  - zhejiang.toml: $.jurisdiction.level: expected one of: national, provincial, city, county; got 'provincal' (did you mean 'provincial'?)",
        "  - plugin 'zhejiang.toml': amends criteria 'core.outputt' for 'zhejiang', but 'zhejiang' inherits no such rule "
        f"(did you mean 'core.output'? inherited: {INHERITED}) [at zhejiang.toml: $.criteria.amend[0]]",
        "  - plugin 'zhejiang.toml': criteria amend 'core.outputt' for 'zhejiang': citation names 'X2', which is not among the sources of "
        f"'zhejiang''s lineage (declared: {declared}); declare it under [[jurisdiction.sources]] [at zhejiang.toml: $.criteria.amend[0].citation.document]",
        "  - zhejiang.toml: $.criteria.override[0]: unknown per-year field 'sme_outputt' (did you mean 'sme_output'?)",
        "  - zhejiang.toml: $.criteria.override[0].check.op: expected one of: ge, gt, le, lt, eq; got 'gte' (did you mean 'ge'?)",
        "  - zhejiang.toml: $.criteria.override[0].indicator: required field missing",
        "  - zhejiang.toml: $.criteria.override[0].provenance: expected one of: text, secondary, unknown; got 'txt' (did you mean 'text'?)",
    ]
    zh = run("check-rules", "zhejiang.toml", "--lang", "zh", cwd=tmp_path).stderr.splitlines()
    assert [zh[0], zh[2].split("(")[0], zh[4]] == [
        "clusterpolicy: 错误:辖区插件或规则文件有误:",
        "  - 插件 'zhejiang.toml':修改 'zhejiang' 的 认定标准 'core.outputt',但 'zhejiang' 没有继承该规则",
        "  - zhejiang.toml: $.criteria.override[0]: 无法识别的年度字段 'sme_outputt'(是否应为 'sme_output'?)",
    ]
    fixed = ZHEJIANG.replace("provincal", "provincial").replace("core.outputt", "core.output").replace('"X2"', '"X1"')
    fixed = fixed.replace("sme_outputt", "sme_output").replace('"gte"', '"ge"').replace('"txt"', '"text"').replace('title_en = "b"\n', 'title_en = "b"\nindicator = "一"\n')
    (tmp_path / "zhejiang.toml").write_text(fixed, encoding="utf-8")
    assert run("check-rules", "zhejiang.toml", cwd=tmp_path).returncode == 0  # nothing more to fix: every problem was said at once


#: (what is wrong, the change to the walk-through's xprov.toml, the one problem said): the check that
#: would read the refused field is left out, as the problem that would follow from it.
CONSEQUENCES = [
    ("a source's id: citations naming it are not said undeclared", 'id = "X工信规〔2024〕1号"', 'id = ["X工信规〔2024〕1号"]',
     "F: $.jurisdiction.sources[0].id: expected a string; got ['X工信规〔2024〕1号']"),
    ("an amended id: it is not said to be inherited by no one", 'id = "core.output"', "id = 5", "F: $.criteria.amend[0].id: expected a string; got 5"),
    ("a check's field of a type it cannot have: it is not said to name no profile field", 'check = { kind = "in_set", field = "division_level"',
     'check = { kind = "in_set", field = 3', "F: $.criteria.add[0].check.field: expected a string; got 3"),
]


@pytest.mark.parametrize(("old", "new", "problem"), [c[1:] for c in CONSEQUENCES], ids=[c[0].split(":")[0] for c in CONSEQUENCES])
def test_what_follows_from_a_problem_is_not_reported(tmp_path, old, new, problem):
    assert old in XPROV
    path = tmp_path / "xprov.toml"
    path.write_text(XPROV.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(LoadError) as info:
        clusterpolicy.load_regimes(rules=[path])
    assert info.value.problems == (problem.replace("F: ", f"{path}: "),)


CITY = """\
[jurisdiction]
id = "ningbo"
name_zh = "宁波市"
name_en = "Ningbo"
level = "city"
parent = "national"

[[jurisdiction.sources]]
id = "甬经信〔2024〕1号"
title_zh = "宁波市认定办法(示例)"
title_en = "Ningbo measures (example)"
provenance = "text"
"""

FRONT_RANK = """
[[criteria.override]]
id = "core.front_rank"
indicator = "一"
title_zh = "发展水平位居细分领域全省前列"
title_en = "Ranks at the front of its sub-sector in the province"
check = { kind = "rank", at_least = "provincal" }
citation = { document = "甬经信〔2024〕1号", item = "一" }
provenance = "text"
"""


def test_a_rule_that_does_not_load_leaves_the_rule_it_replaces_unjudged(tmp_path):
    # A city regime must say at which level the inherited 'own_level' rank is read: without the
    # override, that is the problem; with an override that does not load, only the override's.
    path = tmp_path / "ningbo.toml"
    path.write_text(CITY, encoding="utf-8")
    with pytest.raises(LoadError) as info:
        clusterpolicy.load_regimes(rules=[path])
    assert info.value.problems == (
        "plugin 'ningbo.toml': criterion 'core.front_rank' (from 'national') for 'ningbo': rank at_least = 'own_level' has no meaning "
        f"for a city regime (ranks: national, provincial): override or amend the rule with the level your text names [at {path}: $.jurisdiction.level]",
    )
    path.write_text(CITY + FRONT_RANK, encoding="utf-8")
    with pytest.raises(LoadError) as info:
        clusterpolicy.load_regimes(rules=[path])
    assert info.value.problems == (
        f"{path}: $.criteria.override[0].check.at_least: expected one of: none, provincial, national, own_level; got 'provincal' (did you mean 'provincial'?)",
    )
    path.write_text(CITY + FRONT_RANK.replace("provincal", "provincial"), encoding="utf-8")
    assert clusterpolicy.load_regimes(rules=[path])["ningbo"].jurisdiction.level.value == "city"


def test_a_file_refusing_thousands_of_rules_is_read_no_further_than_a_reading_reports(tmp_path):
    refused = ('\n[[criteria.override]]\nid = "core.x{i}"\nindicator = 5\ntitle_zh = "a"\ntitle_en = "b"\ncitation = {{ document = "X2", item = "一" }}\n'
               'check = {{ kind = "share", numerator = "sme_outputt", denominator = "total_output", op = "ge", value = 75 }}\nprovenance = "text"\n')  # fmt: skip
    path = tmp_path / "xprov.toml"
    path.write_text(XPROV + "".join(refused.format(i=i) for i in range(3000)), encoding="utf-8")
    with pytest.raises(LoadError) as info:
        clusterpolicy.load_regimes(rules=[path])
    problems = info.value.problems
    # the converter's hundred (the last: the rest not reported); of the hundred rules read one by one
    # (override[2] to [101]), the field each names and the document each cites
    assert (len(problems), problems[-1]) == (300, f"{path}: $.criteria.override[102]: this item and the rest of the list are not reported (more than 100 problems)")
    assert problems[-3] == f"{path}: $.criteria.override[101]: unknown per-year field 'sme_outputt' (did you mean 'sme_output'?)"
    assert problems[-2].startswith("plugin 'xprov.toml': criteria override 'core.x99' for 'xprov': citation names 'X2', which is not among")
    assert problems[-2].endswith(f"[at {path}: $.criteria.override[101].citation.document]")
