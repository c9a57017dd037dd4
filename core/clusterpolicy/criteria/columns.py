"""The column path: a regime's criteria evaluated over many rows at once (numpy).

Same decisions as :mod:`clusterpolicy.criteria.evaluate`, status by status, boundaries included, because
the arithmetic is exact: a decimal column is held as integers at a common scale (``62.5`` →
``625`` at scale 1) in ``int64`` while the bounds allow it and as Python integers (``object``
arrays) beyond; shares and growth are compared by cross-multiplication (``num · per / den  op
value`` ⇔ ``num · per · sgn(den) · vd  op  vn · |den|`` with ``value = vn/vd``), never by
division or floats. Three-valued logic is carried as status codes per row.

Every check kind is handled here: numeric kinds (``threshold``, ``each_year``, ``share``,
``growth``) and ``attestation`` / ``prerequisite`` / ``any_of`` / ``conditional`` /
``not_encoded`` over arrays; ``rank``, ``in_set`` and conditions by mapping each distinct value
once; ``negative_list`` row by row in Python (incidents are ragged lists). Rows whose cells are
not all plain (``40``, ``62.5``, ``true``, an enum value, an ISO date) are not parsed here at all:
:mod:`clusterpolicy.batch.screen` sends them through the one converter and the row engine.

numpy is imported by this module only; nothing else in the package imports it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction
from itertools import repeat
from typing import Any

import attrs
import numpy as np

from ..numbers import Op
from .flat import (
    BOOL,
    DATE,
    DECIMAL,
    DECLARED,
    DECIMAL_NN,
    ENUM,
    INCIDENTS,
    INT,
    INT_NN,
    TEXT,
    Column,
    incidents_value,
)
from .profile import Profile
from .results import Overall, Status

#: Status codes (int8) and back.
STATUSES: tuple[Status, ...] = (
    Status.PASS, Status.FAIL, Status.SOFT_FAIL, Status.UNKNOWN, Status.WAIVED, Status.NOT_ENCODED, Status.NOT_APPLICABLE,
    Status.DECLARED_MET, Status.DECLARED_NOT_MET,
)  # fmt: skip


CODE = {s: i for i, s in enumerate(STATUSES)}


PASS, FAIL, SOFT, UNK, WAIVED, NENC, NA, DECLARED_MET, DECLARED_NOT_MET = range(9)


OVERALLS: tuple[Overall, ...] = (Overall.ELIGIBLE, Overall.INELIGIBLE, Overall.INCOMPLETE)


OVERALL_CODE = {o: i for i, o in enumerate(OVERALLS)}


_LIMIT = 2**62  # beyond this, int64 arithmetic could overflow: switch to Python integers


# Plain cells, read here; anything else goes through the converter. Up to 18 digits a column is
# held in int64, beyond that in Python integers (object arrays): exact either way.
_NUMBER_PATTERNS = {
    DECIMAL_NN: r"[0-9]+(?:\.[0-9]+)?",
    DECIMAL: r"-?[0-9]+(?:\.[0-9]+)?",
    INT_NN: r"[0-9]+",
    INT: r"-?[0-9]+",
}


_CELL_RE = {k: re.compile(p) for k, p in _NUMBER_PATTERNS.items()}


_COLUMN_RE = {k: re.compile(rf"(?:{p})?(?:\n(?:{p})?)*") for k, p in _NUMBER_PATTERNS.items()}


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

    def objects(self, integer: bool) -> list[Any]:
        """The values as the profile holds them (``int`` or ``Decimal``; ``None`` when missing)."""
        vals = self.ints.tolist()
        if integer and self.scale == 0:
            return [v if p else None for v, p in zip(vals, self.present.tolist())]
        return [Decimal(v).scaleb(-self.scale) if p else None for v, p in zip(vals, self.present.tolist())]


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


class Data:
    """Parsed columns of the rows taken by the column path (see :func:`parse`)."""

    def __init__(self, n: int, columns: dict[str, Any], kinds: dict[str, str], anchor: np.ndarray, as_of: list[date],
                 incidents: list[Any] | None):  # fmt: skip
        self.n = n
        self.columns = columns
        self.kinds = kinds
        self.anchor = anchor
        self.as_of = as_of
        self.incidents = incidents
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
        anchors = np.unique(self.anchor)
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

    def values(self, path: str) -> list[Any]:
        """A scalar field's values as the profile would hold them (``None`` when missing)."""
        key = ("values", path)
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        col = self.columns.get(path)
        kind = self.kinds.get(path)
        if col is None:
            out: list[Any] = [None] * self.n
        elif kind == BOOL:
            out = [None if t < 0 else bool(t) for t in col.tolist()]
        elif isinstance(col, Exact):
            out = col.objects(integer=kind in (INT, INT_NN))
        else:
            out = list(col)
        self._cache[key] = out
        return out

    def tri(self, path: str) -> np.ndarray:
        """A boolean field as int8: 1 true, 0 false, -1 missing."""
        col = self.columns.get(path)
        if col is None:
            return np.full(self.n, -1, dtype=np.int8)
        if self.kinds.get(path) == BOOL:
            return col
        return map_values(self.values(path), lambda v: v)  # pragma: no cover - fields are checked as bool


_SPACE = re.compile(r"[^\S\n]")  # whitespace other than the newlines that join the cells


_EDGE_SPACE = re.compile(r"(?m)^\s|\s$")


def _present(cells: Sequence[str], n: int) -> np.ndarray:
    return np.fromiter(map(bool, cells), dtype=bool, count=n)


def parse(columns: Sequence[Column], rows: Sequence[Sequence[str]], as_of: date | None, today: date
          ) -> tuple[Data, list[int]]:  # fmt: skip
    """Parse plain rows column by column. Returns the data of the rows taken and the indexes of
    rows left for the converter (a cell that is not plain, or a row of the wrong width).

    Cells may still carry surrounding spaces (they are ignored, as :mod:`clusterpolicy.criteria.flat` says).
    """
    from ..convert import default_converter
    from .profile import Incident

    n = len(rows)
    width = len(columns)
    routed = np.zeros(n, dtype=bool)
    for i, r in enumerate(rows):
        if len(r) != width:
            routed[i] = True
    if routed.any():
        rows = [r if len(r) == width else [""] * width for r in rows]
    cols = list(zip(*rows)) if n else [()] * width
    parsed: dict[str, Any] = {}
    kinds: dict[str, str] = {}
    year_present: dict[int, np.ndarray] = {}
    incidents = None
    dates: list[Any] | None = None
    for col, cells in zip(columns, cols):
        joined = "\n".join(cells)
        if _SPACE.search(joined) and _EDGE_SPACE.search(joined):
            cells = [c.strip() for c in cells]
            joined = "\n".join(cells)
        kinds[col.name] = col.kind
        kind = col.kind
        if kind in _NUMBER_PATTERNS:
            exact, bad = _parse_number(cells, joined, kind)
            if bad is not None:
                routed |= bad
            parsed[col.name] = exact
            present = exact.present
        elif kind == BOOL:
            tri = np.fromiter(map(_TRI.get, cells, repeat(-2)), dtype=np.int8, count=n)
            bad = tri == -2
            if bad.any():
                lowered = np.fromiter((_TRI.get(c.lower(), -2) for c in cells), dtype=np.int8, count=n)
                tri = np.where(bad, lowered, tri).astype(np.int8)
                bad = tri == -2
                routed |= bad
                tri[bad] = -1
            parsed[col.name] = tri
            present = tri >= 0
        elif kind == ENUM:
            allowed = set(col.choices) | {""}
            ok = np.fromiter(map(allowed.__contains__, cells), dtype=bool, count=n)
            routed |= ~ok
            parsed[col.name] = [c or None for c in cells]
            present = _present(cells, n)
        elif kind == DATE:
            cache: dict[str, Any] = {"": None}
            for c in set(cells):
                if c and c not in cache:
                    try:
                        cache[c] = date.fromisoformat(c)
                    except ValueError:
                        cache[c] = False
            values = list(map(cache.__getitem__, cells))
            bad = np.fromiter((v is False for v in values), dtype=bool, count=n)
            if bad.any():
                routed |= bad
                values = [None if v is False else v for v in values]
            parsed[col.name] = values
            if col.name == "assessment_date":
                dates = values
            present = _present(cells, n)
        elif kind == INCIDENTS:
            conv = default_converter()
            cache = {"": None}
            for c in set(cells):
                if c and c not in cache:
                    try:
                        cache[c] = conv.structure(incidents_value(c), tuple[Incident, ...])
                    except Exception:  # the converter route reports it with its path
                        cache[c] = False
            incidents = list(map(cache.__getitem__, cells))
            bad = np.fromiter((v is False for v in incidents), dtype=bool, count=n)
            if bad.any():
                routed |= bad
                incidents = [None if v is False else v for v in incidents]
            present = _present(cells, n)
        elif kind == DECLARED:  # a declared criterion: the row is evaluated row by row
            present = _present(cells, n)
            routed |= present
        else:  # TEXT: any text is a value
            assert kind == TEXT
            parsed[col.name] = [c or None for c in cells]
            present = _present(cells, n)
            if col.name in REQUIRED:
                routed |= ~present  # the converter says it is required
        if col.year is not None:
            prior = year_present.get(col.year)
            year_present[col.year] = present if prior is None else (prior | present)

    # The rows the converter takes are dropped here; batch evaluates them row by row.
    if routed.any():
        keep = np.flatnonzero(~routed)
        keep_list = keep.tolist()
        left = np.flatnonzero(routed).tolist()
        data_cols: dict[str, Any] = {}
        for name, v in parsed.items():
            if isinstance(v, Exact):
                data_cols[name] = v.take(keep)
            elif isinstance(v, np.ndarray):
                data_cols[name] = v[keep]
            else:
                data_cols[name] = [v[i] for i in keep_list]
        if incidents is not None:
            incidents = [incidents[i] for i in keep_list]
        if dates is not None:
            dates = [dates[i] for i in keep_list]
        year_present = {y: p[keep] for y, p in year_present.items()}
    else:
        left, data_cols = [], parsed
    m = n - len(left)
    if as_of is not None:
        row_as_of = [as_of] * m
    elif dates is not None:
        row_as_of = [d or today for d in dates]
    else:
        row_as_of = [today] * m
    # The window's latest year: the profile's latest *completed* year with any figure (a year that
    # has not ended on the row's as-of date is never one of 近三年: checks.completed), else the
    # year before as_of.
    if as_of is not None or dates is None:
        running = np.full(m, (as_of or today).year, dtype=np.int64)
    else:
        running = np.fromiter((d.year for d in row_as_of), dtype=np.int64, count=m)
    anchor = running - 1
    have = np.zeros(m, dtype=bool)
    for year in sorted(year_present, reverse=True):
        p = year_present[year] & ~have & (year < running)
        anchor[p] = year
        have |= p
    return Data(m, data_cols, kinds, anchor, row_as_of, incidents), left


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


def map_values(values: list[Any], fn: Any) -> np.ndarray:
    """Apply ``fn`` once per distinct value; ``fn`` returns True/False/None → 1/0/-1 (int8)."""
    try:
        table = {v: fn(v) for v in set(values)}
    except TypeError:  # unhashable: never a profile scalar, but stay exact
        return np.fromiter(((-1 if r is None else int(bool(r))) for r in map(fn, values)), dtype=np.int8, count=len(values))
    codes = {v: (-1 if r is None else int(bool(r))) for v, r in table.items()}
    return np.fromiter(map(codes.__getitem__, values), dtype=np.int8, count=len(values))
