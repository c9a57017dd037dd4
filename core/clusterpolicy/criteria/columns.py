"""The column path's data: a chunk of rows held column by column, exactly (numpy).

Same decisions as :mod:`clusterpolicy.criteria.evaluate`, status by status, boundaries included, because
the arithmetic is exact: a decimal column is held as integers at a common scale (``62.5`` →
``625`` at scale 1) in ``int64`` while the bounds allow it and as Python integers (``object``
arrays) beyond; shares and growth are compared by cross-multiplication (see
:mod:`clusterpolicy.criteria.kernels`), never by division or floats. Every other column is held as
codes into its distinct values (:class:`Coded`), so a kernel decides once per distinct value and
spreads the answer with one ``take``: no Python runs per row.

Two builders give the same :class:`Data`: :func:`parse` from rows of text cells (the stdlib CSV,
XLSX and JSON Lines readers), and :mod:`clusterpolicy.criteria.arrowcols` from Arrow columns (the
columnar CSV and Parquet readers). Rows whose cells are not all plain (``40``, ``62.5``, ``true``,
an enum value, an ISO date) are not taken at all: :mod:`clusterpolicy.batch.screen` sends them
through the one converter and the row engine.

numpy is imported by the column path only; nothing else in the package imports it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction
from itertools import repeat
from typing import Any

import attrs
import numpy as np

from ..limits import MAX_FRACTION_DIGITS, MAX_INTEGER_DIGITS
from ..numbers import Op
from .flat import (
    BOOL,
    DATE,
    DECIMAL,
    DECIMAL_NN,
    DECLARED,
    ENUM,
    INCIDENTS,
    INT,
    INT_NN,
    MAX_CELL,
    TEXT,
    Column,
    incidents_value,
)
from .profile import Profile
from .results import Overall, Status

#: Status codes (int8) and back.
STATUSES: tuple[Status, ...] = (
    Status.PASS, Status.FAIL, Status.SOFT_FAIL, Status.UNKNOWN, Status.WAIVED, Status.NOT_ENCODED, Status.NOT_APPLICABLE,
    Status.DECLARED_MET, Status.DECLARED_NOT_MET, Status.NOTED,
)  # fmt: skip


CODE = {s: i for i, s in enumerate(STATUSES)}


PASS, FAIL, SOFT, UNK, WAIVED, NENC, NA, DECLARED_MET, DECLARED_NOT_MET, NOTED = range(10)


OVERALLS: tuple[Overall, ...] = (Overall.ELIGIBLE, Overall.INELIGIBLE, Overall.INCOMPLETE)


OVERALL_CODE = {o: i for i, o in enumerate(OVERALLS)}


_LIMIT = 2**62  # beyond this, int64 arithmetic could overflow: switch to Python integers


# Plain cells, read here; anything else goes through the converter (a leading ``+``, which it reads
# in every number column, and 16 digits before the point, leading zeros too, which it refuses in
# every one). Up to 18 digits a column is held in int64, beyond that in Python integers (object
# arrays): exact either way.
_I, _F = rf"[0-9]{{1,{MAX_INTEGER_DIGITS}}}", rf"(?:\.[0-9]{{1,{MAX_FRACTION_DIGITS}}})?"  # within the converter's limits
NUMBER_PATTERNS = {DECIMAL_NN: _I + _F, DECIMAL: "-?" + _I + _F, INT_NN: _I, INT: "-?" + _I}


_CELL_RE = {k: re.compile(p) for k, p in NUMBER_PATTERNS.items()}


_COLUMN_RE = {k: re.compile(rf"(?:{p})?(?:\n(?:{p})?)*") for k, p in NUMBER_PATTERNS.items()}


#: Profile fields without a default: a row without them is the converter's to reject.
REQUIRED = frozenset(a.name for a in attrs.fields(Profile) if a.default is attrs.NOTHING)


_TRI = {"": -1, "true": 1, "false": 0, "True": 1, "False": 0, "TRUE": 1, "FALSE": 0}


class Exact:
    """A numeric column: ``ints / 10**scale`` where ``present``; ``bound`` ≥ every ``|ints|``."""

    __slots__ = ("ints", "scale", "present", "bound")

    def __init__(self, ints: np.ndarray, scale: int, present: np.ndarray, bound: int):
        self.ints, self.scale, self.present, self.bound = ints, scale, present, bound

    def take(self, index: np.ndarray) -> Exact:
        return Exact(self.ints[index], self.scale, self.present[index], self.bound)

    def at_scale(self, scale: int) -> tuple[np.ndarray, int]:
        return mul_exact(self.ints, self.bound, 10 ** (scale - self.scale))


class Coded:
    """A column as codes into its distinct values; code ``-1`` is a missing cell."""

    __slots__ = ("codes", "values")

    def __init__(self, codes: np.ndarray, values: Sequence[Any]):
        self.codes, self.values = codes, list(values)

    def take(self, index: np.ndarray) -> Coded:
        return Coded(self.codes[index], self.values)

    def missing(self) -> np.ndarray:
        """Which cells are empty."""
        return self.codes < 0

    def lookup(self, table: Sequence[Any], missing: Any, dtype: Any) -> np.ndarray:
        """``table[code]`` per row (``missing`` where the cell is empty), as one ``take``."""
        lut = np.array([*table, missing], dtype=dtype)
        return lut[self.codes]  # code -1 picks the last entry: ``missing``


def factorize(cells: Sequence[Any]) -> tuple[np.ndarray, list[Any]]:
    """Codes and distinct values of a column of cells (``""`` → code -1)."""
    index: dict[Any, int] = {"": -1}
    codes = np.fromiter((index.setdefault(c, len(index) - 1) for c in cells), dtype=np.int32, count=len(cells))
    del index[""]
    return codes, list(index)


def mul_exact(a: np.ndarray, bound: int, k: int) -> tuple[np.ndarray, int]:
    if k == 1:
        return a, bound
    nb = bound * abs(k)
    if a.dtype != object and (nb >= _LIMIT or abs(k) >= _LIMIT):
        a = a.astype(object)
    return a * k, nb


def add_exact(a: np.ndarray, ab: int, b: np.ndarray, bb: int) -> tuple[np.ndarray, int]:
    if (a.dtype != object or b.dtype != object) and ab + bb >= _LIMIT:
        a, b = a.astype(object), b.astype(object)
    return a + b, ab + bb


def compare_exact(op: Op, a: np.ndarray, b: Any) -> np.ndarray:
    if isinstance(b, int) and abs(b) >= _LIMIT and a.dtype != object:
        a = a.astype(object)
    if op is Op.GE:
        r = a >= b
    elif op is Op.GT:
        r = a > b
    elif op is Op.LE:
        r = a <= b
    elif op is Op.LT:
        r = a < b
    else:
        r = a == b
    return np.asarray(r, dtype=bool)


def scale_of(d: Decimal) -> int:
    exp = d.as_tuple().exponent
    return -exp if isinstance(exp, int) and exp < 0 else 0


def int_at(value: Fraction, scale: int) -> int:
    scaled = value * 10**scale
    assert scaled.denominator == 1
    return scaled.numerator


def _tri(r: Any) -> int:
    return -1 if r is None else int(bool(r))


class Data:
    """Parsed columns of the rows taken by the column path (see :func:`parse` and :func:`assemble`)."""

    def __init__(self, n: int, columns: dict[str, Any], kinds: dict[str, str], anchor: np.ndarray, as_of: Coded,
                 incidents: Coded | None):  # fmt: skip
        self.n = n
        self.columns = columns
        self.kinds = kinds
        self.anchor = anchor
        self.as_of = as_of  #: each row's assessment date
        self.incidents = incidents  #: each row's incidents (tuples of Incident), ``None`` without the column
        #: the remarks kernels found while a criterion ran: (note code, the rows it holds for), in the row engine's order
        self.remarks: list[tuple[str, np.ndarray]] = []
        self._cache: dict[Any, Any] = {}

    def number(self, path: str) -> Exact:
        col = self.columns.get(path)
        if col is None:
            return Exact(np.zeros(self.n, dtype=np.int64), 0, np.zeros(self.n, dtype=bool), 0)
        return col

    def year_number(self, field: str, offset: int) -> Exact:
        key = ("year", field, offset)
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        anchors = self._cache.get("anchors")
        if anchors is None:
            anchors = self._cache["anchors"] = np.unique(self.anchor)  # the window's latest years: once per chunk
        if len(anchors) == 0:
            out = self.number("")
        elif len(anchors) == 1:
            out = self.number(f"years.{int(anchors[0]) - offset}.{field}")
        else:
            parts = [(self.anchor == a, self.number(f"years.{int(a) - offset}.{field}")) for a in anchors]
            scale = max(e.scale for _, e in parts)
            scaled = [(m, *e.at_scale(scale), e.present) for m, e in parts]
            as_object = any(a.dtype == object for _, a, _, _ in scaled)
            ints = np.zeros(self.n, dtype=object if as_object else np.int64)
            present = np.zeros(self.n, dtype=bool)
            for m, a, _, p in scaled:
                ints[m] = a[m]
                present[m] = p[m]
            out = Exact(ints, scale, present, max(b for _, _, b, _ in scaled))
        self._cache[key] = out
        return out

    def mapped(self, path: str, fn: Callable[[Any], bool | None]) -> np.ndarray:
        """``fn`` of a scalar field's value (as the profile holds it; ``None`` when missing) for
        every row, as int8 (1 true, 0 false, -1 none): ``fn`` runs once per distinct value."""
        col = self.columns.get(path)
        kind = self.kinds.get(path)
        if col is None:
            return np.full(self.n, _tri(fn(None)), dtype=np.int8)
        if kind == BOOL:
            lut = np.array([_tri(fn(False)), _tri(fn(True)), _tri(fn(None))], dtype=np.int8)
            return lut[col]  # -1 (missing) picks the last entry
        if isinstance(col, Exact):
            uniq, inverse = unique_inverse(col.ints)
            integer = kind in (INT, INT_NN) and col.scale == 0
            values = [int(v) if integer else Decimal(int(v)).scaleb(-col.scale) for v in uniq.tolist()]
            out = np.array([_tri(fn(v)) for v in values], dtype=np.int8)[inverse.reshape(-1)]
            out[~col.present] = _tri(fn(None))
            return out
        return col.lookup([_tri(fn(v)) for v in col.values], _tri(fn(None)), np.int8)

    def tri(self, path: str) -> np.ndarray:
        """A boolean field as int8: 1 true, 0 false, -1 missing."""
        col = self.columns.get(path)
        if col is None:
            return np.full(self.n, -1, dtype=np.int8)
        return col  # fields named by attestations and prerequisites are checked as bool at load


def unique_inverse(ints: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(ints, return_inverse=True)``; by counting when the values span a short range."""
    if ints.dtype != object and len(ints):
        low, high = int(ints.min()), int(ints.max())
        if high - low <= 4 * len(ints):
            seen = np.bincount(ints - low) > 0
            where = np.cumsum(seen) - 1
            return np.flatnonzero(seen) + low, where[ints - low]
    return np.unique(ints, return_inverse=True)


_SPACE = re.compile(r"[^\S\n]")  # whitespace other than the newlines that join the cells


_EDGE_SPACE = re.compile(r"(?m)^\s|\s$")


def _present(cells: Sequence[str], n: int) -> np.ndarray:
    return np.fromiter(map(bool, cells), dtype=bool, count=n)


def parse(columns: Sequence[Column], rows: Sequence[Sequence[str]], as_of: date | None, today: date
          ) -> tuple[Data, list[int]]:  # fmt: skip
    """Parse plain rows of text cells column by column. Returns the data of the rows taken and the
    indexes of rows left for the converter (a cell that is not plain, or a row of the wrong width).

    Cells may still carry surrounding spaces (they are ignored, as :mod:`clusterpolicy.criteria.flat` says).
    """
    n = len(rows)
    width = len(columns)
    routed = np.fromiter((len(r) != width for r in rows), dtype=bool, count=n)
    if routed.any():
        rows = [r if len(r) == width else [""] * width for r in rows]
    cols = list(zip(*rows)) if n else [()] * width
    parsed: dict[str, Any] = {}
    for col, cells in zip(columns, cols):
        joined = "\n".join(cells)
        if len(joined) > MAX_CELL and n and max(map(len, cells)) > MAX_CELL:
            routed |= np.fromiter((len(c) > MAX_CELL for c in cells), dtype=bool, count=n)
        if (_SPACE.search(joined) and _EDGE_SPACE.search(joined)) or joined.count("\n") != n - 1:  # or a cell holds a newline
            cells = [c.strip() for c in cells]
            joined = "\n".join(cells)
        kind = col.kind
        if kind in NUMBER_PATTERNS:
            value, bad = _parse_number(cells, joined, kind)
        elif kind == BOOL:
            tri = np.fromiter(map(_TRI.get, cells, repeat(-2)), dtype=np.int8, count=n)
            bad = tri == -2
            if bad.any():
                lowered = np.fromiter((_TRI.get(c.lower(), -2) for c in cells), dtype=np.int8, count=n)
                tri = np.where(bad, lowered, tri).astype(np.int8)
                bad = tri == -2
                tri[bad] = -1
            value = tri
        else:
            codes, values = factorize(cells)
            value, ok = coded_column(col, codes, values)
            bad = None if ok is None else ~ok[codes] & (codes >= 0)
            if kind == TEXT and "\x00" in joined:  # the converter refuses a NUL in text
                bad = np.fromiter(("\x00" in c for c in cells), dtype=bool, count=n)
        if bad is not None:
            routed |= bad
        parsed[col.name] = value
    return assemble(n, columns, parsed, routed, as_of, today)


def coded_column(col: Column, codes: np.ndarray, values: list[str]) -> tuple[Coded, np.ndarray | None]:
    """A text-like column from its codes and distinct (stripped) values: the values as the profile
    holds them, and which distinct values are plain (``None``: all are)."""
    kind = col.kind
    # A value that is not plain is held as None: its rows go to the converter, but kernels still
    # see every distinct value of the column.
    if kind == ENUM:
        allowed = set(col.choices)
        return Coded(codes, [v if v in allowed else None for v in values]), np.array([v in allowed for v in values] + [True], dtype=bool)
    if kind == DATE:
        held = [_iso_date(v) for v in values]
        return Coded(codes, [d or None for d in held]), np.array([d is not None for d in held] + [True], dtype=bool)
    if kind == INCIDENTS:
        held = [_incidents(v) for v in values]
        return Coded(codes, [v or () for v in held]), np.array([v is not None for v in held] + [True], dtype=bool)
    if kind == DECLARED:  # a declared criterion: the row is evaluated row by row (the converter reads it)
        return Coded(codes, [None] * len(values)), np.array([False] * len(values) + [True], dtype=bool)
    assert kind == TEXT
    return Coded(codes, values), None


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_date(cell: str) -> date | None:
    if not _ISO_DATE.fullmatch(cell):
        return None  # other forms are the converter's to accept or reject
    try:
        return date.fromisoformat(cell)
    except ValueError:
        return None


def _incidents(cell: str) -> Any:
    """The incidents a cell holds, or ``None`` for the converter to report."""
    from ..convert import default_converter
    from .profile import Incident

    try:
        return default_converter().structure(incidents_value(cell), tuple[Incident, ...]) or ()
    except Exception:  # the converter route reports it with its path
        return None


def assemble(n: int, columns: Sequence[Column], parsed: dict[str, Any], routed: np.ndarray, as_of: date | None,
             today: date) -> tuple[Data, list[int]]:  # fmt: skip
    """The :class:`Data` of the rows not ``routed``, from full-length parsed columns; and the
    indexes of the routed rows. Shared by both builders."""
    kinds = {c.name: c.kind for c in columns}
    for col in columns:
        if col.kind == TEXT and col.name in REQUIRED:
            routed |= parsed[col.name].missing()  # the converter says it is required
    routed |= parts_above_total(n, parsed)
    left = np.flatnonzero(routed).tolist()
    if left:
        keep = np.flatnonzero(~routed)
        parsed = {name: (v[keep] if isinstance(v, np.ndarray) else v.take(keep)) for name, v in parsed.items()}
    m = n - len(left)
    dates = parsed.get("assessment_date")
    if as_of is not None:
        row_as_of = Coded(np.zeros(m, dtype=np.int32), [as_of])
    elif dates is not None:
        values = [*(d or today for d in dates.values), today]
        row_as_of = Coded(np.where(dates.codes < 0, len(values) - 1, dates.codes).astype(np.int32), values)
    else:
        row_as_of = Coded(np.zeros(m, dtype=np.int32), [today])
    # The window's latest year: the year before the row's as-of date (近三年 = the last three
    # completed calendar years: context.Context.anchor).
    anchor = row_as_of.lookup([d.year - 1 for d in row_as_of.values], 0, np.int64)
    return Data(m, parsed, kinds, anchor, row_as_of, parsed.get("incidents")), left


_TOTAL = re.compile(r"years\.([0-9]{4})\.total_output")


def parts_above_total(n: int, parsed: dict[str, Any]) -> np.ndarray:
    """Rows with a year's ``sme_output`` or ``leading_output`` above its ``total_output`` (both given):
    the profile refuses a part above its whole (:class:`~clusterpolicy.criteria.profile.YearFigures`),
    so the converter is to say it. Compared exactly, at a common scale."""
    above = np.zeros(n, dtype=bool)
    for name, total in parsed.items():
        year = _TOTAL.fullmatch(name)
        for part in (parsed.get(f"years.{year[1]}.{f}") for f in ("sme_output", "leading_output")) if year else ():
            if isinstance(part, Exact) and isinstance(total, Exact):
                scale = max(part.scale, total.scale)
                above |= part.present & total.present & compare_exact(Op.GT, part.at_scale(scale)[0], total.at_scale(scale)[0])
    return above


def _parse_number(cells: Sequence[str], joined: str, kind: str) -> tuple[Exact, np.ndarray | None]:
    n = len(cells)
    bad = None
    if not (_COLUMN_RE[kind].fullmatch(joined) and joined.count("\n") == n - 1):
        cell_re = _CELL_RE[kind]
        bad = np.fromiter((c != "" and cell_re.fullmatch(c) is None for c in cells), dtype=bool, count=n)
        cells = [("" if b else c) for c, b in zip(cells, bad.tolist())]
        joined = "\n".join(cells)
    present = _present(cells, n)
    if not n:
        return Exact(np.zeros(0, dtype=np.int64), 0, present, 0), bad
    # The scale: the most decimals any cell has.
    scale = 0
    if "." in joined:
        scale = 1
        while re.search(r"\.[0-9]{%d}" % (scale + 1), joined):
            scale += 1
        # Give every cell exactly ``scale`` decimals, then read the digits as integers: exact.
        joined = _pad(scale, 0).sub(r"\g<1>." + "0" * scale, joined)
        for k in range(1, scale):
            joined = _pad(scale, k).sub(r"\g<1>" + "0" * (scale - k), joined)
    if not present.all():
        joined = _ZERO_FILL.sub("0", joined)
    digits = joined.replace(".", "")
    ints = None
    if not _WIDE.search(digits):  # at most 18 digits: int64 holds it
        ints = np.fromstring(digits, dtype=np.int64, sep="\n")
        if len(ints) != n:  # pragma: no cover - the column was checked above
            ints = None
    if ints is None:  # wide values: Python integers, exact
        ints = np.empty(n, dtype=object)
        ints[:] = [int(t) for t in digits.split("\n")]
    bound = int(abs(ints).max())
    return Exact(ints, scale, present, bound), bad


_WIDE = re.compile(r"[0-9]{19}")


@functools.cache
def _pad(scale: int, k: int) -> re.Pattern:
    """Cells with exactly ``k`` decimals (``k = 0``: integers), to pad to ``scale``."""
    return re.compile(r"(?m)^(-?[0-9]+)$" if k == 0 else r"(?m)(\.[0-9]{%d})$" % k)


_ZERO_FILL = re.compile(r"(?m)^$")
