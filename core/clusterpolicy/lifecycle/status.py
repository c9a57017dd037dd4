"""A record's lifecycle state and a finding on each revocation ground, as of one day.

Each ground kind (:mod:`clusterpolicy.lifecycle.kinds`) has one function here; what the texts
leave to the authority (e.g. 及时 with no period stated) is ``needs_review``, never a silent
finding either way.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from ..criteria.kinds import NotEncoded
from ..errors import ClusterPolicyError
from ..model import Note
from .grounds import (
    EventFound,
    ExpiryWithoutReview,
    IncidentDuringValidity,
    ReportNotInTime,
    UnreportedChange,
)
from .record import Record, ReviewResult
from .results import (
    GroundFinding,
    GroundStatus,
    ItemStatus,
    LifecycleStatus,
    State,
    Timeline,
)
from .periods import removed_rules
from .terms import View, heading, period_end
from .timeline import timeline

if TYPE_CHECKING:
    from ..regimes.build import Regime
    from .kinds import FindingKind


def status(regime: Regime, record: Record, as_of: date) -> LifecycleStatus:
    """The lifecycle state of ``record`` on ``as_of`` and a finding per revocation ground."""
    view = View(regime, record, as_of)
    tl = None
    findings = []
    for res in regime.revocation_grounds:
        g = res.rule.ground
        if isinstance(g, ReportNotInTime) and tl is None:
            tl = timeline(regime, record, as_of)
        outcome = _GROUNDS[type(g)](view, g, tl)
        findings.append(
            GroundFinding(
                ground=res.id,
                item=res.rule.item,
                kind=g.KIND,
                title_zh=res.rule.title_zh,
                title_en=res.rule.title_en,
                citation=res.rule.citation,
                provenance=res.rule.provenance,
                origin=res.origin,
                inherited_from=res.inherited_by(regime.id),
                interpretation=res.rule.interpretation,
                **outcome,
            )
        )
    vstate, vnote = view.validity_state()
    reasons = [vnote, *view.notes]
    found = [f for f in findings if f.status is GroundStatus.FOUND]
    state = State.REVOCATION_GROUNDS_FOUND if found else vstate
    for f in found:
        reasons.append(Note(code="ground_found", zh=f"撤销情形{f.item or f.ground}:{f.reason_zh}", en=f"revocation ground {f.item or f.ground}: {f.reason_en}"))
    open_ = [f for f in findings if f.status in (GroundStatus.NEEDS_REVIEW, GroundStatus.UNKNOWN, GroundStatus.NOT_ENCODED)]
    for f in open_:
        reasons.append(Note(code=f"ground_{f.status.value}", zh=f"撤销情形{f.item or f.ground}:{f.reason_zh}", en=f"revocation ground {f.item or f.ground}: {f.reason_en}"))
    if not regime.revocation_grounds:
        reasons.append(
            Note(code="no_grounds", zh="该制度未编码任何撤销情形", en="the regime encodes no revocation grounds")
        )
    return LifecycleStatus(
        **heading(regime, record, as_of),
        state=state,
        validity_state=vstate,
        valid_from=view.start,
        valid_until=view.current_end,
        grounds=tuple(findings),
        open_questions=len(open_),
        reasons=tuple(reasons),
        removed=removed_rules(regime, "revocation_grounds"),
    )


def _out(status: GroundStatus, zh: str, en: str, since: date | None = None, evidence: Iterable[str] = (), missing: Iterable[str] = ()) -> dict:
    return {"status": status, "reason_zh": zh, "reason_en": en, "since": since, "evidence": tuple(evidence), "missing": tuple(missing)}


def _ground_expiry(view: View, g: ExpiryWithoutReview, tl: Any) -> dict:
    """(一) judged against the batch's review round: see :mod:`clusterpolicy.lifecycle.timeline`."""
    as_of = view.as_of
    for k, c in enumerate(view.cycles):
        r = c.review
        path = f"reviews[{k}]"
        if r is not None and r.result is ReviewResult.FAILED:  # 经复核未通过: from the decision, even within validity
            zh, en = f"{r.decided} 复核未通过", f"the review failed on {r.decided}"
            if c.end is not None and as_of <= c.end:
                zh += f"(有效期至 {c.end},尚未届满)"
                en += f" (validity runs until {c.end})"
            return _out(GroundStatus.FOUND, zh, en, since=r.decided, evidence=(path,))
        if c.end is None:
            return _out(GroundStatus.UNKNOWN, "有效期截止日未知", "the end of validity is unknown", missing=view.needs or ("validity.end",))
        disq = view.disqualified(k)
        if as_of <= c.end:
            zh, en = f"有效期至 {c.end},尚未届满", f"valid until {c.end}; not expired"
            if disq is not None:
                zh += f";复核资格已于 {disq[1].date} 取消(findings[{disq[0]}])"
                en += f"; the cluster's place in the review round was cancelled on {disq[1].date} (findings[{disq[0]}])"
            return _out(GroundStatus.NOT_FOUND, zh, en)
        if r is not None and r.result is ReviewResult.PASSED:
            if k == len(view.cycles) - 1:  # passed, but the extension is not encoded
                return _out(
                    GroundStatus.UNKNOWN,
                    f"{r.decided} 复核通过,但延长期限未编码",
                    f"review passed on {r.decided}, but the extension is not encoded",
                    evidence=(path,),
                )
            continue
        round_res = view.round_for(k)
        if disq is not None and round_res is not None and round_res.rule.rule.disqualification is not None:
            rule = round_res.rule.rule.disqualification
            i, f = disq
            return _out(
                GroundStatus.FOUND,
                f"有效期于 {c.end} 届满;{f.date} 查实 {f.kind.value},{rule.note_zh}({rule.citation.render()}),按复核未通过处理(解读)",
                f"validity ended on {c.end}; {f.kind.value} established on {f.date}: {rule.note_en} ({rule.citation.render()}), "
                "read as the review not passed (an interpretation)",
                since=max(f.date, c.end + timedelta(days=1)),
                evidence=(f"findings[{i}]",),
            )
        close, _ = round_res.rule.rule.closes() if round_res is not None else (None, None)
        if r is not None and r.applied is not None:
            if close is not None and r.applied > close:
                return _out(
                    GroundStatus.NEEDS_REVIEW,
                    f"有效期于 {c.end} 届满;{r.applied} 申请复核,晚于复核轮次 {round_res.id} 的截止日 {close};逾期申请是否受理由主管部门决定",
                    f"validity ended on {c.end}; review applied for on {r.applied}, after the review round {round_res.id} closed on {close}: "
                    "whether a late application is accepted is for the authority",
                    evidence=(path,),
                )
            within_zh = f"在复核轮次 {round_res.id} 内" if round_res is not None else ""
            within_en = f" within the review round {round_res.id}" if round_res is not None else ""
            return _out(
                GroundStatus.NOT_FOUND,
                f"有效期于 {c.end} 届满;{r.applied} {within_zh}已申请复核,结果未出",
                f"validity ended on {c.end}; review applied for on {r.applied}{within_en}; no result yet",
                evidence=(path,),
            )
        if round_res is None:
            timing_zh, timing_en = view.review_timing("zh"), view.review_timing("en")
            return _out(
                GroundStatus.NOT_ENCODED,
                f"有效期于 {c.end} 届满,待复核" + (f"({timing_zh})" if timing_zh else "")
                + f";{view.record.batch} 批次的复核轮次未编码:只有在有明确截止日的复核轮次结束而未申请,或复核未通过时,才出现本情形",
                f"validity ended on {c.end}; awaiting the review" + (f" ({timing_en})" if timing_en else "")
                + f"; the {view.record.batch} batch's review round is not encoded: this ground arises only once a round with a "
                "known deadline has closed without an application, or the review failed",
            )
        if close is None:
            return _out(
                GroundStatus.NEEDS_REVIEW,
                f"有效期于 {c.end} 届满;复核轮次 {round_res.id} 未规定截止日期,记录中无复核申请;是否“未申请复核”由主管部门认定",
                f"validity ended on {c.end}; the review round {round_res.id} states no deadline and the record has no application: "
                "whether it was not applied for is for the authority",
            )
        if as_of <= close:
            return _out(
                GroundStatus.NOT_FOUND,
                f"有效期于 {c.end} 届满;复核轮次 {round_res.id} 截至 {close},尚未申请",
                f"validity ended on {c.end}; the review round {round_res.id} is open until {close}; not applied for yet",
            )
        return _out(
            GroundStatus.FOUND,
            f"有效期于 {c.end} 届满,复核轮次 {round_res.id} 已于 {close} 截止,未申请复核",
            f"validity ended on {c.end} and the review round {round_res.id} closed on {close} with no review applied for",
            since=max(c.end, close) + timedelta(days=1),
        )
    return _out(GroundStatus.NOT_FOUND, "", "")  # pragma: no cover - the loop always returns


def _found_in_record(view: View, kinds: Collection[FindingKind]) -> dict | None:
    """The ground found, if the record holds findings of these kinds dated by the assessment date."""
    hits = [(i, f) for i, f in enumerate(view.record.findings) if f.kind in kinds and f.date <= view.as_of]
    if not hits:
        return None
    listed = "; ".join(f"{f.date} {f.kind.value}" for _, f in hits)
    return _out(
        GroundStatus.FOUND,
        f"记录中有:{listed}",
        f"the record has: {listed}",
        since=min(f.date for _, f in hits),
        evidence=tuple(f"findings[{i}]" for i, _ in hits),
    )


def _ground_event(view: View, g: EventFound, tl: Any) -> dict:
    found = _found_in_record(view, g.findings)
    if found is not None:
        return found
    kinds = ", ".join(k.value for k in g.findings)
    return _out(GroundStatus.NOT_FOUND, f"记录中无 {kinds}", f"the record has no {kinds}")


def _ground_reports(view: View, g: ReportNotInTime, tl: Timeline) -> dict:
    found = _found_in_record(view, g.findings)
    if found is not None:
        return found
    reports = [i for i in tl.items if i.id.startswith("annual_report")]
    if not reports:
        return _out(
            GroundStatus.UNKNOWN,
            "该制度未编码年度报送规则,无法判断是否及时报送",
            "the regime encodes no annual-report rule, so timeliness cannot be judged",
        )
    unknown = [i for i in reports if i.status is ItemStatus.UNKNOWN]
    late = [i for i in reports if i.status in (ItemStatus.OVERDUE, ItemStatus.DONE_LATE)]
    if late:
        parts_zh = "; ".join(f"{i.due} 应报{'(' + str(i.done_on) + ' 才报)' if i.done_on else '(未报)'}" for i in late)
        parts_en = "; ".join(f"due {i.due}" + (f", filed {i.done_on}" if i.done_on else ", not filed") for i in late)
        return _out(
            GroundStatus.FOUND,
            f"年度报送未及时:{parts_zh}",
            f"annual report not sent in time: {parts_en}",
            since=min(i.due for i in late) + timedelta(days=1),
            evidence=tuple(i.id for i in late),
        )
    if unknown:
        return _out(GroundStatus.UNKNOWN, unknown[0].note_zh, unknown[0].note_en, missing=view.needs)
    past = [i for i in reports if i.due and i.due < view.as_of]
    return _out(
        GroundStatus.NOT_FOUND,
        f"已到期的 {len(past)} 次年度报送均按时完成",
        f"all {len(past)} annual report(s) due so far were sent in time",
    )


def _ground_change(view: View, g: UnreportedChange, tl: Any) -> dict:
    found, review, ok = [], [], []
    for i, ch in enumerate(view.record.major_changes):
        if ch.date > view.as_of or ch.aspect not in g.aspects:
            continue
        path = f"major_changes[{i}]"
        reported = ch.reported if ch.reported and ch.reported <= view.as_of else None
        what = f"{ch.date} {ch.aspect.value}"
        if ch.never_reported:
            found.append((path, ch.date, f"{what} 从未报备", f"{what} never reported"))
            continue
        if g.report_within is not None:
            try:
                due = period_end(ch.date, g.report_within)
            except ClusterPolicyError as exc:
                review.append((path, str(exc), str(exc)))
                continue
            if reported is not None and reported <= due:
                ok.append(path)
            elif reported is not None:
                found.append((path, due + timedelta(days=1), f"{what} 应于 {due} 前报备,{reported} 才报", f"{what}: due {due}, reported {reported}"))
            elif view.as_of > due:
                found.append((path, due + timedelta(days=1), f"{what} 应于 {due} 前报备,未报", f"{what}: due {due}, not reported"))
            else:
                ok.append(path)
            continue
        if reported is not None and reported <= ch.date:
            ok.append(path)
        elif reported is not None:
            lag = (reported - ch.date).days
            review.append((path, f"{what} 于 {lag} 日后({reported})报备", f"{what} reported {lag} day(s) later ({reported})"))
        else:
            lag = (view.as_of - ch.date).days
            review.append((path, f"{what} 至今({lag} 日)未报备", f"{what} not reported as of {view.as_of} ({lag} day(s))"))
    if found:
        return _out(
            GroundStatus.FOUND,
            "重大变动未及时报备:" + ";".join(x[2] for x in found),
            "major change not reported in time: " + "; ".join(x[3] for x in found),
            since=min(x[1] for x in found),
            evidence=tuple(x[0] for x in found),
        )
    if review:
        return _out(
            GroundStatus.NEEDS_REVIEW,
            ";".join(x[1] for x in review) + ";依据未规定报备期限(及时),是否“未及时”由主管部门认定",
            "; ".join(x[2] for x in review) + "; no deadline is stated (及时): whether this was in time is for the authority",
            evidence=tuple(x[0] for x in review),
        )
    if ok:
        return _out(GroundStatus.NOT_FOUND, f"{len(ok)} 项重大变动均已及时报备", f"{len(ok)} major change(s), all reported in time", evidence=tuple(ok))
    return _out(GroundStatus.NOT_FOUND, "记录中无重大变动", "the record has no major change")


def _ground_incident(view: View, g: IncidentDuringValidity, tl: Any) -> dict:
    """(五) within validity so far; an incident outside that window that meets a bar is named, not counted."""
    incidents = view.record.incidents
    if incidents is None:
        return _out(GroundStatus.UNKNOWN, "记录未给出事故/事件情况(incidents)", "the record gives no incidents (incidents = [] states none)", missing=("incidents",))
    start = view.start or view.record.announced
    end = view.as_of if view.current_end is None else min(view.as_of, view.current_end)
    span = f"{start}–{end}"
    hits, unknown, outside = [], [], []
    for i, inc in enumerate(incidents):
        if inc.date > view.as_of:  # not yet happened on the as-of day
            continue
        meets = _meets_bar(g, inc)
        if meets is None:
            continue
        if not start <= inc.date <= end:
            outside.append((i, inc))
        elif meets:
            hits.append((i, inc))
        else:
            unknown.append(f"incidents[{i}].grade")
    from ..glossary import incident

    def listed(found: list, lang: str) -> str:
        return "; ".join(incident(str(inc.date), inc.kind.value, inc.grade.value if inc.grade else None, lang) for _, inc in found)

    if outside:
        before = [x for x in outside if x[1].date < start]
        after = [x for x in outside if x[1].date > end]
        parts_zh = [f"{listed(before, 'zh')},在有效期开始({start})之前"] if before else []
        parts_en = [f"{listed(before, 'en')}, before validity started on {start}"] if before else []
        if after:
            parts_zh.append(f"{listed(after, 'zh')},在有效期届满({end})之后")
            parts_en.append(f"{listed(after, 'en')}, after validity ended on {end}")
        beyond_zh = ";窗口外未计入:" + ";".join(parts_zh) + ";是否影响由主管部门判断"
        beyond_en = "; outside that window, not counted: " + "; ".join(parts_en) + " — whether it matters is for the authority"
    else:
        beyond_zh = beyond_en = ""
    beyond = tuple(f"incidents[{i}]" for i, _ in outside)
    if hits:
        return _out(
            GroundStatus.FOUND,
            f"有效期内({span})发生:{listed(hits, 'zh')}{beyond_zh}",
            f"within validity ({span}): {listed(hits, 'en')}{beyond_en}",
            since=min(inc.date for _, inc in hits),
            evidence=tuple(f"incidents[{i}]" for i, _ in hits),
        )
    if unknown:
        return _out(
            GroundStatus.UNKNOWN,
            f"事故/事件等级未知:{', '.join(unknown)}{beyond_zh}",
            f"incident grade unknown: {', '.join(unknown)}{beyond_en}",
            missing=tuple(unknown),
            evidence=beyond,
        )
    return _out(
        GroundStatus.NOT_FOUND,
        f"有效期内({span})无达到撤销标准的事故/事件(已核 {len(incidents)} 条){beyond_zh}",
        f"no incident meeting the bar within validity ({span}); {len(incidents)} record(s) checked{beyond_en}",
        evidence=beyond,
    )


def _meets_bar(g: IncidentDuringValidity, inc: Any) -> bool | None:
    """True if the incident meets one of the bars, False if a bar of its kind needs its unknown grade, None if not."""
    grade_unknown = False
    for bar in g.bars:
        if inc.kind not in bar.kinds:
            continue
        if bar.min_grade is None or (inc.grade is not None and inc.grade.order >= bar.min_grade.order):
            return True
        grade_unknown = grade_unknown or inc.grade is None
    return False if grade_unknown else None


def _ground_not_encoded(view: View, g: NotEncoded, tl: Any) -> dict:
    return _out(GroundStatus.NOT_ENCODED, g.note_zh, g.note_en)


_GROUNDS = {
    ExpiryWithoutReview: _ground_expiry,
    EventFound: _ground_event,
    ReportNotInTime: _ground_reports,
    UnreportedChange: _ground_change,
    IncidentDuringValidity: _ground_incident,
    NotEncoded: _ground_not_encoded,
}
