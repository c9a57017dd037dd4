"""Hainan regime: 海南省中小企业特色产业集群培育认定管理暂行办法 (琼工信规〔2023〕4号).

A province that overrides the national standard: lower thresholds, a provincial rather than
national front rank, a COVID waiver on output growth, no provincial-recognition prerequisite,
and indicators 三–八 written out in full (so the national ``not_encoded`` items are replaced).
Every rule here is stated in the text kept at shared/policy/hainan-2023-measures-and-standard.txt.
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
    Prerequisite,
    Provenance,
    RankAtLeast,
    RankLevel,
    Removal,
    RuleChanges,
    Share,
    SourceDocument,
    Threshold,
    Waiver,
    hookimpl,
    op_for,
)

MEASURES = "琼工信规〔2023〕4号"
TEXT = Provenance.TEXT

JURISDICTION = Jurisdiction(
    id="hainan",
    name_zh="海南省中小企业特色产业集群",
    name_en="Hainan provincial SME characteristic industrial clusters",
    level=Level.PROVINCIAL,
    parent="national",
    sources=(
        SourceDocument(
            id=MEASURES,
            title_zh="海南省中小企业特色产业集群培育认定管理暂行办法(附认定标准)",
            title_en="Hainan interim measures for the cultivation and recognition of SME characteristic industrial clusters (with standard)",
            issued=date(2023, 5, 23),
            provenance=TEXT,
            file="hainan-2023-measures-and-standard.txt",
        ),
    ),
)


def _std(item: str, quote: str) -> Citation:
    return Citation(document=MEASURES, item=f"认定标准 {item}", quote=quote)


def _attest(cid: str, indicator: str, key: str, zh: str, en: str, quote: str) -> Criterion:
    return Criterion(
        id=cid,
        indicator=indicator,
        title_zh=zh,
        title_en=en,
        check=Attestation(key=key),
        citation=_std(indicator, quote),
        provenance=TEXT,
    )


_NEGATIVE_LIST_QUOTE = (
    "同时,集群企业近三年未发生较大及以上安全、质量和环境污染等事故,重大及以上网络安全事件和数据安全事件,"
    "以及偷税漏税、违法违规、严重失信和其它重大问题的行为"
)

OVERRIDES = (
    Criterion(
        id="negative_list",
        indicator="负面清单",
        title_zh="近三年无负面清单事项",
        title_en="No negative-list incident in the last three years",
        check=NegativeList(
            window_years=3,
            bars=(
                IncidentBar(
                    kinds=(IncidentKind.SAFETY_ACCIDENT, IncidentKind.QUALITY_ACCIDENT, IncidentKind.ENVIRONMENTAL_ACCIDENT),
                    min_grade=Grade.LARGER,
                ),
                IncidentBar(kinds=(IncidentKind.CYBER_SECURITY_INCIDENT, IncidentKind.DATA_SECURITY_INCIDENT), min_grade=Grade.MAJOR),
                IncidentBar(
                    kinds=(
                        IncidentKind.TAX_EVASION,
                        IncidentKind.ILLEGAL_CONDUCT,
                        IncidentKind.SERIOUS_DISHONESTY,
                        IncidentKind.OTHER_MAJOR_PROBLEM,
                    )
                ),
            ),
        ),
        citation=_std("总述", _NEGATIVE_LIST_QUOTE),
        provenance=TEXT,
    ),
    Criterion(
        id="scope.county",
        indicator="申报条件",
        title_zh="集群位于县级区划范围内",
        title_en="Cluster lies within one county-level division",
        check=Prerequisite(field="within_one_county"),
        citation=Citation(document=MEASURES, item="第十条", quote="申报认定的集群应在县级区划范围内"),
        provenance=TEXT,
    ),
    Criterion(
        id="scope.applicant",
        indicator="申报条件",
        title_zh="由所在地县(区)中小企业主管部门申报",
        title_en="Applicant is the county (district) SME authority",
        check=InSet(field="applicant", values=("county_sme_authority",)),
        citation=Citation(document=MEASURES, item="第十条", quote="由所在地县(区)中小企业主管部门作为申报主体"),
        provenance=TEXT,
    ),
    _attest(
        "core.pillar_industry", "一", "pillar_industry",
        "主导产业为所在县域的支柱或特色产业", "Leading industry is the county's pillar or characteristic industry",
        "集群主导产业为所在县域的支柱或特色产业",
    ),
    _attest(
        "core.industrial_policy", "一", "fits_national_industrial_policy",
        "符合国家产业政策和行业发展规划要求", "Fits national industrial policy and sector plans",
        "符合国家、海南省产业政策和行业发展规划要求",
    ),
    Criterion(
        id="core.front_rank",
        indicator="一",
        title_zh="发展水平位居细分领域全省前列",
        title_en="Ranks at the front of its sub-sector in the province",
        check=RankAtLeast(at_least=RankLevel.PROVINCIAL),
        citation=_std("一", "发展水平位居细分领域全省前列"),
        provenance=TEXT,
    ),
    _attest(
        "core.brand", "一", "well_known_brand",
        "有较高的集群品牌知名度", "Well-known cluster brand",
        "有较高的集群品牌知名度",
    ),
    Criterion(
        id="core.area",
        indicator="一",
        title_zh="占地面积一般不超过100平方公里",
        title_en="Area generally not more than 100 km²",
        check=Threshold(fields=("area_km2",), op=op_for("一般不超过"), value=Decimal(100), unit="km²"),
        soft=True,
        citation=_std("一", "占地面积一般不超过100平方公里"),
        provenance=TEXT,
    ),
    Criterion(
        id="core.output",
        indicator="一",
        title_zh="近三年产值均在20亿元以上",
        title_en="Output at least 2 bn yuan in each of the last three years",
        check=EachYear(field="total_output", years=3, op=op_for("以上"), value=Decimal(20), unit="亿元"),
        citation=_std("一", "近三年产值均在20亿元以上"),
        provenance=TEXT,
    ),
    Criterion(
        id="core.sme_share",
        indicator="一",
        title_zh="中小企业产值占集群总产值60%以上",
        title_en="SME output at least 60% of total output",
        check=Share(numerator="sme_output", denominator="total_output", op=op_for("以上"), value=Decimal(60)),
        citation=_std("一", "中小企业产值占集群总产值60%以上"),
        provenance=TEXT,
    ),
    Criterion(
        id="core.leading_share",
        indicator="一",
        title_zh="主导产业占集群总产值比例高于60%",
        title_en="Leading industry more than 60% of total output",
        check=Share(numerator="leading_output", denominator="total_output", op=op_for("高于"), value=Decimal(60)),
        citation=_std("一", "主导产业占集群总产值比例高于60%"),
        provenance=TEXT,
    ),
    Criterion(
        id="core.growth",
        indicator="一",
        title_zh="产值年均增速高于5%(新冠疫情等特殊情况影响,该指标不要求)",
        title_en="Average annual output growth more than 5% (not required under COVID-19 or similar special circumstances)",
        check=Growth(field="total_output", years=3, op=op_for("高于"), value=Decimal(5)),
        waiver=Waiver(
            when=Condition(field="special_circumstances", equals=True),
            note_zh="新冠疫情等特殊情况影响,该指标不要求",
            note_en="not required where COVID-19 or similar special circumstances apply",
        ),
        citation=_std("一", "产值年均增速高于5%(新冠疫情等特殊情况影响,该指标不要求)"),
        provenance=TEXT,
    ),
    Criterion(
        id="tiered.firms",
        indicator="二",
        title_zh="单项冠军或“小巨人”不少于1家,或专精特新中小企业、创新型中小企业和高新技术企业不少于5家",
        title_en="≥1 single champion or little giant, or ≥5 specialised, innovative or high-tech SMEs",
        check=AnyOf(
            options=(
                Threshold(fields=("firms.single_champions", "firms.little_giants"), op=op_for("不少于"), value=Decimal(1), unit="家"),
                Threshold(
                    fields=("firms.specialised_smes", "firms.innovative_smes", "firms.high_tech"),
                    op=op_for("不少于"),
                    value=Decimal(5),
                    unit="家",
                ),
            ),
            labels_zh=("单项冠军/小巨人 ≥ 1", "专精特新/创新型/高新技术企业 ≥ 5"),
            labels_en=("champions/little giants ≥ 1", "specialised/innovative/high-tech SMEs ≥ 5"),
        ),
        citation=_std(
            "二",
            "拥有不少于1家主导产业的制造业单项冠军企业或专精特新“小巨人”企业,或者不少于5家专精特新中小企业、创新型中小企业和高新技术企业",
        ),
        provenance=TEXT,
    ),
    _attest(
        "supply_chain", "三", "supply_chain_collaboration",
        "产业链供应链协作高效", "Efficient supply-chain collaboration",
        "集群产业链布局合理,产业链上下游企业产供销一体化协同协作机制较完善,建立了通用生产设备、物流、仓储、人力、设计等共享机制,产业链关键环节配套能力较强",
    ),
    _attest(
        "innovation", "四", "innovation_cooperation",
        "创新平台与产学研合作紧密、融通创新机制完善", "Innovation platforms, close cooperation with large firms, universities and institutes",
        "统筹建立了多元新平台,与大型企业、高校和科研院所创新合作紧密,大中小企业融通创新和产学研协同创新机制完善",
    ),
    _attest(
        "digital", "五", "digital_transformation",
        "数字化转型效果明显", "Clear results of digital transformation",
        "集群新型信息基础设施建设水平较高,数字化装备和系统应用广泛……建立健全工业互联网安全保障体系",
    ),
    _attest(
        "green", "六", "green_development",
        "具有较高绿色化发展水平", "High level of green development",
        "集群能源消费结构合理,二氧化碳排放量强度持续下降,资源利用效率较高,污染物排放治理有效,建立了绿色低碳服务机制",
    ),
    _attest(
        "opening", "七", "open_cooperation",
        "积极参与产业开放合作", "Active opening-up and cooperation",
        "集群参与主导产业国内外合作机制或交流活动,开展技术、管理、人才或资本等方面交流合作,通过设置海外分支机构等方式,推动产品和服务对外贸易快速发展",
    ),
    _attest(
        "governance", "八", "operating_body",
        "设立管委会等运营管理机构", "Has an operating body such as a management committee",
        "集群设立管委会等运营管理机构",
    ),
)

ADDITIONS = (
    _attest(
        "core.provincial_policy", "一", "fits_provincial_industrial_policy",
        "符合海南省产业政策和行业发展规划要求", "Fits Hainan's industrial policy and sector plans",
        "符合国家、海南省产业政策和行业发展规划要求",
    ),
    Criterion(
        id="innovation.rd_growth",
        indicator="四",
        title_zh="近三年中小企业研发经费年均增长高于5%",
        title_en="SME R&D spending average annual growth more than 5% over the last three years",
        check=Growth(field="sme_rd_spending", years=3, op=op_for("高于"), value=Decimal(5)),
        citation=_std("四", "近三年中小企业研发经费年均增长高于5%"),
        provenance=TEXT,
    ),
    _attest(
        "innovation.standards", "四", "standard_setting",
        "积极参加主导产业的标准制修订工作", "Takes part in setting or revising the leading industry's standards",
        "积极参加主导产业的标准制修订工作",
    ),
    _attest(
        "innovation.core_technology", "四", "core_technology_breakthroughs",
        "突破了一批主导产业的关键核心技术", "Has broken through key core technologies of the leading industry",
        "突破了一批主导产业的关键核心技术",
    ),
    Criterion(
        id="innovation.patent_growth",
        indicator="四",
        title_zh="有效发明专利年均增长率不低于10%",
        title_en="Valid invention patents: average annual growth at least 10%",
        # The text gives no window for this clause; we read the same three years as the R&D clause.
        check=Growth(field="valid_invention_patents", years=3, op=op_for("不低于"), value=Decimal(10)),
        citation=_std("四", "有效发明专利年均增长率不低于10%"),
        provenance=TEXT,
    ),
    Criterion(
        id="innovation.patent_density",
        indicator="四",
        title_zh="每万人有效发明专利拥有量不低于6个",
        title_en="At least 6 valid invention patents per 10,000 people",
        # The text does not say which population; we use the cluster's employees (RULES.md).
        check=Share(
            numerator="valid_invention_patents",
            denominator="employees",
            per=Decimal(10000),
            op=op_for("不低于"),
            value=Decimal(6),
            unit="件/万人",
        ),
        citation=_std("四", "每万人有效发明专利拥有量不低于6个"),
        provenance=TEXT,
    ),
    Criterion(
        id="green.energy_efficiency",
        indicator="六",
        title_zh="属于高耗能行业的,能效水平高于行业基准值",
        title_en="High-energy industries: energy efficiency above the sector benchmark",
        check=Conditional(when=Condition(field="high_energy", equals=True), then=Attestation(key="energy_efficiency_above_benchmark")),
        citation=_std("六", "属于高耗能行业的集群,能效水平高于行业基准值"),
        provenance=TEXT,
    ),
    Criterion(
        id="green.water_efficiency",
        indicator="六",
        title_zh="属于高用水行业的,水效水平高于行业基准值",
        title_en="High-water-use industries: water efficiency above the sector benchmark",
        check=Conditional(when=Condition(field="high_water", equals=True), then=Attestation(key="water_efficiency_above_benchmark")),
        citation=_std("六", "属于高用水行业的集群,水效水平高于行业基准值"),
        provenance=TEXT,
    ),
    _attest(
        "governance.public_service", "八", "public_service_system",
        "建立完善的中小企业公共服务体系和集群发展促进机制", "SME public-service system and cluster promotion mechanism in place",
        "建立了完善的中小企业公共服务体系和专业化的集群发展促进机制",
    ),
    _attest(
        "governance.policy_coverage", "八", "policy_coverage",
        "惠企政策宣贯实现集群全覆盖", "SME policy publicity covers the whole cluster",
        "促进中小企业发展政策宣贯实现集群全覆盖,确保惠企政策受益主体不漏户、不漏人地清晰了解和应享尽享",
    ),
    _attest(
        "governance.three_year_plan", "八", "three_year_plan",
        "制定未来三年发展规划,目标清晰可考核", "Three-year development plan with clear, assessable goals",
        "依照本办法第二章第五条,制定未来三年发展规划,发展目标要清晰、可考核,工作措施要完整、针对性强、切实可行",
    ),
)

REMOVALS = (
    Removal(
        id="prerequisite.provincial",
        reason_zh="海南省认定无须先行认定为其他层级集群:县(区)申报,省工信厅审核、公示后确定",
        reason_en="Hainan recognition has no prior-recognition prerequisite: the county applies, the province reviews and publishes",
        citation=Citation(document=MEASURES, item="第十条、第十一条"),
        provenance=TEXT,
    ),
    Removal(
        id="relaxation.western",
        reason_zh="西部地区适当放宽是国家推荐通知对国家级认定的规定,海南省办法无此条款",
        reason_en="The western relaxation belongs to the national recommendation call; Hainan's measures have no such clause",
        citation=Citation(document=MEASURES, item="认定标准"),
        provenance=TEXT,
    ),
)


@hookimpl
def clusterpolicy_jurisdictions():
    return [JURISDICTION]


@hookimpl
def clusterpolicy_criteria():
    return [RuleChanges(jurisdiction="hainan", override=OVERRIDES, add=ADDITIONS, remove=REMOVALS)]


from .lifecycle import clusterpolicy_revocation_grounds, clusterpolicy_timelines  # noqa: E402,F401 - lifecycle hooks
