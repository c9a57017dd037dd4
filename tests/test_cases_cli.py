"""``clusterpolicy cases …`` end to end, as a clerk runs it (in-process: tests/inprocess.py)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from inprocess import run

ROOT = Path(__file__).resolve().parents[1]


def test_categories_json_and_text():
    result = run("cases", "categories", "--regime", "anhui", "--format", "json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert (doc["schema_version"], doc["kind"], doc["regime"]) == ("2.0", "case_categories", "anhui")
    assert [c["id"] for c in doc["categories"]] == ["collaboration", "quality_brand", "innovation", "digital", "green", "opening", "governance"]
    assert {c["origin"] for c in doc["categories"]} == {"national"}
    assert doc["categories"][2]["subtopics"][2] == {
        "id": "pilot_platforms", "title_zh": "小试中试平台建设", "title_en": "Building pilot-test and scale-up platforms",
        "keywords": ["小试", "中试", "中试基地", "中试平台", "中试线", "中试车间", "概念验证", "试验验证", "工程化验证"],
    }  # fmt: skip
    text = run("cases", "categories", "--lang", "zh").stdout
    assert "3. innovation — 创新提升 / Innovation(包括但不限于)" in text
    assert "     pilot_platforms          小试中试平台建设" in text


def test_calls_show_the_override():
    result = run("cases", "calls", "--regime", "anhui", "--format", "json")
    [call] = json.loads(result.stdout)["calls"]
    assert (call["id"], call["origin"], call["replaces"], call["deadline"]["date"]) == ("cases-2024", "anhui", "national", "2024-06-21")
    text = run("cases", "calls", "--regime", "national").stdout
    assert "  deadline: 2024-06-30 (the day itself on time)" in text
    assert "  scope: not stated" in text


def test_check_clean_submission():
    result = run("cases", "check", "examples/case-national.toml", "--regime", "national")
    assert result.returncode == 0, result.stderr
    assert result.stdout.rstrip().endswith("Result: READY — 0 problem(s), 0 to confirm, 1 note(s)")


def test_check_reports_every_problem_with_its_citation():
    result = run("cases", "check", "examples/case-problems.toml", "--regime", "anhui", "--format", "json")
    assert result.returncode == 0, result.stderr  # the command ran; the verdict is in the document
    doc = json.loads(result.stdout)
    report = doc["case_check"]
    assert (doc["kind"], report["verdict"], report["call"]) == ("case_check", "problems", "cases-2024")
    problems = [f for f in report["findings"] if f["severity"] == "problem"]
    assert len(problems) == 7
    assert all(f["citation"] for f in problems)
    late = next(f for f in problems if f["check"] == "deadline")
    assert late["citation"]["document"] == "安徽省工业和信息化厅 2024-06-11 关于征集中小企业特色产业集群典型案例的通知"
    pi = [f for f in problems if f["check"] == "content.no_personal_information"]
    assert [(f["where"]["source"], f["where"]["line"], f["where"]["column"]) for f in pi] == [("$.text", 3, 12), ("$.text", 3, 29), ("$.text", 4, 11)]
    assert "11010519491231002X" not in result.stdout and "138-0551-2468" not in result.stdout


def test_check_in_chinese_shows_the_city_level_requirement():
    result = run("cases", "check", "examples/case-problems.toml", "-r", "anhui", "--lang", "zh")
    assert "须附市级的《X市中小企业特色产业集群培育举措》(附件4),所附“安徽省中小企业特色产业集群培育举措”为省级" in result.stdout
    assert "结论: 存在问题 — 7 个问题,5 项待确认,2 条提示" in result.stdout


def test_package_groups_by_submitter_and_checks_the_once_per_package_documents():
    result = run(
        "cases", "package", "examples/case-anhui-city.toml", "examples/case-anhui-city-green.toml", "examples/case-problems.toml",
        "--regime", "anhui", "--format", "json",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["kind"] == "case_package"
    packages = {p["submitter"]: p for p in doc["packages"]}
    hefei, county = packages["合肥市经济和信息化局"], packages["某县经济和信息化局"]
    assert (hefei["verdict"], hefei["cases"], len(hefei["sources"])) == ("ready", 2, 2)
    assert county["verdict"] == "problems"
    assert [(f["check"], f["severity"]) for f in county["findings"]] == [
        ("package.summary_table", "problem"), ("package.cultivation_measures", "problem"),
    ]  # fmt: skip
    text = run("cases", "package", "examples/case-anhui-city.toml", "examples/case-anhui-city-green.toml", "-r", "anhui", "--lang", "zh")
    assert text.stdout.rstrip().endswith("结论: 可以报送")


def test_check_from_standard_input():
    data = (ROOT / "examples" / "case-problems.toml").read_text(encoding="utf-8")
    result = run("cases", "check", "-", "-r", "national", "--format", "json", stdin=data)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["case_check"]["source"] == "<stdin>"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('title = "x"\ntext = "y"\n[submitter]\nname = "x"\nlevel = "town"\n', "$.submitter.level: expected one of"),
        ('title = "x"\ntext_file = "missing.md"\n[cluster]\nname="c"\nrecognition="national"\n[submitter]\nname = "x"\nlevel = "city"\n', "$.text_file: file not found"),
        ('title = "x"\ntext = "y"\ndate = 2024-06-31\n', "  - $.date: expected a date (YYYY-MM-DD); got 2024-06-31"),
        ('title = "x"\ntext = "y"\ndate = 2024-06-30T\n', "invalid TOML"),
    ],
)
def test_check_bad_input(tmp_path, content, message):
    path = tmp_path / "bad.toml"
    path.write_text(content, encoding="utf-8")
    result = run("cases", "check", str(path), "--regime", "anhui")
    assert result.returncode == 2
    assert result.stderr.startswith(f"clusterpolicy: error: {path}")
    assert message in result.stderr and "Traceback" not in result.stderr


def test_check_unknown_regime():
    result = run("cases", "check", "examples/case-national.toml", "--regime", "zhejiang")
    assert result.returncode == 2 and "unknown regime 'zhejiang'" in result.stderr


def test_suggest_from_file_and_stdin():
    result = run("cases", "suggest", "examples/case-text-digital.md", "--top", "1")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[2] == "1. digital — 数字化升级 / Digital upgrade: 21"
    assert lines[3] == "     “工业互联网平台” ×3 (keyword, 1) → Building and using industrial-internet platforms  @1:3"
    text = (ROOT / "tests" / "data" / "case_texts" / "green.txt").read_text(encoding="utf-8")
    doc = json.loads(run("cases", "suggest", "-", "--format", "json", stdin=text).stdout)
    assert (doc["kind"], doc["suggestions"][0]["category"]) == ("case_suggestions", "green")
    assert run("cases", "suggest", "nowhere.md").returncode == 2


def test_summary_csv_and_xlsx(tmp_path):
    subs = ["examples/case-national.toml", "examples/case-anhui-city.toml", "examples/case-problems.toml"]
    out = tmp_path / "汇总表.csv"
    result = run("cases", "summary", *subs, "--out", str(out), "--regime", "anhui")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"wrote {out} (3 row(s), csv)"
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel opens the Chinese correctly
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0] == ["序号", "报送单位", "集群名称", "集群认定级别", "所在地区", "报送类型", "案例类别", "涉及方向", "案例名称", "报送日期"]
    assert rows[2] == [
        "2", "合肥市经济和信息化局", "某区新能源汽车零部件产业集群(示例)", "国家级", "安徽省合肥市", "典型案例", "数字化升级",
        "工业互联网平台建设应用、集群主导产业链式数字化转型", "工业互联网平台赋能 集群链式数字化转型", "2024-06-21",
    ]  # fmt: skip
    assert rows[3][6] == "inovation"  # an unknown category is written as given, not dropped

    openpyxl = pytest.importorskip("openpyxl")
    xlsx = tmp_path / "summary.xlsx"
    doc = json.loads(run("cases", "summary", *subs, "-o", str(xlsx), "--columns", "en", "--format", "json").stdout)
    assert (doc["kind"], doc["format"], doc["rows"]) == ("case_summary", "xlsx", 3)
    sheet = openpyxl.load_workbook(xlsx).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][:3] == ["No.", "Submitter", "Cluster"]
    assert values[1][:4] == [1, "安徽省工业和信息化厅", "某县智能农机装备产业集群(示例)", "provincial"]
    assert values[1][6:8] == ["Innovation", "Building pilot-test and scale-up platforms; Industry–university–research collaborative innovation"]


def test_schema_submission_and_profile_default():
    doc = json.loads(run("schema", "submission").stdout)
    assert doc["title"] == "clusterpolicy typical-case submission"
    assert doc["properties"]["cluster"]["anyOf"][0] == {"$ref": "#/$defs/ClusterRef"}
    assert doc["$defs"]["ClusterRef"]["properties"]["recognition"]["enum"] == ["national", "provincial", "none"]
    assert json.loads(run("schema").stdout)["title"] == "clusterpolicy cluster profile"
    result = run("schema", "nonsense")
    assert result.returncode == 2 and "unknown document 'nonsense'" in result.stderr


def test_examples_validate_against_the_published_schema():
    jsonschema = pytest.importorskip("jsonschema")
    from clusterpolicy.convert import parse_document

    schema = json.loads(run("schema", "submission").stdout)
    for name in ("case-national.toml", "case-anhui-city.toml", "case-problems.toml"):
        data = parse_document((ROOT / "examples" / name).read_text(encoding="utf-8"), name, as_json=False)
        data = json.loads(json.dumps(data, default=str))  # dates as strings, as in JSON input
        jsonschema.validate(data, schema)


def test_check_output_validates_against_its_schema():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(run("schema", "case_check").stdout)
    for name, regime in (("case-problems.toml", "anhui"), ("case-national.toml", "national")):
        doc = json.loads(run("cases", "check", f"examples/{name}", "-r", regime, "--format", "json").stdout)
        jsonschema.validate(doc, schema)  # the document, envelope included
