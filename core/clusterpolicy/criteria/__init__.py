"""The criteria family: recognition criteria (认定标准) and how a cluster profile is judged by them.

``kinds`` the closed set of check kinds and the criterion wrapping one · ``profile`` the cluster
profile (input) · ``fields`` the profile paths rules may name · ``evaluate`` compiling criteria and
evaluating a profile · ``results`` findings and assessments · ``comparison`` regimes side by side ·
``columns`` the same evaluation over columns of many profiles (batch) · ``render`` text output.
"""

from .kinds import (
    CHECK_KINDS,
    AnyOf,
    Attestation,
    Check,
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
    Provision,
    RankAtLeast,
    RankLevel,
    RankRequirement,
    Share,
    Threshold,
    Waiver,
)

__all__ = [
    "CHECK_KINDS", "AnyOf", "Attestation", "Check", "Condition", "Conditional", "Criterion", "EachYear", "Grade",
    "Growth", "IncidentBar", "IncidentKind", "InSet", "NegativeList", "NotEncoded", "Prerequisite", "Provision", "RankAtLeast",
    "RankLevel", "RankRequirement", "Share", "Threshold", "Waiver",
]  # fmt: skip
