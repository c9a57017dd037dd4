"""Text output of the typical-case commands: a submission check and package checks, with each finding's source."""

from __future__ import annotations

from ..glossary import term, words

LABELS = {lang: words("severity", lang) for lang in ("zh", "en")}
VERDICTS = {lang: words("verdict", lang) for lang in ("zh", "en")}


def cite(citation, provenance, origin: str = "", lang: str = "en", regime: str = "") -> str:
    """Where the rule is written, how sure we are, and whose rule it is (inherited from an ancestor, said so)."""
    if citation is None:
        return ""
    out = citation.render(lang) + (f" · {term('provenance', provenance.value, lang)}" if provenance else "")
    if origin and regime and origin != regime:
        return out + f" · {term('word', 'inherited_from', lang)} {origin}"
    return out + (f" · {origin}" if origin else "")


def _finding_lines(f, head: str, lang: str, regime: str = "") -> list[str]:
    lines = [f"[{LABELS[lang][f.severity.value]}] {head}", f"    {f.message(lang)}"]
    source = cite(f.citation, f.provenance, f.origin, lang, regime)
    if source:
        lines.append(f"    {'依据' if lang == 'zh' else 'source'}: {source}")
    return lines


def check_text(report, lang: str) -> str:
    """Readable rendering of a :class:`~clusterpolicy.cases.results.CaseCheck`."""
    zh = lang == "zh"
    name = report.regime_zh if zh else report.regime_en
    out = [f"{name} [{report.regime}] · {report.call or '—'}", f"{'报送' if zh else 'submission'}: {report.source} — {report.title}", ""]
    for f in report.findings:
        out += _finding_lines(f, f"{f.check}  {f.path}", lang, report.regime)
    counts = {s: sum(1 for f in report.findings if f.severity.value == s) for s in ("problem", "unconfirmed", "note")}
    tally = (
        f"{counts['problem']} 个问题,{counts['unconfirmed']} 项待确认,{counts['note']} 条提示"
        if zh
        else f"{counts['problem']} problem(s), {counts['unconfirmed']} to confirm, {counts['note']} note(s)"
    )
    out += ["", f"{'结论' if zh else 'Result'}: {VERDICTS[lang][report.verdict.value]} — {tally}"]
    return "\n".join(out)


def package_text(packages, lang: str) -> str:
    """Readable rendering of :class:`~clusterpolicy.cases.package.PackageCheck` results, one block per submitter."""
    zh = lang == "zh"
    out: list[str] = []
    for pk in packages:
        if out:
            out.append("")
        count = f"{pk.cases} 个案例、{pk.practices} 项做法" if zh else f"{pk.cases} case(s), {pk.practices} practice(s)"
        out.append(f"{pk.submitter} ({pk.level.value}) · {pk.regime} · {pk.call or '—'} — {count}")
        for f in pk.findings:
            out += _finding_lines(f, f.check, lang, pk.regime)
        out.append(f"{'结论' if zh else 'Result'}: {VERDICTS[lang][pk.verdict.value]}")
    return "\n".join(out)
