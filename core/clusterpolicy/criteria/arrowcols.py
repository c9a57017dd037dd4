"""The column path's data from Arrow string columns, in C (pyarrow.compute): no Python per cell.

:func:`parse` gives the same :class:`~clusterpolicy.criteria.columns.Data` and the same rows left
for the converter as :func:`clusterpolicy.criteria.columns.parse` gives for the same cells as text
(``tests/test_batch_equivalence.py`` runs both). A decimal column becomes exact integers at a
common scale: the cells are checked against the plain pattern, the point is removed, the digits
are cast to ``int64`` and multiplied by the power of ten that brings each cell to the column's
scale — or, past 18 digits, read as Python integers. Other columns are dictionary-encoded, so
each distinct value is read once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .columns import NUMBER_PATTERNS, Data, Exact, assemble, coded_column
from .flat import BOOL, MAX_CELL, Column

#: What ``str.strip()`` removes: cells are trimmed exactly as the text path trims them.
WHITESPACE = "".join(chr(i) for i in range(0x110000) if chr(i).isspace())


_POW10 = np.array([10**k for k in range(19)], dtype=np.int64)


_INT64_DIGITS = 18  # any integer of at most 18 digits (and a sign) fits int64 with room to scale


def trimmed(array: pa.Array) -> pa.Array:
    """A string column with surrounding whitespace removed, as ``str.strip()`` does."""
    return pc.utf8_trim(array, characters=WHITESPACE)


def parse(columns: Sequence[Column], batch: pa.RecordBatch, as_of: date | None, today: date,
          rejected: Sequence[int] = ()) -> tuple[Data, list[int]]:  # fmt: skip
    """Parse a record batch of string columns (in ``columns`` order). Returns the data of the rows
    taken and the indexes of the rows left for the converter (and the ``rejected`` ones)."""
    n = batch.num_rows
    routed = np.zeros(n, dtype=bool)
    if len(rejected):
        routed[np.asarray(rejected, dtype=np.int64)] = True
    parsed: dict[str, Any] = {}
    for col, raw in zip(columns, batch.columns):
        cells = trimmed(raw)
        if n and pc.max(pc.utf8_length(raw)).as_py() > MAX_CELL:
            routed |= _np(pc.greater(pc.utf8_length(raw), MAX_CELL))
        kind = col.kind
        if kind in NUMBER_PATTERNS:
            value, bad = _exact(cells, kind)
        elif kind == BOOL:
            lower = pc.utf8_lower(cells)
            yes, no, empty = (_np(pc.equal(lower, w)) for w in ("true", "false", ""))
            value = np.where(yes, 1, np.where(no, 0, -1)).astype(np.int8)
            bad = ~(yes | no | empty)
        else:
            encoded = pc.dictionary_encode(cells)
            words = encoded.dictionary.to_pylist()
            if "" in words:  # the empty cell's code becomes -1 (missing)
                e = words.index("")
                remap = np.array([*range(e), -1, *range(e, len(words) - 1)], dtype=np.int32)
                words.pop(e)
            else:
                remap = np.arange(len(words), dtype=np.int32)
            codes = remap[_np(encoded.indices).astype(np.int64)] if len(remap) else np.zeros(n, dtype=np.int32)
            value, ok = coded_column(col, codes.astype(np.int32), words)
            bad = None if ok is None else ~ok[codes] & (codes >= 0)
        if bad is not None:
            routed |= bad
        parsed[col.name] = value
    return assemble(n, columns, parsed, routed, as_of, today)


def _np(array: Any) -> np.ndarray:
    return array.to_numpy(zero_copy_only=False)


def _exact(cells: pa.Array, kind: str) -> tuple[Exact, np.ndarray | None]:
    n = len(cells)
    plain = _np(pc.match_substring_regex(cells, f"^(?:{NUMBER_PATTERNS[kind]})$"))
    length = _np(pc.binary_length(cells)).astype(np.int64)
    bad = ~plain & (length > 0)
    if not n:
        return Exact(np.zeros(0, dtype=np.int64), 0, plain, 0), None
    text = pc.if_else(pa.array(plain), cells, "0") if not plain.all() else cells
    dot = _np(pc.find_substring(text, ".")).astype(np.int64)
    has_dot = dot >= 0
    length = _np(pc.binary_length(text)).astype(np.int64)
    frac = np.where(has_dot, length - dot - 1, 0)
    scale = int(frac.max())
    digits = pc.replace_substring(text, ".", "") if has_dot.any() else text
    pad = scale - frac
    width = length - has_dot + pad  # characters of the scaled integer (with its sign)
    if int(width.max()) <= _INT64_DIGITS:
        ints = _np(pc.cast(digits, pa.int64())) * _POW10[pad]
        ints = np.asarray(ints, dtype=np.int64)
    else:  # wide values: Python integers, exact
        ints = np.empty(n, dtype=object)
        ints[:] = [int(t) * 10**p for t, p in zip(digits.to_pylist(), pad.tolist())]
    ints[~plain] = 0
    bound = int(abs(ints).max())
    return Exact(ints, scale, plain, bound), (bad if bad.any() else None)
