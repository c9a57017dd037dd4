"""A diff written out: plain text (``clusterpolicy diff``) and a Markdown memo (``--format md``).

Every difference is one readable line with its direction; every rule shows where A and B state it
(for B's amended rules, the changed parts' citation as well); a removal shows its reason and
provenance; and the rules B takes over unchanged are listed with their author's citation.
"""

from __future__ import annotations

from ..glossary import term
from ..model import Citation
from .diff import ChangeKind, RegimeDiff, RuleDiff
from .diffkinds import WORD, Direction

LABELS = {
    "en": {
        ChangeKind.ADDED: "added", ChangeKind.REMOVED: "removed", ChangeKind.NOT_INHERITED: "not inherited",
        ChangeKind.TIGHTENED: "tightened", ChangeKind.LOOSENED: "loosened", ChangeKind.CHANGED: "changed",
        ChangeKind.RESTATED: "restated",
    },
    "zh": {
        ChangeKind.ADDED: "新增", ChangeKind.REMOVED: "删除", ChangeKind.NOT_INHERITED: "不承继", ChangeKind.TIGHTENED: "从严",
        ChangeKind.LOOSENED: "放宽", ChangeKind.CHANGED: "改变", ChangeKind.RESTATED: "重述",
    },
}  # fmt: skip
WORDS = {
    "en": {
        "title": "What {b} changes relative to {a}", "unchanged": "unchanged", "none": "No differences.",
        "summary": "Summary", "reason": "reason", "identical": "identical rules",
        "taken_over": "Taken over unchanged from the lineage ({n})", "changed_parts": "changed parts",
        "own_level": " (read at this regime's own level)",
    },
    "zh": {
        "title": "{b} 相对于 {a} 的变化", "unchanged": "未变", "none": "没有差异。",
        "summary": "概要", "reason": "理由", "identical": "相同规则",
        "taken_over": "原样承继上级的规则({n} 项)", "changed_parts": "修改部分", "own_level": "(按本制度层级理解)",
    },
}  # fmt: skip


def _cite(c: Citation | None, lang: str, provenance=None) -> str:
    if c is None:
        return "—"
    return c.render(lang) + (f" · {term('provenance', provenance.value, lang)}" if provenance is not None else "")


def _b_lines(c: RuleDiff, lang: str) -> list[str]:
    """Where B states the rule: its citation (and its author's interpretation), and each amendment's for the parts it changed."""
    lines = [_cite(c.citation_b, lang, c.provenance_b)]
    if c.interpretation_b is not None:
        lines.append(f"{term('word', 'interpretation', lang)}: {c.interpretation_b.note(lang)}")
    for x in c.amended_b:
        quote = f" — “{x.citation.quote}”" if x.citation.quote else ""
        lines.append(f"{WORDS[lang]['changed_parts']} ({x.by}: {', '.join(x.paths)}): {_cite(x.citation, lang, x.provenance)}{quote}")
        if x.interpretation is not None:
            lines.append(f"  {term('word', 'interpretation', lang)}: {x.interpretation.note(lang)}")
    return lines


def diff_text(d: RegimeDiff, lang: str) -> str:
    """One block per rule: change, family, id and title; the differences; A's and B's citations."""
    from ..text import pad

    w = WORDS[lang]
    a_name, b_name = (d.a_name_zh, d.b_name_zh) if lang == "zh" else (d.a_name_en, d.b_name_en)
    out = [w["title"].format(a=f"{d.a} ({a_name})", b=f"{d.b} ({b_name})"), ""]
    if not d.changes:
        out.append(w["none"])
    for c in d.changes:
        title = c.title_zh if lang == "zh" else c.title_en
        out.append(f"{pad(LABELS[lang][c.change], 13)} {term('family', c.family, lang)}  {c.id} — {title}")
        for x in c.details:
            if x.direction is not Direction.NEUTRAL:
                out.append(f"    {x.line(lang)} ({WORD[lang][x.direction]})")
        if c.note_en:
            out.append(f"    {w['reason']}: {c.note_zh if lang == 'zh' else c.note_en}")
        out.append(f"    A {d.a}: {_cite(c.citation_a, lang, c.provenance_a)}")
        first, *rest = _b_lines(c, lang)
        out.append(f"    B {d.b}: {first}")
        out += [f"      {line}" for line in rest]
    out += ["", _counts(d, lang), _unchanged(d, lang)]
    if d.taken_over:
        out += ["", f"{w['taken_over'].format(n=len(d.taken_over))}:"]
        out += [
            f"  {term('family', t.family, lang)}  {t.id} — {t.title_zh if lang == 'zh' else t.title_en}{w['own_level'] if t.own_level else ''} "
            f"[{t.origin}: {_cite(t.citation, lang, t.provenance)}]"
            for t in d.taken_over
        ]
    return "\n".join(out)


def _counts(d: RegimeDiff, lang: str) -> str:
    counts = {k: sum(c.change is k for c in d.changes) for k in ChangeKind}
    return ", ".join(f"{LABELS[lang][k]} {n}" for k, n in counts.items() if n) or WORDS[lang]["none"]


def _unchanged(d: RegimeDiff, lang: str) -> str:
    w = WORDS[lang]
    counts = ", ".join(f"{term('family', fam, lang)} {n}" for fam, n in d.unchanged.items())
    return f"{w['identical']} ({w['unchanged']}): {counts}"


def diff_markdown(d: RegimeDiff, lang: str) -> str:
    """A memo: summary counts, then one section per change kind with both citations, then what B takes over unchanged."""
    w = WORDS[lang]
    a_name, b_name = (d.a_name_zh, d.b_name_zh) if lang == "zh" else (d.a_name_en, d.b_name_en)
    out = [f"# {w['title'].format(a=f'{a_name} (`{d.a}`)', b=f'{b_name} (`{d.b}`)')}", ""]
    out += [f"## {w['summary']}", ""]
    counts = {k: sum(c.change is k for c in d.changes) for k in ChangeKind}
    out += [f"- {LABELS[lang][k]}: {n}" for k, n in counts.items() if n]
    out.append(f"- {w['identical']}: {sum(d.unchanged.values())}")
    if not d.changes:
        out += ["", w["none"]]
    for kind in ChangeKind:
        items = [c for c in d.changes if c.change is kind]
        if not items:
            continue
        out += ["", f"## {LABELS[lang][kind]}", ""]
        for c in items:
            title = c.title_zh if lang == "zh" else c.title_en
            out.append(f"### `{c.id}` — {_md(title)} ({term('family', c.family, lang)})")
            out.append("")
            for x in c.details:
                if x.direction is not Direction.NEUTRAL:  # wording and sources: the two citations below show them
                    out.append(f"- {_md(x.line(lang))} ({WORD[lang][x.direction]})")
            if c.note_en:
                out.append(f"- {w['reason']}: {_md((c.note_zh if lang == 'zh' else c.note_en) or '')}")
            out.append(f"- A (`{d.a}`): {_md(_cite_long(c.citation_a, lang))}")
            first, *rest = _b_lines(c, lang)
            out.append(f"- B (`{d.b}`): {_md(first)}" + (f" — “{_md(c.citation_b.quote)}”" if c.citation_b and c.citation_b.quote else ""))
            out += [f"  - {_md(line)}" for line in rest]
            out.append("")
    if d.taken_over:
        out += ["", f"## {w['taken_over'].format(n=len(d.taken_over))}", ""]
        out += [
            f"- `{t.id}` ({term('family', t.family, lang)}) — {_md(t.title_zh if lang == 'zh' else t.title_en)}{w['own_level'] if t.own_level else ''}: "
            f"{t.origin}, {_md(_cite(t.citation, lang, t.provenance))}"
            for t in d.taken_over
        ]
    return "\n".join(out).rstrip() + "\n"


def _cite_long(c: Citation | None, lang: str) -> str:
    if c is None:
        return "—"
    return c.render(lang) + (f" — “{c.quote}”" if c.quote else "")


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
