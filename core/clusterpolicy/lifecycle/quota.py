"""A recommendation list checked against a call: count against the quota (不超过: at the quota is fine), day sent against the deadline."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import TYPE_CHECKING

from ..errors import InputError, did_you_mean
from ..limits import as_of_date
from ..model import Note
from .kinds import (
    RecommendationCall,
    render_materials,
)
from .record import Recommendations
from .results import QuotaCheck, UnknownCallError
from .terms import not_encoded_rule, rules_of_kind

if TYPE_CHECKING:
    from ..regimes.build import Regime


def calls(regime: Regime) -> dict[int, tuple[str, ...] | None]:
    """The calls a list can be checked against, by year, with the submitter kinds each knows: the
    regime's recommendation calls, and the calls it knows of without their content (not-encoded
    rules ``call.<year>``, whose kinds are not known: ``None``)."""
    found: dict[int, tuple[str, ...] | None] = {r.rule.rule.year: r.rule.rule.kinds() for r in rules_of_kind(regime, RecommendationCall)}
    for r in regime.timelines:
        year = r.id.removeprefix("call.")
        if r.id.startswith("call.") and year.isascii() and year.isdigit() and str(int(year)) == year and not_encoded_rule(regime, r.id):
            found.setdefault(int(year), None)
    return dict(sorted(found.items()))


def check_quota(regime: Regime, recs: Recommendations, call_year: int, as_of: date, source: str = "<recommendations>") -> QuotaCheck:
    """Check a recommendation list against ``regime``'s call of ``call_year``; a submitter kind the
    call does not know is an input error naming ``source``."""
    as_of_date(as_of)
    res = next((r for r in rules_of_kind(regime, RecommendationCall) if r.rule.rule.year == call_year), None)
    base = dict(
        regime=regime.id,
        call=call_year,
        submitter=recs.submitter,
        submitter_kind=recs.submitter_kind,
        as_of=as_of,
        count=len(recs.clusters),
        submitted=recs.submitted,
    )
    if res is None:
        unencoded = not_encoded_rule(regime, f"call.{call_year}")
        if unencoded is not None:
            rule = unencoded.rule
            return QuotaCheck(
                status="not_encoded",
                reasons=(Note(code="not_encoded", zh=rule.rule.note_zh, en=rule.rule.note_en),),
                citation=rule.citation,
                provenance=rule.provenance,
                **base,
            )
        known = sorted({r.rule.rule.year for r in rules_of_kind(regime, RecommendationCall)})
        removed = [x for x in regime.removed if x.removal.id.startswith("call.")]
        hint = f" (its calls: {', '.join(map(str, known))})" if known else " (it has no recommendation calls"
        if removed and not known:
            hint += f"; {removed[0].jurisdiction} removes them: {removed[0].removal.reason_en})"
        elif not known:
            hint += ")"
        raise UnknownCallError(f"regime {regime.id!r} has no recommendation call for {call_year}{hint}")
    call: RecommendationCall = res.rule.rule
    if recs.submitter_kind not in call.kinds():
        raise InputError(
            source,
            [f"$.submitter_kind: {recs.submitter_kind!r} is not a submitter kind of {regime.id!r}'s {call_year} call (known: {', '.join(call.kinds())})"],
        )
    base.update(submitter_kind_zh=call.kind_name(recs.submitter_kind, "zh"), submitter_kind_en=call.kind_name(recs.submitter_kind, "en"))
    reasons: list[Note] = []
    quota = call.quota_for(recs.submitter_kind)
    names = [c.name.strip() for c in recs.clusters]
    duplicates = tuple(sorted(n for n, times in Counter(names).items() if times > 1))
    problems: list[str] = []
    over_by = 0
    if quota is None:
        zh_kind, en_kind = base["submitter_kind_zh"], base["submitter_kind_en"]
        reasons.append(Note(code="no_quota", zh=f"该通知未规定{zh_kind}的推荐数量", en=f"the call states no quota for {en_kind}"))
    else:
        over_by = max(len(names) - quota, 0)
        if over_by:
            problems.append("over_quota")
            then_zh = call.over_quota_zh or "已知依据未规定超出的后果(未编码,不推定)"
            then_en = call.over_quota_en or "no source at hand states what follows (not encoded, nothing assumed)"
            reasons.append(
                Note(
                    code="over_quota",
                    zh=f"推荐 {len(names)} 个,超出“不超过{quota}个”的上限 {over_by} 个:{then_zh}",
                    en=f"{len(names)} recommended, {over_by} over the quota of at most {quota}: {then_en}",
                )
            )
        else:
            reasons.append(
                Note(code="within_quota", zh=f"推荐 {len(names)} 个,未超过上限 {quota} 个", en=f"{len(names)} recommended, within the quota of at most {quota}")
            )
    if duplicates:
        reasons.append(Note(code="duplicates", zh=f"重复列出:{'、'.join(duplicates)}", en=f"listed more than once: {', '.join(duplicates)}"))
    if recs.submitted is not None:
        if recs.submitted <= call.deadline:
            reasons.append(Note(code="in_time", zh=f"{recs.submitted} 报送,未晚于截止日 {call.deadline}", en=f"sent {recs.submitted}, by the deadline {call.deadline}"))
        else:
            problems.append("late")
            reasons.append(
                Note(
                    code="late",
                    zh=f"{recs.submitted} 报送,晚于截止日 {call.deadline} {(recs.submitted - call.deadline).days} 日",
                    en=f"sent {recs.submitted}, {(recs.submitted - call.deadline).days} day(s) after the deadline {call.deadline}",
                )
            )
    elif as_of > call.deadline:
        problems.append("overdue")
        reasons.append(Note(code="overdue", zh=f"截止日 {call.deadline} 已过,尚未报送", en=f"the deadline {call.deadline} has passed and the list has not been sent"))
    else:
        reasons.append(
            Note(
                code="pending",
                zh=f"尚未报送;截止日 {call.deadline}(还有 {(call.deadline - as_of).days} 日)",
                en=f"not sent yet; deadline {call.deadline} ({(call.deadline - as_of).days} day(s) left)",
            )
        )
    if call.materials:
        reasons.append(
            Note(
                code="materials",
                zh="随推荐报送:" + render_materials(call.materials, call.delivery_zh, call.delivery_en, "zh"),
                en="sent with the list: " + render_materials(call.materials, call.delivery_zh, call.delivery_en, "en"),
            )
        )
    if call.disqualification is not None:
        d = call.disqualification
        reasons.append(Note(code="disqualification", zh=f"{d.note_zh}({d.citation.render()})", en=f"{d.note_en} ({d.citation.render()})"))
    if problems:
        state = problems[0]
    else:
        state = "ok" if recs.submitted is not None else "pending"
    return QuotaCheck(
        status=state,
        quota=quota,
        over_by=over_by,
        deadline=call.deadline,
        duplicates=duplicates,
        materials=call.materials,
        reasons=tuple(reasons),
        citation=res.rule.citation,
        provenance=res.rule.provenance,
        **base,
    )


def check_list(regimes, recs: Recommendations, call_year: int | None, as_of: date, source: str) -> QuotaCheck:
    """A list against the call it answers: ``call_year`` (``--call``, ``?call=``) must agree with the
    list's ``call`` and one of them must be given; the list's regime must exist. Errors name ``source``."""
    if call_year is not None and recs.call is not None and call_year != recs.call:
        raise InputError(source, [f"$.call: the list answers the {recs.call} call, but call {call_year} was asked for"])
    year = call_year if call_year is not None else recs.call
    if year is None:
        raise InputError(source, ["$.call: no call year: give 'call' in the list or --call YEAR"])
    if recs.regime not in set(regimes):
        raise InputError(source, [f"$.regime: unknown regime {recs.regime!r}{did_you_mean(recs.regime, regimes)} (known: {', '.join(regimes)})"])
    return check_quota(regimes[recs.regime], recs, year, as_of, source)
