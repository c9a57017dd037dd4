"""Evaluate criteria against a profile.

:func:`compile_criteria` runs once per regime: it checks every field path a rule names and turns
each check into a closure. :meth:`CompiledCriteria.evaluate` then runs those closures for a profile
— no hooks, no parsing. Logic is three-valued: a definite failure decides a check even when other
inputs are missing; otherwise a missing input makes it ``unknown`` and is named, never defaulted.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from ..errors import LoadError
from ..limits import as_of_date
from ..model import Jurisdiction, Note
from .checks import (
    Context,
    Evaluator,
    Outcome,
    compile_check,
    compile_condition,
    requirement_of,
)
from .kinds import (
    Criterion,
)
from .profile import Profile
from .results import Assessment, Finding, Omission, Overall, Status


class CompiledCriteria:
    """A regime's criteria, compiled for evaluation."""

    def __init__(self, jurisdiction: Jurisdiction, items: Sequence[tuple[Any, Evaluator]], removed: Sequence[Omission] = ()):
        self.jurisdiction = jurisdiction
        self.items = tuple(items)
        self.removed = tuple(removed)
        self._compiled = tuple((_Static(resolved), fn) for resolved, fn in self.items)

    def evaluate(self, profile: Profile, as_of: date | None = None) -> Assessment:
        notes: list[Note] = []
        if as_of is not None:
            as_of_date(as_of)
        else:
            as_of = profile.assessment_date
        if as_of is None:
            as_of = date.today()
            notes.append(
                Note(
                    code="as_of_default",
                    zh=f"未给出评估日期,按今天({as_of.isoformat()})评估。",
                    en=f"No assessment date given; assessed as of today ({as_of.isoformat()}).",
                )
            )
        ctx = Context(profile, as_of)
        findings = []
        remarks: list[Note] = []
        for static, fn in self._compiled:
            outcome = fn(ctx)
            findings.append(_finding(static, outcome))
            remarks += [Note(code=n.code, zh=f"{static.rule}:{n.zh}", en=f"{static.rule}: {n.en}") for n in outcome.remarks]
        notes += _in_force_notes(self.jurisdiction, as_of)
        return _assessment(self.jurisdiction, profile, as_of, ctx, findings, notes + remarks, self.removed)


def compile_criteria(
    jurisdiction: Jurisdiction, criteria: Sequence[Any], removed: Sequence[Omission] = ()
) -> CompiledCriteria:
    """Check the field paths of resolved criteria and compile them; raise LoadError on problems.

    ``removed`` lists the parent's criteria this jurisdiction does not apply (reported with each
    assessment)."""
    problems: list[str] = []
    items = []
    for resolved in criteria:
        rule: Criterion = resolved.rule
        where = f"plugin {resolved.plugin!r}: criterion {rule.id!r} for {jurisdiction.id!r}"
        local: list[str] = []
        fn = compile_check(rule.check, local)
        waiver_fn = compile_condition(rule.waiver.when, local) if rule.waiver else None
        problems += [f"{where}: {p}" for p in local]
        if not local:
            items.append((resolved, _with_waiver(fn, rule, waiver_fn)))
    if problems:
        raise LoadError(problems)
    return CompiledCriteria(jurisdiction, items, removed)


def check_rule(rule: Criterion) -> list[str]:
    """Problems :func:`compile_criteria` would report for one criterion (field paths, values),
    without the plugin prefix; rule files use it to point at the TOML key at fault."""
    problems: list[str] = []
    compile_check(rule.check, problems)
    if rule.waiver is not None:
        compile_condition(rule.waiver.when, problems)
    return problems


def _with_waiver(fn: Evaluator, rule: Criterion, waiver: Callable[[Profile], bool | None] | None) -> Evaluator:
    """A failing check is ``waived`` when the profile claims the waiver's condition; the finding
    says that whether the circumstance applies is the authority's call."""
    if waiver is None or rule.waiver is None:
        return fn
    w = rule.waiver
    field = w.when.field

    def run(ctx: Context) -> Outcome:
        result = fn(ctx)
        if result.status is Status.PASS:
            return result
        waived = waiver(ctx.profile)
        if waived:
            return Outcome(
                Status.WAIVED,
                zh=f"{w.note_zh}(档案声明 {field} = true);是否属于该特殊情况由主管部门认定;{result.zh}",
                en=f"waived on the profile's claim ({field} = true): {w.note_en}; whether the special circumstance "
                f"applies is the authority's call; {result.en}",
                measured=result.measured,
                shortfall=result.shortfall,
                remarks=result.remarks,
            )
        if waived is None and result.status is Status.FAIL:
            return Outcome(
                Status.UNKNOWN,
                zh=f"{result.zh};是否适用豁免未知(缺少 {field})",
                en=f"{result.en}; whether the waiver applies is unknown (missing {field})",
                measured=result.measured,
                shortfall=result.shortfall,
                missing=(field,),
                remarks=result.remarks,
            )
        if waived is None:
            return Outcome(
                result.status, zh=result.zh, en=result.en, measured=result.measured, missing=result.missing + (field,), remarks=result.remarks
            )
        return result

    return run


def _in_force_notes(jurisdiction: Jurisdiction, as_of: date) -> list[Note]:
    """A note when the regime's own documents were not yet in force on ``as_of``, or may not have been."""
    notes = []
    for src in jurisdiction.sources:
        if src.in_force is None:
            continue
        start = src.in_force_from()
        cite = src.in_force.citation.render()
        if start is not None and as_of < start:
            notes.append(
                Note(
                    code="not_in_force",
                    zh=f"{src.id} 自 {start} 起实施({cite}),评估日期 {as_of.isoformat()} 尚未实施。",
                    en=f"{src.id} is in force from {start} ({cite}); on {as_of.isoformat()} it was not yet in force.",
                )
            )
        elif start is None and src.copy_dated is not None and as_of < src.copy_dated:
            notes.append(
                Note(
                    code="in_force_unknown",
                    zh=f"{src.id} 自印发之日起实施({cite}),印发日期不详(现有文本为 {src.copy_dated} 的转载):"
                    f"评估日期 {as_of.isoformat()} 是否已实施无法确定。",
                    en=f"{src.id} is in force from its date of issue ({cite}), which is not known (the copy at hand is dated "
                    f"{src.copy_dated}): whether it was in force on {as_of.isoformat()} cannot be said.",
                )
            )
    return notes


class _Static:
    """What a criterion's findings share whatever the profile: worked out once, at compile time."""

    __slots__ = ("rule", "indicator", "title_zh", "title_en", "kind", "op", "threshold", "unit", "soft", "citation",
                 "provenance", "origin")  # fmt: skip

    def __init__(self, resolved: Any):
        rule: Criterion = resolved.rule
        self.rule, self.indicator, self.title_zh, self.title_en = rule.id, rule.indicator, rule.title_zh, rule.title_en
        self.kind = type(rule.check).KIND
        self.op, self.threshold, self.unit = requirement_of(rule.check)
        self.soft, self.citation, self.provenance, self.origin = rule.soft, rule.citation, rule.provenance, resolved.origin


_SHORTFALL = frozenset({Status.FAIL, Status.SOFT_FAIL, Status.WAIVED})


def _finding(c: _Static, outcome: Outcome) -> Finding:
    status = outcome.status
    zh, en = outcome.zh, outcome.en
    if status is Status.FAIL and c.soft:
        status = Status.SOFT_FAIL
        zh, en = f"{zh}(“一般”限值:仅提示,不否决)", f"{en} (soft limit: reported, not disqualifying)"
    return Finding(
        rule=c.rule,
        indicator=c.indicator,
        title_zh=c.title_zh,
        title_en=c.title_en,
        kind=c.kind,
        status=status,
        measured=outcome.measured,
        op=c.op,
        threshold=c.threshold,
        unit=c.unit,
        shortfall=outcome.shortfall if status in _SHORTFALL else None,
        missing=outcome.missing,
        soft=c.soft,
        citation=c.citation,
        provenance=c.provenance,
        origin=c.origin,
        reason_zh=zh,
        reason_en=en,
        parts=outcome.parts,
    )


def _assessment(
    jurisdiction: Jurisdiction,
    profile: Profile,
    as_of: date,
    ctx: Context,
    findings: list[Finding],
    notes: list[Note],
    removed: tuple[Omission, ...],
) -> Assessment:
    statuses = {f.status for f in findings}
    if Status.FAIL in statuses:
        overall = Overall.INELIGIBLE
    elif Status.UNKNOWN in statuses or Status.NOT_ENCODED in statuses:
        overall = Overall.INCOMPLETE
    else:
        overall = Overall.ELIGIBLE
    missing: dict[str, None] = {}
    for f in findings:
        if f.status is Status.UNKNOWN:
            missing.update(dict.fromkeys(f.missing))
    if ctx.left_out:
        years = "、".join(map(str, ctx.left_out))
        notes.append(
            Note(
                code="running_year_left_out",
                zh=f"{years} 年在评估日期 {as_of.isoformat()} 尚未结束,不属于“近三年”(已结束的年度),其数据未使用。",
                en=f"{', '.join(map(str, ctx.left_out))} had not ended on {as_of.isoformat()}: not one of the last three "
                "(completed) years, so its figures were left out.",
            )
        )
    if profile.years and ctx.anchor < as_of.year - 1:
        notes.append(
            Note(
                code="stale_data",
                zh=f"最新年度数据为 {ctx.anchor} 年;按评估日期 {as_of.isoformat()},“近三年”应截至 {as_of.year - 1} 年。",
                en=f"The latest figures are for {ctx.anchor}; as of {as_of.isoformat()} the last three years would end in {as_of.year - 1}.",
            )
        )
    for f in findings:
        if f.status is Status.SOFT_FAIL:
            notes.append(Note(code="soft_fail", zh=f"{f.rule}:{f.reason_zh}", en=f"{f.rule}: {f.reason_en}"))
        elif f.status is Status.WAIVED:
            notes.append(Note(code="waived", zh=f"{f.rule}:{f.reason_zh}", en=f"{f.rule}: {f.reason_en}"))
    waived = tuple(f.rule for f in findings if f.status is Status.WAIVED)
    if waived and overall is Overall.ELIGIBLE:
        ids = ", ".join(waived)
        notes.append(
            Note(
                code="rests_on_waiver",
                zh=f"“符合”的结论以档案声明的豁免为前提({ids}):是否适用由主管部门认定。",
                en=f"The verdict 'eligible' rests on a waiver the profile claims ({ids}): whether it applies is the authority's call.",
            )
        )
    not_encoded = [f.rule for f in findings if f.status is Status.NOT_ENCODED]
    if not_encoded:
        ids = ", ".join(not_encoded)
        notes.append(
            Note(
                code="not_encoded",
                zh=f"{len(not_encoded)} 项指标未编码(无来源给出其内容):{ids};须对照原文人工核查,结论不能为“符合”。",
                en=f"{len(not_encoded)} criteria are not encoded (no source gives their content): {ids}; "
                "check them against the text by hand — the result cannot be 'eligible' until then.",
            )
        )
    return Assessment(
        regime=jurisdiction.id,
        regime_zh=jurisdiction.name_zh,
        regime_en=jurisdiction.name_en,
        cluster=profile.name,
        as_of=as_of,
        status=overall,
        findings=tuple(findings),
        missing=tuple(missing),
        warnings=tuple(notes),
        removed=removed,
        waived=waived,
    )
