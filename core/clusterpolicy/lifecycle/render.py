"""Text output of the lifecycle commands: timelines, status with each revocation ground, quota checks."""

from __future__ import annotations

ITEM_LABEL = {
    "en": {
        "done": "done", "done_late": "done LATE", "due_soon": "DUE SOON", "upcoming": "upcoming", "overdue": "OVERDUE",
        "open": "open", "past": "past", "unknown": "unknown", "not_encoded": "not encoded",
    },
    "zh": {
        "done": "已完成", "done_late": "逾期完成", "due_soon": "即将到期", "upcoming": "未到期", "overdue": "已逾期",
        "open": "待办(无期限)", "past": "已过", "unknown": "日期未知", "not_encoded": "未编码",
    },
}  # fmt: skip


GROUND_LABEL = {
    "en": {"found": "FOUND", "not_found": "not found", "needs_review": "for the authority", "unknown": "unknown", "not_encoded": "not encoded"},
    "zh": {"found": "已出现", "not_found": "未出现", "needs_review": "待主管部门认定", "unknown": "缺数据", "not_encoded": "未编码"},
}


STATE_LABEL = {
    "en": {
        "not_yet_valid": "NOT YET VALID", "active": "ACTIVE", "in_review": "IN REVIEW", "awaiting_review": "AWAITING REVIEW",
        "expired": "EXPIRED",
        "revocation_grounds_found": "REVOCATION GROUNDS FOUND", "unknown": "UNKNOWN (validity dates missing)",
    },
    "zh": {
        "not_yet_valid": "尚未生效", "active": "有效", "in_review": "复核中", "awaiting_review": "待复核", "expired": "已届满",
        "revocation_grounds_found": "已出现撤销情形", "unknown": "未知(缺有效期)",
    },
}  # fmt: skip


QUOTA_LABEL = {
    "en": {"ok": "OK", "pending": "PENDING (not sent, still in time)", "over_quota": "OVER QUOTA", "late": "LATE", "overdue": "OVERDUE (not sent)", "not_encoded": "NOT ENCODED"},
    "zh": {"ok": "符合", "pending": "待报送(未逾期)", "over_quota": "超过推荐数量", "late": "逾期报送", "overdue": "已逾期未报送", "not_encoded": "未编码"},
}


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


def _cite(citation, provenance) -> str:
    if citation is None:
        return "(record)"
    return f"{citation.render()} [{provenance.value}]" if provenance else citation.render()


def timeline_text(tl, lang: str, ics: str | None = None) -> str:
    from ..text import table

    w = WORDS[lang]
    name = tl.regime_zh if lang == "zh" else tl.regime_en
    out = [f"{tl.cluster} — {name} [{tl.regime}], {w['batch']} {tl.batch} ({w['as_of']} {tl.as_of})"]
    terms = []
    for k, t in enumerate(tl.terms):
        span = f"{t.start or w['unknown']} – {t.end or w['unknown']}"
        terms.append(f"{span} ({w['extended']})" if k else f"{span} ({t.source})")
    out.append(f"{w['validity']}: " + "; ".join(terms))
    out.append("")
    rows = [
        [
            i.due.isoformat() if i.due else "—",
            ITEM_LABEL[lang][i.status.value],
            i.done_on.isoformat() if i.done_on else "",
            i.title(lang),
            _cite(i.citation, i.provenance),
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
    if tl.needs:
        out += ["", f"{w['supply']}: {', '.join(tl.needs)}"]
    for n in tl.notes:
        out.append(f"  - {n.text(lang)}")
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
    rows = [[g.item, GROUND_LABEL[lang][g.status.value], g.ground, g.reason(lang), _cite(g.citation, g.provenance)] for g in st.grounds]
    out.append(table(["", w["status"], w["ground"], w["reason"], w["source"]], rows))
    out += ["", f"{w['reasons']}:"] + [f"  - {n.text(lang)}" for n in st.reasons]
    return "\n".join(out)


def quota_text(q, lang: str) -> str:
    w = WORDS[lang]
    quota = "—" if q.quota is None else f"≤ {q.quota}"
    out = [
        f"{q.submitter} ({q.submitter_kind}) — {w['call']} {q.call} [{q.regime}] ({w['as_of']} {q.as_of})",
        f"{QUOTA_LABEL[lang][q.status]}: {q.count} / {quota}; {q.deadline or '—'}",
    ]
    out += [f"  - {n.text(lang)}" for n in q.reasons]
    out.append(f"{w['src']}: {_cite(q.citation, q.provenance)}")
    return "\n".join(out)
