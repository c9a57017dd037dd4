"""The one glossary: every term clusterpolicy shows, in Chinese and English.

Every renderer reads its words from here — criteria, lifecycle and typical-case text output, the
spreadsheets, and the web page (served as ``GET /api/glossary``) — so a status, a provenance level
or a verdict is called the same everywhere (``incomplete`` is 不完整(不能判定) in a table, a
banner and a spreadsheet alike). A root module: it imports nothing of clusterpolicy, so every
family can use it without an import circle.
"""

from __future__ import annotations

#: group → value → (zh, en). Values are the enum values of the JSON contract.
TERMS: dict[str, dict[str, tuple[str, str]]] = {
    # a criterion's finding (criteria.results.Status)
    "status": {
        "pass": ("满足", "pass"),
        "fail": ("不满足", "FAIL"),
        "soft_fail": ("超出一般限值", "soft fail"),
        "unknown": ("缺数据", "unknown"),
        "waived": ("豁免", "waived"),
        "not_encoded": ("未编码", "not encoded"),
        "not_applicable": ("不适用", "n/a"),
        "declared_met": ("声明满足", "declared met"),
        "declared_not_met": ("声明不满足", "DECLARED NOT MET"),
        "noted": ("提示", "noted"),
    },
    # a regime's verdict (criteria.results.Overall)
    "overall": {
        "eligible": ("符合", "ELIGIBLE"),
        "ineligible": ("不符合", "INELIGIBLE"),
        "incomplete": ("不完整(不能判定)", "INCOMPLETE"),
    },
    # how sure we are of a rule (model.Provenance)
    "provenance": {
        "text": ("原文", "text"),
        "secondary": ("公开转载", "secondary"),
        "unknown": ("无来源", "unknown"),
    },
    # what a provenance level means, for legends
    "provenance_meaning": {
        "text": ("依据文件原文在手", "the source text is at hand"),
        "secondary": ("依据公开转载,原文未在手", "known from public reposts of the document"),
        "unknown": ("无可靠来源,未编码", "no source found: not encoded"),
    },
    # short forms in the requirement column
    "requirement": {
        "negative_list": ("无负面情形", "none"),
        "prerequisite": ("须具备", "required"),
        "attestation": ("✓", "✓"),
        "any_of": ("任一项", "any of"),
        "per_year": ("/年", " /yr"),
        "yes": ("是", "yes"),
        "no": ("否", "no"),
        "absent": ("—", "—"),
    },
    # a rule family (regimes.families.FAMILIES), as diffs and listings name it
    "family": {
        "criteria": ("认定标准", "criteria"),
        "timelines": ("程序与期限", "timelines"),
        "revocation_grounds": ("撤销情形", "revocation grounds"),
        "case_categories": ("典型案例类别", "case categories"),
        "case_calls": ("案例征集", "case calls"),
    },
    # a timeline item (lifecycle.results.ItemStatus)
    "item": {
        "done": ("已完成", "done"),
        "done_late": ("逾期完成", "done LATE"),
        "due_soon": ("即将到期", "DUE SOON"),
        "upcoming": ("未到期", "upcoming"),
        "overdue": ("已逾期", "OVERDUE"),
        "open": ("待办(无期限)", "open"),
        "past": ("已过", "past"),
        "unknown": ("日期未知", "unknown"),
        "not_encoded": ("未编码", "not encoded"),
        "not_started": ("未开始", "not started"),
        "running": ("进行中", "running"),
        "ended": ("已结束", "ended"),
    },
    # where a validity term comes from
    "term_source": {"batch": ("批次", "batch"), "rule": ("规则", "rule"), "record": ("记录", "record")},
    # a revocation ground (lifecycle.results.GroundStatus)
    "ground": {
        "found": ("已出现", "FOUND"),
        "not_found": ("未出现", "not found"),
        "needs_review": ("待主管部门认定", "for the authority"),
        "unknown": ("缺数据", "unknown"),
        "not_encoded": ("未编码", "not encoded"),
    },
    # a recognised cluster's state (lifecycle.results.State)
    "state": {
        "not_yet_valid": ("尚未生效", "NOT YET VALID"),
        "active": ("有效", "ACTIVE"),
        "in_review": ("复核中", "IN REVIEW"),
        "awaiting_review": ("待复核", "AWAITING REVIEW"),
        "expired": ("已届满", "EXPIRED"),
        "revocation_grounds_found": ("已出现撤销情形", "REVOCATION GROUNDS FOUND"),
        "unknown": ("未知(缺有效期)", "UNKNOWN (validity dates missing)"),
    },
    # a recommendation list against its call (lifecycle.results.QuotaCheck.status)
    "quota": {
        "ok": ("符合", "OK"),
        "pending": ("待报送(未逾期)", "PENDING (not sent, still in time)"),
        "over_quota": ("超过推荐数量", "OVER QUOTA"),
        "late": ("逾期报送", "LATE"),
        "overdue": ("已逾期未报送", "OVERDUE (not sent)"),
        "not_encoded": ("未编码", "NOT ENCODED"),
    },
    # who submits (cases.kinds.AuthorityLevel, lifecycle submitter kinds)
    "authority": {
        "ministry": ("工业和信息化部", "MIIT"),
        "province": ("省、自治区、直辖市", "province"),
        "provincial": ("省级", "provincial"),
        "separately_planned_city": ("计划单列市", "separately planned city"),
        "xpcc": ("新疆生产建设兵团", "XPCC"),
        "city": ("地级市", "city"),
        "county": ("县级", "county"),
    },
    # incidents (criteria.profile.Incident)
    "incident_kind": {
        "safety_accident": ("安全事故", "safety accident"),
        "quality_accident": ("质量事故", "quality accident"),
        "environmental_accident": ("环境污染事故", "environmental accident"),
        "cyber_security_incident": ("网络安全事件", "cyber security incident"),
        "data_security_incident": ("数据安全事件", "data security incident"),
        "tax_evasion": ("偷税漏税", "tax evasion"),
        "illegal_conduct": ("违法违规", "illegal conduct"),
        "serious_dishonesty": ("严重失信", "serious dishonesty"),
        "other_major_problem": ("其它重大问题", "other major problem"),
    },
    "incident_grade": {
        "general": ("一般", "general"),
        "larger": ("较大", "larger"),
        "major": ("重大", "major"),
        "especially_major": ("特别重大", "especially major"),
    },
    # a typical-case check (cases.results)
    "severity": {"ok": ("符合", "ok"), "note": ("提示", "note"), "unconfirmed": ("待确认", "to confirm"), "problem": ("问题", "PROBLEM")},
    "verdict": {
        "ready": ("可以报送", "READY"),
        "unconfirmed": ("待确认(未发现问题,尚缺确认事项)", "UNCONFIRMED (nothing wrong found; confirmations missing)"),
        "problems": ("存在问题", "PROBLEMS"),
    },
    # a citation whose article the source at hand does not give (model.Citation.item_unknown)
    "citation": {"item_unknown": ("(条款未知)", "(article not known)")},
    # a jurisdiction's level (model.Level)
    # where a cluster ranks in its sub-sector (criteria.kinds.RankLevel)
    "rank": {"none": ("未居前列", "none"), "provincial": ("全省前列", "provincial"), "national": ("全国前列", "national")},
    "level": {"national": ("国家级", "national"), "provincial": ("省级", "provincial"), "city": ("市级", "city"), "county": ("县级", "county")},
    # a numeric finding's distance to its threshold (criteria.results.Margin)
    "margin": {
        "margin": ("余量", "MARGIN"),
        "passes_by": ("高出", "passes by"),
        "fails_by": ("差", "fails by"),
        "pp": ("个百分点", " percentage points"),
        "of_threshold": ("门槛的", "of the threshold"),
        "about": ("约", "about "),
        "fragile": ("临界满足(余量最小)", "Fragile passes (closest to flipping)"),
        "nearest_misses": ("差距最小的未满足项", "Nearest misses"),
    },
    # the pathway to recognition (pathways.results); {names} are filled in by pathways/build and pathways/render
    "pathway": {
        "title": ("认定路径", "Pathway to recognition"),
        "province": ("所在省份", "Province"),
        "province_unknown": ("(未填写省份)", "(province not given)"),
        "ladder": ("认定路径依次为", "The ladder, in order"),
        "step": ("第{n}步", "Step {n}"),
        "no_province": (
            "档案未填写所在省份(province):无法确定省级认定制度。",
            "The profile names no province (province): the provincial rung cannot be matched to a regime.",
        ),
        "not_loaded": (
            "未加载{province}的认定制度:其省级标准无法在此核对(可用 --rules 加载该省的规则文件,启动服务时同样适用)。",
            "No regime of {province} is loaded: its provincial criteria cannot be checked here (load the province's rule file with --rules, also when starting the server).",
        ),
        "not_loaded_unnamed": (
            "档案未填写所在省份(province):无法确定省级认定制度(请填写 province,或指定已加载的省级制度:命令行用 --province,HTTP 接口用查询参数 province=)。",
            "The profile names no province (province): no provincial regime can be matched (give province, or name a loaded provincial regime: --province on the command line, the query parameter province= over HTTP).",
        ),
        "recognised": ("档案称已认定为省级集群(provincial_cluster = true)。", "The profile says the cluster is already a provincial cluster (provincial_cluster = true)."),
        "requires": (
            "前提:{rule} — {title}〔{cite}〕({status}):须先完成第{n}步。",
            "Requires: {rule} — {title} [{cite}] ({status}): the path runs through step {n} first.",
        ),
        "requires_exempt": (
            "前提:{rule} — {title}〔{cite}〕:本档案不要求({reason}),无须先经第{n}步。",
            "Requires: {rule} — {title} [{cite}]: not required for this profile ({reason}), so step {n} is not a precondition.",
        ),
        "gaps": ("尚未满足", "What stands in the way"),
        "nothing": ("无:各项指标均满足。", "Nothing: every criterion is met."),
        "missing": ("仍缺的输入", "Inputs still missing"),
        "declarations": (
            "仍需的声明(未编码指标:对照原文核查后声明)",
            "Declarations still needed (criteria not encoded: check them against the official text, then declare)",
        ),
        "declare": ("须声明 {path}", "needs a declaration: {path}"),
        "projection": ("预测(不是认定结论)", "Projection (not a finding)"),
        "projection_meets": (
            "按集群自身近年年均增速 {formula} = {rate}%({first}–{last}),{field} 将在 {year} 年首次连续 {window} 年{op}{threshold}{unit}({year} 年约 {value}{unit})",
            "at the cluster's own recent average annual growth, {formula} = {rate}% ({first}–{last}), {field} would first be "
            "{op} {threshold}{unit} in each of {window} years in {year} ({year}: about {value}{unit})",
        ),
        "projection_never": (
            "按集群自身近年年均增速 {formula} = {rate}%({first}–{last}),{field} 没有增长:按此速度达不到{op}{threshold}{unit}",
            "at the cluster's own recent average annual growth, {formula} = {rate}% ({first}–{last}), {field} does not grow: "
            "at this rate it never reaches {op} {threshold}{unit}",
        ),
        "projection_beyond": (
            "按集群自身近年年均增速 {formula} = {rate}%({first}–{last}),{field} 在 {horizon} 年内达不到连续 {window} 年{op}{threshold}{unit}",
            "at the cluster's own recent average annual growth, {formula} = {rate}% ({first}–{last}), {field} would not be "
            "{op} {threshold}{unit} in each of {window} years within {horizon} years",
        ),
        "projection_blocked": ("无法预测:{why}", "no projection: {why}"),
        "before_call": (
            "能否赶上 {year} 年度通知(读取截至 {reads_to} 年的数据):{answer}",
            "in time for the {year} call (which reads the years up to {reads_to}): {answer}",
        ),
        "no_projection": ("(不随时间增长的指标,不作预测)", "(not a figure that grows over time: no projection)"),
        "call": ("下一次已知的推荐通知", "Next known call"),
        "call_text": ("{year} 年度:{deadline} 前报送{recipient};报送方及推荐数量:{quotas}", "{year}: by {deadline} to {recipient}; submitted by {quotas}"),
        "over_quota": ("超出数量:{text}", "over quota: {text}"),
        "calls_unknown": (
            "{regime} 未编码任何推荐通知:下一轮认定的时间、报送方和数量未知。",
            "{regime} encodes no recommendation call: when, by whom and with what quota the next round is submitted is not known.",
        ),
        "no_call_after": (
            "{as_of} 之后没有已知的推荐通知(已知最近一次:{year} 年度,{deadline} 截止)。",
            "No call after {as_of} is known (the latest known: {year}, due {deadline}).",
        ),
        "projection_note": (
            "预测不是认定结论:它把集群自身近年的年均增速按不变速度外推,仅供规划参考;认定只依据已报告的数据。",
            "A projection is not a finding: it carries the cluster's own recent average annual growth forward at a constant "
            "rate, for planning only; recognition rests on reported figures alone.",
        ),
    },
    # what-if (criteria.whatif)
    "whatif": {
        "title": ("假设变化", "What if"),
        "changes": ("变化", "Changes"),
        "unchanged": ("不变", "unchanged"),
        "before": ("变化前", "before"),
        "after": ("变化后", "after"),
        "nothing": ("这些变化不改变任何指标的结论。", "Nothing flips: no criterion's status changes."),
    },
    # words shared by several outputs
    "word": {
        "rule": ("指标", "RULE"),
        "criterion": ("指标", "Criterion"),
        "status": ("结论", "STATUS"),
        "required": ("要求", "REQUIRED"),
        "measured": ("实际", "MEASURED"),
        "source": ("依据", "SOURCE"),
        "provenance": ("来源", "PROVENANCE"),
        "result": ("结论", "Result"),
        "as_of": ("评估日期", "as of"),
        "missing": ("缺少的输入", "Missing inputs"),
        "warnings": ("提示", "Notes"),
        "details": ("说明", "Why"),
        "not_applied": ("不适用的上级指标", "Parent's criteria not applied"),
        "removed_by": ("不适用,删除方:", "not applied, removed by"),
        "regime": ("制度", "REGIME"),
        "level": ("层级", "LEVEL"),
        "parent": ("上级", "PARENT"),
        "sources": ("依据文件", "SOURCES"),
        "record": ("记录", "record"),
        "failed": ("项不满足", "failed"),
        "unknown_count": ("项缺数据", "unknown"),
        "not_encoded_count": ("项未编码", "not encoded"),
        "decisive": ("决定性理由", "Decisive reasons"),
        "citation_only": ("仅依据条文不同", "only the citation differs"),
        "inherited_from": ("承继自", "inherited from"),
        "amended_by": ("部分修改:", "amended by"),
        "interpretation": ("解读", "interpretation"),
        "not_inherited": ("不承继", "not inherited"),
        "declared": ("项依据声明", "declared"),
        "inferred": ("项含解读", "inferred"),
        "declarable": ("项可声明", "declarable"),
        "taken_over": ("原样承继", "taken over unchanged"),
    },
}

LANGS = ("zh", "en")


def term(group: str, value: str, lang: str) -> str:
    """The word for ``value`` of ``group`` in ``lang``; an unknown value is shown as itself."""
    pair = TERMS[group].get(value)
    if pair is None:
        return value
    return pair[0] if lang == "zh" else pair[1]


def words(group: str, lang: str) -> dict[str, str]:
    """One group in one language: value → word."""
    return {value: (zh if lang == "zh" else en) for value, (zh, en) in TERMS[group].items()}


def incident(day: str, kind: str, grade: str | None, lang: str) -> str:
    """An incident in a reason: ``2025-03-02 安全事故(较大)`` / ``2025-03-02 safety_accident (larger)``."""
    if lang != "zh":
        return f"{day} {kind}" + (f" ({grade})" if grade else "")
    return f"{day} {term('incident_kind', kind, lang)}" + (f"({term('incident_grade', grade, lang)})" if grade else "")


def document() -> dict[str, dict[str, dict[str, str]]]:
    """The glossary as JSON data: group → value → {"zh": …, "en": …} (``GET /api/glossary``)."""
    return {group: {value: {"zh": zh, "en": en} for value, (zh, en) in items.items()} for group, items in TERMS.items()}
