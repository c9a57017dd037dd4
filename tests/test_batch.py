"""Batch screening: the flat layout, readers, bad rows, atomic output, the CLI."""

from __future__ import annotations

import csv
import importlib.util
import json
import os
import signal
import subprocess
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import clusterpolicy
from batch_support import fresh_regimes
from clusterpolicy import InputError, Status
from clusterpolicy.batch.screen import evaluate_many, table_from_mappings
from clusterpolicy.batch.output import write_batch
from clusterpolicy.batch.layout import REMARK_ZH
from clusterpolicy.criteria.context import REMARKS
from clusterpolicy.criteria.evaluate import remarks_of
from clusterpolicy.messages import said
from clusterpolicy.batch.readers import open_table
from clusterpolicy.convert import read_document
from clusterpolicy.documents import SCHEMA_VERSION
from clusterpolicy.criteria.flat import flatten_document, parse_header, row_profile
import inprocess

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(p for p in (ROOT / "examples").iterdir() if p.name in ("strong-national.toml", "hainan-only.toml", "missing-data.json"))
AS_OF = date(2025, 5, 20)


@pytest.fixture(scope="module")
def regimes():
    return fresh_regimes(with_testland=False)


def _write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    columns: list[str] = []
    for r in rows:
        columns += [c for c in r if c not in columns]
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, columns, restval="")
        w.writeheader()
        w.writerows(rows)
    return path


def _example_rows() -> list[dict[str, str]]:
    return [flatten_document(read_document(p)) for p in EXAMPLES]


# --- the flat layout ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_a_flat_row_is_the_same_profile_as_its_toml(path):
    document = read_document(path)
    row = flatten_document(document)
    columns = parse_header(list(row), "t.csv")
    assert row_profile(columns, list(row.values()), "t.csv", 2) == clusterpolicy.profile_from_dict(document)


def test_an_empty_cell_is_missing_never_zero(regimes):
    rows = [{"name": "a", "years.2024.total_output": "", "firms.little_giants": "", "within_one_county": ""}]
    (result,) = evaluate_many(rows, [regimes["national"]], as_of=AS_OF)
    national = result.result("national")
    assert national.rule("core.output") is Status.UNKNOWN
    assert national.rule("tiered.firms") is Status.UNKNOWN
    assert national.rule("scope.county") is Status.UNKNOWN
    columns = parse_header(list(rows[0]), "x")
    profile = row_profile(columns, list(rows[0].values()), "x", 2)
    assert profile.years == {} and profile.firms.little_giants is None and profile.within_one_county is None


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (["name", "totl_output.2024"], "x.csv: header: unknown column 'totl_output.2024' (did you mean 'years.2024.total_output'?)"),
        (["name", "total_output.2024"], "x.csv: header: unknown column 'total_output.2024' (did you mean 'years.2024.total_output'?)"),
        (["name", "years.2024.sme_outpt"], "x.csv: header: unknown column 'years.2024.sme_outpt' (did you mean 'years.2024.sme_output'?)"),
        (["name", "provincal_cluster"], "x.csv: header: unknown column 'provincal_cluster' (did you mean 'provincial_cluster'?)"),
        (["name", "firms.litle_giants"], "x.csv: header: unknown column 'firms.litle_giants' (did you mean 'firms.little_giants'?)"),
        (["name", "attestation.brand"], "x.csv: header: unknown column 'attestation.brand' (did you mean 'attestations.brand'?)"),
        (["name", "zzz"], "x.csv: header: unknown column 'zzz'"),
        (["area_km2"], "x.csv: header: no 'name' column (every row needs the cluster's name)"),
        (["name", "area_km2", "area_km2"], "x.csv: header: column 'area_km2' appears twice (columns 2 and 3)"),
        (["name", ""], "x.csv: header: header column 2 is empty"),
    ],
)
def test_headers_are_validated_up_front(header, message):
    with pytest.raises(InputError) as err:
        parse_header(header, "x.csv")
    assert str(err.value) == message


def test_every_problem_of_a_header_is_listed():
    with pytest.raises(InputError) as err:
        parse_header(["name", "a", "b"], "x.csv")
    assert err.value.problems == ("header: unknown column 'a'", "header: unknown column 'b'")


# --- readers -----------------------------------------------------------------------------------


def _statuses(results):
    return [(r.row, r.name, r.errors, [(x.regime, x.status, x.rules) for x in r.results]) for r in results]


def test_csv_xlsx_and_jsonl_give_the_same_results(tmp_path, regimes):
    openpyxl = pytest.importorskip("openpyxl")
    rows = _example_rows()
    src_csv = _write_csv(tmp_path / "in.csv", rows)
    columns = list(csv.reader(src_csv.open(encoding="utf-8")))[0]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(columns)
    for r in rows:
        sheet.append([_xlsx_value(r.get(c, "")) for c in columns])
    book.save(tmp_path / "in.xlsx")
    with (tmp_path / "in.jsonl").open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    selected = list(regimes.values())
    expected = _statuses(evaluate_many(src_csv, selected, as_of=AS_OF))
    assert [e[2] for e in expected] == [(), (), ()]
    assert _statuses(evaluate_many(tmp_path / "in.xlsx", selected, as_of=AS_OF)) == expected
    # JSON Lines rows are numbered by line (no header line).
    assert _statuses(evaluate_many(tmp_path / "in.jsonl", selected, as_of=AS_OF)) == [(n - 1, *rest) for n, *rest in expected]
    # … and the same as the single-profile path.
    for path, (_, _, _, results) in zip(EXAMPLES, expected):
        profile = clusterpolicy.load_profile(path)
        assert [(r.id, a.status, tuple((f.rule, f.status) for f in a.findings)) for r in selected for a in [r.evaluate(profile, AS_OF)]] == results


def _xlsx_value(cell: str):
    """As a person would type it into Excel: numbers as numbers, true/false as booleans."""
    if cell in ("true", "false"):
        return cell == "true"
    try:
        return int(cell)
    except ValueError:
        pass
    try:
        return float(cell)
    except ValueError:
        return cell or None


def test_jsonl_values_may_be_json_scalars(tmp_path, regimes):
    path = tmp_path / "in.jsonl"
    path.write_text(
        '{"name": "a", "years.2024.total_output": 40, "within_one_county": true, "incidents": []}\n'
        "\n"
        '{"name": "b", "years.2024.total_output": "39.99", "within_one_county": null}\n'
        '{"name": "c", "area_km2": 1.5}\n'
        "[1, 2]\n",
        encoding="utf-8",
    )
    results = list(evaluate_many(path, [regimes["national"]], as_of=AS_OF))
    assert [r.row for r in results] == [1, 3, 4, 5]
    assert results[0].result("national").rule("scope.county") is Status.PASS
    assert results[0].result("national").rule("negative_list") is Status.PASS
    assert results[1].result("national").rule("scope.county") is Status.UNKNOWN
    assert results[2].result("national").rule("core.area") is Status.PASS  # a key first used on line 4
    assert results[3].errors == ("row 5: expected a JSON object",)
    path.write_text('{"name": "a"}\n{"name": "b", "nope": 1}\n', encoding="utf-8")
    with pytest.raises(InputError) as err:
        list(evaluate_many(path, [regimes["national"]]))
    assert str(err.value) == f"{path}: header: unknown column 'nope' (first on line 2)"


def test_a_jsonl_row_that_is_no_json_names_the_column_within_its_line(tmp_path, regimes):
    path = tmp_path / "in.jsonl"
    path.write_text('{"name": "ok"}\n{"name": \n{"name": "x", "area_km2": 1,}\n', encoding="utf-8")
    results = list(evaluate_many(path, [regimes["national"]], as_of=AS_OF))
    assert [r.errors for r in results] == [
        (),
        ("row 2: invalid JSON at column 10: Expecting value",),  # just past the line's end, not "line 2 column 1"
        ("row 3: invalid JSON at column 29: Expecting property name enclosed in double quotes",),
    ]
    assert said(results[1].errors[0], "zh") == "第 2 行:JSON 格式错误(第 10 列):此处应为一个值"


def test_a_jsonl_row_with_a_repeated_key_is_refused(tmp_path, regimes):
    path = tmp_path / "in.jsonl"
    path.write_text('{"name": "ok", "area_km2": 1}\n{"name": "x", "name": "y"}\n', encoding="utf-8")
    results = list(evaluate_many(path, [regimes["national"]], as_of=AS_OF))
    assert results[0].errors == ()
    assert results[1].errors == ("row 2: invalid JSON: $: duplicate key 'name' in one object (each key may appear once)",)


# --- bad rows ----------------------------------------------------------------------------------


def test_bad_rows_are_reported_with_row_and_column_and_skipped(tmp_path, regimes):
    src = tmp_path / "in.csv"
    src.write_text(
        "name,years.2024.total_output,within_one_county,firms.little_giants,incidents\n"
        "good,40,true,1,none\n"
        "bad number,4O,true,1,none\n"
        "\n"
        ",40,true,1,none\n"
        "bad flag,40,yes,1.5,none\n"
        "too long,40,true,1,none,extra\n"
        'bad incident,40,true,1,"[{""date"": ""2024-01-01"", ""kind"": ""flood""}]"\n'
        "good too,41,false,0,[]\n",
        encoding="utf-8",
    )
    results = list(evaluate_many(src, [regimes["national"]], as_of=AS_OF))
    assert [(r.row, r.rejected) for r in results] == [
        (2, False), (3, True), (5, True), (6, True), (7, True), (8, True), (9, False),
    ]  # fmt: skip
    errors = {r.row: r.errors for r in results if r.rejected}
    assert errors == {
        3: ("row 3: years.2024.total_output: expected a decimal number; got '4O'",),
        5: ("row 5: name: required field missing",),
        6: (
            "row 6: within_one_county: expected true/false, or an empty cell; got 'yes'",
            "row 6: firms.little_giants: expected an integer, or an empty cell; got '1.5'",
        ),
        7: ("row 7: has 6 cells, the header has 5",),
        8: (
            "row 8: incidents[0].kind: expected one of: safety_accident, quality_accident, environmental_accident, "
            "cyber_security_incident, data_security_incident, tax_evasion, illegal_conduct, serious_dishonesty, "
            "other_major_problem; got 'flood'",
        ),
    }
    summary = write_batch(src, tmp_path / "out.csv", [regimes["national"]], as_of=AS_OF)
    assert (summary.rows, summary.evaluated, summary.rejected) == (7, 2, 5)
    assert summary.by_regime == {"national": {"eligible": 0, "ineligible": 1, "incomplete": 1}}
    out = list(csv.DictReader((tmp_path / "out.csv").open(encoding="utf-8-sig")))
    assert [(r["row"], r["national"], r["error"][:10]) for r in out] == [
        ("2", "incomplete", ""), ("3", "", "row 3: yea"), ("5", "", "row 5: nam"), ("6", "", "row 6: wit"),
        ("7", "", "row 7: has"), ("8", "", "row 8: inc"), ("9", "ineligible", ""),
    ]  # fmt: skip
    # 2024 meets 40 exactly; 2022 and 2023 are missing, never zero.
    assert (out[0]["national.core.output"], out[6]["national.core.output"]) == ("unknown", "unknown")


def test_a_part_above_its_total_is_rejected_by_every_reader_and_engine(tmp_path, regimes):
    """SME output typed in 万元 beside a total in 亿元 would pass any share threshold: every reader and engine
    rejects the row with the converter's message and its row number. A part equal to its total, or beside
    no total, is evaluated."""
    header = ["name", "years.2023.total_output", "years.2023.leading_output", "years.2024.total_output", "years.2024.sme_output",
              "years.2024.leading_output"]  # fmt: skip
    rows = [
        ["slip", "38", "", "40", "466635", "30"],  # row 2: the SME output in 万元
        ["equal", "38", "38", "40", "40", "40.0"],  # row 3: a part may be the whole
        ["scales", "38", "38.00001", "40.5", "30", "40.51"],  # row 4: above by 0.00001 and by 0.01
        ["no total", "38", "", "", "466635", "466635"],  # row 5: nothing to compare with
    ]
    src = tmp_path / "in.csv"
    src.write_text("\n".join(",".join(r) for r in [header, *rows]) + "\n", encoding="utf-8")
    with (tmp_path / "in.jsonl").open("w", encoding="utf-8") as f:
        f.writelines(json.dumps({k: v for k, v in zip(header, r) if v}, ensure_ascii=False) + "\n" for r in rows)
    sources = {"text": (src, "text", 0), "jsonl": (tmp_path / "in.jsonl", "auto", 1)}
    if importlib.util.find_spec("pyarrow"):
        import pyarrow as pa
        import pyarrow.parquet as pq

        pq.write_table(pa.table({k: [r[i] or None for r in rows] for i, k in enumerate(header)}), tmp_path / "in.parquet")
        sources |= {"arrow": (src, "arrow", 0), "parquet": (tmp_path / "in.parquet", "auto", 0)}
    if importlib.util.find_spec("openpyxl"):
        import openpyxl

        book = openpyxl.Workbook()
        for r in [header, *rows]:
            book.active.append([_xlsx_value(c) for c in r])
        book.save(tmp_path / "in.xlsx")
        sources["xlsx"] = (tmp_path / "in.xlsx", "auto", 0)
    part = "must not be more than total_output ({}), the cluster's total output it is part of (both in 亿元); got {}, {} above it"
    expected = {
        2: ("row 2: years.2024.sme_output: " + part.format(40, 466635, 466595),),
        4: ("row 4: years.2023.leading_output: " + part.format(38, "38.00001", "0.00001"),
            "row 4: years.2024.leading_output: " + part.format("40.5", "40.51", "0.01")),
    }  # fmt: skip
    national = [regimes["national"]]
    for name, (path, reader, shift) in sources.items():
        for engine in ("columns", "rows"):
            results = list(evaluate_many(path, national, as_of=AS_OF, engine=engine, reader=reader))
            assert [r.row + shift for r in results] == [2, 3, 4, 5], (name, engine)
            assert {r.row + shift: tuple(e.replace(f"row {r.row}:", f"row {r.row + shift}:") for e in r.errors) for r in results if r.rejected} == expected, (name, engine)
            assert [r.result("national").rule("core.sme_share") for r in results if not r.rejected] == [Status.PASS, Status.UNKNOWN], (name, engine)


def test_boundaries_on_the_column_path(regimes):
    """Output exactly 40, SME share exactly 70%, leading share exactly 70% (exclusive), growth
    exactly 10% (exclusive) — decided exactly, and as the engine does."""
    base = {
        "name": "edge", "years.2022.total_output": "100", "years.2023.total_output": "110",
        "years.2024.total_output": "121", "years.2024.sme_output": "84.7", "years.2024.leading_output": "84.7",
    }  # fmt: skip
    rows = [
        base,
        {**base, "years.2024.total_output": "121.000001", "years.2022.total_output": "40"},
        {**base, "years.2022.total_output": "39.999999"},
    ]
    results = list(evaluate_many(rows, [regimes["national"]], as_of=AS_OF, engine="columns"))
    got = [[r.result("national").rule(k) for k in ("core.output", "core.sme_share", "core.leading_share", "core.growth")] for r in results]
    P, F = Status.PASS, Status.FAIL
    assert got == [[P, P, F, F], [P, F, F, P], [F, P, F, P]]
    reference = list(evaluate_many(rows, [regimes["national"]], as_of=AS_OF, engine="rows"))
    assert reference == results


def test_exact_decimals_not_floats(regimes):
    """0.1 + 0.2 ≤ 0.3 holds; float32 or float64 arithmetic would say otherwise."""
    from batch_support import fresh_regimes as fresh

    testland = fresh()["testland"]
    rows = [{"name": "x", "extra.a": "0.1", "extra.b": "0.2"}, {"name": "y", "extra.a": "0.1", "extra.b": "0.200001"}]
    got = [r.result("testland").rule("sum.exact") for r in evaluate_many(rows, [testland], as_of=AS_OF)]
    assert got == [Status.PASS, Status.FAIL]


# --- atomic output ------------------------------------------------------------------------------


def test_a_failed_run_leaves_the_previous_output_untouched(tmp_path, regimes):
    out = tmp_path / "out.csv"
    out.write_text("previous results\n", encoding="utf-8")

    def rows():
        yield {"name": "a", "years.2024.total_output": "50"}
        yield {"name": "b", "years.2024.total_output": "50"}
        raise RuntimeError("disk unplugged")

    with pytest.raises(RuntimeError):
        write_batch(table_from_mappings(rows()), out, [regimes["national"]], chunk_size=1)
    assert out.read_text(encoding="utf-8") == "previous results\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]  # no temporary file left


def test_a_killed_run_never_leaves_a_file_that_looks_whole(tmp_path):
    """SIGKILL in the middle of a run: the target does not exist; only a *.partial file may."""
    fifo = tmp_path / "in.csv"
    os.mkfifo(fifo)
    out = tmp_path / "out.csv"
    proc = subprocess.Popen(
        [sys.executable, "-m", "clusterpolicy", "batch", str(fifo), "--out", str(out), "--chunk-size", "10", "-r", "national"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while True:  # open without blocking forever if the command died before opening its input
        try:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            break
        except OSError:
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.02)
    os.set_blocking(fd, True)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write("name,years.2024.total_output\n")
        for i in range(200):
            f.write(f"c{i},{i}\n")
        f.flush()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not list(tmp_path.glob(".out.csv.*.partial")):
            time.sleep(0.02)
        partial = list(tmp_path.glob(".out.csv.*.partial"))
        time.sleep(0.3)  # let it write some chunks
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=20)
    assert partial, "the run writes into a temporary file"
    assert not out.exists()
    assert all(p.name.endswith(".partial") for p in tmp_path.iterdir() if p.name != "in.csv")


# --- the command line ---------------------------------------------------------------------------


def _run(*args, cwd=None):
    return inprocess.run(*args, cwd=cwd or Path.cwd())


def test_cli_batch_end_to_end(tmp_path):
    rows = _example_rows() + [{"name": "broken", "years.2024.total_output": "n/a"}]
    src = _write_csv(tmp_path / "in.csv", rows)
    out = tmp_path / "out.jsonl"
    proc = _run("batch", str(src), "--out", str(out), "-r", "national", "-r", "hainan", "--as-of", "2025-05-20", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == "clusterpolicy: row 5: years.2024.total_output: expected a decimal number; got 'n/a'\n"
    summary = json.loads(proc.stdout)

    assert summary["schema_version"] == SCHEMA_VERSION
    body = summary["batch_summary"]
    assert (body["rows"], body["evaluated"], body["rejected"]) == (4, 3, 1)
    assert body["regimes"] == ["national", "hainan"]
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["row"] for line in lines] == [2, 3, 4, 5]
    assert lines[3]["errors"] == ["row 5: years.2024.total_output: expected a decimal number; got 'n/a'"]
    for path, line in zip(EXAMPLES, lines):
        profile = clusterpolicy.load_profile(path)
        for rid in ("national", "hainan"):
            a = clusterpolicy.load_regimes()[rid].evaluate(profile, AS_OF)
            assert line["results"][rid] == {
                "status": a.status.value, "rules": {f.rule: f.status.value for f in a.findings}, "declared": list(a.declared), "waived": list(a.waived),
                "notes": list(remarks_of(a)),
            }  # fmt: skip
    # --strict: the same run, exit status 2 because a row was rejected, and nothing written.
    (tmp_path / "o.csv").write_text("before\n", encoding="utf-8")
    proc = _run("batch", str(src), "--out", str(tmp_path / "o.csv"), "--strict", "-q", "--lang", "zh")
    assert proc.returncode == 2 and proc.stderr == ""
    assert "被拒: 1" in proc.stdout and "未写入任何文件" in proc.stdout
    assert "符合" in proc.stdout and "不完整(不能判定)" in proc.stdout  # the verdicts as the glossary names them
    assert (tmp_path / "o.csv").read_text(encoding="utf-8") == "before\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "o.csv", "out.jsonl"]
    # --fail-on rejected: the output is written, the exit status says a row was rejected.
    proc = _run("batch", str(src), "--out", str(tmp_path / "o.csv"), "--fail-on", "rejected", "-q")
    assert proc.returncode == 1 and proc.stderr == ""
    assert (tmp_path / "o.csv").read_text(encoding="utf-8-sig").startswith("row,name,error,as_of,")
    proc = _run("batch", str(tmp_path / "good.csv"), "--out", str(tmp_path / "g.csv"), "--fail-on", "rejected", "-q")
    assert proc.returncode == 2  # no such input: a usage error, not an outcome


def test_cli_batch_bad_header_exit_2_and_no_output(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("name,total_output.2024\nx,1\n", encoding="utf-8")
    proc = _run("batch", str(src), "--out", str(tmp_path / "out.csv"))
    assert proc.returncode == 2
    assert proc.stderr == (
        f"clusterpolicy: error: {src}: header: unknown column 'total_output.2024' (did you mean 'years.2024.total_output'?)\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]


def test_cli_batch_writes_wide_xlsx(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    src = _write_csv(tmp_path / "in.csv", _example_rows())
    proc = _run("batch", str(src), "--out", str(tmp_path / "out.xlsx"), "-r", "hainan", "--as-of", "2025-05-20")
    assert proc.returncode == 0, proc.stderr
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx").worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("row", "name", "error", "as_of", "hainan", "hainan.negative_list")
    assert [r[4] for r in rows[1:]] == [
        clusterpolicy.load_regimes()["hainan"].evaluate(clusterpolicy.load_profile(p), AS_OF).status.value for p in EXAMPLES
    ]
    # For people: a bold header that stays in view with a filter, fitted widths, real dates.
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "C2"
    assert sheet.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(rows[0]))}{len(rows)}"
    assert sheet.column_dimensions["B"].width == 28
    assert sheet.column_dimensions["F"].width == len("hainan.negative_list") + 2
    assert sheet["D2"].value.date() == AS_OF
    assert sheet["D2"].is_date and sheet["D2"].number_format == "yyyy-mm-dd"


def test_a_control_character_in_a_name_is_shown_in_the_xlsx(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    rows = _example_rows()
    rows[0]["name"] = "集群\x0b一"
    src = _write_csv(tmp_path / "in.csv", rows)
    proc = _run("batch", str(src), "--out", str(tmp_path / "out.xlsx"), "-r", "hainan", "--as-of", "2025-05-20")
    assert proc.returncode == 0, proc.stderr
    assert openpyxl.load_workbook(tmp_path / "out.xlsx").worksheets[0]["B2"].value == "集群␋一"


def test_cli_batch_xlsx_in_chinese(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    src = _write_csv(tmp_path / "in.csv", _example_rows())
    proc = _run("batch", str(src), "--out", str(tmp_path / "out.xlsx"), "-r", "hainan", "--as-of", "2025-05-20", "--lang", "zh")
    assert proc.returncode == 0, proc.stderr
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx").worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    hainan = clusterpolicy.load_regimes()["hainan"]
    name = hainan.jurisdiction.name_zh
    first = hainan.criteria[0].rule
    assert rows[0][:6] == ("行号", "集群名称", "问题", "评估日期", name, f"{name}:{first.title_zh}")
    expected = [hainan.evaluate(clusterpolicy.load_profile(p), AS_OF) for p in EXAMPLES]
    from clusterpolicy.criteria.render import OVERALL_LABEL, STATUS_LABEL

    assert [r[4] for r in rows[1:]] == [OVERALL_LABEL["zh"][a.status] for a in expected]
    assert [r[5] for r in rows[1:]] == [STATUS_LABEL["zh"][a.findings[0].status] for a in expected]
    assert "满足" in {v for r in rows[1:] for v in r}


def test_a_chinese_worksheet_says_why_a_row_is_rejected_in_chinese(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    src = tmp_path / "in.csv"
    src.write_bytes(b"name,area_km2\na,abc\nb,1,2\nc,\xba\n")
    for lang, problems in (
        ("zh", ["第 2 行:area_km2: 应为数字;实际为 'abc'", "第 3 行:有 3 个单元格,表头有 2 列",
                "第 4 行:无法按 utf-8 解码字节 0xba(第 2 列单元格的第 1 个字符;中文版 Windows 上 Excel 保存的文件请用 --encoding gb18030)"]),
        ("en", ["row 2: area_km2: expected a decimal number; got 'abc'", "row 3: has 3 cells, the header has 2",
                "row 4: cannot decode byte 0xba as utf-8 (column 2, character 1 of the cell; a file saved by Excel on Chinese Windows: try --encoding gb18030)"]),
    ):  # fmt: skip
        proc = _run("batch", str(src), "--out", str(tmp_path / f"{lang}.xlsx"), "-r", "hainan", "--lang", lang, "-q")
        assert proc.returncode == 0, proc.stderr
        rows = list(openpyxl.load_workbook(tmp_path / f"{lang}.xlsx").worksheets[0].iter_rows(min_row=2, max_col=3, values_only=True))
        assert [r[2] for r in rows] == problems, lang


# --- the README's batch section runs as written ---------------------------------------------------

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_batch_console_example(tmp_path):
    import re

    block = re.search(r"```console\n\$ pip install -e '\.\[batch,xlsx\]'.*?\n\$ (clusterpolicy batch .*?)\n(.*?)```", README, re.S)
    command, expected = block.group(1), block.group(2)
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    proc = _run(*command.split()[1:], cwd=tmp_path)
    assert proc.returncode == 0
    timing = re.compile(r"\(\d+\.\d\d s\)")
    assert timing.sub("(…)", proc.stderr + proc.stdout) == timing.sub("(…)", expected)


def test_readme_batch_python_example(tmp_path, monkeypatch, capsys):
    import re

    block = next(b for b in re.findall(r"```python\n(.*?)```", README, flags=re.S) if "evaluate_many(" in b)
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    monkeypatch.chdir(tmp_path)
    exec(compile(block, "README.md", "exec"), {})
    assert capsys.readouterr().out.splitlines() == [
        "2 宁波市北仑区模具产业集群(示例) eligible",
        "3 澄迈县福橙产业集群(示例) eligible",
        "4 示例县轴承产业集群(数据不全) incomplete",
        "5 (\"row 5: years.2024.total_output: expected a decimal number; got '四十'\",)",
    ]
    assert len((tmp_path / "screened.jsonl").read_text(encoding="utf-8").splitlines()) == 4


def test_every_output_says_what_each_verdict_rests_on(tmp_path, regimes):
    """RULES.md: every verdict that rests on a declaration says so — per regime, the declared and
    waived rule ids, after the status columns (CSV, XLSX, Parquet) or beside them (JSON Lines), as
    evaluate's Assessment.declared / .waived; both engines write the same bytes."""
    pytest.importorskip("numpy")
    selected = [regimes["national"], regimes["hainan"]]
    src = _write_csv(tmp_path / "in.csv", _example_rows())
    profiles = [clusterpolicy.load_profile(p) for p in EXAMPLES]
    want = [[(a.declared, a.waived) for a in (r.evaluate(p, AS_OF) for r in selected)] for p in profiles]
    declared = ("supply_chain", "innovation", "digital", "green", "opening", "governance")
    assert ((), ("core.growth",)) in [w[1] for w in want] and (declared, ()) in [w[0] for w in want]  # the rows show both
    written = {}
    for engine in ("columns", "rows"):
        for fmt in ("csv", "jsonl"):
            out = tmp_path / f"{engine}.{fmt}"
            write_batch(src, out, selected, as_of=AS_OF, engine=engine)
            written.setdefault(fmt, set()).add(out.read_bytes())
    assert all(len(v) == 1 for v in written.values())
    rows = list(csv.reader((tmp_path / "columns.csv").open(encoding="utf-8-sig")))
    assert rows[0][-6:] == ["national:declared", "national:waived", "national:notes", "hainan:declared", "hainan:waived", "hainan:notes"]
    assert [r[-6:] for r in rows[1:]] == [[cell for pair in w for cell in (*map(";".join, pair), "")] for w in want]  # the examples need no note
    lines = [json.loads(line) for line in (tmp_path / "columns.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [[(tuple(x["results"][r.id]["declared"]), tuple(x["results"][r.id]["waived"])) for r in selected] for x in lines] == want
    results = list(evaluate_many(src, selected, as_of=AS_OF))
    assert [[(x.declared, x.waived) for x in r.results] for r in results] == want
    if importlib.util.find_spec("pyarrow"):
        import pyarrow.parquet as pq

        write_batch(src, tmp_path / "out.parquet", selected, as_of=AS_OF)
        table = pq.read_table(tmp_path / "out.parquet")
        assert [table.column(n).to_pylist() for n in rows[0][-6:]] == [list(col) for col in zip(*(r[-6:] for r in rows[1:]))]


def test_a_workbooks_small_number_cell_is_read_from_its_value(tmp_path):
    """Excel shows 0.000015 as 1.5E-05 and Python's repr writes 1.5e-05: the cell is the number, written out."""
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.append(["name", "area_km2", "industrial_internet_rate"])
    book.active.append(["小数", 1.5e-05, 42.0])
    book.save(tmp_path / "in.xlsx")
    (row,) = evaluate_many(tmp_path / "in.xlsx", [clusterpolicy.load_regimes()["national"]], as_of=AS_OF)
    assert row.errors == ()
    (block,) = open_table(tmp_path / "in.xlsx").iter_blocks(10)
    assert block.rows == [["小数", "0.000015", "42"]]  # openpyxl reads 42.0 as the integer 42
    assert row_profile(parse_header(["name", "area_km2"], "in.xlsx"), block.rows[0][:2], "in.xlsx", 2).area_km2 == Decimal("0.000015")


def test_what_a_verdict_leaves_to_the_authority_is_in_every_output(tmp_path, regimes):
    """The assessment's remarks (an incident in the year not yet ended, one after the assessment
    date, two growth readings that decide differently) are per regime ``<regime>:notes``: codes in
    CSV, JSON Lines and Parquet, words in a Chinese worksheet; both engines alike."""
    incidents = json.dumps([{"date": "2025-03-01", "kind": "safety_accident", "grade": "major"},
                            {"date": "2025-06-01", "kind": "safety_accident", "grade": "major"}])  # fmt: skip
    rows = [{"name": "甲", "incidents": incidents, "years.2021.total_output": "90", "years.2022.total_output": "100",
             "years.2023.total_output": "110", "years.2024.total_output": "121"},
            {"name": "乙", "incidents": "[]"}]  # fmt: skip
    src = _write_csv(tmp_path / "in.csv", rows)
    national = [regimes["national"]]
    assert set(REMARK_ZH) == REMARKS  # every remark has its words
    want = ("negative_list:incident_in_running_year", "negative_list:incident_after_assessment", "core.growth:growth_readings_differ")
    profile = row_profile(parse_header(list(rows[0]), "x"), [rows[0][k] for k in rows[0]], "x", 2)
    assert remarks_of(regimes["national"].evaluate(profile, AS_OF)) == want  # growth 2022→2024 is exactly 10%: fails "more than"; from 2021 it passes
    for engine in ("columns", "rows"):
        assert [r.results[0].notes for r in evaluate_many(src, national, as_of=AS_OF, engine=engine)] == [want, ()]
        write_batch(src, tmp_path / f"{engine}.csv", national, as_of=AS_OF, engine=engine)
    assert (tmp_path / "columns.csv").read_bytes() == (tmp_path / "rows.csv").read_bytes()
    table = list(csv.reader((tmp_path / "columns.csv").open(encoding="utf-8-sig")))
    assert (table[0][-1], table[1][-1], table[2][-1]) == ("national:notes", ";".join(want), "")
    write_batch(src, tmp_path / "out.jsonl", national, as_of=AS_OF)
    lines = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [x["results"]["national"]["notes"] for x in lines] == [list(want), []]
    openpyxl = pytest.importorskip("openpyxl")
    write_batch(src, tmp_path / "out.xlsx", national, as_of=AS_OF, lang="zh")
    sheet = list(openpyxl.load_workbook(tmp_path / "out.xlsx").active.iter_rows(values_only=True))
    assert sheet[1][-1] == "negative_list:评估年度内(尚未结束)另有负面清单事项;negative_list:评估日之后的负面清单事项未计入;core.growth:两种增速读法结论不同"
    if importlib.util.find_spec("pyarrow"):
        import pyarrow.parquet as pq

        write_batch(src, tmp_path / "out.parquet", national, as_of=AS_OF)
        assert pq.read_table(tmp_path / "out.parquet").column("national:notes").to_pylist() == [";".join(want), ""]


@pytest.mark.parametrize("engine", ["columns", "rows"])
def test_a_whole_number_in_other_digits_is_refused_as_a_decimal_is(tmp_path, regimes, engine):
    """README: numbers are ASCII, not ４０ — int() alone would read '１' and '٣' as 1 and 3."""
    src = tmp_path / "in.csv"
    src.write_text("name,firms.little_giants\nx,１\ny,٣\nz, 1 \n", encoding="utf-8")
    readers = ["text"] + (["arrow"] if importlib.util.find_spec("pyarrow") else [])
    for reader in readers:
        results = list(evaluate_many(src, [regimes["national"]], as_of=AS_OF, engine=engine, reader=reader))
        assert [r.errors for r in results] == [
            ("row 2: firms.little_giants: expected an integer, or an empty cell; got '１' (it has full-width digits: retype them half-width, as 1)",),
            ("row 3: firms.little_giants: expected an integer, or an empty cell; got '٣'",),
            (),
        ], reader


def test_a_workbook_number_shown_as_a_percentage_is_refused_each_cell_on_its_own(tmp_path):
    """A cell formatted 0.0% shows 79.5% and holds 0.795: read as its value it would be 0.795 亿元
    (or 0.795 %) without a word; the same sheet saved as CSV says '79.5%' and is refused too."""
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.append(["name", "years.2024.sme_output", "years.2024.leading_output", "area_km2"])
    book.active.append(["百分比", 0.795, 0.8, 50])
    book.active.append(["文字中的%", 40, 30, 50])
    for cell, fmt in (("B2", "0.0%"), ("C2", "0%"), ("B3", '0"%"'), ("C3", "0.00")):  # a quoted % shows itself: no scaling
        book.active[cell].number_format = fmt
    book.save(tmp_path / "in.xlsx")
    rows = list(evaluate_many(tmp_path / "in.xlsx", [clusterpolicy.load_regimes()["national"]], as_of=AS_OF))
    assert rows[0].errors == (
        "row 2: years.2024.sme_output: the cell is formatted as a percentage: it shows 79.5% and holds 0.795; "
        "type the figure itself (79.5 for 79.5%) in a cell formatted as a number",
        "row 2: years.2024.leading_output: the cell is formatted as a percentage: it shows 80% and holds 0.8; "
        "type the figure itself (79.5 for 79.5%) in a cell formatted as a number",
    )
    assert said(rows[0].errors[1], "zh") == "第 2 行:years.2024.leading_output: 该单元格设为百分比格式:显示为 80%,实际存的是 0.8;请在数值格式的单元格中直接填写数字(79.5% 填 79.5)"
    assert rows[1].errors == ()


def test_cells_as_excel_writes_them_in_a_csv_are_refused_with_how_to_write_them(tmp_path, regimes):
    """Excel's "CSV (逗号分隔)" writes a date as the sheet shows it (2025/5/20) and keeps thousands
    separators and % signs: each is refused, saying how to write it."""
    src = tmp_path / "in.csv"
    src.write_text('name,assessment_date,area_km2,industrial_internet_rate\nx,2025/5/20,"1,234.5",79.5%\ny,2025/2/30,1,1\n', encoding="utf-8")
    first, second = (r.errors for r in evaluate_many(src, [regimes["national"]]))
    assert first == (
        "row 2: area_km2: expected a decimal number; got '1,234.5' (write 1234.5, without thousands separators)",
        "row 2: assessment_date: expected a date (YYYY-MM-DD); got '2025/5/20' (write 2025-05-20: a CSV saved by Excel writes a "
        "date as the sheet shows it; format the column as text, or save as .xlsx)",
        "row 2: industrial_internet_rate: expected a decimal number; got '79.5%' (a number is written without %: a rate in percent as 79.5)",
    )
    assert second == ("row 3: assessment_date: expected a date (YYYY-MM-DD); got '2025/2/30'",)  # no such day: no hint
    assert said(first[1], "zh").startswith("第 2 行:assessment_date: 应为日期(YYYY-MM-DD);实际为 '2025/5/20'(请写作 2025-05-20:")


def test_a_rejected_rows_problems_are_in_both_languages_in_every_output(tmp_path, regimes):
    """json-contract.md: both languages are always present — JSON Lines and the summary carry
    ``errors_zh``; the CSV's and the workbook's error cell is in the run's language."""
    src = tmp_path / "in.csv"
    src.write_text("name,area_km2\n甲,abc\n乙,1\n", encoding="utf-8")
    national = [regimes["national"]]
    en, zh = "row 2: area_km2: expected a decimal number; got 'abc'", "第 2 行:area_km2: 应为数字;实际为 'abc'"
    summary = write_batch(src, tmp_path / "out.jsonl", national, as_of=AS_OF)
    first = json.loads((tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert (first["errors"], first["errors_zh"]) == ([en], [zh])
    assert (summary.document()["batch_summary"]["errors"], summary.document()["batch_summary"]["errors_zh"]) == ([en], [zh])
    for lang, want in (("en", en), ("zh", zh)):
        for engine in ("columns", "rows"):
            write_batch(src, tmp_path / "out.csv", national, as_of=AS_OF, lang=lang, engine=engine)
            assert list(csv.reader((tmp_path / "out.csv").open(encoding="utf-8-sig")))[1][2] == want
