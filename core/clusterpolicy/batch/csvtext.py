"""The stdlib CSV reader (any encoding, pipes), bounded: no cell or line is held beyond :data:`MAX_READ`.

The csv module reads lines of at most :data:`MAX_READ` characters and cells of at most as many. A
record it cannot take (a longer cell or line) is read past by :class:`_Record` — the csv module's
own quoting rules (the default dialect, not strict), a cell's length counted, never held — and
rejected naming its column and that length, so the rows after it are read as ever.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from typing import Any

from ..criteria.flat import MAX_CELL, BadRow, Column, parse_header, unclosed_quote, wrong_width
from ..errors import InputError, too_long
from .table import Table, text_table, undecodable, undecodable_cells

#: Characters of a CSV cell, and of a physical line, that are read; a record with a longer one is
#: read past and rejected (a cell over :data:`~clusterpolicy.criteria.flat.MAX_CELL` rejects its row either way).
MAX_READ = 1 << 24


def open_csv_text(handle: Any, source: str, encoding: str) -> Table:
    """A CSV from an open text stream (``surrogateescape``, ``newline=""``); closed when read."""
    csv.field_size_limit(max(csv.field_size_limit(), MAX_READ))
    lines = _Lines(handle)
    reader = csv.reader(lines)
    try:
        header = next(reader)
    except StopIteration:
        handle.close()
        raise InputError(source, ["header: the file is empty"]) from None
    except (csv.Error, _LongLine) as exc:
        handle.close()
        raise InputError(source, [f"header: cannot read: {_message(exc)}"]) from None
    except UnicodeError as exc:  # a decoder that cannot go on (e.g. UTF-16 without a byte-order mark)
        handle.close()
        raise InputError(source, [f"header: not {encoding} text: {exc}"]) from None
    problem = undecodable_cells(header, encoding)
    if problem:
        handle.close()
        raise InputError(source, [f"header: {problem}"])
    try:
        columns = parse_header(header, source)
    except InputError:
        handle.close()
        raise

    width = len(columns)
    name_at = next((i for i, c in enumerate(columns) if c.name == "name"), None)

    def records() -> Iterator[tuple[int, list[str]]]:
        number = 1
        try:
            while True:
                number += 1
                lines.begin()
                try:
                    cells = next(reader)
                except StopIteration:
                    return
                except (csv.Error, _LongLine) as exc:
                    yield number, BadRow(lines.read_past(columns) or _message(exc, lines))
                    continue
                except UnicodeError as exc:  # the decoder cannot go on: nothing after this line can be read
                    raise InputError(source, [f"row {number}: not {encoding} text: {exc}"]) from None
                if lines.ended and lines.unclosed():
                    yield number, BadRow(unclosed_quote(columns, len(cells)))
                    continue
                if not any(cells) and len(cells) in (0, width):  # a blank line is not a row (",,," of another width is)
                    continue
                text = "".join(cells)
                if text and "\udc80" <= max(text) and (problem := undecodable_cells(cells, encoding)):
                    name = cells[name_at].strip() if name_at is not None and len(cells) == width else ""
                    yield number, BadRow(problem, None if not name or undecodable(name, encoding) else name)
                    continue
                yield number, cells  # cells are stripped where they are read
        finally:
            handle.close()

    return text_table(source, columns, records(), encoding)


class _LongLine(Exception):
    """A physical line over :data:`MAX_READ` characters."""


def _message(exc: Exception, lines: _Lines) -> str:
    if isinstance(exc, _LongLine):
        return too_long(MAX_READ - 1, "a line", lines.record[-1], -MAX_READ)
    return f"cannot read: {exc}"


class _Lines:
    """The csv reader's lines, none over :data:`MAX_READ` characters, kept from the start of the
    record being read (so that a record the reader gives up on can be read past)."""

    def __init__(self, handle: Any):
        self.readline = handle.readline
        self.record: list[str] = []
        self.back = ""
        self.ended = False  #: the end of the file was reached while the current record was read

    def __iter__(self) -> _Lines:
        return self

    def begin(self) -> None:
        self.record.clear()
        self.ended = False

    def unclosed(self) -> bool:
        """Whether the record read ends inside a quoted cell (as the csv module reads quotes)."""
        scan = _Record()
        return all(scan.feed(piece) is None for piece in self.record) and scan.state == _Record.QUOTED

    def __next__(self) -> str:
        if self.back:
            line, self.back = self.back, ""
        else:
            line = self.readline(MAX_READ)
        if not line:
            self.ended = True
            raise StopIteration
        self.record.append(line)
        if len(line) == MAX_READ and line[-1] not in "\r\n":
            raise _LongLine
        return line

    def read_past(self, columns: tuple[Column, ...] | list[Column]) -> str | None:
        """Read to the end of the current record; why it is rejected (``None``: no cell or line is too long)."""
        scan = _Record()
        first = self.record[0] if self.record else ""
        pieces = iter(self.record)
        longest = 0
        while True:
            piece = next(pieces, None)
            if piece is None:
                piece, self.back = (self.back or self.readline(MAX_READ)), ""
                if not piece:
                    break
            longest = max(longest, len(piece))
            end = scan.feed(piece)
            if end is not None:
                self.back = piece[end:]
                break
        self.record.clear()
        cells = scan.lengths
        if not piece and scan.state == _Record.QUOTED:  # the end of the file inside a quote
            return unclosed_quote(columns, len(cells))
        if len(cells) != len(columns):
            return wrong_width(len(cells), len(columns))
        for col, length, head in zip(columns, cells, scan.heads):
            if length > MAX_CELL:
                return f"{col.name}: {too_long(MAX_CELL, 'a cell', head, length)}"
        return too_long(MAX_READ - 1, "a line", first, -MAX_READ) if longest >= MAX_READ else None


_FIELD_END = re.compile(r"[,\r\n]")


class _Record:
    """Where a CSV record ends, how long each of its cells is and how it begins (its first
    :data:`HEAD` characters, for the message), as the csv module reads it."""

    START, FIELD, QUOTED, QUOTE = range(4)
    HEAD = 24

    def __init__(self) -> None:
        self.state = self.START
        self.lengths = [0]
        self.heads = [""]

    def _add(self, text: str, i: int, j: int) -> None:
        self.lengths[-1] += j - i
        if len(self.heads[-1]) < self.HEAD:
            self.heads[-1] += text[i : min(j, i + self.HEAD)]

    def feed(self, text: str) -> int | None:
        """Read ``text``; the index just after the record's end, or ``None`` if it goes on."""
        i, n = 0, len(text)
        while i < n:
            if self.state == self.START:
                if text[i] == '"':
                    self.state, i = self.QUOTED, i + 1
                else:
                    self.state = self.FIELD
            elif self.state == self.FIELD:
                m = _FIELD_END.search(text, i)
                if m is None:
                    self._add(text, i, n)
                    return None
                j = m.start()
                self._add(text, i, j)
                if text[j] != ",":
                    return j + 2 if text.startswith("\r\n", j) else j + 1
                self.lengths.append(0)
                self.heads.append("")
                self.state, i = self.START, j + 1
            elif self.state == self.QUOTED:
                j = text.find('"', i)
                if j < 0:
                    self._add(text, i, n)
                    return None
                self._add(text, i, j)
                self.state, i = self.QUOTE, j + 1
            elif text[i] == '"':  # a doubled quote inside quotes: one character
                self._add(text, i, i + 1)
                self.state, i = self.QUOTED, i + 1
            else:  # after the closing quote: the rest of the field, to its delimiter
                self.state = self.FIELD
        return None
