"""The lifecycle family: what follows recognition — validity, annual reports, review, calls, revocation.

``kinds`` timeline-rule kinds · ``grounds`` revocation-ground kinds · ``record`` the recognition record and the
recommendation list (inputs) · ``engine`` timelines, status and quota checks · ``workdays`` China's
working days · ``ics`` iCalendar export.
"""

from .grounds import (
    GROUND_KINDS,
    ChangeAspect,
    EventFound,
    ExpiryWithoutReview,
    IncidentDuringValidity,
    ReportNotInTime,
    RevocationGround,
    UnreportedChange,
)
from .kinds import (
    TIMELINE_KINDS,
    Anchor,
    AnnualReport,
    Batches,
    BatchValidity,
    DatedPeriod,
    DayUnit,
    Disqualification,
    FindingKind,
    Material,
    Period,
    PeriodObligation,
    Quota,
    RecommendationCall,
    ReportDay,
    Review,
    ReviewRound,
    ReviewStep,
    StartRule,
    Submitter,
    SubmitterKind,
    TimelineRule,
    Validity,
)

__all__ = [
    "GROUND_KINDS", "TIMELINE_KINDS", "Anchor", "AnnualReport", "Batches", "BatchValidity", "ChangeAspect", "DatedPeriod", "DayUnit",
    "Disqualification", "EventFound", "ExpiryWithoutReview", "FindingKind", "IncidentDuringValidity", "Material", "Period",
    "PeriodObligation", "Quota", "RecommendationCall", "ReportDay", "ReportNotInTime", "Review", "ReviewRound",
    "ReviewStep", "RevocationGround", "StartRule", "Submitter", "SubmitterKind", "TimelineRule", "UnreportedChange", "Validity",
]  # fmt: skip
