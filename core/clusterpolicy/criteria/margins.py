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
from decimal import Decimal, localcontext
from fractions import Fraction

from ..limits import MAX_FRACTION_DIGITS, MAX_INTEGER_DIGITS
from ..numbers import Op
from .results import Finding, Margin, Status

#: Digits at which the difference of two input figures (or of a sum of them) is exact.
_EXACT_DIGITS = MAX_INTEGER_DIGITS + MAX_FRACTION_DIGITS + 12
#: A pass whose relative margin is at most this many percent of its threshold is *fragile*.
FRAGILE_WITHIN = Decimal(10)
#: How many fragile passes and nearest misses an assessment names.
NAMED = 3


def unit_of(unit: str) -> str:
    """The unit of a margin: percentage points (pp) for a criterion in percent."""
    return "pp" if unit == "%" else unit


def of_decimals(value: Decimal, threshold: Decimal, passes: bool, unit: str, at: str | None = None, exact: bool = True) -> Margin:
    """The margin of a decimal value against a decimal threshold (subtracted exactly)."""
    with localcontext() as ctx:
        ctx.prec = _EXACT_DIGITS
        amount = abs(value - threshold)
    return Margin(passes=passes, amount=amount, unit=unit_of(unit), relative=_relative(amount, threshold), exact=exact, at=at)


def of_ratio(value: Fraction, threshold: Decimal, passes: bool, unit: str) -> Margin:
    """The margin of an exact ratio (a share) against a decimal threshold."""
    diff = abs(value - Fraction(threshold))
    amount, exact = _decimal(diff)
    tn, td = threshold.as_integer_ratio()
    relative = None if tn == 0 else _round(diff.numerator * td * 100, diff.denominator * abs(tn), 2)
    return Margin(passes=passes, amount=amount, unit=unit_of(unit), relative=relative, exact=exact)


def of_parts(parts: Sequence[Finding], need: int, status: Status) -> Margin | None:
    """The margin of an any_of: a pass lasts while ``need`` alternatives pass, so its margin is the
    ``need``-th best passing one's; a fail needs ``need − passed`` more, so its margin is the nearest
    such failing one's. None unless every alternative has a margin (a numeric pass or fail)."""
    margins = [p.margin for p in parts]
    if not margins or any(m is None for m in margins) or status not in (Status.PASS, Status.FAIL):
        return None
    labelled = [(p.rule, m) for p, m in zip(parts, margins) if m is not None]
    passing = sorted((x for x in labelled if x[1].passes), key=lambda x: _key(x[1]), reverse=True)
    failing = sorted((x for x in labelled if not x[1].passes), key=lambda x: _key(x[1]))
    if status is Status.PASS:
        rule, m = passing[need - 1]
    else:
        rule, m = failing[need - len(passing) - 1]
    return Margin(passes=m.passes, amount=m.amount, unit=m.unit, relative=m.relative, exact=m.exact, at=rule)


def each_year(years: Sequence[tuple[int, Decimal]], op: Op, threshold: Decimal, passes: bool, unit: str) -> Margin:
    """The margin of 'each year op threshold': a pass is as strong as its weakest year; a fail is as
    far off as its worst year (the one to lift)."""
    if op.lower_bound:
        year, value = min(years, key=lambda yv: yv[1])  # the weakest year, passing or failing
    elif op is Op.EQ:
        year, value = max(years, key=lambda yv: abs(yv[1] - threshold))
    else:
        year, value = max(years, key=lambda yv: yv[1])
    return of_decimals(value, threshold, passes, unit, at=str(year))


def ranked(findings: Sequence[Finding]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The fragile passes (within :data:`FRAGILE_WITHIN` percent of their threshold) and the
    nearest misses of an assessment, closest first, at most :data:`NAMED` of each."""
    passes, misses = [], []
    for f in findings:
        m = f.margin
        if m is None or m.relative is None:
            continue
        if f.status is Status.PASS and m.relative <= FRAGILE_WITHIN:
            passes.append((_key(m), f.rule))
        elif f.status is Status.FAIL:
            misses.append((_key(m), f.rule))
    return tuple(r for _, r in sorted(passes)[:NAMED]), tuple(r for _, r in sorted(misses)[:NAMED])


def _key(m: Margin) -> tuple[Decimal, Decimal]:
    return (m.relative if m.relative is not None else Decimal("Infinity"), m.amount)


def _relative(amount: Decimal, threshold: Decimal) -> Decimal | None:
    an, ad = amount.as_integer_ratio()
    tn, td = threshold.as_integer_ratio()
    return None if tn == 0 else _round(an * td * 100, ad * abs(tn), 2)


def _decimal(q: Fraction) -> tuple[Decimal, bool]:
    """``q`` as a decimal: exact when its expansion ends, else rounded half-even to 4 places."""
    d, places = q.denominator, 0
    for p in (2, 5):
        n = 0
        while d % p == 0:
            d //= p
            n += 1
        places = max(places, n)
    if d == 1:
        return Decimal(q.numerator * 10**places // q.denominator).scaleb(-places), True
    return _round(q.numerator, q.denominator, 4), False


def _round(num: int, den: int, places: int) -> Decimal:
    """``num / den`` (both ≥ 0, den > 0) rounded half-even to ``places`` decimals, in integers."""
    k, rest = divmod(num * 10**places, den)
    if 2 * rest > den or (2 * rest == den and k % 2):
        k += 1
    return Decimal(k).scaleb(-places)
