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
