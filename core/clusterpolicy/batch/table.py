"""An opened flat file: its checked header and its rows in blocks (text cells or Arrow columns)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from ..criteria.flat import Column
from ..model import frozen


class Block:
    """Consecutive rows of a table: their numbers, and their cells as text or as Arrow columns."""

    __slots__ = ("numbers", "rows", "arrow", "rejected")

    def __init__(self, numbers: Sequence[int], rows: list[list[str]] | None = None, arrow: Any = None,
                 rejected: dict[int, str] | None = None):  # fmt: skip
        self.numbers = numbers
        self.rows = rows  #: text cells per row (a :class:`BadRow` for a row that could not be read)
        self.arrow = arrow  #: a pyarrow RecordBatch of string columns, in the table's column order
        self.rejected = rejected or {}  #: for ``arrow``: index in block → why the row cannot be read

    def __len__(self) -> int:
        return len(self.numbers)


@frozen
class Table:
    """An opened flat file: its checked header and a stream of :class:`Block`."""

    source: str
    columns: tuple[Column, ...]
    blocks: Callable[[int], Iterator[Block]]
    encoding: str = "utf-8"
    #: ``"arrow"`` (columnar) or ``"text"``
    reader: str = "text"
    #: what a missing value is called in a row's problems: a sheet's empty cell; ``"null"`` for JSON Lines
    missing: str = "an empty cell"

    def iter_blocks(self, size: int) -> Iterator[Block]:
        """Blocks of at most ``size`` rows."""
        return self.blocks(size)


def text_table(source: str, columns: Sequence[Column], rows: Iterator[tuple[int, list[str]]], encoding: str = "utf-8",
               missing: str = "an empty cell") -> Table:  # fmt: skip
    """A :class:`Table` over ``(row number, cells)`` pairs."""

    def blocks(size: int) -> Iterator[Block]:
        numbers: list[int] = []
        cells: list[list[str]] = []
        for number, row in rows:
            numbers.append(number)
            cells.append(row)
            if len(cells) >= size:
                yield Block(numbers, cells)
                numbers, cells = [], []
        if cells:
            yield Block(numbers, cells)

    return Table(source, tuple(columns), blocks, encoding, missing=missing)


_SURROGATE = re.compile("[\udc80-\udcff]")


def undecodable(text: str, encoding: str, column: int | None = None) -> str | None:
    """Why a cell or line read with ``surrogateescape`` did not decode, and where, or ``None``: in a
    cell of ``column`` (from 1), its character; in a line (``column`` None), its column (from 1)."""
    m = _SURROGATE.search(text)
    if m is None:
        return None
    byte = ord(m.group()) - 0xDC00
    where = f"column {column}, character {m.start() + 1} of the cell" if column else f"column {m.start() + 1} of the line"
    hint = "; a file saved by Excel on Chinese Windows: try --encoding gb18030" if encoding.startswith("utf") else ""
    encoding = encoding.removesuffix("-sig")  # the codec's name for UTF-8 after a byte-order mark: UTF-8 to the user
    return f"cannot decode byte 0x{byte:02x} as {encoding} ({where}{hint})"


def undecodable_cells(cells: Sequence[str], encoding: str) -> str | None:
    """:func:`undecodable` of the first cell of a row (or header) that did not decode, or ``None``."""
    return next((p for i, cell in enumerate(cells, 1) if (p := undecodable(cell, encoding, i))), None)
