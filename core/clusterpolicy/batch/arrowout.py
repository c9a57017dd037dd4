"""Batch results as Arrow tables, and the Arrow-level API: a record batch or table in, a table out.

:func:`evaluate_arrow` screens rows held in Arrow (flat column names, any plain column types) and
returns the batch output's columns (``row``, ``name``, ``error``, ``as_of``, then per regime its
overall status and each criterion's, then per regime ``<regime>:declared``, ``<regime>:waived`` and
``<regime>:notes``)
as an Arrow table, with the same decisions as
``clusterpolicy batch``. It keeps no state between calls, so it scales out as it is, e.g. over
the partitions of a dask dataframe (see README, *Batch screening*)::

    import dask.dataframe as dd
    import pyarrow as pa
    from clusterpolicy import load_regimes
    from clusterpolicy.batch.arrowout import evaluate_arrow

    regimes = load_regimes().select(["national", "hainan"])

    def screen(part):
        return evaluate_arrow(pa.Table.from_pandas(part, preserve_index=False), regimes).to_pandas()

    frame = dd.read_csv("clusters-*.csv", dtype=str, keep_default_na=False)
    results = frame.map_partitions(screen, meta=screen(frame._meta))
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..criteria.flat import parse_header
from ..errors import InputError
from .table import Block, Table
from .screen import DEFAULT_CHUNK, OVERALLS, STATUSES, Chunk, Screener


class ChunkTables:
    """Turns :class:`~clusterpolicy.batch.screen.Chunk` results into Arrow tables of one schema."""

    def __init__(self, regimes: Sequence[Any]):
        from .layout import header

        self.names = header(regimes)
        self.widths = [len(r.criteria) for r in regimes]
        self.ids = [tuple(r.rule.id for r in regime.criteria) for regime in regimes]
        self.status_words = pa.array([s.value for s in STATUSES])
        self.overall_words = pa.array([o.value for o in OVERALLS])

    def schema(self) -> pa.Schema:
        words = pa.dictionary(pa.int8(), pa.string())
        ids = pa.dictionary(pa.int32(), pa.string())  # rule ids joined by ";"
        head = [pa.field("row", pa.int64()), pa.field("name", pa.string()), pa.field("error", pa.string()), pa.field("as_of", pa.date32())]
        statuses = 4 + sum(1 + k for k in self.widths)
        return pa.schema(head + [pa.field(n, words) for n in self.names[4:statuses]] + [pa.field(n, ids) for n in self.names[statuses:]])

    def table(self, chunk: Chunk) -> pa.Table:
        n = len(chunk.rows)
        errors = [("; ".join(chunk.errors[i]) if i in chunk.errors else None) for i in range(n)] if chunk.errors else [None] * n
        codes = np.asarray(chunk.as_of, dtype=np.int32)
        as_of = pc.take(pa.array(chunk.dates or [date(1970, 1, 1)], pa.date32()), pa.array(np.maximum(codes, 0), mask=codes < 0))
        arrays = [pa.array(np.asarray(chunk.rows, dtype=np.int64)), pa.array(chunk.names, pa.string()), pa.array(errors, pa.string()), as_of]
        from .layout import rests_patterns

        tails = []
        for j, k in enumerate(self.widths):
            o = np.asarray(chunk.overall[j], dtype=np.int8)
            s = np.asarray(chunk.statuses[j], dtype=np.int8).reshape(n, k)
            arrays.append(pa.DictionaryArray.from_arrays(pa.array(o, mask=o < 0), self.overall_words))
            for r in range(k):
                col = np.ascontiguousarray(s[:, r])
                arrays.append(pa.DictionaryArray.from_arrays(pa.array(col, mask=col < 0), self.status_words))
            # what the verdict rests on, and the notes: ids joined by ";" ("" none; null for a rejected row, as its statuses)
            cells, rows = rests_patterns(s, o, self.ids[j], chunk.notes[j])
            indices = pa.array(rows.astype(np.int32), mask=o < 0)
            tails += [pa.DictionaryArray.from_arrays(indices, pa.array(["" if c is None else c[m] for c in cells], pa.string())) for m in range(3)]
        arrays += tails
        return pa.Table.from_arrays(arrays, schema=self.schema())


def evaluate_arrow(data: pa.Table | pa.RecordBatch, regimes: Sequence[Any], *, as_of: date | None = None,
                   chunk_size: int = DEFAULT_CHUNK, first_row: int = 1) -> pa.Table:  # fmt: skip
    """Screen the rows of an Arrow table or record batch under ``regimes``; the results as a table.

    Columns are the flat layout's (:mod:`clusterpolicy.criteria.flat`), of any plain type (text,
    integers, floats, decimals, booleans, dates; null is an empty cell). A bad row is a row with its
    ``error`` set; a bad column name raises :class:`~clusterpolicy.errors.InputError`.

    :param first_row: the number of the first row (``row`` counts on from it).
    """
    from .arrowio import as_text_batch

    screener = Screener(regimes, as_of=as_of, chunk_size=chunk_size, call="evaluate_arrow")  # its arguments first, as the other calls check them
    if isinstance(data, pa.RecordBatch):
        data = pa.Table.from_batches([data])
    if not isinstance(data, pa.Table):
        raise InputError("<arrow>", [f"expected a pyarrow Table or RecordBatch, got {type(data).__name__}"])
    source = "<arrow>"
    columns = parse_header(list(data.schema.names), source)
    tables = ChunkTables(screener.regimes)

    def blocks(size: int) -> Iterator[Block]:
        number = first_row
        for batch in data.to_batches(max_chunksize=size):
            numbers = np.arange(number, number + batch.num_rows, dtype=np.int64)
            number += batch.num_rows
            block = as_text_batch(batch, numbers, source)
            if len(block):
                yield block

    table = Table(source, tuple(columns), blocks, "utf-8", "arrow")
    parts = [tables.table(chunk) for chunk in screener.chunks(table)]
    return pa.concat_tables(parts) if parts else tables.schema().empty_table()
