"""The lifecycle family: what follows recognition — validity, annual reports, review, calls, revocation.

``kinds`` timeline-rule and revocation-ground kinds · ``record`` the recognition record and the
recommendation list (inputs) · ``engine`` timelines, status and quota checks · ``workdays`` China's
working days · ``ics`` iCalendar export.
"""

from .kinds import (
    GROUND_KINDS,
    TIMELINE_KINDS,
    Anchor,
    AnnualReport,
    Batches,
    BatchValidity,
    ChangeAspect,
    DayUnit,
    Disqualification,
    EventFound,
    ExpiryWithoutReview,
    FindingKind,
    IncidentDuringValidity,
    Period,
    PeriodObligation,
    Quota,
    RecommendationCall,
    ReportDay,
    ReportNotInTime,
    Material,
    Review,
    ReviewRound,
    ReviewStep,
    RevocationGround,
    StartRule,
    Submitter,
    TimelineRule,
    UnreportedChange,
    Validity,
)

__all__ = [
    "GROUND_KINDS", "TIMELINE_KINDS", "Anchor", "AnnualReport", "Batches", "BatchValidity", "ChangeAspect", "DayUnit",
    "Disqualification", "EventFound", "ExpiryWithoutReview", "FindingKind", "IncidentDuringValidity", "Material", "Period",
    "PeriodObligation", "Quota", "RecommendationCall", "ReportDay", "ReportNotInTime", "Review", "ReviewRound",
    "ReviewStep", "RevocationGround", "StartRule", "Submitter", "TimelineRule", "UnreportedChange", "Validity",
]  # fmt: skip
