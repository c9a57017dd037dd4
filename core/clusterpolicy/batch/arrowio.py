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

#: Bytes the CSV reader parses at a time (it yields a record batch per block).
BLOCK_BYTES = 4 << 20


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
        with reader:
            while True:
                try:
                    batch = reader.read_next_batch()
                except StopIteration:
                    break
                except pa.ArrowInvalid as exc:  # e.g. a quote never closed: the rest is one broken row
                    yield Block([number], [_bad(f"cannot read: {exc}")])
                    return
                bad = sorted(invalid)
                invalid.clear()
                numbers = _numbers(number, batch.num_rows, [b for b, _ in bad])
                number += batch.num_rows + len(bad)
                yield from _split(batch, numbers, bad, size)
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


def _split(batch: pa.RecordBatch, numbers: np.ndarray, bad: list[tuple[int, str]], size: int) -> Iterator[Block]:
    """Blocks of at most ``size`` rows in file order: the batch's rows, the unreadable rows between them."""
    at = 0
    for b, reason in bad:
        upto = int(np.searchsorted(numbers, b))
        if upto > at:
            yield from _blocks(batch.slice(at, upto - at), numbers[at:upto], size)
        yield Block([b], [_bad(reason)])
        at = upto
    if at < batch.num_rows:
        yield from _blocks(batch.slice(at), numbers[at:], size)


def _blocks(batch: pa.RecordBatch, numbers: np.ndarray, size: int) -> Iterator[Block]:
    for start in range(0, batch.num_rows, size):
        part = batch.slice(start, size)
        block = _text_block(part, numbers[start : start + size])
        if len(block):
            yield block


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
