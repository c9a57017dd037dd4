"""Average annual growth (年均增速 / 年均增长): the one formula both engines and every text use.

The texts do not define it. :func:`growth_readings` says which values are compared and over how
many compounding steps; the row engine (:mod:`clusterpolicy.criteria.checks`), the column engine
(:mod:`clusterpolicy.criteria.kernels`) and the finding's text all read it, so replacing that one
function changes the formula everywhere. Decisions are exact: ``last / first  op  (1 + r)^steps``
as fractions; :func:`growth_rate` gives the rounded percentage for display only.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from math import isqrt

from ..model import frozen

@frozen
class GrowthReading:
    """One reading of "average annual growth over the last ``years`` years".

    ``first_offset`` counts back from the window's last year to the year compared with it;
    ``steps`` is the number of compounding steps between them.
    """

    name: str  #: "window" (the years' own values) or "base_year" (from the year before them)
    first_offset: int
    steps: int

    def target(self, percent: Decimal) -> Fraction:
        """``(1 + percent/100) ** steps``, exactly: what ``last / first`` is compared with."""
        return (1 + Fraction(percent) / 100) ** self.steps

    def formula(self, first_year: int, last_year: int, lang: str) -> str:
        if lang == "zh":
            return f"({last_year}年值 ÷ {first_year}年值)^(1/{self.steps}) − 1"
        return f"({last_year} / {first_year})^(1/{self.steps}) − 1"


def growth_readings(years: int) -> tuple[GrowthReading, GrowthReading]:
    """The reading that decides, and the other one, reported when it decides differently.

    Decides: the compound rate across the ``years`` years' own values, ``years − 1`` steps —
    ``(v_last / v_first)^(1/(years−1)) − 1`` (for 近三年, 2022–2024: two steps). Reported for the
    authority when the profile also gives the year before them: the base-year reading common in
    statistics, ``years`` steps from that year — ``(v_last / v_base)^(1/years) − 1``.
    """
    return GrowthReading("window", years - 1, years - 1), GrowthReading("base_year", years, years)


def growth_rate(first: Decimal, last: Decimal, steps: int) -> Decimal | None:
    """``(last / first)^(1/steps) − 1`` in percent, rounded half-even to 0.01 — exactly, in integers
    (``None`` if it is not a real number). For display only: decisions compare exactly."""
    m = steps
    ln, ld = last.as_integer_ratio()
    fn, fd = first.as_integer_ratio()
    num, den = ln * fd, ld * fn  # q = last / first = num / den
    negative = (num < 0) != (den < 0)
    if negative and num and m % 2 == 0:
        return None
    # x = 10000 · |q| ** (1/m), rounded half-even: the rate in hundredths of a percent is ±x − 10000.
    num, den = abs(num) * 10000**m, abs(den)  # t = num / den = x ** m
    k = _iroot(num // den, m)
    above, half = 2**m * num, (2 * k + 1) ** m * den  # t against (k + ½) ** m
    if above > half or (above == half and k % 2):
        k += 1
    return Decimal((-k if negative else k) - 10000).scaleb(-2)


def root_half_even(num: int, den: int, m: int) -> int:
    """``(num / den) ** (1/m)`` rounded half-even to an integer, exactly (num ≥ 0, den > 0)."""
    k = _iroot(num // den, m)
    above, half = 2**m * num, (2 * k + 1) ** m * den
    return k + 1 if above > half or (above == half and k % 2) else k


def _iroot(n: int, m: int) -> int:
    """⌊n ** (1/m)⌋ for integers n ≥ 0, m ≥ 1."""
    if m == 1 or n < 2:
        return n
    if m == 2:
        return isqrt(n)
    x = 1 << -(-n.bit_length() // m)  # at least the root
    while True:
        y = ((m - 1) * x + n // x ** (m - 1)) // m
        if y >= x:
            return x
        x = y
