"""The newer API routes: rules of a regime, one rule, the glossary, quota, case check, the comparison
as a spreadsheet, batch — each checked against the CLI's answer and the OpenAPI document."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the 'serve' extra is not installed (pip install -e '.[test]')")
httpx = pytest.importorskip("httpx", reason="httpx is not installed (pip install -e '.[test]')")

import jsonschema  # noqa: E402
from httpserver import running  # noqa: E402

import clusterpolicy  # noqa: E402
from clusterpolicy.glossary import TERMS  # noqa: E402
from clusterpolicy.http.openapi import openapi_document  # noqa: E402
from clusterpolicy.http.server import create_app  # noqa: E402
import inprocess

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
TOML = {"Content-Type": "application/toml"}


@pytest.fixture(scope="module")
def client(regimes):
    with running(create_app(regimes)) as url, httpx.Client(base_url=url, timeout=30) as c:
        yield c


@pytest.fixture(scope="module")
def openapi() -> dict:
    return openapi_document()


def check(openapi: dict, response, path: str, method: str) -> dict:
    documented = openapi["paths"][path][method]["responses"][str(response.status_code)]
    body = response.json()
    schema = {**documented["content"]["application/json"]["schema"], "components": openapi["components"]}
    jsonschema.Draft202012Validator(schema).validate(body)
    return body


def cli(*args: str) -> dict:
    result = inprocess.run(*args, "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_rules_of_a_regime_with_requirement_citation_provenance_and_removals(client, openapi, regimes):
    body = check(openapi, client.get("/api/regimes/hainan/rules"), "/api/regimes/{regime}/rules", "get")
    assert (body["kind"], body["regime"], body["lineage"]) == ("regime_rules", "hainan", ["national", "hainan"])
    by_id = {(r["family"], r["id"]): r for r in body["rules"]}
    output = by_id[("criteria", "core.output")]
    assert output["requirement_zh"] == "近3年每年 total_output ≥ 20亿元"
    assert output["requirement_en"] == "total_output ≥ 20亿元 in each of the last 3 years"
    assert (output["citation"]["document"], output["provenance"], output["origin"], output["replaces"]) == (
        "琼工信规〔2023〕4号", "text", "hainan", "national",
    )
    assert len(body["rules"]) == sum(len(getattr(regimes["hainan"], f)) for f in clusterpolicy.regimes.families.FAMILIES)
    assert body["removed"] == []  # Hainan's text departs from no inherited rule
    barred = {(r["family"], r["id"]): r for r in body["not_inherited"]}
    assert barred[("criteria", "prerequisite.provincial")]["origin"] == "national"
    assert barred[("criteria", "prerequisite.provincial")]["citation"]["item"] == "第十二条"  # with the national article
    assert (output["inherited_from"], output["children_inherit"]) == (None, True)
    pillar = by_id[("criteria", "innovation.patent_density")]
    assert pillar["interpretation"]["note_en"].startswith("the text does not say which population")

    one = check(openapi, client.get("/api/regimes/hainan/rules/core.output"), "/api/regimes/{regime}/rules/{rule}", "get")
    assert one["rule"] == output
    missing = client.get("/api/regimes/hainan/rules/no.such")
    assert missing.status_code == 404 and "has no rule 'no.such'" in check(openapi, missing, "/api/regimes/{regime}/rules/{rule}", "get")["error"]
    typo = check(openapi, client.get("/api/regimes/hainan/rules/core.outptu"), "/api/regimes/{regime}/rules/{rule}", "get")
    assert (typo["error"], typo["error_zh"]) == ("regime 'hainan' has no rule 'core.outptu' (did you mean 'core.output'?)",
                                                 "制度 'hainan' 没有规则 'core.outptu'(是否应为 'core.output'?)")  # fmt: skip
    assert client.get("/api/regimes/nowhere/rules").status_code == 404


def test_a_rule_id_used_in_several_families_answers_with_the_choices(client, openapi):
    """innovation is a criterion and a case category: 300 Multiple Choices, one path per family."""
    several = client.get("/api/regimes/national/rules/innovation")
    assert several.status_code == 300
    body = check(openapi, several, "/api/regimes/{regime}/rules/{rule}", "get")
    assert [c["family"] for c in body["choices"]] == ["criteria", "case_categories"]
    chosen = client.get(body["choices"][1]["href"])
    assert chosen.status_code == 200 and chosen.json()["rule"]["family"] == "case_categories"


def test_a_page_per_regime_is_served_for_known_regimes_only(client):
    page = client.get("/regimes/hainan")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert client.get("/regimes/nowhere").status_code == 404


def test_the_glossary_is_the_one_the_cli_uses(client, openapi):
    body = check(openapi, client.get("/api/glossary"), "/api/glossary", "get")
    assert body["glossary"]["overall"]["incomplete"] == {"zh": TERMS["overall"]["incomplete"][0], "en": "INCOMPLETE"}
    assert body["glossary"]["provenance"]["secondary"]["zh"] == "公开转载"


def test_quota_and_case_check_answer_as_the_cli(client, openapi, regimes):
    recs = EXAMPLES / "recommendations-2024-city-over-quota.toml"
    response = client.post("/api/quota?as_of=2024-08-01", content=recs.read_bytes(), headers=TOML)
    assert check(openapi, response, "/api/quota", "post") == cli("quota", str(recs), "--as-of", "2024-08-01")
    # Over HTTP the list names its call; no query parameter can disagree with it.
    asked = client.post("/api/quota?call=2019", content=recs.read_bytes(), headers=TOML)
    assert asked.status_code == 400 and asked.json()["problems"] == ["call: unknown query parameter (expected one of: as_of)"]
    uncalled = client.post("/api/quota", content=b'submitter = "x"\nsubmitter_kind = "province"\n', headers=TOML)
    assert uncalled.status_code == 422 and uncalled.json()["problems"] == ["$.call: no call year: give 'call' in the list or --call YEAR"]
    rules = openapi_document(regimes=regimes)["paths"]["/api/quota"]["post"]["requestBody"]["content"]["application/json"]["schema"]["allOf"][1]
    assert rules["required"] == ["call"]  # what the schema says, the handler requires

    submission = (EXAMPLES / "case-anhui-city.toml").read_text(encoding="utf-8")
    refused = client.post("/api/cases/check?regime=anhui", content=submission.encode(), headers=TOML)
    assert refused.status_code == 422
    files = check(openapi, refused, "/api/cases/check", "post")
    assert files["error"] == "<request body>: $.text_file: over HTTP the server does not read files: send the text inline in $.text and leave file paths out"
    assert files["error_zh"] == "<request body>: $.text_file: 通过 HTTP 提交时服务器不读取文件:请在 $.text 中直接给出正文,不要填写文件路径"
    problems = EXAMPLES / "case-problems.toml"  # its text is inline
    body = check(openapi, client.post("/api/cases/check?regime=anhui", content=problems.read_bytes(), headers=TOML), "/api/cases/check", "post")
    expected = cli("cases", "check", str(problems), "-r", "anhui")
    assert body["case_check"]["findings"] == expected["case_check"]["findings"]
    assert (body["kind"], body["case_check"]["verdict"], body["case_check"]["source"]) == ("case_check", "problems", "<request body>")


def test_the_comparison_downloads_as_xlsx_and_csv(client, regimes):
    openpyxl = pytest.importorskip("openpyxl")
    profile = (EXAMPLES / "hainan-only.toml").read_bytes()
    response = client.post("/api/compare/table?regime=national&regime=hainan&lang=zh", content=profile, headers=TOML)
    assert response.status_code == 200
    assert response.headers["content-disposition"] == 'attachment; filename="clusterpolicy-comparison.xlsx"'
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book["对照"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
    assert sheet["A1"].font.bold and sheet.column_dimensions["C"].width > 10
    header = [c.value for c in sheet[1]]
    assert header[:5] == [None, "指标", "指标名称", "national 结论", "national 要求"]
    rows = {r[1]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["core.output"][3] == "不满足" and rows["core.output"][4] == "≥ 40亿元"
    assert rows["core.output"][8] == "公开转载"  # provenance in the chosen language
    assert rows["结论"][3] == "不符合"
    verdicts = list(book["结论"].iter_rows(min_row=2, values_only=True))
    assert [v[0] for v in verdicts] == ["national", "hainan"]
    assert verdicts[0][6].date().isoformat() == "2023-06-15"  # a real date, not text

    csv = client.post("/api/compare/table?regime=national&regime=hainan&format=csv&lang=en", content=profile, headers=TOML)
    assert csv.headers["content-type"].startswith("text/csv")
    assert csv.content.startswith(b"\xef\xbb\xbf")  # a BOM: Excel reads UTF-8
    assert ",core.output,Output at least 4 bn yuan in each of the last three years,FAIL," in csv.content.decode("utf-8-sig")
    assert client.post("/api/compare/table?format=pdf", content=profile, headers=TOML).status_code == 400


def test_the_downloads_carry_each_findings_margin_worded_as_the_text_output_does(client):
    """Per regime a margin column, in the download's language: an exact margin (a decimal difference,
    at the deciding year) and a rounded one (a share whose ratio does not end: "about"/"约")."""
    import csv

    openpyxl = pytest.importorskip("openpyxl")
    profile = (EXAMPLES / "hainan-only.toml").read_bytes()
    zh = client.post("/api/compare/table?regime=national&regime=hainan&lang=zh", content=profile, headers=TOML)
    sheet = openpyxl.load_workbook(io.BytesIO(zh.content))["对照"]
    header = [c.value for c in sheet[1]]
    assert header[3:6] == ["national 结论", "national 要求", "national 余量"] and header[11] == "hainan 余量"
    rows = {r[1]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["core.output"][5] == "差 15.4亿元(门槛的 38.5%),2020 年"  # exact
    assert rows["core.output"][11] == "高出 4.6亿元(门槛的 23%),2020 年"
    assert rows["core.sme_share"][5] == "高出 约9.5367个百分点(门槛的 13.62%)"  # rounded: 约
    assert rows["tiered.firms"][5] == "差 4家(门槛的 40%),专精特新/创新型/高新技术企业 ≥ 10"  # an any_of names its alternative
    assert rows["prerequisite.provincial"][5] is None and rows["prerequisite.provincial"][11] is None  # no margin; hainan lacks the rule

    en = client.post("/api/compare/table?regime=national&regime=hainan&format=csv&lang=en", content=profile, headers=TOML)
    table = list(csv.reader(io.StringIO(en.content.decode("utf-8-sig"))))
    assert table[0][3:6] == ["national STATUS", "national REQUIRED", "national MARGIN"]
    rows = {r[1]: r for r in table[1:]}
    assert rows["core.output"][5] == "fails by 15.4亿元 (38.5% of the threshold), at 2020"
    assert rows["core.sme_share"][5] == "passes by about 9.5367 percentage points (13.62% of the threshold)"
    assert rows["core.growth"][5] == "fails by about 7.39 percentage points (73.9% of the threshold)"
    assert rows["core.growth"][11] == "fails by about 2.39 percentage points (47.8% of the threshold)"  # hainan: waived, still a margin
    assert rows["core.brand"][5] == ""


def test_no_cell_of_a_download_is_a_formula(client):
    """national's applicant rule requires "= county_sme_authority": in the XLSX that is a text cell (openpyxl
    would write a formula, which Excel shows as #NAME?); in the CSV an apostrophe keeps Excel from evaluating it."""
    import csv

    openpyxl = pytest.importorskip("openpyxl")
    profile = (EXAMPLES / "hainan-only.toml").read_bytes()
    xlsx = client.post("/api/compare/table?regime=national&lang=en", content=profile, headers=TOML)
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content))["Comparison"]
    applicant = next(r for r in sheet.iter_rows(min_row=2) if r[1].value == "scope.applicant")
    assert (applicant[4].value, applicant[4].data_type) == ("= county_sme_authority", "s")
    assert [c.coordinate for ws in openpyxl.load_workbook(io.BytesIO(xlsx.content)) for row in ws.iter_rows() for c in row if c.data_type == "f"] == []
    text = client.post("/api/compare/table?regime=national&format=csv&lang=en", content=profile, headers=TOML).content.decode("utf-8-sig")
    rows = {r[1]: r for r in csv.reader(io.StringIO(text))}
    assert rows["scope.applicant"][4] == "'= county_sme_authority"
    assert not [cell for r in rows.values() for cell in r if cell.startswith(("=", "+", "-", "@"))]


def test_control_characters_in_a_profile_are_shown_in_the_xlsx_not_a_server_error(client):
    openpyxl = pytest.importorskip("openpyxl")
    profile = {"name": "集群\x0f一", "declarations": {"anhui": {"opening": {"met": True, "by": "某县\x13工信局", "note": "核对\x0c原文"}}}}
    response = client.post("/api/compare/table?regime=anhui&lang=zh", json=profile)
    assert response.status_code == 200
    cells = [c for row in openpyxl.load_workbook(io.BytesIO(response.content))["对照"].iter_rows(values_only=True) for c in row]
    assert any("某县␓工信局" in c and "核对␌原文" in c for c in cells if isinstance(c, str))


def test_batch_over_http_is_the_batch_command(client, tmp_path):
    pytest.importorskip("numpy")
    source = EXAMPLES / "batch-clusters.csv"
    response = client.post("/api/batch?regime=national&regime=hainan&as_of=2025-05-20", content=source.read_bytes(), headers={"Content-Type": "text/csv"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/x-ndjson")
    out = tmp_path / "s.jsonl"
    subprocess.run([sys.executable, "-m", "clusterpolicy", "batch", str(source), "--out", str(out), "-r", "national", "-r", "hainan", "--as-of", "2025-05-20", "-q"], check=True, cwd=ROOT, capture_output=True)
    assert response.text == out.read_text(encoding="utf-8")
    # A file that is no table the server can read: one line, for the header row, saying why.
    for content in (b"nom,total\nx,1\n", b"", b"\x89PNG\r\n\x1a\n"):
        bad = client.post("/api/batch", content=content, headers={"Content-Type": "text/csv"})
        (line,) = [json.loads(x) for x in bad.text.splitlines()]
        assert bad.status_code == 200 and (line["kind"], line["row"], line["name"]) == ("batch_row", 1, None)
        assert line["errors"] and all(e.startswith("header: ") and "/tmp" not in e for e in line["errors"])
    unknown = client.post("/api/batch", content=b"nom,total\nx,1\n", headers={"Content-Type": "text/csv"}).json()
    assert unknown["errors"][0].startswith("header: unknown column 'nom'")
    assert client.post("/api/batch", content=b"{}", headers={"Content-Type": "application/json"}).status_code == 415
