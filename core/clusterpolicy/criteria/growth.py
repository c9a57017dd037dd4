"""Average annual growth (年均增速 / 年均增长): the one formula both engines and every text use.

The texts do not define it. :func:`growth_readings` says which values are compared and over how
many compounding steps; the row engine (:mod:`clusterpolicy.criteria.checks`), the column engine
(:mod:`clusterpolicy.criteria.kernels`) and the finding's text all read it, so replacing that one
function changes the formula everywhere. Decisions are exact: ``last / first  op  (1 + r)^steps``
as fractions; :func:`growth_rate` gives the rounded percentage for display only.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal, localcontext
from fractions import Fraction

from attrs import frozen

_CENT = Decimal("0.01")


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


def growth_rate(first: Decimal, last: Decimal, steps: int) -> Decimal:
    """``(last / first)^(1/steps) − 1`` in percent, rounded to 0.01 (display only)."""
    with localcontext() as ctx:
        ctx.prec = 34
        rate = (last / first) ** (Decimal(1) / steps) - 1
        return (rate * 100).quantize(_CENT, rounding=ROUND_HALF_EVEN)
