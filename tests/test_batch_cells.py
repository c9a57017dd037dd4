"""What a batch cell may hold, said alike by every reader and engine: a number's sign and digits,
full-width digits, the length limits, a quote never closed (README, "Batch screening")."""

from __future__ import annotations

import importlib.util
import os
import re
from datetime import date
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import inprocess
from batch_support import fresh_regimes
from clusterpolicy.batch.output import write_batch
from clusterpolicy.batch.screen import evaluate_many
from clusterpolicy.messages import said

AS_OF = date(2025, 5, 20)
HAVE_ARROW = importlib.util.find_spec("pyarrow") is not None
#: Every way a CSV is read: the text reader with either engine, Arrow with and without ``_cells.c``.
WAYS = [("text", "columns", True), ("text", "rows", True)] + ([("arrow", "columns", True), ("arrow", "columns", False)] if HAVE_ARROW else [])
HEADER = "name,area_km2,firms.little_giants,years.2024.total_output,years.2023.total_output"


@pytest.fixture(scope="module")
def national():
    return fresh_regimes()["national"]


def _written(src: Path, out: Path, regimes, reader: str, engine: str, compiled: bool) -> list[str]:
    from clusterpolicy.criteria import arrowcols

    with mock.patch.object(arrowcols, "_cells", arrowcols._cells if compiled else None):
        write_batch(src, out, regimes, as_of=AS_OF, reader=reader, engine=engine)
    return out.read_text(encoding="utf-8-sig").splitlines()


def _errors(src: Path, regimes, reader: str = "text") -> list[tuple[int, tuple[str, ...]]]:
    return [(r.row, r.errors) for r in evaluate_many(src, regimes, as_of=AS_OF, reader=reader)]


# --- a number's sign -----------------------------------------------------------------------------


def test_a_leading_plus_is_its_number_in_integer_and_decimal_columns_whichever_way_the_file_is_read(tmp_path, national):
    """``+9`` (a firm count) is 9 as ``+5`` (an area) is 5: each row is written as the same row without
    its signs is, by every reader and engine."""
    signed, plain = tmp_path / "signed.csv", tmp_path / "plain.csv"
    signed.write_text(f"{HEADER}\nA,+5,+9,+40.5,38\nB,62.5,+0,40,+38.25\n", encoding="utf-8")
    plain.write_text(f"{HEADER}\nA,5,9,40.5,38\nB,62.5,0,40,38.25\n", encoding="utf-8")
    for reader, engine, compiled in WAYS:
        got = _written(signed, tmp_path / "a.csv", [national], reader, engine, compiled)
        assert got == _written(plain, tmp_path / "b.csv", [national], reader, engine, compiled), (reader, engine, compiled)
        assert [line.split(",")[2] for line in got[1:]] == ["", ""]  # no error


def test_a_space_after_the_sign_is_refused_saying_to_remove_it_whichever_way_the_file_is_read(tmp_path, national):
    """``+ 9`` (a firm count) and ``- 4.5`` (a figure) are no numbers: the row is refused, and the
    message says to remove the space, as it says how to retype full-width digits — by every reader."""
    src = tmp_path / "in.csv"
    src.write_text(f"{HEADER}\nA,5,+ 9,- 4.5,38\nB,+ 5,9,40,38\n", encoding="utf-8")
    hint = "(it has a space after the sign: remove it, as {})"
    want = [
        (2, (f"row 2: firms.little_giants: expected an integer, or an empty cell; got '+ 9' {hint.format('+9')}",
             f"row 2: years.2024.total_output: expected a decimal number; got '- 4.5' {hint.format('-4.5')}")),
        (3, (f"row 3: area_km2: expected a decimal number; got '+ 5' {hint.format('+5')}",)),
    ]  # fmt: skip
    for reader in ("text", "arrow") if HAVE_ARROW else ("text",):
        assert [(row, tuple(sorted(errors))) for row, errors in _errors(src, [national], reader)] == want, reader
    assert [said(p, "zh") for p in want[0][1]] == [
        "第 2 行:firms.little_giants: 应为整数或空单元格;实际为 '+ 9'(符号后有空格:请删去空格,即 +9)",
        "第 2 行:years.2024.total_output: 应为数字;实际为 '- 4.5'(符号后有空格:请删去空格,即 -4.5)",
    ]


# --- a value of the wrong type -------------------------------------------------------------------


def test_a_sheet_cell_of_the_wrong_type_expects_an_empty_cell_where_a_json_line_expects_null(tmp_path, national):
    """A sheet's missing value is an empty cell: a firm count or a yes/no cell holding something else
    expects "…, or an empty cell" (CSV, XLSX; 空单元格 in Chinese); a JSON Lines row, whose values are
    JSON, expects "… or null", as a profile file does."""
    rows = [["name", "firms.little_giants", "within_one_county"], ["A", "abc", "yes"]]
    csv_file, jsonl = tmp_path / "in.csv", tmp_path / "in.jsonl"
    csv_file.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    jsonl.write_text('{"name": "A", "firms.little_giants": "abc", "within_one_county": "yes"}\n', encoding="utf-8")
    sheet = ("row 2: within_one_county: expected true/false, or an empty cell; got 'yes'",  # in the profile's order
             "row 2: firms.little_giants: expected an integer, or an empty cell; got 'abc'")  # fmt: skip
    for reader in ("text", "arrow") if HAVE_ARROW else ("text",):
        assert _errors(csv_file, [national], reader) == [(2, sheet)], reader
    assert [said(p, "zh") for p in sheet] == [
        "第 2 行:within_one_county: 应为true/false或空单元格;实际为 'yes'",
        "第 2 行:firms.little_giants: 应为整数或空单元格;实际为 'abc'",
    ]
    assert _errors(jsonl, [national]) == [(1, ("row 1: within_one_county: expected true/false or null; got 'yes'",
                                                "row 1: firms.little_giants: expected an integer or null; got 'abc'"))]  # fmt: skip
    if importlib.util.find_spec("openpyxl"):
        import openpyxl

        book = openpyxl.Workbook()
        for r in rows:
            book.active.append(r)
        book.save(tmp_path / "in.xlsx")
        assert _errors(tmp_path / "in.xlsx", [national]) == [(2, sheet)]


# --- a number's digits ---------------------------------------------------------------------------


def test_leading_zeros_count_among_the_15_digits_in_integer_and_decimal_columns_alike(tmp_path, national):
    """15 digits are taken, zeros included; a 16th (even a leading zero) refuses the cell — in a firm
    count as in an area, whichever way the file is read."""
    src = tmp_path / "in.csv"
    src.write_text(f"{HEADER}\nA,000000000000005,000000000000009,40,38\nB,5,0000000000000009,40,38\nC,0000000000000005,9,40,38\n",
                   encoding="utf-8")  # fmt: skip
    want = [
        (2, ()),
        (3, ("row 3: firms.little_giants: too many digits (at most 15, zeros included); got '0000000000000009'",)),
        (4, ("row 4: area_km2: too many digits (at most 15 before the decimal point and 40 after it, zeros included); got '0000000000000005'",)),
    ]
    for reader in ("text", "arrow") if HAVE_ARROW else ("text",):
        assert _errors(src, [national], reader) == want
    assert said(want[1][1][0], "zh") == "第 3 行:firms.little_giants: 位数过多(最多 15 位,含前面的零);实际为 '0000000000000009'"
    lines = {tuple(_written(src, tmp_path / f"{r}-{e}-{c}.csv", [national], r, e, c)) for r, e, c in WAYS}
    assert len(lines) == 1


# --- full-width digits ---------------------------------------------------------------------------


def test_full_width_digits_are_refused_saying_how_to_retype_them(tmp_path, national):
    """``１２．５`` (typed with a Chinese input method in full-width mode) is not read as 12.5: the row is
    refused, and the message says the value has full-width digits and how it reads in half-width."""
    src = tmp_path / "in.csv"
    src.write_text(f"{HEADER}\nA,１２．５,１２３,４０,38\nB,62.5,9,－３,１２。５\n", encoding="utf-8")
    hint = "(it has full-width digits: retype them half-width, as {})"
    want = [
        (2, (f"row 2: area_km2: expected a decimal number; got '１２．５' {hint.format('12.5')}",
             f"row 2: firms.little_giants: expected an integer, or an empty cell; got '１２３' {hint.format('123')}",
             f"row 2: years.2024.total_output: expected a decimal number; got '４０' {hint.format('40')}")),
        (3, (f"row 3: years.2023.total_output: expected a decimal number; got '１２。５' {hint.format('12.5')}",
             f"row 3: years.2024.total_output: expected a decimal number; got '－３' {hint.format('-3')}")),
    ]  # fmt: skip
    for reader in ("text", "arrow") if HAVE_ARROW else ("text",):
        assert [(row, tuple(sorted(errors))) for row, errors in _errors(src, [national], reader)] == want
    assert [said(p, "zh") for p in want[0][1][:2]] == [
        "第 2 行:area_km2: 应为数字;实际为 '１２．５'(含全角数字:请改用半角重新输入,即 12.5)",
        "第 2 行:firms.little_giants: 应为整数或空单元格;实际为 '１２３'(含全角数字:请改用半角重新输入,即 123)",
    ]
    mixed = tmp_path / "mixed.csv"  # not a number in any width: no hint to retype it
    mixed.write_text(f"{HEADER}\nA,１２,１.２.３,40,38\n", encoding="utf-8")
    assert sorted(_errors(mixed, [national])[0][1]) == [
        f"row 2: area_km2: expected a decimal number; got '１２' {hint.format('12')}",
        "row 2: firms.little_giants: expected an integer, or an empty cell; got '１.２.３'",
    ]


# --- lengths -------------------------------------------------------------------------------------


LONG = re.compile(r"row \d+: [\w.]+: too long \(at most [\d,]+ characters in a (cell|number|line)\); got '[^']*'… \((more than )?[\d,]+ characters\)")


def test_every_value_over_a_length_limit_is_said_one_way_with_what_it_got(tmp_path, national, monkeypatch):
    """A cell over 65,536 characters, a number over 64, a line over the reader's limit: one wording,
    the limit and the beginning of what was there with its length, in English and in Chinese."""
    from clusterpolicy.batch import csvtext

    src = tmp_path / "in.csv"
    src.write_text(f"{HEADER}\n{'名' * 70_000},5,9,40,38\nB,1.{'0' * 70},9,40,38\nC,{'x' * 65},9,40,38\n", encoding="utf-8")
    want = [
        (2, (f"row 2: name: too long (at most 65,536 characters in a cell); got '{'名' * 24}'… (70,000 characters)",)),
        (3, (f"row 3: area_km2: too long (at most 64 characters in a number); got '1.{'0' * 22}'… (72 characters)",)),
        (4, (f"row 4: area_km2: too long (at most 64 characters in a number); got '{'x' * 24}'… (65 characters)",)),
    ]
    for reader in ("text", "arrow") if HAVE_ARROW else ("text",):
        assert _errors(src, [national], reader) == want
    assert all(LONG.fullmatch(p) for _, problems in want for p in problems)
    assert [said(p, "zh") for _, (p,) in want[:2]] == [
        f"第 2 行:name: 过长(单元格最多 65,536 个字符);实际为 '{'名' * 24}'…(共 70,000 个字符)",
        f"第 3 行:area_km2: 过长(数字最多 64 个字符);实际为 '1.{'0' * 22}'…(共 72 个字符)",
    ]
    monkeypatch.setattr(csvtext, "MAX_READ", 4096)  # a line the text reader does not hold, its cells within the cell limit
    long_line = tmp_path / "line.csv"
    long_line.write_text(f"{HEADER}\n{'y' * 3000},5,9,{'4' * 3000},38\nB,5,9,40,38\n", encoding="utf-8")
    ((row, (problem,)), ok) = _errors(long_line, [national], "text")
    assert (row, ok) == (2, (3, ()))
    assert problem == f"row 2: too long (at most 4,095 characters in a line); got '{'y' * 24}'… (more than 4,095 characters)"
    assert said(problem, "zh") == f"第 2 行:过长(一行最多 4,095 个字符);实际为 '{'y' * 24}'…(超过 4,095 个字符)"


# --- quotes --------------------------------------------------------------------------------------


UNCLOSED = 'the quote (") that opens this cell is never closed, so the rest of the file was read into the cell; close the quote, or remove it'


@pytest.mark.parametrize(
    ("body", "want"),
    [
        ('A,5,9,40,38\n"B,5,9,40,38\nC,5,9,40,38\n', [(2, ()), (3, (f"row 3: name: {UNCLOSED}",))]),
        ('A,5,9,40,38\nB,5,9,"40,38\nC,5,9,40,38\n', [(2, ()), (3, (f"row 3: years.2024.total_output: {UNCLOSED}",))]),
        ('A,5,9,40,"38\nC,5,9,40,38\n', [(2, (f"row 2: years.2023.total_output: {UNCLOSED}",))]),  # the header's width: Arrow reads it as a row
        ('A,5,9,40,"38', [(2, (f"row 2: years.2023.total_output: {UNCLOSED}",))]),  # no line end after it
        ('"A\nwith a line break",5,9,40,38\nB,5,9,40,"38"\n', [(2, ()), (3, ())]),  # closed quotes, a cell over two lines
        ('A,5,9,40,38\nB,5,9,40\n', [(2, ()), (3, ("row 3: has 4 cells, the header has 5",))]),
        ('A,5,9,40,38\nB\n', [(2, ()), (3, ("row 3: has 1 cell, the header has 5",))]),
    ],
    ids=["first cell", "a middle cell", "last cell, at the header's width", "at the end of the file", "closed", "4 cells", "1 cell"],
)
def test_a_quote_never_closed_is_named_in_the_row_where_its_cell_begins(tmp_path, national, body, want):
    """A quote never closed runs to the end of the file, so what looked like rows after it are in its
    cell: the row is rejected naming where the cell begins (its row and column), by both CSV readers."""
    src = tmp_path / "in.csv"
    src.write_text(f"{HEADER}\n{body}", encoding="utf-8")
    for reader in ("text", "arrow") if HAVE_ARROW else ("text",):
        assert _errors(src, [national], reader) == want, reader
    if len(want) > 1 and want[1][1] and "quote" in want[1][1][0]:
        assert said(want[1][1][0], "zh").endswith(': 此单元格开头的引号(")没有闭合,文件的其余部分都被读进了这个单元格;请补上闭合的引号,或删去该引号')
    assert said("row 3: has 1 cell, the header has 5", "zh") == "第 3 行:有 1 个单元格,表头有 5 列"


def test_a_quote_never_closed_before_more_than_the_reader_holds_is_named_as_well(tmp_path, national, monkeypatch):
    """What follows the quote may be more than the text reader holds of a cell (16,777,215
    characters): it is read past, and still named as a quote never closed."""
    from clusterpolicy.batch import csvtext

    monkeypatch.setattr(csvtext, "MAX_READ", 4096)
    src = tmp_path / "in.csv"
    src.write_text(f"{HEADER}\nA,5,9,40,38\nB,5,9,\"40,38\n" + "C,5,9,40,38\n" * 500 + "x" * 5000 + "\n", encoding="utf-8")
    assert _errors(src, [national], "text") == [(2, ()), (3, (f"row 3: years.2024.total_output: {UNCLOSED}",))]


#: Pieces of CSV text around quotes: quoted cells, doubled quotes, stray quotes, line ends.
PIECE = st.sampled_from(['"', '""', ",", "\n", "\r\n", "5", "40", "a", " ", 'x"y', '"q"', "集"])


@pytest.mark.skipif(not HAVE_ARROW, reason="needs pyarrow")
@settings(max_examples=int(os.environ.get("CLUSTERPOLICY_BATCH_EXAMPLES", "60")) * 2, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(pieces=st.lists(PIECE, min_size=1, max_size=16))
def test_both_csv_readers_take_the_same_decisions_on_any_quoting(tmp_path, national, pieces):
    """Quotes closed, doubled, stray or never closed: the columnar reader rejects and evaluates
    exactly the rows the text reader does, with the same messages."""
    src = tmp_path / "in.csv"
    src.write_bytes(("name,area_km2\n" + "".join(pieces)).encode("utf-8"))
    assert _errors(src, [national], "arrow") == _errors(src, [national], "text")


# --- no regime to screen by ----------------------------------------------------------------------


def test_batch_with_every_regime_blocked_is_an_input_error(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text(f"{HEADER}\nA,5,9,40,38\n", encoding="utf-8")
    blocked = [a for name in ("national", "hainan", "anhui") for a in ("--block-plugin", name)]
    r = inprocess.run("batch", str(src), "--out", str(tmp_path / "out.csv"), *blocked, cwd=tmp_path)
    assert (r.returncode, r.stderr.splitlines()[-1]) == (2, "clusterpolicy: error: batch: no regime to screen by (none is installed, or every plugin is blocked)")
    assert not (tmp_path / "out.csv").exists()
    r = inprocess.run("batch", str(src), "--out", str(tmp_path / "out.csv"), "--lang", "zh", *blocked, cwd=tmp_path)
    assert r.stderr.splitlines()[-1] == "clusterpolicy: 错误:batch: 没有可用于筛查的制度(未安装任何制度,或所有插件均已排除)"
