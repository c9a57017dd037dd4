"""What a workbook must be before openpyxl parses it: no zip bomb, no XML entities, no cell or
row beyond the limits — each checked on the zip's directory or in one streamed pass, in bounded
time and memory, and refused with an :class:`~clusterpolicy.errors.InputError` naming the part.

* **Size**: at most :data:`MAX_UNCOMPRESSED` bytes unpacked in all (a million rows of twenty
  columns is about 600 MB of sheet XML), and no part over 1 MiB that unpacks to more than
  :data:`MAX_RATIO` times its packed size (sheets compress 5 to 20 times; a bomb, thousands).
* **Entities**: no part declares a document type (``<!DOCTYPE``, ``<!ENTITY``: billion laughs).
* **Cells**: no text or attribute longer than :data:`MAX_XML_TEXT` bytes (a cell over 65,536
  characters but within this rejects its row, as in a CSV), and no row of more than
  :data:`MAX_COLUMNS` cells (Excel's own limit).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import IO

from ..criteria.flat import MAX_CELL
from ..errors import InputError

#: Bytes all the parts of a workbook may unpack to.
MAX_UNCOMPRESSED = 1 << 30
#: Largest unpacked / packed size of a part over 1 MiB.
MAX_RATIO = 100
#: Bytes of one text or attribute in a part's XML (16 × 65,536: Chinese text escaped is still within).
MAX_XML_TEXT = 16 * MAX_CELL
#: Cells a row may have (Excel's columns A to XFD).
MAX_COLUMNS = 16384

_PIECE = 1 << 15  # bytes read at a time: at most 8,192 cells (``<c/>``) fit in a piece
_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")
_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s>/]")


def check_workbook(path: str | Path, source: str) -> None:
    """Refuse a workbook that would cost openpyxl more time or memory than its rows are worth."""
    try:
        with zipfile.ZipFile(path) as z:
            parts = z.infolist()
            total = sum(p.file_size for p in parts)
            if total > MAX_UNCOMPRESSED:
                raise InputError(source, [f"the workbook unpacks to {total:,} bytes (at most {MAX_UNCOMPRESSED:,})"])
            for p in parts:
                if p.file_size > 1 << 20 and p.file_size > MAX_RATIO * max(p.compress_size, 1):
                    raise InputError(source, [f"{p.filename}: unpacks {p.file_size // max(p.compress_size, 1):,} times its size "
                                              f"({p.file_size:,} bytes; at most {MAX_RATIO} times): a zip bomb?"])  # fmt: skip
            for p in parts:
                if p.filename.endswith((".xml", ".rels", ".vml")):
                    with z.open(p) as f:
                        problem = _scan(f, p.filename.startswith("xl/worksheets/"))
                    if problem:
                        raise InputError(source, [f"{p.filename}: {problem}"])
    # zipfile raises NotImplementedError for a compression method it lacks, RuntimeError for encryption:
    # both are the file's, not ours
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as exc:
        if isinstance(exc, FileNotFoundError):
            raise InputError(source, ["file not found"]) from None
        raise InputError(source, [f"cannot read as a workbook: {type(exc).__name__}: {exc}"]) from None


def _scan(f: IO[bytes], sheet: bool) -> str | None:
    """One pass over a part's XML: entity declarations, over-long texts, over-wide rows."""
    carry = b""
    run = 0  # bytes since the last ``<``
    cells = 0  # cells of the row being read
    while True:
        piece = f.read(_PIECE)
        data = carry + piece
        if not piece:
            cut = len(data)
        else:  # no token is cut in two: the next piece starts at the last ``<`` of the final bytes
            cut = data.rfind(b"<", max(len(data) - 16, 0))
            cut = len(data) if cut < 0 else cut
        part, carry = data[:cut], data[cut:]
        if b"<!DOCTYPE" in part or b"<!ENTITY" in part:
            return "declares a document type or entities (refused: an XML bomb)"
        first = part.find(b"<")
        if first < 0:
            run += len(part)
        else:
            run += first
            if run > MAX_XML_TEXT:
                break
            run = len(part) - part.rfind(b"<") - 1
        if run > MAX_XML_TEXT:
            break
        if sheet and (found := _row_cells(part, cells)) is not None:
            if found < 0:
                return f"a row has more than {MAX_COLUMNS:,} cells (at most {MAX_COLUMNS:,} columns)"
            cells = found
        if not piece:
            return None
    return f"a text or attribute over {MAX_XML_TEXT:,} bytes (a cell has at most {MAX_CELL:,} characters)"


def _row_cells(part: bytes, cells: int) -> int | None:
    """The cells of the row still open after ``part`` (``-1``: a row over :data:`MAX_COLUMNS`)."""
    in_part = len(_CELL.findall(part)) if b"<" in part else 0
    if cells + in_part <= MAX_COLUMNS:  # no row can be over: count only what stays open
        rows = list(_ROW.finditer(part))
        return len(_CELL.findall(part, rows[-1].end())) if rows else cells + in_part
    segments = _ROW.split(part)
    counts = [len(_CELL.findall(s)) for s in segments]
    counts[0] += cells
    return -1 if max(counts) > MAX_COLUMNS else counts[-1]
