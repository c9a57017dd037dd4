"""Evaluate criteria against a profile.

:func:`compile_criteria` runs once per regime: it checks every field path a rule names and turns
each check into a closure. :meth:`CompiledCriteria.evaluate` then runs those closures for a profile
— no hooks, no parsing. Logic is three-valued: a definite failure decides a check even when other
inputs are missing; otherwise a missing input makes it ``unknown`` and is named, never defaulted.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from operator import attrgetter
from typing import Any

from ..errors import InputError, LoadError
from ..limits import as_of_date
from ..model import Jurisdiction, Note
from .checks import compile_check, compile_condition, requirement_of
from .context import REMARKS, Context, Evaluator, Outcome, new_outcome
from .kinds import Criterion, at_level, read_paths, uses_own_level
from .margins import ranked
from .profile import Declaration, Profile
from .results import Assessment, Finding, Measure, NotInheritedRule, Omission, Overall, Status, assessment, lasting, later

#: Where a profile's declarations are reported in input errors (the CLI puts the file name in).
PROFILE_SOURCE = "<profile>"

#: Unread ``extra``/``attestations`` keys of a profile checked for a likely typo, per regime (the rest are counted).
MAX_UNREAD_KEYS = 20

_LEVEL_WORDS = {"national": ("全国", "national"), "provincial": ("全省", "provincial")}


class CompiledCriteria:
    """A regime's criteria, compiled for evaluation."""

    def __init__(
        self,
        jurisdiction: Jurisdiction,
        items: Sequence[tuple[Any, Evaluator]],
        removed: Sequence[Omission] = (),
        not_inherited: Sequence[NotInheritedRule] = (),
    ):
        self.jurisdiction = jurisdiction
        self.items = tuple(items)
        self.removed = tuple(removed)
        self.not_inherited = tuple(not_inherited)
        #: the profile paths the rules read (for "did you mean" on an unread extra/attestation key)
        self.reads = frozenset(p for resolved, _ in self.items for p in _rule_paths(resolved.rule))
        jid, level = jurisdiction.id, jurisdiction.level.value
        #: each criterion's facts, evaluator and the look-up of its fixed outcomes' findings
        self._compiled = tuple(
            (static, fn, static.made.get, getattr(fn, "once", None)) for static, fn in ((_Static(jid, level, r), fn) for r, fn in self.items)
        )
        self._rules = {resolved.rule.id: resolved.rule for resolved, _ in self.items}
        self._read = {head: {p.split(".", 1)[1] for p in self.reads if p.startswith(f"{head}.")} for head in ("extra", "attestations")}
        #: the regime's documents with a date of entry into force: (document, first day in force, its citation)
        self._in_force = tuple((src, src.in_force_from(), src.in_force.citation.render()) for src in jurisdiction.sources if src.in_force)
        #: the positions of the findings that may carry a margin (fragile passes, nearest misses)
        self.margined = tuple(i for i, (resolved, _) in enumerate(self.items) if _margined(resolved.rule.check))

    def evaluate(self, profile: Profile, as_of: date | None = None) -> Assessment:
        as_of, notes = _as_of(profile, as_of)
        return self.assess(Context(profile, as_of), notes)

    def assess(self, ctx: Context, notes: Sequence[Note] = ()) -> Assessment:
        """The assessment of the context's profile at its date; ``notes`` come first in its warnings."""
        profile, as_of = ctx.profile, ctx.as_of
        declared = self.declarations(profile)
        findings = []
        remarks: list[Note] = []
        derived = ctx.derived
        for static, fn, made, once in self._compiled:
            declaration = declared.get(static.rule) if declared else None
            if declaration is not None:
                outcome = _declared(declaration, static.criterion)
                findings.append(_finding(static, outcome, declaration))
                continue
            if once is None:
                outcome = fn(ctx)
            else:  # fn(ctx), read from the context here: a check's outcome worked out once for every regime
                key, run = once
                outcome = derived.get(key)
                if outcome is None:
                    outcome = derived[key] = run(ctx)
            finding = made(id(outcome))
            if finding is None:
                finding = _finding(static, outcome)
                if outcome.fixed:
                    static.made[id(outcome)] = lasting(finding)
            findings.append(finding)
            if outcome.remarks:  # said "rule: text": remarks_of reads the rule back
                remarks += [Note(code=n.code, zh=f"{static.rule}:{n.zh}", en=f"{static.rule}: {n.en}") for n in outcome.remarks]
        notes = [*notes, *_in_force_notes(self._in_force, as_of), *self.unread_keys(profile, ctx), *remarks]
        return _assessment(self.jurisdiction, profile, as_of, ctx, findings, notes, self)

    def declarations(self, profile: Profile) -> dict[str, Declaration]:
        """The profile's declarations for this regime, checked: only a not-encoded criterion of the
        regime may be declared (an input error otherwise, at ``$.declarations.<regime>.<rule>``)."""
        jid = self.jurisdiction.id
        given = profile.declarations.get(jid, {})
        if not given:
            return {}
        rules = self._rules
        problems = []
        for rid in given:
            path = f"$.declarations.{jid}.{rid}"
            rule = rules.get(rid)
            if rule is None:
                import difflib

                close = difflib.get_close_matches(rid, list(rules), n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                problems.append(f"{path}: {jid!r} has no criterion {rid!r}{hint}")
            elif rule.check.KIND != "not_encoded":
                problems.append(
                    f"{path}: {rid!r} is encoded in {jid!r} (check kind {rule.check.KIND}): only a not_encoded criterion can be "
                    "declared — the tool judges this one from the profile's figures"
                )
        if problems:
            raise InputError(PROFILE_SOURCE, problems)
        return dict(given)

    def unread_keys(self, profile: Profile, ctx: Context | None = None) -> list[Note]:
        """A note for each ``extra`` or ``attestations`` key of the profile that no rule of this
        regime reads but that is close to one a rule reads and the profile lacks (a likely typo).
        Only the first :data:`MAX_UNREAD_KEYS` such keys are checked (in order, extra first); one
        more note counts the rest, so a profile of many unread keys is not many notes."""
        given = _given_keys(profile) if ctx is None else ctx.once(("keys",), lambda c: _given_keys(c.profile))
        unread = []
        for head, keys in given.items():
            read = self._read[head]
            if keys - read and (lacking := sorted(read - keys)):  # a key can be a typo only of one the profile lacks
                unread += [(head, key, lacking) for key in sorted(keys - read)]
        if not unread:
            return []
        import difflib

        notes = []
        for head, key, lacking in unread[:MAX_UNREAD_KEYS]:
            close = difflib.get_close_matches(key, lacking, n=1, cutoff=0.75)
            if close:
                users = ", ".join(r.rule.id for r, _ in self.items if f"{head}.{close[0]}" in _rule_paths(r.rule))
                notes.append(
                    Note(
                        code="unread_key",
                        zh=f"档案中的 {head}.{key} 未被本制度任何指标读取;是否应为 {head}.{close[0]}({users} 读取该项,档案中缺少)?",
                        en=f"the profile's {head}.{key} is read by no rule of {self.jurisdiction.id}; did you mean "
                        f"{head}.{close[0]} (read by {users}, missing from the profile)?",
                    )
                )
        if (more := len(unread) - MAX_UNREAD_KEYS) > 0:
            notes.append(
                Note(
                    code="unread_keys_more",
                    zh=f"档案中另有 {more} 个 extra 或 attestations 键未被本制度任何指标读取,未逐一检查是否拼写有误(仅检查了前 {MAX_UNREAD_KEYS} 个)",
                    en=f"{more} more extra or attestations keys of the profile are read by no rule of {self.jurisdiction.id}; "
                    f"not checked for a likely typo (the first {MAX_UNREAD_KEYS} were)",
                )
            )
        return notes


def _given_keys(profile: Profile) -> dict[str, set[str]]:
    return {
        "extra": set(profile.extra) | {k for figures in profile.years.values() for k in figures.extra},
        "attestations": set(profile.attestations),
    }


def _as_of(profile: Profile, as_of: date | None) -> tuple[date, list[Note]]:
    """The assessment date (given, else the profile's, else today: said in a note) and its notes."""
    if as_of is not None:
        return as_of_date(as_of), []
    if profile.assessment_date is not None:
        return profile.assessment_date, []
    today = date.today()
    return today, [
        Note(
            code="as_of_default",
            zh=f"未给出评估日期,按今天({today.isoformat()})评估。",
            en=f"No assessment date given; assessed as of today ({today.isoformat()}).",
        )
    ]


def evaluate_together(compiled: Sequence[CompiledCriteria], profile: Profile, as_of: date | None = None) -> list[Assessment]:
    """Each regime's assessment of one profile at one date, in one context: what the checks work out
    from the profile alone (sums, a share's terms, growth rates) is worked out once for all of them."""
    as_of, notes = _as_of(profile, as_of)
    ctx = Context(profile, as_of)
    return [c.assess(ctx, notes) for c in compiled]


def check_declared_regimes(profile: Profile, known: Sequence[str]) -> None:
    """Every regime a profile's declarations name must be loaded (an input error, with the nearest id, otherwise)."""
    problems = []
    for jid in profile.declarations:
        if jid not in known:
            import difflib

            close = difflib.get_close_matches(jid, list(known), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            problems.append(f"$.declarations.{jid}: no regime {jid!r} is loaded{hint} (loaded: {', '.join(known)})")
    if problems:
        raise InputError(PROFILE_SOURCE, problems)


def compile_criteria(
    jurisdiction: Jurisdiction, criteria: Sequence[Any], removed: Sequence[Omission] = (), not_inherited: Sequence[Any] = ()
) -> CompiledCriteria:
    """Check the field paths of resolved criteria and compile them; raise LoadError on problems.

    A check written relative to the regime's level (``rank`` with ``at_least = "own_level"``) is
    compiled at this jurisdiction's level. ``removed`` lists the parent's criteria this jurisdiction
    removes and ``not_inherited`` those it does not take over (both reported with each assessment)."""
    problems: list[str] = []
    items = []
    level = jurisdiction.level.value
    for resolved in criteria:
        rule: Criterion = resolved.rule
        where = f"plugin {resolved.plugin!r}: criterion {rule.id!r} for {jurisdiction.id!r}"
        local: list[str] = []
        try:
            check = at_level(rule.check, level)
        except ValueError as exc:
            problems.append(f"{where}: {exc}")
            continue
        fn = compile_check(check, local)
        if uses_own_level(rule.check):
            fn = _at_own_level(fn, jurisdiction.id, level, resolved)
        waiver_fn = compile_condition(rule.waiver.when, local) if rule.waiver else None
        problems += [f"{where}: {p}" for p in local]
        if not local:
            items.append((resolved, _with_waiver(fn, rule, waiver_fn)))
    if problems:
        raise LoadError(problems)
    barred = [
        NotInheritedRule(rule=x.id, origin=x.origin, title_zh=x.title_zh, title_en=x.title_en, citation=x.citation, provenance=x.provenance)
        for x in not_inherited
    ]
    return CompiledCriteria(jurisdiction, items, removed, barred)


#: The check kinds whose outcomes carry a margin (a conditional: its inner check's).
_MARGINED = frozenset({"threshold", "each_year", "share", "growth", "any_of"})


def _margined(check: Any) -> bool:
    return check.KIND in _MARGINED or (check.KIND == "conditional" and _margined(check.then))


def _rule_paths(rule: Criterion) -> tuple[str, ...]:
    return read_paths(rule.check) + ((rule.waiver.when.field,) if rule.waiver else ())


def _at_own_level(fn: Evaluator, jid: str, level: str, resolved: Any) -> Evaluator:
    """Say, with the outcome, that the rank is read at the regime's own level (and, for an inherited
    rule, what the ancestor's text says)."""
    zh_level, en_level = _LEVEL_WORDS[level]
    quote = resolved.rule.citation.quote
    zh = f"“前列”按本制度的层级理解:{zh_level}前列"
    en = f"the front rank is read at this regime's own level: {en_level}"
    if resolved.origin != jid:
        zh += f"(承继自 {resolved.origin}" + (f",原文为“{quote}”" if quote else "") + ")"
        en += f" (inherited from {resolved.origin}" + (f", whose text says “{quote}”" if quote else "") + ")"

    made: dict[int, Outcome] = {}  # a fixed outcome of the check, read at the own level (by its id: it lives as long as the check)

    def run(ctx: Context) -> Outcome:
        out = fn(ctx)
        if not out.fixed:
            return out._replace(zh=f"{out.zh};{zh}", en=f"{out.en}; {en}")
        found = made.get(id(out))
        if found is None:
            found = made[id(out)] = out._replace(zh=f"{out.zh};{zh}", en=f"{out.en}; {en}")
        return found

    return run


def _declared(declaration: Declaration, rule: Criterion) -> Outcome:
    """The outcome of a declared criterion: the declarer's finding, said as such."""
    met, on = declaration.met, declaration.on
    day = on.isoformat() if on else ""
    when, when_en = (f"({day})", f" on {day}") if on else ("", "")
    return new_outcome(
        Status.DECLARED_MET if met else Status.DECLARED_NOT_MET,
        zh=f"{declaration.by}{when}声明{'满足' if met else '不满足'}:{declaration.note};本工具不判定该项(未编码:{rule.check.note_zh})",
        en=f"declared {'met' if met else 'not met'} by {declaration.by}{when_en}: {declaration.note}; the tool does not judge "
        f"this criterion (not encoded: {rule.check.note_en})",
        measured=_DECLARED[met] if met is True or met is False else (Measure(label="declared", value=met),),
    )


_DECLARED = {met: (Measure(label="declared", value=met),) for met in (True, False)}


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
                margin=result.margin,
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


def _in_force_notes(sources: Sequence[tuple[Any, date | None, str]], as_of: date) -> list[Note]:
    """A note when the regime's own documents were not yet in force on ``as_of``, or may not have been
    (``sources``: each document with an entry into force, its first day in force and its citation)."""
    notes = []
    for src, start, cite in sources:
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

    __slots__ = ("criterion", "rule", "kind", "soft", "fields", "made")

    def __init__(self, jid: str, level: str, resolved: Any):
        rule: Criterion = resolved.rule
        self.criterion, self.rule, self.kind, self.soft = rule, rule.id, type(rule.check).KIND, rule.soft
        op, threshold, unit = requirement_of(at_level(rule.check, level))
        #: every field of the finding: those that do not depend on the profile, and (None here) what was
        #: found, which :func:`_finding` sets in a copy — cheaper than merging two dicts (Finding.of)
        self.fields = {
            "rule": rule.id, "indicator": rule.indicator, "title_zh": rule.title_zh, "title_en": rule.title_en,
            "kind": self.kind, "op": op, "threshold": threshold, "unit": unit, "soft": rule.soft,
            "citation": rule.citation, "provenance": rule.provenance, "origin": resolved.origin,
            "inherited_from": resolved.inherited_by(jid), "amendments": resolved.amendments,
            "interpretation": rule.interpretation, **_FOUND,
        }  # fmt: skip
        #: the findings of the check's fixed outcomes, by the outcome's id (a fixed outcome lives as
        #: long as its check, so no other object has its id)
        self.made: dict[int, Finding] = {}


#: the fields of a finding that come from its outcome (set by :func:`_finding`)
_FOUND = dict.fromkeys(("status", "measured", "shortfall", "margin", "missing", "declaration", "reason_zh", "reason_en", "parts"))
_SHORTFALL = frozenset({Status.FAIL, Status.SOFT_FAIL, Status.WAIVED})
_MARGIN = _SHORTFALL | {Status.PASS}


def _finding(c: _Static, outcome: Outcome, declaration: Declaration | None = None) -> Finding:
    status = outcome.status
    zh, en = outcome.zh, outcome.en
    if status is Status.FAIL and c.soft:
        status = Status.SOFT_FAIL
        zh, en = f"{zh}(“一般”限值:仅提示,不否决)", f"{en} (soft limit: reported, not disqualifying)"
    fields = c.fields.copy()
    fields["status"] = status
    fields["measured"] = outcome.measured
    fields["shortfall"] = outcome.shortfall if status in _SHORTFALL else None
    fields["margin"] = outcome.margin if status in _MARGIN else None
    fields["missing"] = outcome.missing
    fields["declaration"] = declaration
    fields["reason_zh"] = zh
    fields["reason_en"] = en
    fields["parts"] = outcome.parts
    finding = _new(Finding)  # Finding.of(fields), without its call
    _setattr(finding, "__dict__", fields)
    return finding


def _assessment(
    jurisdiction: Jurisdiction,
    profile: Profile,
    as_of: date,
    ctx: Context,
    findings: list[Finding],
    notes: list[Note],
    compiled: CompiledCriteria,
) -> Assessment:
    statuses = set(map(_STATUS, findings))
    if Status.FAIL in statuses or Status.DECLARED_NOT_MET in statuses:
        overall = Overall.INELIGIBLE
    elif Status.UNKNOWN in statuses or Status.NOT_ENCODED in statuses:
        overall = Overall.INCOMPLETE
    else:
        overall = Overall.ELIGIBLE
    missing: dict[str, None] = {}
    if Status.UNKNOWN in statuses:
        for f in findings:
            if f.status is Status.UNKNOWN:
                missing.update(dict.fromkeys(f.missing))
    notes += ctx.once(("years_notes",), _years_notes)
    waived: tuple[str, ...] = ()
    if Status.SOFT_FAIL in statuses or Status.WAIVED in statuses:
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
    declared: tuple[str, ...] = ()
    if Status.DECLARED_MET in statuses or Status.DECLARED_NOT_MET in statuses:
        declared = tuple(f.rule for f in findings if f.status in _DECLARED_STATUSES)
        notes.append(_declared_note(overall, findings, declared, Status.FAIL in statuses))
    if Status.NOT_ENCODED in statuses:
        not_encoded = [f.rule for f in findings if f.status is Status.NOT_ENCODED]
        ids = ", ".join(not_encoded)
        notes.append(
            Note(
                code="not_encoded",
                zh=f"{len(not_encoded)} 项指标未编码(无来源给出其内容):{ids};须对照原文人工核查,结论不能为“符合”。",
                en=f"{len(not_encoded)} criteria are not encoded (no source gives their content): {ids}; "
                "check them against the text by hand — the result cannot be 'eligible' until then.",
            )
        )
    if Status.NOTED in statuses:
        for f in findings:
            if f.status is Status.NOTED:
                notes.append(Note(code="provision", zh=f"{f.rule}:{f.reason_zh}", en=f"{f.rule}: {f.reason_en}"))
    # worked out on first read (:class:`~.results.Later`): they read the findings' margins
    ranking = later(ranked, [findings[i] for i in compiled.margined]) if compiled.margined else ()
    return assessment(  # the fields in order: regime, regime_zh, regime_en, cluster, as_of, status, findings, missing,
        # warnings, removed, waived, declared, not_inherited, fragile, nearest_misses
        jurisdiction.id, jurisdiction.name_zh, jurisdiction.name_en, profile.name, as_of, overall, tuple(findings), tuple(missing),
        tuple(notes), compiled.removed, waived, declared, compiled.not_inherited, ranking, ranking,
    )


_STATUS = attrgetter("status")
_new, _setattr = object.__new__, object.__setattr__
_DECLARED_STATUSES = (Status.DECLARED_MET, Status.DECLARED_NOT_MET)


def _years_notes(ctx: Context) -> tuple[Note, ...]:
    """The notes on the context's years, alike for every regime: a running year left out, stale data."""
    notes = []
    as_of = ctx.as_of
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
    done = [y for y in ctx.profile.years if y <= ctx.anchor]
    if done and max(done) < ctx.anchor:
        latest, first = max(done), ctx.anchor - 2
        notes.append(
            Note(
                code="stale_data",
                zh=f"最新年度数据为 {latest} 年;按评估日期 {as_of.isoformat()},“近三年”为 {first}–{ctx.anchor} 年(已结束的年度),"
                f"需要 {ctx.anchor} 年数据的指标为“未知”,不以更早年度代替。",
                en=f"The latest figures are for {latest}; as of {as_of.isoformat()} the last three (completed) years are "
                f"{first}–{ctx.anchor}, so criteria that need {ctx.anchor} are unknown — earlier years are not read in its place.",
            )
        )
    return tuple(notes)


def _declared_note(overall: Overall, findings: list[Finding], declared: tuple[str, ...], fails: bool) -> Note:
    """What the verdict rests on: e.g. "eligible on 6 declared indicators", listing them."""
    ids = ", ".join(declared)
    n = len(declared)
    against = [f.rule for f in findings if f.status is Status.DECLARED_NOT_MET]
    if overall is Overall.ELIGIBLE:
        zh = f"“符合”的结论依据 {n} 项声明的指标({ids}):由声明人对照原文核查,本工具未判定"
        en = f"eligible on {n} declared indicator(s) ({ids}): checked by the declarer against the official text, not judged by the tool"
    elif overall is Overall.INELIGIBLE and against and not fails:
        zh = f"“不符合”的结论依据声明不满足的指标({', '.join(against)});共 {n} 项声明:{ids}"
        en = f"ineligible on declared indicator(s) found not met ({', '.join(against)}); {n} declaration(s) in all: {ids}"
    else:
        zh = f"{n} 项指标依据声明({ids}),本工具未判定"
        en = f"{n} criterion(s) rest on declarations ({ids}), not on the tool's judgement"
    return Note(code="rests_on_declarations", zh=zh, en=en)


def remarks_of(assessment: Assessment) -> tuple[str, ...]:
    """The assessment's remarks for the authority, as ``rule:code`` (its :data:`~.context.REMARKS` warnings, in order)."""
    return tuple(f"{n.en.partition(': ')[0]}:{n.code}" for n in assessment.warnings if n.code in REMARKS)
