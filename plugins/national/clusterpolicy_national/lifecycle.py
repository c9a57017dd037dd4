"""National lifecycle: validity, annual reports, review, recommendation calls, revocation (art. 17).

Sources (shared/policy/RULES.md): 工信部企业〔2022〕119号 第十七条 (text); the 2022 list notice
工信部企业函〔2023〕3号 三、五 (text); the 2025 call 工信厅企业函〔2025〕77号 (text); the 3-year term,
the 3-year extension on review, the 2023/2024 report days and the 2022/2024 calls are known from
public reposts (secondary). What no source gives — the validity dates of the 2023 and later
batches, the 2023 call — is left for the record to supply or declared not encoded.
"""

from __future__ import annotations

from datetime import date

from clusterpolicy import Citation, NotEncoded, Provenance, RuleChanges, hookimpl
from clusterpolicy.lifecycle import (
    AnnualReport,
    Batches,
    BatchValidity,
    ChangeAspect,
    EventFound,
    ExpiryWithoutReview,
    FindingKind,
    IncidentDuringValidity,
    Quota,
    RecommendationCall,
    ReportDay,
    ReportNotInTime,
    RevocationGround,
    Review,
    StartRule,
    Submitter,
    TimelineRule,
    UnreportedChange,
    Validity,
)

from . import CALL_2025, LIST_2022, MEASURES, NEGATIVE_LIST

TEXT, SECONDARY, UNKNOWN = Provenance.TEXT, Provenance.SECONDARY, Provenance.UNKNOWN
CALL_2022 = "工信厅企业函〔2022〕236号"
#: Reposts give the 2023/2024 requirements without a document number we could check.
LIST_2023 = "工业和信息化部 2023年度中小企业特色产业集群名单通告(公开转载;文号未核实)"
LATER_NOTICES = "工业和信息化部 2024年度起集群管理要求(公开转载;文号未核实)"
CALL_2024 = "工业和信息化部办公厅 2024年度中小企业特色产业集群推荐通知(公开转载;文号未核实)"
MIIT_ZH, MIIT_EN = "工业和信息化部(中小企业局)", "MIIT (SME Bureau)"
OVER_QUOTA_ZH = "对超过报送数量的,一律不予受理"
OVER_QUOTA_EN = "lists over the quota are not accepted at all (一律不予受理); the text does not say whether only the excess or the whole list"
REVIEW_ITEM = "有效期与复核(公开转载;条款号未核实)"


def _art17(item: str, quote: str) -> Citation:
    return Citation(document=MEASURES, item=f"第十七条{item}", quote=quote)


TIMELINES = (
    TimelineRule(
        id="validity",
        title_zh="有效期三年",
        title_en="Validity: three years",
        rule=Validity(
            term_years=3,
            batches=(
                BatchValidity(
                    batches=Batches(first=2022, last=2022),
                    start_rule=StartRule.FIXED,
                    start=date(2023, 1, 1),
                    end=date(2025, 12, 31),
                    citation=Citation(document=LIST_2022, item="五", quote="集群认定有效期为2023年至2025年"),
                    provenance=TEXT,
                ),
                # No source fixes the start for later batches: the record supplies it.
                BatchValidity(
                    batches=Batches(first=2023),
                    start_rule=StartRule.RECORD,
                    citation=Citation(document=MEASURES, item=REVIEW_ITEM),
                    provenance=SECONDARY,
                ),
            ),
        ),
        citation=Citation(document=MEASURES, item=REVIEW_ITEM),
        provenance=SECONDARY,
    ),
    TimelineRule(
        id="annual_report",
        title_zh="年度发展情况报送",
        title_en="Annual development report",
        rule=AnnualReport(
            reporter_zh="省级中小企业主管部门(组织集群填报)",
            reporter_en="provincial SME authority (collecting the clusters' returns)",
            recipient_zh="工业和信息化部",
            recipient_en="MIIT",
            content_zh="集群发展情况(年度培育情况信息表)",
            content_en="Cluster development report",
            days=(
                ReportDay(
                    batches=Batches(first=2022, last=2022),
                    month=4,
                    day=30,
                    citation=Citation(
                        document=LIST_2022,
                        item="三",
                        quote="省级中小企业主管部门要……组织集群填报上一年度发展情况,于每年4月30日前报送至工业和信息化部",
                    ),
                    provenance=TEXT,
                ),
                ReportDay(
                    batches=Batches(first=2023, last=2023),
                    month=4,
                    day=30,
                    citation=Citation(document=LIST_2023, item="工作要求"),
                    provenance=SECONDARY,
                ),
                ReportDay(
                    batches=Batches(first=2024),
                    month=3,
                    day=31,
                    citation=Citation(document=LATER_NOTICES, item="年度报送"),
                    provenance=SECONDARY,
                ),
            ),
        ),
        citation=Citation(document=LIST_2022, item="三"),
        provenance=TEXT,
    ),
    TimelineRule(
        id="review",
        title_zh="有效期满复核,通过的延长三年",
        title_en="Review on expiry; passing extends validity by three years",
        rule=Review(
            extension_years=3,
            applicant_zh="所在地县级行政区划中小企业主管部门 → 省级中小企业主管部门",
            applicant_en="county-level SME authority → provincial SME authority",
            checks_zh=(
                "省级按认定标准逐一审查、核实,必要时实地抽查;未通过初审的需说明原因(工信厅企业函〔2025〕77号 二)",
                "工业和信息化部复核",
            ),
            checks_en=(
                "the province checks each cluster against the recognition standard, with on-site checks where needed; a failure needs a stated reason (77号 二)",
                "MIIT reviews",
            ),
        ),
        citation=Citation(document=MEASURES, item=REVIEW_ITEM),
        provenance=SECONDARY,
    ),
    TimelineRule(
        id="call.2022",
        title_zh="2022年度推荐:省≤5个,计划单列市/兵团≤3个,2022-10-31前",
        title_en="2022 call: ≤5 per province, ≤3 per separately planned city / XPCC, by 2022-10-31",
        rule=RecommendationCall(
            year=2022,
            deadline=date(2022, 10, 31),
            recipient_zh=MIIT_ZH,
            recipient_en=MIIT_EN,
            quotas=(Quota(submitters=(Submitter.PROVINCE,), at_most=5), Quota(submitters=(Submitter.CITY, Submitter.XPCC), at_most=3)),
            over_quota_zh=OVER_QUOTA_ZH,
            over_quota_en=OVER_QUOTA_EN,
        ),
        citation=Citation(document=CALL_2022, item="推荐数量、报送时间"),
        provenance=SECONDARY,
    ),
    TimelineRule(
        id="call.2023",
        title_zh="2023年度推荐",
        title_en="2023 call",
        rule=NotEncoded(
            note_zh="2023年度推荐通知的推荐数量和截止日期无可靠来源,未编码",
            note_en="no source gives the 2023 call's quotas or deadline; not encoded",
        ),
        citation=Citation(document="工业和信息化部办公厅 2023年度中小企业特色产业集群推荐通知", item="推荐数量、报送时间"),
        provenance=UNKNOWN,
    ),
    TimelineRule(
        id="call.2024",
        title_zh="2024年度推荐:省≤8个,计划单列市/兵团≤2个,2024-07-31前",
        title_en="2024 call: ≤8 per province, ≤2 per separately planned city / XPCC, by 2024-07-31",
        rule=RecommendationCall(
            year=2024,
            deadline=date(2024, 7, 31),
            recipient_zh=MIIT_ZH,
            recipient_en=MIIT_EN,
            quotas=(Quota(submitters=(Submitter.PROVINCE,), at_most=8), Quota(submitters=(Submitter.CITY, Submitter.XPCC), at_most=2)),
            over_quota_zh=OVER_QUOTA_ZH,
            over_quota_en=OVER_QUOTA_EN,
        ),
        citation=Citation(document=CALL_2024, item="推荐数量、报送时间"),
        provenance=SECONDARY,
    ),
    TimelineRule(
        id="call.2025",
        title_zh="2025年度推荐和2022年度集群复核:省≤8个,计划单列市/兵团≤2个,2025-07-15前",
        title_en="2025 call and review of the 2022 batch: ≤8 per province, ≤2 per separately planned city / XPCC, by 2025-07-15",
        rule=RecommendationCall(
            year=2025,
            deadline=date(2025, 7, 15),
            recipient_zh=MIIT_ZH,
            recipient_en=MIIT_EN,
            quotas=(Quota(submitters=(Submitter.PROVINCE,), at_most=8), Quota(submitters=(Submitter.CITY, Submitter.XPCC), at_most=2)),
            over_quota_zh=OVER_QUOTA_ZH,
            over_quota_en=OVER_QUOTA_EN,
            reviews_batches=(2022,),
        ),
        citation=Citation(
            document=CALL_2025,
            item="一(三)、二(一)、三(三)",
            quote="省、自治区、直辖市推荐数量不超过8个,计划单列市、新疆生产建设兵团推荐数量不超过2个。对超过报送数量的,一律不予受理。"
            "……请各省级中小企业主管部门于2025年7月15日前将……寄送至工业和信息化部",
        ),
        provenance=TEXT,
    ),
)

GROUNDS = (
    RevocationGround(
        id="revocation.expiry",
        item="(一)",
        title_zh="有效期满未申请复核或经复核未通过",
        title_en="Validity expired without a review application, or the review failed",
        ground=ExpiryWithoutReview(),
        citation=_art17("(一)", "有效期满未申请复核或经复核未通过的"),
        provenance=TEXT,
    ),
    RevocationGround(
        id="revocation.false_declaration",
        item="(二)",
        title_zh="发现虚假申报或存在违法违规行为",
        title_en="False declaration found, or illegal conduct",
        ground=EventFound(findings=(FindingKind.FALSE_DECLARATION, FindingKind.ILLEGAL_CONDUCT)),
        citation=_art17("(二)", "发现虚假申报或存在违法违规行为的"),
        provenance=TEXT,
    ),
    RevocationGround(
        id="revocation.reporting",
        item="(三)",
        title_zh="未及时报送年度培育情况信息表,或不接受、不配合监测监督",
        title_en="Annual information return not sent in time, or monitoring refused",
        ground=ReportNotInTime(findings=(FindingKind.MONITORING_REFUSED,)),
        citation=_art17("(三)", "未及时报送集群年度培育情况信息表,不接受、不配合监测监督工作的"),
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
        citation=_art17("(四)", "集群发生主导产业、空间范围、运营管理机构变更等重大变动未及时更新报备的"),
        provenance=TEXT,
    ),
    RevocationGround(
        id="revocation.incident",
        item="(五)",
        title_zh="集群企业发生负面清单所列事故、事件或行为",
        title_en="A cluster firm has a negative-list incident",
        ground=IncidentDuringValidity(bars=NEGATIVE_LIST.bars),  # the same bars as the criteria's negative list
        citation=_art17(
            "(五)",
            "集群企业发生较大及以上安全、质量和环境污染等事故,重大及以上网络安全事件和数据安全事件,"
            "以及偷税漏税、违法违规、严重失信和其它重大问题的行为",
        ),
        provenance=TEXT,
    ),
)


@hookimpl
def clusterpolicy_timelines():
    return [RuleChanges(jurisdiction="national", add=TIMELINES)]


@hookimpl
def clusterpolicy_revocation_grounds():
    return [RuleChanges(jurisdiction="national", add=GROUNDS)]
