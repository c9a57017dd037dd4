"""Every JSON document the command line writes validates against its published schema, envelope included."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from clusterpolicy.documents import FLAT, INPUTS, OUTPUTS, SCHEMA_VERSION

jsonschema = pytest.importorskip("jsonschema")

ROOT = Path(__file__).resolve().parents[1]

#: kind → a command that writes it (``--format json`` is added).
COMMANDS: dict[str, tuple[str, ...]] = {
    "assessment": ("evaluate", "examples/hainan-only.toml", "-r", "hainan"),
    "comparison": ("compare", "examples/missing-data.json"),
    "regimes": ("regimes",),
    "plugins": ("plugins",),
    "timeline": ("timeline", "examples/record-revocation.toml", "--as-of", "2025-06-01"),
    "lifecycle_status": ("status", "examples/record-revocation.toml", "--as-of", "2025-06-01"),
    "quota_check": ("quota", "examples/recommendations-2024-city-over-quota.toml", "--as-of", "2024-08-01"),
    "case_check": ("cases", "check", "examples/case-problems.toml", "-r", "anhui"),
    "case_categories": ("cases", "categories", "-r", "anhui"),
    "case_calls": ("cases", "calls", "-r", "anhui"),
    "case_suggestions": ("cases", "suggest", "examples/case-text-digital.md"),
    "case_package": ("cases", "package", "examples/case-anhui-city.toml", "examples/case-anhui-city-green.toml", "-r", "anhui"),
    "diff": ("diff", "national", "hainan"),
    "sources": ("sources", "hainan"),
    "source_text": ("sources", "hainan", "琼工信规〔2023〕4号"),
    "rule_file": ("export-rules", "hainan"),
    "rule_check": ("check-rules", "tests/rules/demo.toml"),
    "pathway": ("pathway", "examples/hainan-only.toml"),
    "whatif": ("whatif", "examples/hainan-only.toml", "--set", "years.2022.total_output=42", "--set", "firms.little_giants=1"),
}


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "clusterpolicy", *args], capture_output=True, text=True, cwd=cwd, timeout=60)


def schema(kind: str) -> dict:
    result = run("schema", kind)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("kind", sorted(COMMANDS))
def test_the_output_of_every_command_validates_against_its_schema(kind):
    result = run(*COMMANDS[kind], "--format", "json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert (document["schema_version"], document["kind"]) == (SCHEMA_VERSION, kind)
    jsonschema.validate(document, schema(kind))


def test_the_files_commands_write_validate_too(tmp_path):
    pytest.importorskip("numpy")
    summary = run("cases", "summary", str(ROOT / "examples/case-national.toml"), "--out", str(tmp_path / "t.csv"), "--format", "json")
    assert summary.returncode == 0, summary.stderr
    jsonschema.validate(json.loads(summary.stdout), schema("case_summary"))
    batch = run("batch", str(ROOT / "examples/batch-clusters.csv"), "--out", str(tmp_path / "s.jsonl"), "--format", "json", "--as-of", "2025-05-20")
    assert batch.returncode == 0, batch.stderr
    jsonschema.validate(json.loads(batch.stdout), schema("batch_summary"))
    rows = [json.loads(line) for line in (tmp_path / "s.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {"results" in r for r in rows} == {True, False}  # evaluated and rejected rows
    for row in rows:
        jsonschema.validate(row, schema("batch_row"))


def test_every_output_kind_has_a_schema_with_its_envelope():
    assert set(COMMANDS) | {"case_summary", "batch_summary", "batch_row", "glossary", "regime_rules", "regime_rule"} == set(OUTPUTS)
    for kind in OUTPUTS:
        s = schema(kind)
        assert s["properties"]["kind"] == {"const": kind}
        assert s["properties"]["schema_version"]["const"] == SCHEMA_VERSION
        assert {"schema_version", "kind"} <= set(s["required"])
        if kind not in FLAT:
            assert kind in s["required"]  # {"schema_version", "kind", "<kind>": {…}}
    assert "case_check" not in INPUTS  # an output: it has the envelope
    bad = {"schema_version": SCHEMA_VERSION, "kind": "regimes", "regimes": [], "extra": 1}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema("regimes"))
