"""Spreadsheets an official opens in Excel: XLSX with a bold frozen header, column widths, an
autofilter and real dates, and CSV in UTF-8 with a byte-order mark (so Excel shows Chinese).

No text cell is ever a formula: in XLSX a text starting with ``=`` is written as text (openpyxl
would write it as a formula); in CSV a text starting with ``= + - @``, a tab or a carriage return
gets a leading apostrophe (Excel would evaluate it) — numbers and dates are left as they are.

Every table clusterpolicy writes outside ``batch`` (the typical-case summary, the comparison
download of the web page) goes through here; ``batch`` writes its own, fast, with the same rule
(:func:`guarded`, :data:`FORMULA_START`). openpyxl (the ``xlsx`` extra) is imported only when
an XLSX is written.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from .errors import InputError
from .text import visible, width

#: Widest column, in characters; longer cells wrap.
MAX_WIDTH = 60
DATE_FORMAT = "yyyy-mm-dd"

Sheet = tuple[str, Sequence[str], Sequence[Sequence[Any]]]  #: (title, headers, rows)


def xlsx_bytes(sheets: Sequence[Sheet], source: str = "xlsx") -> bytes:
    """The workbook: one sheet per ``(title, headers, rows)``. Cells keep their type: ``date`` →
    a date cell, ``int``/``Decimal`` → a number, anything else → text."""
    try:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font
        from openpyxl.utils import get_column_letter
    except ImportError:
        raise InputError(source, ["writing .xlsx needs openpyxl: pip install 'clusterpolicy[xlsx]' (or write .csv)"]) from None
    book = Workbook()
    book.remove(book.active)
    for title, headers, rows in sheets:
        ws = book.create_sheet(title=_sheet_title(title))
        ws.append([visible(str(h)) for h in headers])
        for row in rows:
            ws.append([_cell(v) for v in row])
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(vertical="center", wrap_text=True)
        for i, header in enumerate(headers, start=1):
            longest = max([width(str(header))] + [width(_text(r[i - 1])) for r in rows if i - 1 < len(r)])
            ws.column_dimensions[get_column_letter(i)].width = min(MAX_WIDTH, longest + 2)
            if longest > MAX_WIDTH:
                for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, date):
                    cell.number_format = DATE_FORMAT
                elif cell.data_type == "f":  # text that starts with "=": shown, never evaluated
                    cell.data_type = "s"
        ws.freeze_panes = "A2"
        if headers:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(1, len(rows) + 1)}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_text(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """CSV text starting with a byte-order mark (write it as UTF-8): Excel then reads it as UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows([[guarded(_text(v)) if isinstance(v, str) else _text(v) for v in row] for row in rows])
    return "\ufeff" + buffer.getvalue()


#: What makes Excel read a CSV cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def guarded(text: str) -> str:
    """A text cell as Excel shows it, never evaluates it: an apostrophe before a formula's first character."""
    return "'" + text if text.startswith(FORMULA_START) else text


def _cell(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, date, Decimal)):  # openpyxl writes a Decimal's exact digits
        return value
    return visible(str(value))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _sheet_title(title: str) -> str:
    """Excel's rules: at most 31 characters, none of ``[]:*?/\\``."""
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in visible(title)).strip() or "Sheet"
    return cleaned[:31]
