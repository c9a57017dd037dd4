"""Readers of flat files: CSV, XLSX and JSON Lines, streamed as ``(row number, cells)``.

Row numbers are those a spreadsheet shows (the header is row 1; JSON Lines: the line number); every
cell is text. The columns are the flat layout's (:mod:`clusterpolicy.criteria.flat`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from attrs import frozen

from ..criteria.flat import BadRow, Column, Rows, cell_text, parse_header
from ..errors import InputError


@frozen
class Table:
    """An opened flat file: its checked header and a stream of ``(row number, cells)``."""

    source: str
    columns: tuple[Column, ...]
    rows: Rows
    #: optional faster stream of ``(row numbers, rows)`` blocks of at most ``size`` rows
    blocks: Any = None

    def iter_blocks(self, size: int) -> Iterator[tuple[list[int], list[list[str]]]]:
        if self.blocks is not None:
            yield from self.blocks(size)
            return
        numbers: list[int] = []
        rows: list[list[str]] = []
        for number, cells in self.rows:
            numbers.append(number)
            rows.append(cells)
            if len(rows) >= size:
                yield numbers, rows
                numbers, rows = [], []
        if rows:
            yield numbers, rows


def open_table(path: str | Path, fmt: str | None = None) -> Table:
    """Open a flat file (``.csv``, ``.xlsx``, ``.jsonl``/``.ndjson``; ``-`` reads CSV from stdin)
    and check its header. ``fmt`` forces the format (``csv``, ``xlsx``, ``jsonl``)."""
    source = "<stdin>" if str(path) == "-" else str(path)
    fmt = fmt or input_format(source)
    if fmt == "csv":
        return _open_csv(path, source)
    if fmt == "xlsx":
        return _open_xlsx(path, source)
    if fmt == "jsonl":
        return _open_jsonl(path, source)
    raise InputError(source, [f"unknown input format {fmt!r} (expected csv, xlsx or jsonl)"])


def input_format(source: str) -> str:
    lower = source.lower()
    if lower.endswith((".xlsx", ".xlsm")):
        return "xlsx"
    if lower.endswith((".jsonl", ".ndjson", ".jsonlines")):
        return "jsonl"
    return "csv"


def _open_text(path: str | Path, source: str):
    import io
    import sys

    if source == "<stdin>":
        return io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8-sig", newline="")
    try:
        return open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed by the reader
    except FileNotFoundError:
        raise InputError(source, ["file not found"]) from None
    except OSError as exc:
        raise InputError(source, [f"cannot read: {exc}"]) from None


def _open_csv(path: str | Path, source: str) -> Table:
    import csv

    handle = _open_text(path, source)
    reader = csv.reader(handle)
    try:
        header = next(reader)
    except StopIteration:
        handle.close()
        raise InputError(source, ["header: the file is empty"]) from None
    except (csv.Error, UnicodeDecodeError) as exc:
        handle.close()
        raise InputError(source, [f"header: cannot read: {exc}"]) from None
    try:
        columns = parse_header(header, source)
    except InputError:
        handle.close()
        raise

    def blocks(size: int) -> Iterator[tuple[list[int], list[list[str]]]]:
        from itertools import islice

        number = 1
        try:
            while True:
                try:
                    records = list(islice(reader, size))
                except (csv.Error, UnicodeDecodeError) as exc:
                    raise InputError(source, [f"row {reader.line_num}: cannot read: {exc}"]) from None
                if not records:
                    return
                numbers = list(range(number + 1, number + 1 + len(records)))
                number += len(records)
                if [] in records or [""] in records:  # a blank line is not a row
                    kept = [(n, r) for n, r in zip(numbers, records) if r and r != [""]]
                    numbers, records = [n for n, _ in kept], [r for _, r in kept]
                if records:
                    yield numbers, records  # cells are stripped where they are read
        finally:
            handle.close()

    def rows() -> Rows:
        for numbers, records in blocks(1024):
            yield from zip(numbers, records)

    return Table(source, tuple(columns), rows(), blocks)


def _open_xlsx(path: str | Path, source: str) -> Table:
    try:
        import openpyxl
    except ImportError:
        raise InputError(source, ["reading .xlsx needs openpyxl: pip install 'clusterpolicy[xlsx]'"]) from None
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise InputError(source, ["file not found"]) from None
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise InputError(source, [f"cannot read as a workbook: {type(exc).__name__}: {exc}"]) from None
    sheet = book.worksheets[0]
    it = sheet.iter_rows(values_only=True)
    try:
        header = next(it)
    except StopIteration:
        book.close()
        raise InputError(source, ["header: the first sheet is empty"]) from None
    # Trailing empty header cells are formatting, not columns.
    names = list(header)
    while names and (names[-1] is None or str(names[-1]).strip() == ""):
        names.pop()
    try:
        columns = parse_header([cell_text(n) for n in names], source)
    except InputError:
        book.close()
        raise
    width = len(names)

    def rows() -> Rows:
        try:
            for number, values in enumerate(it, 2):
                cells = [cell_text(v) for v in values]
                if not any(cells):
                    continue
                while len(cells) > width and not cells[-1]:
                    cells.pop()
                # A value beyond the header leaves the row too long: reported as a bad row.
                yield number, cells + [""] * (width - len(cells))
        finally:
            book.close()

    return Table(source, tuple(columns), rows())


def _open_jsonl(path: str | Path, source: str) -> Table:
    """JSON Lines: one flat object per line. The header is every key used in the file (a first
    pass reads them all, so an unknown key fails up front, like a CSV header)."""
    handle = _open_text(path, source)
    names: dict[str, int] = {}
    try:
        if source == "<stdin>":
            lines: Any = handle.readlines()
        else:
            lines = None
        for number, line in enumerate(lines if lines is not None else handle, 1):
            if not line.strip():
                continue
            obj = _json_object(line, source, number)
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

    def rows() -> Rows:
        source_lines = lines if lines is not None else _open_text(path, source)
        try:
            for number, line in enumerate(source_lines, 1):
                if line.strip():
                    yield to_cells(number, _json_object(line, source, number))
        finally:
            if lines is None:
                source_lines.close()

    return Table(source, tuple(columns), rows())


def _quoted(problem: str) -> str:
    m = re.search(r"'([^']*)'", problem)
    return m.group(1) if m else ""


def _json_object(line: str, source: str, number: int) -> dict[str, Any] | str:
    try:
        obj = json.loads(line, parse_float=Decimal)
    except ValueError as exc:
        return f"invalid JSON: {exc}"
    if not isinstance(obj, dict):
        return "expected a JSON object"
    return obj
