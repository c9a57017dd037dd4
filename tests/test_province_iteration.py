"""An official revising their province's rule file: what a provincial officer met, writing one from the docs.

The installed version of a province (a package) and the file being revised, given with ``--rules``;
shares in percent; the diff's lists and counts; case files that expect a rule to be absent; what
``check-rules`` shows of removals; an unquoted dotted rule id under ``[declarations.X]``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import clusterpolicy
from clusterpolicy import LoadError
from clusterpolicy.regimes.conformance import CaseFailure, check_case_file
from clusterpolicy.regimes.diff import diff_regimes
from clusterpolicy.regimes.memo import diff_markdown, diff_text
import inprocess

ROOT = Path(__file__).resolve().parents[1]
DEMO = (ROOT / "tests" / "rules" / "demo.toml").read_text(encoding="utf-8")
STRONG = ROOT / "examples" / "strong-national.toml"


def run(*args: str, cwd: Path, pythonpath: Path | None = None) -> subprocess.CompletedProcess:
    """In-process (tests/inprocess.py), or in a subprocess that finds a package "installed" at ``pythonpath``."""
    if pythonpath is None:
        return inprocess.run(*args, cwd=cwd)
    env = dict(os.environ)  # the package "installed" there, ahead of what the suite runs on
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(pythonpath), env.get("PYTHONPATH", "")]))
    return subprocess.run([sys.executable, "-m", "clusterpolicy", *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=120)


def install_demo(site: Path) -> None:
    """What ``pip install`` of a rule-file package leaves: the package's data and its entry point."""
    (site / "clusterpolicy_demo").mkdir(parents=True)
    (site / "clusterpolicy_demo" / "demo.toml").write_text(DEMO, encoding="utf-8")
    info = site / "clusterpolicy_demo-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: clusterpolicy-demo\nVersion: 0.1\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[clusterpolicy]\ndemo = clusterpolicy_demo:demo.toml\n", encoding="utf-8")


INSTALLED = "entry point demo = clusterpolicy_demo:demo.toml (clusterpolicy-demo 0.1)"


# --- the revised file given with --rules takes the place of the installed package ---------------


def test_the_file_being_revised_replaces_the_installed_version_and_says_so(tmp_path):
    install_demo(tmp_path / "site")
    (tmp_path / "demo.toml").write_text(DEMO.replace("value = 30, unit", "value = 25, unit"), encoding="utf-8")
    site = tmp_path / "site"
    installed = run("compare", str(STRONG), "-r", "demo", "--format", "json", cwd=tmp_path, pythonpath=site)
    revised = run("compare", str(STRONG), "-r", "demo", "--rules", "demo.toml", "--format", "json", cwd=tmp_path, pythonpath=site)
    assert (installed.returncode, installed.stderr) == (0, "")
    assert revised.returncode == 0, revised.stderr
    assert revised.stderr == (
        f"clusterpolicy: note: rule file demo.toml is loaded in place of the installed plugin 'demo' ({INSTALLED}), "
        "which also declares 'demo'\n"
    )

    def output_rule(result):
        (assessment,) = json.loads(result.stdout)["comparison"]["assessments"]
        (finding,) = [f for f in assessment["findings"] if f["rule"] == "core.output"]
        return finding["reason_en"]

    assert "each ≥ 30亿元" in output_rule(installed) and "each ≥ 25亿元" in output_rule(revised)
    checked = run("check-rules", "demo.toml", cwd=tmp_path, pythonpath=site)
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.rstrip().splitlines()[-1] == (
        f"note: demo.toml: checked in place of the installed plugin 'demo' ({INSTALLED}), which also declares 'demo'"
    )


def test_a_case_file_loads_its_rule_file_in_place_of_the_installed_version(tmp_path, monkeypatch):
    install_demo(tmp_path / "site")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    (tmp_path / "demo.toml").write_text(DEMO.replace("value = 30, unit", "value = 25, unit"), encoding="utf-8")
    case = tmp_path / "conformance_demo.toml"
    case.write_text(
        f'profile = "{STRONG.as_posix()}"\nrules = ["demo.toml"]\n[expect.demo]\nstatus = "incomplete"\nrules = {{ "core.output" = "pass" }}\n',
        encoding="utf-8",
    )
    check_case_file(case)  # no "declared by two plugins"
    regimes = clusterpolicy.load_regimes(rules=[tmp_path / "demo.toml"])
    assert [(x.plugin, x.source, x.by) for x in regimes["demo"].replaces] == [("demo", INSTALLED, "demo.toml")]
    assert clusterpolicy.load_regimes()["demo"].replaces == ()


# --- shares are in percent ------------------------------------------------------------------------


def _share(value: str, tmp_path: Path) -> Path:
    path = tmp_path / "demo.toml"
    path.write_text(DEMO.replace('op = "gt", value = 75 }', f'op = "gt", value = {value} }}'), encoding="utf-8")
    return path


@pytest.mark.parametrize("value", ["150", "-5", "100.5"])
def test_a_percentage_threshold_outside_0_to_100_does_not_load(tmp_path, value):
    with pytest.raises(LoadError) as exc:
        clusterpolicy.load_regimes(rules=[_share(value, tmp_path)])
    assert exc.value.problems == (
        f"{tmp_path / 'demo.toml'}: $.criteria.override[1].check.value: a share in percent (per = 100, unit = \"%\") "
        f"is a number from 0 to 100 (value = 60 means 60%); got {value}",
    )


def test_an_amended_percentage_outside_0_to_100_names_the_amendment(tmp_path):
    path = tmp_path / "zj.toml"
    path.write_text(
        DEMO.replace('id = "demo"', 'id = "zj"')
        + '\n[[criteria.amend]]\nid = "core.leading_share"\nset.check.value = 150\n'
        'citation = { document = "示例工信规〔2024〕1号", item = "认定标准 一" }\nprovenance = "text"\n',
        encoding="utf-8",
    )
    with pytest.raises(LoadError) as exc:
        clusterpolicy.load_regimes(rules=[path])
    assert exc.value.problems == (
        "plugin 'zj.toml': amends criteria 'core.leading_share' for 'zj': $.set.check.value: a share in percent "
        f'(per = 100, unit = "%") is a number from 0 to 100 (value = 60 means 60%); got 150 [at {path}: $.criteria.amend[0]]',
    )


@pytest.mark.parametrize("value", ["0", "100", "1", "75"])
def test_a_percentage_from_0_to_100_loads_and_from_1_up_without_a_note(tmp_path, value):
    _share(value, tmp_path)
    done = run("check-rules", "demo.toml", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "note:" not in done.stdout


def test_a_fraction_as_percentage_threshold_loads_with_a_note_that_shares_are_in_percent(tmp_path):
    _share("0.75", tmp_path)
    done = run("check-rules", "demo.toml", "--format", "json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["files"][0]["notes"] == [
        "$.criteria.override[1].check.value: 0.75 is 0.75% (core.sme_share) — shares are in percent (value = 60 means 60%); "
        "if the text says 75%, write 75"
    ]


def test_per_10000_is_not_a_percentage_and_the_built_ins_keep_their_values():
    regimes = clusterpolicy.load_regimes()
    hainan = {r.id: r.rule.check for r in regimes["hainan"].criteria}
    assert (hainan["innovation.patent_density"].per, hainan["innovation.patent_density"].value) == (10000, 6)
    national = {r.id: r.rule.check.value for r in regimes["national"].criteria if r.rule.check.KIND == "share"}
    assert national == {"core.sme_share": 70, "core.leading_share": 70}


# --- the diff lists each rule once, and counts what it lists --------------------------------------


def test_a_rule_read_at_the_provinces_level_is_a_change_not_taken_over_unchanged(tmp_path):
    (tmp_path / "demo.toml").write_text(DEMO, encoding="utf-8")
    regimes = clusterpolicy.load_regimes(rules=[tmp_path / "demo.toml"])
    d = diff_regimes(regimes["national"], regimes["demo"])
    assert [c.change.value for c in d.changes if c.id == "core.front_rank"] == ["loosened"]
    assert "core.front_rank" not in [t.id for t in d.taken_over]
    assert d.unchanged == {"criteria": 12, "timelines": 0, "revocation_grounds": 0, "case_categories": 7, "case_calls": 1}
    assert len(d.taken_over) == 20 == sum(d.unchanged.values())
    text = diff_text(d, "en").splitlines()
    assert "identical rules (unchanged): criteria 12, timelines 0, revocation grounds 0, case categories 7, case calls 1" in text
    assert "Taken over unchanged from the lineage (20):" in text
    memo = diff_markdown(d, "zh").splitlines()
    assert "- 相同规则: 20" in memo and "## 原样承继上级的规则(20 项)" in memo


# --- case files that expect a rule not to apply ---------------------------------------------------


def _case(tmp_path: Path, rules: str) -> Path:
    (tmp_path / "demo.toml").write_text(DEMO, encoding="utf-8")
    case = tmp_path / "conformance_absent.toml"
    case.write_text(
        f'profile = "{STRONG.as_posix()}"\nrules = ["demo.toml"]\n[expect.demo]\nstatus = "incomplete"\nrules = {{ {rules} }}\n',
        encoding="utf-8",
    )
    return case


def test_a_case_expects_a_rule_removed_not_inherited_or_absent(tmp_path):
    check_case_file(_case(tmp_path, '"core.brand" = "removed", "prerequisite.provincial" = "not_inherited", '
                                    '"core.area" = "pass", "no.such_rule" = "absent", "relaxation.western" = "absent"'))  # fmt: skip


def test_a_case_whose_rule_is_removed_says_by_whom_and_why(tmp_path):
    with pytest.raises(CaseFailure) as exc:
        check_case_file(_case(tmp_path, '"core.brand" = "pass", "prerequisite.provincial" = "removed", "core.area" = "absent", '
                                        '"no.such_rule" = "fail"'))  # fmt: skip
    assert str(exc.value).splitlines()[1:] == [
        "  demo: core.brand: expected pass, but it is removed by demo: Demo province's standard does not require a well-known "
        "cluster brand [示例工信规〔2024〕1号 认定标准 一 · text]",
        "  demo: prerequisite.provincial: expected removed, but demo does not inherit it (national's own rule) [工信部企业〔2022〕119号 第十二条 · text]",
        "  demo: core.area: expected absent, but 'demo' applies it: pass — area_km2 = 62.5km²; required ≤ 100km²: met "
        "[工信部企业〔2022〕119号 附件《中小企业特色产业集群认定标准》 一]",
        "  demo: no.such_rule: expected fail, but 'demo' has no such rule (neither its own, nor inherited, removed or not inherited)",
    ]


def test_an_unknown_expectation_lists_the_statuses_and_absences(tmp_path):
    from clusterpolicy.errors import InputError

    with pytest.raises(InputError) as exc:
        check_case_file(_case(tmp_path, '"core.brand" = "gone"'))
    assert exc.value.problems == (
        "$.expect.demo.rules.core.brand: expected one of: pass, fail, soft_fail, unknown, waived, not_encoded, not_applicable, "
        "declared_met, declared_not_met, noted, removed, not_inherited, absent; got 'gone'",
    )


# --- check-rules lists the removals ---------------------------------------------------------------


def test_check_rules_lists_each_removal_with_its_reason_and_article(tmp_path):
    (tmp_path / "demo.toml").write_text(DEMO, encoding="utf-8")
    text = run("check-rules", "demo.toml", cwd=tmp_path)
    assert text.returncode == 0, text.stderr
    assert ("  removed — criteria: core.brand: Demo province's standard does not require a well-known cluster brand "
            "[示例工信规〔2024〕1号 认定标准 一 · text]") in text.stdout.splitlines()  # fmt: skip
    data = json.loads(run("check-rules", "demo.toml", "--format", "json", cwd=tmp_path).stdout)
    assert data["files"][0]["removed"] == [
        {
            "family": "criteria", "id": "core.brand", "by": "demo", "reason_zh": "示例省认定标准未要求集群品牌知名度",
            "reason_en": "Demo province's standard does not require a well-known cluster brand",
            "citation": {"document": "示例工信规〔2024〕1号", "item": "认定标准 一", "item_unknown": False, "quote": None},
            "provenance": "text",
        }
    ]  # fmt: skip


# --- an unquoted dotted rule id under [declarations.X] -------------------------------------------


def test_an_unquoted_dotted_rule_id_in_a_declaration_is_told_to_be_quoted(tmp_path):
    (tmp_path / "demo.toml").write_text(DEMO, encoding="utf-8")
    (tmp_path / "cluster.toml").write_text(
        'name = "x"\n[declarations.demo]\ncore.pillar_industry = { met = true, by = "a", note = "b" }\n', encoding="utf-8"
    )
    done = run("evaluate", "cluster.toml", "--rules", "demo.toml", "-r", "demo", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "clusterpolicy: error: cluster.toml: $.declarations.demo.core: a dotted rule id must be quoted: write "
        '"core.pillar_industry" = { met = …, by = …, note = … } under [declarations.demo] '
        "(unquoted, core.pillar_industry = … is read as a table 'core' holding 'pillar_industry')\n"
    )
    zh = run("evaluate", "cluster.toml", "--rules", "demo.toml", "-r", "demo", "--lang", "zh", cwd=tmp_path)
    assert zh.stderr == (
        "clusterpolicy: 错误:cluster.toml: $.declarations.demo.core: 带点的规则 id 须加引号:在 [declarations.demo] 下写 "
        '"core.pillar_industry" = { met = …, by = …, note = … }(不加引号时,core.pillar_industry = … 会被读作表 \'core\',其中含 \'pillar_industry\')\n'
    )


# --- the texts a package ships beside its rule file -----------------------------------------------


def test_a_package_without_init_py_finds_its_texts_and_a_text_added_later_is_found(tmp_path):
    site = tmp_path / "site"
    install_demo(site)  # no __init__.py: a namespace package
    doc = "示例工信规〔2024〕1号"
    rules = site / "clusterpolicy_demo" / "demo.toml"
    rules.write_text(DEMO.replace('issued = 2024-03-01\n', 'issued = 2024-03-01\nfile = "texts/demo.txt"\n', 1), encoding="utf-8")
    missing = run("sources", "demo", doc, cwd=tmp_path, pythonpath=site)  # built and cached without the text
    text = site / "clusterpolicy_demo" / "texts" / "demo.txt"
    assert (missing.returncode, missing.stderr) == (2, f"clusterpolicy: error: {text}: file not found (the source text of '{doc}')\n")
    (site / "clusterpolicy_demo" / "texts").mkdir()
    (site / "clusterpolicy_demo" / "texts" / "demo.txt").write_text("第一条 示例。\n", encoding="utf-8")
    found = run("sources", "demo", doc, cwd=tmp_path, pythonpath=site)
    assert (found.returncode, found.stdout) == (0, "第一条 示例。\n")
    listed = run("sources", "demo", "--format", "json", cwd=tmp_path, pythonpath=site)
    paths = {s["id"]: s["path"] for s in json.loads(listed.stdout)["sources"]}
    assert paths[doc] == str(site / "clusterpolicy_demo" / "texts" / "demo.txt")
