"""National typical-case collection: MIIT's 2024 call (工业和信息化部中小企业局, 2024-06-03).

The notice is at hand as 附件1 of the Anhui relay (shared/policy/anhui-2024-case-collection-notice.txt),
so everything here is provenance *text*. Seven categories, each listing its sub-topics as
包括但不限于 (open-ended), plus a second kind of submission: the province's own typical practices.

The sub-topic ``keywords`` are ours, not the notice's: the words a case text on that sub-topic
usually uses (parts of the phrase, synonyms, the names of typical instruments such as 共享工厂 or
中试基地). They only drive ``clusterpolicy cases suggest`` and are shown whenever they match.
"""

from __future__ import annotations

from datetime import date

from clusterpolicy import Citation, Provenance, RuleChanges, hookimpl
from clusterpolicy.cases import (
    AuthorityLevel,
    CallRoute,
    CallScope,
    CaseCall,
    CaseCategory,
    ContentCheck,
    ContentRule,
    Deadline,
    DocumentKind,
    PracticeCall,
    RequiredDocument,
    SubTopic,
)

CALL_2024 = "工业和信息化部中小企业局 2024-06-03 关于征集中小企业特色产业集群典型案例的通知"
TEXT = Provenance.TEXT


def _cite(item: str, quote: str | None = None) -> Citation:
    return Citation(document=CALL_2024, item=item, quote=quote)


def _st(sid: str, zh: str, en: str, *keywords: str) -> SubTopic:
    return SubTopic(id=sid, title_zh=zh, title_en=en, keywords=keywords)


def _cat(number: int, cid: str, zh: str, en: str, quote: str, subtopics: tuple[SubTopic, ...], keywords: tuple[str, ...]) -> CaseCategory:
    return CaseCategory(
        id=cid,
        number=number,
        title_zh=zh,
        title_en=en,
        subtopics=subtopics,
        open_ended=True,  # every category: 包括但不限于
        keywords=keywords,
        citation=_cite(f"一(一){number}", quote),
        provenance=TEXT,
    )


CATEGORIES = (
    _cat(
        1, "collaboration", "协作共享", "Collaboration and sharing",
        "协作共享:包括但不限于产供销一体化协同、制造资源共享、大中小企业协同、参与先进制造业集群培育建设。",
        (
            _st("supply_chain", "产供销一体化协同", "Integrated production, supply and sales",
                "产供销", "供应链协同", "产业链协作", "产业链协同", "上下游协作", "上下游协同", "上下游配套", "本地配套",
                "配套率", "集中采购", "联合采购", "协同采购", "订单共享", "产销对接", "供需对接"),
            _st("resource_sharing", "制造资源共享", "Sharing of manufacturing resources",
                "资源共享", "共享工厂", "共享制造", "共享车间", "共享设备", "设备共享", "产能共享", "共享仓储",
                "仓储共享", "共享物流", "物流共享", "共享用工", "用工共享", "模具共享", "检测设备共享"),
            _st("large_small", "大中小企业协同", "Collaboration of large, medium and small firms",
                "大中小企业协同", "大企业带动", "龙头企业带动", "链主企业", "链主", "龙头企业", "配套企业",
                "专业化分工", "协作配套", "外协", "发包"),
            _st("advanced_clusters", "参与先进制造业集群培育建设", "Taking part in building advanced manufacturing clusters",
                "先进制造业集群", "集群培育建设"),
        ),
        ("协作", "协同发展"),
    ),
    _cat(
        2, "quality_brand", "质量品牌", "Quality and brand",
        "质量品牌:包括但不限于质量诊断提升、集群品牌运营管理。",
        (
            _st("quality", "质量诊断提升", "Quality diagnosis and improvement",
                "质量诊断", "质量提升", "质量管理体系", "质量管理", "质量追溯", "质量攻关", "质量标杆", "卓越绩效",
                "检验检测", "质量检测", "计量检测", "质量基础设施", "产品合格率", "良品率", "不良率", "质量认证"),
            _st("brand", "集群品牌运营管理", "Operating and managing the cluster brand",
                "集群品牌", "区域品牌", "区域公用品牌", "公用品牌", "品牌运营", "品牌建设", "品牌培育", "品牌推广",
                "品牌价值", "知名品牌", "集体商标", "证明商标", "地理标志", "商标"),
        ),
        ("质量", "品牌"),
    ),
    _cat(
        3, "innovation", "创新提升", "Innovation",
        "创新提升:包括但不限于大中小企业融通创新、产学研协同创新、小试中试平台建设、创新成果转化、知识产权运用维护、标准研制。",
        (
            _st("integrated_innovation", "大中小企业融通创新", "Integrated innovation of large, medium and small firms",
                "融通创新", "融通发展", "创新联合体", "揭榜挂帅", "开放创新资源", "应用场景"),
            _st("industry_academia", "产学研协同创新", "Industry–university–research collaborative innovation",
                "产学研", "校企合作", "高校", "科研院所", "研究院", "协同创新", "联合攻关", "技术攻关", "关键技术",
                "院士工作站", "博士后工作站", "工程技术研究中心", "重点实验室", "新型研发机构", "研发中心"),
            _st("pilot_platforms", "小试中试平台建设", "Building pilot-test and scale-up platforms",
                "小试", "中试", "中试基地", "中试平台", "中试线", "中试车间", "概念验证", "试验验证", "工程化验证"),
            _st("commercialisation", "创新成果转化", "Commercialising innovation results",
                "成果转化", "科技成果", "转移转化", "技术转移", "产业化", "孵化器", "孵化", "首台套", "新产品"),
            _st("ip", "知识产权运用维护", "Using and protecting intellectual property",
                "知识产权", "发明专利", "专利导航", "专利池", "专利运营", "专利", "侵权", "知识产权保护", "商业秘密"),
            _st("standards", "标准研制", "Developing standards",
                "标准研制", "国家标准", "行业标准", "团体标准", "地方标准", "国际标准", "标准制定", "制定标准",
                "制修订", "标准化"),
        ),
        ("创新", "研发"),
    ),
    _cat(
        4, "digital", "数字化升级", "Digital upgrade",
        "数字化升级:包括但不限于数字化新模式新业态推广应用、数字化服务、工业互联网平台建设应用、集群主导产业链式数字化转型。",
        (
            _st("new_models", "数字化新模式新业态推广应用", "Spreading new digital models and business forms",
                "新模式", "新业态", "智能制造", "智能工厂", "数字化车间", "智能车间", "黑灯工厂", "网络化协同",
                "个性化定制", "柔性生产", "远程运维", "服务型制造", "直播电商", "数字孪生"),
            _st("digital_services", "数字化服务", "Digital services",
                "数字化服务", "数字化服务商", "数字化诊断", "上云用云", "上云", "云平台", "SaaS", "数字化改造",
                "智能化改造", "智改数转", "数字化转型诊断"),
            _st("industrial_internet", "工业互联网平台建设应用", "Building and using industrial-internet platforms",
                "工业互联网平台", "工业互联网", "标识解析", "5G", "工业APP", "工业软件", "设备联网", "数据采集",
                "物联网", "MES", "ERP"),
            _st("chain_transformation", "集群主导产业链式数字化转型", "Chain-wide digital transformation of the leading industry",
                "链式数字化转型", "链式转型", "产业链数字化", "数字化转型", "产业大脑", "数据中台", "大数据"),
        ),
        ("数字化", "智能化", "数据"),
    ),
    _cat(
        5, "green", "绿色化转型", "Green transition",
        "绿色化转型:包括但不限于能源结构优化、设备节能改造、资源综合利用、碳排放监测。",
        (
            _st("energy_mix", "能源结构优化", "Optimising the energy mix",
                "能源结构", "光伏", "分布式光伏", "清洁能源", "可再生能源", "绿电", "风电", "储能", "天然气",
                "煤改电", "煤改气", "电能替代"),
            _st("energy_saving", "设备节能改造", "Energy-saving retrofits of equipment",
                "节能改造", "节能", "能效", "高效电机", "变频", "余热回收", "余热", "能耗", "能源管理"),
            _st("resource_use", "资源综合利用", "Comprehensive use of resources",
                "综合利用", "循环利用", "再生资源", "回收利用", "固废", "固体废物", "废水回用", "中水回用", "节水",
                "边角料", "循环经济", "废料"),
            _st("carbon_monitoring", "碳排放监测", "Monitoring carbon emissions",
                "碳排放", "碳足迹", "碳核算", "碳监测", "碳管理", "碳达峰", "碳中和", "双碳", "温室气体", "减排"),
        ),
        ("绿色", "低碳", "绿色工厂", "绿色制造"),
    ),
    _cat(
        6, "opening", "开放合作", "Opening-up and cooperation",
        "开放合作:包括但不限于引进人才、技术、资本等资源,参与国际合作机制和交流活动、促进主导产品走出去、境外合作安全风险防控。",
        (
            _st("attracting_resources", "引进人才、技术、资本等资源", "Attracting talent, technology, capital and other resources",
                "引进人才", "人才引进", "招才引智", "高层次人才", "引进技术", "技术引进", "招商引资", "引进资本",
                "外资", "产业基金", "投资基金", "引进项目"),
            _st("international_cooperation", "参与国际合作机制和交流活动", "Taking part in international cooperation mechanisms and exchanges",
                "国际合作", "国际交流", "一带一路", "中外合作", "合作园区", "国际展会", "境外展会", "国际论坛",
                "广交会", "进博会", "友好城市", "跨国"),
            _st("going_global", "促进主导产品走出去", "Taking the leading products abroad",
                "走出去", "出口", "外贸", "跨境电商", "海外市场", "国际市场", "海外仓", "境外销售", "海外订单"),
            _st("overseas_risk", "境外合作安全风险防控", "Managing the security risks of cooperation abroad",
                "风险防控", "境外风险", "海外风险", "出口管制", "贸易摩擦", "反倾销", "汇率风险", "海外知识产权",
                "合规", "预警"),
        ),
        ("开放", "国际化", "海外"),
    ),
    _cat(
        7, "governance", "治理服务", "Governance and services",
        "治理服务:包括但不限于公共服务体系建设、治理机制完善、统筹集群发展、中小企业合法权益维护。",
        (
            _st("public_services", "公共服务体系建设", "Building the public-service system",
                "公共服务平台", "公共服务体系", "公共服务", "服务平台", "服务中心", "服务站", "一站式服务",
                "服务机构", "培训", "惠企政策"),
            _st("governance_mechanisms", "治理机制完善", "Improving governance mechanisms",
                "治理机制", "管委会", "运营管理机构", "运营机构", "集群促进机构", "行业协会", "商会", "联席会议",
                "议事", "行业自律"),
            _st("coordination", "统筹集群发展", "Coordinating the cluster's development",
                "统筹", "发展规划", "三年行动", "行动计划", "专项资金", "产业规划", "空间布局", "要素保障", "工作专班"),
            _st("sme_rights", "中小企业合法权益维护", "Protecting SMEs' lawful rights and interests",
                "合法权益", "权益保护", "拖欠账款", "账款清欠", "清欠", "法律服务", "法律援助", "纠纷调解",
                "营商环境", "减负"),
        ),
        ("治理", "服务体系"),
    ),
)  # fmt: skip

CONTENT_QUOTE = (
    "请各省级中小企业主管部门对所报送的案例材料(包括附件资料)相关文字和图片进行审核,确保真实、有效,"
    "无知识产权纠纷,不涉及国家秘密、个人信息和其他敏感信息。"
)


def content_rules(cite) -> tuple[ContentRule, ...]:
    """The five content rules of the 2024 notice, cited by ``cite`` (national or a relay)."""
    return (
        ContentRule(id="truthful", check=ContentCheck.ATTESTATION, title_zh="材料真实、有效",
                    title_en="Materials are true and valid", citation=cite, provenance=TEXT),
        ContentRule(id="no_ip_disputes", check=ContentCheck.ATTESTATION, title_zh="无知识产权纠纷",
                    title_en="No intellectual-property disputes", citation=cite, provenance=TEXT),
        ContentRule(id="no_state_secrets", check=ContentCheck.ATTESTATION, title_zh="不涉及国家秘密",
                    title_en="No state secrets", citation=cite, provenance=TEXT),
        ContentRule(id="no_personal_information", check=ContentCheck.PERSONAL_INFORMATION, title_zh="不涉及个人信息",
                    title_en="No personal information", citation=cite, provenance=TEXT),
        ContentRule(id="no_other_sensitive_information", check=ContentCheck.ATTESTATION, title_zh="不涉及其他敏感信息",
                    title_en="No other sensitive information", citation=cite, provenance=TEXT),
    )  # fmt: skip


DOCUMENTS_QUOTE = (
    "请于2024年6月30日前将《中小企业特色产业集群典型案例信息汇总表》(附件1)《中小企业特色产业集群典型案例报送模板》(附件2)"
    "《省(区、市)中小企业特色产业集群培育举措》(附件3)等相关材料统一寄送至工业和信息化部中小企业局"
)

CALL = CaseCall(
    id="cases-2024",
    year=2024,
    title_zh="关于征集中小企业特色产业集群典型案例的通知(2024年)",
    title_en="Call for typical cases of SME characteristic industrial clusters (2024)",
    issued_by_zh="工业和信息化部中小企业局",
    issued_by_en="MIIT SME Bureau",
    issued=date(2024, 6, 3),
    scope=CallScope(
        # The notice asks provinces for cases "结合本地区中小企业特色产业集群发展情况" but does not say
        # whether only recognised (national/provincial) clusters qualify. Anhui's relay does (一、征集范围).
        levels=(),
        citation=_cite("二、征集方式", "请省级中小企业主管部门结合本地区中小企业特色产业集群发展情况,统一组织报送集群发展典型案例"),
        provenance=TEXT,
    ),
    route=CallRoute(
        levels=(AuthorityLevel.PROVINCIAL, AuthorityLevel.SEPARATELY_PLANNED_CITY, AuthorityLevel.XPCC),
        recipient_zh="工业和信息化部中小企业局",
        recipient_en="MIIT SME Bureau",
        recipient_level=AuthorityLevel.MINISTRY,
        citation=_cite(
            "主送;二、征集方式;三、工作要求",
            "各省、自治区、直辖市及计划单列市、新疆生产建设兵团中小企业主管部门 … 请省级中小企业主管部门 … "
            "统一组织报送集群发展典型案例 … 统一寄送至工业和信息化部中小企业局",
        ),
        provenance=TEXT,
    ),
    deadline=Deadline(
        date=date(2024, 6, 30),
        inclusive=True,  # 于…日前: the day itself on time (see clusterpolicy.cases.Deadline)
        citation=_cite("三、工作要求", "请于2024年6月30日前将…等相关材料统一寄送至工业和信息化部中小企业局"),
        provenance=TEXT,
    ),
    documents=(
        RequiredDocument(id="summary_table", kind=DocumentKind.SUMMARY_TABLE, attachment="附件1",
                         title_zh="《中小企业特色产业集群典型案例信息汇总表》",
                         title_en="Summary table of typical cases", citation=_cite("三、工作要求", DOCUMENTS_QUOTE),
                         provenance=TEXT),
        # The body names 附件2 "…典型案例报送模板"; the attachment list calls it "…典型案例报送情况".
        RequiredDocument(id="case_text", kind=DocumentKind.CASE_TEXT, attachment="附件2",
                         title_zh="《中小企业特色产业集群典型案例报送模板》",
                         title_en="Typical case (submission template)", citation=_cite("三、工作要求", DOCUMENTS_QUOTE),
                         provenance=TEXT),
        RequiredDocument(id="cultivation_measures", kind=DocumentKind.CULTIVATION_MEASURES,
                         level=AuthorityLevel.PROVINCIAL, attachment="附件3",
                         title_zh="《省(区、市)中小企业特色产业集群培育举措》",
                         title_en="Provincial cultivation measures for SME characteristic industrial clusters",
                         citation=_cite("三、工作要求", DOCUMENTS_QUOTE), provenance=TEXT),
    ),  # fmt: skip
    content_rules=content_rules(_cite("三、工作要求", CONTENT_QUOTE)),
    practices=PracticeCall(
        levels=(AuthorityLevel.PROVINCIAL, AuthorityLevel.SEPARATELY_PLANNED_CITY, AuthorityLevel.XPCC),
        topics_zh=("促进集群发展管理办法和政策措施", "推动集群培育工作的工作机制",
                   "以集群为平台开展的大中小企业协同、产业链协作、金融支持、品牌塑造、数字化绿色化转型升级、开放合作等服务活动"),
        topics_en=("Measures and policies promoting cluster development", "Working mechanisms for cluster cultivation",
                   "Service activities run on the cluster platform: large–small firm collaboration, supply-chain "
                   "cooperation, financial support, branding, digital and green upgrading, opening-up"),
        citation=_cite(
            "一(二)",
            "省级层面统筹推进本地区中小企业特色产业集群发展的典型做法。包括但不限于出台的促进集群发展管理办法和政策措施,"
            "推动集群培育工作的工作机制,以及以中小企业特色产业集群为平台开展的…服务活动",
        ),
        provenance=TEXT,
    ),  # fmt: skip
    unlimited_cases=True,
    citation=_cite("全文"),
    provenance=TEXT,
)


@hookimpl
def clusterpolicy_case_categories():
    return [RuleChanges(jurisdiction="national", add=CATEGORIES)]


@hookimpl
def clusterpolicy_case_calls():
    return [RuleChanges(jurisdiction="national", add=(CALL,))]
