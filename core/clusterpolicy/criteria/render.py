"""Plain-text rendering of assessments and comparisons (words from :mod:`clusterpolicy.glossary`)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from ..glossary import TERMS, term
from ..numbers import fmt
from ..text import cut, table
from .results import Assessment, Comparison, Finding, Margin, Overall, Status, rests_on


def _by_lang(group: str, enum_cls) -> dict[str, dict]:
    return {lang: {m: term(group, m.value, lang) for m in enum_cls} for lang in ("zh", "en")}


#: Labels of a finding's and a regime's outcome (from :mod:`clusterpolicy.glossary`).
STATUS_LABEL = _by_lang("status", Status)
OVERALL_LABEL = _by_lang("overall", Overall)

_KEYS = ("rule", "status", "required", "measured", "details", "not_applied", "source", "missing", "warnings", "result", "as_of", "regime", "level", "parent", "sources")
WORDS = {
    lang: {
        **{k: term("word", k, lang) for k in _KEYS},
        "detail": term("word", "details", lang),
        "removed": term("word", "removed_by", lang),
        "absent": term("requirement", "absent", lang),
        "rules": "指标数(原文/转载/未知)" if lang == "zh" else "CRITERIA (text/secondary/unknown)",
        "inferred": "含解读" if lang == "zh" else "INFERRED",
        "declarable": "可声明(未编码)" if lang == "zh" else "DECLARABLE",
        "taken_over": "原样承继" if lang == "zh" else "TAKEN OVER",
        "differs": (
            "Δ = 结论或要求不同;± = 仅部分制度有此指标。结论或要求不同、仅部分制度有、有制度未满足或缺数据、被删除及不承继的指标:"
            if lang == "zh"
            else "Δ = status or requirement differs; ± = the criterion exists in some regimes only. Rows whose status or "
            "requirement differs, criteria only some regimes have, criteria a regime finds not met or cannot decide, "
            "removals and rules not inherited:"
        ),
        "not_inherited_head": "不承继的上级指标(上级本级或程序性规定)" if lang == "zh" else "Parent's criteria not inherited (its own level or procedure)",
        "not_inherited": "不承继({origin} 的本级规定)" if lang == "zh" else "not inherited ({origin}'s own rule)",
        "interpretations": "解读(原文未明确,由规则作者推定)" if lang == "zh" else "Interpretations (the source does not say; the rule's author inferred)",
        "why_incomplete": (
            "{regime} 不完整:{n} 项指标未编码(无可靠来源,须人工核对):{rules}"
            if lang == "zh"
            else "{regime} is incomplete: {n} criteria are not encoded (no source states them; check them by hand): {rules}"
        ),
    }
    for lang in ("zh", "en")
}
assert set(TERMS["status"]) == {s.value for s in Status} and set(TERMS["overall"]) == {o.value for o in Overall}


def assessment_text(a: Assessment, lang: str) -> str:
    w = WORDS[lang]
    name = a.regime_zh if lang == "zh" else a.regime_en
    head = f"{name} [{a.regime}] — {a.cluster} ({w['as_of']} {a.as_of.isoformat()})"
    rows = [
        [STATUS_LABEL[lang][f.status], f.rule, requirement(f, lang), measured(f, lang=lang), margin_text(f.margin, lang, short=True), _cite(f, lang)]
        for f in a.findings
    ]
    heads = [w["status"], w["rule"], w["required"], w["measured"], term("margin", "margin", lang), w["source"]]
    out = [head, "", table(heads, rows), "", *closest(a, lang)]
    details = [f for f in a.findings if f.status not in (Status.PASS, Status.NOT_APPLICABLE)]
    if details:
        out.append(f"{w['details']}:")
        out += [f"  {f.rule} — {f.title(lang)}: {f.reason(lang)}" for f in details]
        out.append("")
    inferred = [f for f in a.findings if f.interpretation is not None or any(x.interpretation for x in f.amendments)]
    if inferred:
        out.append(f"{w['interpretations']}:")
        out += [f"  {f.rule} — {note}" for f in inferred for note in interpretation_notes(f, lang)]
        out.append("")
    if a.removed:
        out.append(f"{w['not_applied']}:")
        out += [f"  {o.rule} — {o.reason(lang)} [{removal_cite(o, lang)}]" for o in a.removed]
        out.append("")
    if a.not_inherited:
        out.append(f"{w['not_inherited_head']}:")
        out += [f"  {x.rule} — {x.title_zh if lang == 'zh' else x.title_en} [{removal_cite(x, lang)} · {x.origin}]" for x in a.not_inherited]
        out.append("")
    out.append(f"{w['result']}: {verdict_text(a, lang)}")
    if a.missing:
        out.append(f"{w['missing']}: " + ", ".join(a.missing))
    if a.warnings:
        out.append(f"{w['warnings']}:")
        out += [f"  - {n.text(lang)}" for n in a.warnings]
    return "\n".join(out)


def margin_text(m: Margin | None, lang: str, short: bool = False, finding: Finding | None = None) -> str:
    """A margin in words — ``passes by 2.5亿元 (6.25% of the threshold)`` — or, ``short``, signed:
    ``+2.5亿元`` / ``−4.1亿元`` (``≈`` where the amount is rounded, ``±0`` exactly at the threshold;
    percentage points as 个百分点 in Chinese). Empty for no margin. With the
    ``finding``, an any_of's deciding alternative is named by its title."""
    if m is None:
        return ""
    if short:
        unit = "个百分点" if m.unit == "pp" and lang == "zh" else m.unit
        sign = "±" if m.exact and m.amount == 0 else "+" if m.passes else "−"  # at the threshold itself: no side
        return f"{sign}{'' if m.exact else '≈'}{fmt(m.amount)}{unit}"
    zh = lang == "zh"
    unit = term("margin", "pp", lang) if m.unit == "pp" else m.unit
    text = f"{term('margin', 'passes_by' if m.passes else 'fails_by', lang)} {'' if m.exact else term('margin', 'about', lang)}{fmt(m.amount)}{unit}"
    if m.relative is not None:
        of = term("margin", "of_threshold", lang)
        share = "<0.01" if m.relative == 0 and m.amount != 0 else fmt(m.relative)  # 0.001% is not "0%"
        text += f"({of} {share}%)" if zh else f" ({share}% {of})"
    if m.at is not None:
        at = next((p.title(lang) for p in finding.parts if p.rule == m.at), m.at) if finding is not None else m.at
        text += (f",{at} 年" if at.isdigit() else f",{at}") if zh else f", at {at}"
    return text


def closest(a: Assessment, lang: str) -> list[str]:
    """The assessment's fragile passes and nearest misses, one line each, with their margins."""
    out = []
    for key, rules in (("fragile", a.fragile), ("nearest_misses", a.nearest_misses)):
        if rules:
            out.append(f"{term('margin', key, lang)}:")
            out += [f"  {r} — {a.finding(r).title(lang)}: {margin_text(a.finding(r).margin, lang, finding=a.finding(r))}" for r in rules]
    return out + [""] if out else []


def verdict_text(a: Assessment, lang: str) -> str:
    """The verdict word, with what it rests on (claimed waivers, declarations)."""
    return rests_on_text(a.status, *rests_on(a), lang)


def rests_on_text(status: Overall, waived: Sequence[str], declared: Sequence[str], lang: str) -> str:
    """A verdict word with what it rests on, as :func:`verdict_text` writes it (what-if uses it too)."""
    verdict = OVERALL_LABEL[lang][status]
    zh = lang == "zh"
    if waived:
        ids = ", ".join(waived)
        verdict += f"(以豁免为前提:{ids};是否适用由主管部门认定)" if zh else f" (rests on a claimed waiver: {ids}; whether it applies is the authority's call)"
    if declared:
        ids = ", ".join(declared)
        n = len(declared)
        verdict += f"(依据 {n} 项声明的指标:{ids})" if zh else f" (on {n} declared indicator{'s' if n > 1 else ''}: {ids})"
    return verdict


def interpretation_notes(f: Finding, lang: str) -> list[str]:
    """The interpretations a finding rests on: the rule's own and its amendments'."""
    word = term("word", "interpretation", lang)
    notes = [f"{word}: {f.interpretation.note(lang)}"] if f.interpretation else []
    notes += [f"{word} ({x.by}): {x.interpretation.note(lang)}" for x in f.amendments if x.interpretation]
    return notes


def removal_cite(o, lang: str) -> str:
    """A removal's (or a rule not inherited's) citation and provenance."""
    prov = f" · {term('provenance', o.provenance.value, lang)}" if getattr(o, "provenance", None) else ""
    return f"{o.citation.render(lang)}{prov}"


def requirement(f: Finding, lang: str = "en") -> str:
    """Short form of what a criterion requires, e.g. ``≥ 40亿元``."""
    if f.kind == "in_set":
        return f"= {f.threshold}"
    if f.kind == "rank" and f.threshold is not None:
        return f"≥ {term('level', str(f.threshold), lang)}"
    if f.kind == "any_of" and f.parts:
        sep = ":" if lang == "zh" else ": "
        return term("requirement", "any_of", lang) + sep + " | ".join(requirement(p, lang) or "—" for p in f.parts)
    if f.op is None or f.threshold is None:
        return term("requirement", f.kind, lang) if f.kind in TERMS["requirement"] else ""
    value = f.threshold if isinstance(f.threshold, str) else fmt(f.threshold)
    return f"{f.op.symbol} {value}{f.unit}" + (term("requirement", "per_year", lang) if f.kind == "growth" else "")


def measured(f: Finding, limit: int = 36, lang: str = "en") -> str:
    """Short form of the measured values, cut to ``limit`` display columns."""
    values = {m.label: m.value for m in f.measured}
    if f.kind == "share" and "ratio" in values:
        text = f"{fmt(values['ratio'])}{f.unit}"
    elif f.kind == "growth" and "rate" in values:
        text = f"{fmt(values['rate'])}%" + term("requirement", "per_year", lang).strip()
    elif f.kind == "threshold" and isinstance(total := values["sum"] if "sum" in values else f.measured[0].value if len(f.measured) == 1 else None, Decimal):
        text = f"{fmt(total)}{f.unit}"  # a sum of fields, or the one field, in the rule's unit
    elif f.kind == "rank":
        text = "; ".join(term("rank", m.value, lang) if m.value in TERMS["rank"] else _show(m.value, lang) for m in f.measured)
    elif f.kind == "any_of":
        text = " | ".join(measured(p, limit, lang) or "—" for p in f.parts)
    elif f.kind == "each_year":
        text = "; ".join(f"{m.label}: {_show(m.value, lang)}" for m in f.measured)
    else:
        text = "; ".join(_show(m.value, lang) for m in f.measured)
    return cut(text, limit)


def _show(v: object, lang: str = "en") -> str:
    if v is None:
        return "—"
    if isinstance(v, bool):
        return term("requirement", "yes" if v else "no", lang) if lang == "zh" else str(v).lower()
    return v if isinstance(v, str) else fmt(v)  # type: ignore[arg-type]


def comparison_text(c: Comparison, lang: str) -> str:
    w = WORDS[lang]
    headers = ["", w["rule"]] + [a.regime for a in c.assessments]
    rows = []
    for row in c.rows:
        mark = "Δ" if set(row.differs) & {"status", "requirement"} else ("±" if "presence" in row.differs else "")
        cells = [_cell(f, lang) for f in c.cells(row)]
        rows.append([mark, row.rule, *cells])
    rows.append(["", w["result"], *(OVERALL_LABEL[lang][a.status] + ("*" if any(rests_on(a)) else "") for a in c.assessments)])
    out = [f"{c.cluster} ({w['as_of']} {c.as_of.isoformat()})", "", table(headers, rows), *incomplete_reasons(c, lang), ""]
    for a in c.assessments:
        if a.fragile or a.nearest_misses:
            out += [f"{a.regime} — {line.strip()}" if not line.startswith("  ") else line for line in closest(a, lang)[:-1]]
    if any(a.fragile or a.nearest_misses for a in c.assessments):
        out.append("")
    for a in c.assessments:
        if any(rests_on(a)):
            out.append(f"* {a.regime}: {verdict_text(a, lang)}")
    if any(any(rests_on(a)) for a in c.assessments):
        out.append("")
    out.append(w["differs"])
    for row in c.rows:
        removals = [next((o for o in a.removed if o.rule == row.rule), None) for a in c.assessments]
        barred = [next((x for x in a.not_inherited if x.rule == row.rule), None) for a in c.assessments]
        cells = c.cells(row)
        if not (set(row.differs) & _SHOWN or any(removals) or any(barred) or any(f is not None and f.status in _NOT_MET for f in cells)):
            continue
        out.append("")
        mark = "Δ " if set(row.differs) & {"status", "requirement"} else "± " if "presence" in row.differs or any(removals) or any(barred) else ""
        out.append(f"{mark}{row.rule} — {row.title_zh if lang == 'zh' else row.title_en}")
        for a, f, removal, x in zip(c.assessments, cells, removals, barred):
            if f is None and removal is not None:
                out.append(f"  {a.regime}: {w['removed']} {removal.by} — {removal.reason(lang)} [{removal_cite(removal, lang)}]")
            elif f is None and x is not None:
                out.append(f"  {a.regime}: {w['not_inherited'].format(origin=x.origin)} [{removal_cite(x, lang)}]")
            elif f is None:
                out.append(f"  {a.regime}: {w['absent']}")
            else:
                out.append(f"  {a.regime}: {STATUS_LABEL[lang][f.status]} — {f.reason(lang)} [{_cite(f, lang)}]")
    for a in c.assessments:
        if a.missing:
            out.append("")
            out.append(f"{a.regime} — {w['missing']}: " + ", ".join(a.missing))
    return "\n".join(out + _comparison_notes(c, lang))


#: A comparison's details list the rows that differ in these, whatever their statuses …
_SHOWN = frozenset({"status", "requirement", "presence"})
#: … and the rows some regime does not find met (the reason and the article that decide it are wanted most).
_NOT_MET = frozenset({Status.FAIL, Status.SOFT_FAIL, Status.UNKNOWN, Status.WAIVED, Status.DECLARED_NOT_MET})

#: Notes a comparison's text says elsewhere already (the * lines, the not-encoded line).
_SAID = frozenset({"rests_on_declarations", "rests_on_waiver", "not_encoded"})


def _comparison_notes(c: Comparison, lang: str) -> list[str]:
    """Each regime's notes (figures left out, incidents for the authority, provisions …) and the
    interpretations the findings rest on — once per rule and reading, naming the regimes."""
    w = WORDS[lang]
    readings: dict[tuple[str, str], list[str]] = {}
    for a in c.assessments:
        for f in a.findings:
            if f.interpretation is not None or any(x.interpretation for x in f.amendments):
                for note in interpretation_notes(f, lang):
                    readings.setdefault((f.rule, note), []).append(a.regime)
    notes = [f"  {a.regime} — {n.text(lang)}" for a in c.assessments for n in a.warnings if n.code not in _SAID]
    out = ["", f"{w['warnings']}:", *notes] if notes else []
    if readings:
        out += ["", f"{w['interpretations']}:"] + [f"  {rule} ({', '.join(regimes)}) — {note}" for (rule, note), regimes in readings.items()]
    return out


def _cell(f: Finding | None, lang: str) -> str:
    if f is None:
        return WORDS[lang]["absent"]
    label = STATUS_LABEL[lang][f.status]
    if f.threshold is not None and f.op is not None and f.kind != "rank":
        label += f" ({f.op.symbol}{fmt(f.threshold) if not isinstance(f.threshold, str) else f.threshold}{f.unit})"
    return f"{label} {margin_text(f.margin, lang, short=True)}" if f.margin is not None else label


def _cite(f: Finding, lang: str = "en") -> str:
    """Where the rule is written, how sure we are, whose rule it is: ``工信部… 一 · secondary · inherited
    from national``; the parts an amendment changed carry their own citation; an interpretation is flagged."""
    if f.citation is None:
        return ""
    out = f"{f.citation.render(lang)} · {term('provenance', f.provenance.value, lang) if f.provenance else ''}"
    if f.inherited_from:
        out += f" · {term('word', 'inherited_from', lang)} {f.inherited_from}"
    for x in f.amendments:
        out += f"; {', '.join(x.paths)}: {x.citation.render(lang)} · {term('provenance', x.provenance.value, lang)} ({x.by})"
    if f.interpretation is not None or any(x.interpretation for x in f.amendments):
        out += f" · {term('word', 'interpretation', lang)}"
    return out


def incomplete_reasons(c: Comparison, lang: str) -> list[str]:
    """One line per regime that is incomplete because criteria are not encoded (e.g. national 三–八)."""
    out = []
    for a in c.assessments:
        if a.status is not Overall.INCOMPLETE:
            continue
        rules = [f.rule for f in a.findings if f.status is Status.NOT_ENCODED]
        if rules:
            out.append(WORDS[lang]["why_incomplete"].format(regime=a.regime, n=len(rules), rules=", ".join(rules)))
    return out


def describe(criterion, lang: str) -> str:
    """What a criterion requires, in words, without a profile (the rule pages and ``GET /api/regimes/{r}/rules``)."""
    text = describe_check(criterion.check, lang)
    if criterion.soft:
        text = ("一般:" if lang == "zh" else "as a rule (一般): ") + text
    if criterion.waiver is not None:
        text += (f";豁免:{criterion.waiver.note_zh}" if lang == "zh" else f"; waived: {criterion.waiver.note_en}")
    return text


def describe_check(check, lang: str) -> str:
    """One check in words, e.g. ``近3年每年 total_output ≥ 40亿元``."""
    zh = lang == "zh"
    kind = check.KIND

    def req(op, value, unit="") -> str:
        return f"{op.symbol} {fmt(value)}{unit}"

    if kind == "threshold":
        return f"{' + '.join(check.fields)} {req(check.op, check.value, check.unit)}"
    if kind == "each_year":
        return (f"近{check.years}年每年 {check.field} {req(check.op, check.value, check.unit)}" if zh
                else f"{check.field} {req(check.op, check.value, check.unit)} in each of the last {check.years} years")  # fmt: skip
    if kind == "share":
        per = "" if check.per == 100 else (f" × {fmt(check.per)}")
        return f"{check.numerator} / {check.denominator}{per} {req(check.op, check.value, check.unit)}"
    if kind == "growth":
        return (f"近{check.years}年 {check.field} 年均增长 {req(check.op, check.value, '%')}" if zh
                else f"average annual growth of {check.field} over {check.years} years {req(check.op, check.value, '%')}")  # fmt: skip
    if kind == "attestation":
        return f"attestations.{check.key} = true" + ("(申报方确认)" if zh else " (attested by the applicant)")
    if kind == "rank":
        if check.at_least.value == "own_level":
            return f"{check.field} ≥ 本制度层级(国家级:全国;省级:全省)" if zh else f"{check.field} ≥ the regime's own level (national: national; provincial: provincial)"
        return f"{check.field} ≥ {check.at_least.value}"
    if kind == "in_set":
        return f"{check.field} ∈ {{{', '.join(check.values)}}}"
    if kind == "negative_list":
        bars = "; ".join(
            ("、" if zh else ", ").join(term("incident_kind", k.value, lang) for k in b.kinds)
            + (f"({term('incident_grade', b.min_grade.value, lang)}及以上)" if zh and b.min_grade else f" ({b.min_grade.value} or worse)" if b.min_grade else "")
            for b in check.bars
        )
        return f"近{check.window_years}年无:{bars}" if zh else f"none within {check.window_years} years: {bars}"
    if kind == "prerequisite":
        exempt = ""
        if check.exempt_when is not None:
            w = check.exempt_when
            exempt = f"({w.field} = {_literal(w.equals)} 时不要求)" if zh else f" (not required when {w.field} = {_literal(w.equals)})"
        return f"{check.field} = true{exempt}"
    if kind in ("not_encoded", "provision"):
        return check.note_zh if zh else check.note_en
    if kind == "any_of":
        labels = check.labels_zh if zh else check.labels_en
        parts = [labels[i] if i < len(labels) and labels[i] else describe_check(o, lang) for i, o in enumerate(check.options)]
        head = (f"满足其中 {check.need} 项:" if zh else f"at least {check.need} of: ") if check.need > 1 else (term("requirement", "any_of", lang) + (":" if zh else ": "))
        return head + (";" if zh else "; ").join(parts)
    if kind == "conditional":
        w = check.when
        return (f"当 {w.field} = {_literal(w.equals)} 时:" if zh else f"when {w.field} = {_literal(w.equals)}: ") + describe_check(check.then, lang)
    return kind


def _literal(value: object) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def comparison_sheets(c: Comparison, lang: str) -> list[tuple[str, list[str], list[list[object]]]]:
    """The comparison as spreadsheet tables (the page's CSV and XLSX downloads): criterion rows with,
    per regime, status, requirement, margin (in words, as :func:`margin_text` writes it), reason,
    citation and provenance; then a sheet of verdicts."""
    zh = lang == "zh"
    w = WORDS[lang]
    reason_word, name_word = ("理由", "指标名称") if zh else ("Reason", "Title")
    headers = ["", w["rule"], name_word]
    for a in c.assessments:
        headers += [f"{a.regime} {h}" for h in (w["status"], w["required"], term("margin", "margin", lang), reason_word, w["source"],
                                                   term("word", "provenance", lang))]  # fmt: skip
    rows: list[list[object]] = []
    for row in c.rows:
        mark = "Δ" if set(row.differs) & {"status", "requirement"} else ("±" if "presence" in row.differs else "")
        line: list[object] = [mark, row.rule, row.title_zh if zh else row.title_en]
        for a, f in zip(c.assessments, c.cells(row)):
            removal = next((o for o in a.removed if o.rule == row.rule), None)
            barred = next((x for x in a.not_inherited if x.rule == row.rule), None)
            if f is not None:
                line += [STATUS_LABEL[lang][f.status], requirement(f, lang), margin_text(f.margin, lang, finding=f), f.reason(lang),
                         _cite(f, lang).split(" · ")[0] if f.citation else "", _cite(f, lang).partition(" · ")[2]]  # fmt: skip
            elif removal is not None:
                line += [w["absent"], "", "", f"{w['removed']} {removal.by} — {removal.reason(lang)}", removal.citation.render(lang),
                         term("provenance", removal.provenance.value, lang) if removal.provenance else ""]  # fmt: skip
            elif barred is not None:
                line += [w["absent"], "", "", w["not_inherited"].format(origin=barred.origin), barred.citation.render(lang),
                         term("provenance", barred.provenance.value, lang) if barred.provenance else ""]  # fmt: skip
            else:
                line += [w["absent"], "", "", "", "", ""]
        rows.append(line)
    rows.append(["", w["result"], "", *(x for a in c.assessments for x in (verdict_text(a, lang), "", "", "", "", ""))])
    verdicts = [
        [
            a.regime,
            a.regime_zh if zh else a.regime_en,
            OVERALL_LABEL[lang][a.status],
            sum(1 for f in a.findings if f.status is Status.FAIL),
            ", ".join(a.missing),
            "\n".join(n.text(lang) for n in a.warnings),
            c.as_of,
        ]
        for a in c.assessments
    ]
    verdict_headers = (
        ["制度", "名称", "结论", "不满足项数", "缺少的输入", "提示", "评估日期"]
        if zh
        else ["Regime", "Name", "Result", "Failed", "Missing inputs", "Notes", "As of"]
    )
    return [("对照" if zh else "Comparison", headers, rows), ("结论" if zh else "Verdicts", verdict_headers, verdicts)]
