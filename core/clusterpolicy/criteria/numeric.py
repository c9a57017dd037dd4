"""The numeric check kinds compiled into closures: a threshold on a sum, each year's value, a share,
average annual growth (:mod:`clusterpolicy.criteria.checks` compiles the others and dispatches).

Each is exact (:class:`~decimal.Decimal`, integers) and worked out once per :class:`Context` for
every regime that states the requirement alike (:func:`_shared`); what a check derives from the
profile alone, whatever its threshold (a sum, a share's terms, a growth rate), is derived once too.
"""

from __future__ import annotations

from decimal import Context as DecimalContext, Decimal
from typing import Any

from ..limits import MAX_FRACTION_DIGITS, MAX_INTEGER_DIGITS
from ..model import Note
from ..numbers import Op, fmt, ratio_digits, ratio_terms, shortfall
from . import growth, margins
from .context import Context, Evaluator, Outcome, missing_input, new_outcome
from .fields import FieldType, is_year_field, scalar_getter, scalar_type, unknown_field, year_getter
from .kinds import EachYear, Growth, Share, Threshold
from .results import Status, later, measure

#: Addition at a precision where a sum of input figures is exact: each has at most 55 digits
#: (clusterpolicy.limits), and 9 more leave room for the carries of up to 10**9 terms.
_add = DecimalContext(prec=MAX_INTEGER_DIGITS + MAX_FRACTION_DIGITS + 9).add


def need_scalar(path: str, kinds: tuple[FieldType, ...], problems: list[str]) -> None:
    t = scalar_type(path)
    if t is None:
        problems.append(unknown_field(path))
    elif t not in kinds:
        problems.append(f"field {path!r} is {t.value}, expected {' or '.join(k.value for k in kinds)}")


def need_year(path: str, problems: list[str]) -> None:
    if not is_year_field(path):
        problems.append(unknown_field(path, per_year=True))


def verdict(ok: bool) -> tuple[str, str]:
    return ("满足", "met") if ok else ("不满足", "not met")


def compile_threshold(check: Threshold, problems: list[str]) -> Evaluator:
    for path in check.fields:
        need_scalar(path, (FieldType.NUMBER,), problems)
    paths, getters = check.fields, [scalar_getter(path) for path in check.fields]
    op, value, unit, scale = Op(check.op), check.value, check.unit, margins.Scale(check.value, check.unit)
    holds, zero, several = op.test, Decimal(0), len(paths) > 1
    head = f"{' + '.join(paths)} = "
    tails = _tails(f"{unit},要求{op.words_zh}{fmt(value)}{unit}", f"{unit}; required {op.symbol} {fmt(value)}{unit}")

    def derive(ctx: Context) -> tuple:
        """(the outcome of a missing value, or None; the sum; what was measured; the reason's head)."""
        profile = ctx.profile
        values = [get(profile) for get in getters]
        if None in values:
            return missing_input([path for path, v in zip(paths, values) if v is None]), None, (), ""
        numbers = [Decimal(v) for v in values]
        total = zero
        for v in numbers:
            total = _add(total, v)  # exact: inputs have at most 55 digits (limits)
        measured = tuple(measure(path, v) for path, v in zip(paths, numbers))
        if several:
            measured += (measure("sum", total),)
        return None, total, measured, f"{head}{fmt(total)}"

    key = ("sum", *paths)

    def run(ctx: Context) -> Outcome:
        missing, total, measured, shown = ctx.once(key, derive)
        if missing is not None:
            return missing
        ok = holds(total, value)
        zh, en = tails[ok]
        return new_outcome(
            Status.PASS if ok else Status.FAIL,
            zh=f"{shown}{zh}",
            en=f"{shown}{en}",
            measured=measured,
            shortfall=None if ok else shortfall(op, total, value),
            margin=later(scale.of, total, ok),
        )

    return _shared(check, run)


def _shared(check: Any, run: Evaluator) -> Evaluator:
    """``run``, its outcome worked out once per context for every check written alike — the same kind,
    fields and threshold, digit for digit (its repr): regimes that state one requirement share it."""
    key = ("outcome", repr(check))

    def shared(ctx: Context) -> Outcome:
        return ctx.once(key, run)

    shared.once = (key, run)  # type: ignore[attr-defined]  # what an evaluation asks the context itself (a call saved)
    return shared


def _tails(zh: str, en: str) -> dict[bool, tuple[str, str]]:
    """A requirement's words with the verdict, by whether it is met (``要求…:满足``)."""
    return {ok: (f"{zh}:{verdict(ok)[0]}", f"{en}: {verdict(ok)[1]}") for ok in (True, False)}


def compile_each_year(check: EachYear, problems: list[str]) -> Evaluator:
    need_year(check.field, problems)
    get, field = year_getter(check.field), check.field
    op, value, unit = Op(check.op), check.value, check.unit
    need_zh, need_en = f"{op.words_zh}{fmt(value)}{unit}", f"{op.symbol} {fmt(value)}{unit}"  # the requirement, in words
    scale, holds = margins.Scale(value, unit), op.test

    def derive(ctx: Context) -> tuple:
        """(what was measured; the missing input's outcome, or None; the years given, their values and
        their values' text; the years' span)."""
        years = ctx.profile.years
        window = ctx.window(check.years)
        measured, missing, given, shown = [], [], [], {}
        for year in window:
            figures = years.get(year)
            v = get(figures) if figures is not None else None
            if v is None:
                measured.append(measure(str(year), None))
                missing.append(f"years.{year}.{field}")
                continue
            d = Decimal(v)
            measured.append(measure(str(year), d))
            given.append((year, d))
            shown[year] = fmt(d)
        return tuple(measured), missing_input(missing) if missing else None, given, shown, f"{window[0]}–{window[-1]}"

    key = ("each_year", field, check.years)

    def run(ctx: Context) -> Outcome:
        measured, missing, given, shown, span = ctx.once(key, derive)
        failing = [(year, d) for year, d in given if not holds(d, value)]
        if failing:
            listed = ", ".join(f"{y}: {shown[y]}{unit}" for y, _ in failing)
            return new_outcome(
                Status.FAIL,
                zh=f"{span} 各年须{need_zh};未达到:{listed}",
                en=f"each of {span} must be {need_en}; not met in {listed}",
                measured=measured,
                shortfall=max(shortfall(op, v, value) for _, v in failing),
                margin=later(scale.each_year, failing, op, False),
            )
        if missing is not None:
            return missing
        lowest = ", ".join(shown.values())
        return new_outcome(
            Status.PASS,
            zh=f"{span} 各年 {lowest}{unit},均{need_zh}:满足",
            en=f"{span}: {lowest}{unit}, each {need_en}: met",
            measured=measured,
            margin=later(scale.each_year, given, op, True),
        )

    return _shared(check, run)


def compile_share(check: Share, problems: list[str]) -> Evaluator:
    need_year(check.numerator, problems)
    need_year(check.denominator, problems)
    get_num, get_den = year_getter(check.numerator), year_getter(check.denominator)
    op, value, unit = Op(check.op), check.value, check.unit
    need_zh, need_en = f"{op.words_zh}{fmt(value)}{unit}", f"{op.symbol} {fmt(value)}{unit}"  # the requirement, in words
    scale, holds = margins.Scale(value, unit), op.test
    (pn, pd), (tn, td) = check.per.as_integer_ratio(), value.as_integer_ratio()  # in integers: no Fraction per profile
    names = f"{check.numerator}/{check.denominator}"
    tails = _tails(f"{unit},要求{need_zh}", f"{unit}; required {need_en}")

    def derive(ctx: Context) -> tuple:
        """(the outcome of a missing or zero term, or None; the year; what was measured; the share,
        exactly: top / bottom, bottom > 0)."""
        year = ctx.anchor
        figures = ctx.profile.years.get(year)
        num = get_num(figures) if figures is not None else None
        den = get_den(figures) if figures is not None else None
        if num is None or den is None:
            paths = [f"years.{year}.{p}" for p, v in ((check.numerator, num), (check.denominator, den)) if v is None]
            return missing_input(paths), year, (), 0, 0
        num, den = Decimal(num), Decimal(den)
        measured = (
            measure(f"{year}.{check.numerator}", num),
            measure(f"{year}.{check.denominator}", den),
        )
        if den == 0:
            zero = new_outcome(
                Status.UNKNOWN,
                zh=f"{year} 年 {check.denominator} 为 0,比例无定义",
                en=f"{check.denominator} is 0 in {year}: the ratio is undefined",
                measured=measured,
            )
            return zero, year, measured, 0, 0
        (nn, nd), (dn, dd) = num.as_integer_ratio(), den.as_integer_ratio()
        top, bottom = nn * dd * pn, nd * dn * pd
        if bottom < 0:
            top, bottom = -top, -bottom
        return None, year, measured, top, bottom

    key = ("share", check.numerator, check.denominator, check.per)

    def run(ctx: Context) -> Outcome:
        undefined, year, measured, top, bottom = ctx.once(key, derive)
        if undefined is not None:
            return undefined
        ok = holds(top * td, tn * bottom)
        shown = ratio_digits(top, bottom, tn, td)
        text, (zh, en) = fmt(shown), tails[ok]
        return new_outcome(
            Status.PASS if ok else Status.FAIL,
            zh=f"{year} 年 {names} = {text}{zh}",
            en=f"{year}: {names} = {text}{en}",
            measured=measured + (measure("ratio", shown),),
            shortfall=None if ok else ratio_digits(abs(tn * bottom - top * td), td * bottom),
            margin=later(scale.of_ratio, top, bottom, ok),
        )

    return _shared(check, run)


def compile_growth(check: Growth, problems: list[str]) -> Evaluator:
    need_year(check.field, problems)
    get = year_getter(check.field)
    op, value, n = Op(check.op), check.value, check.years
    holds = op.test
    need_zh, need_en = f"{op.words_zh}{fmt(value)}%", f"{op.symbol} {fmt(value)}%"  # the requirement, in words
    used, other = growth.growth_readings(n)  # read at compile time: the one place that defines the formula
    (tn, td), (on, od) = used.target(value).as_integer_ratio(), other.target(value).as_integer_ratio()
    scale = margins.Scale(value, "%")

    def value_of(years: dict, year: int) -> Decimal | None:
        figures = years.get(year)
        v = get(figures) if figures is not None else None
        return None if v is None else Decimal(v)

    def derive(ctx: Context) -> tuple:
        """(the outcome of a missing or zero value, or None; the rate; last / first exactly, as
        top / bottom with bottom > 0; what was measured; the reason's heads; the other reading's
        last / base and its reason's head, if the profile gives its base year)."""
        years, last_year = ctx.profile.years, ctx.anchor
        first_year = last_year - used.first_offset
        read = {y: value_of(years, y) for y in ctx.window(n)}
        measured = tuple(measure(str(y), v) for y, v in read.items())
        first = read[first_year] if first_year in read else value_of(years, first_year)
        last = read[last_year] if last_year in read else value_of(years, last_year)
        missing = [f"years.{y}.{check.field}" for y, v in ((first_year, first), (last_year, last)) if v is None]
        if missing:
            return missing_input(missing), None, 0, 0, (), "", "", None
        if first == 0:
            zero = new_outcome(
                Status.UNKNOWN,
                zh=f"{first_year} 年 {check.field} 为 0,增长率无定义",
                en=f"{check.field} is 0 in {first_year}: growth is undefined",
                measured=measured,
            )
            return zero, None, 0, 0, (), "", "", None
        top, bottom = ratio_terms(last, first)
        rate = growth.growth_rate(first, last, used.steps)
        zh = f"年均增速 = {used.formula(first_year, last_year, 'zh')} = {fmt(rate)}%({first_year}–{last_year},{used.steps} 个增长期),要求"
        en = (
            f"average annual growth = {used.formula(first_year, last_year, 'en')} = {fmt(rate)}% ({first_year}–{last_year}, "
            f"{used.steps} steps); required "
        )
        measured += (measure("rate", rate),)
        base_year = last_year - other.first_offset
        base = value_of(years, base_year)
        if base is None or base == 0:
            return None, rate, top, bottom, measured, zh, en, None
        other_rate = growth.growth_rate(base, last, other.steps)
        measured = (measure(str(base_year), base),) + measured + (measure(f"rate_{other.name}", other_rate),)
        heads = (
            f"另一读法 {other.formula(base_year, last_year, 'zh')} = {fmt(other_rate)}%({other.steps} 个增长期)则",
            f"the other reading, {other.formula(base_year, last_year, 'en')} = {fmt(other_rate)}% ({other.steps} steps), would be ",
        )
        return None, rate, top, bottom, measured, zh, en, (*ratio_terms(last, base), heads)

    key = ("growth", check.field, n)

    def run(ctx: Context) -> Outcome:
        undefined, rate, top, bottom, measured, zh, en, base = ctx.once(key, derive)
        if undefined is not None:
            return undefined
        ok = holds(top * td, tn * bottom)
        zh_v, en_v = verdict(ok)
        zh, en = f"{zh}{need_zh}:{zh_v}", f"{en}{need_en}: {en_v}"
        remarks: tuple[Note, ...] = ()
        if base is not None:
            other_top, other_bottom, (more_zh, more_en) = base
            other_ok = holds(other_top * od, on * other_bottom)
            if other_ok != ok:
                o_zh, o_en = verdict(other_ok)
                zh_more = f"{more_zh}{o_zh}:两种读法结论不同,由主管部门把握"
                en_more = f"{more_en}{o_en}: the two readings decide differently — for the authority"
                zh, en = f"{zh};{zh_more}", f"{en}; {en_more}"
                remarks = (Note(code="growth_readings_differ", zh=zh_more, en=en_more),)
        return new_outcome(
            Status.PASS if ok else Status.FAIL,
            zh=zh,
            en=en,
            measured=measured,
            shortfall=None if ok or rate is None else shortfall(op, rate, value),
            margin=None if rate is None else later(_rate_margin, scale, rate, ok, top, bottom, used.steps),
            remarks=remarks,
        )

    return _shared(check, run)


def _rate_margin(scale: margins.Scale, rate: Decimal, ok: bool, top: int, bottom: int, steps: int) -> Any:
    """The margin of a growth rate: from the rate shown, exact where the rate is the growth itself."""
    return scale.of(rate, ok, exact=_exact_rate(rate, top, bottom, steps))


def _exact_rate(rate: Decimal, top: int, bottom: int, steps: int) -> bool:
    """Whether the rounded rate (in percent, to 0.01) is the growth itself: ``(1 + rate)^steps`` is
    ``top / bottom`` exactly (121/100 over two steps is exactly 10%; most ratios have no such root)."""
    return (int(rate.scaleb(2)) + 10000) ** steps * bottom == top * 10000**steps
