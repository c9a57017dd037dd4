"""Batch result writers: wide CSV and XLSX (for people), JSON Lines and Parquet (for machines).

Every format has the same columns: ``row``, ``name``, ``error``, ``as_of`` (the assessment date the
row was evaluated at), then per regime its overall status and each criterion's status, then per
regime what its verdict rests on (``<regime>:declared``, ``<regime>:waived``: rule ids joined by
``;``, :mod:`clusterpolicy.batch.layout`; JSON Lines: lists beside ``status``) and its remarks for
the authority (``<regime>:notes``: ``rule:code`` joined by ``;``; JSON Lines: a list). CSV is
UTF-8 with a BOM (Excel opens it with the Chinese intact); XLSX has a bold, frozen header with an
autofilter, fitted column widths and real dates, and with ``lang="zh"`` Chinese headers (regime
names, rule titles) and values (满足 / 不满足 …). Labels come from :func:`labels` only.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from typing import Any

from ..errors import InputError
from ..sheets import FORMULA_START, guarded
from ..text import visible
from .layout import RESTS_ON, header, labels, notes_cell, per_row, rests_on, rests_patterns
from .screen import OVERALLS, STATUSES, Chunk

try:
    from . import _lines  # built where a C compiler was at hand on install (setup.py)
except ImportError:  # pragma: no cover - an install without a C compiler
    _lines = None

OUTPUT_FORMATS = ("csv", "xlsx", "jsonl", "parquet")


def output_format(path: str) -> str:
    lower = path.lower()
    for fmt, ends in (("xlsx", (".xlsx",)), ("jsonl", (".jsonl", ".ndjson")), ("csv", (".csv",)), ("parquet", (".parquet", ".pq"))):
        if lower.endswith(ends):
            return fmt
    raise InputError(path, ["cannot tell the output format from the name: use .csv, .xlsx, .jsonl or .parquet, or --out-format"])


class _Writer:
    def __init__(self, regimes: Sequence[Any], lang: str = "en"):
        import threading

        #: set when the run stops early: a slow ``write`` (a worksheet's) ends between rows
        self.cancelled = threading.Event()
        self.regimes = list(regimes)
        self.lang = lang
        w = labels(lang)
        self.status_names = [w["status"][s] for s in STATUSES] + [""]  # code -1 (a rejected row) → ""
        self.overall_names = [w["overall"][o] for o in OVERALLS] + [""]
        self.ids = [tuple(r.rule.id for r in regime.criteria) for regime in self.regimes]

    def words(self, codes: Sequence[int]) -> list[str]:
        """Overall status then each rule's status, as words, for one row's codes."""
        return [self.overall_names[codes[0]]] + [self.status_names[c] for c in codes[1:]]

    def rests(self, j: int, codes: Sequence[int]) -> list[str]:
        """The ``<regime>:declared`` and ``<regime>:waived`` cells of regime ``j`` for one row's codes."""
        return [";".join(ids) for ids in rests_on(self.ids[j], codes[1:])]

    def error(self, problems: Sequence[str]) -> str:
        """A rejected row's ``error`` cell: its problems in the output's language, joined by ``; ``."""
        if self.lang != "zh":
            return "; ".join(problems)
        from ..messages import said

        return "; ".join(said(p, "zh") for p in problems)

    def notes(self, chunk: Chunk, j: int, i: int) -> str:
        """The ``<regime>:notes`` cell of regime ``j`` for the chunk's row ``i``."""
        remarks = chunk.notes[j].get(i)
        return notes_cell(remarks, self.lang) if remarks else ""

    def fragments(self, chunk: Chunk, j: int, render: Callable[[list[str]], Any]) -> list[Any]:
        """``render(words)`` for each row of the chunk under regime ``j``, computed once per
        distinct row of codes (many clusters share a pattern)."""
        return self.rendered(chunk, j, lambda codes: render(self.words(codes)))

    def rendered(self, chunk: Chunk, j: int, render: Callable[[list[int]], Any]) -> list[Any]:
        """``render(codes)`` for each row of the chunk under regime ``j`` (once per distinct row)."""
        return per_row(chunk.statuses[j], chunk.overall[j], len(chunk.rows), render)

    @staticmethod
    def dates(chunk: Chunk, text: bool) -> list[Any]:
        table = [d.isoformat() if text else d for d in chunk.dates] + ["" if text else None]
        return [table[int(c)] for c in chunk.as_of]


_NEEDS_QUOTES = re.compile(r'[,"\r\n]')


def _csv_field(text: str) -> str:
    # csv.QUOTE_MINIMAL, as the csv module writes it
    if _NEEDS_QUOTES.search(text):
        return '"' + text.replace('"', '""') + '"'
    return text


class CsvWriter(_Writer):
    """Wide CSV (the csv module's default dialect: comma, minimal quoting, CRLF), UTF-8 with a BOM
    unless ``bom=False`` (standard output)."""

    def __init__(self, handle: Any, regimes: Sequence[Any], bom: bool = True, lang: str = "en"):
        super().__init__(regimes, lang)
        self.handle = handle
        if bom:
            handle.write("\ufeff")
        handle.write(",".join(map(_csv_field, header(regimes))) + "\r\n")

    def write(self, chunk: Chunk) -> None:
        parts = [self.rendered(chunk, j, lambda c, j=j: (",".join(self.words(c)), ",".join(self.rests(j, c)))) for j in range(len(self.regimes))]
        names = chunk.names
        if any(n and n.startswith(FORMULA_START) for n in names):  # shown in Excel, never evaluated
            names = [n and guarded(n) for n in names]
        if _NEEDS_QUOTES.search("\x00".join(n or "" for n in names)):
            names = [_csv_field(n or "") for n in names]
        dates = self.dates(chunk, text=True)
        rows = []
        for i, number in enumerate(chunk.rows):
            err = chunk.errors.get(i)
            head = f"{number},{names[i] or ''},{_csv_field(guarded(self.error(err))) if err else ''},{dates[i]}"
            rows.append(",".join([head, *(p[i][0] for p in parts), *(f"{p[i][1]},{_csv_field(_codes(chunk, j, i))}" for j, p in enumerate(parts))]))
        if rows:
            self.handle.write("\r\n".join(rows) + "\r\n")

    def close(self) -> None:
        pass


def _codes(chunk: Chunk, j: int, i: int) -> str:
    """A CSV's ``<regime>:notes`` cell: the remarks' codes, in either language (a worksheet in Chinese has words)."""
    remarks = chunk.notes[j].get(i)
    return notes_cell(remarks) if remarks else ""


class XlsxWriter(_Writer):
    """A worksheet for people: bold frozen header with an autofilter, fitted widths, real dates."""

    def __init__(self, path: Any, regimes: Sequence[Any], lang: str = "en"):
        try:
            import openpyxl
        except ImportError:
            raise InputError(str(path), ["writing .xlsx needs openpyxl: pip install 'clusterpolicy[xlsx]'"]) from None
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter

        from ..text import width

        super().__init__(regimes, lang)
        self.path = path
        self.book = openpyxl.Workbook(write_only=True)
        self.sheet = self.book.create_sheet("结果" if lang == "zh" else "results")
        names = header(regimes, lang, titles=lang == "zh")
        self.columns = len(names)
        self.rows = 1
        fitted = [10, 28, 40, 12] + [max(8, min(width(n) + 2, 30)) for n in names[4:]]
        for i, w in enumerate(fitted, 1):
            self.sheet.column_dimensions[get_column_letter(i)].width = w
        self.sheet.freeze_panes = "C2"  # the header and the row number and name stay in view
        bold = Font(bold=True)
        cells = []
        for text in names:
            cell = WriteOnlyCell(self.sheet, value=text)
            cell.font = bold
            cells.append(cell)
        self.sheet.append(cells)
        self._date_cell = lambda d: _date_cell(WriteOnlyCell(self.sheet, value=d))
        self._cell = lambda text: WriteOnlyCell(self.sheet, value=text)
        self._letter = get_column_letter

    def _text(self, text: str) -> Any:
        """A text as a cell value; one starting with "=" as a text cell (openpyxl would write a formula)."""
        if not text.startswith("="):
            return text
        cell = self._cell(text)
        cell.data_type = "s"
        return cell

    def write(self, chunk: Chunk) -> None:
        parts = [self.rendered(chunk, j, lambda c, j=j: (self.words(c), self.rests(j, c))) for j in range(len(self.regimes))]
        dates = self.dates(chunk, text=False)
        for i, number in enumerate(chunk.rows):
            if not i % 256 and self.cancelled.is_set():
                return
            err = chunk.errors.get(i)
            day = dates[i]
            name, error = visible(chunk.names[i] or ""), visible(self.error(err)) if err else ""
            row: list[Any] = [int(number), self._text(name), self._text(error), None if day is None else self._date_cell(day)]
            for p in parts:
                row += p[i][0]
            for j, p in enumerate(parts):
                row += [*p[i][1], self.notes(chunk, j, i)]
            self.sheet.append(row)
        self.rows += len(chunk.rows)

    def close(self) -> None:
        self.sheet.auto_filter.ref = f"A1:{self._letter(self.columns)}{self.rows}"
        self.book.save(self.path)


def _date_cell(cell: Any) -> Any:
    cell.number_format = "yyyy-mm-dd"
    return cell


class JsonlWriter(_Writer):
    """One JSON object per input row (``kind: batch_row``)."""

    def __init__(self, handle: Any, regimes: Sequence[Any]):
        from ..documents import SCHEMA_VERSION

        super().__init__(regimes)
        self.handle = handle
        self.head = '{"schema_version": %s, "kind": "batch_row", "row": ' % json.dumps(SCHEMA_VERSION)
        # A template per regime: statuses are fixed ASCII words, rule ids are checked ids.
        self.templates = []
        for regime in regimes:
            rules = ", ".join(f"{json.dumps(r.rule.id)}: \"%s\"" for r in regime.criteria).replace("%", "%%").replace('%%s"', '%s"')
            self.templates.append(f"{json.dumps(regime.id)}: {{\"status\": \"%s\", \"rules\": {{{rules}}}, \"declared\": %s, \"waived\": %s, \"notes\": ")

    def write(self, chunk: Chunk) -> None:
        from ..messages import said

        def render(codes: list[int], j: int, t: str) -> str:
            return t % (*self.words(codes), *(json.dumps(ids) for ids in rests_on(self.ids[j], codes[1:])))

        parts = [self.rendered(chunk, j, lambda c, j=j, t=t: render(c, j, t)) for j, t in enumerate(self.templates)]
        dates = self.dates(chunk, text=True)
        lines = []
        for i, number in enumerate(chunk.rows):
            name = json.dumps(chunk.names[i], ensure_ascii=False)
            err = chunk.errors.get(i)
            if err:
                zh = [said(e, "zh") for e in err]
                lines.append(f'{self.head}{number}, "name": {name}, "errors": {json.dumps(err, ensure_ascii=False)}, "errors_zh": {json.dumps(zh, ensure_ascii=False)}}}\n')
                continue
            results = ", ".join(f"{p[i]}{json.dumps(list(chunk.notes[j].get(i, ())))}}}" for j, p in enumerate(parts))
            lines.append(f'{self.head}{number}, "name": {name}, "as_of": "{dates[i]}", "results": {{{results}}}}}\n')
        self.handle.write("".join(lines))

    def close(self) -> None:
        pass


class ParquetWriter(_Writer):
    """A Parquet file (pyarrow): statuses as dictionary-encoded strings, ``as_of`` as a date."""

    def __init__(self, path: Any, regimes: Sequence[Any]):
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise InputError(str(path), ["writing .parquet needs pyarrow: pip install 'clusterpolicy[batch]'"]) from None
        from .arrowout import ChunkTables

        super().__init__(regimes)
        self.tables = ChunkTables(regimes)
        self.path = path
        self.writer: Any = None

    def write(self, chunk: Chunk) -> None:
        import pyarrow.parquet as pq

        table = self.tables.table(chunk)
        if self.writer is None:
            self.writer = pq.ParquetWriter(self.path, table.schema)
        self.writer.write_table(table)

    def close(self) -> None:
        import pyarrow.parquet as pq

        if self.writer is None:
            self.writer = pq.ParquetWriter(self.path, self.tables.schema())
        self.writer.close()


class ArrowCsvWriter(_Writer):
    """The same CSV as :class:`CsvWriter`, built in C (pyarrow) with one ``take`` per chunk.

    The status columns are cut into groups of :attr:`GROUP`; each combination of codes a group has
    in the chunk is rendered once, as its words joined by commas and the comma after it; each
    regime's ``:declared``, ``:waived`` and ``:notes`` cells follow (rendered once per distinct
    pattern), the last with the line's end. Adjacent pieces are then joined, pair by pair and again,
    while a pair has few distinct texts in the chunk (:attr:`MERGED`): a line is some ten pieces,
    not one per group. The head cells (row, name, error, as_of) and those texts sit in one array,
    and taking from it, row by row, the head cells and each piece's text puts the chunk's lines
    back to back in the taken array's data, which is written as it is. Where ``_lines.c`` was built,
    the head cells are joined by pyarrow and the rest of each line is built from the codes in C
    (:meth:`_compiled`): the same bytes."""

    GROUP = 4
    #: Two pieces of a line are joined if the pair has at most one distinct text per this many
    #: rows of the chunk (each text is joined in Python once; each piece less is a take less per row).
    MERGED = 16
    _BASE = len(STATUSES) + 1  # a code + 1: 0 is a rejected row's empty cell, then a status (1..3 an overall status)

    def __init__(self, handle: Any, regimes: Sequence[Any], bom: bool = True, lang: str = "en"):
        import numpy as np

        super().__init__(regimes, lang)
        self.handle = handle  # binary
        self.words = [""] + self.status_names[:-1]
        self.overall_words = [""] + self.overall_names[:-1]
        head = ("\ufeff" if bom else "") + ",".join(map(_csv_field, header(regimes))) + "\r\n"
        handle.write(head.encode("utf-8"))
        widths = [1 + len(r.criteria) for r in self.regimes]  # a regime's overall status, then its rules
        self.groups = [(j, start) for j, w in enumerate(widths) for start in range(0, w, self.GROUP)]
        self.widths = [min(self.GROUP, widths[j] - start) for j, start in self.groups]
        # Each regime's codes sit from column GROUP * (its first group's index) of a chunk's code
        # matrix, so that column GROUP * g + i is the i-th code of group g (0 pads a short group).
        self.starts = [self.GROUP * next(g for g, (k, _) in enumerate(self.groups) if k == j) for j in range(len(widths))]
        self.group_keys = np.arange(len(self.groups), dtype=np.intp) * self._BASE**self.GROUP
        nibbles = np.arange(16**self.GROUP, dtype=np.intp)
        self._packed = sum(((nibbles >> (4 * i)) & 15) * self._BASE**i for i in range(self.GROUP)).astype(np.int32)
        # For _lines.c: the overall and the rules' words (by code + 1), and which RESTS_ON column (1 …) a code + 1 puts a rule in.
        self.column_words = ([w.encode() for w in self.overall_words], [w.encode() for w in self.words])
        classes = bytearray(len(STATUSES) + 1)
        for k, (_, wanted) in enumerate(RESTS_ON, 1):
            for code in wanted:
                classes[code + 1] = k
        self.classes = bytes(classes)
        self.id_bytes = [[rid.encode() for rid in ids] for ids in self.ids]
        self.buffer = bytearray()  # the lines of each chunk in turn (its pages faulted in once)

    def write(self, chunk: Chunk) -> None:
        import numpy as np
        import pyarrow as pa

        n = len(chunk.rows)
        if not n:
            return
        if _lines is not None:
            size = self._compiled(chunk, n)
            with memoryview(self.buffer) as lines:
                self.handle.write(lines[:size])
            return
        codes = np.zeros((n, self.GROUP * len(self.groups)), dtype=np.int8)
        for j, at in enumerate(self.starts):
            codes[:, at] = np.asarray(chunk.overall[j], dtype=np.int8) + 1
            s = np.asarray(chunk.statuses[j], dtype=np.int8).reshape(n, -1)
            codes[:, at + 1 : at + 1 + s.shape[1]] = s + 1
        # each group's combination: its GROUP codes (< 16) read as one little-endian word, packed
        # into one nibble each, then looked up as a number in base _BASE
        word = codes.view("<u4")
        word = word | (word >> 4)
        word &= 0x00FF00FF
        keys = self._packed[(word | (word >> 8)) & 0xFFFF] + self.group_keys
        seen = np.zeros(len(self.groups) * self._BASE**self.GROUP, dtype=bool)
        seen[keys] = True
        used = np.flatnonzero(seen)
        inverse = np.zeros(int(used[-1]) + 1, dtype=np.int32)
        inverse[used] = np.arange(len(used), dtype=np.int32)
        texts = [self._text(u) for u in used.tolist()]
        # The pieces after the head, in line order: each group's text, then each regime's
        # :declared,:waived,:notes cells (once per distinct pattern), the last with the line's end.
        ids = inverse[keys]
        bounds = np.searchsorted(used, self.group_keys).tolist() + [len(used)]  # each group's texts among ``texts``
        pieces = [(ids[:, g] - bounds[g], texts[bounds[g] : bounds[g + 1]]) for g in range(len(self.groups))]
        last = len(self.regimes) - 1
        for j in range(len(self.regimes)):
            end = "\r\n" if j == last else ","
            cells, rows = rests_patterns(np.asarray(chunk.statuses[j], dtype=np.int8).reshape(n, -1), chunk.overall[j], self.ids[j], chunk.notes[j])
            pieces.append((rows, [(",," if c is None else ",".join(c)) + end for c in cells]))
        pieces = _merged(pieces, max(n // self.MERGED, 1))
        # One array: row numbers, names, [errors,] dates (each with its comma), ",", the pieces' texts.
        parts = [
            pa.array(np.asarray(chunk.rows, dtype=np.int64)).cast(pa.large_string()),
            _quoted(chunk.arrow_names()).cast(pa.large_string()),
        ]
        if chunk.errors:
            errors = [self.error(chunk.errors[i]) if i in chunk.errors else "" for i in range(n)]
            parts.append(_quoted(pa.array(errors, pa.string())).cast(pa.large_string()))
        dates = [d.isoformat() + "," for d in chunk.dates] + [","]  # the last: a rejected row's
        parts.append(pa.array(dates, pa.large_string()))
        comma = 2 * n + (n if chunk.errors else 0) + len(dates)
        parts.append(pa.array([","], pa.large_string()))
        head = 7 if chunk.errors else 6  # row , name , [error] , date,
        index = np.empty((n, head + len(pieces)), dtype=np.int32)
        index[:, : head - 1] = comma
        index[:, 0] = np.arange(n, dtype=np.int32)
        index[:, 2] = index[:, 0] + n
        if chunk.errors:
            index[:, 4] = index[:, 0] + 2 * n
        as_of = np.asarray(chunk.as_of, dtype=np.int32)
        index[:, head - 1] = np.where(as_of < 0, len(dates) - 1, as_of) + (comma - len(dates))
        at = comma + 1
        for p, (rows, cells) in enumerate(pieces, head):
            parts.append(pa.array(cells, pa.large_string()))
            index[:, p] = rows + at
            at += len(cells)
        lines = pa.concat_arrays(parts).take(pa.array(index.reshape(-1)))
        offsets = np.frombuffer(lines.buffers()[1], dtype=np.int64)[lines.offset : lines.offset + len(lines) + 1]
        self.handle.write(memoryview(lines.buffers()[2])[int(offsets[0]) : int(offsets[-1])])

    def close(self) -> None:
        pass

    def _compiled(self, chunk: Chunk, n: int) -> int:
        """The chunk's lines, built in C from the codes (the names and errors quoted by pyarrow first)
        at the start of :attr:`buffer`; their size."""
        import numpy as np
        import pyarrow as pa

        regimes = []
        for j in range(len(self.regimes)):
            s = np.asarray(chunk.statuses[j], dtype=np.int8).reshape(n, -1)
            if s.flags.c_contiguous:
                codes, steps = s, (s.shape[1], 1)
            elif s.flags.f_contiguous:  # rules × rows in memory, as the column engine makes them
                codes, steps = s.T, (1, n)
            else:
                codes, steps = np.ascontiguousarray(s), (s.shape[1], 1)
            index, texts = None, [b""]
            if chunk.notes[j]:
                index = np.zeros(n, dtype=np.int32)
                for i, remarks in chunk.notes[j].items():
                    texts.append(notes_cell(remarks).encode())
                    index[i] = len(texts) - 1
            overall = np.ascontiguousarray(chunk.overall[j], dtype=np.int8)
            regimes.append((overall, codes, *steps, self.id_bytes[j], index, texts))
        errors = None
        if chunk.errors:
            errors = _bytes_of(_quoted(pa.array([self.error(chunk.errors[i]) if i in chunk.errors else "" for i in range(n)], pa.string())))
        return _lines.lines(
            self.buffer, np.ascontiguousarray(chunk.rows, dtype=np.int64), _bytes_of(_quoted(chunk.arrow_names())), errors,
            [d.isoformat().encode() for d in chunk.dates], np.ascontiguousarray(chunk.as_of, dtype=np.int32),
            self.column_words[0], self.column_words[1], self.classes, len(RESTS_ON), regimes,
        )  # fmt: skip

    def _text(self, key: int) -> str:
        """A group's combination of codes as text, with the separator that follows it."""
        g, key = divmod(key, self._BASE**self.GROUP)
        start = self.groups[g][1]
        words = []
        for i in range(self.widths[g]):
            key, code = divmod(key, self._BASE)
            words.append(self.overall_words[code] if start + i == 0 else self.words[code])
        return ",".join(words) + ","  # the regimes' :declared,:waived,:notes cells end the line


def _merged(pieces: list[tuple[Any, list[str]]], limit: int) -> list[tuple[Any, list[str]]]:
    """Adjacent pieces of a line (each: a row's index into its texts, and the texts) joined into
    one, pair by pair and again, while a pair takes at most ``limit`` distinct texts in the chunk:
    fewer pieces to take per line, each rendered once."""
    while len(pieces) > 1:
        out = []
        for i in range(0, len(pieces) - 1, 2):
            pair = _pair(pieces[i], pieces[i + 1], limit)
            out += [pieces[i], pieces[i + 1]] if pair is None else [pair]
        if len(pieces) % 2:
            out.append(pieces[-1])
        if len(out) == len(pieces):
            return pieces
        pieces = out
    return pieces


def _pair(first: tuple[Any, list[str]], second: tuple[Any, list[str]], limit: int) -> tuple[Any, list[str]] | None:
    """Two adjacent pieces as one (each distinct pair of texts joined once), or ``None`` if the
    pair has more than ``limit`` distinct texts."""
    import numpy as np

    (a, ta), (b, tb) = first, second
    if max(len(ta), len(tb)) > limit:  # at least as many distinct texts as either has (nearly all in use)
        return None
    m = len(tb)
    key = a.astype(np.int64) * m + b
    space = len(ta) * m
    if space <= 16 * len(key):
        seen = np.zeros(space, dtype=bool)
        seen[key] = True
        used = np.flatnonzero(seen)
        if len(used) > limit:
            return None
        remap = np.zeros(space, dtype=np.int32)
        remap[used] = np.arange(len(used), dtype=np.int32)
        rows = remap[key]
    else:
        used, rows = np.unique(key, return_inverse=True)
        if len(used) > limit:
            return None
    x, y = np.divmod(used, m)
    return rows.reshape(-1), [ta[i] + tb[j] for i, j in zip(x.tolist(), y.tolist())]


def _bytes_of(column: Any) -> tuple[Any, Any]:
    """A string column's n + 1 int32 offsets and the bytes they point into, from its first cell on."""
    import numpy as np
    import pyarrow as pa

    if column.type != pa.string():
        column = column.cast(pa.string())
    offsets = np.frombuffer(column.buffers()[1], dtype=np.int32)[column.offset : column.offset + len(column) + 1]
    data = column.buffers()[2]
    return offsets, b"" if data is None else memoryview(data)[int(offsets[0]) : int(offsets[-1])]


def _quoted(cells: Any) -> Any:
    """``csv.QUOTE_MINIMAL`` over an Arrow string column, each text :func:`~clusterpolicy.sheets.guarded` first.
    The cells' first bytes and their bytes are looked at first: most columns need neither."""
    import numpy as np
    import pyarrow.compute as pc

    if not len(cells):
        return cells
    offsets = np.frombuffer(cells.buffers()[1], dtype=np.int32)[cells.offset : cells.offset + len(cells) + 1]
    data = cells.buffers()[2]
    if data is None or offsets[-1] == offsets[0]:
        return cells
    data = np.frombuffer(data, dtype=np.uint8)
    starts = offsets[:-1][offsets[1:] > offsets[:-1]]  # the first byte of each cell that has one
    first = data[starts].tobytes()
    if any(c.encode() in first for c in FORMULA_START):
        formula = pc.match_substring_regex(cells, "^[" + re.escape("".join(FORMULA_START)) + "]")
        cells = pc.if_else(formula, pc.binary_join_element_wise("'", cells, ""), cells)
    else:
        own = data[int(offsets[0]) : int(offsets[-1])].tobytes()
        if not any(c in own for c in _QUOTE_BYTES):
            return cells
    needs = pc.match_substring_regex(cells, '[,"\r\n]')
    if not pc.any(needs).as_py():
        return cells
    quoted = pc.binary_join_element_wise('"', pc.replace_substring(cells, '"', '""'), '"', "")
    return pc.if_else(needs, quoted, cells)


_QUOTE_BYTES = (b",", b'"', b"\r", b"\n")

