"""Columnar input with pyarrow (the ``batch`` extra): CSV read in C, and Parquet.

Cells arrive as Arrow columns of text, exactly as the stdlib reader would give them: the CSV is
read as bytes (so an undecodable byte rejects its row, not the run), a row with the wrong number
of cells is rejected with its number, and blank lines are not rows. Parquet columns of any plain
type are read as the text a CSV would hold (``62.5``, ``true``, ``2025-05-20``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..criteria.flat import parse_header
from ..errors import InputError
from .table import Block, Table, undecodable

#: Bytes the CSV reader parses at a time (a record batch per block; gathered into chunks of rows).
BLOCK_BYTES = 1 << 20


def open_csv(path: str | Path, source: str) -> Table:
    """A UTF-8 CSV file (BOM or not) read by Arrow's CSV reader."""
    import csv

    import pyarrow.csv as pcsv

    try:
        with open(path, encoding="utf-8-sig", errors="surrogateescape", newline="") as f:
            header = next(csv.reader(f), None)
    except FileNotFoundError:
        raise InputError(source, ["file not found"]) from None
    except (OSError, csv.Error) as exc:
        raise InputError(source, [f"header: cannot read: {exc}"]) from None
    if header is None:
        raise InputError(source, ["header: the file is empty"])
    problem = undecodable("".join(header), "utf-8")
    if problem:
        raise InputError(source, [f"header: {problem}"])
    columns = parse_header(header, source)
    names = [f"c{i}" for i in range(len(header))]

    def blocks(size: int) -> Iterator[Block]:
        invalid: list[tuple[int, str]] = []

        def on_invalid(row: Any) -> str:
            invalid.append((row.number, f"has {row.actual_columns} cells, the header has {row.expected_columns}"))
            return "skip"

        try:
            reader = pcsv.open_csv(
                path,
                read_options=pcsv.ReadOptions(use_threads=False, block_size=BLOCK_BYTES, skip_rows=1, column_names=names),
                parse_options=pcsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False, invalid_row_handler=on_invalid),
                convert_options=pcsv.ConvertOptions(
                    column_types={c: pa.binary() for c in names}, strings_can_be_null=False, quoted_strings_can_be_null=False
                ),
            )  # fmt: skip
        except (pa.ArrowInvalid, OSError) as exc:
            raise InputError(source, [f"cannot read: {exc}"]) from None
        number = 2  # the next row's number
        gathered = _Gathered(size)
        with reader:
            while True:
                try:
                    batch = reader.read_next_batch()
                except StopIteration:
                    break
                except pa.ArrowInvalid as exc:  # e.g. a quote never closed: the rest is one broken row
                    yield from gathered.flush()
                    yield Block([number], [_bad(f"cannot read: {exc}")])
                    return
                bad = sorted(invalid)
                invalid.clear()
                numbers = _numbers(number, batch.num_rows, [b for b, _ in bad])
                number += batch.num_rows + len(bad)
                yield from _split(batch, numbers, bad, gathered)
            yield from gathered.flush()
            bad = sorted(invalid)
            for b, reason in bad:
                yield Block([b], [_bad(reason)])

    return Table(source, tuple(columns), blocks, "utf-8", "arrow")


def _bad(reason: str) -> list[str]:
    from ..criteria.flat import BadRow

    return BadRow(reason)


def _numbers(start: int, k: int, skipped: list[int]) -> np.ndarray:
    """The numbers of ``k`` rows read from ``start`` on, past the ``skipped`` ones."""
    numbers = np.arange(start, start + k + len(skipped), dtype=np.int64)
    if skipped:
        numbers = numbers[~np.isin(numbers, skipped)]
    return numbers[:k]


def _split(batch: pa.RecordBatch, numbers: np.ndarray, bad: list[tuple[int, str]], gathered: _Gathered) -> Iterator[Block]:
    """The batch's rows and the unreadable rows between them, in file order."""
    at = 0
    for b, reason in bad:
        upto = int(np.searchsorted(numbers, b))
        if upto > at:
            yield from gathered.add(batch.slice(at, upto - at), numbers[at:upto])
        yield from gathered.flush()
        yield Block([b], [_bad(reason)])
        at = upto
    if at < batch.num_rows:
        yield from gathered.add(batch.slice(at), numbers[at:])


class _Gathered:
    """The reader's batches (small, so that little is held at once) gathered into blocks of ``size`` rows."""

    def __init__(self, size: int):
        self.size = size
        self.parts: list[tuple[pa.RecordBatch, np.ndarray]] = []
        self.count = 0

    def add(self, batch: pa.RecordBatch, numbers: np.ndarray) -> Iterator[Block]:
        self.parts.append((batch, numbers))
        self.count += batch.num_rows
        while self.count >= self.size:
            yield from self._emit(self.size)

    def flush(self) -> Iterator[Block]:
        while self.count:
            yield from self._emit(min(self.count, self.size))

    def _emit(self, k: int) -> Iterator[Block]:
        table = pa.Table.from_batches([b for b, _ in self.parts])
        numbers = np.concatenate([n for _, n in self.parts])
        head = table.slice(0, k).combine_chunks()
        rest = table.slice(k)
        self.parts = [(b, numbers[k + i : k + i + b.num_rows]) for i, b in _offsets(rest.to_batches())]
        self.count -= k
        batch = pa.RecordBatch.from_arrays([c.chunk(0) if c.num_chunks else pa.array([], c.type) for c in head.columns], names=head.column_names)
        block = _text_block(batch, numbers[:k])
        if len(block):
            yield block


def _offsets(batches: list[pa.RecordBatch]) -> Iterator[tuple[int, pa.RecordBatch]]:
    at = 0
    for b in batches:
        if b.num_rows:
            yield at, b
        at += b.num_rows


def _text_block(batch: pa.RecordBatch, numbers: np.ndarray) -> Block:
    """Bytes → text per column (a cell that is not UTF-8 rejects its row); blank rows dropped."""
    blank = None
    for col in batch.columns:
        empty = pc.equal(pc.binary_length(col), 0)
        blank = empty if blank is None else pc.and_(blank, empty)
    if blank is not None and pc.any(blank).as_py():
        keep = pc.invert(blank)
        batch, numbers = batch.filter(keep), numbers[np.asarray(keep.to_numpy(zero_copy_only=False))]
    rejected: dict[int, str] = {}
    text = []
    for col in batch.columns:
        try:
            text.append(pc.cast(col, pa.string()))
        except pa.ArrowInvalid:
            cells = col.to_pylist()
            for i, cell in enumerate(cells):
                try:
                    cell.decode("utf-8")
                except UnicodeDecodeError:
                    cells[i] = b""
                    rejected.setdefault(i, undecodable(cell.decode("utf-8", "surrogateescape"), "utf-8") or "")
            text.append(pc.cast(pa.array(cells, pa.binary()), pa.string()))
    return Block(numbers, arrow=pa.RecordBatch.from_arrays(text, names=batch.schema.names), rejected=rejected)


def open_parquet(path: str | Path, source: str) -> Table:
    """A Parquet file; every column is read as text (numbers, booleans and dates as a CSV holds them)."""
    import pyarrow.parquet as pq

    try:
        handle = pq.ParquetFile(path)
    except FileNotFoundError:
        raise InputError(source, ["file not found"]) from None
    except (pa.ArrowException, OSError) as exc:
        raise InputError(source, [f"cannot read as Parquet: {exc}"]) from None
    schema = handle.schema_arrow
    columns = parse_header(list(schema.names), source)
    _check_types(schema, source)

    def blocks(size: int) -> Iterator[Block]:
        number = 2
        for batch in handle.iter_batches(batch_size=size):
            numbers = np.arange(number, number + batch.num_rows, dtype=np.int64)
            number += batch.num_rows
            block = as_text_batch(batch, numbers, source)
            if len(block):
                yield block

    return Table(source, tuple(columns), blocks, "utf-8", "arrow")


def as_text_batch(batch: pa.RecordBatch, numbers: np.ndarray, source: str) -> Block:
    """A block of text cells from columns of any plain type (null → an empty cell)."""
    _check_types(batch.schema, source)
    text = [pc.fill_null(_as_text(col), "").cast(pa.binary()) for col in batch.columns]
    return _text_block(pa.RecordBatch.from_arrays(text, names=batch.schema.names), numbers)


def _check_types(schema: pa.Schema, source: str) -> None:
    unfit = [f"{f.name}: {f.type}" for f in schema if not _textual(f.type)]
    if unfit:
        raise InputError(source, [f"column {u}: expected text, a number, a boolean or a date" for u in unfit])


def _textual(t: pa.DataType) -> bool:
    if pa.types.is_dictionary(t):
        return _textual(t.value_type)
    return (
        pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_integer(t) or pa.types.is_floating(t)
        or pa.types.is_decimal(t) or pa.types.is_boolean(t) or pa.types.is_date(t) or pa.types.is_null(t)
    )  # fmt: skip


def _as_text(col: pa.Array) -> pa.Array:
    if pa.types.is_dictionary(col.type):
        col = col.dictionary_decode()
    return pc.cast(col, pa.string())
