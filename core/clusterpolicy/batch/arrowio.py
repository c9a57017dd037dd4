"""Columnar input with pyarrow (the ``batch`` extra): CSV read in C, and Parquet.

Cells arrive as Arrow columns of text, exactly as the stdlib reader would give them: the CSV is
read as bytes (so an undecodable byte rejects its row, not the run), a row with the wrong number
of cells is rejected with its number, and blank lines are not rows. Parquet columns of any plain
type are read as the text a CSV would hold (``62.5``, ``true``, ``2025-05-20``).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..criteria.flat import parse_header, unclosed_quote, wrong_width
from ..errors import InputError
from .table import Block, Table, undecodable, undecodable_cells

try:
    from . import _split  # built where a C compiler was at hand on install (setup.py)
except ImportError:  # pragma: no cover - an install without a C compiler
    _split = None

#: Bytes the CSV reader parses at a time (a record batch per block; gathered into chunks of rows).
BLOCK_BYTES = 1 << 20

#: Columns beyond which a CSV is read by the text reader (Arrow's cost per column outweighs its speed).
MAX_ARROW_COLUMNS = 1024


def open_csv(path: str | Path, source: str, text: Callable[[], Table]) -> Table:
    """A UTF-8 CSV file (BOM or not) read by Arrow's CSV reader; from a row Arrow cannot read on
    (a cell longer than its block, a quote never closed) the ``text`` reader's table reads the
    rest, so every row is the text reader's decision and none is lost."""
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
    problem = undecodable_cells(header, "utf-8")
    if problem:
        raise InputError(source, [f"header: {problem}"])
    columns = parse_header(header, source)
    names = [f"c{i}" for i in range(len(header))]
    if len(header) > MAX_ARROW_COLUMNS:
        return text()

    _hush_undecodable_invalid_rows()

    def blocks(size: int) -> Iterator[Block]:
        start, number = _data_start(path), 2
        if _split is not None and start is not None:
            handover = yield from _split_blocks(path, start, names, size)
            if handover is None:
                return
            start, number = handover
        yield from arrow_blocks(size, start, number)

    def arrow_blocks(size: int, start: int | None, number: int) -> Iterator[Block]:
        """Arrow's reader from the file's byte ``start`` on, row ``number`` there (``None``: from the header on)."""
        invalid: list[tuple[int, str]] = []
        shift = 0 if start is None else number - 1  # Arrow numbers the rows it reads from 1

        def on_invalid(row: Any) -> str:
            unclosed = _open_quote(row.text)  # then the last record: the quote runs to the end of the file
            invalid.append((row.number + shift, unclosed_quote(columns, row.actual_columns) if unclosed else wrong_width(row.actual_columns, row.expected_columns)))
            return "skip"

        try:
            stream = pa.OSFile(str(path))
            stream.seek(start or 0)
            reader = pcsv.open_csv(
                stream,
                read_options=pcsv.ReadOptions(use_threads=False, block_size=BLOCK_BYTES, skip_rows=1 if start is None else 0, column_names=names),
                parse_options=pcsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False, invalid_row_handler=on_invalid),
                convert_options=pcsv.ConvertOptions(
                    column_types={c: pa.binary() for c in names}, strings_can_be_null=False, quoted_strings_can_be_null=False
                ),
            )  # fmt: skip
        except pa.ArrowInvalid:
            yield from _rest(text(), number, size)
            return
        except OSError as exc:
            raise InputError(source, [f"cannot read: {exc}"]) from None
        gathered = _Gathered(size)
        with stream, reader:
            while True:
                try:
                    batch = reader.read_next_batch()
                except StopIteration:
                    break
                except pa.ArrowInvalid:  # a cell longer than a block, a quote never closed: the text reader goes on
                    yield from gathered.flush()
                    yield from _rest(text(), number, size)
                    return
                bad = _within(invalid, number, batch.num_rows)  # Arrow may report a row of the next batch already
                numbers = _numbers(number, batch.num_rows, [b for b, _ in bad])
                number += batch.num_rows + len(bad)
                yield from _interleaved(batch, numbers, bad, gathered)
            last = None if invalid else gathered.last()
            if last is not None and _ends_quoted(path, last[1]):  # the file's last record, in a quote never closed
                gathered.drop_last()
                yield from gathered.flush()
                yield Block([last[0]], [_bad(unclosed_quote(columns, len(columns)))])
            yield from gathered.flush()
            bad = sorted(invalid)
            for b, reason in bad:
                yield Block([b], [_bad(reason)])

    return Table(source, tuple(columns), blocks, "utf-8", "arrow")


#: Bytes of the file read at a time by the C splitter (more when a chunk of rows is longer).
READ_BYTES = 1 << 23
#: Rows of the first block the C splitter yields: the consumer starts while the next is split.
FIRST_ROWS = 4096


def _data_start(path: str | Path) -> int | None:
    """Where the rows start: after the header's line, if it has no quote and no carriage return
    but the one before its line feed (else Arrow's reader skips the header itself)."""
    with open(path, "rb") as f:
        line = f.readline()
    head = line.removesuffix(b"\n").removesuffix(b"\r")
    return None if b'"' in head or b"\r" in head else len(line)


def _split_blocks(path: str | Path, start: int, names: list[str], size: int) -> Generator[Block, None, tuple[int, int] | None]:
    """Blocks of ``size`` rows split by the C splitter from byte ``start`` (row 2) on, until the
    file ends (then ``None``) or a row the splitter leaves to Arrow's reader: then the byte and the
    number that row starts at. The file is read into one buffer, kept (with the splitter's work
    buffer) from block to block: its pages are not faulted in again."""
    ncols, number, base, piece = len(names), 2, start, READ_BYTES
    rows = min(size, FIRST_ROWS)  # a short first block: the consumer starts sooner
    work = pa.allocate_buffer(_split.work_size(ncols, size))  # Arrow's pool keeps its pages from run to run
    buf, filled, pos, eof = pa.allocate_buffer(2 * piece), 0, 0, False
    with open(path, "rb", buffering=0) as f:
        f.seek(start)

        def fill() -> None:
            nonlocal buf, filled, pos, base, eof
            rest = filled - pos
            if buf.size < rest + piece:  # a new buffer: a resized one's memoryview keeps the old size
                grown = pa.allocate_buffer(rest + piece)
                with memoryview(buf) as old, memoryview(grown) as view:
                    view[:rest] = old[pos:filled]
                buf, filled, pos, base = grown, rest, 0, base + pos
            with memoryview(buf) as view:
                view[:rest] = view[pos:filled]
                filled, pos, base = rest, 0, base + pos
                while filled < rest + piece:
                    got = f.readinto(view[filled : rest + piece])
                    if not got:
                        eof = True
                        break
                    filled += got

        while True:
            if not eof and filled - pos < piece:
                fill()
            with memoryview(buf)[:filled] as data:
                stop, end, seen, kept, cells = _split.scan(data, pos, ncols, rows, BLOCK_BYTES, eof, work)
                if stop == 2:  # the chunk runs past what was read
                    piece *= 2
                elif kept:
                    out = pa.allocate_buffer(kept * 8), pa.allocate_buffer((kept * ncols + 1) * 4), pa.allocate_buffer(cells)
                    high = _split.gather(data, ncols, rows, kept, work, number, *out)
                    yield _split_block(*out, high, names)
                    rows = size
            if stop == 2:
                fill()
                continue
            number, pos = number + seen, end
            if stop == 1:
                return base + pos, number
            if eof and pos >= filled:
                return None


def _split_block(numbers: pa.Buffer, offsets: pa.Buffer, cells: pa.Buffer, high: bytes, names: list[str]) -> Block:
    """The splitter's rows (their numbers; every column's cells, one after the other) as a block
    of text columns; a column with a byte from 0x80 on is checked as UTF-8 (a cell that is not
    rejects its row)."""
    numbers = np.frombuffer(numbers, dtype=np.int64)
    n = len(numbers)
    joined = pa.Array.from_buffers(pa.binary(), n * len(names), [None, offsets, cells])
    text = [joined.slice(i * n, n).view(pa.string()) for i in range(len(names))]
    try:
        for col, checked in zip(text, high):
            if checked:
                col.validate(full=True)
    except pa.ArrowInvalid:
        return _text_block([pa.RecordBatch.from_arrays([joined.slice(i * n, n) for i in range(len(names))], names=names)], numbers)
    return Block(numbers, arrow=pa.RecordBatch.from_arrays(text, names=names))


def _hush_undecodable_invalid_rows() -> None:
    """A row with the wrong number of cells that is not UTF-8 either: pyarrow cannot decode it for
    ``on_invalid``, prints the ``UnicodeDecodeError`` as "Exception ignored" and stops reading with
    an error, so the text reader reads on (and rejects the row, naming the byte). That print is
    kept off the user's screen; every other unraisable exception still goes to the hook before."""
    previous = sys.unraisablehook
    if getattr(previous, "hushes", None) == _ON_INVALID:
        return

    def hook(unraisable: Any) -> None:
        if not (unraisable.exc_type is UnicodeDecodeError and getattr(unraisable.object, "__qualname__", "").endswith(_ON_INVALID)):
            previous(unraisable)

    hook.hushes = _ON_INVALID  # type: ignore[attr-defined]
    sys.unraisablehook = hook


_ON_INVALID = "open_csv.<locals>.arrow_blocks.<locals>.on_invalid"


def _rest(table: Table, first: int, size: int) -> Iterator[Block]:
    """The blocks of ``table`` from row ``first`` on."""
    for block in table.iter_blocks(size):
        if block.numbers[-1] < first:
            continue
        at = next(i for i, n in enumerate(block.numbers) if n >= first)
        yield Block(block.numbers[at:], block.rows[at:]) if at else block


def _open_quote(text: str | None) -> bool:
    """Whether a record's text ends inside a quoted cell (as the text reader reads quotes)."""
    from .csvtext import _Record

    scan = _Record()
    return text is not None and scan.feed(text) is None and scan.state == _Record.QUOTED


def _ends_quoted(path: str | Path, cells: list[bytes]) -> bool:
    """Whether the file's last record, read as ``cells``, ends inside a quoted cell: its bytes end
    with a quote that opens the last cell (after a comma or a line break) and that cell's value,
    its quotes doubled — what a closed or an unquoted cell's bytes never end with."""
    if not cells or cells[-1] is None:
        return False
    tail = b'"' + cells[-1].replace(b'"', b'""')
    with open(path, "rb") as f:
        size = f.seek(0, 2)
        if size <= len(tail):
            return False
        f.seek(size - len(tail) - 1)
        end = f.read()
    return end[1:] == tail and end[:1] in (b",", b"\n", b"\r")


def _bad(reason: str) -> list[str]:
    from ..criteria.flat import BadRow

    return BadRow(reason)


def _within(invalid: list[tuple[int, str]], start: int, k: int) -> list[tuple[int, str]]:
    """Take from ``invalid`` the unreadable rows among the ``k`` rows read from ``start`` on."""
    invalid.sort()
    end = start + k
    taken = 0
    while taken < len(invalid) and invalid[taken][0] < end + taken:
        taken += 1
    bad = invalid[:taken]
    del invalid[:taken]
    return bad


def _numbers(start: int, k: int, skipped: list[int]) -> np.ndarray:
    """The numbers of ``k`` rows read from ``start`` on, past the ``skipped`` ones."""
    numbers = np.arange(start, start + k + len(skipped), dtype=np.int64)
    if skipped:
        numbers = numbers[~np.isin(numbers, skipped)]
    return numbers[:k]


def _interleaved(batch: pa.RecordBatch, numbers: np.ndarray, bad: list[tuple[int, str]], gathered: _Gathered) -> Iterator[Block]:
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
        while self.count > self.size:  # the last row read stays held (:meth:`last`)
            yield from self._emit(self.size)

    def last(self) -> tuple[int, list[bytes]] | None:
        """The number and the cells of the last row held (the file's last, once read), if any."""
        if not self.count:
            return None
        batch, numbers = self.parts[-1]
        return int(numbers[-1]), [col[-1].as_py() for col in batch.columns]

    def drop_last(self) -> None:
        batch, numbers = self.parts[-1]
        self.parts[-1] = (batch.slice(0, batch.num_rows - 1), numbers[:-1])
        self.count -= 1

    def flush(self) -> Iterator[Block]:
        while self.count:
            yield from self._emit(min(self.count, self.size))

    def _emit(self, k: int) -> Iterator[Block]:
        taken: list[tuple[pa.RecordBatch, np.ndarray]] = []
        need = k
        while need:
            batch, numbers = self.parts[0]
            if batch.num_rows <= need:
                taken.append(self.parts.pop(0))
                need -= batch.num_rows
            else:
                taken.append((batch.slice(0, need), numbers[:need]))
                self.parts[0] = (batch.slice(need), numbers[need:])
                need = 0
        self.count -= k
        block = _text_block([b for b, _ in taken], np.concatenate([n for _, n in taken]))
        if len(block):
            yield block


def _text_block(parts: list[pa.RecordBatch], numbers: np.ndarray) -> Block:
    """Bytes → text per column (a cell that is not UTF-8 rejects its row); blank rows dropped. The
    batches ``parts`` (consecutive rows) are joined by the one copy that checks them as UTF-8."""
    keep = _not_blank(parts)
    if keep is not None:
        parts, numbers = [_combined(parts).filter(pa.array(keep))], numbers[keep]
    names = parts[0].schema.names
    rejected: dict[int, str] = {}
    text = _all_text(parts, len(numbers))
    if text is not None:
        return Block(numbers, arrow=pa.RecordBatch.from_arrays(text, names=names), rejected=rejected)
    text = []
    for j, col in enumerate(_combined(parts).columns, 1):  # a cell is not UTF-8 (or the chunk is too large to join): column by column
        try:
            text.append(pc.cast(col, pa.string()))
        except pa.ArrowInvalid:
            cells = col.to_pylist()
            for i, cell in enumerate(cells):
                try:
                    cell.decode("utf-8")
                except UnicodeDecodeError:
                    cells[i] = b""
                    rejected.setdefault(i, undecodable(cell.decode("utf-8", "surrogateescape"), "utf-8", j) or "")
            text.append(pc.cast(pa.array(cells, pa.binary()), pa.string()))
    return Block(numbers, arrow=pa.RecordBatch.from_arrays(text, names=names), rejected=rejected)


def _not_blank(parts: list[pa.RecordBatch]) -> np.ndarray | None:
    """Which rows of ``parts`` are not blank (every cell empty); ``None`` when none is."""
    blanks = []
    for batch in parts:
        blank = None
        for col in batch.columns:
            empty = _lengths(col) == 0
            blank = empty if blank is None else (blank & empty)
            if not blank.any():
                break
        blanks.append(blank if blank is not None and blank.any() else None)
    if all(b is None for b in blanks):
        return None
    return ~np.concatenate([np.zeros(p.num_rows, dtype=bool) if b is None else b for p, b in zip(parts, blanks)])


def _combined(parts: list[pa.RecordBatch]) -> pa.RecordBatch:
    """Consecutive batches as one."""
    if len(parts) == 1:
        return parts[0]
    return pa.Table.from_batches(parts).combine_chunks().to_batches()[0]


#: Bytes of a block's cells up to which its columns are checked as UTF-8 in one call (int32 offsets).
_JOIN_BYTES = 1 << 30


def _all_text(parts: list[pa.RecordBatch], n: int) -> list[pa.Array] | None:
    """Every column of bytes as text, its parts joined column after column into one array (one
    copy and one call into C per block, not one per column); ``None`` if a cell is not UTF-8 or
    the block is large. ASCII bytes are UTF-8 as they are: only a column with a byte from 0x80 on
    (names, provinces) is checked as UTF-8, the others are only looked at by numpy."""
    width = parts[0].num_columns
    if not n or not width or sum(batch.get_total_buffer_size() for batch in parts) > _JOIN_BYTES:  # at least its cells' bytes
        return None
    joined = pa.concat_arrays([batch.column(i) for i in range(width) for batch in parts])
    text = [joined.slice(i * n, n).view(pa.string()) for i in range(width)]
    ends = np.frombuffer(joined.buffers()[1], dtype=np.int32)[joined.offset : joined.offset + len(joined) + 1][::n]  # each column's bytes
    if ends[-1] == ends[0]:
        return text
    data = np.frombuffer(joined.buffers()[2], dtype=np.uint8)
    if int(data[ends[0] : ends[-1]].max()) < 0x80:
        return text
    try:
        for i, col in enumerate(text):
            if ends[i + 1] > ends[i] and int(data[ends[i] : ends[i + 1]].max()) >= 0x80:
                col.validate(full=True)  # a cell that is not UTF-8: ArrowInvalid
    except pa.ArrowInvalid:
        return None
    return text


def _lengths(col: pa.Array) -> np.ndarray:
    """The byte length of each cell of a binary or string column."""
    if not len(col):
        return np.zeros(0, dtype=np.int64)
    offsets = np.frombuffer(col.buffers()[1], dtype=np.int64 if pa.types.is_large_binary(col.type) or pa.types.is_large_string(col.type) else np.int32)
    return np.diff(offsets[col.offset : col.offset + len(col) + 1])


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
    return _text_block([pa.RecordBatch.from_arrays(text, names=batch.schema.names)], numbers)


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
