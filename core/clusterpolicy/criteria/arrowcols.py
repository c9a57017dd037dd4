"""The column path's data from Arrow string columns, in C (pyarrow.compute): no Python per cell.

:func:`parse` gives the same :class:`~clusterpolicy.criteria.columns.Data` and the same rows left
for the converter as :func:`clusterpolicy.criteria.columns.parse` gives for the same cells as text
(``tests/test_batch_equivalence.py`` runs both). A decimal column becomes exact integers at a
common scale. A column of plain or empty cells only, up to 18 digits at its scale, is read in one
pass of C (``_cells.c``, where it was built; :func:`_compiled`). Otherwise, the usual column —
digits, at most one point and a leading sign per cell, at most 15 digits once at the column's
scale — is read by Arrow's integer parser if it has no point, else
by its float parser, scaled and rounded back to the exact integer (:func:`_short` says why that is
exact). Any other is read digit by digit: each cell's first point and leading sign are cut out of
the column's bytes (numpy), what is left must be ASCII digits and the digits are counted
(``NUMBER_PATTERNS``, without a regular expression); the digits are cast to ``int64`` and
multiplied by the power of ten that brings each cell to the column's scale — or, past 18 digits,
read as Python integers. A boolean column of ``true``/``false`` (any case)/empty cells is read
by Arrow's boolean parser once its cells' lengths leave it nothing else to accept; other columns
are coded into their distinct values (in C, ``_cells.distinct``, else Arrow's dictionary encoding),
so each distinct value is read once — a text column only when a kernel reads it, and the usual number column's values too (its cells are checked at once: a bad one
routes its row). Where each cell is in a column's bytes
(:class:`_Layout`) is worked out once per column and shared by these readers; a column read by C
(plain cells only, none long) needs none of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .columns import NUMBER_PATTERNS, Coded, Data, Exact, assemble, coded_column
from ..limits import MAX_FRACTION_DIGITS, MAX_INTEGER_DIGITS
from .flat import BOOL, DECIMAL, DECIMAL_NN, INT, MAX_CELL, TEXT, Column

try:
    from . import _cells  # compiled where a C compiler was at hand on install (setup.py)
except ImportError:
    _cells = None

#: What ``str.strip()`` removes: cells are trimmed exactly as the text path trims them. No character
#: above U+3000 is whitespace (a test checks every code point): the scan stops there (2 ms, not 230).
WHITESPACE = "".join(c for c in map(chr, range(0x3001)) if c.isspace())


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
        layout = _Layout(raw)
        kind = col.kind
        if kind in NUMBER_PATTERNS and (read := _compiled(kind, layout)):
            parsed[col.name] = read[0]  # plain cells only: none is long
            continue
        if kind == BOOL and (value := _plain_bool(raw, layout)) is not None:
            parsed[col.name] = value  # "true", "false" and empty cells only
            continue
        if n and int(layout.length.max()) > MAX_CELL:  # bytes ≥ characters: rarely looked at closer
            routed |= _np(pc.greater(pc.utf8_length(raw), MAX_CELL))
        if kind in NUMBER_PATTERNS:
            value, bad = _uncompiled(raw, kind, layout)
        elif kind == TEXT:
            value = _Text(raw)
            bad = _np(pc.match_substring(raw, "\x00")) if _has_nul(raw) else None  # the converter refuses a NUL in text
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

# Options made once: pyarrow makes them on every call otherwise.
_POINT = pc.MatchSubstringOptions(".")


def _plain_bool(cells: pa.Array, layout: _Layout) -> np.ndarray | None:
    """A boolean column whose cells are all ``true``, ``false`` (in any case, as ``str.lower`` reads
    them) or empty, as int8 (1, 0, -1); ``None`` for any other column (read value by value). The
    lengths (4, 5 or 0) leave Arrow's boolean parser nothing else to accept (its ``1`` and ``0``
    are one byte long); it reads the non-empty cells, in C — or ``_cells.c`` reads them all."""
    length = layout.length
    if not len(length):
        return None
    if _cells is not None:
        out = np.empty(len(length), dtype=np.int8)
        return out if _cells.booleans(layout.offsets, layout.data, out) else None
    empty = length == 0
    if np.count_nonzero(length == 4) + np.count_nonzero(length == 5) + np.count_nonzero(empty) != len(length):
        return None
    if empty.all():
        return -empty.view(np.int8)
    try:
        values = pc.cast(_with_nulls(cells, ~empty) if empty.any() else cells, pa.bool_())
    except pa.ArrowInvalid:
        return None
    bits = np.unpackbits(np.frombuffer(values.buffers()[1], dtype=np.uint8), count=values.offset + len(values), bitorder="little")
    return bits[values.offset :].view(np.int8) - empty.view(np.int8)  # 1 true, 0 false, -1 empty


def _with_nulls(cells: pa.Array, valid: np.ndarray) -> pa.Array:
    """A string column with the cells not ``valid`` as nulls (the same buffers, no copy of the bytes)."""
    n = len(cells)
    buffers = cells.buffers()
    offsets = buffers[1].slice(4 * cells.offset, 4 * (n + 1))  # from the column's own first cell: the validity starts at 0
    return pa.Array.from_buffers(pa.string(), n, [pa.py_buffer(np.packbits(valid, bitorder="little")), offsets, buffers[2]])


def _distinct(raw: pa.Array) -> tuple[np.ndarray, list[str]]:
    """Codes into the distinct stripped values of a string column (``-1``: empty)."""
    if not len(raw):
        return np.zeros(0, dtype=np.int32), []
    if _cells is not None:  # the same codes as Arrow's, in one pass of C
        layout = _Layout(raw)
        codes = np.empty(len(raw), dtype=np.int32)
        seen: dict[str, int] = {}
        remap = np.array([-1 if not (w := v.decode().strip()) else seen.setdefault(w, len(seen))
                          for v in _cells.distinct(layout.offsets, layout.data, codes)], dtype=np.int32)  # fmt: skip
        return remap[codes], list(seen)
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


class _Text(Coded):
    """A text column, coded into its distinct values when a kernel first reads it (the cluster's
    name, the largest, never is)."""

    __slots__ = ("raw",)

    def __init__(self, raw: pa.Array):
        self.raw = raw

    def __getattr__(self, name: str) -> Any:
        if name not in ("codes", "values"):
            raise AttributeError(name)
        self.codes, self.values = _distinct(self.raw)
        return getattr(self, name)

    def take(self, index: np.ndarray) -> Coded:
        return _Text(self.raw.take(pa.array(index)))

    def missing(self) -> np.ndarray:
        return np.diff(_buffers(trimmed(self.raw))[0]) == 0


def _has_nul(raw: pa.Array) -> bool:
    """Whether any cell of a string column holds a NUL (the bytes of its own cells only: a block's
    columns share one buffer)."""
    offsets, data = _buffers(raw)
    return len(raw) > 0 and not data[int(offsets[0]) : int(offsets[-1])].all()


def _np(array: Any) -> np.ndarray:
    return array.to_numpy(zero_copy_only=False)


def _exact(raw: pa.Array, kind: str, layout: _Layout | None = None) -> tuple[Exact, np.ndarray | None]:
    """A number column's exact values and the cells that are not numbers of ``kind``."""
    layout = layout or _Layout(raw)
    return _compiled(kind, layout) or _uncompiled(raw, kind, layout)


def _uncompiled(raw: pa.Array, kind: str, layout: _Layout) -> tuple[Exact, np.ndarray | None]:
    if not len(raw):
        return Exact(np.zeros(0, dtype=np.int64), 0, np.zeros(0, dtype=bool), 0), None
    return _short(raw, kind, layout) or _careful(raw, kind)


def _compiled(kind: str, layout: _Layout) -> tuple[Exact, None] | None:
    """A column whose every cell is plain or empty, read in one pass of C (``_cells.c``); ``None``
    for any other, or where the extension is not built (the readers below decide exactly alike)."""
    n = len(layout.offsets) - 1
    if _cells is None or not n:
        return None
    ints, present = np.empty(n, dtype=np.int64), np.empty(n, dtype=bool)
    read = _cells.numbers(layout.offsets, layout.data, kind in (DECIMAL, INT), kind in (DECIMAL, DECIMAL_NN),
                          MAX_INTEGER_DIGITS, MAX_FRACTION_DIGITS, ints, np.empty(n, dtype=np.int8), present)  # fmt: skip
    if read is None:
        return None
    scale, bound = read
    return Exact(ints, scale, present, bound), None


def _careful(raw: pa.Array, kind: str) -> tuple[Exact, np.ndarray | None]:
    """Any column: cells trimmed as the text path trims them, values of any width (:class:`_Form`)."""
    n = len(raw)
    cells = raw
    form = _Form(cells, kind)
    if not form.matches.all():  # spaces around some cells, or cells for the converter
        cells = trimmed(raw)
        form = _Form(cells, kind)
    plain = form.plain
    bad = ~form.matches
    frac = np.where(plain & form.has_dot, form.length - form.dot - 1, 0)
    scale = int(frac.max())
    # characters of the scaled integer (with its sign); a cell that is not plain counts as "0"
    width = np.where(plain, form.length - form.has_dot + (scale - frac), 1 + scale)
    top = int(width.max())
    if top <= _INT64_DIGITS:
        ints = form.digits() * _POW10[scale - frac]
        np.negative(ints, out=ints, where=form.negative)
    else:
        if not plain.all():
            cells = pc.if_else(pa.array(plain), cells, "0")
        if top <= 38:  # wide values: Python integers, exact
            ints = _unscaled(pc.cast(cells, pa.decimal128(38, scale)), wide=True)
        else:
            ints = np.empty(n, dtype=object)
            ints[:] = [int(t.replace(".", "")) * 10 ** int(p) for t, p in zip(cells.to_pylist(), (scale - frac).tolist())]
    ints[~plain] = 0
    bound = int(abs(ints).max())
    return Exact(ints, scale, plain, bound), (bad if bad.any() else None)


_POW10 = 10 ** np.arange(_INT64_DIGITS + 1, dtype=np.int64)

#: Significant digits up to which a scaled value is read through a float (below).
_FLOAT_DIGITS = 15

_FLOAT_POW10 = 10.0 ** np.arange(_FLOAT_DIGITS + 1)

_DOT = ord(".")


def _short(cells: pa.Array, kind: str, layout: _Layout | None = None) -> tuple[Exact, np.ndarray | None] | None:
    """The usual column, read in two passes of C: nothing but digits, at most one point per cell and
    a leading sign (where ``kind`` allows them), every value at most 15 digits once brought to the
    column's scale. ``None`` for any other column (:class:`_Form` reads it).

    A column without a point is read by Arrow's integer parser. Otherwise the value is read by its
    float parser and multiplied by ``10**scale``: for a decimal ``m / 10**s`` with ``|m| < 10**15``
    the parsed float is within a relative ``2**-53`` of it (correctly rounded; ``10**s`` is exact),
    the product within another, so it is within ``|m| · 2**-52 < 0.23`` of the integer ``m`` and
    rounds to exactly ``m``."""
    n = len(cells)
    layout = layout or _Layout(cells)
    starts, length, data = layout.starts, layout.length, layout.data
    others = np.count_nonzero((data - _ZERO) > 9)
    dotted, signed = kind in (DECIMAL, DECIMAL_NN), kind in (DECIMAL, INT)
    digits = length
    points = signs = 0
    if signed and others:
        negative = (length > 0) & (data[np.minimum(starts, len(data) - 1)] == _MINUS)
        signs = np.count_nonzero(negative)
        if np.count_nonzero(data == _MINUS) != signs:  # a sign inside a cell
            return None
        digits = length - negative
    if dotted and others > signs:
        points = np.count_nonzero(data == _DOT)
        dot = _np(pc.find_substring(cells, options=_POINT))  # each cell's first point (-1: none)
        has_dot = dot >= 0
        if np.count_nonzero(has_dot) != points:  # two points in a cell
            return None
    if others != points + signs:  # any other byte: spaces, letters, a sign or a point where none may be
        return None
    if points:
        fraction = length - dot - 1
        digits = digits - has_dot * (length - dot)  # before the point (no branch per cell: np.where mispredicts)
        plain = (digits >= 1) & (digits <= MAX_INTEGER_DIGITS) & (~has_dot | ((fraction >= 1) & (fraction <= MAX_FRACTION_DIGITS)))
        scale = int(fraction.max(initial=0, where=plain & has_dot))
    else:
        plain = (digits >= 1) & (digits <= MAX_INTEGER_DIGITS)
        scale = 0
    if int(digits.max(initial=0, where=plain)) + scale > _FLOAT_DIGITS:
        return None

    def values() -> tuple[np.ndarray, int]:
        every = bool(plain.all())
        text = cells if every else _with_nulls(cells, plain)  # the other cells as nulls (not parsed)
        if scale:
            parsed = pc.cast(text, pa.float64())
            floats = np.frombuffer(parsed.buffers()[1], dtype=np.float64)[parsed.offset : parsed.offset + n]
            if not every:
                floats = np.where(plain, floats, 0.0)
            ints = np.rint(floats * _FLOAT_POW10[scale]).astype(np.int64)
        else:  # digits (and a sign) only in the cells read: a point is in a cell left out, if any
            parsed = pc.cast(text, pa.int64())
            ints = np.frombuffer(parsed.buffers()[1], dtype=np.int64)[parsed.offset : parsed.offset + n]
            ints = ints.copy() if every else np.where(plain, ints, 0)
        return ints, max(int(ints.max()), -int(ints.min()))

    bad = ~plain & (length > 0)
    return _Deferred(values, scale, plain), (bad if bad.any() else None)


class _Deferred(Exact):
    """A number column whose cells are checked (which are plain, the scale) but whose values are
    read by Arrow's parser when a kernel first reads them: a column no rule of the regimes reads
    (an output share of a year outside the window, say) is never parsed."""

    __slots__ = ("_values",)

    def __init__(self, values: Any, scale: int, present: np.ndarray):
        self._values = values
        self.scale, self.present = scale, present

    def __getattr__(self, name: str) -> Any:
        if name not in ("ints", "bound"):
            raise AttributeError(name)
        self.ints, self.bound = self._values()
        return getattr(self, name)

    def take(self, index: np.ndarray) -> Exact:
        return _Deferred(lambda: (self.ints[index], self.bound), self.scale, self.present[index])


class _Layout:
    """Where a string column's cells are in its bytes: its ``offsets`` (int32, from its first cell)
    into ``data``, the bytes of its own cells (a block's columns may share one buffer); ``starts``
    and ``length`` (int32) worked out when first read (the C readers need neither)."""

    __slots__ = ("offsets", "data", "_starts", "_length")

    def __init__(self, cells: pa.Array):
        buffers = cells.buffers()
        self._starts = self._length = None
        if not len(cells):
            self.offsets, self.data = np.zeros(1, dtype=np.int32), np.zeros(0, dtype=np.uint8)
            return
        self.offsets = offsets = np.frombuffer(buffers[1], dtype=np.int32)[cells.offset : cells.offset + len(cells) + 1]
        first, end = int(offsets[0]), int(offsets[-1])
        self.data = np.frombuffer(buffers[2], dtype=np.uint8)[first:end] if end > first else np.zeros(0, dtype=np.uint8)

    @property
    def starts(self) -> np.ndarray:
        if self._starts is None:
            self._starts = self.offsets[:-1] - self.offsets[0]
        return self._starts

    @property
    def length(self) -> np.ndarray:
        if self._length is None:
            self._length = np.diff(self.offsets)
        return self._length


_MINUS, _ZERO = ord("-"), np.uint8(ord("0"))


class _Form:
    """Which cells of a string column are plain numbers of ``kind``, as ``NUMBER_PATTERNS`` says (an
    optional ``-`` for signed kinds, 1 to ``MAX_INTEGER_DIGITS`` ASCII digits, then for decimals
    optionally a point and 1 to ``MAX_FRACTION_DIGITS`` digits), without a regular expression: the
    first point and a leading sign are cut out of the bytes, what is left must be ASCII digits
    only, and the digits before and after the point are counted."""

    def __init__(self, cells: pa.Array, kind: str):
        n = len(cells)
        offsets, data = _buffers(cells)
        starts = offsets[:-1]
        self.length = length = np.diff(offsets)
        self.dot = np.full(n, -1, dtype=np.int64)
        if kind in (DECIMAL, DECIMAL_NN):
            self.dot = _np(pc.find_substring(cells, options=_POINT)).astype(np.int64)
        self.negative = np.zeros(n, dtype=bool)
        if kind in (DECIMAL, INT) and len(data):
            self.negative = (length > 0) & (data[np.minimum(starts, len(data) - 1)] == _MINUS)
        self.has_dot = has_dot = self.dot >= 0
        cut = [starts[self.negative]] if self.negative.any() else []
        if has_dot.any():
            cut.append((starts + self.dot)[has_dot])
        self.digits_text = cells
        if cut:  # the same cells without their first point and their leading sign
            drop = np.zeros(len(data), dtype=bool)
            for at in cut:
                drop[at] = True
            removed = has_dot.astype(np.int64) + self.negative
            rel = offsets - offsets[0] - np.concatenate(([0], np.cumsum(removed)))
            kept = data[int(offsets[0]) : int(offsets[-1])][~drop[int(offsets[0]) : int(offsets[-1])]]
            self.digits_text = pa.Array.from_buffers(pa.string(), n, [None, pa.py_buffer(rel.astype(np.int32)), pa.py_buffer(kept)])
        integer = np.where(has_dot, self.dot, length) - self.negative
        others = np.count_nonzero((data[int(offsets[0]) : int(offsets[-1])] - _ZERO) > 9)  # bytes but ASCII digits
        if others == np.count_nonzero(has_dot) + np.count_nonzero(self.negative):  # only the points and signs cut out
            digits = integer >= 1
        else:
            digits = _np(pc.ascii_is_decimal(self.digits_text))
        ok = digits & (integer >= 1) & (integer <= MAX_INTEGER_DIGITS)
        if has_dot.any():
            fraction = length - self.dot - 1
            ok &= ~has_dot | ((fraction >= 1) & (fraction <= MAX_FRACTION_DIGITS))
        self.plain = ok
        self.matches = ok | (length == 0)

    def digits(self) -> np.ndarray:
        """The plain cells' digits (point and sign left out) as int64; 0 for other cells."""
        text = self.digits_text
        if not self.plain.all():  # the other cells as nulls
            text = _with_nulls(text, self.plain)
        values = pc.cast(text, pa.int64())
        ints = np.frombuffer(values.buffers()[1], dtype=np.int64)[values.offset : values.offset + len(values)].copy()
        ints[~self.plain] = 0
        return ints


def _buffers(cells: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """The offsets (int64, ``len + 1``) and the data bytes of a string column."""
    buffers = cells.buffers()
    offsets = np.frombuffer(buffers[1], dtype=np.int32)[cells.offset : cells.offset + len(cells) + 1].astype(np.int64)
    data = np.frombuffer(buffers[2], dtype=np.uint8) if buffers[2] is not None and buffers[2].size else np.zeros(0, dtype=np.uint8)
    return offsets, data


def _unscaled(decimals: pa.Array, wide: bool = False) -> np.ndarray:
    """The unscaled integers of a decimal128 array (little-endian 128-bit words)."""
    words = np.frombuffer(decimals.buffers()[1], dtype=np.int64)[2 * decimals.offset : 2 * (decimals.offset + len(decimals))]
    low = words[0::2]
    if not wide:
        return low.copy()
    high = words[1::2]
    return high.astype(object) * 2**64 + low.view(np.uint64).astype(object)
