"""National regime: MIIT's 促进中小企业特色产业集群发展暂行办法 (工信部企业〔2022〕119号).

Recognition standard (认定标准, 2022版): the negative list and eight indicators. Indicators 一 and 二
are known from public reposts (provenance *secondary*); the content of 三–八 is known by heading
only, so they are ``not_encoded``. Procedure rules (arts. 12–14) and the 2025 call are at hand
(*text*). Sources: shared/policy/RULES.md and the texts beside it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from clusterpolicy import (
    AnyOf,
    Attestation,
    Citation,
    Condition,
    Conditional,
    Criterion,
    EachYear,
    Grade,
    Growth,
    IncidentBar,
    IncidentKind,
    InSet,
    Jurisdiction,
    Level,
    NegativeList,
    NotEncoded,
    Prerequisite,
    Provenance,
    RankAtLeast,
    RankLevel,
    RuleChanges,
    Share,
    SourceDocument,
    Threshold,
    hookimpl,
    op_for,
)

MEASURES = "工信部企业〔2022〕119号"
STANDARD = "工信部企业〔2022〕119号 附件《中小企业特色产业集群认定标准》"
CALL_2025 = "工信厅企业函〔2025〕77号"
LIST_2022 = "工信部企业函〔2023〕3号"

TEXT, SECONDARY, UNKNOWN = Provenance.TEXT, Provenance.SECONDARY, Provenance.UNKNOWN

NEGATIVE_LIST = NegativeList(
    window_years=3,
    bars=(
        IncidentBar(
            kinds=(IncidentKind.SAFETY_ACCIDENT, IncidentKind.QUALITY_ACCIDENT, IncidentKind.ENVIRONMENTAL_ACCIDENT),
            min_grade=Grade.LARGER,  # 较大及以上
        ),
        IncidentBar(
            kinds=(IncidentKind.CYBER_SECURITY_INCIDENT, IncidentKind.DATA_SECURITY_INCIDENT),
            min_grade=Grade.MAJOR,  # 重大及以上
        ),
        IncidentBar(
            kinds=(
                IncidentKind.TAX_EVASION,
                IncidentKind.ILLEGAL_CONDUCT,
                IncidentKind.SERIOUS_DISHONESTY,
                IncidentKind.OTHER_MAJOR_PROBLEM,
            ),
        ),
    ),
)
NEGATIVE_LIST_QUOTE = (
    "集群企业近三年未发生较大及以上安全、质量和环境污染等事故,重大及以上网络安全事件和数据安全事件,"
    "以及偷税漏税、违法违规、严重失信和其它重大问题的行为"
)

JURISDICTION = Jurisdiction(
    id="national",
    name_zh="国家级中小企业特色产业集群(工业和信息化部)",
    name_en="National SME characteristic industrial clusters (MIIT)",
    level=Level.NATIONAL,
    sources=(
        SourceDocument(
            id=MEASURES,
            title_zh="促进中小企业特色产业集群发展暂行办法",
            title_en="Interim Measures for Promoting the Development of SME Characteristic Industrial Clusters",
            issued=date(2022, 9, 13),
            provenance=TEXT,
            file="national-2022-list-notice-and-measures-excerpts.txt",
        ),
        SourceDocument(
            id=STANDARD,
            title_zh="中小企业特色产业集群认定标准(2022版)",
            title_en="Recognition standard for SME characteristic industrial clusters (2022)",
            issued=date(2022, 9, 13),
            provenance=SECONDARY,
        ),
        SourceDocument(
            id=LIST_2022,
            title_zh="关于公布2022年度中小企业特色产业集群名单的通告",
            title_en="Notice publishing the 2022 list of SME characteristic industrial clusters",
            issued=date(2023, 1, 11),
            provenance=TEXT,
            file="national-2022-list-notice-and-measures-excerpts.txt",
        ),
        SourceDocument(
            id=CALL_2025,
            title_zh="关于组织开展2025年度中小企业特色产业集群推荐和2022年度中小企业特色产业集群复核工作的通知",
            title_en="Notice on the 2025 recommendation and the review of the 2022 batch",
            issued=date(2025, 3, 3),
            provenance=TEXT,
            file="national-2025-recommendation-and-review-notice.txt",
        ),
        SourceDocument(  # typical cases (clusterpolicy_national.cases); no document number in the copy at hand
            id="工业和信息化部中小企业局 2024-06-03 关于征集中小企业特色产业集群典型案例的通知",
            title_zh="工业和信息化部中小企业局关于征集中小企业特色产业集群典型案例的通知",
            title_en="MIIT SME Bureau call for typical cases of SME characteristic industrial clusters (2024)",
            issued=date(2024, 6, 3),
            provenance=TEXT,
            file="anhui-2024-case-collection-notice.txt",
        ),
    ),
)


def _std(item: str, quote: str | None = None) -> Citation:
    return Citation(document=STANDARD, item=item, quote=quote)


def _not_encoded(cid: str, indicator: str, zh: str, en: str) -> Criterion:
    return Criterion(
        id=cid,
        indicator=indicator,
        title_zh=zh,
        title_en=en,
        check=NotEncoded(
            note_zh=f"国家认定标准“{indicator}、{zh}”的具体内容和量化门槛无可靠来源,未编码",
            note_en=f"The national standard's wording and any thresholds for indicator {indicator} ({en}) are not known from any source; not encoded",
        ),
        citation=_std(indicator, zh),
        provenance=UNKNOWN,
    )


CRITERIA = (
    Criterion(
        id="negative_list",
        indicator="负面清单",
        title_zh="近三年无负面清单事项",
        title_en="No negative-list incident in the last three years",
        check=NEGATIVE_LIST,
        citation=_std("总述", NEGATIVE_LIST_QUOTE),
        provenance=SECONDARY,
    ),
    Criterion(
        id="prerequisite.provincial",
        indicator="申报条件",
        title_zh="已认定为省级集群(首批申请除外)",
        title_en="Already recognised as a provincial cluster (first batch excepted)",
        # The first national batch was the 2022 call (工信厅企业函〔2022〕236号; list: 工信部企业函〔2023〕3号).
        check=Prerequisite(field="provincial_cluster", exempt_when=Condition(field="application_year", equals=2022)),
        citation=Citation(document=MEASURES, item="第十二条", quote="并已认定为省级集群(首批申请除外)"),
        provenance=TEXT,
    ),
    Criterion(
        id="scope.county",
        indicator="申报条件",
        title_zh="集群位于县级区划范围内",
        title_en="Cluster lies within one county-level division",
        check=Prerequisite(field="within_one_county"),
        citation=Citation(document=MEASURES, item="第十二条", quote="申报认定的集群应在县级区划范围内"),
        provenance=TEXT,
    ),
    Criterion(
        id="scope.applicant",
        indicator="申报条件",
        title_zh="由县级中小企业主管部门申报",
        title_en="Applicant is the county-level SME authority",
        check=InSet(field="applicant", values=("county_sme_authority",)),
        citation=Citation(document=MEASURES, item="第十二条", quote="由所在地县(市、区)中小企业主管部门作为申报主体"),
        provenance=TEXT,
    ),
    Criterion(
        id="core.pillar_industry",
        indicator="一",
        title_zh="主导产业为所在县域的支柱或特色产业",
        title_en="Leading industry is the county's pillar or characteristic industry",
        check=Attestation(key="pillar_industry"),
        citation=_std("一", "集群主导产业为所在县域的支柱或特色产业"),
        provenance=SECONDARY,
    ),
    Criterion(
        id="core.industrial_policy",
        indicator="一",
        title_zh="符合国家产业政策和行业发展规划要求",
        title_en="Fits national industrial policy and sector plans",
        check=Attestation(key="fits_national_industrial_policy"),
        citation=_std("一", "符合国家产业政策和行业发展规划要求"),
        provenance=SECONDARY,
    ),
    Criterion(
        id="core.front_rank",
        indicator="一",
        title_zh="发展水平位居细分领域全国前列",
        title_en="Ranks at the front of its sub-sector nationally",
        check=RankAtLeast(at_least=RankLevel.NATIONAL),
        citation=Citation(document=CALL_2025, item="一(二)", quote="择优遴选发展水平居于细分领域全国前列的中小企业产业集群推荐至我部"),
        provenance=TEXT,
    ),
    Criterion(
        id="core.brand",
        indicator="一",
        title_zh="有较高的集群品牌知名度",
        title_en="Well-known cluster brand",
        check=Attestation(key="well_known_brand"),
        citation=_std("一", "有较高的集群品牌知名度"),
        provenance=SECONDARY,
    ),
    Criterion(
        id="core.area",
        indicator="一",
        title_zh="占地面积一般不超过100平方公里",
        title_en="Area generally not more than 100 km²",
        check=Threshold(fields=("area_km2",), op=op_for("一般不超过"), value=Decimal(100), unit="km²"),
        soft=True,
        citation=_std("一", "占地面积一般不超过100平方公里"),
        provenance=SECONDARY,
    ),
    Criterion(
        id="core.output",
        indicator="一",
        title_zh="近三年产值均在40亿元以上",
        title_en="Output at least 4 bn yuan in each of the last three years",
        check=EachYear(field="total_output", years=3, op=op_for("以上"), value=Decimal(40), unit="亿元"),
        citation=_std("一", "近三年产值均在40亿元以上"),
        provenance=SECONDARY,
    ),
    Criterion(
        id="core.sme_share",
        indicator="一",
        title_zh="中小企业产值占集群总产值70%以上",
        title_en="SME output at least 70% of total output",
        check=Share(numerator="sme_output", denominator="total_output", op=op_for("以上"), value=Decimal(70)),
        citation=_std("一", "中小企业产值占集群总产值70%以上"),
        provenance=SECONDARY,
    ),
    Criterion(
        id="core.leading_share",
        indicator="一",
        title_zh="主导产业占集群总产值比例高于70%",
        title_en="Leading industry more than 70% of total output",
        check=Share(numerator="leading_output", denominator="total_output", op=op_for("高于"), value=Decimal(70)),
        citation=_std("一", "主导产业占集群总产值比例高于70%"),
        provenance=SECONDARY,
    ),
    Criterion(
        id="core.growth",
        indicator="一",
        title_zh="产值年均增速高于10%",
        title_en="Average annual output growth more than 10%",
        check=Growth(field="total_output", years=3, op=op_for("高于"), value=Decimal(10)),
        citation=_std("一", "产值年均增速高于10%"),
        provenance=SECONDARY,
    ),
    Criterion(
        id="tiered.firms",
        indicator="二",
        title_zh="单项冠军或“小巨人”不少于1家,或专精特新中小企业、创新型中小企业和高新技术企业不少于10家",
        title_en="≥1 single champion or little giant, or ≥10 specialised, innovative or high-tech SMEs",
        check=AnyOf(
            options=(
                Threshold(fields=("firms.single_champions", "firms.little_giants"), op=op_for("不少于"), value=Decimal(1), unit="家"),
                Threshold(
                    fields=("firms.specialised_smes", "firms.innovative_smes", "firms.high_tech"),
                    op=op_for("不少于"),
                    value=Decimal(10),
                    unit="家",
                ),
            ),
            labels_zh=("单项冠军/小巨人 ≥ 1", "专精特新/创新型/高新技术企业 ≥ 10"),
            labels_en=("champions/little giants ≥ 1", "specialised/innovative/high-tech SMEs ≥ 10"),
        ),
        citation=_std(
            "二",
            "拥有不少于1家主导产业的制造业单项冠军企业或专精特新“小巨人”企业,或者不少于10家专精特新中小企业、创新型中小企业和高新技术企业",
        ),
        provenance=SECONDARY,
    ),
    _not_encoded("supply_chain", "三", "产业链供应链协作高效", "efficient supply-chain collaboration"),
    _not_encoded("innovation", "四", "具有较强协同创新能力", "strong collaborative innovation"),
    _not_encoded("digital", "五", "数字化转型效果明显", "clear results of digital transformation"),
    _not_encoded("green", "六", "具有较高绿色化发展水平", "high level of green development"),
    _not_encoded("opening", "七", "积极参与产业开放合作", "active opening-up and cooperation"),
    _not_encoded("governance", "八", "具有较强治理和服务能力", "strong governance and service capacity"),
    Criterion(
        id="relaxation.western",
        indicator="西部放宽",
        title_zh="西部地区可适当放宽",
        title_en="Standard may be relaxed for western regions",
        check=Conditional(
            when=Condition(field="region", equals="west"),
            then=NotEncoded(
                note_zh="推荐通知规定西部地区可适当放宽认定标准,但未给出放宽幅度或适用指标;未自动放宽,请省级主管部门据实把握",
                note_en="The call lets the standard be relaxed for western regions but states neither by how much nor for which indicators; nothing is relaxed automatically",
            ),
        ),
        citation=Citation(document=CALL_2025, item="一(二)", quote="在符合《暂行办法》认定标准的基础上(西部地区可适当放宽)"),
        provenance=TEXT,
    ),
)


@hookimpl
def clusterpolicy_jurisdictions():
    return [JURISDICTION]


@hookimpl
def clusterpolicy_criteria():
    return [RuleChanges(jurisdiction="national", add=CRITERIA)]


from .cases import clusterpolicy_case_calls, clusterpolicy_case_categories  # noqa: E402,F401 - typical-case hooks
from .lifecycle import clusterpolicy_revocation_grounds, clusterpolicy_timelines  # noqa: E402,F401 - lifecycle hooks
