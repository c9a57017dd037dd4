"""Apply a regime's timeline rules and revocation grounds to a recognition record.

:func:`timeline` lists every dated obligation and milestone with its status on the as-of date;
:func:`status` gives the lifecycle state and each revocation ground's finding; :func:`check_quota`
checks a recommendation list against a call. None of them calls a hook.

The record is read *as of* the date asked: events dated after it are ignored, so asking about a
past day gives the answer that day would have given.

Edge semantics (each is tested at the day before / of / after):

* A deadline "于…前" is met by acting on that day. An obligation not done is ``due_soon`` from
  ``soon`` days before its day up to and including the day itself, ``overdue`` from the next day.
* Validity runs through its last day; ground (一) can arise from the day after. A term of n years
  from day s ends the day before the same day n years on; a pass on review extends the end by the
  review's years (2025-12-31 → 2028-12-31).
* (一) A review applied for on or before the last day and still pending keeps the cluster ``in
  review``; no application by then is the ground (an application after expiry is a question for
  the authority unless it then passed); a failed review is the ground from the day it is decided.
* (三) An annual report filed after its day was not sent in time: the ground, from the day after
  the due day. Monitoring refused is the ground from the day it was established.
* (四) Without a stated deadline (the national and Hainan texts say only 及时), a change reported
  on or before the day it occurred is fine, a later or missing report is ``needs_review`` with the
  delay, and only a record marking it ``never_reported`` establishes the ground.
* (五) Incidents from the start of validity (else the announcement) to the as-of date (or the end
  of validity if that came first), graded with the criteria's :class:`~clusterpolicy.criteria.IncidentBar`.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any, ClassVar

from attrs import frozen

from ..criteria.kinds import NotEncoded
from ..errors import ClusterPolicyError, InputError
from .kinds import (
    Anchor,
    AnnualReport,
    DayUnit,
    EventFound,
    ExpiryWithoutReview,
    IncidentDuringValidity,
    Period,
    PeriodObligation,
    RecommendationCall,
    ReportNotInTime,
    Review,
    StartRule,
    UnreportedChange,
    Validity,
)
from ..model import Citation, Provenance, doc
from .record import Recommendations, Record, ReviewEvent, ReviewResult
from ..regimes.build import Regime, Resolved
from ..criteria.results import Note

#: Default number of days before a due day from which an open obligation is "due soon".
DUE_SOON_DAYS = 30


class ItemStatus(str, enum.Enum):
    """Status of a timeline item on the as-of date."""

    DONE = "done"  #: done on or before its day
    DONE_LATE = "done_late"  #: done, after its day
    DUE_SOON = "due_soon"  #: open, due within the "soon" window (the due day included)
    UPCOMING = "upcoming"  #: open, due later
    OVERDUE = "overdue"  #: open, its day has passed
    OPEN = "open"  #: open, and no source states a day for it
    PAST = "past"  #: a milestone that has passed
    UNKNOWN = "unknown"  #: its day is not known (the item says what the record must supply)
    NOT_ENCODED = "not_encoded"  #: the rule's content is not known from any source


class GroundStatus(str, enum.Enum):
    """Finding on one revocation ground."""

    FOUND = "found"  #: the ground has arisen
    NOT_FOUND = "not_found"
    NEEDS_REVIEW = "needs_review"  #: the texts leave it to the authority (e.g. no deadline stated)
    UNKNOWN = "unknown"  #: an input is missing
    NOT_ENCODED = "not_encoded"  #: the ground's content is not known from any source


class State(str, enum.Enum):
    """Lifecycle state on the as-of date."""

    NOT_YET_VALID = "not_yet_valid"
    ACTIVE = "active"
    IN_REVIEW = "in_review"  #: validity ended, review applied for, no result yet
    EXPIRED = "expired"
    REVOCATION_GROUNDS_FOUND = "revocation_grounds_found"  #: revocation is the authority's act
    UNKNOWN = "unknown"  #: validity dates unknown


@frozen(kw_only=True)
class TimelineItem:
    """One dated obligation or milestone."""

    id: str = doc("Item id, e.g. annual_report.2024 or validity.end.1.")
    rule: str = doc("Timeline rule (or revocation ground) it comes from.")
    type: str = doc("obligation or milestone.")
    title_zh: str = doc("Title (Chinese).")
    title_en: str = doc("Title (English).")
    due: date | None = doc("Day it is due or happens; null when not known or not stated.")
    status: ItemStatus = doc("done, done_late, due_soon, upcoming, overdue, open, past, unknown, not_encoded.")
    done_on: date | None = doc("Day it was done, from the record.", default=None)
    party_zh: str | None = doc("Who acts, and towards whom (Chinese).", default=None)
    party_en: str | None = doc("Who acts, and towards whom (English).", default=None)
    needs: tuple[str, ...] = doc("Record fields to supply so the day can be known.", default=())
    note_zh: str = doc("Explanation (Chinese).", default="")
    note_en: str = doc("Explanation (English).", default="")
    citation: Citation | None = doc("Where the rule is written; null for dates the record supplied.", default=None)
    provenance: Provenance | None = doc("text, secondary or unknown; null for dates the record supplied.", default=None)
    origin: str = doc("Jurisdiction that wrote the rule.", default="")

    def title(self, lang: str) -> str:
        return self.title_zh if lang == "zh" else self.title_en

    def note(self, lang: str) -> str:
        return self.note_zh if lang == "zh" else self.note_en

    def party(self, lang: str) -> str | None:
        return self.party_zh if lang == "zh" else self.party_en


@frozen(kw_only=True)
class Term:
    """One validity term: the original, or an extension on review."""

    start: date | None = doc("First day (null if unknown).")
    end: date | None = doc("Last day (null if unknown).")
    source: str = doc("batch (the regime fixes it), rule (computed from the regime's rule) or record.")


@frozen(kw_only=True)
class Timeline:
    """A record's obligations and milestones under its regime on one day."""

    JSON_KIND: ClassVar[str] = "timeline"

    regime: str = doc("Regime id.")
    regime_zh: str = doc("Regime name (Chinese).")
    regime_en: str = doc("Regime name (English).")
    cluster: str = doc("Cluster name.")
    batch: int = doc("Batch.")
    as_of: date = doc("Day the statuses are for.")
    soon_days: int = doc("Days before a due day from which an open item is due soon.")
    terms: tuple[Term, ...] = doc("Validity terms: the original, then each extension.")
    items: tuple[TimelineItem, ...] = doc("Obligations and milestones, by due day (undated last).")
    needs: tuple[str, ...] = doc("Record fields to supply so unknown days can be computed.", default=())
    notes: tuple[Note, ...] = doc("Further remarks.", default=())


@frozen(kw_only=True)
class GroundFinding:
    """The finding on one revocation ground."""

    ground: str = doc("Ground id.")
    item: str = doc("Item of the article, e.g. (一).")
    kind: str = doc("Ground kind.")
    title_zh: str = doc("Title (Chinese).")
    title_en: str = doc("Title (English).")
    status: GroundStatus = doc("found, not_found, needs_review, unknown, not_encoded.")
    since: date | None = doc("Day the ground arose, when found and known.", default=None)
    evidence: tuple[str, ...] = doc("Record entries it rests on, as paths, e.g. major_changes[0].", default=())
    missing: tuple[str, ...] = doc("Record fields that were missing (unknown).", default=())
    reason_zh: str = doc("One-line reason (Chinese).")
    reason_en: str = doc("One-line reason (English).")
    citation: Citation = doc("Where the ground is written.")
    provenance: Provenance = doc("text, secondary or unknown.")
    origin: str = doc("Jurisdiction that wrote the ground.")

    def title(self, lang: str) -> str:
        return self.title_zh if lang == "zh" else self.title_en

    def reason(self, lang: str) -> str:
        return self.reason_zh if lang == "zh" else self.reason_en


@frozen(kw_only=True)
class LifecycleStatus:
    """A record's lifecycle state and revocation grounds under its regime on one day."""

    JSON_KIND: ClassVar[str] = "lifecycle_status"

    regime: str = doc("Regime id.")
    regime_zh: str = doc("Regime name (Chinese).")
    regime_en: str = doc("Regime name (English).")
    cluster: str = doc("Cluster name.")
    batch: int = doc("Batch.")
    as_of: date = doc("Day of the assessment.")
    state: State = doc("revocation_grounds_found if any ground is found, else the validity state.")
    validity_state: State = doc("not_yet_valid, active, in_review, expired or unknown.")
    valid_from: date | None = doc("Start of the first term (null if unknown).")
    valid_until: date | None = doc("End of the current term, extensions included (null if unknown).")
    grounds: tuple[GroundFinding, ...] = doc("One finding per revocation ground of the regime.")
    open_questions: int = doc("Grounds that are needs_review, unknown or not_encoded.")
    reasons: tuple[Note, ...] = doc("Why the state is what it is.")


@frozen(kw_only=True)
class QuotaCheck:
    """A recommendation list checked against a call's quota and deadline."""

    JSON_KIND: ClassVar[str] = "quota_check"

    regime: str = doc("Regime whose call it is.")
    call: int = doc("Year of the call.")
    submitter: str = doc("Who submits.")
    submitter_kind: str = doc("province, separately_planned_city or xpcc.")
    as_of: date = doc("Day of the check.")
    status: str = doc("ok, pending (not sent, still in time), over_quota, late, overdue or not_encoded.")
    count: int = doc("Clusters on the list.")
    quota: int | None = doc("The call's quota for this submitter kind (null if not encoded).", default=None)
    over_by: int = doc("How many over the quota (0 when within).", default=0)
    deadline: date | None = doc("The call's deadline (null if not encoded).", default=None)
    submitted: date | None = doc("Day sent, from the list.", default=None)
    duplicates: tuple[str, ...] = doc("Cluster names listed more than once.", default=())
    reasons: tuple[Note, ...] = doc("What was checked and found.")
    citation: Citation = doc("Where the call is written.")
    provenance: Provenance = doc("text, secondary or unknown.")


class UnknownCallError(ClusterPolicyError):
    """A recommendation call was asked for that the regime does not have."""

    exit_code = 2


# --- small helpers ---------------------------------------------------------------------------


def add_years(day: date, n: int) -> date:
    """The same calendar day ``n`` years later; 29 February → 28 February, the month's last day
    (民法典 第202条). Used to extend a term's last day on review."""
    try:
        return day.replace(year=day.year + n)
    except ValueError:
        return day.replace(year=day.year + n, day=28)


def term_end(start: date, years: int) -> date:
    """Last day of a term of ``years`` years that includes its first day ``start``: the day before
    the anniversary (2023-07-01 → 2026-06-30; from 29 February the anniversary is 1 March)."""
    try:
        anniversary = start.replace(year=start.year + years)
    except ValueError:
        anniversary = date(start.year + years, 3, 1)
    return anniversary - timedelta(days=1)


def _d(day: date | None) -> str:
    return day.isoformat() if day else "—"


def _find(regime: Regime, cls: type) -> list[Resolved]:
    return [r for r in regime.timelines if isinstance(r.rule.rule, cls)]


def _one(regime: Regime, cls: type) -> Resolved | None:
    found = _find(regime, cls)
    return found[0] if found else None


def _not_encoded_by_id(regime: Regime, rid: str) -> Resolved | None:
    for r in regime.timelines:
        if r.id == rid and isinstance(r.rule.rule, NotEncoded):
            return r
    return None


def _review_rule(regime: Regime) -> Resolved | None:
    """The regime's review rule: a ``review`` rule, or a not-encoded rule with id ``review``."""
    return _one(regime, Review) or _not_encoded_by_id(regime, "review")


def record_key(record: Record) -> str:
    """Stable key of a record (its ``id``, else derived from regime, batch and name)."""
    import hashlib

    if record.id:
        return record.id
    digest = hashlib.sha1(f"{record.regime}\x00{record.batch}\x00{record.name}".encode()).hexdigest()[:12]
    return f"{record.regime}-{record.batch}-{digest}"


# --- the record as of a day ------------------------------------------------------------------


@frozen(kw_only=True)
class _Cycle:
    start: date | None
    end: date | None
    source: str
    review: ReviewEvent | None  #: the review of this term's expiry, as known on the as-of day


class _View:
    """A record, its regime's validity and review rules, and its terms, as of one day."""

    def __init__(self, regime: Regime, record: Record, as_of: date):
        if record.regime != regime.id:
            raise InputError("<record>", [f"$.regime: the record is for {record.regime!r}, not {regime.id!r}"])
        self.regime, self.record, self.as_of = regime, record, as_of
        self.notes: list[Note] = []
        self.needs: list[str] = []
        self.validity_rule = _one(regime, Validity)
        self.review_rule = _review_rule(regime)
        self.start, self.first_end, self.source, self.start_cite = self._first_term()
        given = record.validity
        #: whether the record, not a rule, supplied the first term's start / end
        self.start_given = bool(given and given.start is not None and given.start == self.start)
        self.end_given = bool(given and given.end is not None and given.end == self.first_end)
        self.cycles = self._cycles()

    # the first term -------------------------------------------------------------------------
    def _first_term(self) -> tuple[date | None, date | None, str, tuple[Citation, Provenance] | None]:
        rec, res = self.record, self.validity_rule
        given = rec.validity
        rule: Validity | None = res.rule.rule if res else None
        entry = next((e for e in rule.batches if e.batches.covers(rec.batch)), None) if rule else None
        term = rule.term_years if rule else None
        start = end = None
        source, cite = "record", None
        if entry is not None and entry.start_rule is not StartRule.RECORD:
            cite = (entry.citation, entry.provenance)
            source = "batch" if entry.start_rule is StartRule.FIXED else "rule"
            if entry.start_rule is StartRule.FIXED:
                start, end = entry.start, entry.end
            elif entry.start_rule is StartRule.JANUARY_AFTER_ANNOUNCEMENT:
                start = date(rec.announced.year + 1, 1, 1)
            else:
                start = rec.announced
            if end is None and start is not None and term is not None:
                end = term_end(start, term)
            if given is not None:
                for part, ours, theirs in (("start", start, given.start), ("end", end, given.end)):
                    if theirs is not None and ours is not None and theirs != ours:
                        self.notes.append(
                            Note(
                                code="validity_differs",
                                zh=f"记录中的有效期{('起始日' if part == 'start' else '截止日')} {theirs} 与该批次依据({entry.citation.render()})的 {ours} 不同;采用记录中的日期",
                                en=f"the record's validity {part} {theirs} differs from the batch's {ours} ({entry.citation.render()}); the record's date is used",
                            )
                        )
                start = given.start or start
                end = given.end or end
        else:
            start = given.start if given else None
            end = given.end if given else None
            if end is None and start is not None and term is not None:
                end = term_end(start, term)
                source = "rule"
            if start is None:
                self.needs.append("validity.start")
            if end is None:
                self.needs.append("validity.end")
            if start is None or end is None:
                why_zh = "该制度未编码有效期规则" if rule is None else f"该制度的依据未规定 {rec.batch} 批次有效期的起止"
                why_en = "the regime encodes no validity rule" if rule is None else f"no source fixes the {rec.batch} batch's validity"
                ask = ", ".join(self.needs)
                self.notes.append(
                    Note(
                        code="validity_unknown",
                        zh=f"{why_zh};请在记录中填写 {ask}(不作推测)",
                        en=f"{why_en}; the record must supply {ask} (nothing is guessed)",
                    )
                )
        return start, end, source, cite

    def _cycles(self) -> list[_Cycle]:
        reviews = [self._as_of_review(r) for r in self.record.reviews]
        cycles = [_Cycle(start=self.start, end=self.first_end, source=self.source, review=reviews[0] if reviews else None)]
        review_rule = self.review_rule.rule.rule if self.review_rule else None
        k = 0
        while True:
            current = cycles[-1]
            r = current.review
            if r is None or r.result is not ReviewResult.PASSED or current.end is None:
                break
            if not isinstance(review_rule, Review):
                self.notes.append(
                    Note(
                        code="extension_unknown",
                        zh="复核已通过,但该制度复核后的延长期限未编码;延长后的有效期请在记录中另行核实",
                        en="the review was passed, but the regime's extension on review is not encoded; the extended validity is not computed",
                    )
                )
                break
            k += 1
            cycles.append(
                _Cycle(
                    start=current.end + timedelta(days=1),
                    end=add_years(current.end, review_rule.extension_years),
                    source="rule",
                    review=reviews[k] if k < len(reviews) else None,
                )
            )
        return cycles

    def _as_of_review(self, r: ReviewEvent) -> ReviewEvent | None:
        """The review as it stood on the as-of day (later steps not yet taken)."""
        applied = r.applied if r.applied and r.applied <= self.as_of else None
        decided = r.decided if r.decided and r.decided <= self.as_of else None
        if applied is None and decided is None:
            return None
        return ReviewEvent(applied=applied, result=r.result if decided else None, decided=decided)

    # what holds on the as-of day --------------------------------------------------------------
    @property
    def current_end(self) -> date | None:
        return self.cycles[-1].end

    def validity_state(self) -> tuple[State, Note]:
        start, end, as_of = self.start, self.current_end, self.as_of
        if as_of < self.record.announced and (start is None or as_of < start):
            return State.NOT_YET_VALID, Note(
                code="not_yet", zh=f"名单公布于 {self.record.announced},尚未认定", en=f"the list was announced on {self.record.announced}; not yet recognised"
            )
        if start is not None and as_of < start:
            return State.NOT_YET_VALID, Note(code="not_yet", zh=f"有效期自 {start} 起", en=f"validity starts on {start}")
        if end is None:
            return State.UNKNOWN, Note(
                code="validity_unknown",
                zh="有效期截止日未知,无法判断是否仍在有效期内",
                en="the end of validity is unknown, so whether it is still valid cannot be said",
            )
        if as_of <= end:
            ext = "(经复核延长)" if len(self.cycles) > 1 else ""
            ext_en = " (extended on review)" if len(self.cycles) > 1 else ""
            return State.ACTIVE, Note(code="active", zh=f"有效期至 {end}{ext}", en=f"valid until {end}{ext_en}")
        r = self.cycles[-1].review
        if r is not None and r.applied is not None and r.result is None:
            return State.IN_REVIEW, Note(
                code="in_review",
                zh=f"有效期已于 {end} 届满,{r.applied} 已申请复核,结果未出",
                en=f"validity ended on {end}; review applied for on {r.applied}, no result yet",
            )
        return State.EXPIRED, Note(code="expired", zh=f"有效期已于 {end} 届满", en=f"validity ended on {end}")


# --- timeline --------------------------------------------------------------------------------


def _status(due: date | None, done: date | None, as_of: date, soon: int) -> ItemStatus:
    if done is not None:
        return ItemStatus.DONE if due is None or done <= due else ItemStatus.DONE_LATE
    if due is None:
        return ItemStatus.OPEN
    if as_of > due:
        return ItemStatus.OVERDUE
    return ItemStatus.DUE_SOON if (due - as_of).days <= soon else ItemStatus.UPCOMING


def _milestone(day: date, as_of: date) -> ItemStatus:
    return ItemStatus.PAST if day <= as_of else ItemStatus.UPCOMING


def _rest_day_note(day: date) -> tuple[str, str]:
    """A remark when a fixed due day is not a working day (the stated day is kept)."""
    from . import workdays

    try:
        if workdays.is_working_day(day):
            return "", ""
    except workdays.CalendarRangeError:
        return "", ""
    return (
        f"{day} 为休息日;按所述日期计算(民法典第二百零三条关于期间末日顺延的规定是否适用,由主管部门把握)",
        f"{day} is not a working day; the stated day is used (whether 民法典 art. 203 moves it is for the authority)",
    )


def _period_end(anchor: date, period: Period) -> date:
    from . import workdays

    if period.unit is DayUnit.WORKING_DAYS:
        return workdays.add_working_days(anchor, period.length)
    return workdays.add_calendar_days(anchor, period.length)


def timeline(regime: Regime, record: Record, as_of: date, soon: int = DUE_SOON_DAYS) -> Timeline:
    """Every dated obligation and milestone of ``record`` under ``regime``, with its status on ``as_of``."""
    view = _View(regime, record, as_of)
    items: list[TimelineItem] = []
    items += _validity_items(view)
    items += _review_items(view, soon)
    items += _call_items(view, soon)
    items += _report_items(view, soon)
    items += _change_items(view, soon)
    items += _period_items(view, soon)
    items += _unencoded_items(view)
    items.sort(key=lambda i: (i.due is None, i.due or date.max, i.id))
    j = regime.jurisdiction
    return Timeline(
        regime=regime.id,
        regime_zh=j.name_zh,
        regime_en=j.name_en,
        cluster=record.name,
        batch=record.batch,
        as_of=as_of,
        soon_days=soon,
        terms=tuple(Term(start=c.start, end=c.end, source=c.source) for c in view.cycles),
        items=tuple(items),
        needs=tuple(view.needs),
        notes=tuple(view.notes),
    )


def _validity_items(view: _View) -> list[TimelineItem]:
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


def _review_items(view: _View, soon: int) -> list[TimelineItem]:
    res = view.review_rule
    if res is None:
        return []
    rule = res.rule
    items = []
    for k, c in enumerate(view.cycles):
        if isinstance(rule.rule, NotEncoded):
            items.append(
                TimelineItem(
                    id=f"review.{k + 1}",
                    rule=res.id,
                    type="obligation",
                    title_zh=rule.title_zh,
                    title_en=rule.title_en,
                    due=c.end,
                    status=ItemStatus.NOT_ENCODED,
                    note_zh=rule.rule.note_zh,
                    note_en=rule.rule.note_en,
                    citation=rule.citation,
                    provenance=rule.provenance,
                    origin=res.origin,
                )
            )
            break
        review: Review = rule.rule
        applied = c.review.applied if c.review else None
        checks_zh = ";".join(review.checks_zh)
        checks_en = "; ".join(review.checks_en)
        decided = ""
        decided_en = ""
        if c.review and c.review.result:
            word = "通过" if c.review.result is ReviewResult.PASSED else "未通过"
            decided = f";{c.review.decided} 复核{word}"
            decided_en = f"; review {c.review.result.value} on {c.review.decided}"
        items.append(
            TimelineItem(
                id=f"review.{k + 1}",
                rule=res.id,
                type="obligation",
                title_zh="有效期满前申请复核",
                title_en="Apply for review before validity ends",
                due=c.end,
                # a decided review was applied for, even if the record lacks the day
                status=ItemStatus.DONE
                if applied is None and c.review is not None and c.review.result is not None
                else (_status(c.end, applied, view.as_of, soon) if c.end else (ItemStatus.DONE if applied else ItemStatus.UNKNOWN)),
                done_on=applied,
                party_zh=review.applicant_zh,
                party_en=review.applicant_en,
                needs=("validity.end",) if c.end is None else (),
                note_zh=f"复核内容:{checks_zh};通过的有效期延长{review.extension_years}年{decided}",
                note_en=f"the review checks: {checks_en}; passing extends validity by {review.extension_years} years{decided_en}",
                citation=rule.citation,
                provenance=rule.provenance,
                origin=res.origin,
            )
        )
    return items


def _call_items(view: _View, soon: int) -> list[TimelineItem]:
    items = []
    for res in _find(view.regime, RecommendationCall):
        call: RecommendationCall = res.rule.rule
        if view.record.batch not in call.reviews_batches:
            continue
        cycle = next((c for c in view.cycles if c.end is None or c.end >= call.deadline), view.cycles[-1])
        applied = cycle.review.applied if cycle.review else None
        items.append(
            TimelineItem(
                id=f"{res.id}.review",
                rule=res.id,
                type="obligation",
                title_zh=f"{call.year}年度通知:报送{view.record.batch}年度集群复核材料",
                title_en=f"{call.year} call: review materials of the {view.record.batch} batch sent",
                due=call.deadline,
                status=_status(call.deadline, applied if applied and applied <= call.deadline else None, view.as_of, soon),
                done_on=applied if applied and applied <= call.deadline else None,
                party_zh=f"省级中小企业主管部门 → {call.recipient_zh}",
                party_en=f"provincial SME authority → {call.recipient_en}",
                note_zh="记录中的复核申请日为县级申报日;省级转报的日期以省级通知为准(未编码)",
                note_en="the record's application day is the county's; the province's own deadline is in its relay notice (not encoded)",
                citation=res.rule.citation,
                provenance=res.rule.provenance,
                origin=res.origin,
            )
        )
    return items


def _report_due_days(view: _View) -> tuple[Resolved | None, Any, list[tuple[int, date]]]:
    """The annual-report rule, the day entry for the record's batch, and ``(report year, due)``."""
    res = _one(view.regime, AnnualReport)
    if res is None:
        return None, None, []
    rule: AnnualReport = res.rule.rule
    entry = next((d for d in rule.days if d.batches.covers(view.record.batch)), None)
    if entry is None:
        return res, None, []
    lower = max(x for x in (view.record.announced, view.start) if x is not None)
    end = view.current_end
    last_year = end.year if end else max(view.as_of.year, lower.year) + 1
    dues = []
    for year in range(lower.year, last_year + 1):
        due = date(year, entry.month, entry.day)
        if due >= lower and (end is None or due <= end):
            dues.append((year - 1, due))
    return res, entry, dues


def _report_items(view: _View, soon: int) -> list[TimelineItem]:
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
    filed = {r.year: r.filed for r in view.record.annual_reports if r.filed <= view.as_of}
    items = []
    for year, due in dues:
        zh, en = _rest_day_note(due)
        items.append(
            TimelineItem(
                id=f"annual_report.{due.year}",
                rule=res.id,
                type="obligation",
                title_zh=f"报送{year}年度{rule.content_zh}",
                title_en=f"{rule.content_en} on {year} sent",
                due=due,
                status=_status(due, filed.get(year), view.as_of, soon),
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


def _change_ground(regime: Regime) -> Resolved | None:
    return next((g for g in regime.revocation_grounds if isinstance(g.rule.ground, UnreportedChange)), None)


def _change_items(view: _View, soon: int) -> list[TimelineItem]:
    res = _change_ground(view.regime)
    if res is None:
        return []
    ground: UnreportedChange = res.rule.ground
    items = []
    for i, ch in enumerate(view.record.major_changes):
        if ch.date > view.as_of or ch.aspect not in ground.aspects:
            continue
        reported = ch.reported if ch.reported and ch.reported <= view.as_of else None
        due, zh, en = None, "依据仅要求“及时更新报备”,未规定期限", "the text only says report in time (及时); no deadline is stated"
        status = None
        if ground.report_within is not None:
            try:
                due = _period_end(ch.date, ground.report_within)
                zh, en = f"变动后{ground.report_within.render('zh')}内报备", f"report within {ground.report_within.render('en')} of the change"
            except ClusterPolicyError as exc:
                status, zh, en = ItemStatus.UNKNOWN, str(exc), str(exc)
        items.append(
            TimelineItem(
                id=f"major_change.{i + 1}",
                rule=res.id,
                type="obligation",
                title_zh=f"报备重大变动({ch.aspect.value},{ch.date})",
                title_en=f"Report the major change ({ch.aspect.value}, {ch.date})",
                due=due,
                status=status or _status(due, reported, view.as_of, soon),
                done_on=reported,
                note_zh=zh,
                note_en=en,
                citation=res.rule.citation,
                provenance=res.rule.provenance,
                origin=res.origin,
            )
        )
    return items


def _anchors(view: _View, anchor: Anchor) -> list[tuple[str, date | None, str]]:
    """``(suffix, day, record path)`` for each occurrence of an anchor."""
    if anchor is Anchor.ANNOUNCEMENT:
        return [("", view.record.announced, "announced")]
    if anchor is Anchor.VALIDITY_START:
        return [("", view.start, "validity.start")]
    if anchor is Anchor.VALIDITY_END:
        return [(f".{k + 1}", c.end, "validity.end") for k, c in enumerate(view.cycles)]
    if anchor is Anchor.MAJOR_CHANGE:
        return [(f".{i + 1}", ch.date, f"major_changes[{i}].date") for i, ch in enumerate(view.record.major_changes) if ch.date <= view.as_of]
    return [
        (f".{i + 1}", r.decided, f"reviews[{i}].decided")
        for i, r in enumerate(view.record.reviews)
        if r.decided is not None and r.decided <= view.as_of
    ]


def _period_items(view: _View, soon: int) -> list[TimelineItem]:
    items = []
    for res in _find(view.regime, PeriodObligation):
        ob: PeriodObligation = res.rule.rule
        for suffix, day, path in _anchors(view, ob.anchor):
            status, due, needs = None, None, ()
            zh = f"自 {path}({_d(day)})起{ob.period.render('zh')}(起算日不计入)"
            en = f"{ob.period.render('en')} from {path} ({_d(day)}), that day not counted"
            if day is None:
                status, needs = ItemStatus.UNKNOWN, (path,)
            else:
                try:
                    due = _period_end(day, ob.period)
                except ClusterPolicyError as exc:
                    status, zh, en = ItemStatus.UNKNOWN, f"{zh};{exc}", f"{en}; {exc}"
            items.append(
                TimelineItem(
                    id=f"{res.id}{suffix}",
                    rule=res.id,
                    type="obligation",
                    title_zh=res.rule.title_zh,
                    title_en=res.rule.title_en,
                    due=due,
                    # a period's completion is not in the record: it is a date to keep, not to tick off
                    status=status or (ItemStatus.PAST if due < view.as_of else _status(due, None, view.as_of, soon)),
                    party_zh=ob.party_zh,
                    party_en=ob.party_en,
                    needs=needs,
                    note_zh=zh,
                    note_en=en,
                    citation=res.rule.citation,
                    provenance=res.rule.provenance,
                    origin=res.origin,
                )
            )
    return items


def _unencoded_items(view: _View) -> list[TimelineItem]:
    items = []
    for res in view.regime.timelines:
        rule = res.rule
        # the review rule is shown by _review_items; calls (call.<year>) concern recommendations, not a record
        if not isinstance(rule.rule, NotEncoded) or res is view.review_rule or res.id.startswith("call."):
            continue
        items.append(
            TimelineItem(
                id=res.id,
                rule=res.id,
                type="obligation",
                title_zh=rule.title_zh,
                title_en=rule.title_en,
                due=None,
                status=ItemStatus.NOT_ENCODED,
                note_zh=rule.rule.note_zh,
                note_en=rule.rule.note_en,
                citation=rule.citation,
                provenance=rule.provenance,
                origin=res.origin,
            )
        )
    return items


# --- status and revocation grounds -----------------------------------------------------------


def status(regime: Regime, record: Record, as_of: date) -> LifecycleStatus:
    """The lifecycle state of ``record`` on ``as_of`` and a finding per revocation ground."""
    view = _View(regime, record, as_of)
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
                **outcome,
            )
        )
    vstate, vnote = view.validity_state()
    reasons = [vnote, *view.notes]
    found = [f for f in findings if f.status is GroundStatus.FOUND]
    state = State.REVOCATION_GROUNDS_FOUND if found else vstate
    for f in found:
        reasons.append(Note(code="ground_found", zh=f"撤销情形{f.item}:{f.reason_zh}", en=f"revocation ground {f.item}: {f.reason_en}"))
    open_ = [f for f in findings if f.status in (GroundStatus.NEEDS_REVIEW, GroundStatus.UNKNOWN, GroundStatus.NOT_ENCODED)]
    for f in open_:
        reasons.append(Note(code=f"ground_{f.status.value}", zh=f"撤销情形{f.item}:{f.reason_zh}", en=f"revocation ground {f.item}: {f.reason_en}"))
    if not regime.revocation_grounds:
        reasons.append(
            Note(code="no_grounds", zh="该制度未编码任何撤销情形", en="the regime encodes no revocation grounds")
        )
    j = regime.jurisdiction
    return LifecycleStatus(
        regime=regime.id,
        regime_zh=j.name_zh,
        regime_en=j.name_en,
        cluster=record.name,
        batch=record.batch,
        as_of=as_of,
        state=state,
        validity_state=vstate,
        valid_from=view.start,
        valid_until=view.current_end,
        grounds=tuple(findings),
        open_questions=len(open_),
        reasons=tuple(reasons),
    )


def _out(status: GroundStatus, zh: str, en: str, since: date | None = None, evidence: Iterable[str] = (), missing: Iterable[str] = ()) -> dict:
    return {"status": status, "reason_zh": zh, "reason_en": en, "since": since, "evidence": tuple(evidence), "missing": tuple(missing)}


def _ground_expiry(view: _View, g: ExpiryWithoutReview, tl: Any) -> dict:
    as_of = view.as_of
    for k, c in enumerate(view.cycles):
        if c.end is None:
            return _out(GroundStatus.UNKNOWN, "有效期截止日未知", "the end of validity is unknown", missing=view.needs or ("validity.end",))
        if as_of <= c.end:
            return _out(GroundStatus.NOT_FOUND, f"有效期至 {c.end},尚未届满", f"valid until {c.end}; not expired")
        r = c.review
        path = f"reviews[{k}]"
        if r is not None and r.result is ReviewResult.FAILED:
            return _out(GroundStatus.FOUND, f"{r.decided} 复核未通过", f"the review failed on {r.decided}", since=r.decided, evidence=(path,))
        if r is not None and r.result is ReviewResult.PASSED:
            if k == len(view.cycles) - 1:  # passed, but the extension is not encoded
                return _out(
                    GroundStatus.UNKNOWN,
                    f"{r.decided} 复核通过,但延长期限未编码",
                    f"review passed on {r.decided}, but the extension is not encoded",
                    evidence=(path,),
                )
            continue
        if r is None or r.applied is None:
            return _out(
                GroundStatus.FOUND,
                f"有效期于 {c.end} 届满,未申请复核",
                f"validity ended on {c.end} with no review applied for",
                since=c.end + timedelta(days=1),
            )
        if r.applied > c.end:
            return _out(
                GroundStatus.NEEDS_REVIEW,
                f"有效期于 {c.end} 届满,{r.applied} 才申请复核;届满后申请是否受理由主管部门决定",
                f"validity ended on {c.end}; review applied for only on {r.applied}; whether a late application is accepted is for the authority",
                evidence=(path,),
            )
        return _out(
            GroundStatus.NOT_FOUND,
            f"有效期于 {c.end} 届满前({r.applied})已申请复核,结果未出",
            f"review applied for on {r.applied}, before validity ended on {c.end}; no result yet",
            evidence=(path,),
        )
    return _out(GroundStatus.NOT_FOUND, "", "")  # pragma: no cover - the loop always returns


def _ground_event(view: _View, g: EventFound, tl: Any) -> dict:
    hits = [(i, f) for i, f in enumerate(view.record.findings) if f.kind in g.findings and f.date <= view.as_of]
    if hits:
        listed = "; ".join(f"{f.date} {f.kind.value}" for _, f in hits)
        return _out(
            GroundStatus.FOUND,
            f"记录中有:{listed}",
            f"the record has: {listed}",
            since=min(f.date for _, f in hits),
            evidence=tuple(f"findings[{i}]" for i, _ in hits),
        )
    kinds = ", ".join(k.value for k in g.findings)
    return _out(GroundStatus.NOT_FOUND, f"记录中无 {kinds}", f"the record has no {kinds}")


def _ground_reports(view: _View, g: ReportNotInTime, tl: Timeline) -> dict:
    hits = [(i, f) for i, f in enumerate(view.record.findings) if f.kind in g.findings and f.date <= view.as_of]
    if hits:
        listed = "; ".join(f"{f.date} {f.kind.value}" for _, f in hits)
        return _out(
            GroundStatus.FOUND,
            f"记录中有:{listed}",
            f"the record has: {listed}",
            since=min(f.date for _, f in hits),
            evidence=tuple(f"findings[{i}]" for i, _ in hits),
        )
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


def _ground_change(view: _View, g: UnreportedChange, tl: Any) -> dict:
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
                due = _period_end(ch.date, g.report_within)
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


def _ground_incident(view: _View, g: IncidentDuringValidity, tl: Any) -> dict:
    incidents = view.record.incidents
    if incidents is None:
        return _out(GroundStatus.UNKNOWN, "记录未给出事故/事件情况(incidents)", "the record gives no incidents (incidents = [] states none)", missing=("incidents",))
    start = view.start or view.record.announced
    end = view.as_of if view.current_end is None else min(view.as_of, view.current_end)
    span = f"{start}–{end}"
    hits, unknown = [], []
    for i, inc in enumerate(incidents):
        if not start <= inc.date <= end:
            continue
        for bar in g.bars:
            if inc.kind not in bar.kinds:
                continue
            if bar.min_grade is None or (inc.grade is not None and inc.grade.order >= bar.min_grade.order):
                hits.append((i, inc))
                break
            if inc.grade is None:
                unknown.append(f"incidents[{i}].grade")
    if hits:
        listed = "; ".join(f"{inc.date} {inc.kind.value}" + (f" ({inc.grade.value})" if inc.grade else "") for _, inc in hits)
        return _out(
            GroundStatus.FOUND,
            f"有效期内({span})发生:{listed}",
            f"within validity ({span}): {listed}",
            since=min(inc.date for _, inc in hits),
            evidence=tuple(f"incidents[{i}]" for i, _ in hits),
        )
    if unknown:
        return _out(
            GroundStatus.UNKNOWN,
            f"事故/事件等级未知:{', '.join(unknown)}",
            f"incident grade unknown: {', '.join(unknown)}",
            missing=tuple(unknown),
        )
    return _out(
        GroundStatus.NOT_FOUND,
        f"有效期内({span})无达到撤销标准的事故/事件(已核 {len(incidents)} 条)",
        f"no incident meeting the bar within validity ({span}); {len(incidents)} record(s) checked",
    )


def _ground_not_encoded(view: _View, g: NotEncoded, tl: Any) -> dict:
    return _out(GroundStatus.NOT_ENCODED, g.note_zh, g.note_en)


_GROUNDS = {
    ExpiryWithoutReview: _ground_expiry,
    EventFound: _ground_event,
    ReportNotInTime: _ground_reports,
    UnreportedChange: _ground_change,
    IncidentDuringValidity: _ground_incident,
    NotEncoded: _ground_not_encoded,
}


# --- recommendation quotas -------------------------------------------------------------------


def check_quota(regime: Regime, recs: Recommendations, call_year: int, as_of: date) -> QuotaCheck:
    """Check a recommendation list against ``regime``'s call of ``call_year``."""
    res = next((r for r in _find(regime, RecommendationCall) if r.rule.rule.year == call_year), None)
    base = dict(
        regime=regime.id,
        call=call_year,
        submitter=recs.submitter,
        submitter_kind=recs.submitter_kind.value,
        as_of=as_of,
        count=len(recs.clusters),
        submitted=recs.submitted,
    )
    if res is None:
        unencoded = _not_encoded_by_id(regime, f"call.{call_year}")
        if unencoded is not None:
            rule = unencoded.rule
            return QuotaCheck(
                status="not_encoded",
                reasons=(Note(code="not_encoded", zh=rule.rule.note_zh, en=rule.rule.note_en),),
                citation=rule.citation,
                provenance=rule.provenance,
                **base,
            )
        known = sorted({r.rule.rule.year for r in _find(regime, RecommendationCall)})
        removed = [x for x in regime.removed if x.removal.id.startswith("call.")]
        hint = f" (its calls: {', '.join(map(str, known))})" if known else " (it has no recommendation calls"
        if removed and not known:
            hint += f"; {removed[0].jurisdiction} removes them: {removed[0].removal.reason_en})"
        elif not known:
            hint += ")"
        raise UnknownCallError(f"regime {regime.id!r} has no recommendation call for {call_year}{hint}")
    call: RecommendationCall = res.rule.rule
    reasons: list[Note] = []
    quota = call.quota_for(recs.submitter_kind)
    names = [c.name.strip() for c in recs.clusters]
    duplicates = tuple(sorted({n for n in names if names.count(n) > 1}))
    problems: list[str] = []
    over_by = 0
    if quota is None:
        reasons.append(
            Note(code="no_quota", zh=f"该通知未规定 {recs.submitter_kind.value} 的推荐数量", en=f"the call states no quota for {recs.submitter_kind.value}")
        )
    else:
        over_by = max(len(names) - quota, 0)
        if over_by:
            problems.append("over_quota")
            reasons.append(
                Note(
                    code="over_quota",
                    zh=f"推荐 {len(names)} 个,超出“不超过{quota}个”的上限 {over_by} 个:{call.over_quota_zh}",
                    en=f"{len(names)} recommended, {over_by} over the quota of at most {quota}: {call.over_quota_en}",
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
        reasons=tuple(reasons),
        citation=res.rule.citation,
        provenance=res.rule.provenance,
        **base,
    )


# --- loading inputs --------------------------------------------------------------------------


def load_record(path: str) -> Record:
    """Read a recognition record from TOML or JSON (``-`` reads standard input); bad input raises
    :class:`~clusterpolicy.errors.InputError` naming the file and each ``$.field.path``."""
    from ..convert import read_document

    return record_from_dict(read_document(path), source=_source(path))


def record_from_dict(data: dict[str, Any], source: str = "<dict>") -> Record:
    """Structure already-parsed data into a :class:`~clusterpolicy.record.Record`."""
    from ..convert import structure

    return structure(data, Record, source)


def load_recommendations(path: str) -> Recommendations:
    """Read a recommendation list from TOML or JSON."""
    from ..convert import read_document, structure

    return structure(read_document(path), Recommendations, _source(path))


def _source(path: Any) -> str:
    return "<stdin>" if str(path) == "-" else str(path)


def regime_for_record(regimes: Any, record: Record, source: str = "<record>") -> Regime:
    """The regime a record names; an unknown regime is an input error at ``$.regime``."""
    if record.regime not in set(regimes):  # Regimes[...] raises UnknownRegimeError, not KeyError
        known = ", ".join(regimes) or "none"
        raise InputError(source, [f"$.regime: unknown regime {record.regime!r} (known: {known})"])
    return regimes[record.regime]
