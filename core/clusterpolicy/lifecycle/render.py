"""Text output of the lifecycle commands: timelines, status with each revocation ground, quota checks."""

from __future__ import annotations

from ..glossary import term, words

ITEM_LABEL = {lang: words("item", lang) for lang in ("zh", "en")}
GROUND_LABEL = {lang: words("ground", lang) for lang in ("zh", "en")}
STATE_LABEL = {lang: words("state", lang) for lang in ("zh", "en")}
QUOTA_LABEL = {lang: words("quota", lang) for lang in ("zh", "en")}


WORDS = {
    "en": {
        "due": "DUE", "status": "STATUS", "done": "DONE", "item": "ITEM", "source": "SOURCE", "who": "WHO",
        "batch": "batch", "as_of": "as of", "validity": "Validity", "extended": "extended", "supply": "The record must supply",
        "notes": "Notes", "state": "State", "ground": "GROUND", "reason": "REASON", "reasons": "Reasons",
        "call": "call", "src": "Source", "ics": "iCalendar written to", "unknown": "unknown", "record": "record",
    },
    "zh": {
        "due": "日期", "status": "状态", "done": "完成日", "item": "事项", "source": "依据", "who": "主体",
        "batch": "批次", "as_of": "评估日期", "validity": "有效期", "extended": "延长", "supply": "记录须补充",
        "notes": "说明", "state": "状态", "ground": "撤销情形", "reason": "理由", "reasons": "理由",
        "call": "推荐通知", "src": "依据", "ics": "已写出 iCalendar 文件", "unknown": "未知", "record": "记录",
    },
}  # fmt: skip


def _cite(citation, provenance, lang: str, item=None) -> str:
    """Where a rule is written and how sure we are; whose rule it is, and whether it rests on an interpretation."""
    if citation is None:
        return f"({term('word', 'record', lang)})"
    out = f"{citation.render(lang)} [{term('provenance', provenance.value, lang)}]" if provenance else citation.render(lang)
    if item is not None and item.inherited_from:
        out += f" · {term('word', 'inherited_from', lang)} {item.inherited_from}"
    if item is not None and item.interpretation is not None:
        out += f" · {term('word', 'interpretation', lang)}"
    return out


def _provenance_notes(things, lang: str) -> list[str]:
    """The interpretation notes of items or grounds, one line each."""
    word = term("word", "interpretation", lang)
    return [f"  {x.id if hasattr(x, 'due') else x.ground}: {word}: {x.interpretation.note(lang)}" for x in things if x.interpretation]


def _removed_lines(removed, lang: str) -> list[str]:
    if not removed:
        return []
    head = "不适用的上级规则" if lang == "zh" else "Parent's rules not applied"
    lines = ["", f"{head}:"]
    for x in removed:
        lines.append(f"  {x.rule} — {x.by}: {x.reason(lang)} [{x.citation.render(lang)} · {term('provenance', x.provenance.value, lang)}]")
    return lines


def timeline_text(tl, lang: str, ics: str | None = None) -> str:
    from ..text import table

    w = WORDS[lang]
    name = tl.regime_zh if lang == "zh" else tl.regime_en
    out = [f"{tl.cluster} — {name} [{tl.regime}], {w['batch']} {tl.batch} ({w['as_of']} {tl.as_of})"]
    terms = []
    for k, t in enumerate(tl.terms):
        span = f"{t.start or w['unknown']} – {t.end or w['unknown']}"
        terms.append(f"{span} ({w['extended']})" if k else f"{span} ({term('term_source', t.source, lang)})")
    out.append(f"{w['validity']}: " + "; ".join(terms))
    out.append("")
    rows = [
        [
            i.due.isoformat() if i.due else "—",
            ITEM_LABEL[lang][i.status.value],
            i.done_on.isoformat() if i.done_on else "",
            i.title(lang),
            _cite(i.citation, i.provenance, lang, i),
        ]
        for i in tl.items
    ]
    out.append(table([w["due"], w["status"], w["done"], w["item"], w["source"]], rows))
    details = [i for i in tl.items if i.note(lang) or i.party(lang) or i.needs]
    if details:
        out += ["", f"{w['notes']}:"]
        shown: set[tuple[str, str]] = set()  # say who reports to whom once per rule
        for i in details:
            party = i.party(lang)
            if party and (i.rule, party) in shown:
                party = None
            elif party:
                shown.add((i.rule, party))
            bits = [b for b in (party, i.note(lang)) if b]
            if not bits and not i.needs:
                continue
            if i.needs:
                bits.append(f"{w['supply']}: {', '.join(i.needs)}")
            out.append(f"  {i.id}: " + (";" if lang == "zh" else "; ").join(bits))
    out += _provenance_notes(tl.items, lang)
    if tl.needs:
        out += ["", f"{w['supply']}: {', '.join(tl.needs)}"]
    for n in tl.notes:
        out.append(f"  - {n.text(lang)}")
    out += _removed_lines(tl.removed, lang)
    if ics:
        out += ["", f"{w['ics']} {ics}"]
    return "\n".join(out)


def status_text(st, lang: str) -> str:
    from ..text import table

    w = WORDS[lang]
    name = st.regime_zh if lang == "zh" else st.regime_en
    span = f"{st.valid_from or w['unknown']} – {st.valid_until or w['unknown']}"
    out = [
        f"{st.cluster} — {name} [{st.regime}], {w['batch']} {st.batch} ({w['as_of']} {st.as_of})",
        f"{w['state']}: {STATE_LABEL[lang][st.state.value]}   ({w['validity']}: {STATE_LABEL[lang][st.validity_state.value]}, {span})",
        "",
    ]
    rows = [[g.item or "—", GROUND_LABEL[lang][g.status.value], g.ground, g.reason(lang), _cite(g.citation, g.provenance, lang, g)] for g in st.grounds]
    out.append(table(["", w["status"], w["ground"], w["reason"], w["source"]], rows))
    out += ["", f"{w['reasons']}:"] + [f"  - {n.text(lang)}" for n in st.reasons]
    out += _provenance_notes(st.grounds, lang)
    out += _removed_lines(st.removed, lang)
    return "\n".join(out)


def quota_text(q, lang: str) -> str:
    w = WORDS[lang]
    quota = "—" if q.quota is None else f"≤ {q.quota}"
    out = [
        f"{q.submitter} ({(q.submitter_kind_zh if lang == 'zh' else q.submitter_kind_en) or term('authority', q.submitter_kind, lang)}) — "
        f"{w['call']} {q.call} [{q.regime}] ({w['as_of']} {q.as_of})",
        f"{QUOTA_LABEL[lang][q.status]}: {q.count} / {quota}; {q.deadline or '—'}",
    ]
    out += [f"  - {n.text(lang)}" for n in q.reasons]
    out.append(f"{w['src']}: {_cite(q.citation, q.provenance, lang)}")
    return "\n".join(out)
