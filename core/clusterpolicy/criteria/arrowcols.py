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
        if n and pc.max(pc.binary_length(raw)).as_py() > MAX_CELL:  # bytes ≥ characters: rarely looked at closer
            routed |= _np(pc.greater(pc.utf8_length(raw), MAX_CELL))
        kind = col.kind
        if kind in NUMBER_PATTERNS:
            value, bad = _exact(raw, kind)
        else:
            codes, words = _distinct(raw)
            if kind == BOOL:
                lut = np.array([_TRI.get(w.lower(), -2) for w in words] + [-1], dtype=np.int8)
                value = lut[codes]
                bad = value == -2
                value[bad] = -1
            else:
                value, ok = coded_column(col, codes, words)
                bad = None if ok is None else ~ok[codes] & (codes >= 0)
        if bad is not None:
            routed |= bad
        parsed[col.name] = value
    return assemble(n, columns, parsed, routed, as_of, today)


_TRI = {"true": 1, "false": 0}


def _distinct(raw: pa.Array) -> tuple[np.ndarray, list[str]]:
    """Codes into the distinct stripped values of a string column (``-1``: empty)."""
    if not len(raw):
        return np.zeros(0, dtype=np.int32), []
    encoded = pc.dictionary_encode(raw)
    dictionary = encoded.dictionary
    indices = _np(encoded.indices)
    stripped = trimmed(dictionary)
    if pc.all(pc.equal(stripped, dictionary)).as_py():  # nothing to strip: the values are distinct already
        words = dictionary.to_pylist()
        if "" not in words:
            return indices.astype(np.int32), words
        e = words.index("")
        remap = np.array([*range(e), -1, *range(e, len(words) - 1)], dtype=np.int32)
        del words[e]
        return remap[indices], words
    seen: dict[str, int] = {}
    remap = np.array([-1 if not w else seen.setdefault(w, len(seen)) for w in stripped.to_pylist()], dtype=np.int32)
    return remap[indices], list(seen)


def _np(array: Any) -> np.ndarray:
    return array.to_numpy(zero_copy_only=False)


def _exact(raw: pa.Array, kind: str) -> tuple[Exact, np.ndarray | None]:
    n = len(raw)
    pattern = f"^(?:{NUMBER_PATTERNS[kind]})?$"
    plain_arrow = pc.match_substring_regex(raw, pattern)
    cells = raw
    if n and not pc.all(plain_arrow).as_py():  # spaces around some cells, or cells for the converter
        cells = trimmed(raw)
        plain_arrow = pc.match_substring_regex(cells, pattern)
    length = _np(pc.binary_length(cells)).astype(np.int64)
    plain = _np(plain_arrow) & (length > 0)
    bad = ~_np(plain_arrow)
    if not n:
        return Exact(np.zeros(0, dtype=np.int64), 0, plain, 0), None
    if not plain.all():
        cells = pc.if_else(pa.array(plain), cells, "0")
        length[~plain] = 1
    dot = _np(pc.find_substring(cells, ".")).astype(np.int64)
    has_dot = dot >= 0
    frac = np.where(has_dot, length - dot - 1, 0)
    scale = int(frac.max())
    width = length - has_dot + (scale - frac)  # characters of the scaled integer (with its sign)
    top = int(width.max())
    if top <= _INT64_DIGITS:
        ints = _unscaled(pc.cast(cells, pa.decimal128(38, scale)))
    elif top <= 38:  # wide values: Python integers, exact
        ints = _unscaled(pc.cast(cells, pa.decimal128(38, scale)), wide=True)
    else:
        ints = np.empty(n, dtype=object)
        ints[:] = [int(t.replace(".", "")) * 10 ** int(p) for t, p in zip(cells.to_pylist(), (scale - frac).tolist())]
    ints[~plain] = 0
    bound = int(abs(ints).max())
    return Exact(ints, scale, plain, bound), (bad if bad.any() else None)


def _unscaled(decimals: pa.Array, wide: bool = False) -> np.ndarray:
    """The unscaled integers of a decimal128 array (little-endian 128-bit words)."""
    words = np.frombuffer(decimals.buffers()[1], dtype=np.int64)[2 * decimals.offset : 2 * (decimals.offset + len(decimals))]
    low = words[0::2]
    if not wide:
        return low.copy()
    high = words[1::2]
    return high.astype(object) * 2**64 + low.view(np.uint64).astype(object)
