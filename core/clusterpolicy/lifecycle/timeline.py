"""A recognition record's timeline: every dated obligation and milestone, with its status on a day.

:func:`timeline` is this module; the lifecycle state and revocation grounds are
:mod:`clusterpolicy.lifecycle.status`, quota checks :mod:`clusterpolicy.lifecycle.quota`. None of
them calls a hook.

The record is read *as of* the date asked: events dated after it are ignored, so asking about a
past day gives the answer that day would have given.

Edge semantics (each is tested at the day before / of / after):

* A deadline "于…前" is met by acting on that day. An obligation not done is ``due_soon`` from
  ``soon`` days before its day up to and including the day itself, ``overdue`` from the next day.
* Validity runs through its last day; ground (一) can arise from the day after. A term of n years
  from day s ends the day before the same day n years on; a pass on review extends the end by the
  review's years (2025-12-31 → 2028-12-31).
* (一) Judged against the batch's review round (:class:`~clusterpolicy.lifecycle.kinds.ReviewRound`),
  never against an invented "apply before validity ends": after expiry, no application once the
  round has closed (its first stated deadline) is the ground from the day after the later of the
  two; an application after the round closed is ``needs_review``; an open round, or none encoded
  (e.g. the province organises the review after expiry), leaves the cluster ``awaiting_review``. A
  failed review (经复核未通过) is the ground from the day it is decided, even within validity (the
  built-in rules say so as an interpretation: 有效期满 qualifies 未申请复核 only); a disqualifying
  finding during the round (一经查实,立即取消其资格), read as not passing, from the day after expiry
  (it is not a review decision: what it makes is "expired without passing").
* Annual reports fall due every year from the announcement through the report on the last
  validity year, and keep falling due while the cluster is in review or awaits it. A failed review
  does not end them: art. 17 treats a cluster as 已认定 until the authority revokes it (ground (一)
  itself presupposes that after expiry), and no text ends the duty earlier; none falls due beyond
  the report on the last validity year.
* (三) An annual report filed after its day was not sent in time: the ground, from the day after
  the due day. Monitoring refused is the ground from the day it was established.
* (四) Without a stated deadline (the national and Hainan texts say only 及时), a change reported
  on or before the day it occurred is fine, a later or missing report is ``needs_review`` with the
  delay, and only a record marking it ``never_reported`` establishes the ground.
* (五) Incidents from the start of validity (else the announcement) to the as-of date (or the end
  of validity if that came first), graded with the criteria's :class:`~clusterpolicy.criteria.IncidentBar`.
  The texts set no window (the built-in rules say so as an interpretation); an incident outside it
  that meets a bar (or whose grade is unknown) is named in the reason and ``evidence``, not counted.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from ..criteria.kinds import NotEncoded
from ..model import Citation, Note, Provenance
from .kinds import (
    AnnualReport,
    Review,
    ReviewRound,
    render_materials,
)
from .periods import (
    change_items,
    dated_period_items,
    not_encoded_item,
    period_items,
    removed_rules,
    unencoded_items,
    with_provenance,
)
from .record import Record, ReviewResult
from .results import DUE_SOON_DAYS, ItemStatus, State, Term, Timeline, TimelineItem
from .terms import (
    Cycle,
    View,
    heading,
    item_status,
    rest_day_note,
    rule_of_kind,
)

if TYPE_CHECKING:
    from ..regimes.build import Regime, Resolved


def _milestone(day: date, as_of: date) -> ItemStatus:
    return ItemStatus.PAST if day <= as_of else ItemStatus.UPCOMING


def timeline(regime: Regime, record: Record, as_of: date, soon: int = DUE_SOON_DAYS) -> Timeline:
    """Every dated obligation and milestone of ``record`` under ``regime``, with its status on ``as_of``."""
    view = View(regime, record, as_of)
    items: list[TimelineItem] = []
    items += _validity_items(view)
    items += _review_items(view, soon)
    items += _report_items(view, soon)
    items += change_items(view, soon)
    items += period_items(view, soon)
    items += dated_period_items(view, soon)
    items += unencoded_items(view)
    items.sort(key=lambda i: (i.due is None, i.due or date.max, i.id))
    items = with_provenance(items, regime)
    return Timeline(
        **heading(regime, record, as_of),
        soon_days=soon,
        terms=tuple(Term(start=c.start, end=c.end, source=c.source) for c in view.cycles),
        items=tuple(items),
        needs=tuple(view.needs),
        notes=tuple(view.notes),
        removed=removed_rules(regime, "timelines"),
    )


def _validity_items(view: View) -> list[TimelineItem]:
    res = view.validity_rule
    rule_cite: tuple[Citation | None, Provenance | None] = (None, None)
    if res is not None:
        rule_cite = view.start_cite or (res.rule.citation, res.rule.provenance)
    none: tuple[Citation | None, Provenance | None] = (None, None)  # a date the record supplied
    start_cite = none if view.start_given or view.start is None else rule_cite
    end_cite = none if view.end_given or view.first_end is None else rule_cite
    origin = res.origin if res else ""
    rid = res.id if res else "validity"
    items = [
        TimelineItem(
            id="announcement",
            rule=rid,
            type="milestone",
            title_zh="名单公布",
            title_en="List announced",
            due=view.record.announced,
            status=_milestone(view.record.announced, view.as_of),
            origin=origin,
        )
    ]
    for k, c in enumerate(view.cycles):
        if k == 0:
            items.append(
                TimelineItem(
                    id="validity.start",
                    rule=rid,
                    type="milestone",
                    title_zh="有效期开始",
                    title_en="Validity starts",
                    due=c.start,
                    status=_milestone(c.start, view.as_of) if c.start else ItemStatus.UNKNOWN,
                    needs=("validity.start",) if c.start is None else (),
                    citation=start_cite[0],
                    provenance=start_cite[1],
                    origin=origin,
                )
            )
        extended = k > 0
        r = view.cycles[k - 1].review if extended else None
        items.append(
            TimelineItem(
                id=f"validity.end.{k + 1}",
                rule=view.review_rule.id if extended and view.review_rule else rid,
                type="milestone",
                title_zh="有效期届满(复核延长后)" if extended else "有效期届满",
                title_en="Validity ends (as extended on review)" if extended else "Validity ends",
                due=c.end,
                status=_milestone(c.end, view.as_of) if c.end else ItemStatus.UNKNOWN,
                needs=("validity.end",) if c.end is None else (),
                note_zh=f"{r.decided} 复核通过,延长至 {c.end}" if r else "",
                note_en=f"review passed on {r.decided}; extended to {c.end}" if r else "",
                citation=view.review_rule.rule.citation if extended and view.review_rule else end_cite[0],
                provenance=view.review_rule.rule.provenance if extended and view.review_rule else end_cite[1],
                origin=view.review_rule.origin if extended and view.review_rule else origin,
            )
        )
    return items


def _review_note(view: View, c: Cycle) -> tuple[str, str]:
    """What the review checks, how long a pass extends, and its outcome so far."""
    res = view.review_rule
    rule = res.rule.rule if res else None
    zh, en = [], []
    if isinstance(rule, Review):
        zh.append(f"复核内容:{';'.join(rule.checks_zh)};通过的有效期延长{rule.extension_years}年")
        en.append(f"the review checks: {'; '.join(rule.checks_en)}; passing extends validity by {rule.extension_years} years")
    if c.review and c.review.result:
        word = "通过" if c.review.result is ReviewResult.PASSED else "未通过"
        zh.append(f"{c.review.decided} 复核{word}")
        en.append(f"review {c.review.result.value} on {c.review.decided}")
    return ";".join(zh), "; ".join(en)


def _review_items(view: View, soon: int) -> list[TimelineItem]:
    res = view.review_rule
    items: list[TimelineItem] = []
    for k, c in enumerate(view.cycles):
        round_res = view.round_for(k)
        if round_res is not None:
            items += _round_items(view, k, c, round_res, soon)
            continue
        if res is None:
            continue
        rule = res.rule
        if isinstance(rule.rule, NotEncoded):
            items.append(not_encoded_item(f"review.{k + 1}", res))
            break
        review: Review = rule.rule
        applied = c.review.applied if c.review else None
        decided = c.review is not None and c.review.result is not None
        timing_zh, timing_en = view.review_timing("zh"), view.review_timing("en")
        checks_zh, checks_en = _review_note(view, c)
        n = "首次" if k == 0 else f"第{k + 1}次"
        zh = (f"{timing_zh};" if timing_zh else "") + (
            f"尚无来源给出 {view.record.batch} 批次{n}复核的轮次(由哪个通知启动、谁向谁报送、何时截止),未编码,不推定日期"
        )
        en = (f"{timing_en}; " if timing_en else "") + (
            f"no source gives the {view.record.batch} batch's review round for expiry {k + 1} yet (which call opens it, "
            "who files to whom, by when): not encoded, and no date is assumed"
        )
        items.append(
            TimelineItem(
                id=f"review.{k + 1}",
                rule=res.id,
                type="obligation",
                title_zh="复核(复核轮次未编码)",
                title_en="Review (round not encoded)",
                due=None,
                # a decided review was applied for, even if the record lacks the day
                status=ItemStatus.DONE if applied is not None or decided else ItemStatus.NOT_ENCODED,
                done_on=applied,
                party_zh=review.applicant_zh,
                party_en=review.applicant_en,
                note_zh=f"{zh};{checks_zh}",
                note_en=f"{en}; {checks_en}",
                citation=rule.citation,
                provenance=rule.provenance,
                origin=res.origin,
            )
        )
    return items


def _round_items(view: View, k: int, c: Cycle, res: Resolved, soon: int) -> list[TimelineItem]:
    """The items of one review round: its opening, each step (the cluster's application first), a disqualification."""
    rnd: ReviewRound = res.rule.rule
    as_of = view.as_of
    close, close_step = rnd.closes()
    applied = c.review.applied if c.review else None
    decided = c.review is not None and c.review.result is not None
    base = dict(rule=res.id, origin=res.origin)
    items = []
    if rnd.opened is not None:
        items.append(
            TimelineItem(
                id=f"review.{k + 1}.opened",
                type="milestone",
                title_zh=f"{res.rule.title_zh}:启动",
                title_en=f"{res.rule.title_en}: opened",
                due=rnd.opened,
                status=_milestone(rnd.opened, as_of),
                note_zh="批次内集群均须参与" if rnd.all_take_part else "",
                note_en="every cluster of the batch must take part" if rnd.all_take_part else "",
                citation=res.rule.citation,
                provenance=res.rule.provenance,
                **base,
            )
        )
    checks_zh, checks_en = _review_note(view, c)
    for i, step in enumerate(rnd.steps):
        zh = [step.note_zh] if step.note_zh else []
        en = [step.note_en] if step.note_en else []
        if step.materials:
            zh.append("报送:" + render_materials(step.materials, step.delivery_zh, step.delivery_en, "zh"))
            en.append("sent: " + render_materials(step.materials, step.delivery_zh, step.delivery_en, "en"))
        done_on = None
        if i == 0:  # the cluster's application: the record's reviews[].applied
            done_on = applied
            if applied is not None:
                status = ItemStatus.DONE if close is None or applied <= close else ItemStatus.DONE_LATE
            elif decided:
                status = ItemStatus.DONE
            elif close is not None:
                status = item_status(close, None, as_of, soon)
            else:
                status = ItemStatus.OPEN
            if step.deadline is None and close is not None and close_step is not None:
                zh.append(f"本轮次于 {close} 截止({close_step.filer_zh} → {close_step.recipient_zh}),申请须在此之前;截止后申请是否受理由主管部门决定")
                en.append(
                    f"the round closes on {close} ({close_step.filer_en} → {close_step.recipient_en}): apply before then; "
                    "whether a later application is accepted is for the authority"
                )
            if checks_zh:
                zh.append(checks_zh)
                en.append(checks_en)
        elif step.deadline is None:
            status = ItemStatus.OPEN
        else:  # the authorities' step: not in the record, a date to keep
            status = ItemStatus.PAST if step.deadline < as_of else item_status(step.deadline, None, as_of, soon)
        items.append(
            TimelineItem(
                id=f"review.{k + 1}.{step.id}",
                type="obligation",
                title_zh=step.title_zh,
                title_en=step.title_en,
                due=step.deadline,
                status=status,
                done_on=done_on,
                party_zh=f"{step.filer_zh} → {step.recipient_zh}",
                party_en=f"{step.filer_en} → {step.recipient_en}",
                materials=step.materials,
                note_zh=";".join(zh),
                note_en="; ".join(en),
                citation=step.citation,
                provenance=step.provenance,
                **base,
            )
        )
    disq = view.disqualified(k)
    if disq is not None and rnd.disqualification is not None:
        i, f = disq
        rule = rnd.disqualification
        items.append(
            TimelineItem(
                id=f"review.{k + 1}.disqualified",
                type="milestone",
                title_zh=f"{res.rule.title_zh}:取消资格",
                title_en=f"{res.rule.title_en}: place cancelled",
                due=f.date,
                status=ItemStatus.PAST,
                note_zh=f"记录 findings[{i}]({f.kind.value}):{rule.note_zh}",
                note_en=f"record findings[{i}] ({f.kind.value}): {rule.note_en}",
                citation=rule.citation,
                provenance=rule.provenance,
                **base,
            )
        )
    return items


def _report_due_days(view: View) -> tuple[Resolved | None, Any, list[tuple[int, date]]]:
    """The annual-report rule, the day entry for the record's batch, and ``(report year, due)``."""
    res = rule_of_kind(view.regime, AnnualReport)
    if res is None:
        return None, None, []
    rule: AnnualReport = res.rule.rule
    entry = next((d for d in rule.days if d.batches.covers(view.record.batch)), None)
    if entry is None:
        return res, None, []
    lower = max(x for x in (view.record.announced, view.start) if x is not None)
    end = view.current_end
    if end is None:
        last_due_year = max(view.as_of.year, lower.year) + 1
    else:
        # 每年: the report on the last validity year falls due too, and so do reports while the
        # cluster is in review or awaits it (up to the one on the as-of year)
        covered = end.year
        if view.as_of > end and view.validity_state()[0] in (State.IN_REVIEW, State.AWAITING_REVIEW):
            covered = max(covered, view.as_of.year)
        last_due_year = covered + 1
    dues = []
    for year in range(lower.year, last_due_year + 1):
        due = date(year, entry.month, entry.day)
        if due >= lower:
            dues.append((year - 1, due))
    return res, entry, dues


def _report_items(view: View, soon: int) -> list[TimelineItem]:
    res, entry, dues = _report_due_days(view)
    if res is None:
        return []
    rule: AnnualReport = res.rule.rule
    party_zh = f"{rule.reporter_zh or '(报送主体未载明)'} → {rule.recipient_zh}"
    party_en = f"{rule.reporter_en or '(reporter not stated)'} → {rule.recipient_en}"
    if entry is None:
        return [
            TimelineItem(
                id="annual_report",
                rule=res.id,
                type="obligation",
                title_zh=res.rule.title_zh,
                title_en=res.rule.title_en,
                due=None,
                status=ItemStatus.UNKNOWN,
                party_zh=party_zh,
                party_en=party_en,
                note_zh=f"依据未规定 {view.record.batch} 批次的年度报送日期",
                note_en=f"no source gives the report day for the {view.record.batch} batch",
                citation=res.rule.citation,
                provenance=res.rule.provenance,
                origin=res.origin,
            )
        ]
    filed: dict[int, date] = {}
    for r in sorted(view.record.annual_reports, key=lambda r: r.filed):  # a year listed twice: its earliest day
        if r.filed <= view.as_of:
            filed.setdefault(r.year, r.filed)
    covers_zh = f"报送内容:{'、'.join(rule.covers_zh)}等" if rule.covers_zh else ""
    covers_en = f"covers: {'; '.join(rule.covers_en)}" if rule.covers_en else ""
    items = []
    for year, due in dues:
        rest_zh, rest_en = rest_day_note(due)
        zh = ";".join(x for x in (covers_zh, rest_zh) if x)
        en = "; ".join(x for x in (covers_en, rest_en) if x)
        items.append(
            TimelineItem(
                id=f"annual_report.{due.year}",
                rule=res.id,
                type="obligation",
                # The year the report covers, after what is reported (which may itself say 上一年度).
                title_zh=f"报送{rule.content_zh}({year}年度)" if rule.content_zh else f"报送年度情况({year}年度,报送内容未载明)",
                title_en=f"{rule.content_en} (covering {year})" if rule.content_en else f"Annual report covering {year} (content not stated)",
                due=due,
                status=item_status(due, filed.get(year), view.as_of, soon),
                done_on=filed.get(year),
                party_zh=party_zh,
                party_en=party_en,
                note_zh=zh,
                note_en=en,
                citation=entry.citation,
                provenance=entry.provenance,
                origin=res.origin,
            )
        )
    if view.current_end is None:
        view.notes.append(
            Note(
                code="reports_open_ended",
                zh="有效期截止日未知:年度报送只列至评估日期次年",
                en="the end of validity is unknown: annual reports are listed up to the year after the as-of date",
            )
        )
    return items
