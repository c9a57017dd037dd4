"""Mistakes a provincial official makes in a rule file written from docs/adding-your-province.md:
each is refused with the file, the key path and, where a close name exists, what was meant."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import clusterpolicy
from clusterpolicy import LoadError

from test_docs_province import blocks

ROOT = Path(__file__).resolve().parents[1]


def walk_through_rule_file() -> str:
    """xprov.toml exactly as the walk-through builds it (its blocks, in order)."""
    text = ""
    for kind, info, body in blocks():
        if kind == "toml" and info.startswith("file=xprov.toml"):
            text = text + body if info.endswith(" append") else body
    return text


XPROV = walk_through_rule_file()

# (name, what the file says, what the official wrote instead, the problem reported)
MISTAKES = [
    ("table", "[criteria]\n", "[criterias]\n",
     "F: $.criterias: unknown table (did you mean 'criteria'? expected one of: jurisdiction, criteria, timelines, "
     "revocation_grounds, case_categories, case_calls)"),
    ("part", '[[criteria.override]]\nid = "core.sme_share"', '[[criteria.overide]]\nid = "core.sme_share"',
     "F: $.criteria: unknown key(s): overide (did you mean 'override'? expected one of: inherit, add, override, amend, remove)"),
    ("family key", "[criteria]\n", "[criteria]\ninherits = true\n",
     "F: $.criteria: unknown key(s): inherits (did you mean 'inherit'? expected one of: inherit, add, override, amend, remove)"),
    ("source key", "issued = 2024-03-01", 'issued = 2024-03-01\nprovenence = "text"',
     "F: $.jurisdiction.sources[0]: unknown key(s): provenence (did you mean 'provenance'? expected one of: id, title_zh, "
     "title_en, issued, provenance, number_provenance, issued_provenance, copy_dated, in_force, file)"),
    ("citation key", 'item = "认定标准 一", quote = "中小企业产值', 'itme = "认定标准 一", quote = "中小企业产值',
     "F: $.criteria.override[0].citation: unknown key(s): itme (did you mean 'item'? expected one of: document, item, item_unknown, quote)"),
    ("deep key", "[[timelines.add.rule.batches]]", "[[timelines.add.rule.batch]]",
     "F: $.timelines.add[0].rule: unknown key(s): batch (did you mean 'batches'? expected one of: term_years, batches)"),
    ("check kind", 'kind = "share", numerator', 'kind = "shares", numerator',
     "F: $.criteria.override[0].check: unknown kind 'shares' (did you mean 'share'? expected one of: threshold, each_year, "
     "share, growth, any_of, attestation, rank, in_set, conditional, negative_list, prerequisite, not_encoded, provision)"),
    ("timeline kind", 'kind = "annual_report"', 'kind = "annual_reports"',
     "F: $.timelines.add[1].rule: unknown kind 'annual_reports' (did you mean 'annual_report'? expected one of: validity, "
     "annual_report, review, review_round, recommendation_call, period, dated_period, not_encoded)"),
    ("ground kind", 'kind = "event_found"', 'kind = "event_find"',
     "F: $.revocation_grounds.add[0].ground: unknown kind 'event_find' (did you mean 'event_found'? expected one of: "
     "expiry_without_review, event_found, report_not_in_time, unreported_change, incident, not_encoded)"),
    ("profile field", 'field = "division_level"', 'field = "division_levl"',
     "F: $.criteria.add[0]: unknown profile field 'division_levl' (did you mean 'division_level'?)"),
    ("wrong type", "term_years = 3", 'term_years = "3"', "F: $.timelines.add[0].rule.term_years: expected an integer or null; got '3'"),
    ("no calendar day", "issued = 2024-03-01", "issued = 2024-02-30",
     "F: $.jurisdiction.sources[0].issued: expected a date (YYYY-MM-DD); got 2024-02-30"),
    ("no month 13", "deadline = 2025-06-30", "deadline = 2025-13-30", "F: $.timelines.add[3].rule.deadline: expected a date (YYYY-MM-DD); got 2025-13-30"),
    ("short date", "deadline = 2025-06-30", "deadline = 2025-6-30", "F: $.timelines.add[3].rule.deadline: expected a date (YYYY-MM-DD); got 2025-6-30"),
    ("slashes", "deadline = 2025-06-30", "deadline = 2025/06/30", "F: $.timelines.add[3].rule.deadline: expected a date (YYYY-MM-DD); got 2025/06/30"),
    ("override id", '[[criteria.override]]\nid = "core.sme_share"', '[[criteria.override]]\nid = "core.sme_shares"',
     "plugin 'F': overrides criteria 'core.sme_shares' for 'xprov', but 'xprov' inherits no such rule (did you mean "
     "'core.sme_share'? inherited: core.area, core.brand, core.front_rank, core.growth, core.industrial_policy, "
     "core.leading_share, core.output, core.pillar_industry, core.sme_share, digital, governance, green, …) [at F: $.criteria.override[0]]"),
    ("removal id", 'id = "core.brand"', 'id = "core.brands"',
     "plugin 'F': removes 'core.brands' from 'xprov''s criteria, but 'xprov' inherits no such rule (did you mean "
     "'core.brand'? inherited: core.area, core.brand, core.front_rank, core.growth, core.industrial_policy, "
     "core.leading_share, core.output, core.pillar_industry, core.sme_share, digital, governance, green, …) [at F: $.criteria.remove[0]]"),
    ("amended key", "set.check.value = 30", "set.check.valu = 30",
     "plugin 'F': amends criteria 'core.output' for 'xprov': $.set.check: unknown key(s): valu (did you mean 'value'? "
     "expected one of: field, years, op, value, unit) [at F: $.criteria.amend[0]]"),
    ("level", 'level = "provincial"', 'level = "province"',
     "F: $.jurisdiction.level: expected one of: national, provincial, city, county; got 'province' (did you mean 'provincial'?)"),
    ("full-width operator", 'denominator = "total_output", op = "gt"', 'denominator = "total_output", op = "ｇｔ"',
     "F: $.criteria.override[0].check.op: expected one of: ge, gt, le, lt, eq; got 'ｇｔ' (did you mean 'gt', typed in full-width characters?)"),
    ("operator symbol", 'denominator = "total_output", op = "gt"', 'denominator = "total_output", op = "≥"',
     "F: $.criteria.override[0].check.op: expected one of: ge, gt, le, lt, eq; got '≥' (did you mean 'ge'?)"),
    ("operator never guessed", 'denominator = "total_output", op = "gt"', 'denominator = "total_output", op = "gtr"',
     "F: $.criteria.override[0].check.op: expected one of: ge, gt, le, lt, eq; got 'gtr'"),
    ("parent", 'parent = "national"', 'parent = "nationl"',
     "plugin 'F': jurisdiction 'xprov' has parent 'nationl', which no plugin declares (did you mean 'national'?) [at F: $.jurisdiction.parent]"),
]


def problems_of(tmp_path: Path, old: str, new: str) -> tuple[Path, list[str]]:
    assert old in XPROV, old
    path = tmp_path / "xprov.toml"
    path.write_text(XPROV.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(LoadError) as info:
        clusterpolicy.load_regimes(rules=[path])
    return path, list(info.value.problems)


@pytest.mark.parametrize(("old", "new", "problem"), [m[1:] for m in MISTAKES], ids=[m[0] for m in MISTAKES])
def test_each_mistake_names_file_key_path_and_what_was_meant(tmp_path, old, new, problem):
    path, problems = problems_of(tmp_path, old, new)
    plugin = path.name if problem.startswith("plugin") else str(path)
    assert problems == [problem.replace("'F'", repr(plugin)).replace("F: ", f"{path}: ")]


def test_a_misspelt_required_key_is_missing_and_unknown_with_what_was_meant(tmp_path):
    path, problems = problems_of(tmp_path, 'name_en = "X province', 'name_eng = "X province')
    assert problems == [
        f"{path}: $.jurisdiction: unknown key(s): name_eng (did you mean 'name_en'? expected one of: id, name_zh, name_en, level, parent, sources)",
        f"{path}: $.jurisdiction.name_en: required field missing",
    ]


def test_a_citation_of_a_misspelt_document_points_at_the_citation_and_the_declared_one(tmp_path):
    old = 'values = ["county", "district"] }\ncitation = { document = "X工信规〔2024〕1号"'
    path, problems = problems_of(tmp_path, old, old.replace("1号", "l号"))
    assert len(problems) == 1
    head, _, tail = problems[0].partition(" (declared: ")
    assert head == (
        "plugin 'xprov.toml': criteria add 'xprov.division_level' for 'xprov': citation names 'X工信规〔2024〕l号', which is not "
        "among the sources of 'xprov''s lineage (did you mean 'X工信规〔2024〕1号'?)"
    )
    assert tail.startswith("X工信规〔2024〕1号, X省 2025年度推荐通知(示例,转载), ")
    assert tail.endswith(f"); declare it under [[jurisdiction.sources]] [at {path}: $.criteria.add[0].citation.document]")


def test_several_unknown_keys_each_get_their_closest_name(tmp_path):
    old = 'title_en = "Cluster lies in a county or a city district"'
    path, problems = problems_of(tmp_path, old, old + '\ntitel_zh = "x"\nprovenence = "text"\nzzz = 1')
    assert problems == [
        f"{path}: $.criteria.add[0]: unknown key(s): provenence, titel_zh, zzz (did you mean 'provenance' for provenence, "
        "'title_zh' for titel_zh? expected one of: id, indicator, title_zh, title_en, check, soft, waiver, citation, "
        "provenance, inherited, interpretation)"
    ]


DIGITS = "1" + "0" * 5000  # past Python's limit on int() of a text (4300 digits)
TOO_LARGE = "number too large (at most 15 digits before the decimal point)"


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ("op = \"gt\", value = 75", "op = \"gt\", value = inf", "F: $.criteria.override[0].check.value: expected a finite decimal number; got inf"),
        ("op = \"ge\", value = 2,", "op = \"ge\", value = -inf,", "F: $.criteria.add[1].check.value: expected a finite decimal number; got -inf"),
        ("length = 5,", "length = nan,", "F: $.timelines.add[2].rule.period.length: expected an integer; got nan"),
        ("term_years = 3", f"term_years = {DIGITS}", f"F: $.timelines.add[0].rule.term_years: {TOO_LARGE}"),
        ("set.check.value = 30", "set.check.value = nan",
         "plugin 'F': amends criteria 'core.output' for 'xprov': $.set.check.value: expected a finite decimal number; got nan [at F: $.criteria.amend[0]]"),
        ("set.check.value = 30", f"set.check.value = {DIGITS}",
         f"plugin 'F': amends criteria 'core.output' for 'xprov': $.set.check.value: {TOO_LARGE} [at F: $.criteria.amend[0]]"),
    ],
)
def test_nan_infinities_and_overlong_integers_name_the_key(tmp_path, old, new, problem):
    path, problems = problems_of(tmp_path, old, new)
    plugin = path.name if problem.startswith("plugin") else str(path)
    assert problems == [problem.replace("'F'", repr(plugin)).replace("F: ", f"{path}: ")]


@pytest.mark.parametrize("constant", ["NaN", "-Infinity"])
def test_a_json_rule_file_names_the_key(tmp_path, constant):
    import json

    from clusterpolicy.convert import parse_document

    data = parse_document(XPROV, "xprov.toml", as_json=False)
    data["criteria"]["override"][0]["check"]["value"] = "@"
    path = tmp_path / "xprov.json"
    path.write_text(json.dumps(data, default=str, ensure_ascii=False).replace('"@"', constant), encoding="utf-8")
    with pytest.raises(LoadError) as info:
        clusterpolicy.load_regimes(rules=[path])
    assert info.value.problems == (f"{path}: $.criteria.override[0].check.value: expected a finite decimal number; got {constant}",)


def test_check_rules_prints_the_problem_and_exits_3(tmp_path):
    path = tmp_path / "xprov.toml"
    path.write_text(XPROV.replace('kind = "share", numerator', 'kind = "shares", numerator', 1), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "clusterpolicy", "check-rules", "xprov.toml"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=60)  # fmt: skip
    assert (done.returncode, done.stdout) == (3, "")
    assert done.stderr.startswith(
        "clusterpolicy: error: invalid jurisdiction plugin:\n  - xprov.toml: $.criteria.override[0].check: unknown kind 'shares' "
        "(did you mean 'share'? expected one of: threshold, "
    )


def test_every_rule_file_given_is_checked_in_one_run_and_a_child_once_its_parent_loads(tmp_path):
    bad = XPROV.replace('name_en = "X province', 'name_en = 5 #', 1).replace("[criteria]\n", "[criteria]\ninherits = true\n", 1)
    (tmp_path / "a.toml").write_text(bad, encoding="utf-8")
    child = XPROV.replace('id = "xprov"', 'id = "yprov"', 1).replace('parent = "national"', 'parent = "xprov"', 1)
    (tmp_path / "b.toml").write_text(child.replace('document = "X工信规〔2024〕1号", item = "认定标准 一"', 'document = "X工信规〔2024〕l号", item = "认定标准 一"', 1), encoding="utf-8")
    (tmp_path / "c.toml").write_text(XPROV.replace('id = "xprov"', 'id = "zprov"', 1).replace("issued = 2024-03-01", "issued = 2024-02-30", 1), encoding="utf-8")
    a, b, c = (tmp_path / n for n in ("a.toml", "b.toml", "c.toml"))
    with pytest.raises(LoadError) as info:
        clusterpolicy.load_regimes(rules=[a, b, c])
    declared = ", ".join(sorted({d.id for d in clusterpolicy.load_regimes()["national"].jurisdiction.sources} | {"X工信规〔2024〕1号", "X省 2025年度推荐通知(示例,转载)"}))
    assert info.value.problems == (  # by file, then by key path
        f"{a}: $.jurisdiction.name_en: expected a string; got 5",
        f"{a}: $.criteria: unknown key(s): inherits (did you mean 'inherit'? expected one of: inherit, add, override, amend, remove)",
        "plugin 'b.toml': 'yprov' is checked against its parent 'xprov' once 'xprov' loads " f"[at {b}: $.jurisdiction.parent]",
        "plugin 'b.toml': criteria amend 'core.output' for 'yprov': citation names 'X工信规〔2024〕l号', which is not among the sources of "
        f"'yprov''s lineage (did you mean 'X工信规〔2024〕1号'?) (declared: {declared}); declare it under [[jurisdiction.sources]] "
        f"[at {b}: $.criteria.amend[0].citation.document]",
        f"{c}: $.jurisdiction.sources[0].issued: expected a date (YYYY-MM-DD); got 2024-02-30",
    )
    done = subprocess.run([sys.executable, "-m", "clusterpolicy", "check-rules", "a.toml", "b.toml", "c.toml", "--lang", "zh"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert (done.returncode, done.stderr.splitlines()[3], done.stderr.splitlines()[-1]) == (3,
        "  - 插件 'b.toml':待上级 'xprov' 可以加载后,再对照上级 'xprov' 核对 'yprov' [位置:b.toml: $.jurisdiction.parent]",
        "  - c.toml: $.jurisdiction.sources[0].issued: 应为日期(YYYY-MM-DD);实际为 2024-02-30",
    )  # fmt: skip
