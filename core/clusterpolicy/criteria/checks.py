"""Check kinds compiled into closures: what each kind of check finds for one profile.

:func:`compile_check` turns a check (:mod:`clusterpolicy.criteria.kinds`) into an evaluator of a
:class:`Context` (one profile at one assessment date), checking the field paths it names. Logic is
three-valued: a definite failure decides a check even when other inputs are missing; otherwise a
missing input makes it ``unknown`` and is named, never defaulted. Numbers are compared exactly
(:class:`~decimal.Decimal`, :class:`~fractions.Fraction`).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Context as DecimalContext, Decimal
from typing import Any

from ..model import Note
from ..limits import MAX_FRACTION_DIGITS, MAX_INTEGER_DIGITS
from ..numbers import Op, fmt, ratio_digits, ratio_terms, shortfall
from .fields import (
    FieldType,
    choices,
    is_year_field,
    scalar_getter,
    scalar_type,
    unknown_field,
    year_getter,
)
from .kinds import (
    AnyOf,
    Attestation,
    Condition,
    Conditional,
    EachYear,
    Growth,
    InSet,
    NegativeList,
    NotEncoded,
    Prerequisite,
    Provision,
    RankAtLeast,
    RankLevel,
    Share,
    Threshold,
)
from . import growth, margins
from .context import Context, Evaluator, Outcome, missing_input
from .incidents import compile_negative_list
from .profile import Profile
from .results import Finding, Measure, Status, measure

#: Addition at a precision where a sum of input figures is exact: each has at most 55 digits
#: (clusterpolicy.limits), and 9 more leave room for the carries of up to 10**9 terms.
_add = DecimalContext(prec=MAX_INTEGER_DIGITS + MAX_FRACTION_DIGITS + 9).add


def _need_choices(path: str, values: Any, problems: list[str]) -> None:
    allowed = choices(path)
    bad = [v for v in values if allowed is not None and v not in allowed]
    if bad:
        problems.append(f"field {path!r} cannot be {', '.join(map(repr, bad))} (expected one of: {', '.join(allowed)})")


def compile_check(check: Any, problems: list[str]) -> Evaluator:
    compiler = _COMPILERS[type(check)]
    return compiler(check, problems)


def _need_scalar(path: str, kinds: tuple[FieldType, ...], problems: list[str]) -> None:
    t = scalar_type(path)
    if t is None:
        problems.append(unknown_field(path))
    elif t not in kinds:
        problems.append(f"field {path!r} is {t.value}, expected {' or '.join(k.value for k in kinds)}")


def _need_year(path: str, problems: list[str]) -> None:
    if not is_year_field(path):
        problems.append(unknown_field(path, per_year=True))


def _once(make: Callable[..., Outcome], bound: int = 64) -> Callable[..., Outcome]:
    """``make(*key)``, made once per key and marked fixed: for a check that reads only a few values.
    Past ``bound`` keys (a free-text field) an outcome is made each time, not fixed."""
    made: dict[tuple, Outcome] = {}

    def outcome(*key: Any) -> Outcome:
        found = made.get(key)
        if found is None:
            found = make(*key)
            if len(made) < bound:
                found = made[key] = found._replace(fixed=True)
        return found

    return outcome


def _verdict(ok: bool) -> tuple[str, str]:
    return ("满足", "met") if ok else ("不满足", "not met")


def _compile_threshold(check: Threshold, problems: list[str]) -> Evaluator:
    for path in check.fields:
        _need_scalar(path, (FieldType.NUMBER,), problems)
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
        return Outcome(
            Status.PASS if ok else Status.FAIL,
            zh=f"{shown}{zh}",
            en=f"{shown}{en}",
            measured=measured,
            shortfall=None if ok else shortfall(op, total, value),
            margin=scale.of(total, ok),
        )

    return _shared(check, run)


def _shared(check: Any, run: Evaluator) -> Evaluator:
    """``run``, its outcome worked out once per context for every check written alike — the same kind,
    fields and threshold, digit for digit (its repr): regimes that state one requirement share it."""
    key = ("outcome", repr(check))
    return lambda ctx: ctx.once(key, run)


def _tails(zh: str, en: str) -> dict[bool, tuple[str, str]]:
    """A requirement's words with the verdict, by whether it is met (``要求…:满足``)."""
    return {ok: (f"{zh}:{_verdict(ok)[0]}", f"{en}: {_verdict(ok)[1]}") for ok in (True, False)}


def _compile_each_year(check: EachYear, problems: list[str]) -> Evaluator:
    _need_year(check.field, problems)
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
            return Outcome(
                Status.FAIL,
                zh=f"{span} 各年须{need_zh};未达到:{listed}",
                en=f"each of {span} must be {need_en}; not met in {listed}",
                measured=measured,
                shortfall=max(shortfall(op, v, value) for _, v in failing),
                margin=scale.each_year(failing, op, False),
            )
        if missing is not None:
            return missing
        lowest = ", ".join(shown.values())
        return Outcome(
            Status.PASS,
            zh=f"{span} 各年 {lowest}{unit},均{need_zh}:满足",
            en=f"{span}: {lowest}{unit}, each {need_en}: met",
            measured=measured,
            margin=scale.each_year(given, op, True),
        )

    return _shared(check, run)


def _compile_share(check: Share, problems: list[str]) -> Evaluator:
    _need_year(check.numerator, problems)
    _need_year(check.denominator, problems)
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
            zero = Outcome(
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
        return Outcome(
            Status.PASS if ok else Status.FAIL,
            zh=f"{year} 年 {names} = {text}{zh}",
            en=f"{year}: {names} = {text}{en}",
            measured=measured + (measure("ratio", shown),),
            shortfall=None if ok else ratio_digits(abs(tn * bottom - top * td), td * bottom),
            margin=scale.of_ratio(top, bottom, ok),
        )

    return _shared(check, run)


def _compile_growth(check: Growth, problems: list[str]) -> Evaluator:
    _need_year(check.field, problems)
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
            zero = Outcome(
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
        zh_v, en_v = _verdict(ok)
        zh, en = f"{zh}{need_zh}:{zh_v}", f"{en}{need_en}: {en_v}"
        remarks: tuple[Note, ...] = ()
        if base is not None:
            other_top, other_bottom, (more_zh, more_en) = base
            other_ok = holds(other_top * od, on * other_bottom)
            if other_ok != ok:
                o_zh, o_en = _verdict(other_ok)
                zh_more = f"{more_zh}{o_zh}:两种读法结论不同,由主管部门把握"
                en_more = f"{more_en}{o_en}: the two readings decide differently — for the authority"
                zh, en = f"{zh};{zh_more}", f"{en}; {en_more}"
                remarks = (Note(code="growth_readings_differ", zh=zh_more, en=en_more),)
        return Outcome(
            Status.PASS if ok else Status.FAIL,
            zh=zh,
            en=en,
            measured=measured,
            shortfall=None if ok or rate is None else shortfall(op, rate, value),
            margin=None if rate is None else scale.of(rate, ok, exact=False),
            remarks=remarks,
        )

    return _shared(check, run)


def _compile_attestation(check: Attestation, problems: list[str]) -> Evaluator:
    path = f"attestations.{check.key}"
    missing = missing_input([path])._replace(fixed=True)
    met = Outcome(Status.PASS, zh="申报方确认满足", en="attested as met", measured=(Measure(label=path, value=True),), fixed=True)
    not_met = Outcome(Status.FAIL, zh="申报方确认不满足", en="attested as not met", measured=(Measure(label=path, value=False),), fixed=True)

    def run(ctx: Context) -> Outcome:
        v = ctx.profile.attestations.get(check.key)
        return missing if v is None else met if v else not_met

    return run


def _compile_rank(check: RankAtLeast, problems: list[str]) -> Evaluator:
    _need_scalar(check.field, (FieldType.TEXT,), problems)
    get = scalar_getter(check.field)
    need = check.at_least
    missing = missing_input([check.field])._replace(fixed=True)
    from ..glossary import term  # its words for the levels (zh)

    @_once
    def outcome(level: RankLevel) -> Outcome:
        ok = level.order >= need.order
        zh_v, en_v = _verdict(ok)
        return Outcome(
            Status.PASS if ok else Status.FAIL,
            zh=f"细分领域前列:{term('rank', level.value, 'zh')},要求至少{term('rank', need.value, 'zh')}:{zh_v}",
            en=f"ranks at the front of its sub-sector at level {level.value}; required at least {need.value}: {en_v}",
            measured=(Measure(label=check.field, value=level.value),),
        )

    def run(ctx: Context) -> Outcome:
        v = get(ctx.profile)
        return missing if v is None else outcome(RankLevel(v))

    return run


def _compile_in_set(check: InSet, problems: list[str]) -> Evaluator:
    _need_scalar(check.field, (FieldType.TEXT,), problems)
    _need_choices(check.field, check.values, problems)
    get = scalar_getter(check.field)
    allowed = " / ".join(check.values)
    missing = missing_input([check.field])._replace(fixed=True)

    @_once
    def outcome(v: str) -> Outcome:
        ok = v in check.values
        zh_v, en_v = _verdict(ok)
        return Outcome(
            Status.PASS if ok else Status.FAIL,
            zh=f"{check.field} = {v},须为 {allowed}:{zh_v}",
            en=f"{check.field} = {v}; must be {allowed}: {en_v}",
            measured=(Measure(label=check.field, value=v),),
        )

    def run(ctx: Context) -> Outcome:
        v = get(ctx.profile)
        return missing if v is None else outcome(getattr(v, "value", v))

    return run


def compile_condition(cond: Condition, problems: list[str]) -> Callable[[Profile], bool | None]:
    if scalar_type(cond.field) is None:
        problems.append(unknown_field(cond.field, where=" in condition"))
    _need_choices(cond.field, (cond.equals,), problems)
    get = scalar_getter(cond.field)

    def holds(profile: Profile) -> bool | None:
        v = get(profile)
        if v is None:
            return None
        return getattr(v, "value", v) == cond.equals

    return holds


def _compile_conditional(check: Conditional, problems: list[str]) -> Evaluator:
    holds = compile_condition(check.when, problems)
    inner = compile_check(check.then, problems)
    when = f"{check.when.field} = {_show(check.when.equals)}"
    not_applicable = Outcome(Status.NOT_APPLICABLE, zh=f"仅当 {when} 时适用:不适用", en=f"applies only when {when}: not applicable", fixed=True)
    maybe = None  # where the condition is unknown, a provision may apply: said as such
    if isinstance(check.then, Provision):
        field, then = check.when.field, check.then
        maybe = Outcome(Status.NOTED, zh=f"仅当 {when} 时适用({field} 未填):{then.note_zh}", en=f"applies only when {when} ({field} not given): {then.note_en}", fixed=True)

    def run(ctx: Context) -> Outcome:
        applies = holds(ctx.profile)
        if applies is False:
            return not_applicable
        result = inner(ctx)
        if applies is None and result.status is Status.NOTED:
            return maybe or result
        if applies is None and result.status is not Status.PASS:
            missing = (check.when.field,) + result.missing
            return Outcome(
                Status.UNKNOWN,
                zh=f"仅当 {when} 时适用;缺少输入:{', '.join(missing)}",
                en=f"applies only when {when}; missing input: {', '.join(missing)}",
                measured=result.measured,
                missing=missing,
            )
        return result

    return run


def _compile_prerequisite(check: Prerequisite, problems: list[str]) -> Evaluator:
    _need_scalar(check.field, (FieldType.BOOL,), problems)
    get = scalar_getter(check.field)
    exempt = compile_condition(check.exempt_when, problems) if check.exempt_when else None
    exemption = f"{check.exempt_when.field} = {_show(check.exempt_when.equals)}" if check.exempt_when else ""
    met = Outcome(Status.PASS, zh=f"{check.field} = true:满足", en=f"{check.field} = true: met", measured=(Measure(label=check.field, value=True),), fixed=True)

    @_once
    def outcome(v: bool | None, is_exempt: bool | None) -> Outcome:  # by the field's value and whether exempt
        if is_exempt:
            return Outcome(Status.NOT_APPLICABLE, zh=f"豁免({exemption}):不要求", en=f"exempt ({exemption}): not required")
        missing = ([check.field] if v is None else []) + ([check.exempt_when.field] if is_exempt is None else [])  # type: ignore[union-attr]
        if v is None:
            return missing_input(missing)
        if is_exempt is None:
            return Outcome(
                Status.UNKNOWN,
                zh=f"{check.field} = false;是否豁免未知,缺少输入:{', '.join(missing)}",
                en=f"{check.field} = false; exemption unknown, missing input: {', '.join(missing)}",
                measured=(Measure(label=check.field, value=False),),
                missing=tuple(missing),
            )
        return Outcome(
            Status.FAIL,
            zh=f"{check.field} = false,且不符合豁免条件:不满足",
            en=f"{check.field} = false and not exempt: not met",
            measured=(Measure(label=check.field, value=False),),
        )

    def run(ctx: Context) -> Outcome:
        v = get(ctx.profile)
        return met if v is True else outcome(v, exempt(ctx.profile) if exempt else False)

    return run


def _compile_note(check: NotEncoded | Provision, problems: list[str]) -> Evaluator:
    """A criterion no source gives (not_encoded), or a provision without a requirement (noted): its note."""
    outcome = Outcome(Status.NOTED if isinstance(check, Provision) else Status.NOT_ENCODED, zh=check.note_zh, en=check.note_en, fixed=True)
    return lambda ctx: outcome


def _compile_any_of(check: AnyOf, problems: list[str]) -> Evaluator:
    options = [compile_check(option, problems) for option in check.options]
    n = len(options)
    labels_zh = check.labels_zh or tuple(f"选项{i + 1}" for i in range(n))
    labels_en = check.labels_en or tuple(f"option {i + 1}" for i in range(n))
    if len(labels_zh) != n or len(labels_en) != n:
        problems.append(f"any_of has {n} options but {len(labels_zh)} zh / {len(labels_en)} en labels")
    if check.need > n:
        problems.append(f"any_of needs {check.need} of only {n} options")
    fixed = [_part_fields(i, o, zh, en) for i, (o, zh, en) in enumerate(zip(check.options, labels_zh, labels_en))]

    def run(ctx: Context) -> Outcome:
        results = [fn(ctx) for fn in options]
        passed = sum(r.status is Status.PASS for r in results)
        open_ = sum(r.status is Status.UNKNOWN for r in results)
        parts = tuple(_part(fixed[i], r) for i, r in enumerate(results))
        measured = tuple(m for r in results for m in r.measured)
        zh_parts = ";".join(f"{labels_zh[i]}:{r.zh}" for i, r in enumerate(results))
        en_parts = "; ".join(f"{labels_en[i]}: {r.en}" for i, r in enumerate(results))
        if passed >= check.need:
            status = Status.PASS
        elif passed + open_ >= check.need:
            status = Status.UNKNOWN
        else:
            status = Status.FAIL
        missing = tuple(p for r in results if r.status is Status.UNKNOWN for p in r.missing) if status is Status.UNKNOWN else ()
        need_zh = "任一" if check.need == 1 else f"至少 {check.need} 项"
        need_en = "any one" if check.need == 1 else f"at least {check.need}"
        return Outcome(
            status,
            zh=f"须满足{need_zh}({passed}/{n} 满足):{zh_parts}",
            en=f"{need_en} of {n} alternatives required ({passed} met): {en_parts}",
            measured=measured,
            missing=missing,
            parts=parts,
            margin=margins.of_parts(parts, check.need, status),
            remarks=tuple(note for r in results for note in r.remarks),
        )

    return run


_COMPILERS: dict[type, Callable[[Any, list[str]], Evaluator]] = {
    Threshold: _compile_threshold,
    EachYear: _compile_each_year,
    Share: _compile_share,
    Growth: _compile_growth,
    AnyOf: _compile_any_of,
    Attestation: _compile_attestation,
    RankAtLeast: _compile_rank,
    InSet: _compile_in_set,
    Conditional: _compile_conditional,
    NegativeList: compile_negative_list,
    Prerequisite: _compile_prerequisite,
    NotEncoded: _compile_note,
    Provision: _compile_note,
}


def _show(value: object) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def requirement_of(check: Any) -> tuple[Op | None, Decimal | str | None, str]:
    if isinstance(check, (Threshold, EachYear, Share)):
        return check.op, check.value, check.unit
    if isinstance(check, Growth):
        return check.op, check.value, "%"
    if isinstance(check, RankAtLeast):
        return Op.GE, check.at_least.value, ""
    if isinstance(check, InSet):
        return None, " | ".join(check.values), ""
    if isinstance(check, Conditional):
        return requirement_of(check.then)
    return None, None, ""


def _part_fields(i: int, check: Any, label_zh: str, label_en: str) -> dict[str, Any]:
    """The fields of an alternative's finding that do not depend on the profile."""
    op, threshold, unit = requirement_of(check)
    return {"rule": f"#{i + 1}", "indicator": "", "title_zh": label_zh, "title_en": label_en, "kind": type(check).KIND, "op": op,
            "threshold": threshold, "unit": unit, "soft": False, "citation": None, "provenance": None, "origin": "",
            "inherited_from": None, "amendments": (), "interpretation": None, "declaration": None, "parts": ()}  # fmt: skip


def _part(fixed: dict[str, Any], outcome: Outcome) -> Finding:
    return Finding.of({**fixed, "status": outcome.status, "measured": outcome.measured, "shortfall": outcome.shortfall,
                       "margin": outcome.margin, "missing": outcome.missing, "reason_zh": outcome.zh, "reason_en": outcome.en})  # fmt: skip
