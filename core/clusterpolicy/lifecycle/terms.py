"""A record as of one day: its validity terms (original and extensions), the regime's rules, date arithmetic.

Validity runs through its last day; a term of n years from day s ends the day before the same day
n years on; a pass on review extends the end by the review's years (2025-12-31 → 2028-12-31).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING


from ..criteria.kinds import NotEncoded
from ..errors import InputError
from ..limits import MAX_DATE, as_of_date
from ..model import Citation, Note, Provenance, frozen
from .kinds import (
    DayUnit,
    Period,
    Review,
    ReviewRound,
    StartRule,
    Validity,
)
from .record import AuthorityFinding, Record, ReviewEvent, ReviewResult, inconsistencies
from .results import ItemStatus, State

if TYPE_CHECKING:
    from ..regimes.build import Regime, Resolved


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


def item_status(due: date | None, done: date | None, as_of: date, soon: int) -> ItemStatus:
    """An obligation's status on ``as_of``: done (late), due soon (from ``soon`` days before its day
    to the day itself), upcoming, overdue (from the next day), or open (no day stated)."""
    if done is not None:
        return ItemStatus.DONE if due is None or done <= due else ItemStatus.DONE_LATE
    if due is None:
        return ItemStatus.OPEN
    if as_of > due:
        return ItemStatus.OVERDUE
    return ItemStatus.DUE_SOON if (due - as_of).days <= soon else ItemStatus.UPCOMING


def show_day(day: date | None) -> str:
    return day.isoformat() if day else "—"


def rules_of_kind(regime: Regime, cls: type) -> list[Resolved]:
    return [r for r in regime.timelines if isinstance(r.rule.rule, cls)]


def rule_of_kind(regime: Regime, cls: type) -> Resolved | None:
    found = rules_of_kind(regime, cls)
    return found[0] if found else None


def not_encoded_rule(regime: Regime, rid: str) -> Resolved | None:
    for r in regime.timelines:
        if r.id == rid and isinstance(r.rule.rule, NotEncoded):
            return r
    return None


def review_rule(regime: Regime) -> Resolved | None:
    """The regime's review rule: a ``review`` rule, or a not-encoded rule with id ``review``."""
    return rule_of_kind(regime, Review) or not_encoded_rule(regime, "review")


def heading(regime: Regime, record: Record, as_of: date) -> dict:
    """The fields that open a timeline and a status: the regime, the cluster, the assessment date."""
    j = regime.jurisdiction
    return {"regime": regime.id, "regime_zh": j.name_zh, "regime_en": j.name_en, "cluster": record.name, "batch": record.batch, "as_of": as_of}


def record_key(record: Record) -> str:
    """Stable key of a record (its ``id``, else derived from regime, batch and name)."""
    import hashlib

    if record.id:
        return record.id
    digest = hashlib.sha1(f"{record.regime}\x00{record.batch}\x00{record.name}".encode()).hexdigest()[:12]
    return f"{record.regime}-{record.batch}-{digest}"


@frozen(kw_only=True)
class Cycle:
    start: date | None
    end: date | None
    source: str
    review: ReviewEvent | None  #: the review of this term's expiry, as known on the as-of day


class View:
    """A record, its regime's validity and review rules, and its terms, as of one day."""

    def __init__(self, regime: Regime, record: Record, as_of: date):
        if record.regime != regime.id:
            raise InputError("<record>", [f"$.regime: the record is for {record.regime!r}, not {regime.id!r}"])
        self.regime, self.record, self.as_of = regime, record, as_of_date(as_of)
        self.notes: list[Note] = inconsistencies(record)
        self.needs: list[str] = []
        self.validity_rule = rule_of_kind(regime, Validity)
        self.review_rule = review_rule(regime)
        self.rounds = [r for r in rules_of_kind(regime, ReviewRound) if r.rule.rule.batches.covers(record.batch)]
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

    def _cycles(self) -> list[Cycle]:
        reviews = [self._as_of_review(r) for r in self.record.reviews]
        cycles = [Cycle(start=self.start, end=self.first_end, source=self.source, review=reviews[0] if reviews else None)]
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
            if current.end.year + review_rule.extension_years > MAX_DATE.year:
                self.notes.append(
                    Note(
                        code="extension_unknown",
                        zh=f"第 {k + 1} 次复核通过后的有效期将超过 {MAX_DATE.isoformat()}(支持的最后日期),未计算",
                        en=f"review {k + 1} would extend the validity past {MAX_DATE.isoformat()} (the last supported date); the extension is not computed",
                    )
                )
                break
            k += 1
            cycles.append(
                Cycle(
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

    # review rounds --------------------------------------------------------------------------
    def round_for(self, k: int) -> Resolved | None:
        """The review round of the record's batch for its ``k``-th term's expiry (0-based), if encoded."""
        return next((r for r in self.rounds if r.rule.rule.expiry == k + 1), None)

    def disqualified(self, k: int) -> tuple[int, AuthorityFinding] | None:
        """A finding that cancels the cluster's place in the ``k``-th review round (index in the
        record's findings, finding): dated from the round's opening (else the term's start) to the
        as-of day, and not after the round's decision."""
        res = self.round_for(k)
        rule = res.rule.rule.disqualification if res else None
        if rule is None:
            return None
        cycle = self.cycles[k] if k < len(self.cycles) else None
        lo = res.rule.rule.opened or (cycle.start if cycle else None) or self.record.announced
        hi = self.as_of
        if cycle and cycle.review and cycle.review.decided:
            hi = min(hi, cycle.review.decided)
        for i, f in enumerate(self.record.findings):
            if f.kind in rule.findings and lo <= f.date <= hi:
                return i, f
        return None

    def review_timing(self, lang: str) -> str:
        """When the regime's review takes place, in its source's words (empty if not stated)."""
        rule = self.review_rule.rule.rule if self.review_rule else None
        if not isinstance(rule, Review):
            return ""
        return (rule.timing_zh if lang == "zh" else rule.timing_en) or ""

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
        k = len(self.cycles) - 1
        r = self.cycles[-1].review
        if r is not None and r.result is ReviewResult.FAILED:
            return State.EXPIRED, Note(
                code="expired", zh=f"有效期已于 {end} 届满,{r.decided} 复核未通过", en=f"validity ended on {end}; the review failed on {r.decided}"
            )
        if r is not None and r.result is ReviewResult.PASSED:  # passed, but the extension is not encoded
            return State.UNKNOWN, Note(
                code="extension_unknown",
                zh=f"有效期于 {end} 届满,{r.decided} 复核通过,延长期限未编码",
                en=f"validity ended on {end}; the review passed on {r.decided}, but the extension is not encoded",
            )
        disq = self.disqualified(k)
        if disq is not None:
            return State.EXPIRED, Note(
                code="expired",
                zh=f"有效期已于 {end} 届满,复核资格已于 {disq[1].date} 取消",
                en=f"validity ended on {end}; the cluster's place in the review round was cancelled on {disq[1].date}",
            )
        if r is not None and r.applied is not None:
            return State.IN_REVIEW, Note(
                code="in_review",
                zh=f"有效期已于 {end} 届满,{r.applied} 已申请复核,结果未出",
                en=f"validity ended on {end}; review applied for on {r.applied}, no result yet",
            )
        res = self.round_for(k)
        if res is None and not isinstance(self.review_rule.rule.rule if self.review_rule else None, Review):
            return State.EXPIRED, Note(
                code="expired",
                zh=f"有效期已于 {end} 届满;该制度的期满复核未编码",
                en=f"validity ended on {end}; the regime's review on expiry is not encoded",
            )
        if res is None:
            timing_zh, timing_en = self.review_timing("zh"), self.review_timing("en")
            return State.AWAITING_REVIEW, Note(
                code="awaiting_review",
                zh=f"有效期已于 {end} 届满,待复核" + (f"({timing_zh})" if timing_zh else "") + f";{self.record.batch} 批次的复核轮次未编码",
                en=f"validity ended on {end}; awaiting the review" + (f" ({timing_en})" if timing_en else "")
                + f"; the {self.record.batch} batch's review round is not encoded",
            )
        close, _ = res.rule.rule.closes()
        if close is not None and as_of > close:
            return State.EXPIRED, Note(
                code="expired",
                zh=f"有效期已于 {end} 届满;复核轮次 {res.id} 已于 {close} 截止,记录中无复核申请",
                en=f"validity ended on {end}; the review round {res.id} closed on {close} with no application in the record",
            )
        until_zh = f"复核轮次 {res.id} 截至 {close}" if close else f"复核轮次 {res.id} 未规定截止日期"
        until_en = f"the review round {res.id} is open until {close}" if close else f"the review round {res.id} states no deadline"
        return State.AWAITING_REVIEW, Note(
            code="awaiting_review", zh=f"有效期已于 {end} 届满,待复核;{until_zh}", en=f"validity ended on {end}; awaiting review: {until_en}"
        )


def rest_day_note(day: date) -> tuple[str, str]:
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


def period_end(anchor: date, period: Period) -> date:
    """The last day of a period from ``anchor``: the anchor is not counted (民法典 第201条) unless
    the period says ``start_day_counts``; a calendar period's last day on a rest day moves to the
    next working day (第203条)."""
    from . import workdays

    if period.unit is DayUnit.WORKING_DAYS:
        if period.start_day_counts and workdays.is_working_day(anchor):
            return anchor if period.length == 1 else workdays.add_working_days(anchor, period.length - 1)
        return workdays.add_working_days(anchor, period.length)
    if period.start_day_counts:
        return workdays.next_working_day(anchor + timedelta(days=period.length - 1))
    return workdays.add_calendar_days(anchor, period.length)
