"""TOML rule files: loading through the plugin manager, and malformed files failing with file + key path."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

import clusterpolicy
from clusterpolicy import LoadError, get_plugin_manager
from clusterpolicy.regimes.rulefile import load_rule_file
import inprocess

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "tests" / "rules" / "demo.toml"
STRONG = ROOT / "examples" / "strong-national.toml"

HEAD_BARE = """\
[jurisdiction]
id = "prov"
name_zh = "测试省"
name_en = "Test province"
level = "provincial"
parent = "national"
"""

# Every citation names a declared source (a citation naming another does not load).
HEAD = HEAD_BARE + """
[[jurisdiction.sources]]
id = "测试〔2024〕1号"
title_zh = "测试文件"
title_en = "Test document"
provenance = "text"
"""

RULE = """\
id = "{id}"
indicator = "一"
title_zh = "t"
title_en = "t"
citation = {{ document = "测试〔2024〕1号", item = "一" }}
provenance = "text"
"""


def write(tmp_path: Path, text: str, name: str = "prov.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load_problems(path: Path) -> list[str]:
    with pytest.raises(LoadError) as exc:
        clusterpolicy.load_regimes(rules=[path])
    return list(exc.value.problems)


def run(*args: str, env: dict[str, str] | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """In-process (tests/inprocess.py); in a subprocess when ``env`` sets PYTHONPATH (packages found there)."""
    if "PYTHONPATH" not in (env or {}):
        return inprocess.run(*args, env=env, cwd=cwd)
    return subprocess.run(
        [sys.executable, "-m", "clusterpolicy", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=60,
        env={**os.environ, **(env or {})},
    )


# --- a province written only in TOML ------------------------------------------------------------


def test_demo_province_loads_with_the_builtins_and_resolves_against_national():
    regimes = clusterpolicy.load_regimes(rules=[DEMO])
    demo = regimes["demo"]
    assert demo.lineage == ("national", "demo")
    assert demo.plugins == ("demo.toml", "national")
    by_id = {r.id: r for r in demo.criteria}
    assert by_id["core.output"].rule.check.value == Decimal(30)
    assert (by_id["core.output"].origin, by_id["core.output"].replaces) == ("demo", "national")
    assert by_id["core.leading_share"].origin == "national"  # inherited untouched
    assert "prerequisite.provincial" not in by_id  # national-only: not inherited, nothing to remove
    assert [(x.id, x.origin) for x in demo.not_inherited if x.family == "criteria"] == [
        ("prerequisite.provincial", "national"), ("relaxation.western", "national"),
    ]
    assert [(x.removal.id, x.jurisdiction) for x in demo.removed] == [("core.brand", "demo")]
    # additions go after the last rule of their indicator
    ids = [r.id for r in demo.criteria]
    assert ids.index("demo.division_level") == ids.index("scope.applicant") + 1


def test_demo_province_evaluates_every_new_kind_of_statement():
    regimes = clusterpolicy.load_regimes(rules=[DEMO])
    profile = clusterpolicy.load_profile(STRONG)
    a = regimes["demo"].evaluate(profile)
    f = {x.rule: x for x in a.findings}
    assert (f["core.output"].status.value, f["core.output"].threshold) == ("pass", Decimal(30))
    # 169.0 / 214.3 = 78.86% > 75%
    assert f["core.sme_share"].status.value == "pass"
    assert f["demo.division_level"].missing == ("division_level",)
    assert f["demo.standards"].missing == ("extra.standards_set",)

    richer = clusterpolicy.profile_from_dict(
        {**_strong_dict(), "division_level": "town", "extra": {"standards_set": 1}, "applicant": "operating_body",
         "special_circumstances": True,
         "years": {"2022": {"total_output": 100, "sme_output": 80}, "2023": {"total_output": 100, "sme_output": 80},
                   "2024": {"total_output": 100, "sme_output": 75, "leading_output": 80}}}
    )  # fmt: skip
    f = {x.rule: x for x in regimes["demo"].evaluate(richer).findings}
    assert f["scope.applicant"].status.value == "pass"  # operating body admitted by demo …
    assert regimes["national"].evaluate(richer).finding("scope.applicant").status.value == "fail"  # … not nationally
    assert f["demo.division_level"].status.value == "fail"  # town is not county/district
    assert (f["demo.standards"].status.value, f["demo.standards"].shortfall) == ("fail", Decimal(1))
    assert f["core.sme_share"].status.value == "fail"  # exactly 75% is not 高于 75%
    assert f["core.growth"].status.value == "waived"  # 0% growth, special circumstances claimed
    assert f["tiered.firms"].status.value == "pass"  # both alternatives hold (2+9 ≥ 1, 46+88+57 ≥ 8)


def _strong_dict() -> dict:
    from clusterpolicy.convert import read_document

    return read_document(STRONG)


def test_soft_limit_from_toml_gives_soft_fail_not_fail():
    regimes = clusterpolicy.load_regimes(rules=[DEMO])
    profile = clusterpolicy.profile_from_dict(
        {**_strong_dict(), "special_circumstances": False,
         "years": {str(y): {"total_output": 100} for y in (2022, 2023, 2024)}}
    )  # fmt: skip
    assert regimes["demo"].evaluate(profile).finding("core.growth").status.value == "soft_fail"


def test_need_counts_from_toml():
    regimes = clusterpolicy.load_regimes(rules=[DEMO])
    only_champions = clusterpolicy.profile_from_dict(
        {**_strong_dict(), "firms": {"single_champions": 1, "little_giants": 0, "specialised_smes": 0,
                                     "innovative_smes": 0, "high_tech": 0}}
    )  # fmt: skip
    assert regimes["national"].evaluate(only_champions).finding("tiered.firms").status.value == "pass"
    assert regimes["demo"].evaluate(only_champions).finding("tiered.firms").status.value == "fail"


# --- registration paths -------------------------------------------------------------------------


def test_rules_option_env_dir_and_plugins_listing(tmp_path):
    rules_dir = tmp_path / "rules"
    rules_dir.mkdir()
    (rules_dir / "demo.toml").write_text(DEMO.read_text(encoding="utf-8"), encoding="utf-8")
    listed = run("plugins", "--format", "json", env={"CLUSTERPOLICY_RULES_DIR": str(rules_dir)})
    assert listed.returncode == 0, listed.stderr
    plugins = {p["name"]: p for p in json.loads(listed.stdout)["plugins"]}
    assert plugins["demo.toml"] == {
        "name": "demo.toml",
        "source": f"rule file {rules_dir / 'demo.toml'}",
        "hooks": ["clusterpolicy_criteria", "clusterpolicy_jurisdictions"],
    }
    result = run("evaluate", str(STRONG), "-r", "demo", "--rules", str(DEMO), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["assessment"]["regime"] == "demo"
    # the same file through the directory and --rules is loaded once
    both = run("regimes", "--rules", str(rules_dir / "demo.toml"), env={"CLUSTERPOLICY_RULES_DIR": str(rules_dir)})
    assert both.returncode == 0, both.stderr


def test_a_rules_directory_on_the_command_line(tmp_path):
    write(tmp_path, DEMO.read_text(encoding="utf-8"), "demo.toml")
    result = run("regimes", "--rules", str(tmp_path), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert "demo" in [r["id"] for r in json.loads(result.stdout)["regimes"]]


def test_rules_dir_that_is_not_a_directory(tmp_path):
    result = run("regimes", env={"CLUSTERPOLICY_RULES_DIR": str(tmp_path / "nowhere")})
    assert result.returncode == 2
    assert result.stderr == f"clusterpolicy: error: $CLUSTERPOLICY_RULES_DIR: {tmp_path / 'nowhere'} is not a directory\n"


def test_entry_point_pointing_at_a_toml_file_inside_a_package(tmp_path):
    """A province package that ships only data: ``demo = "clusterpolicy_demo:demo.toml"``."""
    pkg = tmp_path / "clusterpolicy_demo"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("", encoding="utf-8")
    (pkg / "demo.toml").write_text(DEMO.read_text(encoding="utf-8"), encoding="utf-8")
    info = tmp_path / "clusterpolicy_demo-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: clusterpolicy-demo\nVersion: 0.1\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[clusterpolicy]\ndemo = clusterpolicy_demo:demo.toml\n", encoding="utf-8")
    env = {"PYTHONPATH": str(tmp_path)}
    listed = run("plugins", "--format", "json", env=env)
    assert listed.returncode == 0, listed.stderr
    plugins = {p["name"]: p for p in json.loads(listed.stdout)["plugins"]}
    assert plugins["demo"]["source"] == "entry point demo = clusterpolicy_demo:demo.toml (clusterpolicy-demo 0.1)"
    result = run("compare", str(STRONG), "-r", "national", "-r", "demo", "--format", "json", env=env)
    assert result.returncode == 0, result.stderr
    # blocked like any plugin
    blocked = run("regimes", "--format", "json", "--block-plugin", "demo", env=env)
    assert "demo" not in [r["id"] for r in json.loads(blocked.stdout)["regimes"]]


def test_entry_point_with_a_broken_toml_file_names_package_and_key_and_every_problem(tmp_path):
    pkg = tmp_path / "clusterpolicy_broken"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("", encoding="utf-8")
    misspelt = "\n[[criteria.override]]\n" + RULE.format(id="core.outptu") + 'check = { kind = "attestation", key = "x" }\n'
    (pkg / "rules.toml").write_text(HEAD.replace('level = "provincial"', 'level = "planet"') + misspelt, encoding="utf-8")
    info = tmp_path / "clusterpolicy_broken-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: clusterpolicy-broken\nVersion: 0.1\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[clusterpolicy]\nbroken = clusterpolicy_broken:rules.toml\n", encoding="utf-8")
    result = run("regimes", env={"PYTHONPATH": str(tmp_path)})
    assert result.returncode == 3
    assert result.stderr == (
        "clusterpolicy: error: invalid jurisdiction plugins:\n"
        "  - clusterpolicy_broken:rules.toml: $.jurisdiction.level: expected one of: national, provincial, city, county; got 'planet'\n"
        "  - plugin 'broken': overrides criteria 'core.outptu' for 'prov', but 'prov' inherits no such rule (did you mean 'core.output'? "
        "inherited: core.area, core.brand, core.front_rank, core.growth, core.industrial_policy, core.leading_share, core.output, "
        "core.pillar_industry, core.sme_share, digital, governance, green, …) [at clusterpolicy_broken:rules.toml: $.criteria.override[0]]\n"
    )  # in one run, as for a rule file given


def test_a_given_rule_file_takes_the_place_of_the_installed_one():
    """An exported (then revised) built-in loads with --rules in place of the installed file, and says so."""
    regimes = clusterpolicy.load_regimes(rules=[_exported("hainan")])
    (replaced,) = regimes["hainan"].replaces
    assert (replaced.plugin, replaced.jurisdiction, replaced.by) == ("hainan", "hainan", "hainan.toml")
    assert replaced.source.startswith("entry point hainan = clusterpolicy_hainan:hainan.toml (")
    assert "hainan.toml" in regimes["hainan"].plugins and "hainan" not in regimes["hainan"].plugins


def test_a_rule_file_conflicting_with_a_python_plugin_names_both_and_how_to_proceed():
    from clusterpolicy.regimes.rulefile import load_rule_file

    python_plugin = load_rule_file(_exported("hainan")).plugin()  # any plugin object registered directly
    with pytest.raises(LoadError) as exc:
        clusterpolicy.load_regimes(rules=[_exported("hainan")], extra=[("mine", python_plugin)])
    assert exc.value.problems == (
        "jurisdiction 'hainan' is declared by two plugins: 'hainan.toml' and 'mine'; load only one: "
        "leave the other out with --block-plugin NAME (or $CLUSTERPOLICY_BLOCK_PLUGINS, blocked= in Python)",
    )


def _exported(jid: str) -> Path:
    import tempfile

    from clusterpolicy.regimes.rulefile import declarations, dump_rule_file

    j, changes = declarations(get_plugin_manager(), jid)
    path = Path(tempfile.mkdtemp()) / f"{jid}.toml"
    path.write_text(dump_rule_file(j, changes), encoding="utf-8")
    return path


# --- malformed files ----------------------------------------------------------------------------


def test_wrong_types_unknown_keys_unknown_operators_and_kinds_bad_dates(tmp_path):
    path = write(
        tmp_path,
        HEAD_BARE
        + 'sources = [{ id = "测试〔2024〕1号", title_zh = "x", title_en = "x", provenance = "text", issued = "2024-13-01" }]\n'
        + "\n[[criteria.override]]\n"
        + RULE.format(id="core.output")
        + 'check = { kind = "each_year", field = "total_output", years = 3, op = "gte", value = "abc" }\n'
        + "threshhold = 3\n"
        + "\n[[criteria.override]]\n"
        + RULE.format(id="core.area")
        + 'check = { kind = "threshold", fields = "area_km2", op = "le", value = 100 }\n'
        + "soft = \"yes\"\n"
        + "\n[[criteria.add]]\n"
        + RULE.format(id="prov.x")
        + 'check = { kind = "formula", expr = "1 + 1" }\n'
        + "\n[timeline]\n",
    )
    assert load_problems(path) == [  # by key path: the jurisdiction, the families, then a table that is none of them
        f"{path}: $.jurisdiction.sources[0].issued: expected a date (YYYY-MM-DD); got '2024-13-01'",
        f"{path}: $.criteria.add[0].check: unknown kind 'formula' (expected one of: threshold, each_year, share, growth, any_of, attestation, rank, in_set, conditional, negative_list, prerequisite, not_encoded, provision)",
        f"{path}: $.criteria.override[0]: unknown key(s): threshhold (expected one of: id, indicator, title_zh, title_en, check, soft, waiver, citation, provenance, inherited, interpretation)",
        f"{path}: $.criteria.override[0].check.op: expected one of: ge, gt, le, lt, eq; got 'gte' (did you mean 'ge'?)",
        f"{path}: $.criteria.override[0].check.value: expected a decimal number; got 'abc'",
        f"{path}: $.criteria.override[1].check.fields: expected a list; got 'area_km2'",
        f"{path}: $.criteria.override[1].soft: expected true or false; got 'yes'",
        f"{path}: $.timeline: unknown table (did you mean 'timelines'? expected one of: jurisdiction, criteria, timelines, revocation_grounds, case_categories, case_calls)",
    ]


def test_dangling_override_and_removal_name_file_and_key(tmp_path):
    path = write(
        tmp_path,
        HEAD
        + "\n[[criteria.override]]\n"
        + RULE.format(id="core.outptu")
        + 'check = { kind = "attestation", key = "x" }\n'
        + "\n[[criteria.remove]]\n"
        + 'id = "nope"\nreason_zh = "无"\nreason_en = "none"\ncitation = { document = "测试〔2024〕1号", item = "一" }\nprovenance = "text"\n',
    )
    problems = load_problems(path)
    assert len(problems) == 2
    assert problems[0].startswith("plugin 'prov.toml': overrides criteria 'core.outptu' for 'prov', but 'prov' inherits no such rule (did you mean 'core.output'? inherited: ")
    assert problems[0].endswith(f" [at {path}: $.criteria.override[0]]")
    assert problems[1].startswith("plugin 'prov.toml': removes 'nope' from 'prov''s criteria, but 'prov' inherits no such rule")
    assert problems[1].endswith(f" [at {path}: $.criteria.remove[0]]")


def test_add_of_an_inherited_id_points_at_the_key(tmp_path):
    path = write(tmp_path, HEAD + "\n[[criteria.add]]\n" + RULE.format(id="core.brand") + 'check = { kind = "attestation", key = "x" }\n')
    assert load_problems(path) == [
        "plugin 'prov.toml': adds 'core.brand' to 'prov', but 'prov' already inherits it from 'national'; "
        f"declare it under override (or amend) [at {path}: $.criteria.add[0]]"
    ]


def test_unknown_fields_and_enum_values_are_caught_with_key_path(tmp_path):
    path = write(
        tmp_path,
        HEAD
        + "\n[[criteria.add]]\n"
        + RULE.format(id="prov.a")
        + 'check = { kind = "threshold", fields = ["extra.standards set"], op = "ge", value = 2 }\n'
        + "\n[[criteria.add]]\n"
        + RULE.format(id="prov.b")
        + 'check = { kind = "in_set", field = "applicant", values = ["county_authority"] }\n'
        + "\n[[criteria.add]]\n"
        + RULE.format(id="prov.c")
        + 'check = { kind = "in_set", field = "division_level", values = ["county", "village"] }\n'
        + 'waiver = { when = { field = "region", equals = "wst" }, note_zh = "x", note_en = "x" }\n',
    )
    assert load_problems(path) == [
        f"{path}: $.criteria.add[0]: unknown profile field 'extra.standards set'",
        f"{path}: $.criteria.add[1]: field 'applicant' cannot be 'county_authority' (expected one of: county_sme_authority, industry_association, operating_body, other)",
        f"{path}: $.criteria.add[2]: field 'division_level' cannot be 'village' (expected one of: county, district, town, subdistrict)",
        f"{path}: $.criteria.add[2]: field 'region' cannot be 'wst' (expected one of: east, central, west, northeast)",
    ]


def test_missing_jurisdiction_and_non_table_family(tmp_path):
    path = write(tmp_path, "criteria = 3\n")
    assert load_problems(path) == [
        f"{path}: $.jurisdiction: required table missing (id, name_zh, name_en, level, parent, sources)",
        f"{path}: $.criteria: expected a table (inherit, add, override, remove); got 3",
    ]


def test_jurisdiction_key_inside_a_family_is_refused(tmp_path):
    path = write(tmp_path, HEAD + '\n[criteria]\njurisdiction = "hainan"\n')
    assert load_problems(path) == [f"{path}: $.criteria.jurisdiction: not allowed here: the rules apply to [jurisdiction].id"]


def test_unknown_provenance_needs_not_encoded(tmp_path):
    path = write(tmp_path, HEAD + "\n[[criteria.add]]\n" + RULE.format(id="prov.a").replace('"text"', '"unknown"') + 'check = { kind = "attestation", key = "x" }\n')
    assert load_problems(path) == [f"{path}: $.criteria.add[0].provenance: 'unknown' requires check kind 'not_encoded'"]


def test_invalid_toml_exits_3_and_a_missing_file_2_without_traceback(tmp_path):
    bad = write(tmp_path, "x = [\n")
    result = run("regimes", "--rules", str(bad))
    assert (result.returncode, result.stdout) == (3, "")
    assert result.stderr.startswith(f"clusterpolicy: error: invalid jurisdiction plugin:\n  - {bad}: invalid TOML: ")
    assert "Traceback" not in result.stderr
    missing = run("regimes", "--rules", str(tmp_path / "nope.toml"))  # a missing file is bad input: exit 2
    assert (missing.returncode, missing.stderr) == (2, f"clusterpolicy: error: {tmp_path / 'nope.toml'}: file not found\n")


def test_float_values_stay_exact(tmp_path):
    path = write(tmp_path, HEAD + "\n[[criteria.override]]\n" + RULE.format(id="core.area") + 'check = { kind = "threshold", fields = ["area_km2"], op = "le", value = 0.1 }\n')
    rf = load_rule_file(path)
    assert rf.changes["criteria"].override[0].check.value == Decimal("0.1")


# --- lifecycle families in TOML (the loader is generic over regime.FAMILIES) --------------------

# Timelines are procedure: nothing national is inherited, so the province adds its own (national's ids).
LIFECYCLE = HEAD + """
[[timelines.add]]
id = "validity"
title_zh = "有效期三年,自公告之日起算"
title_en = "Validity: three years from the announcement"
citation = { document = "测试〔2024〕1号", item = "第十二条" }
provenance = "text"
rule = { kind = "validity", term_years = 3, batches = [{ batches = { first = 2024 }, start_rule = "announcement_date", citation = { document = "测试〔2024〕1号", item = "第十二条" }, provenance = "text" }] }

[[timelines.add]]
id = "annual_report"
title_zh = "每年3月15日前报送"
title_en = "Annual report by 15 March"
citation = { document = "测试〔2024〕1号", item = "第十三条" }
provenance = "text"

[timelines.add.rule]
kind = "annual_report"
recipient_zh = "省工信厅"
recipient_en = "provincial department"
content_zh = "上一年度工作情况"
content_en = "previous year's work"
days = [{ batches = {}, month = 3, day = 15, citation = { document = "测试〔2024〕1号", item = "第十三条" }, provenance = "text" }]

[[timelines.add]]
id = "prov.objection"
title_zh = "公示期5个工作日"
title_en = "Public notice: 5 working days"
citation = { document = "测试〔2024〕1号", item = "第十一条" }
provenance = "text"
rule = { kind = "period", anchor = "announcement", period = { length = 5, unit = "working_days" } }
"""


def test_timelines_in_toml_fixed_or_announcement_start_report_days_working_days(tmp_path):
    from clusterpolicy.regimes.diff import ChangeKind, diff_regimes

    path = write(tmp_path, LIFECYCLE)
    regimes = clusterpolicy.load_regimes(rules=[path])
    prov = {r.id: r.rule for r in regimes["prov"].timelines}
    assert prov["validity"].rule.batches[0].start_rule.value == "announcement_date"
    assert (prov["annual_report"].rule.days[0].month, prov["annual_report"].rule.days[0].day) == (3, 15)
    assert (prov["prov.objection"].rule.period.length, prov["prov.objection"].rule.period.unit.value) == (5, "working_days")
    changes = {c.id: c for c in diff_regimes(regimes["national"], regimes["prov"]).changes if c.family == "timelines"}
    assert changes["prov.objection"].change is ChangeKind.ADDED
    assert changes["annual_report"].change is ChangeKind.CHANGED
    assert changes["annual_report"].change is ChangeKind.CHANGED
    by_direction = {d.path: d.direction.value for d in changes["annual_report"].details if d.direction.value != "neutral"}
    # an earlier report day asks more (tighter); who reports to whom has no direction
    assert by_direction == {"rule.days": "tighter", "rule.reporter": "changed", "rule.recipient": "changed"}
    assert [d.line_en for d in changes["annual_report"].details if d.path == "rule.days"] == [
        "annual report day: 2022: 4-30; 2023: 4-30; 2024–…: 3-31 → every batch: 3-15"
    ]


def test_lifecycle_errors_carry_key_paths(tmp_path):
    path = write(tmp_path, LIFECYCLE.replace('unit = "working_days"', 'unit = "business_days"').replace("day = 15", 'day = "15th"'))
    assert load_problems(path) == [
        f"{path}: $.timelines.add[1].rule.days[0].day: expected an integer; got '15th'",
        f"{path}: $.timelines.add[2].rule.period.unit: expected one of: calendar_days, working_days; got 'business_days'",
    ]


def test_check_rules_on_a_file_that_rules_dir_also_loads(tmp_path):
    rd = tmp_path / "rd"
    rd.mkdir()
    (rd / "demo.toml").write_text(DEMO.read_text(encoding="utf-8"), encoding="utf-8")
    for checked in (str(rd / "demo.toml"), "rd/demo.toml"):
        done = run("check-rules", checked, env={"CLUSTERPOLICY_RULES_DIR": str(rd)}, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert "OK: every file loads and passes the load-time checks" in done.stdout


def test_two_rule_files_of_one_name_are_told_apart_by_their_full_paths(tmp_path):
    rd = tmp_path / "rd"
    rd.mkdir()
    for folder in (rd, tmp_path):
        (folder / "demo.toml").write_text(DEMO.read_text(encoding="utf-8"), encoding="utf-8")
    done = run("regimes", "--rules", "rd/demo.toml", "--rules", "demo.toml", cwd=tmp_path)
    assert done.returncode == 3
    assert done.stderr == (
        "clusterpolicy: error: invalid jurisdiction plugin:\n"
        f"  - jurisdiction 'demo' is declared by two plugins: 'demo.toml' and '{tmp_path.resolve() / 'demo.toml'}'; load only one: "
        "leave the other out with --block-plugin NAME (or $CLUSTERPOLICY_BLOCK_PLUGINS, blocked= in Python)\n"
    )
    # a file of the rules directory is installed: the file given takes its place
    given = run("regimes", "--rules", "demo.toml", "--format", "json", env={"CLUSTERPOLICY_RULES_DIR": "rd"}, cwd=tmp_path)
    assert given.returncode == 0, given.stderr
    assert given.stderr == (
        f"clusterpolicy: note: rule file {tmp_path.resolve() / 'demo.toml'} is loaded in place of the installed plugin 'demo.toml' "
        f"(rule file rd/demo.toml), which also declares 'demo'\n"
    )
