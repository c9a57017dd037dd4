"""Anhui's relay of MIIT's 2024 typical-case collection (安徽省工业和信息化厅, 2024-06-11).

Text at hand: shared/policy/anhui-2024-case-collection-notice.txt. The seven categories are
relayed word for word, so they are inherited from national unchanged. The call differs, so Anhui
overrides national's ``cases-2024`` as a whole:

* scope stated: recognised national **and** provincial clusters (一、征集范围) — national states none;
* the **cities** (各市工信局) submit to the provincial department, not the province to MIIT;
* deadline **2024-06-21** (national: 2024-06-30);
* documents renumbered (附件2–4), and each city's own 《X市中小企业特色产业集群培育举措》
  (city-level) where MIIT asks for the provincial measures;
* typical practices are collected from the cities (各市梳理总结…典型做法).
"""

from __future__ import annotations

from datetime import date

from clusterpolicy import Citation, Provenance, RuleChanges, hookimpl
from clusterpolicy.cases import (
    AuthorityLevel,
    CallRoute,
    CallScope,
    CaseCall,
    ContentCheck,
    ContentRule,
    Deadline,
    DocumentKind,
    PracticeCall,
    Recognition,
    RequiredDocument,
)

# The same id as the source document declared with the jurisdiction (__init__.CASES_2024).
CASES_2024 = "安徽省工业和信息化厅 2024-06-11 关于征集中小企业特色产业集群典型案例的通知"
TEXT = Provenance.TEXT


def _cite(item: str, quote: str | None = None) -> Citation:
    return Citation(document=CASES_2024, item=item, quote=quote)


DOCUMENTS_QUOTE = (
    "请各市于2024年6月21日前将《中小企业特色产业集群典型案例信息汇总表》(附件2)《中小企业特色产业集群典型案例》(附件3)"
    "《X市中小企业特色产业集群培育举措》(附件4)等相关材料报至省工业和信息化厅(中小企业局)"
)
CONTENT = _cite(
    "三、有关要求",
    "各市对所报送的案例材料(包括附件资料)相关文字和图片进行审核,确保真实、有效,无知识产权纠纷,"
    "不涉及国家秘密、个人信息和其他敏感信息。",
)


def _content(rid: str, check: ContentCheck, zh: str, en: str) -> ContentRule:
    return ContentRule(id=rid, check=check, title_zh=zh, title_en=en, citation=CONTENT, provenance=TEXT)


CALL = CaseCall(
    id="cases-2024",
    year=2024,
    title_zh="安徽省工业和信息化厅关于征集中小企业特色产业集群典型案例的通知(2024年)",
    title_en="Anhui call for typical cases of SME characteristic industrial clusters (2024), relaying MIIT's",
    issued_by_zh="安徽省工业和信息化厅",
    issued_by_en="Anhui Department of Economy and Information Technology",
    issued=date(2024, 6, 11),
    relays="工业和信息化部中小企业局 2024-06-03《关于征集中小企业特色产业集群典型案例的通知》(附件1)",
    scope=CallScope(
        levels=(Recognition.NATIONAL, Recognition.PROVINCIAL),
        citation=_cite("一、征集范围", "已认定的国家级、省级中小企业特色产业集群。"),
        provenance=TEXT,
    ),
    route=CallRoute(
        levels=(AuthorityLevel.CITY,),
        recipient_zh="安徽省工业和信息化厅(中小企业局)",
        recipient_en="Anhui Department of Economy and Information Technology (SME Bureau)",
        recipient_level=AuthorityLevel.PROVINCIAL,
        citation=_cite("主送;三、有关要求", "各市工信局 … 各市统一组织报送集群发展典型案例 … 报至省工业和信息化厅(中小企业局)"),
        provenance=TEXT,
    ),
    deadline=Deadline(
        date=date(2024, 6, 21),
        inclusive=True,  # 于…日前: the day itself on time (see clusterpolicy.cases.Deadline)
        citation=_cite("三、有关要求", "请各市于2024年6月21日前将…等相关材料报至省工业和信息化厅(中小企业局)"),
        provenance=TEXT,
    ),
    documents=(
        RequiredDocument(id="summary_table", kind=DocumentKind.SUMMARY_TABLE, attachment="附件2",
                         title_zh="《中小企业特色产业集群典型案例信息汇总表》", title_en="Summary table of typical cases",
                         citation=_cite("三、有关要求", DOCUMENTS_QUOTE), provenance=TEXT),
        RequiredDocument(id="case_text", kind=DocumentKind.CASE_TEXT, attachment="附件3",
                         title_zh="《中小企业特色产业集群典型案例》", title_en="Typical case",
                         citation=_cite("三、有关要求", DOCUMENTS_QUOTE), provenance=TEXT),
        RequiredDocument(id="cultivation_measures", kind=DocumentKind.CULTIVATION_MEASURES, level=AuthorityLevel.CITY,
                         attachment="附件4", title_zh="《X市中小企业特色产业集群培育举措》",
                         title_en="The city's cultivation measures for SME characteristic industrial clusters",
                         citation=_cite("三、有关要求", DOCUMENTS_QUOTE), provenance=TEXT),
    ),  # fmt: skip
    content_rules=(
        _content("truthful", ContentCheck.ATTESTATION, "材料真实、有效", "Materials are true and valid"),
        _content("no_ip_disputes", ContentCheck.ATTESTATION, "无知识产权纠纷", "No intellectual-property disputes"),
        _content("no_state_secrets", ContentCheck.ATTESTATION, "不涉及国家秘密", "No state secrets"),
        _content("no_personal_information", ContentCheck.PERSONAL_INFORMATION, "不涉及个人信息", "No personal information"),
        _content("no_other_sensitive_information", ContentCheck.ATTESTATION, "不涉及其他敏感信息", "No other sensitive information"),
    ),
    practices=PracticeCall(
        levels=(AuthorityLevel.CITY,),
        topics_zh=("本地区促进集群发展管理办法和政策措施", "推动集群培育工作的工作机制",
                   "以集群为平台开展的大中小企业协同、产业链协作、金融支持、品牌塑造、数字化绿色化转型升级、开放合作等服务活动"),
        topics_en=("Local measures and policies promoting cluster development", "Working mechanisms for cluster cultivation",
                   "Service activities run on the cluster platform: large–small firm collaboration, supply-chain "
                   "cooperation, financial support, branding, digital and green upgrading, opening-up"),
        citation=_cite("二(二)", "各市梳理总结统筹推进中小企业特色产业集群发展的典型做法。包括但不限于出台的本地区促进集群发展管理办法和政策措施"),
        provenance=TEXT,
    ),  # fmt: skip
    unlimited_cases=True,
    citation=_cite("全文"),
    provenance=TEXT,
)


@hookimpl
def clusterpolicy_case_calls():
    # Categories are inherited from national unchanged (二(一) repeats them word for word).
    return [RuleChanges(jurisdiction="anhui", override=(CALL,))]
