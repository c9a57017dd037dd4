"""Margins: how far a numeric finding is from its threshold, exactly.

A margin is the distance between the measured value and the threshold in the criterion's own unit
(percentage points for a criterion in percent) and relative to the threshold. Decimals are
subtracted exactly; a share's distance is a ratio of exact values (written as a decimal when it
ends, else rounded half-even to 4 places and marked inexact); a growth rate is irrational in
general, so its distance is taken from the rate shown (rounded to 0.01) — while whether it passes
comes from the exact comparison, as the status does. Only integer and decimal arithmetic: no float.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Context, Decimal
from math import gcd

from ..limits import MAX_FRACTION_DIGITS, MAX_INTEGER_DIGITS
from ..numbers import Op
from .results import Finding, Later, Margin, Status, made, margin

#: Subtraction at a precision where the difference of two input figures (or of sums of them) is exact.
_subtract = Context(prec=MAX_INTEGER_DIGITS + MAX_FRACTION_DIGITS + 12).subtract
#: A pass whose relative margin is at most this many percent of its threshold is *fragile*.
FRAGILE_WITHIN = Decimal(10)
#: How many fragile passes and nearest misses an assessment names.
NAMED = 3


def unit_of(unit: str) -> str:
    """The unit of a margin: percentage points (pp) for a criterion in percent."""
    return "pp" if unit == "%" else unit


class Scale:
    """A criterion's threshold, read once when the check is compiled, against which margins are taken."""

    __slots__ = ("threshold", "unit", "tn", "td", "per_cent", "size")

    def __init__(self, threshold: Decimal, unit: str):
        self.threshold, self.unit = threshold, unit_of(unit)
        self.tn, self.td = threshold.as_integer_ratio()
        self.per_cent, self.size = self.td * 10000, abs(self.tn)  # relative, in hundredths of a percent

    def of(self, value: Decimal, passes: bool, at: str | None = None, exact: bool = True) -> Margin:
        """The margin of a decimal value (subtracted exactly)."""
        amount = _subtract(value, self.threshold).copy_abs()
        relative = None
        if self.size:
            an, ad = amount.as_integer_ratio()
            den = ad * self.size
            k, rest = divmod(an * self.per_cent, den)  # amount / threshold in 0.01 %, rounded half-even
            if 2 * rest > den or (2 * rest == den and k & 1):
                k += 1
            relative = Decimal(k).scaleb(-2)
        return margin(passes, amount, self.unit, relative, exact, at)

    def of_ratio(self, num: int, den: int, passes: bool) -> Margin:
        """The margin of an exact ratio ``num / den`` (a share, den > 0) — in integers, no Fraction."""
        top = abs(num * self.td - self.tn * den)  # |num/den − tn/td| = top / (den · td)
        bottom = den * self.td
        g = gcd(top, bottom)
        amount, exact = _decimal(top // g, bottom // g)
        relative = _round(top * 100, den * abs(self.tn), 2) if self.tn else None
        return margin(passes, amount, self.unit, relative, exact)

    def each_year(self, years: Sequence[tuple[int, Decimal]], op: Op, passes: bool) -> Margin:
        """The margin of 'each year op threshold': a pass is as strong as its weakest year; a fail is
        as far off as its worst year (the one to lift)."""
        if op.lower_bound:
            year, value = min(years, key=lambda yv: yv[1])
        elif op is Op.EQ:
            year, value = max(years, key=lambda yv: abs(yv[1] - self.threshold))
        else:
            year, value = max(years, key=lambda yv: yv[1])
        return self.of(value, passes, at=str(year))


def of_parts(parts: Sequence[Finding], need: int, status: Status) -> Margin | None:
    """The margin of an any_of: a pass lasts while ``need`` alternatives pass, so its margin is the
    ``need``-th best passing one's; a fail needs ``need − passed`` more, so its margin is the nearest
    such failing one's. None unless every alternative has a margin (a numeric pass or fail)."""
    margins = [made(p.__dict__["margin"]) for p in parts]  # past the field's descriptor, a call per part
    if not margins or any(m is None for m in margins) or status not in (Status.PASS, Status.FAIL):
        return None
    labelled = [(p.rule, m) for p, m in zip(parts, margins) if m is not None]
    passing = sorted((x for x in labelled if x[1].passes), key=lambda x: _key(x[1]), reverse=True)
    failing = sorted((x for x in labelled if not x[1].passes), key=lambda x: _key(x[1]))
    if status is Status.PASS:
        rule, m = passing[need - 1]
    else:
        rule, m = failing[need - len(passing) - 1]
    return margin(m.passes, m.amount, m.unit, m.relative, m.exact, rule)


def ranked(findings: Sequence[Finding]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The fragile passes (within :data:`FRAGILE_WITHIN` percent of their threshold) and the
    nearest misses of an assessment, closest first, at most :data:`NAMED` of each."""
    passes, misses = [], []
    for f in findings:
        held = f.__dict__
        m = held["margin"]  # read past the field's descriptor (a call per finding), and kept in its place
        if type(m) is Later:
            m = held["margin"] = m.get()
        if m is None or m.relative is None:
            continue
        if f.status is Status.PASS and m.relative <= FRAGILE_WITHIN:
            passes.append((_key(m), f.rule))
        elif f.status is Status.FAIL:
            misses.append((_key(m), f.rule))
    return tuple(r for _, r in sorted(passes)[:NAMED]), tuple(r for _, r in sorted(misses)[:NAMED])


def _key(m: Margin) -> tuple[Decimal, Decimal]:
    return (m.relative if m.relative is not None else Decimal("Infinity"), m.amount)


def _decimal(num: int, den: int) -> tuple[Decimal, bool]:
    """``num / den`` (in lowest terms) as a decimal: exact when its expansion ends, else rounded
    half-even to 4 places."""
    d, places = den, 0
    for p in (2, 5):
        n = 0
        while d % p == 0:
            d //= p
            n += 1
        places = max(places, n)
    if d == 1:
        return Decimal(num * 10**places // den).scaleb(-places), True
    return _round(num, den, 4), False


def _round(num: int, den: int, places: int) -> Decimal:
    """``num / den`` (both ≥ 0, den > 0) rounded half-even to ``places`` decimals, in integers."""
    k, rest = divmod(num * 10**places, den)
    if 2 * rest > den or (2 * rest == den and k % 2):
        k += 1
    return Decimal(k).scaleb(-places)
