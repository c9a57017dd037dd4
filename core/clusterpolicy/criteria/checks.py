"""Check kinds compiled into closures: what each kind of check finds for one profile (the numeric
kinds: :mod:`clusterpolicy.criteria.numeric`).

:func:`compile_check` turns a check (:mod:`clusterpolicy.criteria.kinds`) into an evaluator of a
:class:`Context` (one profile at one assessment date), checking the field paths it names. Logic is
three-valued: a definite failure decides a check even when other inputs are missing; otherwise a
missing input makes it ``unknown`` and is named, never defaulted. Numbers are compared exactly
(:class:`~decimal.Decimal`, :class:`~fractions.Fraction`).
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs

from ..numbers import Op
from .fields import FieldType, choices, is_year_field, scalar_getter, scalar_type, unknown_field
from .kinds import (
    CHECK_KINDS,
    AnyOf,
    Attestation,
    Condition,
    Conditional,
    Criterion,
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
from . import margins
from .context import Context, Evaluator, Outcome, missing_input, new_outcome
from .incidents import compile_negative_list
from .numeric import compile_each_year, compile_growth, compile_share, compile_threshold, need_scalar, verdict
from .profile import Profile
from .results import Finding, Measure, Status, later


def _need_choices(path: str, values: Any, problems: list[str]) -> None:
    allowed = choices(path)
    bad = [v for v in values if allowed is not None and v not in allowed]
    if bad:
        problems.append(f"field {path!r} cannot be {', '.join(map(repr, bad))} (expected one of: {', '.join(allowed)})")


def compile_check(check: Any, problems: list[str]) -> Evaluator:
    compiler = _COMPILERS[type(check)]
    return compiler(check, problems)


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
    need_scalar(check.field, (FieldType.TEXT,), problems)
    get = scalar_getter(check.field)
    need = check.at_least
    missing = missing_input([check.field])._replace(fixed=True)
    from ..glossary import term  # its words for the levels (zh)

    @_once
    def outcome(level: RankLevel) -> Outcome:
        ok = level.order >= need.order
        zh_v, en_v = verdict(ok)
        return Outcome(
            Status.PASS if ok else Status.FAIL,
            zh=f"细分领域前列:{term('rank', level.value, 'zh')},要求至少{term('rank', need.value, 'zh')}:{zh_v}",
            en=f"ranks at the front of its sub-sector at level {level.value}; required at least {need.value}: {en_v}",
            measured=(Measure(label=check.field, value=level.value),),
        )

    levels = {m: m for m in RankLevel}  # a level by itself or its text (a str enum), without the enum's call

    def run(ctx: Context) -> Outcome:
        v = get(ctx.profile)
        return missing if v is None else outcome(levels.get(v) or RankLevel(v))

    return run


def _compile_in_set(check: InSet, problems: list[str]) -> Evaluator:
    need_scalar(check.field, (FieldType.TEXT,), problems)
    _need_choices(check.field, check.values, problems)
    get = scalar_getter(check.field)
    allowed = " / ".join(check.values)
    missing = missing_input([check.field])._replace(fixed=True)

    @_once
    def outcome(v: str) -> Outcome:
        ok = v in check.values
        zh_v, en_v = verdict(ok)
        return Outcome(
            Status.PASS if ok else Status.FAIL,
            zh=f"{check.field} = {v},须为 {allowed}:{zh_v}",
            en=f"{check.field} = {v}; must be {allowed}: {en_v}",
            measured=(Measure(label=check.field, value=v),),
        )

    def run(ctx: Context) -> Outcome:
        v = get(ctx.profile)
        return missing if v is None else outcome(getattr(v, "_value_", v))  # an enum's value (its property, without the call)

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
        return getattr(v, "_value_", v) == cond.equals

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
    need_scalar(check.field, (FieldType.BOOL,), problems)
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

    need = check.need
    need_zh = "任一" if need == 1 else f"至少 {need} 项"
    need_en = "any one" if need == 1 else f"at least {need}"
    labelled = tuple(zip(options, fixed, labels_zh, labels_en))

    def run(ctx: Context) -> Outcome:
        passed = open_ = 0
        parts, measured, missing, remarks, zh_parts, en_parts = [], [], [], [], [], []
        for fn, fields, label_zh, label_en in labelled:  # one pass over the alternatives
            r = fn(ctx)
            if r.status is Status.PASS:
                passed += 1
            elif r.status is Status.UNKNOWN:
                open_ += 1
                missing += r.missing
            parts.append(_part(fields, r))
            measured += r.measured
            remarks += r.remarks
            zh_parts.append(f"{label_zh}:{r.zh}")
            en_parts.append(f"{label_en}: {r.en}")
        if passed >= need:
            status = Status.PASS
        elif passed + open_ >= need:
            status = Status.UNKNOWN
        else:
            status = Status.FAIL
        parts = tuple(parts)
        return new_outcome(
            status,
            zh=f"须满足{need_zh}({passed}/{n} 满足):{';'.join(zh_parts)}",
            en=f"{need_en} of {n} alternatives required ({passed} met): {'; '.join(en_parts)}",
            measured=tuple(measured),
            missing=tuple(missing) if status is Status.UNKNOWN else (),
            parts=parts,
            margin=later(margins.of_parts, parts, need, status),
            remarks=tuple(remarks),
        )

    return run


_COMPILERS: dict[type, Callable[[Any, list[str]], Evaluator]] = {
    Threshold: compile_threshold,
    EachYear: compile_each_year,
    Share: compile_share,
    Growth: compile_growth,
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


# --- of a criterion that does not load --------------------------------------------------------


def unknown_names(rule: Any) -> list[str]:
    """The problems of the profile fields a criterion's table names (its check's, its waiver's) that the
    profile does not have, for a criterion that does not load: what of it can be judged before it does.
    A check or a waiver that loads on its own is compiled (every problem of its fields); of one that does
    not, each name of the right type that its kind's fields read (``reads`` in :mod:`.kinds`): a criterion's in a rule file that does not load is judged."""
    from ..convert import sound_field

    from ..limits import LimitError, check_depth

    try:
        check_depth(rule)
    except LimitError:  # refused as it is: nothing of it is read
        return []
    if not isinstance(rule, dict):
        return []
    problems: list[str] = []
    check, waiver = sound_field(rule, Criterion, "check"), sound_field(rule, Criterion, "waiver")
    if check is not None:
        compile_check(check, problems)
    else:
        problems += _unknown_in_check(rule.get("check"))
    if waiver is not None:
        compile_condition(waiver.when, problems)
    elif isinstance(rule.get("waiver"), dict):
        problems += _unknown_in(rule["waiver"].get("when"), Condition)
    return problems


def _unknown_in_check(data: Any) -> list[str]:
    kind = data.get("kind") if isinstance(data, dict) else None
    cls = next((c for c in CHECK_KINDS if c.KIND == kind), None)
    return _unknown_in(data, cls) if cls is not None else []


def _unknown_in(data: Any, cls: type) -> list[str]:
    """The unknown names of a table of ``cls`` (a check kind or a condition), its nested ones' too."""
    if not isinstance(data, dict):
        return []
    problems: list[str] = []
    for a in attrs.fields(attrs.resolve_types(cls)):
        value, reads = data.get(a.name), a.metadata.get("reads")
        items = value if isinstance(value, list) else [value]
        held = {t for arg in (a.type, *typing.get_args(a.type)) for t in (arg, *typing.get_args(arg))}
        if reads is not None:
            names = [v for v in items if isinstance(v, str) and v.strip()]
            if reads == "year":
                problems += [unknown_field(n, per_year=True) for n in names if not is_year_field(n)]
            else:
                problems += [unknown_field(n, where=" in condition" if reads == "condition" else "") for n in names if scalar_type(n) is None]
        elif CHECK_KINDS[0] in held:  # an any-of's checks, a conditional's
            problems += [p for item in items for p in _unknown_in_check(item)]
        elif Condition in held:
            problems += _unknown_in(value, Condition)
    return problems
