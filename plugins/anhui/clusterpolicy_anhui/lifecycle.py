"""Anhui lifecycle: only what the sources say (shared/policy/RULES.md), nothing borrowed.

Known from reposts (secondary): the 2023 batch (23 clusters) is valid 2023-01-01 → 2025-12-31, and
a yearly report goes to the provincial department by 3-30. Not known: the length of the term as a
rule (so later batches' dates come from the record), who reports, the review on expiry, and the
revocation grounds of Anhui's measures (皖经信中小企〔2023〕44号).

Anhui's provincial clusters are recognised and managed under Anhui's own measures, so neither
family inherits the national rules (``inherit = False``): MIIT's report day, review and art. 17
govern national clusters. Borrowing art. 17 for Anhui would be defensible only if Anhui's measures
copied it, which no source at hand shows, so its grounds are declared ``not_encoded`` and every
status under Anhui says that revocation could not be assessed.
"""

from __future__ import annotations

from datetime import date

from clusterpolicy import Citation, NotEncoded, Provenance, RuleChanges, hookimpl
from clusterpolicy.lifecycle import (
    AnnualReport,
    Batches,
    BatchValidity,
    ReportDay,
    RevocationGround,
    StartRule,
    TimelineRule,
    Validity,
)

from . import MEASURES

SECONDARY, UNKNOWN = Provenance.SECONDARY, Provenance.UNKNOWN
BATCH_2023 = "安徽省2023年度中小企业特色产业集群名单(公开转载;文号未核实)"

TIMELINES = (
    TimelineRule(
        id="validity",
        title_zh="有效期(2023年度:2023-01-01至2025-12-31)",
        title_en="Validity (2023 batch: 2023-01-01 to 2025-12-31)",
        rule=Validity(
            term_years=None,  # no source states the term as a rule
            batches=(
                BatchValidity(
                    batches=Batches(first=2023, last=2023),
                    start_rule=StartRule.FIXED,
                    start=date(2023, 1, 1),
                    end=date(2025, 12, 31),
                    citation=Citation(document=BATCH_2023, item="有效期"),
                    provenance=SECONDARY,
                ),
            ),
        ),
        citation=Citation(document=BATCH_2023, item="有效期"),
        provenance=SECONDARY,
    ),
    TimelineRule(
        id="annual_report",
        title_zh="年度情况报送(每年3月30日前)",
        title_en="Annual report (by 30 March each year)",
        rule=AnnualReport(
            reporter_zh=None,
            reporter_en=None,
            recipient_zh="省级中小企业主管部门",
            recipient_en="provincial SME department",
            content_zh="集群上一年度情况",
            content_en="Report on the cluster's previous year",
            days=(ReportDay(batches=Batches(), month=3, day=30, citation=Citation(document=MEASURES, item="年度报送(公开转载)"), provenance=SECONDARY),),
        ),
        citation=Citation(document=MEASURES, item="年度报送(公开转载)"),
        provenance=SECONDARY,
    ),
    TimelineRule(
        id="review",
        title_zh="有效期满复核",
        title_en="Review on expiry",
        rule=NotEncoded(
            note_zh="安徽省办法是否及如何开展期满复核、延长多久,无可靠来源;未编码",
            note_en="whether and how Anhui reviews clusters on expiry, and for how long a pass extends, is not known from any source; not encoded",
        ),
        citation=Citation(document=MEASURES, item="动态管理(内容未知)"),
        provenance=UNKNOWN,
    ),
)

GROUNDS = (
    RevocationGround(
        id="revocation.anhui",
        item="(未知)",
        title_zh="安徽省撤销认定情形",
        title_en="Anhui's grounds for revoking recognition",
        ground=NotEncoded(
            note_zh="安徽省办法的撤销情形无可靠来源;未编码,也不沿用国家《暂行办法》第十七条",
            note_en="Anhui's measures' revocation grounds are not known from any source; not encoded, and national art. 17 is not borrowed",
        ),
        citation=Citation(document=MEASURES, item="撤销情形(内容未知)"),
        provenance=UNKNOWN,
    ),
)


@hookimpl
def clusterpolicy_timelines():
    return [RuleChanges(jurisdiction="anhui", inherit=False, add=TIMELINES)]


@hookimpl
def clusterpolicy_revocation_grounds():
    return [RuleChanges(jurisdiction="anhui", inherit=False, add=GROUNDS)]
