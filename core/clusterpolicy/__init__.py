"""clusterpolicy: executable, citable rules for SME characteristic industrial cluster recognition.

Plugins need one import::

    from clusterpolicy import hookimpl, Criterion, Threshold, Citation, Provenance, RuleChanges

Embedding::

    import clusterpolicy
    regimes = clusterpolicy.load_regimes()
    profile = clusterpolicy.load_profile("examples/strong-national.toml")
    assessment = regimes["national"].evaluate(profile)
    comparison = clusterpolicy.compare(profile, regimes.select(["national", "hainan"]))
    data = clusterpolicy.to_json(comparison)
"""

from __future__ import annotations

from .api import compare, evaluate, load_profile, load_regimes, profile_from_dict, to_json
from .api import check_quota, lifecycle_status, load_recommendations, load_record, record_from_dict, timeline
from .cases.kinds import CaseCall, CaseCategory
from .criteria.kinds import (
    AnyOf,
    Attestation,
    Condition,
    Conditional,
    Criterion,
    EachYear,
    Grade,
    Growth,
    IncidentBar,
    IncidentKind,
    InSet,
    NegativeList,
    NotEncoded,
    Prerequisite,
    RankAtLeast,
    RankLevel,
    Share,
    Threshold,
    Waiver,
)
from .errors import ClusterPolicyError, InputError, LoadError, UnknownRegimeError
from .hookspecs import hookimpl
from .lifecycle.kinds import (
    Anchor,
    AnnualReport,
    Batches,
    BatchValidity,
    ChangeAspect,
    DayUnit,
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
    Review,
    RevocationGround,
    StartRule,
    Submitter,
    TimelineRule,
    UnreportedChange,
    Validity,
)
from .model import Citation, Jurisdiction, Level, Provenance, Removal, RuleChanges, SourceDocument
from .numbers import Op, op_for
from .regimes.plugins import get_plugin_manager
from .criteria.profile import Firms, Incident, Profile, YearFigures
from .regimes.build import Regime, Regimes, build_regimes
from .criteria.results import Assessment, Comparison, Finding, Overall, Status

__version__ = "0.1.0"

__all__ = [
    "AnyOf", "Assessment", "Attestation", "CaseCall", "CaseCategory", "Citation", "ClusterPolicyError",
    "Comparison", "Condition", "Conditional", "Criterion", "EachYear", "Finding", "Firms", "Grade", "Growth",
    "Incident", "IncidentBar", "IncidentKind", "InSet", "InputError", "Jurisdiction", "Level", "LoadError",
    "NegativeList", "NotEncoded", "Op", "Overall", "Prerequisite", "Profile", "Provenance", "RankAtLeast",
    "RankLevel", "Regime", "Regimes", "Removal", "RevocationGround", "RuleChanges", "Share", "SourceDocument",
    "Status", "Threshold", "TimelineRule", "UnknownRegimeError", "Waiver", "YearFigures", "build_regimes",
    "compare", "evaluate", "get_plugin_manager", "hookimpl", "load_profile", "load_regimes", "op_for",
    "profile_from_dict", "to_json",
    # lifecycle (timelines, status, revocation grounds, quotas)
    "Anchor", "AnnualReport", "Batches", "BatchValidity", "ChangeAspect", "DayUnit", "EventFound",
    "ExpiryWithoutReview", "FindingKind", "IncidentDuringValidity", "Period", "PeriodObligation", "Quota",
    "RecommendationCall", "ReportDay", "ReportNotInTime", "Review", "StartRule", "Submitter", "UnreportedChange",
    "Validity", "check_quota", "lifecycle_status", "load_recommendations", "load_record", "record_from_dict",
    "timeline",
]  # fmt: skip
