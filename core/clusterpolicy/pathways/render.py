"""A pathway as text an official reads top to bottom (words from :mod:`clusterpolicy.glossary`)."""

from __future__ import annotations

from ..criteria.growth import growth_readings
from ..criteria.render import STATUS_LABEL, margin_text, verdict_text
from ..glossary import term
from ..numbers import fmt
from .results import Gap, NextCall, Pathway, Projection, Rung


def pathway_text(p: Pathway, lang: str) -> str:
    def w(key: str, **values: object) -> str:
        return term("pathway", key, lang).format(**values)

    out = [f"{w('title')} — {p.cluster} ({term('word', 'as_of', lang)} {p.as_of.isoformat()})"]
    out.append(f"{w('province')}: {p.province or '—'}")
    ladder = " → ".join(_name(r, lang) for r in p.rungs)
    out += [f"{w('ladder')}: {ladder}", ""]
    for rung in p.rungs:
        out += _rung(rung, p, lang, w)
    for note in p.notes:
        out.append(f"* {note.text(lang)}")
    return "\n".join(out).rstrip()


def _name(r: Rung, lang: str) -> str:
    name = r.name_zh if lang == "zh" else r.name_en
    return f"{name} [{r.regime}]" if r.regime else name


def _rung(r: Rung, p: Pathway, lang: str, w) -> list[str]:
    verdict = verdict_text(r.assessment, lang) if r.assessment is not None else "—"
    out = [f"{w('step', n=r.step)} — {_name(r, lang)}: {verdict}"]
    out += [f"  {n.text(lang)}" for n in r.notes if n.code == "not_loaded"]
    if r.recognised:
        out.append(f"  {w('recognised')}")
    a = r.assessment
    if a is None:
        return out + [""]
    below = next((x.step for x in p.rungs if x.step < r.step), None)
    for rule in r.requires:
        f = a.finding(rule)
        cite = f.citation.render(lang) if f.citation else ""
        if below is not None and f.status.value == "not_applicable":
            out.append(f"  {w('requires_exempt', rule=rule, title=f.title(lang), cite=cite, reason=f.reason(lang), n=below)}")
        elif below is not None:
            out.append(f"  {w('requires', rule=rule, title=f.title(lang), cite=cite, status=STATUS_LABEL[lang][f.status], n=below)}")
    out.append(f"  {w('gaps')}:")
    if not r.gaps:
        out.append(f"    {w('nothing')}")
    for gap in r.gaps:
        out += _gap(gap, r, lang, w)
    if r.missing:
        out.append(f"  {w('missing')}: " + ", ".join(r.missing))
    if r.declarations:
        out.append(f"  {w('declarations')}: " + ", ".join(r.declarations))
    out.append(f"  {w('call')}: " + (_call(r.next_call, lang, w) if r.next_call else " ".join(n.text(lang) for n in r.notes if n.code != "not_loaded")))
    return out + [""]


def _gap(g: Gap, r: Rung, lang: str, w) -> list[str]:
    f = r.assessment.findings[g.finding_index]  # type: ignore[union-attr]
    comma = "," if lang == "zh" else ", "
    head = f"    - {f.rule} — {f.title(lang)}: {STATUS_LABEL[lang][f.status]}"
    if f.margin is not None:
        head += comma + margin_text(f.margin, lang, finding=f)
    elif g.declaration:
        head += comma + w("declare", path=g.declaration)
    elif f.missing:
        head += f" ({', '.join(f.missing)})"
    out = [head]
    if g.projection is not None:
        out.append(f"      {w('projection')}: {_projection(g.projection, lang, w)}")
        if g.before_call is not None and r.next_call is not None:
            answer = term("requirement", "yes" if g.before_call else "no", lang)
            out.append(f"      {w('before_call', year=r.next_call.year, reads_to=r.next_call.reads_to, answer=answer)}")
    elif f.margin is not None and f.status.value == "fail":
        out.append(f"      {w('no_projection')}")
    return out


def _projection(x: Projection, lang: str, w) -> str:
    if x.blocked_en is not None:
        return w("projection_blocked", why=x.blocked_zh if lang == "zh" else x.blocked_en)
    reading = growth_readings(x.window)[0]
    values = dict(
        formula=reading.formula(x.first_year, x.last_year, lang), rate=fmt(x.rate), first=x.first_year, last=x.last_year,
        field=x.field, window=x.window, op=x.op.words_zh if lang == "zh" else x.op.symbol, threshold=fmt(x.threshold),
        unit=x.unit, horizon=x.horizon, year=x.meets_in, value=fmt(x.value_then),
    )  # fmt: skip
    if x.meets_in is not None:
        return w("projection_meets", **values)
    return w("projection_never" if x.never else "projection_beyond", **values)


def _call(c: NextCall, lang: str, w) -> str:
    zh = lang == "zh"
    quotas = ("; " if not zh else ";").join(
        f"{('、' if zh else ' / ').join(q.names_zh if zh else q.names_en)} ≤ {q.at_most}" for q in c.quotas
    )
    text = w("call_text", year=c.year, deadline=c.deadline.isoformat(), recipient=c.recipient_zh if zh else c.recipient_en, quotas=quotas)
    over = c.over_quota_zh if zh else c.over_quota_en
    if over:
        text += ("," if zh else "; ") + w("over_quota", text=over)
    return f"{text} [{c.citation.render(lang)} · {term('provenance', c.provenance.value, lang)}]"

