"""Batch screening against hostile input and faults (issue 13) and the files officials bring (issue 14).

Each test is a named regression: what a user did, and what must happen — a row rejected with its
number and a clear message, never a run aborted, a hang, a file destroyed or a temporary file left.
"""

from __future__ import annotations

import csv
import gc
import json
import os
import signal
import stat
import subprocess
import sys
import time
import tracemalloc
from datetime import date

import pytest

from clusterpolicy.limits import TOO_LARGE, TOO_PRECISE

from batch_support import fresh_regimes
from clusterpolicy import InputError
from clusterpolicy.batch.output import write_batch
from clusterpolicy.batch.screen import evaluate_many
import inprocess

pytest.importorskip("numpy")
AS_OF = date(2025, 5, 20)
HEADER = "name,area_km2,firms.little_giants,years.2024.total_output"
READERS = ["text", "arrow"] if __import__("importlib").util.find_spec("pyarrow") else ["text"]


@pytest.fixture(scope="module")
def regimes():
    return fresh_regimes(with_testland=False)


def _run(*args):
    return inprocess.run(*args, cwd=os.getcwd())


def _results(path, regimes, reader, **kw):
    return list(evaluate_many(path, [regimes["national"]], as_of=AS_OF, reader=reader, **kw))


# --- the input is never the output ------------------------------------------------------------------


def test_batch_refuses_to_write_over_its_input(tmp_path):
    src = tmp_path / "x.csv"
    src.write_text(f"{HEADER}\na,10,1,50\n", encoding="utf-8")
    before = src.read_bytes()
    for out in (str(src), str(tmp_path / "." / "x.csv")):
        proc = _run("batch", str(src), "--out", out)
        assert proc.returncode == 2
        assert proc.stderr == f"clusterpolicy: error: {out}: is the input file: write the results to another file (the input is never replaced)\n"
    (tmp_path / "link.csv").symlink_to(src)
    assert _run("batch", str(src), "--out", str(tmp_path / "link.csv")).returncode == 2
    assert src.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.csv", "x.csv"]


# --- signals, stale partial files, modes ---------------------------------------------------------------


def _start_on_fifo(tmp_path, out):
    fifo = tmp_path / "in.csv"
    os.mkfifo(fifo)
    proc = subprocess.Popen(
        [sys.executable, "-m", "clusterpolicy", "batch", str(fifo), "--out", str(out), "--chunk-size", "5", "-r", "national", "-q"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while True:
        try:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            break
        except OSError:
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.02)
    os.set_blocking(fd, True)
    return proc, os.fdopen(fd, "w", encoding="utf-8")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_sigterm_and_sighup_leave_no_partial_file(tmp_path, signum):
    out = tmp_path / "out.csv"
    proc, feed = _start_on_fifo(tmp_path, out)
    with feed:
        feed.write("name,years.2024.total_output\n" + "".join(f"c{i},{i}\n" for i in range(50)))
        feed.flush()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not list(tmp_path.glob(".out.csv.*.partial")):
            time.sleep(0.02)
        assert list(tmp_path.glob(".out.csv.*.partial")), "the run writes into a temporary file"
        proc.send_signal(signum)
        assert proc.wait(timeout=20) == 128 + signum
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]


#: ``clusterpolicy ARGS`` with SIGTERM sent to itself the moment the output's temporary file exists.
SIGNAL_AS_THE_PARTIAL_IS_MADE = """
import os, signal, sys
from clusterpolicy.cli import main
made = os.open
def open_then_a_signal(path, *args, **kw):
    fd = made(path, *args, **kw)
    if os.path.basename(path).startswith(".out.csv.") and path.endswith(".partial"):
        os.kill(os.getpid(), signal.SIGTERM)
    return fd
os.open = open_then_a_signal
sys.exit(main(sys.argv[1:]))
"""


def test_a_signal_as_the_partial_file_is_made_leaves_none(tmp_path):
    """SIGTERM arriving just as the temporary file appears (a busy machine): it waits until the file
    is registered, then ends the run, which removes it."""
    src = tmp_path / "in.csv"
    src.write_text(f"{HEADER}\na,10,1,50\n", encoding="utf-8")
    args = ["batch", str(src), "--out", str(tmp_path / "out.csv"), "-r", "national", "-q"]
    proc = subprocess.run([sys.executable, "-c", SIGNAL_AS_THE_PARTIAL_IS_MADE, *args], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 128 + signal.SIGTERM, proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]


def test_a_partial_file_left_by_a_killed_run_is_removed_by_the_next(tmp_path, regimes):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".out.csv.{dead.pid}.k1ll3d.partial"
    stale.write_text("half a file", encoding="utf-8")
    foreign = tmp_path / ".out.csv.notapid.partial"  # not named by us: left alone
    foreign.write_text("x", encoding="utf-8")
    src = tmp_path / "in.csv"
    src.write_text(f"{HEADER}\na,10,1,50\n", encoding="utf-8")
    write_batch(src, tmp_path / "out.csv", [regimes["national"]], as_of=AS_OF)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.csv.notapid.partial", "in.csv", "out.csv"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "jsonl"])
def test_outputs_respect_the_umask_and_keep_an_existing_mode(tmp_path, regimes, fmt):
    if fmt == "xlsx":
        pytest.importorskip("openpyxl")
    src = tmp_path / "in.csv"
    src.write_text(f"{HEADER}\na,10,1,50\n", encoding="utf-8")
    old = os.umask(0o027)
    try:
        write_batch(src, tmp_path / f"new.{fmt}", [regimes["national"]], as_of=AS_OF)
        existing = tmp_path / f"existing.{fmt}"
        existing.write_text("old", encoding="utf-8")
        existing.chmod(0o604)
        write_batch(src, existing, [regimes["national"]], as_of=AS_OF)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / f"new.{fmt}").stat().st_mode) == 0o640
    assert stat.S_IMODE(existing.stat().st_mode) == 0o604
    assert existing.read_bytes() != b"old"


# --- one bad row rejects that row, not the run -----------------------------------------------------------


@pytest.mark.parametrize("reader", READERS)
def test_an_undecodable_line_rejects_its_row_with_the_right_number(tmp_path, regimes, reader):
    src = tmp_path / "in.csv"
    src.write_bytes(
        (HEADER + "\n").encode()
        + '"多行\n名称",10,1,50\n'.encode()  # one row over two lines: row 2
        + b"bad \xff byte,10,1,50\n"  # row 3
        + "好,10,1,50\n".encode()  # row 4
        + b"short,1\n"  # row 5
        + "末行,10,1,60\n".encode()  # row 6
    )
    results = _results(src, regimes, reader)
    assert [(r.row, r.rejected) for r in results] == [(2, False), (3, True), (4, False), (5, True), (6, False)]
    assert results[1].errors == (
        "row 3: cannot decode byte 0xff as utf-8 (column 1, character 5 of the cell; a file saved by Excel on Chinese Windows: try --encoding gb18030)",
    )
    assert results[3].errors == ("row 5: has 2 cells, the header has 4",)
    assert [r.name for r in results if not r.rejected] == ["多行\n名称", "好", "末行"]

@pytest.mark.parametrize("reader", READERS)
def test_an_undecodable_byte_in_a_number_of_an_ascii_file_rejects_its_row(tmp_path, regimes, reader):
    """Arrow's reader checks as UTF-8 only the columns with a byte from 0x80 on: here a number's."""
    src = tmp_path / "in.csv"
    src.write_bytes((HEADER + "\n").encode() + b"a,10,1,50\nb,1\xe90,1,50\nc,10,1,60\n")
    results = _results(src, regimes, reader)
    assert [(r.row, r.name, r.rejected) for r in results] == [(2, "a", False), (3, "b", True), (4, "c", False)]
    assert results[1].errors == (
        "row 3: cannot decode byte 0xe9 as utf-8 (column 2, character 2 of the cell; a file saved by Excel on Chinese Windows: try --encoding gb18030)",
    )



def test_a_line_neither_utf8_nor_of_the_headers_width_prints_no_traceback(tmp_path):
    """Arrow cannot decode such a row to report its width; the text reader rejects it, and nothing else is printed."""
    src = tmp_path / "in.csv"
    src.write_bytes(b"name,area_km2\nok,80\n" + "\u7532,80\n".encode() + b"\xc9\xd9,80,9\n\xff\n")  # UTF-8 (甲) but for two lines
    proc = subprocess.run([sys.executable, "-m", "clusterpolicy", "batch", str(src), "--out", str(tmp_path / "o.csv"), "-r", "hainan", "--quiet"],
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert (proc.returncode, proc.stderr) == (0, "")
    rows = list(csv.DictReader((tmp_path / "o.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert [(r["row"], r["error"]) for r in rows] == [
        ("2", ""),
        ("3", ""),
        ("4", "row 4: cannot decode byte 0xc9 as utf-8 (column 1, character 1 of the cell; a file saved by Excel on Chinese Windows: try --encoding gb18030)"),
        ("5", "row 5: cannot decode byte 0xff as utf-8 (column 1, character 1 of the cell; a file saved by Excel on Chinese Windows: try --encoding gb18030)"),
    ]


@pytest.mark.parametrize("reader", READERS)
def test_a_huge_cell_rejects_its_row(tmp_path, regimes, reader):
    src = tmp_path / "in.csv"
    src.write_text(f"{HEADER}\n{'x' * 200_000},10,1,50\nok,10,1,50\n", encoding="utf-8")
    results = _results(src, regimes, reader)
    assert [(r.row, r.rejected) for r in results] == [(2, True), (3, False)]
    assert results[0].errors == (f"row 2: name: too long (at most 65,536 characters in a cell); got '{'x' * 24}'… (200,000 characters)",)


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize(
    ("column", "cell", "expected"),
    [("area_km2", "9" * 5000, TOO_LARGE), ("area_km2", "1e999999999", TOO_LARGE), ("years.2024.total_output", "1E+400", TOO_LARGE),
     ("firms.little_giants", "7" * 5000, TOO_LARGE), ("area_km2", "0." + "1" * 41, TOO_PRECISE)],
    ids=["5000 digits", "1e999999999", "1E+400", "5000-digit integer", "41 decimals"],
)  # fmt: skip
def test_numbers_beyond_the_bound_reject_the_row_quickly(tmp_path, regimes, reader, column, cell, expected):
    cols = HEADER.split(",")
    row = {"name": "big", "area_km2": "10", "firms.little_giants": "1", "years.2024.total_output": "50", column: cell}
    src = tmp_path / "in.csv"
    src.write_text(f"{HEADER}\n" + ",".join(row[c] for c in cols) + "\nok,10,1,50\n", encoding="utf-8")
    started = time.monotonic()
    results = _results(src, regimes, reader)
    assert time.monotonic() - started < 2
    assert [(r.row, r.rejected) for r in results] == [(2, True), (3, False)]
    shown = repr(cell) if len(cell) <= 24 else repr(cell[:24]) + f"… ({len(cell):,} characters)"
    assert results[0].errors == (f"row 2: {column}: {expected}; got {shown}",)


def test_huge_json_numbers_reject_their_line(tmp_path, regimes):
    src = tmp_path / "in.jsonl"
    src.write_text('{"name": "a", "area_km2": 1e999999999}\n{"name": "b", "area_km2": 10}\n', encoding="utf-8")
    results = _results(src, regimes, "text")
    assert [(r.row, r.rejected) for r in results] == [(1, True), (2, False)]
    assert results[0].errors == ("row 1: area_km2: number too large (at most 15 digits before the decimal point); got '1E+999999999'",)


def test_an_integer_too_long_for_int_rejects_its_line_naming_the_column(tmp_path, regimes):
    src = tmp_path / "in.jsonl"
    src.write_text('{"name": "a", "firms.little_giants": 1%s}\n{"name": "b", "area_km2": 10}\n' % ("0" * 5000), encoding="utf-8")
    results = _results(src, regimes, "text")
    assert [(r.row, r.rejected) for r in results] == [(1, True), (2, False)]
    assert results[0].errors == (
        "row 1: firms.little_giants: number too large (at most 15 digits before the decimal point); got '100000000000000000000000'… (5,001 characters)",
    )


@pytest.mark.slow
def test_peak_memory_stays_flat_with_rejected_rows(tmp_path, regimes):
    """Rejected rows used to pile up (the collector was off while every rejection made a cycle)."""

    def peak(rows: int) -> int:
        src = tmp_path / f"in-{rows}.csv"
        src.write_text(f"{HEADER}\n" + "".join(f"c{i},abc,1,50\n" for i in range(rows)), encoding="utf-8")
        gc.collect()
        tracemalloc.start()
        try:
            summary = write_batch(src, tmp_path / "out.csv", [regimes["national"]], as_of=AS_OF, chunk_size=256)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
            assert summary.rejected == rows

    peak(100)  # the first run builds the converter and imports the column path
    small, large = peak(1000), peak(4000)
    assert large < 1.5 * small + 2**20, (small, large)


def test_chunk_size_must_be_positive(tmp_path, regimes):
    src = tmp_path / "in.csv"
    src.write_text(f"{HEADER}\na,10,1,50\n", encoding="utf-8")
    for size in ("0", "-3", "many"):
        proc = _run("batch", str(src), "--out", str(tmp_path / "out.csv"), "--chunk-size", size)
        assert proc.returncode == 2
        assert f"argument --chunk-size: expected a whole number of rows, at least 1; got '{size}'" in proc.stderr
    with pytest.raises(InputError, match="--chunk-size: expected a whole number of rows, at least 1; got 0"):
        write_batch(src, tmp_path / "out.csv", [regimes["national"]], chunk_size=0)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]


# --- the files officials bring: Excel on Chinese Windows ----------------------------------------------------

ROWS = [
    {"name": "宁波市北仑区模具产业集群", "province": "浙江省", "area_km2": "62.5", "years.2024.total_output": "50"},
    {"name": "澄迈县福橙产业集群", "province": "海南省", "area_km2": "120", "years.2024.total_output": "30"},
]


def _csv_text(rows) -> str:
    cols = list(rows[0])
    return ",".join(cols) + "\r\n" + "".join(",".join(r[c] for c in cols) + "\r\n" for r in rows)


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig"])
def test_csv_saved_by_excel_on_chinese_windows_is_read(tmp_path, regimes, encoding):
    src = tmp_path / "in.csv"
    src.write_bytes(_csv_text(ROWS).encode(encoding))
    expected = _results_of_utf8(tmp_path, regimes)
    for reader in ("auto", "text"):  # auto: the columnar reader for UTF-8 (BOM or not), the stdlib's for the rest
        got = _results(src, regimes, reader)
        assert [(r.row, r.name, r.errors, r.results) for r in got] == expected
    proc = _run("batch", str(src), "--out", str(tmp_path / "out.csv"), "-r", "national", "--as-of", "2025-05-20")
    assert proc.returncode == 0, proc.stderr
    assert ("read as gb18030" in proc.stdout) == encoding.startswith("gb")
    # An explicit --encoding is obeyed (and a wrong one makes every row's problem visible).
    proc = _run("batch", str(src), "--out", str(tmp_path / "o.jsonl"), "--encoding", "gb18030" if encoding != "utf-8-sig" else "utf-8")
    assert proc.returncode == 0, proc.stderr
    names = [json.loads(line)["name"] for line in (tmp_path / "o.jsonl").read_text(encoding="utf-8").splitlines()]
    assert names == [r["name"] for r in ROWS]


def _results_of_utf8(tmp_path, regimes):
    src = tmp_path / "utf8.csv"
    src.write_text(_csv_text(ROWS), encoding="utf-8")
    return [(r.row, r.name, r.errors, r.results) for r in _results(src, regimes, "text")]


def test_a_stray_byte_in_a_gbk_csv_rejects_its_row_only(tmp_path):
    src = tmp_path / "in.csv"
    src.write_bytes("name,area_km2\r\n甲集群,5\r\n乙集群,6\r\n".encode("gbk") + b"\x80bad,7\r\n" + "丙集群,8\r\n".encode("gbk"))
    out = tmp_path / "o.jsonl"
    proc = _run("batch", str(src), "--out", str(out), "-r", "national")
    assert proc.returncode == 0, proc.stderr
    assert "read as gb18030" in proc.stdout
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["row"], r["name"], r.get("errors")) for r in rows] == [
        (2, "甲集群", None), (3, "乙集群", None), (4, None, ["row 4: cannot decode byte 0x80 as gb18030 (column 1, character 1 of the cell)"]), (5, "丙集群", None)
    ]


def test_a_utf8_file_is_not_read_garbled_under_another_encoding(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text(_csv_text(ROWS), encoding="utf-8")
    proc = _run("batch", str(src), "--out", str(tmp_path / "out.csv"), "--encoding", "gbk")
    assert (proc.returncode, proc.stderr) == (2, f"clusterpolicy: error: {src}: is UTF-8 text, not gbk: leave --encoding out\n")
    assert not (tmp_path / "out.csv").exists()


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_a_utf16_or_utf32_csv_with_its_mark_is_read_as_it(tmp_path, regimes, encoding):
    src = tmp_path / "wide.csv"
    src.write_bytes(_csv_text(ROWS).encode(encoding))
    assert [(r.row, r.name, r.errors, r.results) for r in _results(src, regimes, "auto")] == _results_of_utf8(tmp_path, regimes)


def test_a_utf16_csv_without_its_mark_is_named_as_such(tmp_path):
    src = tmp_path / "wide.csv"
    src.write_bytes(_csv_text(ROWS).encode("utf-16-le"))
    proc = _run("batch", str(src), "--out", str(tmp_path / "out.csv"))
    assert (proc.returncode, proc.stderr) == (2, f"clusterpolicy: error: {src}: not UTF-8 text: zero bytes between its characters, "
                                                 "as in UTF-16 or UTF-32 without a byte-order mark; save the file as UTF-8\n")
    assert not (tmp_path / "out.csv").exists()


def test_an_unknown_encoding_is_named(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text(_csv_text(ROWS), encoding="utf-8")
    proc = _run("batch", str(src), "--out", str(tmp_path / "out.csv"), "--encoding", "klingon")
    assert proc.returncode == 2
    assert proc.stderr == "clusterpolicy: error: --encoding: unknown or unsupported encoding 'klingon' (e.g. utf-8, gb18030, gbk, big5, utf-16)\n"


def test_an_encoding_that_is_no_encoding_of_a_file_is_refused_and_a_broken_stream_is_an_input_error(tmp_path):
    """punycode takes quadratic time and is no file encoding; UTF-16 without a byte-order mark stops
    its decoder: both exit 2 naming the problem, never a crash (exit 70)."""
    src = tmp_path / "in.csv"
    src.write_bytes("name,area_km2\n示例,40\n".encode("utf-16-le"))
    refused = _run("batch", str(src), "--out", str(tmp_path / "out.csv"), "--encoding", "punycode")
    assert (refused.returncode, refused.stderr) == (2, "clusterpolicy: error: --encoding: unknown or unsupported encoding 'punycode' (e.g. utf-8, gb18030, gbk, big5, utf-16)\n")
    broken = _run("batch", str(src), "--out", str(tmp_path / "out.csv"), "--encoding", "utf-16")
    assert (broken.returncode, broken.stderr) == (2, f"clusterpolicy: error: {src}: header: not utf-16 text: UTF-16 stream does not start with BOM\n")
    assert not (tmp_path / "out.csv").exists()


def test_csv_output_has_a_bom_for_excel_and_stdout_has_none(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text(_csv_text(ROWS), encoding="utf-8")
    assert _run("batch", str(src), "--out", str(tmp_path / "out.csv"), "-r", "national", "-q").returncode == 0
    data = (tmp_path / "out.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbfrow,name,error,as_of,national,")
    assert "宁波市北仑区模具产业集群" in data.decode("utf-8-sig")
    proc = _run("batch", str(src), "--out", "-", "--out-format", "csv", "-r", "national", "-q")
    assert proc.stdout.startswith("row,name,error,as_of,national,")


# --- Parquet and Arrow ------------------------------------------------------------------------------------


def test_parquet_in_and_out_give_the_csv_decisions(tmp_path, regimes):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    rows = [{**r, "firms.little_giants": str(i), "assessment_date": "2025-05-20", "within_one_county": "true"} for i, r in enumerate(ROWS)]
    src = tmp_path / "in.csv"
    src.write_text(_csv_text(rows), encoding="utf-8")
    typed = pa.table({
        "name": [r["name"] for r in rows], "province": [r["province"] for r in rows],
        "area_km2": pa.array([62.5, 120.0]), "years.2024.total_output": pa.array([50, 30], pa.int32()),
        "firms.little_giants": pa.array([0, 1], pa.int64()), "assessment_date": pa.array([AS_OF, AS_OF], pa.date32()),
        "within_one_county": pa.array([True, True]),
    })  # fmt: skip
    pq.write_table(typed, tmp_path / "in.parquet")
    selected = list(regimes.values())
    write_batch(src, tmp_path / "from-csv.csv", selected)
    write_batch(tmp_path / "in.parquet", tmp_path / "out.parquet", selected)
    with (tmp_path / "from-csv.csv").open(encoding="utf-8-sig", newline="") as f:
        expected = list(csv.DictReader(f))
    got = pq.read_table(tmp_path / "out.parquet")
    assert got.column_names == list(expected[0])
    assert got.schema.field("as_of").type == pa.date32() and got.column("as_of").to_pylist() == [AS_OF, AS_OF]
    for name in got.column_names:
        assert [("" if v is None else str(v)) for v in got.column(name).to_pylist()] == [r[name] for r in expected], name


def test_evaluate_arrow_returns_a_table_with_the_batch_decisions(regimes):
    pa = pytest.importorskip("pyarrow")
    from clusterpolicy.batch.arrowout import evaluate_arrow

    selected = [regimes["national"], regimes["hainan"]]
    rows = ROWS + [{"name": "bad", "province": "浙江省", "area_km2": "1", "years.2024.total_output": "四十"}]
    table = pa.table({k: [r[k] for r in rows] for k in rows[0]})
    out = evaluate_arrow(table, selected, as_of=AS_OF)
    assert out.column_names[:5] == ["row", "name", "error", "as_of", "national"]
    expected = list(evaluate_many(rows, selected, as_of=AS_OF))
    assert expected[2].rejected
    assert out.column("row").to_pylist() == [1, 2, 3]
    assert out.column("error").to_pylist() == [None, None, "; ".join(expected[2].errors)]
    for rid in ("national", "hainan"):
        assert out.column(rid).to_pylist() == [r.result(rid).status.value for r in expected[:2]] + [None]
        rule = selected[0].criteria[0].rule.id if rid == "national" else selected[1].criteria[0].rule.id
        assert out.column(f"{rid}.{rule}").to_pylist()[:2] == [r.result(rid).rule(rule).value for r in expected[:2]]
    one = evaluate_arrow(table.to_batches()[0], selected, as_of=AS_OF, first_row=2)
    assert one.column("row").to_pylist() == [2, 3, 4] and one.column("national") == out.column("national")
    assert evaluate_arrow(table.slice(0, 0), selected).num_rows == 0
    with pytest.raises(InputError, match="unknown column 'nmae'"):
        evaluate_arrow(pa.table({"nmae": ["x"]}), selected)


def test_the_columnar_csv_writer_writes_what_the_csv_module_would(tmp_path, regimes, monkeypatch):
    pytest.importorskip("pyarrow")
    from clusterpolicy.batch import output

    src = tmp_path / "in.csv"
    src.write_text(
        f"{HEADER}\n" + '"a,b",10,1,50\n"q""x",120,0,30\n"line\nbreak",10,1,50\nbad,10,1,abc\nplain,,,\n', encoding="utf-8"
    )
    selected = list(regimes.values())
    write_batch(src, tmp_path / "arrow.csv", selected, as_of=AS_OF, chunk_size=3)
    monkeypatch.setattr(output, "_have_pyarrow", lambda: False)
    write_batch(src, tmp_path / "text.csv", selected, as_of=AS_OF, chunk_size=3)
    data = (tmp_path / "arrow.csv").read_bytes()
    assert data == (tmp_path / "text.csv").read_bytes()
    rows = list(csv.reader(data.decode("utf-8-sig").splitlines(keepends=True)))
    assert [r[:3] for r in rows[1:]] == [
        ["2", "a,b", ""], ["3", 'q"x', ""],
        ["4", "line\nbreak", ""], ["5", "bad", "row 5: years.2024.total_output: expected a decimal number; got 'abc'"], ["6", "plain", ""],
    ]  # fmt: skip


def test_the_columnar_csv_writer_writes_declared_statuses(tmp_path, regimes, monkeypatch):
    """A declaration's statuses (the last two status codes) come out as words, and the columns after
    them stay in place (the columnar writer once packed codes into three bits and wrote "pass")."""
    pytest.importorskip("pyarrow")
    from clusterpolicy.batch import output

    declared = "declarations.national.supply_chain.{0},declarations.national.green.{0}"
    src = tmp_path / "in.csv"
    src.write_text(
        "name,area_km2," + ",".join(declared.format(k) for k in ("met", "by", "note")) + "\n"
        "示例,40,true,false,某县工信局,某县工信局,对照原文核对,对照原文核对\nplain,40,,,,,,\n",
        encoding="utf-8",
    )
    national = [regimes["national"]]
    write_batch(src, tmp_path / "arrow.csv", national, as_of=AS_OF)
    monkeypatch.setattr(output, "_have_pyarrow", lambda: False)
    write_batch(src, tmp_path / "text.csv", national, as_of=AS_OF)
    data = (tmp_path / "arrow.csv").read_bytes()
    assert data == (tmp_path / "text.csv").read_bytes()
    head, first, second = list(csv.reader(data.decode("utf-8-sig").splitlines()))
    row = dict(zip(head, first))
    assert (row["national.supply_chain"], row["national.green"], row["national.opening"]) == ("declared_met", "declared_not_met", "not_encoded")
    assert dict(zip(head, second))["national.supply_chain"] == "not_encoded"


def test_row_numbers_stay_right_across_the_readers_blocks(tmp_path, regimes, monkeypatch):
    """Unreadable rows scattered over a file of many of the columnar reader's blocks (made small
    here): both readers reject exactly those rows, with their numbers, and evaluate the rest alike."""
    if "arrow" not in READERS:
        pytest.skip("pyarrow is not installed")
    from clusterpolicy.batch import arrowio

    monkeypatch.setattr(arrowio, "BLOCK_BYTES", 1 << 14)
    lines = []
    for i in range(9_000):
        if i % 997 == 5:
            lines.append(b"broken,row\n")
        elif i % 791 == 3:
            lines.append(b"bad \xfe,10,1,50\n")
        else:
            lines.append(f"c{i},{i % 150},{i % 3},{i % 90}\n".encode())
    src = tmp_path / "in.csv"
    src.write_bytes((HEADER + "\n").encode() + b"".join(lines))
    assert src.stat().st_size > 7 * arrowio.BLOCK_BYTES
    got = {reader: _results(src, regimes, reader, chunk_size=700) for reader in READERS}
    arrow, text = got["arrow"], got["text"]
    assert [(r.row, r.errors, r.results) for r in arrow] == [(r.row, r.errors, r.results) for r in text]
    rejected = [r.row for r in arrow if r.rejected]
    assert rejected == [i + 2 for i in range(9_000) if i % 997 == 5 or i % 791 == 3]
    assert len(rejected) == 22 and len(arrow) == 9_000


# --- no cell a formula ------------------------------------------------------------------------------------

FORMULAS = ['=HYPERLINK("http://x.example","click")', "+1+2", "-3+4", "@SUM(A1)"]


@pytest.mark.parametrize("arrow", [True, False], ids=["arrow writer", "text writer"])
def test_a_name_excel_would_evaluate_is_written_as_text_in_csv(tmp_path, regimes, monkeypatch, arrow):
    """Cluster names are the user's text: in the CSV for Excel, one that starts like a formula gets an apostrophe."""
    if arrow and "arrow" not in READERS:
        pytest.skip("pyarrow is not installed")
    from clusterpolicy.batch import output

    monkeypatch.setattr(output, "_have_pyarrow", lambda: arrow)
    src = tmp_path / "in.csv"
    with src.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([["name", "years.2024.total_output"], *([n, "10"] for n in FORMULAS), ["plain, with a comma", "10"]])
    write_batch(src, tmp_path / "out.csv", [regimes["national"]], as_of=AS_OF)
    with (tmp_path / "out.csv").open(encoding="utf-8-sig", newline="") as f:
        names = [row[1] for row in list(csv.reader(f))[1:]]
    assert names == ["'" + n for n in FORMULAS] + ["plain, with a comma"]


def test_a_name_starting_with_equals_is_a_text_cell_in_xlsx(tmp_path, regimes):
    openpyxl = pytest.importorskip("openpyxl")
    src = tmp_path / "in.csv"
    with src.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([["name", "years.2024.total_output"], *([n, "10"] for n in FORMULAS)])
    write_batch(src, tmp_path / "out.xlsx", [regimes["national"]], as_of=AS_OF)
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx").active
    cells = [row[1] for row in sheet.iter_rows(min_row=2)]
    assert [(c.value, c.data_type) for c in cells] == [(n, "s") for n in FORMULAS]


@pytest.mark.parametrize("reader", READERS)
def test_a_rejected_rows_name_is_echoed_shown_and_cut_short(tmp_path, reader):
    src = tmp_path / "in.csv"
    src.write_bytes(b"name,area_km2\na\x00b,5\n" + b"x" * 70_000 + b",5\nok,5\n" + '"t\tn\nr\u202ed\x00",5\n'.encode())
    out = tmp_path / "out.csv"
    assert _run("batch", str(src), "--out", str(out), "-r", "national", "--reader", reader).returncode == 0
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert [r["name"] for r in rows] == ["a␀b", "x" * 199 + "…", "ok", "t␉n␊r<U+202E>d␀"]
    assert rows[0]["error"] == "row 2: name: text must not contain a NUL character (\\u0000)"
