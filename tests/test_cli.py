"""The command line end to end, as a user runs it (in-process: tests/inprocess.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from inprocess import run

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"




def test_compare_all_regimes_as_json():
    result = run("compare", "examples/strong-national.toml", "--format", "json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert (doc["schema_version"], doc["kind"]) == ("2.0", "comparison")
    statuses = {a["regime"]: a["status"] for a in doc["comparison"]["assessments"]}
    # national: eligible on the profile's declarations of 三–八 (the verdict says so)
    assert statuses == {"national": "eligible", "anhui": "incomplete", "hainan": "eligible"}
    national_a = doc["comparison"]["assessments"][0]
    assert national_a["declared"] == ["supply_chain", "innovation", "digital", "green", "opening", "governance"]
    assert [(x["rule"], x["origin"]) for x in doc["comparison"]["assessments"][2]["not_inherited"]] == [
        ("prerequisite.provincial", "national"), ("relaxation.western", "national"),
    ]
    rows = {r["rule"]: r for r in doc["comparison"]["rows"]}
    assert rows["core.output"]["differs"] == ["requirement", "citation"]
    assert rows["tiered.firms"]["differs"] == ["status", "requirement", "citation"]  # ≥10 vs ≥5 inside any_of; Anhui not encoded
    assert rows["core.pillar_industry"]["differs"] == ["citation"]
    assert rows["prerequisite.provincial"]["differs"] == ["presence"]
    # Rows point into the assessments' findings (each finding is written once).
    assessments = doc["comparison"]["assessments"]
    at = rows["core.output"]["finding_index"]
    national, anhui, hainan = (assessments[i]["findings"][at[i]] for i in range(3))
    assert (national["rule"], national["threshold"], anhui["threshold"], hainan["threshold"]) == ("core.output", "40", "30", "20")
    assert rows["prerequisite.provincial"]["finding_index"][2] is None  # hainan removes it
    assert sum(len(a["findings"]) for a in assessments) == sum(k is not None for r in rows.values() for k in r["finding_index"])
    assert '"reason_en"' not in json.dumps(doc["comparison"]["rows"])
    assert national["citation"]["document"] == "工信部企业〔2022〕119号 附件《中小企业特色产业集群认定标准》"


def test_compare_two_regimes_as_text_marks_differing_rows():
    result = run("compare", "examples/hainan-only.toml", "-r", "national", "-r", "hainan")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    row = next(line for line in lines if " core.output " in line)
    assert row.split() == ["Δ", "core.output", "FAIL", "(≥40亿元)", "−15.4亿元", "pass", "(≥20亿元)", "+4.6亿元"]
    assert "Result" in next(line for line in lines if line.strip().startswith("Result"))
    assert any(line.startswith("Δ core.front_rank") for line in lines)
    assert "  hainan: not inherited (national's own rule) [工信部企业〔2022〕119号 第十二条 · text]" in result.stdout


def test_a_regime_named_twice_is_compared_once():
    twice = run("compare", "examples/hainan-only.toml", "-r", "national", "-r", "hainan", "-r", "national", "--format", "json")
    assert twice.returncode == 0, twice.stderr
    assert [a["regime"] for a in json.loads(twice.stdout)["comparison"]["assessments"]] == ["national", "hainan"]


def test_evaluate_in_chinese():
    result = run("evaluate", "examples/hainan-only.toml", "--regime", "hainan", "--lang", "zh")
    assert result.returncode == 0, result.stderr
    assert "结论: 符合" in result.stdout
    assert "豁免    core.growth" in result.stdout


def test_evaluate_json_contract():
    result = run("evaluate", "examples/missing-data.json", "--regime", "national", "--format", "json", "--as-of", "2025-06-01")
    doc = json.loads(result.stdout)
    a = doc["assessment"]
    assert (doc["kind"], a["regime"], a["status"], a["as_of"]) == ("assessment", "national", "incomplete", "2025-06-01")
    assert a["missing"][:2] == ["incidents[0].grade", "attestations.fits_national_industrial_policy"]
    finding = next(f for f in a["findings"] if f["rule"] == "core.sme_share")
    assert {k: finding[k] for k in ("status", "op", "threshold", "unit", "provenance", "origin")} == {
        "status": "pass", "op": "ge", "threshold": "70", "unit": "%", "provenance": "secondary", "origin": "national",
    }
    assert finding["reason_en"] == "2024: sme_output/total_output = 78.438%; required ≥ 70%: met"


def test_profile_from_standard_input():
    text = (EXAMPLES / "missing-data.json").read_text(encoding="utf-8")
    result = run("evaluate", "-", "--regime", "hainan", "--format", "json", stdin=text)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["assessment"]["cluster"] == "示例县轴承产业集群(数据不全)"


def test_regimes_lists_jurisdictions_parents_sources_and_counts():
    doc = json.loads(run("regimes", "--format", "json").stdout)
    by_id = {r["id"]: r for r in doc["regimes"]}
    assert [by_id[i]["parent"] for i in ("national", "hainan", "anhui")] == [None, "national", "national"]
    assert by_id["national"]["criteria_by_provenance"] == {"text": 5, "secondary": 10, "unknown": 6}
    assert by_id["hainan"]["criteria_by_provenance"] == {"text": 30, "secondary": 0, "unknown": 0}
    assert by_id["anhui"]["criteria_by_provenance"] == {"text": 0, "secondary": 11, "unknown": 8}
    hainan_source = by_id["hainan"]["sources"][0]
    assert (hainan_source["id"], hainan_source["issued"], hainan_source["copy_dated"]) == ("琼工信规〔2023〕4号", None, "2023-05-23")
    assert (hainan_source["provenance"], hainan_source["number_provenance"]) == ("text", "secondary")
    text = run("regimes").stdout
    assert "hainan" in text and "琼工信规〔2023〕4号" in text


def test_schema_is_valid_json_schema_and_accepts_the_examples():
    jsonschema = pytest.importorskip("jsonschema")
    from clusterpolicy.convert import read_document

    schema = json.loads(run("schema").stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    for example in ("strong-national.toml", "hainan-only.toml", "missing-data.json"):
        data = json.loads(json.dumps(read_document(EXAMPLES / example), default=str))
        jsonschema.validate(data, schema)


def test_plugins_lists_the_builtin_entry_points():
    doc = json.loads(run("plugins", "--format", "json").stdout)
    by_name = {p["name"]: p for p in doc["plugins"]}
    # The built-ins are rule files shipped inside their packages (entry point ``package:file.toml``).
    assert by_name["hainan"]["source"].startswith("entry point hainan = clusterpolicy_hainan:hainan.toml (clusterpolicy ")
    assert "clusterpolicy_criteria" in by_name["hainan"]["hooks"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("evaluate", "examples/nope.toml", "-r", "national"), "clusterpolicy: error: examples/nope.toml: file not found"),
        (("evaluate", "examples/strong-national.toml", "-r", "beijing"),
         "clusterpolicy: error: unknown regime 'beijing' (known: national, anhui, hainan)"),
        (("compare", "-"), "clusterpolicy: error: <stdin>: $.name: required field missing"),
    ],
)
def test_bad_input_exits_2_with_one_clear_line(args, message):
    result = run(*args, stdin="{}")
    assert result.returncode == 2
    assert result.stderr.startswith(message)
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_bad_profile_names_file_and_field(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\narea_km2 = "large"\n[years.2024]\ntotal_output = -3\n', encoding="utf-8")
    result = run("evaluate", str(bad), "-r", "hainan")
    assert result.returncode == 2
    assert result.stderr == (
        f"clusterpolicy: error: {bad}: 2 problems\n"
        "  - $.area_km2: expected a decimal number; got 'large'\n"
        "  - $.years.2024.total_output: must not be negative, got -3\n"
    )


def test_bad_date_option_is_a_usage_error():
    result = run("evaluate", "examples/hainan-only.toml", "-r", "hainan", "--as-of", "2025-13-01")
    assert result.returncode == 2
    assert "expected a date YYYY-MM-DD, got '2025-13-01'" in result.stderr


def test_inconsistent_plugins_exit_3():
    result = run("regimes", "--block-plugin", "national")
    assert result.returncode == 3
    assert "plugin 'hainan': jurisdiction 'hainan' has parent 'national', which no plugin declares" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("document", "args"),
    [
        ("comparison", ("compare", "examples/strong-national.toml")),
        ("assessment", ("evaluate", "examples/missing-data.json", "-r", "hainan")),
        ("assessment", ("evaluate", "examples/hainan-only.toml", "-r", "national")),
    ],
)
def test_json_output_matches_its_published_schema(document, args):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(run("schema", document).stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(json.loads(run(*args, "--format", "json").stdout), schema)


def test_compare_says_what_differs_when_only_the_requirement_does():
    """A row that differs only in its requirement gives each regime's whole reason: the measured
    figure beside each requirement, and the article that sets it."""
    out = run("compare", "examples/strong-national.toml", "-r", "national", "-r", "hainan").stdout
    block = out[out.index("Δ core.sme_share —"):].split("\n\n", 1)[0].splitlines()
    assert block == [
        "Δ core.sme_share — SME output at least 70% of total output",
        "  national: pass — 2024: sme_output/total_output = 78.8614%; required ≥ 70%: met [工信部企业〔2022〕119号 附件《中小企业特色产业集群认定标准》 一 · secondary]",
        "  hainan: pass — 2024: sme_output/total_output = 78.8614%; required ≥ 60%: met [琼工信规〔2023〕4号 认定标准 一 · text]",
    ]


def test_compare_details_the_criteria_some_regime_does_not_meet_and_those_only_some_have():
    """The list under the table also gives a row whose status agrees when a regime does not find it
    met (why it fails, and the article), and a criterion only some regimes have (its article)."""
    out = run("compare", "examples/hainan-only.toml", "-r", "national", "-r", "hainan", "--lang", "en").stdout
    details = out[out.index("Rows whose status"):]
    added = details[details.index("± innovation.rd_growth —"):].split("\n\n", 1)[0].splitlines()
    assert added == [
        "± innovation.rd_growth — SME R&D spending average annual growth more than 5% over the last three years",
        "  national: —",
        added[2],
    ] and added[2].startswith("  hainan: pass — ") and added[2].endswith("[琼工信规〔2023〕4号 认定标准 四 · text]")
    both = run("compare", "examples/hainan-only.toml", "-r", "hainan", "-r", "anhui").stdout
    assert "   core.brand  " in both and "core.brand — " not in both  # met alike under both: only in the table
    later = run("compare", "examples/strong-national.toml", "-r", "national", "-r", "anhui", "--as-of", "2030-01-01").stdout
    block = later[later.index("\ncore.sme_share — "):].split("\n\n", 1)[0].splitlines()[1:]
    assert block == [
        "core.sme_share — SME output at least 70% of total output",
        "  national: unknown — missing input: years.2029.sme_output, years.2029.total_output [工信部企业〔2022〕119号 附件《中小企业特色产业集群认定标准》 一 · secondary]",
        "  anhui: unknown — missing input: years.2029.sme_output, years.2029.total_output [皖经信中小企〔2023〕44号 附《安徽省中小企业特色产业集群认定标准》 一 · secondary]",
    ]


def test_regimes_counts_what_is_inferred_declarable_and_taken_over():
    doc = json.loads(run("regimes", "--format", "json").stdout)
    by_id = {r["id"]: r for r in doc["regimes"]}
    assert by_id["national"]["declarable"] == ["supply_chain", "innovation", "digital", "green", "opening", "governance"]
    assert by_id["hainan"]["inferred"]["criteria"] == 3 and by_id["hainan"]["declarable"] == []
    # grounds (一) (a failed review, from its decision) and (五) (the incident window) are readings
    assert by_id["hainan"]["inferred"]["revocation_grounds"] == by_id["national"]["inferred"]["revocation_grounds"] == 2
    assert by_id["hainan"]["taken_over"] == {"criteria": 0, "timelines": 0, "revocation_grounds": 0, "case_categories": 7, "case_calls": 1}
    assert by_id["hainan"]["not_inherited"] == {"criteria": 2, "timelines": 8, "revocation_grounds": 5, "case_categories": 0, "case_calls": 0}
    text = run("regimes").stdout.splitlines()
    assert text[0].split()[5:9] == ["INFERRED", "DECLARABLE", "TAKEN", "OVER"]
    hainan = next(line for line in text if line.startswith("hainan"))
    assert re.search(r"30/0/0\s+5\s+0\s+8\s+琼工信规", hainan), hainan  # criteria by provenance, inferred, declarable, taken over


def test_evaluate_says_a_rank_in_words_and_a_single_figure_with_its_unit():
    out = run("evaluate", "examples/hainan-only.toml", "-r", "hainan", "--lang", "zh").stdout.splitlines()
    lines = {line.split()[1]: line for line in out if len(line.split()) > 1 and line.split()[1].startswith("core.")}
    assert lines["core.front_rank"].split()[:4] == ["满足", "core.front_rank", "≥", "省级"] and lines["core.front_rank"].split()[4] == "全省前列"
    assert lines["core.area"].split()[:5] == ["满足", "core.area", "≤", "100km²", "86km²"]
