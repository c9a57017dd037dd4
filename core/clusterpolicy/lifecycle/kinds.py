"""Lifecycle rules of a recognised cluster: timeline rules and revocation grounds.

Both families are data, like criteria: each rule wraps one item of a closed set of kinds, tagged
``kind`` in TOML/JSON (``Validity.KIND == "validity"``). Timeline rules are here, revocation grounds
in :mod:`clusterpolicy.lifecycle.grounds`. Both are procedure: a child jurisdiction does not inherit
them unless a rule says ``inherited = true`` (:mod:`clusterpolicy.regimes.families`); it writes its own.

Timeline kinds
    ``validity``            the validity term and, per batch, how its start is fixed
    ``annual_report``       the yearly report: who reports to whom, and the day, per batch
    ``review``              the review on expiry: what it checks and how long a pass extends
    ``review_round``        one batch's review round: the call that opens it, who files to whom, by when
    ``recommendation_call`` one year's call: deadline, submitter kinds and their quotas, the materials sent
    ``period``              an obligation due a number of (working) days after an anchor date
    ``dated_period``        a period (e.g. 公示期) counted from a dated event the record gives: running / ended
    ``not_encoded``         a rule known to exist whose content no source gives

How these are applied to a recognition record is :mod:`clusterpolicy.lifecycle.timeline`, :mod:`~clusterpolicy.lifecycle.status` and :mod:`~clusterpolicy.lifecycle.quota`.
"""

from __future__ import annotations

import enum
from datetime import date
from typing import ClassVar, Union


from ..criteria.kinds import NotEncoded
from ..errors import FieldValueError
from ..limits import MAX_RULE_DAYS, MAX_RULE_YEARS
from ..model import (
    Citation,
    Constraint,
    Interpretation,
    Provenance,
    at_least,
    at_most,
    check_id,
    doc,
    frozen,
    inherited_field,
    interpretation_field,
    non_empty,
    non_empty_list,
    together,
    unknown_is_not_encoded,
)

_positive = at_least(1)
_non_empty_tuple = non_empty_list


def provenance_field(tagged: str):
    """The ``provenance`` field of a lifecycle rule (timeline rule, revocation ground) whose field
    ``tagged`` holds its kind: ``unknown`` only with kind ``not_encoded``."""
    return doc(
        "text, secondary or unknown (unknown only with kind not_encoded).",
        validator=unknown_is_not_encoded(tagged, "'unknown' requires kind 'not_encoded'"),
    )


# ---------------------------------------------------------------------------------------------
# Shared pieces
# ---------------------------------------------------------------------------------------------


@frozen(kw_only=True)
class Batches:
    """Which batches (年度, the year of the recommendation call) a value applies to; both ends inclusive."""

    first: int | None = doc("First batch it applies to; unset = every earlier batch.", default=None)
    last: int | None = doc("Last batch it applies to (not before first); unset = every later batch.", default=None)

    @last.validator
    def _ordered(self, attribute, value):
        if self.first is not None and value is not None and value < self.first:
            raise FieldValueError(self, attribute.name, f"last batch {value} is before first batch {self.first}")

    def covers(self, batch: int) -> bool:
        return (self.first is None or batch >= self.first) and (self.last is None or batch <= self.last)

    def overlaps(self, other: Batches) -> bool:
        lo = max(x for x in (self.first, other.first, -(10**9)) if x is not None)
        hi = min(x for x in (self.last, other.last, 10**9) if x is not None)
        return lo <= hi

    def render(self) -> str:
        if self.first == self.last and self.first is not None:
            return str(self.first)
        return f"{self.first if self.first is not None else '…'}–{self.last if self.last is not None else '…'}"


def _disjoint(inst, attribute, value):
    for i, a in enumerate(value):
        for b in value[i + 1 :]:
            if a.batches.overlaps(b.batches):
                raise FieldValueError(
                    inst, attribute.name, f"entries for batches {a.batches.render()} and {b.batches.render()} overlap"
                )


class FindingKind(str, enum.Enum):
    """Things an authority establishes about a recognised cluster (record ``findings[].kind``)."""

    FALSE_DECLARATION = "false_declaration"  #: 虚假申报
    ILLEGAL_CONDUCT = "illegal_conduct"  #: 违法违规行为 (of the cluster's applicant or operating body)
    MONITORING_REFUSED = "monitoring_refused"  #: 不接受、不配合监测监督工作
    #: 隐瞒违法违规行为 in a recommendation or review (record the conduct itself as illegal_conduct)
    CONCEALED_VIOLATION = "concealed_violation"


class DayUnit(str, enum.Enum):
    """How a period is counted."""

    #: calendar days; the start day is not counted (民法典 第201条) and a last day that is not a
    #: working day moves to the next working day (民法典 第203条)
    CALENDAR_DAYS = "calendar_days"
    #: working days (工作日) per China's official calendar, with holidays and make-up workdays;
    #: the start day is not counted
    WORKING_DAYS = "working_days"


@frozen(kw_only=True)
class Period:
    """A length of time counted from an anchor day, e.g. 5 working days.

    By default the anchor day is not counted (民法典 第201条); ``start_day_counts = true`` is for a
    source that counts it (e.g. a notice period "自…起" that includes its first day)."""

    length: int = doc("Number of days (at least 1).", validator=[_positive, at_most(MAX_RULE_DAYS)])
    unit: DayUnit = doc("calendar_days or working_days.")
    start_day_counts: bool = doc("The anchor day is the period's first day (default: it is not counted).", default=False)

    def render(self, lang: str) -> str:
        if lang == "zh":
            return f"{self.length}个工作日" if self.unit is DayUnit.WORKING_DAYS else f"{self.length}日"
        return f"{self.length} working day(s)" if self.unit is DayUnit.WORKING_DAYS else f"{self.length} day(s)"

    def counting(self, lang: str) -> str:
        """Whether the anchor day counts, in words."""
        if lang == "zh":
            return "起算日计入" if self.start_day_counts else "起算日不计入"
        return "that day counted" if self.start_day_counts else "that day not counted"


# ---------------------------------------------------------------------------------------------
# Timeline kinds
# ---------------------------------------------------------------------------------------------


class StartRule(str, enum.Enum):
    """How the start of a batch's validity is fixed."""

    FIXED = "fixed"  #: dates fixed for the whole batch (e.g. 有效期为2023年至2025年)
    JANUARY_AFTER_ANNOUNCEMENT = "january_after_announcement"  #: 1 January of the year after the list
    ANNOUNCEMENT_DATE = "announcement_date"  #: the day the list is announced
    RECORD = "record"  #: no source fixes it: the recognition record must give it


def _fixed(inst) -> bool:
    return inst.start_rule is StartRule.FIXED


_FIXED_START = Constraint(
    lambda inst: _fixed(inst) == (inst.start is not None),
    lambda v: "start_rule 'fixed' needs a start date" if v is None else "only start_rule 'fixed' takes a start date",
    object_schema={
        "if": {"properties": {"start_rule": {"const": StartRule.FIXED.value}}},
        "then": {"required": ["start"], "properties": {"start": {"not": {"type": "null"}}}},
        "else": {"properties": {"start": {"type": "null"}, "end": {"type": "null"}}},
    },
)
# (its JSON Schema is _FIXED_START's "else")
_FIXED_END = Constraint(lambda inst: _fixed(inst) or inst.end is None, lambda v: "only start_rule 'fixed' takes an end date", of_object=True)


@frozen(kw_only=True)
class BatchValidity:
    """How one range of batches' validity is fixed, with its own source."""

    batches: Batches = doc("Batches this entry applies to.")
    start_rule: StartRule = doc("fixed, january_after_announcement, announcement_date or record.")
    start: date | None = doc("First day of validity (start_rule = fixed only, and then required).", default=None, validator=_FIXED_START)
    end: date | None = doc(
        "Last day of validity, not before start (start_rule = fixed only; default: start + term − 1 day).", default=None, validator=_FIXED_END
    )
    citation: Citation = doc("Where this batch's dates are written.")
    provenance: Provenance = doc("text, secondary or unknown.")

    @end.validator
    def _end_after_start(self, attribute, value):
        if value is not None and self.start is not None and value < self.start:
            raise FieldValueError(self, attribute.name, f"end {value.isoformat()} is before start {self.start.isoformat()}")


@frozen(kw_only=True)
class Validity:
    """The validity term (有效期) and, per batch, how its start is fixed.

    A term of ``n`` years starting on day ``s`` ends on the day before the same calendar day ``n``
    years later (2023-01-01 + 3 years → 2025-12-31; 2023-07-01 → 2026-06-30). Batches no entry covers
    take their dates from the record.
    """

    KIND: ClassVar[str] = "validity"
    term_years: int | None = doc(
        "Length of the term in years; unset when no source states it.", default=None, validator=[_positive, at_most(MAX_RULE_YEARS)]
    )
    batches: tuple[BatchValidity, ...] = doc("Per-batch start rules (must not overlap).", default=(), validator=_disjoint)


#: Days in each month of every year (29 February is not a day of every year).
_MONTH_DAYS = {m: (date(2023, m % 12 + 1, 1) - date(2023, m, 1)).days if m < 12 else 31 for m in range(1, 13)}
_DAY_OF_EVERY_YEAR = Constraint(
    lambda inst: not 1 <= inst.month <= 12 or inst.day <= _MONTH_DAYS[inst.month],
    lambda v: f"{v} is not a day of every year in that month",
    object_schema={
        "allOf": [
            {"if": {"properties": {"month": {"const": m}}}, "then": {"properties": {"day": {"maximum": n}}}} for m, n in _MONTH_DAYS.items()
        ]
    },
)


@frozen(kw_only=True)
class ReportDay:
    """The annual-report day for a range of batches, with its own source."""

    batches: Batches = doc("Batches this day applies to.")
    month: int = doc("Month of the yearly due day (1–12).", validator=[at_least(1), at_most(12)])
    day: int = doc("Day of the month, a day of every year (not 29 February).", validator=[at_least(1), _DAY_OF_EVERY_YEAR])
    citation: Citation = doc("Where this day is written.")
    provenance: Provenance = doc("text, secondary or unknown.")


@frozen(kw_only=True)
class AnnualReport:
    """The yearly report on the previous year (上一年度…情况), due each year on a fixed day.

    "于每年4月30日前报送" is read as *on or before* that day. 每年: a report is due on each such day
    from the announcement on, through the report on the last validity year (due the year after
    validity ends), and on while the cluster is in review or awaits it.
    """

    KIND: ClassVar[str] = "annual_report"
    reporter_zh: str | None = doc("Who reports (Chinese); unset when no source says.", default=None)
    reporter_en: str | None = doc("Who reports (English).", default=None)
    recipient_zh: str = doc("To whom (Chinese).", validator=non_empty)
    recipient_en: str = doc("To whom (English).", validator=non_empty)
    content_zh: str | None = doc("What is reported (Chinese); unset when the source does not say.", default=None)
    content_en: str | None = doc("What is reported (English).", default=None)
    covers_zh: tuple[str, ...] = doc("What the report covers, item by item, where the source lists it (Chinese).", default=())
    covers_en: tuple[str, ...] = doc("The same items (English), one per Chinese item (as many as covers_zh).", default=())
    days: tuple[ReportDay, ...] = doc("Due day per range of batches (must not overlap).", validator=(_non_empty_tuple, _disjoint))

    @covers_en.validator
    def _same_items(self, attribute, value):
        if len(value) != len(self.covers_zh):
            raise FieldValueError(self, attribute.name, f"has {len(value)} items but covers_zh has {len(self.covers_zh)}")


@frozen(kw_only=True)
class Review:
    """The review on expiry (复核): what is checked, when it takes place, and the extension on passing.

    Who files what to whom, and by when, belongs to a batch's :class:`ReviewRound`; a regime may
    state here who applies when the source says so in general terms.
    """

    KIND: ClassVar[str] = "review"
    extension_years: int = doc(
        "Years the validity is extended by when the review is passed.", validator=[_positive, at_most(MAX_RULE_YEARS)]
    )
    applicant_zh: str | None = doc("Who applies (Chinese); unset when no source says.", default=None)
    applicant_en: str | None = doc("Who applies (English).", default=None)
    timing_zh: str | None = doc("When the review takes place, in the source's words (e.g. 有效期满后,由省工信厅组织开展复核工作).", default=None)
    timing_en: str | None = doc("When the review takes place (English).", default=None)
    checks_zh: tuple[str, ...] = doc("What the review checks (Chinese).", validator=_non_empty_tuple)
    checks_en: tuple[str, ...] = doc("What the review checks (English), one per Chinese item (as many as checks_zh).", validator=_non_empty_tuple)

    @checks_en.validator
    def _same_length(self, attribute, value):
        if len(value) != len(self.checks_zh):
            raise FieldValueError(self, attribute.name, f"has {len(value)} items but checks_zh has {len(self.checks_zh)}")


@frozen(kw_only=True)
class Material:
    """One document sent (e.g. 《中小企业特色产业集群复核申报表》(附件3)及佐证材料)."""

    title_zh: str = doc("Title as the source names it (Chinese).", validator=non_empty)
    title_en: str = doc("Title (English).", validator=non_empty)
    attachment: str | None = doc("Attachment number in the source, e.g. 附件3.", default=None)
    evidence: bool = doc("Sent with its supporting evidence (及佐证材料).", default=False)

    def render(self, lang: str) -> str:
        att = f"({self.attachment})" if self.attachment and lang == "zh" else (f" ({self.attachment})" if self.attachment else "")
        if lang == "zh":
            return f"{self.title_zh}{att}" + ("及佐证材料" if self.evidence else "")
        return f"{self.title_en}{att}" + (" with evidence" if self.evidence else "")


def render_materials(materials: tuple[Material, ...], delivery_zh: str | None, delivery_en: str | None, lang: str) -> str:
    """``A、B;各一式3份…`` — the materials and how they are sent, in one line."""
    listed = ("、" if lang == "zh" else "; ").join(m.render(lang) for m in materials)
    how = delivery_zh if lang == "zh" else delivery_en
    if not how:
        return listed
    return f"{listed};{how}" if lang == "zh" else f"{listed}; {how}"


@frozen(kw_only=True)
class ReviewStep:
    """One step of a review round: who files what to whom, and by when (where a source says)."""

    id: str = doc("Stable id within the round, e.g. apply, forward.", validator=check_id)
    title_zh: str = doc("Short title (Chinese), e.g. 2022年度集群复核:县级申报.", validator=non_empty)
    title_en: str = doc("Short title (English).", validator=non_empty)
    filer_zh: str = doc("Who files (Chinese).", validator=non_empty)
    filer_en: str = doc("Who files (English).", validator=non_empty)
    recipient_zh: str = doc("To whom (Chinese).", validator=non_empty)
    recipient_en: str = doc("To whom (English).", validator=non_empty)
    materials: tuple[Material, ...] = doc("What is filed.", default=())
    delivery_zh: str | None = doc("How it is sent, in the source's words (copies, CD, EMS), if stated.", default=None)
    delivery_en: str | None = doc("How it is sent (English).", default=None)
    deadline: date | None = doc("Day by which it is filed (on or before: …前); unset when no source states one.", default=None)
    note_zh: str | None = doc("Further remark (Chinese), e.g. who sets a deadline the source leaves open.", default=None)
    note_en: str | None = doc("Further remark (English).", default=None)
    citation: Citation = doc("Where the step is written.")
    provenance: Provenance = doc("text, secondary or unknown.")


@frozen(kw_only=True)
class Disqualification:
    """Findings that cancel a cluster's place in a review round or call (一经查实,立即取消其资格)."""

    findings: tuple[FindingKind, ...] = doc("Findings of the authority that disqualify.", validator=_non_empty_tuple)
    note_zh: str = doc("The rule in the source's words (Chinese).", validator=non_empty)
    note_en: str = doc("The rule (English).", validator=non_empty)
    citation: Citation = doc("Where the rule is written.")
    provenance: Provenance = doc("text, secondary or unknown.")


@frozen(kw_only=True)
class ReviewRound:
    """One batch's review round (复核工作): the call that opens it, who files to whom, the deadlines.

    The first step is the cluster's application (the record's ``reviews[].applied``); later steps
    are the authorities' (e.g. the province forwarding what passed its first check). The round
    *closes* on the first deadline a step states: an application after that day is a question for
    the authority, and no application by then (once validity has expired) is ground (一). A round
    whose steps state no deadline never closes by itself. Batches no round covers have no known
    round: nothing is dated and ground (一) cannot be judged.
    """

    KIND: ClassVar[str] = "review_round"
    batches: Batches = doc("Batches this round reviews.")
    expiry: int = doc("Which expiry of those batches it reviews: 1 = the first term, 2 = the term as extended once, …", default=1, validator=_positive)
    call: str | None = doc("Id of the recommendation-call rule (recommendation_call) that opens the round, if any.", default=None)
    opened: date | None = doc("Day the round was opened (the notice's date), if known.", default=None)
    all_take_part: bool = doc("Every cluster of the batches must take part (须参与).", default=False)
    steps: tuple[ReviewStep, ...] = doc("The steps, the cluster's application first (step ids unique).", validator=(_non_empty_tuple,))
    disqualification: Disqualification | None = doc("Findings during the round that cancel the cluster's place in it.", default=None)

    @steps.validator
    def _unique_steps(self, attribute, value):
        ids = [s.id for s in value]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise FieldValueError(self, attribute.name, f"step id {twice[0]!r} appears twice")

    def closes(self) -> tuple[date | None, ReviewStep | None]:
        """The first deadline a step states, and that step (``(None, None)``: no deadline stated)."""
        for step in self.steps:
            if step.deadline is not None:
                return step.deadline, step
        return None, None


class Submitter(str, enum.Enum):
    """The submitter kinds every call knows (the national calls' addressees); a call may define more."""

    PROVINCE = "province"  #: 省、自治区、直辖市
    CITY = "separately_planned_city"  #: 计划单列市
    XPCC = "xpcc"  #: 新疆生产建设兵团


@frozen(kw_only=True)
class SubmitterKind:
    """A kind of submitter a call defines, e.g. a named city (昆明市) or the other prefectures (其他州市)."""

    id: str = doc("Stable id used by quotas and recommendation lists, e.g. kunming, prefecture.", validator=check_id)
    name_zh: str = doc("Name (Chinese), e.g. 昆明市, 其他州(市).", validator=non_empty)
    name_en: str = doc("Name (English).", validator=non_empty)

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en


@frozen(kw_only=True)
class Quota:
    """How many recommendations one kind of submitter may send (推荐数量不超过N个)."""

    submitters: tuple[str, ...] = doc(
        "Submitter kinds this quota applies to: province, separately_planned_city, xpcc, or a kind the call defines.",
        validator=_non_empty_tuple,
    )
    at_most: int = doc("Maximum number of recommendations (inclusive: 不超过).", validator=_positive)


@frozen(kw_only=True)
class RecommendationCall:
    """One year's recommendation call (推荐通知): deadline, quotas, what is sent.

    A call that also opens a review round is named by that round (:class:`ReviewRound` ``call``).
    """

    KIND: ClassVar[str] = "recommendation_call"
    year: int = doc("Year of the call (年度); recommendations become that year's batch.")
    deadline: date = doc("Day by which submitters send the list (on or before: …前).")
    recipient_zh: str = doc("To whom (Chinese).", validator=non_empty)
    recipient_en: str = doc("To whom (English).", validator=non_empty)
    submitter_kinds: tuple[SubmitterKind, ...] = doc(
        "Kinds of submitter the call defines beyond province, separately_planned_city and xpcc (e.g. 昆明市, 其他州市).",
        default=(),
    )
    quotas: tuple[Quota, ...] = doc("Quotas per submitter kind (one quota for each kind at most).", validator=_non_empty_tuple)
    over_quota_zh: str | None = doc("What happens over quota, in the source's words; unset when no source states a consequence.", default=None)
    over_quota_en: str | None = doc(
        "What happens over quota (English); given with over_quota_zh, or both unset.",
        default=None,
        validator=together("over_quota_zh", "over_quota_en", message="give both over_quota_zh and over_quota_en, or neither"),
    )
    materials: tuple[Material, ...] = doc("What the submitters send with the list, where the source says.", default=())
    delivery_zh: str | None = doc("How it is sent, in the source's words (stamps, copies, CD, EMS), if stated.", default=None)
    delivery_en: str | None = doc("How it is sent (English).", default=None)
    disqualification: Disqualification | None = doc("Findings that cancel a recommended cluster's place (e.g. false reports).", default=None)

    @quotas.validator
    def _one_quota_each(self, attribute, value):
        known = self.kinds()
        seen: set[str] = set()
        for q in value:
            unknown = [s for s in q.submitters if s not in known]
            if unknown:
                raise FieldValueError(
                    self, attribute.name, f"unknown submitter kind {unknown[0]!r} (known: {', '.join(known)}; define it under submitter_kinds)"
                )
            twice = seen & set(q.submitters)
            if twice:
                raise FieldValueError(self, attribute.name, f"two quotas for {', '.join(sorted(twice))}")
            seen |= set(q.submitters)

    @submitter_kinds.validator
    def _new_kinds(self, attribute, value):
        ids = [k.id for k in value]
        clash = [i for i in ids if ids.count(i) > 1 or i in {s.value for s in Submitter}]
        if clash:
            raise FieldValueError(self, attribute.name, f"submitter kind {clash[0]!r} is defined twice (or is a built-in kind)")

    def kinds(self) -> tuple[str, ...]:
        """Every submitter kind the call knows: the built-in ones and those it defines."""
        return tuple(s.value for s in Submitter) + tuple(k.id for k in self.submitter_kinds)

    def kind_name(self, kind: str, lang: str) -> str:
        """A submitter kind's name: the call's own, else the glossary's."""
        from ..glossary import term

        own = next((k for k in self.submitter_kinds if k.id == kind), None)
        return own.name(lang) if own else term("authority", kind, lang)

    def quota_for(self, submitter: str) -> int | None:
        for q in self.quotas:
            if submitter in q.submitters:
                return q.at_most
        return None


class Anchor(str, enum.Enum):
    """What a period is counted from."""

    ANNOUNCEMENT = "announcement"  #: the day the list was announced
    VALIDITY_START = "validity_start"
    VALIDITY_END = "validity_end"
    MAJOR_CHANGE = "major_change"  #: each major change in the record (its date)
    REVIEW_DECIDED = "review_decided"  #: each review decision in the record


@frozen(kw_only=True)
class PeriodObligation:
    """An obligation due a period after an anchor day (e.g. "5 working days after announcement")."""

    KIND: ClassVar[str] = "period"
    anchor: Anchor = doc("What the period is counted from.")
    period: Period = doc("How long.")
    party_zh: str | None = doc("Who must act (Chinese).", default=None)
    party_en: str | None = doc("Who must act (English).", default=None)


@frozen(kw_only=True)
class DatedPeriod:
    """A period counted from a dated event the record gives (``events.<event>``), e.g. a public
    notice (公示) of 5 working days from its first day. Its items say ``not_started``, ``running`` or
    ``ended`` — a period runs, it is not an obligation to tick off."""

    KIND: ClassVar[str] = "dated_period"
    event: str = doc("The record's event it starts from (record events.<event>, e.g. publicity_start).", validator=check_id)
    period: Period = doc("How long (and whether the event's day counts).")
    party_zh: str | None = doc("Who runs it (Chinese), where the source says.", default=None)
    party_en: str | None = doc("Who runs it (English).", default=None)


TimelineKind = Union[Validity, AnnualReport, Review, ReviewRound, RecommendationCall, PeriodObligation, DatedPeriod, NotEncoded]
TIMELINE_KINDS: tuple[type, ...] = TimelineKind.__args__


@frozen(kw_only=True)
class TimelineRule:
    """A dated obligation or period in a recognised cluster's life (validity, annual report, review)."""

    id: str = doc("Stable id, e.g. validity, annual_report, call.2025.", validator=check_id)
    title_zh: str = doc("Title (Chinese).", validator=non_empty)
    title_en: str = doc("Title (English).", validator=non_empty)
    rule: TimelineKind = doc("What the rule says (tagged by kind).")
    citation: Citation = doc("Where the rule is written.")
    provenance: Provenance = provenance_field("rule")
    inherited: bool | None = inherited_field()
    interpretation: Interpretation | None = interpretation_field()

    def title(self, lang: str) -> str:
        return self.title_zh if lang == "zh" else self.title_en

    def slot(self) -> str | None:
        """One rule per slot in a regime: one recommendation call per year (a regime's own call
        supersedes an inherited one; two of its own are a load error)."""
        return f"recommendation call {self.rule.year}" if isinstance(self.rule, RecommendationCall) else None


# ---------------------------------------------------------------------------------------------
# Consistency of one regime's lifecycle rules (called when regimes are built)
# ---------------------------------------------------------------------------------------------

#: Timeline kinds of which a regime may have at most one rule.
SINGLE_KINDS = (Validity, AnnualReport, Review)


def check_lifecycle(jid: str, timelines, grounds) -> list[str]:
    """Problems with one regime's resolved timeline rules (``Resolved`` items): at most one rule
    each of validity, annual_report and review; a review round
    names a recommendation call the regime has, and no two rounds review the same expiry of a batch."""
    problems: list[str] = []
    for cls in SINGLE_KINDS:
        same = [r for r in timelines if isinstance(r.rule.rule, cls)]
        if len(same) > 1:
            who = ", ".join(f"{r.id!r} (plugin {r.plugin!r})" for r in same)
            problems.append(f"{jid!r} has {len(same)} timeline rules of kind {cls.KIND!r}: {who}; at most one is allowed")
    calls = {r.id for r in timelines if isinstance(r.rule.rule, RecommendationCall)}  # one per year: TimelineRule.slot
    rounds = [r for r in timelines if isinstance(r.rule.rule, ReviewRound)]
    for i, r in enumerate(rounds):
        rnd: ReviewRound = r.rule.rule
        if rnd.call is not None and rnd.call not in calls:
            problems.append(
                f"{jid!r}: review round {r.id!r} (plugin {r.plugin!r}) names call {rnd.call!r}, "
                f"which is not a recommendation call of the regime"
            )
        for other in rounds[i + 1 :]:
            o: ReviewRound = other.rule.rule
            if o.expiry == rnd.expiry and o.batches.overlaps(rnd.batches):
                problems.append(
                    f"{jid!r}: review rounds {r.id!r} and {other.id!r} both review expiry {rnd.expiry} of batches "
                    f"{rnd.batches.render()} / {o.batches.render()}"
                )
    return problems
