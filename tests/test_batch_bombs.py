"""Batch screening against crafted files (the second hostile-input report): bombs, cells and
headers beyond the limits, rows past what a sheet declares, full-width years, lone surrogates.

Each test is a named regression: the file is refused with a message naming it and what was over
the limit (exit 2), or the bad row alone is rejected — never rows silently dropped, exit 70 or a hang.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import zipfile
from datetime import date

import pytest

from batch_support import fresh_regimes
from clusterpolicy import InputError
from clusterpolicy.batch.screen import evaluate_many
import inprocess

pytest.importorskip("numpy")
AS_OF = date(2025, 5, 20)
HEADER = "name,area_km2,firms.little_giants,years.2024.total_output"
READERS = ["text", "arrow"] if __import__("importlib").util.find_spec("pyarrow") else ["text"]
#: How a value over a length limit is worded (a cell, a number, a line: one wording).
LONG = "too long (at most 65,536 characters in a cell); got "


@pytest.fixture(scope="module")
def regimes():
    return fresh_regimes(with_testland=False)


def _run(*args):
    return inprocess.run(*args, cwd=os.getcwd())


def _results(path, regimes, reader="auto", **kw):
    return list(evaluate_many(path, [regimes["national"]], as_of=AS_OF, reader=reader, **kw))


# --- a crafted workbook ---------------------------------------------------------------------------

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _cell(ref: str, value: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


def _rows_xml(rows: list[list[str]]) -> str:
    letters = "ABCDEFGHIJ"
    return "".join(
        f'<row r="{i}">' + "".join(_cell(f"{letters[j]}{i}", v) for j, v in enumerate(row)) + "</row>" for i, row in enumerate(rows, 1)
    )


def _xlsx(path, sheet: str, prolog: str = "") -> None:
    """A workbook whose first sheet's XML is ``sheet`` (inside <worksheet>), after ``prolog``."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        z.writestr("xl/worksheets/sheet1.xml", f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet {_NS}>{sheet}</worksheet>')


# --- XLSX: rows past the declared dimension ---------------------------------------------------------


def test_xlsx_rows_past_the_declared_dimension_are_read(tmp_path, regimes):
    pytest.importorskip("openpyxl")
    rows = [["name", "area_km2"]] + [[f"c{i}", "10"] for i in range(6)]
    src = tmp_path / "in.xlsx"
    _xlsx(src, '<dimension ref="A1:B2"/><sheetData>' + _rows_xml(rows) + "</sheetData>")
    results = _results(src, regimes)
    assert [(r.row, r.name, r.rejected) for r in results] == [(i + 2, f"c{i}", False) for i in range(6)]


def test_an_xlsx_formula_whose_value_was_never_saved_rejects_its_row_saying_so(tmp_path, regimes):
    pytest.importorskip("openpyxl")
    src = tmp_path / "in.xlsx"
    _xlsx(src, "<sheetData>" + _rows_xml([["name", "area_km2"]]) + (
        '<row r="2"><c r="A2" t="inlineStr"><is><t>saved</t></is></c><c r="B2"><f>5*2</f><v>10</v></c></row>'
        '<row r="3"><c r="A3" t="inlineStr"><is><t>unsaved</t></is></c><c r="B3"><f>B2*2</f></c></row>'
        '<row r="4"><c r="A4" t="str"><f>"x"&amp;"y"</f></c><c r="B4"><v>7</v></c></row>'
    ) + "</sheetData>")  # fmt: skip
    results = _results(src, regimes)
    assert [(r.row, r.name, r.errors) for r in results] == [
        (2, "saved", ()),
        (3, "unsaved", ("row 3: area_km2: the cell holds a formula whose value was never saved ('=B2*2'): open the file in Excel and save it, or paste the values",)),
        (4, None, ("""row 4: name: the cell holds a formula whose value was never saved ('="x"&"y"'): open the file in Excel and save it, or paste the values""",)),
    ]


# --- full-width digits in a year column's name ---------------------------------------------------------


def test_a_full_width_year_in_a_column_name_is_a_header_error_in_every_format(tmp_path):
    name = "years.２０２２.total_output"
    expected = f"header: unknown column '{name}' (did you mean 'years.2022.total_output'?)"
    (tmp_path / "in.csv").write_text(f"name,{name}\na,50\n", encoding="utf-8")
    (tmp_path / "in.jsonl").write_text(json.dumps({"name": "a", name: 50}, ensure_ascii=False) + "\n", encoding="utf-8")
    files = ["in.csv", "in.jsonl"]
    if __import__("importlib").util.find_spec("openpyxl"):
        _xlsx(tmp_path / "in.xlsx", "<sheetData>" + _rows_xml([["name", name], ["a", "50"]]) + "</sheetData>")
        files.append("in.xlsx")
    if __import__("importlib").util.find_spec("pyarrow"):
        import pyarrow as pa
        import pyarrow.parquet as pq

        pq.write_table(pa.table({"name": ["a"], name: [50]}), tmp_path / "in.parquet")
        files.append("in.parquet")
    for f in files:
        for engine in ("columns", "rows") if f == "in.csv" else ("auto",):  # the header is checked before either engine runs
            proc = _run("batch", str(tmp_path / f), "--out", str(tmp_path / "o.jsonl"), "--engine", engine)
            assert proc.returncode == 2, (f, proc.stderr)
            suffix = " (first on line 1)" if f.endswith(".jsonl") else ""
            assert proc.stderr == f"clusterpolicy: error: {tmp_path / f}: {expected}{suffix}\n"
    assert not (tmp_path / "o.jsonl").exists()


# --- JSON Lines: lone surrogates ---------------------------------------------------------------------


def test_a_lone_surrogate_in_json_lines_rejects_its_line(tmp_path, regimes):
    src = tmp_path / "in.jsonl"
    src.write_text('{"name": "x\\ud800"}\n{"name": "ok \\ud83d\\ude00"}\n{"name": "y", "province": "\\udfff"}\n', encoding="utf-8")
    results = _results(src, regimes)
    lone = "invalid JSON: a \\u escape is half of a surrogate pair (not a character)"
    assert [(r.row, r.name, r.errors) for r in results] == [(1, None, (f"row 1: {lone}",)), (2, "ok 😀", ()), (3, None, (f"row 3: {lone}",))]
    proc = _run("batch", str(src), "--out", str(tmp_path / "o.jsonl"), "-q")
    assert proc.returncode == 0, proc.stderr
    assert [json.loads(line).get("errors") for line in (tmp_path / "o.jsonl").read_text(encoding="utf-8").splitlines()] == [
        [f"row 1: {lone}"], None, [f"row 3: {lone}"]
    ]


def test_a_lone_surrogate_over_http_is_a_rejected_row(regimes):
    from clusterpolicy.http import handlers

    answer = handlers.batch(regimes, {}, ("application/x-ndjson", b'{"name": "x\\ud800"}\n{"name": "ok"}\n', None))
    lines = [json.loads(line) for line in answer.content.decode("utf-8").splitlines()]
    assert [(x["row"], x.get("errors")) for x in lines] == [
        (1, ["row 1: invalid JSON: a \\u escape is half of a surrogate pair (not a character)"]), (2, None)
    ]


# --- header errors: capped, and quick ------------------------------------------------------------------


@pytest.mark.parametrize("reader", READERS)
def test_100k_unknown_columns_list_100_problems_quickly(tmp_path, reader):
    src = tmp_path / "in.csv"
    src.write_text("name," + ",".join(f"bogus{i}" for i in range(100_000)) + "\na\n", encoding="utf-8")
    started = time.process_time()
    with pytest.raises(InputError) as info:
        _results(src, fresh_regimes(with_testland=False), reader)
    assert time.process_time() - started < 2
    problems = info.value.problems
    assert len(problems) == 101
    assert problems[0] == "header: unknown column 'bogus0'" and problems[99] == "header: unknown column 'bogus99'"
    assert problems[100] == "… and 99,900 more header problem(s)"


def test_fewer_than_100_header_problems_are_all_listed(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("name," + ",".join(f"bogus{i}" for i in range(99)) + ",name\na\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        _results(src, fresh_regimes(with_testland=False), "text")
    assert len(info.value.problems) == 100 and info.value.problems[-1] == "header: column 'name' appears twice (columns 1 and 101)"


# --- HTTP: the errors name the request body --------------------------------------------------------------


@pytest.mark.parametrize(
    ("media", "body", "expected"),
    [("text/csv", b"name,bogus\nx,1\n", ["header: unknown column 'bogus'"]),
     ("text/csv", b"name,area_km2\nx,abc\n", None),
     ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK\x03\x04junk", None)],
    ids=["csv header", "bad row", "not a workbook"],
)  # fmt: skip
def test_http_batch_errors_never_name_the_servers_temporary_file(regimes, monkeypatch, media, body, expected):
    from clusterpolicy.batch.screen import Screener
    from clusterpolicy.http import handlers

    sources = []
    real = Screener.chunks
    monkeypatch.setattr(Screener, "chunks", lambda self, table: sources.append(table.source) or real(self, table))
    answer = handlers.batch(regimes, {}, (media, body, None))
    (line,) = [json.loads(x) for x in answer.content.decode("utf-8").splitlines()]
    assert line["row"] == 1 or line["row"] == 2
    assert line["errors"] and all("/tmp" not in e and "clusterpolicy-batch-" not in e for e in line["errors"])
    if expected:
        assert line["errors"] == expected
    assert set(sources) <= {"<request body>"}  # what the rows are read from is named as the body, never the temporary file


# --- CSV: cells beyond the limit reject their row, in both readers alike -----------------------------------


def _decisions(path, regimes, reader):
    return [(r.row, r.name, r.errors, r.results) for r in _results(path, regimes, reader, chunk_size=3)]


@pytest.mark.parametrize("reader", READERS)
def test_rows_after_a_3_mb_cell_are_read(tmp_path, regimes, reader):
    """The columnar reader once stopped at a cell longer than its block: rows after it vanished, exit 0."""
    src = tmp_path / "in.csv"
    src.write_text(f"{HEADER}\na,10,1,50\nb,10,1,50\n{'x' * 3_000_000},10,1,50\nd,10,1,50\ne,10,1,50\nf,10,1,50\n", encoding="utf-8")
    results = _results(src, regimes, reader)
    assert [(r.row, r.errors) for r in results] == [
        (2, ()), (3, ()), (4, (f"row 4: name: {LONG}'{'x' * 24}'… (3,000,000 characters)",)), (5, ()), (6, ()), (7, ())
    ]  # fmt: skip
    assert [r.name for r in results if not r.rejected] == ["a", "b", "d", "e", "f"]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("x" * 17_000_000, f"name: {LONG}'{'x' * 24}'… (17,000,000 characters)"),
     ('"' + ("y" * 999 + "\n") * 17_000 + '"', f"name: {LONG}'{'y' * 24}'… (17,000,000 characters)"),
     ('"a ""quoted"" name\n' + "z" * 17_000_000 + '"x', f"name: {LONG}'a \"quoted\" name\\n{'z' * 8}'… (17,000,017 characters)")],
    ids=["17 MB line", "17 MB quoted cell over many lines", "quotes inside and after"],
)  # fmt: skip
def test_a_cell_beyond_what_is_read_rejects_its_row_alone(tmp_path, regimes, cell, expected):
    src = tmp_path / "in.csv"
    src.write_text(f"{HEADER}\na,10,1,50\n{cell},10,1,50\nc,10,1,50\n", encoding="utf-8")
    got = {reader: _decisions(src, regimes, reader) for reader in READERS}
    text = got["text"]
    assert [(row, errors) for row, _, errors, _ in text] == [(2, ()), (3, (f"row 3: {expected}",)), (4, ())]
    assert all(decisions == text for decisions in got.values())


def test_a_header_longer_than_the_columnar_block_is_read(tmp_path, regimes):
    """Arrow once refused a valid header over 1 MiB ("Could not skip initial 1 rows")."""
    names = [f"extra.k{i:04d}_{'x' * 1100}" for i in range(1000)]
    src = tmp_path / "in.csv"
    src.write_text("name," + ",".join(names) + "\n" + "".join(f"c{r}," + ",".join([str(r)] * 1000) + "\n" for r in range(3)), encoding="utf-8")
    got = {reader: _decisions(src, regimes, reader) for reader in READERS}
    assert [(row, name, errors) for row, name, errors, _ in got["text"]] == [(2, "c0", ()), (3, "c1", ()), (4, "c2", ())]
    assert all(decisions == got["text"] for decisions in got.values())


@pytest.mark.parametrize("reader", READERS)
def test_every_row_in_is_evaluated_or_rejected(tmp_path, regimes, reader):
    """The invariant: rows in = evaluated + rejected, each with its number, whatever the rows hold."""
    from clusterpolicy.batch.output import write_batch

    lines = []
    for i in range(60):
        kind = i % 6
        if kind == 1:
            lines.append(b"x" * (1_500_000 + i) + b",10,1,50\n")  # longer than the columnar block
        elif kind == 2:
            lines.append(b"short,1\n")
        elif kind == 3:
            lines.append(b"bad \xff,10,1,50\n")
        elif kind == 4:
            lines.append(b'"quoted\n' + b"z" * 70_000 + b'",10,1,50\n')  # over the cell limit, across lines
        else:
            lines.append(f"c{i},{i},1,{i}\n".encode())
    lines.append(b'"never closed,10,1,50\n')
    src = tmp_path / "in.csv"
    src.write_bytes((HEADER + "\n").encode() + b"".join(lines))
    out = tmp_path / "out.jsonl"
    summary = write_batch(src, out, [regimes["national"]], as_of=AS_OF, reader=reader, chunk_size=7)
    written = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert summary.rows == len(lines) == summary.evaluated + summary.rejected == len(written)
    assert [w["row"] for w in written] == list(range(2, len(lines) + 2))
    assert summary.rejected == 40 + 1
    if reader == "arrow":
        assert _decisions(src, regimes, "arrow") == _decisions(src, regimes, "text")


# --- XLSX bombs: refused before openpyxl parses, in bounded time ----------------------------------------


def _refused_quickly(path, expected: str) -> None:
    """``batch`` exits 2 naming the file and what was over the limit, within 2 s of CPU and 200 MB."""
    code = (
        "import resource, sys\n"
        "from clusterpolicy.cli.app import main\n"
        "try:\n    code = main(sys.argv[1:])\n"
        "except SystemExit as e:\n    code = e.code\n"
        "u = resource.getrusage(resource.RUSAGE_SELF)\n"
        "peak = next(line.split()[1] for line in open('/proc/self/status') if line.startswith('VmHWM:'))\n"
        "print(u.ru_utime + u.ru_stime, peak, code)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code, "batch", str(path), "--out", str(path.with_suffix(".jsonl"))],
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert proc.stderr == f"clusterpolicy: error: {path}: {expected}\n"
    cpu, rss_kib, status = proc.stdout.split()[-3:]
    assert status == "2" and float(cpu) < 2 and int(rss_kib) < 200 * 1024, proc.stdout


def test_an_xlsx_cell_bomb_is_refused(tmp_path):
    pytest.importorskip("openpyxl")
    src = tmp_path / "bomb.xlsx"
    _xlsx(src, "<sheetData>" + _rows_xml([["name"], ["x" * 30_000_000]]) + "</sheetData>")
    assert src.stat().st_size < 1_000_000
    sheet = zipfile.ZipFile(src).getinfo("xl/worksheets/sheet1.xml")
    ratio = sheet.file_size // sheet.compress_size
    assert ratio > 1000
    _refused_quickly(src, f"xl/worksheets/sheet1.xml: unpacks {ratio:,} times its size ({sheet.file_size:,} bytes; at most 100 times): a zip bomb?")


def test_an_xlsx_with_entities_is_refused(tmp_path):
    pytest.importorskip("openpyxl")
    laughs = '<!DOCTYPE worksheet [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">' + "".join(
        f'<!ENTITY {chr(99 + i)} "' + f"&{chr(98 + i)};" * 10 + '">' for i in range(8)
    ) + "]>"
    src = tmp_path / "laughs.xlsx"
    _xlsx(src, "<sheetData>" + _rows_xml([["name"], ["&j;"]]) + "</sheetData>", prolog=laughs)
    _refused_quickly(src, "xl/worksheets/sheet1.xml: declares a document type or entities (refused: an XML bomb)")


def test_an_xlsx_with_200k_header_cells_is_refused(tmp_path):
    pytest.importorskip("openpyxl")
    src = tmp_path / "cols.xlsx"
    refs = "".join(f'<c r="{chr(65 + i % 26)}{chr(65 + i // 26 % 26)}{chr(65 + i // 676 % 26)}1"/>' for i in range(200_000))
    _xlsx(src, '<sheetData><row r="1">' + '<c t="inlineStr"><is><t>name</t></is></c>' + refs + "</row></sheetData>")
    _refused_quickly(src, "xl/worksheets/sheet1.xml: a row has more than 16,384 cells (at most 16,384 columns)")


def test_an_xlsx_cell_over_the_xml_text_limit_is_refused(tmp_path):
    pytest.importorskip("openpyxl")
    import random

    text = "".join(random.Random(5).choices("abcdefghijklmnopqrstuvwxyz0123456789", k=2_000_000))  # compresses little
    src = tmp_path / "long.xlsx"
    _xlsx(src, "<sheetData>" + _rows_xml([["name"], [text]]) + "</sheetData>")
    _refused_quickly(src, "xl/worksheets/sheet1.xml: a text or attribute over 1,048,576 bytes (a cell has at most 65,536 characters)")


def test_an_xlsx_cell_within_the_xml_limit_rejects_its_row(tmp_path, regimes):
    pytest.importorskip("openpyxl")
    src = tmp_path / "in.xlsx"
    _xlsx(src, "<sheetData>" + _rows_xml([["name", "area_km2"], ["x" * 100_000, "1"], ["ok", "10"]]) + "</sheetData>")
    results = _results(src, regimes)
    assert [(r.row, r.errors) for r in results] == [(2, (f"row 2: name: {LONG}'{'x' * 24}'… (100,000 characters)",)), (3, ())]


def test_a_title_row_above_the_header_is_named_as_such_in_every_format(tmp_path):
    """Excel's merged title above the header: one cell of text, the rest empty — said as a title to
    delete, in both languages, not as an unknown column and sixty empty ones."""
    title = "2025年特色产业集群汇总表"
    (tmp_path / "in.csv").write_text(f"{title},,,\nname,area_km2,province,region\n甲,1,海南省,east\n", encoding="utf-8")
    files = ["in.csv"]
    if __import__("importlib").util.find_spec("openpyxl"):
        _xlsx(tmp_path / "in.xlsx", "<sheetData>" + _rows_xml([[title], ["name", "area_km2", "province"], ["甲", "1", "海南省"]]) + "</sheetData>")
        files.append("in.xlsx")
    for f in files:
        proc = _run("batch", str(tmp_path / f), "--out", str(tmp_path / "o.csv"))
        assert proc.returncode == 2, (f, proc.stderr)
        assert proc.stderr == (
            f"clusterpolicy: error: {tmp_path / f}: header: the first row is '{title}' and names no column: if it is a title "
            "(merged cells in Excel), delete the rows above the header, so that the first row names the columns (name, years.2024.total_output, …)\n"
        )
        zh = _run("batch", str(tmp_path / f), "--out", str(tmp_path / "o.csv"), "--lang", "zh")
        assert zh.stderr == (f"clusterpolicy: 错误:{tmp_path / f}: 表头:第一行为 '{title}',不是列名:如果这是标题(Excel 中的合并单元格),"
                             "请删除表头上方的行,使第一行就是列名(name、years.2024.total_output 等)\n")  # fmt: skip
    assert not (tmp_path / "o.csv").exists()


@pytest.mark.skipif(__import__("importlib").util.find_spec("pyarrow") is None, reason="needs pyarrow")
def test_reader_arrow_on_a_gbk_file_says_why_it_cannot_and_what_to_do(tmp_path):
    (tmp_path / "in.csv").write_bytes("name,area_km2\n甲,1\n".encode("gbk"))
    proc = _run("batch", str(tmp_path / "in.csv"), "--out", str(tmp_path / "o.csv"), "--reader", "arrow")
    assert proc.returncode == 2
    assert proc.stderr == (f"clusterpolicy: error: {tmp_path / 'in.csv'}: the columnar reader reads UTF-8 only, and this file is read as "
                           "gb18030: leave --reader out (or --reader text)\n")  # fmt: skip
    zh = _run("batch", str(tmp_path / "in.csv"), "--out", str(tmp_path / "o.csv"), "--reader", "arrow", "--lang", "zh")
    assert zh.stderr == f"clusterpolicy: 错误:{tmp_path / 'in.csv'}: 列式读取只读取 UTF-8,而此文件按 gb18030 读取:请去掉 --reader(或使用 --reader text)\n"
    assert _run("batch", str(tmp_path / "in.csv"), "--out", str(tmp_path / "o.csv")).returncode == 0  # the reader left out: read as GB18030
