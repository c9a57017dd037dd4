"""clusterpolicy: executable, citable rules for SME characteristic industrial cluster recognition.

Plugins need one import::

    from clusterpolicy import hookimpl

Embedding::

    import clusterpolicy
    regimes = clusterpolicy.load_regimes()
    profile = clusterpolicy.load_profile("examples/strong-national.toml")
    assessment = regimes["national"].evaluate(profile)
    comparison = clusterpolicy.compare(profile, regimes.select(["national", "hainan"]))
    data = clusterpolicy.to_json(comparison)
    road = clusterpolicy.pathway(profile, regimes)             # province first, then national
    flips = clusterpolicy.whatif(profile, regimes.select(["national"]), [("firms.little_giants", "0")])

Every name below is imported on first use, so ``import clusterpolicy`` stays cheap (pluggy itself
is imported only when plugins are discovered, not when built regimes come from the cache).
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

#: Public name → module that defines it (imported when the name is first used).
_EXPORTS: dict[str, str] = {
    **dict.fromkeys(('hookimpl',), "hookspecs"),
    **dict.fromkeys(('check_quota', 'compare', 'evaluate', 'lifecycle_status', 'load_recommendations', 'load_record', 'load_regimes', 'pathway', 'record_from_dict', 'timeline', 'whatif'), "api"),
    **dict.fromkeys(('pathway_text',), "pathways.render"),
    **dict.fromkeys(('whatif_text',), "criteria.whatif"),
    **dict.fromkeys(('load_profile', 'profile_from_dict'), "criteria.profile"),
    **dict.fromkeys(('SCHEMA_VERSION', 'to_json'), "documents"),
    **dict.fromkeys(('CaseCall', 'CaseCategory'), "cases.kinds"),
    **dict.fromkeys(('AnyOf', 'Attestation', 'Condition', 'Conditional', 'Criterion', 'EachYear', 'Grade', 'Growth', 'InSet', 'IncidentBar', 'IncidentKind', 'NegativeList', 'NotEncoded', 'Prerequisite', 'Provision', 'RankAtLeast', 'RankLevel', 'RankRequirement', 'Share', 'Threshold', 'Waiver'), "criteria.kinds"),
    **dict.fromkeys(('ClusterPolicyError', 'InputError', 'LoadError', 'UnknownRegimeError'), "errors"),
    **dict.fromkeys(('Anchor', 'AnnualReport', 'BatchValidity', 'Batches', 'DatedPeriod', 'DayUnit', 'Disqualification', 'FindingKind', 'Material', 'Period', 'PeriodObligation', 'Quota', 'RecommendationCall', 'ReportDay', 'Review', 'ReviewRound', 'ReviewStep', 'StartRule', 'Submitter', 'SubmitterKind', 'TimelineRule', 'Validity'), "lifecycle.kinds"),
    **dict.fromkeys(('ChangeAspect', 'EventFound', 'ExpiryWithoutReview', 'IncidentDuringValidity', 'ReportNotInTime', 'RevocationGround', 'UnreportedChange'), "lifecycle.grounds"),
    **dict.fromkeys(('Amendment', 'Citation', 'Interpretation', 'Jurisdiction', 'Level', 'Provenance', 'Removal', 'RuleChanges', 'SourceDocument'), "model"),
    **dict.fromkeys(('Op', 'op_for'), "numbers"),
    **dict.fromkeys(('get_plugin_manager',), "regimes.plugins"),
    **dict.fromkeys(('Declaration', 'Firms', 'Incident', 'Profile', 'YearFigures'), "criteria.profile"),
    **dict.fromkeys(('Regime', 'Regimes', 'build_regimes'), "regimes.build"),
    **dict.fromkeys(('Assessment', 'Comparison', 'Finding', 'Margin', 'Overall', 'Status'), "criteria.results"),
    **dict.fromkeys(('load_submission', 'submission_from_dict'), "cases.submission"),
    **dict.fromkeys(('check_submission',), "cases.check"),
    **dict.fromkeys(('check_packages',), "cases.package"),
    **dict.fromkeys(('suggest_categories',), "cases.suggest"),
    **dict.fromkeys(('write_summary',), "cases.summary"),
}

__all__ = ["__version__", *sorted(_EXPORTS)]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'clusterpolicy' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
