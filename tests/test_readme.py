"""The README's Python examples run as written."""

from __future__ import annotations

import os
import re
import types
from pathlib import Path

import clusterpolicy

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README, flags=re.S)


def test_python_api_example(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    block = next(b for b in python_blocks() if "load_regimes()" in b)
    exec(compile(block, "README.md", "exec"), {})
    assert capsys.readouterr().out == "eligible waived\n"


def test_province_plugin_example_overrides_national():
    block = next(b for b in python_blocks() if "clusterpolicy_zhejiang" in b)
    module = types.ModuleType("clusterpolicy_zhejiang")
    exec(compile(block, "README.md", "exec"), module.__dict__)
    regimes = clusterpolicy.load_regimes(extra=[("zhejiang", module)])
    zhejiang = regimes["zhejiang"]
    output = next(r for r in zhejiang.criteria if r.id == "core.output")
    assert (output.origin, output.replaces, output.rule.check.value) == ("zhejiang", "national", 30)
    profile = clusterpolicy.load_profile(os.path.join(ROOT, "examples", "hainan-only.toml"))
    assert zhejiang.evaluate(profile).finding("core.output").status.value == "fail"  # 24.6亿元 < 30


def _quick_start() -> str:
    return README.split("## Quick start", 1)[1].split("\n## ", 1)[0]


def test_the_first_command_installs_only_what_comparing_needs():
    first = re.findall(r"```sh\n(.*?)```", _quick_start(), flags=re.S)[0]
    assert "pip install -e . &&" in first and "[" not in first  # no extras: no test stack to run one compare
    assert "clusterpolicy compare examples/strong-national.toml" in first


def test_ci_runs_exactly_the_readmes_test_command_and_the_quick_start_shows_the_page():
    blocks = re.findall(r"```sh\n(.*?)```", _quick_start(), flags=re.S)
    test_command = next(b.strip() for b in blocks if "pytest" in b)
    assert "'.[test]'" in test_command
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command in ci
    assert "clusterpolicy serve" in _quick_start()
    for picture in ("docs/page-desktop.png", "docs/page-phone.png"):
        assert picture in _quick_start() and (ROOT / picture).stat().st_size > 10_000


def _console(command: str) -> list[str]:
    block = next(b for b in re.findall(r"```console\n(.*?)```", README, flags=re.S) if b.startswith(f"$ {command}\n"))
    return [line for line in block.splitlines()[1:] if line.strip() != "…"]


def test_the_pathway_and_whatif_examples_are_what_the_commands_print():
    import subprocess
    import sys

    for command in ("clusterpolicy pathway examples/hainan-only.toml",
                    "clusterpolicy whatif examples/hainan-only.toml --set firms.little_giants=1 -r national -r hainan"):  # fmt: skip
        args = command.split()[1:]
        result = subprocess.run([sys.executable, "-m", "clusterpolicy", *args, "--lang", "en"], capture_output=True, text=True, cwd=ROOT, timeout=60)
        printed = result.stdout.splitlines()
        shown = _console(command)
        assert shown and all(line in printed for line in shown), [line for line in shown if line not in printed]
        assert [line for line in printed if line in shown] == shown  # in the same order
