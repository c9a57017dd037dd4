"""What the lifecycle functions return: timeline items, validity terms, ground findings, status, quota checks."""

from __future__ import annotations

import enum
from datetime import date
from typing import ClassVar


from ..errors import ClusterPolicyError
from ..model import Citation, Interpretation, Note, Provenance, doc, frozen
from .kinds import Material

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
    NOT_STARTED = "not_started"  #: a period (e.g. 公示期) that has not begun
    RUNNING = "running"  #: a period under way (its first day to its last, both included)
    ENDED = "ended"  #: a period whose last day has passed


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
    #: validity ended, no review applied for, and no review round has closed that would make this
    #: ground (一): the round is open, has no stated deadline, or is not known (the authority
    #: organises it, e.g. 有效期满后,由省工信厅组织开展复核工作)
    AWAITING_REVIEW = "awaiting_review"
    EXPIRED = "expired"  #: validity ended: the review failed, or the round closed without an application
    REVOCATION_GROUNDS_FOUND = "revocation_grounds_found"  #: revocation is the authority's act
    UNKNOWN = "unknown"  #: validity dates unknown


@frozen(kw_only=True)
class TimelineItem:
    """One dated obligation or milestone."""

    id: str = doc("Item id, e.g. annual_report.2024 or validity.end.1.")
    rule: str = doc("Timeline rule (or revocation ground) it comes from.")
    type: str = doc("obligation, milestone or period.")
    title_zh: str = doc("Title (Chinese).")
    title_en: str = doc("Title (English).")
    due: date | None = doc("Day it is due or happens (a period: its last day); null when not known or not stated.")
    status: ItemStatus = doc(
        "done, done_late, due_soon, upcoming, overdue, open, past, unknown, not_encoded; a period: not_started, running, ended."
    )
    starts: date | None = doc("A period's first day.", default=None)
    done_on: date | None = doc("Day it was done, from the record.", default=None)
    party_zh: str | None = doc("Who acts, and towards whom (Chinese).", default=None)
    party_en: str | None = doc("Who acts, and towards whom (English).", default=None)
    needs: tuple[str, ...] = doc("Record fields to supply so the day can be known.", default=())
    materials: tuple[Material, ...] = doc("What is sent, where the source lists it.", default=())
    note_zh: str = doc("Explanation (Chinese).", default="")
    note_en: str = doc("Explanation (English).", default="")
    citation: Citation | None = doc("Where the rule is written; null for dates the record supplied.", default=None)
    provenance: Provenance | None = doc("text, secondary or unknown; null for dates the record supplied.", default=None)
    origin: str = doc("Jurisdiction that wrote the rule.", default="")
    inherited_from: str | None = doc("The ancestor whose rule the regime takes over; null when the regime wrote it.", default=None)
    interpretation: Interpretation | None = doc("What the rule's author inferred where the source does not say.", default=None)

    def title(self, lang: str) -> str:
        return self.title_zh if lang == "zh" else self.title_en

    def note(self, lang: str) -> str:
        return self.note_zh if lang == "zh" else self.note_en

    def party(self, lang: str) -> str | None:
        return self.party_zh if lang == "zh" else self.party_en


@frozen(kw_only=True)
class RemovedLifecycleRule:
    """A parent's rule the regime does not apply, with the reason, its citation and provenance."""

    rule: str = doc("Rule id.")
    by: str = doc("Jurisdiction that removed it (or whose own rule supersedes it).")
    reason_zh: str = doc("Why (Chinese).")
    reason_en: str = doc("Why (English).")
    citation: Citation = doc("Where the jurisdiction's text departs from its parent.")
    provenance: Provenance = doc("How sure we are of the departure.")

    def reason(self, lang: str) -> str:
        return self.reason_zh if lang == "zh" else self.reason_en


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
    removed: tuple[RemovedLifecycleRule, ...] = doc("Timeline rules of a parent the regime removes or supersedes.", default=())


@frozen(kw_only=True)
class GroundFinding:
    """The finding on one revocation ground."""

    ground: str = doc("Ground id.")
    item: str | None = doc("Item of the article, e.g. (一); null when the source does not say.", default=None)
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
    inherited_from: str | None = doc("The ancestor whose ground the regime takes over; null when the regime wrote it.", default=None)
    interpretation: Interpretation | None = doc("What the ground's author inferred where the source does not say.", default=None)

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
    validity_state: State = doc("not_yet_valid, active, in_review, awaiting_review, expired or unknown.")
    valid_from: date | None = doc("Start of the first term (null if unknown).")
    valid_until: date | None = doc("End of the current term, extensions included (null if unknown).")
    grounds: tuple[GroundFinding, ...] = doc("One finding per revocation ground of the regime.")
    open_questions: int = doc("Grounds that are needs_review, unknown or not_encoded.")
    reasons: tuple[Note, ...] = doc("Why the state is what it is.")
    removed: tuple[RemovedLifecycleRule, ...] = doc("Revocation grounds of a parent the regime removes or supersedes.", default=())


@frozen(kw_only=True)
class QuotaCheck:
    """A recommendation list checked against a call's quota and deadline."""

    JSON_KIND: ClassVar[str] = "quota_check"

    regime: str = doc("Regime whose call it is.")
    call: int = doc("Year of the call.")
    submitter: str = doc("Who submits.")
    submitter_kind: str = doc("province, separately_planned_city, xpcc, or a kind the call defines (e.g. kunming).")
    submitter_kind_zh: str = doc("The submitter kind's name (Chinese), from the call or the glossary.", default="")
    submitter_kind_en: str = doc("The submitter kind's name (English).", default="")
    as_of: date = doc("Day of the check.")
    status: str = doc("ok, pending (not sent, still in time), over_quota, late, overdue or not_encoded.")
    count: int = doc("Clusters on the list.")
    quota: int | None = doc("The call's quota for this submitter kind (null if not encoded).", default=None)
    over_by: int = doc("How many over the quota (0 when within).", default=0)
    deadline: date | None = doc("The call's deadline (null if not encoded).", default=None)
    submitted: date | None = doc("Day sent, from the list.", default=None)
    duplicates: tuple[str, ...] = doc("Cluster names listed more than once.", default=())
    materials: tuple[Material, ...] = doc("What the call asks to be sent with the list (see reasons for how).", default=())
    reasons: tuple[Note, ...] = doc("What was checked and found.")
    citation: Citation = doc("Where the call is written.")
    provenance: Provenance = doc("text, secondary or unknown.")


class UnknownCallError(ClusterPolicyError):
    """A recommendation call was asked for that the regime does not have."""

    exit_code = 2
