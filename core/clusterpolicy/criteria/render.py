"""Plain-text rendering: aligned tables that respect the width of Chinese characters."""

from __future__ import annotations

from ..numbers import fmt
from ..text import cut, table
from .results import Assessment, Comparison, Finding, Overall, Status

STATUS_LABEL = {
    "en": {
        Status.PASS: "pass",
        Status.FAIL: "FAIL",
        Status.SOFT_FAIL: "soft fail",
        Status.UNKNOWN: "unknown",
        Status.WAIVED: "waived",
        Status.NOT_ENCODED: "not encoded",
        Status.NOT_APPLICABLE: "n/a",
    },
    "zh": {
        Status.PASS: "满足",
        Status.FAIL: "不满足",
        Status.SOFT_FAIL: "超出一般限值",
        Status.UNKNOWN: "缺数据",
        Status.WAIVED: "豁免",
        Status.NOT_ENCODED: "未编码",
        Status.NOT_APPLICABLE: "不适用",
    },
}


OVERALL_LABEL = {
    "en": {Overall.ELIGIBLE: "ELIGIBLE", Overall.INELIGIBLE: "INELIGIBLE", Overall.INCOMPLETE: "INCOMPLETE"},
    "zh": {Overall.ELIGIBLE: "符合", Overall.INELIGIBLE: "不符合", Overall.INCOMPLETE: "不完整(不能判定)"},
}


WORDS = {
    "en": {
        "rule": "RULE", "status": "STATUS", "required": "REQUIRED", "measured": "MEASURED", "details": "Why", "not_applied": "Parent's criteria not applied", "detail": "DETAIL", "source": "SOURCE", "missing": "Missing inputs",
        "warnings": "Notes", "result": "Result", "as_of": "as of", "differs": "Δ = status or requirement differs; ± = the criterion exists in some regimes only. Rows whose status differs, and removals:",
        "absent": "—", "regime": "REGIME", "level": "LEVEL", "parent": "PARENT", "rules": "CRITERIA (text/secondary/unknown)",
        "sources": "SOURCES", "removed": "not applied, removed by",
    },
    "zh": {
        "rule": "指标", "status": "结论", "required": "要求", "measured": "实际", "details": "说明", "not_applied": "不适用的上级指标", "detail": "说明", "source": "依据", "missing": "缺少的输入",
        "warnings": "提示", "result": "结论", "as_of": "评估日期", "differs": "Δ = 结论或要求不同;± = 仅部分制度有此指标。结论不同及被删除的指标:",
        "absent": "—", "regime": "制度", "level": "层级", "parent": "上级", "rules": "指标数(原文/转载/未知)",
        "sources": "依据文件", "removed": "不适用,删除方:",
    },
}


def assessment_text(a: Assessment, lang: str) -> str:
    w = WORDS[lang]
    name = a.regime_zh if lang == "zh" else a.regime_en
    head = f"{name} [{a.regime}] — {a.cluster} ({w['as_of']} {a.as_of.isoformat()})"
    rows = [
        [STATUS_LABEL[lang][f.status], f.rule, requirement(f), measured(f), _cite(f)]
        for f in a.findings
    ]
    out = [head, "", table([w["status"], w["rule"], w["required"], w["measured"], w["source"]], rows), ""]
    details = [f for f in a.findings if f.status not in (Status.PASS, Status.NOT_APPLICABLE)]
    if details:
        out.append(f"{w['details']}:")
        out += [f"  {f.rule} — {f.title(lang)}: {f.reason(lang)}" for f in details]
        out.append("")
    if a.removed:
        out.append(f"{w['not_applied']}:")
        out += [f"  {o.rule} — {o.reason(lang)} [{o.citation.render()}]" for o in a.removed]
        out.append("")
    out.append(f"{w['result']}: {OVERALL_LABEL[lang][a.status]}")
    if a.missing:
        out.append(f"{w['missing']}: " + ", ".join(a.missing))
    if a.warnings:
        out.append(f"{w['warnings']}:")
        out += [f"  - {n.text(lang)}" for n in a.warnings]
    return "\n".join(out)


def requirement(f: Finding) -> str:
    """Short form of what a criterion requires, e.g. ``≥ 40亿元``."""
    if f.kind == "in_set":
        return f"= {f.threshold}"
    if f.op is None or f.threshold is None:
        return {"attestation": "✓", "prerequisite": "true", "any_of": "any of", "negative_list": "none"}.get(f.kind, "")
    value = f.threshold if isinstance(f.threshold, str) else fmt(f.threshold)
    return f"{f.op.symbol} {value}{f.unit}" + (" /yr" if f.kind == "growth" else "")


def measured(f: Finding, limit: int = 36) -> str:
    """Short form of the measured values, cut to ``limit`` display columns."""
    values = {m.label: m.value for m in f.measured}
    if f.kind == "share" and "ratio" in values:
        text = f"{fmt(values['ratio'])}{f.unit}"
    elif f.kind == "growth" and "rate" in values:
        text = f"{fmt(values['rate'])}%/yr"
    elif f.kind == "threshold" and "sum" in values:
        text = f"{fmt(values['sum'])}{f.unit}"
    elif f.kind == "any_of":
        text = " | ".join(measured(p, limit) or "—" for p in f.parts)
    elif f.kind == "each_year":
        text = "; ".join(f"{m.label}: {_show(m.value)}" for m in f.measured)
    else:
        text = "; ".join(_show(m.value) for m in f.measured)
    return cut(text, limit)


def _show(v: object) -> str:
    if v is None:
        return "—"
    if isinstance(v, bool):
        return str(v).lower()
    return v if isinstance(v, str) else fmt(v)  # type: ignore[arg-type]


def comparison_text(c: Comparison, lang: str) -> str:
    w = WORDS[lang]
    headers = ["", w["rule"]] + [a.regime for a in c.assessments]
    rows = []
    for row in c.rows:
        mark = "Δ" if set(row.differs) & {"status", "requirement"} else ("±" if "presence" in row.differs else "")
        cells = [_cell(f, lang) for f in row.cells]
        rows.append([mark, row.rule, *cells])
    rows.append(["", w["result"], *(OVERALL_LABEL[lang][a.status] for a in c.assessments)])
    out = [f"{c.cluster} ({w['as_of']} {c.as_of.isoformat()})", "", table(headers, rows), "", w["differs"]]
    for row in c.rows:
        removals = [next((o for o in a.removed if o.rule == row.rule), None) for a in c.assessments]
        if "status" not in row.differs and not any(removals):
            continue
        out.append("")
        mark = "Δ" if "status" in row.differs else "±"
        out.append(f"{mark} {row.rule} — {row.title_zh if lang == 'zh' else row.title_en}")
        for a, f, removal in zip(c.assessments, row.cells, removals):
            if f is None and removal is not None:
                out.append(f"  {a.regime}: {w['removed']} {removal.by} — {removal.reason(lang)} [{removal.citation.render()}]")
            elif f is None:
                out.append(f"  {a.regime}: {w['absent']}")
            else:
                out.append(f"  {a.regime}: {STATUS_LABEL[lang][f.status]} — {f.reason(lang)} [{_cite(f)}]")
    for a in c.assessments:
        if a.missing:
            out.append("")
            out.append(f"{a.regime} — {w['missing']}: " + ", ".join(a.missing))
    return "\n".join(out)


def _cell(f: Finding | None, lang: str) -> str:
    if f is None:
        return WORDS[lang]["absent"]
    label = STATUS_LABEL[lang][f.status]
    if f.threshold is not None and f.op is not None and f.kind != "rank":
        label += f" ({f.op.symbol}{fmt(f.threshold) if not isinstance(f.threshold, str) else f.threshold}{f.unit})"
    return label


def _cite(f: Finding) -> str:
    if f.citation is None:
        return ""
    return f"{f.citation.render()} · {f.provenance.value if f.provenance else ''}"
