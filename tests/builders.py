"""Profile builders for tests: a profile that meets every encoded national and Hainan rule, and ways to vary it."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal

import clusterpolicy

AS_OF = date(2025, 5, 20)

#: Meets every encoded criterion of both regimes, with round numbers so boundaries are easy to set.
BASE = {
    "name": "测试集群",
    "province": "海南省",
    "county": "澄迈县",
    "region": "east",
    "area_km2": 50,
    "assessment_date": "2025-05-20",
    "application_year": 2025,
    "applicant": "county_sme_authority",
    "within_one_county": True,
    "provincial_cluster": True,
    "front_rank": "national",
    "special_circumstances": False,
    "high_energy": False,
    "high_water": False,
    "years": {
        "2022": {"total_output": 100, "sme_output": 80, "leading_output": 80, "sme_rd_spending": 10,
                 "valid_invention_patents": 100, "employees": 10000},
        "2023": {"total_output": 110, "sme_output": 88, "leading_output": 88, "sme_rd_spending": 11,
                 "valid_invention_patents": 110, "employees": 10000},
        "2024": {"total_output": 130, "sme_output": 104, "leading_output": 104, "sme_rd_spending": 12,
                 "valid_invention_patents": 130, "employees": 10000},
    },
    "firms": {"single_champions": 1, "little_giants": 2, "specialised_smes": 10, "innovative_smes": 5, "high_tech": 5},
    "attestations": {
        key: True
        for key in (
            "pillar_industry", "fits_national_industrial_policy", "fits_provincial_industrial_policy",
            "well_known_brand", "supply_chain_collaboration", "innovation_cooperation", "standard_setting",
            "core_technology_breakthroughs", "digital_transformation", "green_development", "open_cooperation",
            "operating_body", "public_service_system", "policy_coverage", "three_year_plan",
        )
    },
    "incidents": [],
}  # fmt: skip

_DELETE = object()


def profile_data(**changes) -> dict:
    """BASE with dotted-path changes: ``profile_data(**{"years.2024.total_output": 40})``.
    A value of ``DELETE`` removes the key (the input becomes missing)."""
    data = copy.deepcopy(BASE)
    for path, value in changes.items():
        *parents, leaf = path.split(".")
        node = data
        for key in parents:
            node = node.setdefault(key, {})
        if value is _DELETE:
            node.pop(leaf, None)
        else:
            node[leaf] = value
    return data


def output(year: int, total) -> dict:
    """Changes setting ``year``'s total output to ``total`` with its SME and leading-industry output at the
    same share of it as in BASE (80%): a part never exceeds its total (``make_profile(**output(2023, 40))``)."""
    figures = BASE["years"][str(year)]
    changes = {f"years.{year}.total_output": total}
    for part in ("sme_output", "leading_output"):
        changes[f"years.{year}.{part}"] = str(Decimal(figures[part]) * Decimal(str(total)) / Decimal(figures["total_output"]))
    return changes


def make_profile(**changes) -> clusterpolicy.Profile:
    return clusterpolicy.profile_from_dict(profile_data(**changes))


DELETE = _DELETE


def source(document: str) -> clusterpolicy.SourceDocument:
    """A declared source for a test jurisdiction: every citation must name one of its lineage's sources."""
    return clusterpolicy.SourceDocument(id=document, title_zh="测试文件", title_en="Test document", provenance=clusterpolicy.Provenance.TEXT)
