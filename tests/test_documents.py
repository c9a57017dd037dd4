"""Every JSON document the command line writes validates against its published schema, envelope included."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clusterpolicy.documents import FLAT, INPUTS, OUTPUTS, SCHEMA_VERSION
from inprocess import run

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


@pytest.mark.slow
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


# --- the encoder ------------------------------------------------------------------------------------

TRICKY = {
    "text": "".join(map(chr, range(200))) + "\u2028\u2029\ufeff“前列”集群\U0001f600",
    "numbers": [0, -1, 2**63 - 1, 1e-21, 0.1, 1e16, -0.0],
    "nested": {"tuple": (1, (2, "三")), "none": None, "flags": [True, False]},
}


def _nested(depth: int) -> list:
    inner: list = []
    for _ in range(depth):
        inner = [inner]
    return inner


@pytest.mark.parametrize(
    "document",
    [TRICKY, {"big": 2**64}, {"surrogate": "\ud800"}, {1: "integer key"}, {"deep": _nested(300)}],
    ids=["tricky", "beyond-64-bits", "lone-surrogate", "integer-key", "deep"],
)
def test_documents_are_written_as_the_json_module_writes_them(document):
    from clusterpolicy.documents import dumps, dumps_bytes

    expected = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    assert dumps(document) == expected
    if document.get("surrogate") is None:
        assert dumps_bytes(document) == expected.encode("utf-8")


def test_a_comparison_is_written_by_orjson_byte_for_byte_as_by_the_json_module():
    import clusterpolicy
    from clusterpolicy.documents import _fast, dumps_bytes, to_json

    regimes = clusterpolicy.load_regimes()
    profile = clusterpolicy.load_profile(Path(__file__).parent.parent / "examples" / "strong-national.toml")
    document = to_json(clusterpolicy.compare(profile, list(regimes.values())))
    assert _fast(document) is not None  # orjson wrote it: it is installed with clusterpolicy
    assert dumps_bytes(document) == json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _strictly_equal(a, b) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_strictly_equal(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_strictly_equal(x, y) for x, y in zip(a, b))
    return a == b


def _writers(cls):
    """The converter's hook for ``cls`` (its own JSON writer) and the hook cattrs would generate."""
    import cattrs.gen

    from clusterpolicy.convert import default_converter

    conv = default_converter()
    fast = conv.get_unstructure_hook(cls)
    assert fast.__qualname__ == f"{cls.__name__}.json_writer.<locals>.write"
    return fast, cattrs.gen.make_dict_unstructure_fn(cls, conv)


def _examples():
    import clusterpolicy

    return [clusterpolicy.load_profile(Path(__file__).parent.parent / "examples" / e) for e in ("strong-national.toml", "hainan-only.toml", "missing-data.json")]


def test_a_finding_is_written_as_the_converter_would_write_it(regimes):
    """Finding.json_writer writes every finding — passes, fails, unknowns, waivers, declarations,
    any_of parts, margins — exactly as cattrs' generated hook would: same keys in the same order, same types."""
    from clusterpolicy.criteria.results import Finding

    fast, generic = _writers(Finding)
    findings = [f for profile in _examples() for r in regimes.values() for f in r.evaluate(profile).findings]
    assert {f.status.value for f in findings} >= {"pass", "fail", "unknown", "not_encoded", "waived", "declared_met"}
    assert any(f.parts for f in findings) and any(f.margin for f in findings) and any(f.interpretation for f in findings)
    for f in findings:
        assert _strictly_equal(fast(f), generic(f)), f.rule


def test_a_comparison_row_is_written_as_the_converter_would_write_it(regimes):
    """ComparisonRow.json_writer writes every row — rows a regime lacks (null index), rows that differ
    in presence, status, requirement or citation — exactly as cattrs' generated hook would."""
    import clusterpolicy
    from clusterpolicy.criteria.results import ComparisonRow

    fast, generic = _writers(ComparisonRow)
    rows = [row for profile in _examples() for row in clusterpolicy.compare(profile, list(regimes.values())).rows]
    assert any(None in row.finding_index for row in rows)
    assert {d for row in rows for d in row.differs} == {"presence", "status", "requirement", "citation"}
    for row in rows:
        assert _strictly_equal(fast(row), generic(row)), row.rule
