"""Readers of flat files: CSV, Parquet, XLSX and JSON Lines, streamed in blocks of rows.

Row numbers are those a spreadsheet shows (the header is row 1; JSON Lines: the line number). A
block holds its rows either as text cells (:class:`Block` ``rows``: the stdlib CSV reader, XLSX,
JSON Lines) or as Arrow string columns (``arrow``: the columnar CSV reader and Parquet, with
pyarrow from the ``batch`` extra). Both give the same decisions
(``tests/test_batch_equivalence.py``). A row that cannot be read — an undecodable byte, a broken
quote, a wrong number of cells — is a rejected row with its number; the run goes on. The columns
are the flat layout's (:mod:`clusterpolicy.criteria.flat`).
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..convert import duplicate_keys, json_integer, unique_keys
from ..criteria.flat import BadRow, cell_text, parse_header
from ..errors import InputError, shorten
from ..reading import utf8_beyond_ascii
from .table import Block, Table, text_table, undecodable

__all__ = ["Block", "Table", "check_encoding", "detect_encoding", "input_format", "open_table", "text_table"]

#: Bytes of a CSV file read to tell its encoding.
SAMPLE = 1 << 20


def input_format(source: str) -> str:
    lower = source.lower()
    if lower.endswith((".xlsx", ".xlsm")):
        return "xlsx"
    if lower.endswith((".jsonl", ".ndjson", ".jsonlines")):
        return "jsonl"
    if lower.endswith((".parquet", ".pq")):
        return "parquet"
    return "csv"


def open_table(path: str | Path, fmt: str | None = None, encoding: str | None = None, reader: str = "auto",
               name: str | None = None) -> Table:  # fmt: skip
    """Open a flat file (``.csv``, ``.parquet``, ``.xlsx``, ``.jsonl``/``.ndjson``; ``-`` reads CSV
    from stdin) and check its header.

    :param fmt: force the format (``csv``, ``parquet``, ``xlsx``, ``jsonl``).
    :param encoding: of a CSV or JSON Lines file (default: UTF-8, with or without a BOM; a CSV that
        is not UTF-8 but reads as GB18030 — Excel on Chinese Windows — is read as GB18030).
    :param reader: for CSV: ``arrow`` (columnar, needs pyarrow), ``text`` (the stdlib reader) or
        ``auto`` (arrow when pyarrow is installed and the file is UTF-8).
    :param name: what errors call the file (default: its path; the server says ``<request body>``).
    """
    source = name or ("<stdin>" if str(path) == "-" else str(path))
    fmt = fmt or input_format(source)
    if encoding is not None:
        encoding = check_encoding(encoding)
    if fmt == "csv":
        seekable = str(path) != "-" and Path(path).is_file()  # not a pipe: it can be sampled and re-read
        if encoding is None:
            encoding = detect_encoding(path, source) if seekable else "utf-8-sig"
        elif seekable and codecs.lookup(encoding).name not in ("utf-8", "utf-8-sig") and utf8_beyond_ascii(_sample(path, source)):
            raise InputError(source, [f"is UTF-8 text, not {encoding}: leave --encoding out"])  # read as named, it would be garbled
        if reader != "text" and seekable and codecs.lookup(encoding).name in ("utf-8", "utf-8-sig") and _have_pyarrow():
            from .arrowio import open_csv

            return open_csv(path, source, lambda: _open_csv(path, source, encoding))
        if reader == "arrow":
            raise InputError(source, [_no_arrow_reader(seekable, encoding)])
        return _open_csv(path, source, encoding)
    if fmt == "parquet":
        from .arrowio import open_parquet

        return open_parquet(path, source)
    if fmt == "xlsx":
        return _open_xlsx(path, source)
    if fmt == "jsonl":
        return _open_jsonl(path, source, encoding or "utf-8-sig")
    raise InputError(source, [f"unknown input format {fmt!r} (expected csv, parquet, xlsx or jsonl)"])


def _have_pyarrow() -> bool:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


def check_encoding(name: str) -> str:
    """The codec name for ``--encoding`` (``InputError`` naming it if Python knows no such codec)."""
    from ..reading import check_encoding as codec_of

    return codec_of(name) or "utf-8"


def detect_encoding(path: str | Path, source: str) -> str:
    """UTF-8 (BOM or not), UTF-16 or UTF-32 after its byte-order mark, else GB18030 when the start of the file
    reads as it — or, where neither reads it whole (a stray byte), when more of its lines read as
    GB18030 only than as UTF-8 — else UTF-8. A line neither reads is rejected as a row."""
    sample = _sample(path, source)
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):  # before UTF-16: UTF-32 LE's mark begins like its
        return "utf-32"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Excel's "Unicode text", Notepad's "Unicode"
        return "utf-16"
    if sample[:4096].count(0) > len(sample[:4096]) // 4:
        from ..reading import WIDE

        raise InputError(source, [WIDE])  # read as UTF-8, its header would be names full of NUL characters
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        sample.decode("gb18030")
        return "gb18030"
    except UnicodeDecodeError:
        pass
    utf8 = gb = 0  # lines beyond ASCII that read as UTF-8; as GB18030 only
    for line in sample.splitlines():
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            utf8 += 1
        except UnicodeDecodeError:
            try:
                line.decode("gb18030")
                gb += 1
            except UnicodeDecodeError:
                pass
    return "gb18030" if gb > utf8 else "utf-8"  # rows that do not decode are rejected one by one, naming the encoding


def _no_arrow_reader(seekable: bool, encoding: str) -> str:
    """Why ``--reader arrow`` cannot read this CSV, and what to do."""
    if not _have_pyarrow():
        return "the columnar reader needs pyarrow: pip install 'clusterpolicy[batch]'"
    if not seekable:
        return "the columnar reader reads a file by its path, not standard input or a pipe: leave --reader out (or --reader text)"
    return f"the columnar reader reads UTF-8 only, and this file is read as {encoding}: leave --reader out (or --reader text)"


def _sample(path: str | Path, source: str) -> bytes:
    """The file's first :data:`SAMPLE` bytes, cut after a line (a multi-byte character may be cut at the end)."""
    try:
        with open(path, "rb") as f:
            sample = f.read(SAMPLE)
    except FileNotFoundError:
        raise InputError(source, ["file not found"]) from None
    except OSError as exc:
        raise InputError(source, [f"cannot read: {exc}"]) from None
    if len(sample) == SAMPLE:
        sample = sample[: sample.rfind(b"\n") + 1] or sample
    return sample



def _open_text(path: str | Path, source: str, encoding: str):
    """Text that never fails to decode: undecodable bytes become lone surrogates, found per row."""
    import io
    import sys

    if str(path) == "-":
        return io.TextIOWrapper(sys.stdin.buffer, encoding=encoding, errors="surrogateescape", newline="")
    try:
        return open(path, encoding=encoding, errors="surrogateescape", newline="")  # noqa: SIM115 - closed by the reader
    except FileNotFoundError:
        raise InputError(source, ["file not found"]) from None
    except OSError as exc:
        raise InputError(source, [f"cannot read: {exc}"]) from None


def _open_csv(path: str | Path, source: str, encoding: str) -> Table:
    from .csvtext import open_csv_text

    return open_csv_text(_open_text(path, source, encoding), source, encoding)


def _open_xlsx(path: str | Path, source: str) -> Table:
    try:
        import openpyxl
    except ImportError:
        raise InputError(source, ["reading .xlsx needs openpyxl: pip install 'clusterpolicy[xlsx]'"]) from None
    from .xlsxcheck import check_workbook

    check_workbook(path, source)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise InputError(source, ["file not found"]) from None
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise InputError(source, [f"cannot read as a workbook: {type(exc).__name__}: {exc}"]) from None
    sheet = book.worksheets[0]
    sheet.reset_dimensions()  # read every row, not only those the sheet's <dimension ref> declares
    it = sheet.iter_rows(values_only=True)
    # The same sheet with its formulas and formats: a formula whose value was never saved (a file
    # written by a program, not Excel) reads as an empty cell above, and a number shown as a
    # percentage holds a hundredth of what it shows: each is told as such.
    formulas = openpyxl.load_workbook(path, read_only=True, data_only=False)
    formula_sheet = formulas.worksheets[0]
    formula_sheet.reset_dimensions()
    written = formula_sheet.iter_rows()
    try:
        header = next(it)
        next(written, None)
    except StopIteration:
        book.close()
        formulas.close()
        raise InputError(source, ["header: the first sheet is empty"]) from None
    except Exception as exc:  # the XML parser's errors: a sheet that is not well-formed
        book.close()
        formulas.close()
        raise InputError(source, [f"header: cannot read the sheet: {type(exc).__name__}: {exc}"]) from None
    # Trailing empty header cells are formatting, not columns.
    names = list(header)
    while names and (names[-1] is None or str(names[-1]).strip() == ""):
        names.pop()
    try:
        columns = parse_header([cell_text(n) for n in names], source)
    except InputError:
        book.close()
        formulas.close()
        raise
    width = len(names)

    def rows() -> Iterator[tuple[int, list[str]]]:
        number = 1
        try:
            for number, values in enumerate(it, 2):
                as_written = next(written, ())
                unsaved = [_unread(columns[i].name if i < width else f"column {i + 1}", v, c) for i, (v, c) in enumerate(zip(values, as_written))]
                unsaved = [p for p in unsaved if p]
                if unsaved:
                    name = next((cell_text(v) for c, v in zip(columns, values) if c.name == "name"), None)
                    yield number, BadRow(unsaved, name or None)
                    continue
                cells = [cell_text(v) for v in values]
                if not any(cells):
                    continue
                while len(cells) > width and not cells[-1]:
                    cells.pop()
                # A value beyond the header leaves the row too long: reported as a bad row.
                yield number, cells + [""] * (width - len(cells))
        except Exception as exc:  # the XML parser's errors: the rest of the sheet cannot be read
            raise InputError(source, [f"row {number + 1}: cannot read the sheet: {type(exc).__name__}: {exc}"]) from None
        finally:
            book.close()
            formulas.close()

    return text_table(source, columns, rows())


def _unread(column: str, value: Any, cell: Any) -> str | None:
    """Why a worksheet cell cannot be read as it shows (``value``: as saved, ``cell``: the same
    cell with its formula and format), or None."""
    formula = getattr(cell, "value", None)
    if value is None and isinstance(formula, str) and formula.startswith("="):
        return (f"{column}: the cell holds a formula whose value was never saved ({shorten(formula)}): "
                "open the file in Excel and save it, or paste the values")  # fmt: skip
    if isinstance(value, (int, float)) and not isinstance(value, bool) and "%" in _PLAIN_FORMAT.sub("", getattr(cell, "number_format", None) or ""):
        held = cell_text(value)
        return (f"{column}: the cell is formatted as a percentage: it shows {Decimal(held).scaleb(2).normalize():f}% and holds {held}; "
                "type the figure itself (79.5 for 79.5%) in a cell formatted as a number")  # fmt: skip
    return None


#: The parts of a number format that show themselves (quoted text, an escaped character): a % there does not scale.
_PLAIN_FORMAT = re.compile(r'"[^"]*"|\\.')


def _open_jsonl(path: str | Path, source: str, encoding: str) -> Table:
    """JSON Lines: one flat object per line. The header is every key used in the file (a first
    pass reads them all, so an unknown key fails up front, like a CSV header)."""
    handle = _open_text(path, source, encoding)
    names: dict[str, int] = {}
    try:
        if str(path) == "-":
            lines: Any = handle.readlines()
        else:
            lines = None
        for number, line in enumerate(lines if lines is not None else handle, 1):
            if not line.strip():
                continue
            obj = _json_object(line, encoding)
            if isinstance(obj, dict):
                for key in obj:
                    names.setdefault(key, number)
    finally:
        if lines is None:
            handle.close()
    if not names:
        raise InputError(source, ["header: the file has no JSON object"])
    try:
        columns = parse_header(list(names), source)
    except InputError as exc:
        problems = [p + (f" (first on line {names[q]})" if (q := _quoted(p)) in names else "") for p in exc.problems]
        raise InputError(source, problems) from None
    index = {c.name: i for i, c in enumerate(columns)}

    def to_cells(number: int, obj: dict[str, Any] | str) -> tuple[int, list[str]]:
        if isinstance(obj, str):
            return number, BadRow(obj)  # a malformed line: reported with its reason
        cells = [""] * len(columns)
        for key, value in obj.items():
            cells[index[key]] = cell_text(value)
        return number, cells

    def rows() -> Iterator[tuple[int, list[str]]]:
        source_lines = lines if lines is not None else _open_text(path, source, encoding)
        try:
            for number, line in enumerate(source_lines, 1):
                if line.strip():
                    yield to_cells(number, _json_object(line, encoding))
        finally:
            if lines is None:
                source_lines.close()

    return text_table(source, columns, rows(), encoding, missing="null")


def _quoted(problem: str) -> str:
    m = re.search(r"'([^']*)'", problem)
    return m.group(1) if m else ""


def _json_object(line: str, encoding: str) -> dict[str, Any] | str:
    problem = undecodable(line, encoding)
    if problem:
        return problem
    try:
        obj = json.loads(line, parse_float=Decimal, parse_int=json_integer, object_pairs_hook=unique_keys)  # a repeated key: refused
    except RecursionError:
        return "invalid JSON: nested too deeply"
    except json.JSONDecodeError as exc:  # the column within the row's line (an error at its end: just past its last character)
        column = exc.colno if exc.lineno == 1 else len(line.partition("\n")[0].rstrip("\r")) + 1
        return f"invalid JSON at column {column}: {exc.msg}"
    except ValueError as exc:
        return f"invalid JSON: {'; '.join(duplicate_keys(line)) or exc}"
    if not isinstance(obj, dict):
        return "expected a JSON object"
    if _ESCAPED_SURROGATE.search(line) and _has_surrogate(obj):
        return "invalid JSON: a \\u escape is half of a surrogate pair (not a character)"
    return obj


#: ``\ud800``–``\udfff`` written as a JSON escape: a pair is one character, a lone one is none.
_ESCAPED_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")


def _has_surrogate(value: Any) -> bool:
    if isinstance(value, str):
        return any("\ud800" <= c <= "\udfff" for c in value)
    if isinstance(value, dict):
        return any(_has_surrogate(k) or _has_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_surrogate(v) for v in value)
    return False
