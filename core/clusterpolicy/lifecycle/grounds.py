"""Revocation grounds (撤销情形) of a recognised cluster and their closed set of kinds.

Ground kinds (tag ``kind`` in TOML/JSON)
    ``expiry_without_review``  validity expired without a review application, or review failed
    ``event_found``            an event the authority established (false declaration, …)
    ``report_not_in_time``     an annual report not sent by its day, or monitoring refused
    ``unreported_change``      a major change not reported in time
    ``incident``               a negative-list incident during validity (criteria's bars); outside it: named, not counted
    ``not_encoded``            a ground known to exist whose content no source gives

Grounds cite the jurisdiction's own article, so children do not inherit them by default
(:mod:`clusterpolicy.regimes.families`). How they are judged: :mod:`clusterpolicy.lifecycle.status`.
"""

from __future__ import annotations

import enum
from typing import ClassVar, Union


from ..criteria.kinds import IncidentBar, NotEncoded
from ..model import (
    Citation,
    Interpretation,
    Provenance,
    check_id,
    doc,
    frozen,
    inherited_field,
    interpretation_field,
    non_empty,
    non_empty_list,
)
from .kinds import FindingKind, Period, provenance_field


_non_empty_tuple = non_empty_list


class ChangeAspect(str, enum.Enum):
    """What a major change (重大变动) concerns."""

    LEADING_INDUSTRY = "leading_industry"  #: 主导产业
    SPATIAL_SCOPE = "spatial_scope"  #: 空间范围
    OPERATING_BODY = "operating_body"  #: 运营管理机构
    OTHER = "other"  #: 等: another change of similar weight


@frozen(kw_only=True)
class ExpiryWithoutReview:
    """有效期满未申请复核或经复核未通过: validity expired and the batch's review round closed with
    no application, or the review failed (from its decision, even within validity). Reads the
    regime's ``validity``, ``review`` and ``review_round`` timeline rules: without a round whose
    deadline has passed, no missing application is a finding (an application after the round closed
    is for the authority)."""

    KIND: ClassVar[str] = "expiry_without_review"


@frozen(kw_only=True)
class EventFound:
    """One of these findings is in the record, dated on or before the as-of date."""

    KIND: ClassVar[str] = "event_found"
    findings: tuple[FindingKind, ...] = doc("Findings that establish the ground.", validator=_non_empty_tuple)


@frozen(kw_only=True)
class ReportNotInTime:
    """An annual report (the regime's ``annual_report`` rule) not filed by its day, or one of
    ``findings`` (e.g. monitoring refused). A report filed after its day was not sent in time."""

    KIND: ClassVar[str] = "report_not_in_time"
    findings: tuple[FindingKind, ...] = doc("Findings that also establish the ground.", default=())


@frozen(kw_only=True)
class UnreportedChange:
    """A major change of these aspects not reported in time (未及时更新报备).

    With ``report_within`` unset (no source states a deadline) a change reported after the day it
    occurred, or not yet reported, is a question for the authority (``needs_review``), never a
    finding; a change the record marks ``never_reported`` is a finding.
    """

    KIND: ClassVar[str] = "unreported_change"
    aspects: tuple[ChangeAspect, ...] = doc("Aspects whose change must be reported.", validator=_non_empty_tuple)
    report_within: Period | None = doc("Deadline for reporting, counted from the change; unset = not stated.", default=None)


@frozen(kw_only=True)
class IncidentDuringValidity:
    """A cluster firm has an incident that meets one of the bars, dated within the validity so far
    (from its start, else the announcement, to the as-of date). The window is the kind's reading
    (the national and Hainan texts set none: their rules carry it as an interpretation); an incident
    outside it that meets a bar is named in the finding, never silently dropped."""

    KIND: ClassVar[str] = "incident"
    bars: tuple[IncidentBar, ...] = doc("What establishes the ground (same bars as the negative-list criterion).", validator=_non_empty_tuple)


GroundKind = Union[ExpiryWithoutReview, EventFound, ReportNotInTime, UnreportedChange, IncidentDuringValidity, NotEncoded]
GROUND_KINDS: tuple[type, ...] = GroundKind.__args__


@frozen(kw_only=True)
class RevocationGround:
    """A ground on which recognition is revoked (撤销其认定)."""

    id: str = doc("Stable id, e.g. revocation.expiry.", validator=check_id)
    item: str | None = doc("Item of the article, e.g. (一); leave it out when the source does not say.", default=None)
    title_zh: str = doc("Title (Chinese).", validator=non_empty)
    title_en: str = doc("Title (English).", validator=non_empty)
    ground: GroundKind = doc("When the ground arises (tagged by kind).")
    citation: Citation = doc("Where the ground is written.")
    provenance: Provenance = provenance_field("ground")
    inherited: bool | None = inherited_field()
    interpretation: Interpretation | None = interpretation_field()

    def title(self, lang: str) -> str:
        return self.title_zh if lang == "zh" else self.title_en


