"""clusterpolicy new-jurisdiction: the scaffolds load and pass the checks as written."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import clusterpolicy

ROOT = Path(__file__).resolve().parents[1]
STRONG = ROOT / "examples" / "strong-national.toml"
#: Commented example lines: a table header, ``key = value``, an inline-table array entry, a closing ``]``.
EXAMPLE_LINE = re.compile(r"^# (\[\[?[a-z_.]+\]\]?$|[a-z_.]+ = |  \{ |\]$)")


def run(*args: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "clusterpolicy", *args], capture_output=True, text=True, cwd=cwd, timeout=60,
        env={**os.environ, **(env or {})},
    )  # fmt: skip


def test_toml_scaffold_loads_as_written(tmp_path):
    made = run("new-jurisdiction", "zhejiang", "--parent", "national", "--name-zh", "浙江省", "--out", str(tmp_path / "zhejiang.toml"))
    assert (made.returncode, made.stdout, made.stderr) == (0, "", "")
    text = (tmp_path / "zhejiang.toml").read_text(encoding="utf-8")
    assert 'id = "zhejiang"\nname_zh = "浙江省"\nname_en = "zhejiang (fill in the English name)"\n' in text
    checked = run("check-rules", str(tmp_path / "zhejiang.toml"), "--format", "json")
    assert checked.returncode == 0, checked.stderr
    regimes = clusterpolicy.load_regimes(rules=[tmp_path / "zhejiang.toml"])
    # nothing changed yet: zhejiang applies exactly the national criteria that provinces inherit
    national = [r.rule for r in regimes["national"].criteria if r.id not in ("prerequisite.provincial", "relaxation.western")]
    assert [r.rule for r in regimes["zhejiang"].criteria] == national
    assert all(r.inherited_by("zhejiang") == "national" for r in regimes["zhejiang"].criteria)


def test_toml_scaffold_examples_load_once_uncommented(tmp_path):
    text = run("new-jurisdiction", "zhejiang").stdout
    uncommented = "\n".join(line[2:] if EXAMPLE_LINE.match(line) else line for line in text.splitlines()) + "\n"
    assert uncommented.count("[[criteria.override]]") == 4
    path = tmp_path / "zhejiang.toml"
    path.write_text(uncommented, encoding="utf-8")
    regimes = clusterpolicy.load_regimes(rules=[path])
    z = {r.id: r.rule for r in regimes["zhejiang"].criteria}
    assert z["tiered.firms"].check.need == 2
    assert z["zhejiang.division_level"].check.values == ("county", "district")
    assert z["core.growth"].waiver is not None
    assert "prerequisite.provincial" not in z
    assessment = regimes["zhejiang"].evaluate(clusterpolicy.load_profile(STRONG))
    assert assessment.finding("zhejiang.standards").missing == ("extra.standards_set",)


def test_scaffold_refuses_a_bad_id():
    made = run("new-jurisdiction", "Zhe Jiang")
    assert made.returncode == 2
    assert made.stderr.startswith("clusterpolicy: error: new-jurisdiction: id: 'Zhe Jiang' is not a valid id")


@pytest.mark.slow
def test_python_scaffold_is_a_working_plugin_package(tmp_path):
    made = run("new-jurisdiction", "zhe-jiang", "--python", str(tmp_path / "pkg"))
    assert made.returncode == 0, made.stderr
    pkg = tmp_path / "pkg"
    assert sorted(p.relative_to(pkg).as_posix() for p in pkg.rglob("*") if p.is_file()) == [
        "clusterpolicy_zhe_jiang/__init__.py",
        "pyproject.toml",
        "tests/cases/.gitkeep",
        "tests/test_zhe-jiang.py",
    ]
    assert '[project.entry-points.clusterpolicy]\nzhe-jiang = "clusterpolicy_zhe_jiang"\n' in (pkg / "pyproject.toml").read_text(encoding="utf-8")
    # its own test passes, through the conformance kit, without installing it
    tested = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        capture_output=True, text=True, cwd=pkg, timeout=120, env={**os.environ, "PYTHONPATH": str(pkg)},
    )  # fmt: skip
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert "2 passed" in tested.stdout
    # and the CLI sees it once it is importable through an entry point
    info = pkg / "clusterpolicy_zhe_jiang-0.1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: clusterpolicy-zhe-jiang\nVersion: 0.1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[clusterpolicy]\nzhe-jiang = clusterpolicy_zhe_jiang\n", encoding="utf-8")
    listed = run("regimes", env={"PYTHONPATH": str(pkg)})
    assert listed.returncode == 0, listed.stderr
    assert "zhe-jiang" in listed.stdout
