"""Comparison operators and the statutory number words that choose them.

民法典 第1259条 names 以上, 以下, 以内 (the stated number included) and 不满, 超过, 以外 (excluded);
cite it for those words only. The regulations also use 不少于/不低于/不超过 (inclusive) and 高于/低于
(exclusive), which follow from their plain meaning, not from that article. All comparisons are on
:class:`decimal.Decimal` or :class:`fractions.Fraction` values, never floats.
"""

from __future__ import annotations

import enum
import operator
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any


class Op(str, enum.Enum):
    """A comparison between a measured value and a threshold."""

    GE = "ge"
    GT = "gt"
    LE = "le"
    LT = "lt"
    EQ = "eq"

    @property
    def symbol(self) -> str:
        return _SYMBOLS[self]

    @property
    def words_zh(self) -> str:
        return _WORDS_ZH[self]

    @property
    def words_en(self) -> str:
        return _WORDS_EN[self]

    def holds(self, value: Decimal | Fraction | int, threshold: Decimal | Fraction | int) -> bool:
        """Whether ``value <op> threshold``; exact for Decimal and Fraction operands."""
        if self is Op.GE:
            return value >= threshold
        if self is Op.GT:
            return value > threshold
        if self is Op.LE:
            return value <= threshold
        if self is Op.LT:
            return value < threshold
        return value == threshold

    @property
    def test(self) -> Callable[[Any, Any], bool]:
        """:meth:`holds` as a two-argument function (``operator.ge`` …), for code run per profile."""
        return _TESTS[self]

    @property
    def lower_bound(self) -> bool:
        """True for ``ge``/``gt``: the value must reach the threshold from below."""
        return self in (Op.GE, Op.GT)


_TESTS = {Op.GE: operator.ge, Op.GT: operator.gt, Op.LE: operator.le, Op.LT: operator.lt, Op.EQ: operator.eq}
_SYMBOLS = {Op.GE: "≥", Op.GT: ">", Op.LE: "≤", Op.LT: "<", Op.EQ: "="}
_WORDS_ZH = {Op.GE: "不低于", Op.GT: "高于", Op.LE: "不超过", Op.LT: "低于", Op.EQ: "等于"}
_WORDS_EN = {Op.GE: "at least", Op.GT: "more than", Op.LE: "at most", Op.LT: "less than", Op.EQ: "exactly"}

#: Number words and the operator each one means (以上/以下/以内/超过/不满: 民法典 第1259条; the rest: plain meaning).
STATUTORY_WORDS: dict[str, Op] = {
    "以上": Op.GE,
    "不少于": Op.GE,
    "不低于": Op.GE,
    "及以上": Op.GE,
    "届满": Op.GE,
    "以下": Op.LE,
    "以内": Op.LE,
    "不超过": Op.LE,
    "一般不超过": Op.LE,
    "高于": Op.GT,
    "超过": Op.GT,
    "多于": Op.GT,
    "低于": Op.LT,
    "不满": Op.LT,
    "少于": Op.LT,
}


def op_for(word: str) -> Op:
    """Return the operator a statutory number word stands for (``op_for("高于") is Op.GT``)."""
    try:
        return STATUTORY_WORDS[word]
    except KeyError:
        known = "、".join(STATUTORY_WORDS)
        raise ValueError(f"unknown statutory number word {word!r}; known: {known}") from None


def shortfall(op: Op, value: Decimal, threshold: Decimal) -> Decimal:
    """How far ``value`` is from meeting ``op threshold`` (0 at an exclusive boundary)."""
    if op.lower_bound:
        return max(threshold - value, Decimal(0))
    if op in (Op.LE, Op.LT):
        return max(value - threshold, Decimal(0))
    return abs(value - threshold)


def fmt(value: Decimal | int | None) -> str:
    """Render a number without exponent or trailing zeros (``Decimal('40.00')`` → ``40``)."""
    if value is None:
        return "—"
    if isinstance(value, int):
        return str(value)
    text = str(value.normalize())  # the same as format(…, "f") unless it has an exponent
    return format(value.normalize(), "f") if "E" in text else text


def ratio_text(q: Fraction, apart_from: Fraction | None = None) -> Decimal:
    """``q`` rounded half-even to 4 decimals, trailing zeros dropped (for display). With
    ``apart_from`` (a threshold), more decimals are shown where 4 would round ``q`` onto it: a share
    of 74.99997% is not shown as the 75% it fails."""
    if apart_from is None:
        return ratio_digits(q.numerator, q.denominator)
    return ratio_digits(q.numerator, q.denominator, apart_from.numerator, apart_from.denominator)


def ratio_digits(num: int, den: int, apart_num: int = 0, apart_den: int = 0) -> Decimal:
    """:func:`ratio_text` of ``num / den`` (den > 0, not necessarily in lowest terms), in integers;
    ``apart_num / apart_den`` (apart_den > 0) is the threshold, if any."""
    at = apart_den and num * apart_den == apart_num * den  # q is the threshold itself
    for places in range(4, 31):
        scale = 10**places
        k, rest = divmod(num * scale, den)
        if 2 * rest > den or (2 * rest == den and k % 2):
            k += 1
        if not apart_den or at or k * apart_den != apart_num * scale:
            break
    return Decimal(k).scaleb(-places).normalize()


def exact_ratio(a: Decimal | int, b: Decimal | int) -> Fraction:
    """``a / b`` exactly (one normalisation)."""
    an, ad = a.as_integer_ratio()
    bn, bd = b.as_integer_ratio()
    return Fraction(an * bd, ad * bn)


def ratio_terms(a: Decimal | int, b: Decimal | int) -> tuple[int, int]:
    """``a / b`` (b ≠ 0) exactly, as integers ``top / bottom`` with ``bottom > 0``: ``a / b  op  tn / td``
    is ``op(top * td, tn * bottom)`` (td > 0), in integers (no Fraction made)."""
    (an, ad), (bn, bd) = a.as_integer_ratio(), b.as_integer_ratio()
    top, bottom = an * bd, ad * bn
    return (-top, -bottom) if bottom < 0 else (top, bottom)
