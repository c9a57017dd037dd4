"""Hainan lifecycle: 琼工信规〔2023〕4号 第十二条 (validity, review), 第十三条 (annual report),
第十四条 (revocation) — all text; the 2023 batch's dates are known from reposts (secondary).

Hainan overrides the national validity, annual-report and review rules by id, restates the five
revocation grounds with its own article, and removes the national recommendation calls, which
concern national recognition: its measures set no call quotas of their own.
"""

from __future__ import annotations

from datetime import date

from clusterpolicy import Citation, Provenance, Removal, RuleChanges, hookimpl
from clusterpolicy.lifecycle import (
    AnnualReport,
    Batches,
    BatchValidity,
    ChangeAspect,
    EventFound,
    ExpiryWithoutReview,
    FindingKind,
    IncidentDuringValidity,
    ReportDay,
    ReportNotInTime,
    RevocationGround,
    Review,
    StartRule,
    TimelineRule,
    UnreportedChange,
    Validity,
)

from . import MEASURES, OVERRIDES

TEXT, SECONDARY = Provenance.TEXT, Provenance.SECONDARY
LIST_2023 = "海南省2023年度中小企业特色产业集群名单(公开转载;文号未核实)"
ART12 = Citation(
    document=MEASURES,
    item="第十二条",
    quote="集群有效期为三年。有效期满后,由省工信厅组织开展复核工作,并考核集群三年发展规划目标完成情况,复核通过的有效期延长三年。",
)
ART13 = Citation(
    document=MEASURES,
    item="第十三条",
    quote="各市(县)中小企业主管部门……于每年3月30日前填报集群上一年度有关工作开展情况,报送至省工信厅",
)

#: Ground (五) uses exactly the bars of Hainan's negative-list criterion (same sentence, same grading).
_NEGATIVE_LIST = next(c for c in OVERRIDES if c.id == "negative_list").check

TIMELINES = (
    TimelineRule(
        id="validity",
        title_zh="有效期三年",
        title_en="Validity: three years",
        rule=Validity(
            term_years=3,
            batches=(
                BatchValidity(
                    batches=Batches(first=2023, last=2023),
                    start_rule=StartRule.FIXED,
                    start=date(2023, 7, 1),
                    end=date(2026, 6, 30),
                    citation=Citation(document=LIST_2023, item="有效期"),
                    provenance=SECONDARY,
                ),
                BatchValidity(
                    batches=Batches(first=2024),
                    start_rule=StartRule.RECORD,
                    citation=ART12,
                    provenance=TEXT,
                ),
            ),
        ),
        citation=ART12,
        provenance=TEXT,
    ),
    TimelineRule(
        id="annual_report",
        title_zh="年度工作情况报送",
        title_en="Annual work report",
        rule=AnnualReport(
            reporter_zh="各市(县)中小企业主管部门",
            reporter_en="city (county) SME authorities",
            recipient_zh="省工信厅",
            recipient_en="Hainan Department of Industry and Information Technology",
            content_zh="集群有关工作开展情况",
            content_en="Report on the cluster's work",
            days=(ReportDay(batches=Batches(), month=3, day=30, citation=ART13, provenance=TEXT),),
        ),
        citation=ART13,
        provenance=TEXT,
    ),
    TimelineRule(
        id="review",
        title_zh="有效期满复核(含三年发展规划目标考核),通过的延长三年",
        title_en="Review on expiry, including the three-year plan's targets; passing extends by three years",
        rule=Review(
            extension_years=3,
            applicant_zh=None,  # art. 12: 省工信厅组织开展复核 — who applies is not stated
            applicant_en=None,
            checks_zh=("复核(省工信厅组织)", "考核集群三年发展规划目标完成情况"),
            checks_en=("review organised by the provincial department", "completion of the three-year development plan's targets"),
        ),
        citation=ART12,
        provenance=TEXT,
    ),
)

_NO_CALLS = (
    "国家年度推荐通知的推荐数量和截止日期针对国家级认定;海南省办法规定县(区)申报、省工信厅审核公示,未规定推荐名额",
    "The national calls' quotas and deadlines concern national recognition; Hainan's measures have the county apply and the "
    "province review and publish, with no quota",
)

REMOVALS = tuple(
    Removal(
        id=f"call.{year}",
        reason_zh=_NO_CALLS[0],
        reason_en=_NO_CALLS[1],
        citation=Citation(document=MEASURES, item="第十条、第十一条"),
        provenance=TEXT,
    )
    for year in (2022, 2023, 2024, 2025)
)


def _art14(item: str, quote: str) -> Citation:
    return Citation(document=MEASURES, item=f"第十四条{item}", quote=quote)


GROUNDS = (
    RevocationGround(
        id="revocation.expiry",
        item="(一)",
        title_zh="有效期满未申请复核或经复核未通过",
        title_en="Validity expired without a review application, or the review failed",
        ground=ExpiryWithoutReview(),
        citation=_art14("(一)", "有效期满未申请复核或经复核未通过的"),
        provenance=TEXT,
    ),
    RevocationGround(
        id="revocation.false_declaration",
        item="(二)",
        title_zh="发现虚假申报或存在违法违规行为",
        title_en="False declaration found, or illegal conduct",
        ground=EventFound(findings=(FindingKind.FALSE_DECLARATION, FindingKind.ILLEGAL_CONDUCT)),
        citation=_art14("(二)", "发现虚假申报或存在违法违规行为的"),
        provenance=TEXT,
    ),
    RevocationGround(
        id="revocation.reporting",
        item="(三)",
        title_zh="未及时报送年度培育情况信息表,或不接受、不配合监测监督",
        title_en="Annual information return not sent in time, or monitoring refused",
        ground=ReportNotInTime(findings=(FindingKind.MONITORING_REFUSED,)),
        citation=_art14("(三)", "未及时报送集群年度培育情况信息表,不接受、不配合监测监督工作的"),
        provenance=TEXT,
    ),
    RevocationGround(
        id="revocation.major_change",
        item="(四)",
        title_zh="主导产业、空间范围、运营管理机构等重大变动未及时更新报备",
        title_en="Major change (leading industry, spatial scope, operating body) not reported in time",
        ground=UnreportedChange(
            aspects=(ChangeAspect.LEADING_INDUSTRY, ChangeAspect.SPATIAL_SCOPE, ChangeAspect.OPERATING_BODY, ChangeAspect.OTHER)
        ),
        citation=_art14("(四)", "集群发生主导产业、空间范围、运营管理机构变更等重大变动未及时更新报备的"),
        provenance=TEXT,
    ),
    RevocationGround(
        id="revocation.incident",
        item="(五)",
        title_zh="集群企业发生负面清单所列事故、事件或行为",
        title_en="A cluster firm has a negative-list incident",
        ground=IncidentDuringValidity(bars=_NEGATIVE_LIST.bars),
        citation=_art14(
            "(五)",
            "集群企业发生较大及以上安全、质量和环境污染等事故,重大及以上网络安全事件和数据安全事件,"
            "以及偷税漏税、违法违规、严重失信和其它重大问题的行为",
        ),
        provenance=TEXT,
    ),
)


@hookimpl
def clusterpolicy_timelines():
    return [RuleChanges(jurisdiction="hainan", override=TIMELINES, remove=REMOVALS)]


@hookimpl
def clusterpolicy_revocation_grounds():
    return [RuleChanges(jurisdiction="hainan", override=GROUNDS)]
