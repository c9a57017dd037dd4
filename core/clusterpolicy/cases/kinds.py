"""Typical-case collection (典型案例征集): categories of cases and the calls that collect them.

Two rule families, resolved by id like criteria (:mod:`clusterpolicy.regimes.build`):

* :class:`CaseCategory` — a category (e.g. 协作共享) with its sub-topics. The MIIT 2024 notice
  lists every category's sub-topics as 包括但不限于 ("including but not limited to"), so the list
  is open-ended (``open_ended``): a case on an unlisted sub-topic is still in the category.
  Sub-topic ``keywords`` are search terms *we* derived from the phrases (not the law's words);
  they only feed the explainable category suggestion (:func:`clusterpolicy.cases.suggest.suggest_categories`).
* :class:`CaseCall` — one collection call as data: year, which clusters may be the subject of a
  case (``scope``), who submits to whom (``route``), the deadline, how the categories bind
  (``category_rule``: the MIIT 2024 call collects 重点从 — *focusing on* — its seven categories, so
  a case outside them is admissible), the documents required (each once per case or once per
  submitter's package, ``per``), the rules on the materials (content and electronic copies), and
  the second kind of submission, the authority's own typical practices (典型做法, ``practices``).
  Every part carries its own citation and provenance, so a province that relays a call overrides
  the call by id and each requirement still shows its source.

The submission a clerk writes is in :mod:`clusterpolicy.cases.submission`; the checks are in
:mod:`clusterpolicy.cases.check`.
"""

from __future__ import annotations

import enum
from datetime import date as Date


from ..errors import FieldValueError
from ..model import Citation, Interpretation, Provenance, check_id, doc, frozen, inherited_field, interpretation_field, non_empty, non_empty_list


class Recognition(str, enum.Enum):
    """At which level a cluster is recognised (已认定的…中小企业特色产业集群)."""

    NATIONAL = "national"  #: 国家级
    PROVINCIAL = "provincial"  #: 省级
    NONE = "none"  #: not recognised

    @property
    def zh(self) -> str:
        return {"national": "国家级", "provincial": "省级", "none": "未认定"}[self.value]


class AuthorityLevel(str, enum.Enum):
    """Level of an SME authority (中小企业主管部门) that submits or receives cases."""

    MINISTRY = "ministry"  #: 工业和信息化部(中小企业局)
    PROVINCIAL = "provincial"  #: 省、自治区、直辖市
    SEPARATELY_PLANNED_CITY = "separately_planned_city"  #: 计划单列市
    XPCC = "xpcc"  #: 新疆生产建设兵团
    CITY = "city"  #: 地级市 (e.g. 各市工信局)
    COUNTY = "county"  #: 县(市、区)

    @property
    def zh(self) -> str:
        return _AUTHORITY_ZH[self.value]


_AUTHORITY_ZH = {
    "ministry": "工业和信息化部",
    "provincial": "省级",
    "separately_planned_city": "计划单列市",
    "xpcc": "新疆生产建设兵团",
    "city": "市级",
    "county": "县级",
}


class SubmissionKind(str, enum.Enum):
    """The two kinds of submission a call collects."""

    CASE = "case"  #: (一) 集群发展典型案例 — a case about one cluster, in one category
    PRACTICE = "practice"  #: (二) 支持集群发展的典型做法 — the authority's own policies and mechanisms


class DocumentKind(str, enum.Enum):
    """Documents a call asks for."""

    SUMMARY_TABLE = "summary_table"  #: 典型案例信息汇总表
    CASE_TEXT = "case_text"  #: 典型案例 (报送模板): satisfied by the submission's own text
    CULTIVATION_MEASURES = "cultivation_measures"  #: 培育举措 (provincial or city level)

    @property
    def zh(self) -> str:
        return {"summary_table": "汇总表", "case_text": "案例文本", "cultivation_measures": "培育举措"}[self.value]


class DocumentScope(str, enum.Enum):
    """How often a document is sent."""

    CASE = "case"  #: with every case
    PACKAGE = "package"  #: once per submitter, with the whole package (统一组织报送 / 统一寄送)


class ContentCheck(str, enum.Enum):
    """How a rule on the materials is checked."""

    ATTESTATION = "attestation"  #: the submitter confirms it (``attestations.<rule id> = true``)
    PERSONAL_INFORMATION = "personal_information"  #: scanned for phone, e-mail, ID-card numbers, and confirmed


def _unique_ids(inst, attribute, value) -> None:
    seen: set[str] = set()
    for item in value:
        if item.id in seen:
            raise FieldValueError(inst, attribute.name, f"id {item.id!r} appears twice")
        seen.add(item.id)


_non_empty_tuple = non_empty_list


# --- categories --------------------------------------------------------------------------------


@frozen(kw_only=True)
class SubTopic:
    """A listed sub-topic of a category (e.g. 产学研协同创新)."""

    id: str = doc("Stable id within the category, e.g. industry_academia.", validator=check_id)
    title_zh: str = doc("The source's phrase (Chinese).", validator=non_empty)
    title_en: str = doc("Translation (English).", validator=non_empty)
    keywords: tuple[str, ...] = doc(
        "Search terms derived from the phrase (synonyms, parts, usual wording of case texts). "
        "Not the law's words: used only to suggest categories, and shown when they match.",
        default=(),
    )


@frozen(kw_only=True)
class CaseCategory:
    """A category of typical cases (典型案例类别), e.g. 协作共享, with its listed sub-topics."""

    id: str = doc("Stable id, e.g. collaboration.", validator=check_id)
    number: int | None = doc("Position in the source's list (1–7 in the MIIT 2024 notice).", default=None)
    title_zh: str = doc("Title (Chinese).", validator=non_empty)
    title_en: str = doc("Title (English).", validator=non_empty)
    subtopics: tuple[SubTopic, ...] = doc("The sub-topics the source lists.", default=(), validator=_unique_ids)
    open_ended: bool = doc(
        "The source lists the sub-topics as 包括但不限于 (including but not limited to): other topics "
        "of the category are admissible.",
        default=True,
    )
    keywords: tuple[str, ...] = doc("Derived search terms for the category as a whole (not tied to a sub-topic).", default=())
    citation: Citation = doc("Where the category is written.")
    provenance: Provenance = doc("text, secondary or unknown.")
    inherited: bool | None = inherited_field()
    interpretation: Interpretation | None = interpretation_field()

    def title(self, lang: str) -> str:
        return self.title_zh if lang == "zh" else self.title_en

    def subtopic(self, sid: str) -> SubTopic | None:
        return next((s for s in self.subtopics if s.id == sid), None)


# --- calls -------------------------------------------------------------------------------------


@frozen(kw_only=True)
class CallScope:
    """Which clusters a case may be about (征集范围)."""

    levels: tuple[Recognition, ...] = doc(
        "Recognition levels admitted; empty when the call states no scope (then nothing is checked, "
        "and the check says so).",
        default=(),
    )
    citation: Citation = doc("Where the scope is written (or where it would be, if unstated).")
    provenance: Provenance = doc("text, secondary or unknown.")


@frozen(kw_only=True)
class CallRoute:
    """Who submits, and to whom (报送主体 → 接收单位)."""

    levels: tuple[AuthorityLevel, ...] = doc("Authority levels that may submit.", validator=_non_empty_tuple)
    recipient_zh: str = doc("Who receives the submissions (Chinese).", validator=non_empty)
    recipient_en: str = doc("Who receives the submissions (English).", validator=non_empty)
    recipient_level: AuthorityLevel = doc("Level of the recipient.")
    citation: Citation = doc("Where the route is written.")
    provenance: Provenance = doc("text, secondary or unknown.")


@frozen(kw_only=True)
class Deadline:
    """When submissions are due (报送截止).

    ``inclusive = true`` reads 于…日前 as "on or before that day": a submission dated the deadline
    day is on time. Chinese law defines 以上/以下/以内/不满/超过/以外 (民法典 第一千二百五十九条) but not
    前; general law ends the last day of a period at 24:00 (民法典 第二百零三条), and administrative
    practice treats a 前 deadline as closing at the end of that day. Some commentators read 前
    strictly (the day itself excluded); the check therefore notes that reading whenever a
    submission is dated exactly on the deadline day.
    """

    date: Date = doc("The day named in the call.")
    inclusive: bool = doc("The day itself is on time (see the class description).", default=True)
    citation: Citation = doc("Where the deadline is written.")
    provenance: Provenance = doc("text, secondary or unknown.")

    def is_late(self, on: Date) -> bool:
        return on > self.date if self.inclusive else on >= self.date


@frozen(kw_only=True)
class CategoryRule:
    """How a call's categories bind (重点从…七个方面征集: a focus, not a closed list)."""

    closed: bool = doc("A case must be in one of the categories (true), or they are a focus and others are admissible (false).", default=False)
    citation: Citation = doc("Where the call says how it collects by category.")
    provenance: Provenance = doc("text, secondary or unknown.")


@frozen(kw_only=True)
class RequiredDocument:
    """A document the call asks for (附件)."""

    id: str = doc("Stable id within the call, e.g. summary_table.", validator=check_id)
    kind: DocumentKind = doc("summary_table, case_text or cultivation_measures.")
    level: AuthorityLevel | None = doc("For cultivation measures: whose measures (provincial or city).", default=None)
    per: DocumentScope = doc("case (sent with every case) or package (once per submitter, with the whole package).", default=DocumentScope.CASE)
    attachment: str | None = doc("Attachment number in the call, e.g. 附件1.", default=None)
    title_zh: str = doc("The document's title as the call names it.", validator=non_empty)
    title_en: str = doc("Translation (English).", validator=non_empty)
    citation: Citation = doc("Where the call asks for it.")
    provenance: Provenance = doc("text, secondary or unknown.")


@frozen(kw_only=True)
class ContentRule:
    """A rule on the materials, confirmed by the submitter: their content (确保真实、有效…不涉及…个人信息)
    or how they are sent (同时将电子版材料发送至联系人邮箱)."""

    id: str = doc("Stable id; also the key of the submitter's confirmation in ``attestations``.", validator=check_id)
    check: ContentCheck = doc("attestation, or personal_information (scanned and confirmed).")
    title_zh: str = doc("Title (Chinese).", validator=non_empty)
    title_en: str = doc("Title (English).", validator=non_empty)
    citation: Citation = doc("Where the rule is written.")
    provenance: Provenance = doc("text, secondary or unknown.")


@frozen(kw_only=True)
class PracticeCall:
    """The second kind of submission: the authority's own typical practices (典型做法)."""

    levels: tuple[AuthorityLevel, ...] = doc("Authority levels whose practices are collected.", validator=_non_empty_tuple)
    topics_zh: tuple[str, ...] = doc("Listed topics (包括但不限于: open-ended).", default=())
    topics_en: tuple[str, ...] = doc("Translations of the topics.", default=())
    citation: Citation = doc("Where the practices are asked for.")
    provenance: Provenance = doc("text, secondary or unknown.")


@frozen(kw_only=True)
class CaseCall:
    """One collection call (征集通知): who submits what, about which clusters, to whom, by when."""

    id: str = doc("Stable id, e.g. cases-2024.", validator=check_id)
    year: int = doc("Year of the collection (年度).")
    title_zh: str = doc("Title (Chinese).", validator=non_empty)
    title_en: str = doc("Title (English).", validator=non_empty)
    issued_by_zh: str = doc("Issuing authority (Chinese).", validator=non_empty)
    issued_by_en: str = doc("Issuing authority (English).", validator=non_empty)
    issued: Date | None = doc("Date of the notice.", default=None)
    relays: str | None = doc("The call this one relays (转发), described (Chinese), if any.", default=None)
    scope: CallScope = doc("Which clusters a case may be about.")
    route: CallRoute = doc("Who submits cases, to whom.")
    deadline: Deadline = doc("When submissions are due.")
    category_rule: CategoryRule | None = doc("How the categories bind; unset: a case outside them is admissible (nothing says otherwise).", default=None)
    documents: tuple[RequiredDocument, ...] = doc("Documents required.", default=(), validator=_unique_ids)
    content_rules: tuple[ContentRule, ...] = doc("Rules on the materials (content, electronic copies).", default=(), validator=_unique_ids)
    practices: PracticeCall | None = doc("Whether and from whom the authority's own practices are collected.", default=None)
    unlimited_cases: bool | None = doc("The call says the number of cases is not limited (案例报送数量不限).", default=None)
    citation: Citation = doc("Where the call is written.")
    provenance: Provenance = doc("text, secondary or unknown.")
    inherited: bool | None = inherited_field()
    interpretation: Interpretation | None = interpretation_field()

    def title(self, lang: str) -> str:
        return self.title_zh if lang == "zh" else self.title_en


# --- a regime's case rules ----------------------------------------------------------------------


def categories(regime) -> list[CaseCategory]:
    """The case categories in force in a regime, in order."""
    return [r.rule for r in regime.case_categories]


def calls(regime) -> list[CaseCall]:
    """The collection calls in force in a regime."""
    return [r.rule for r in regime.case_calls]
