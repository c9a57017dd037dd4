"""A submitter's package (整批报送): what a call asks for once per submitter, checked across its cases.

MIIT's 2024 call has each province send its cases together (统一组织报送 … 统一寄送) with one
summary table and one set of cultivation measures; Anhui's relay has each city do the same. A
single case is checked by :func:`clusterpolicy.cases.check.check_submission`; this checks what only
the package shows: every document the call asks for once per submitter (``per = "package"``) is
attached to one of its submissions::

    packages = check_packages([("a.toml", sub_a), ("b.toml", sub_b)], regimes["anhui"])
    packages[0].verdict            # Verdict.READY / PROBLEMS
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar


from ..model import doc, frozen
from .kinds import AuthorityLevel, CaseCall, DocumentScope, SubmissionKind, calls
from .results import CaseFinding, Severity, Verdict
from .submission import Submission


@frozen(kw_only=True)
class PackageCheck:
    """One submitter's submissions checked together against the call's once-per-package documents."""

    JSON_KIND: ClassVar[str] = "case_package"

    regime: str = doc("Jurisdiction id of the regime.")
    call: str | None = doc("Id of the call (null if none could be chosen).")
    submitter: str = doc("The submitter's name.")
    level: AuthorityLevel = doc("The submitter's level.")
    sources: tuple[str, ...] = doc("The submission files of this package, in the order given.")
    cases: int = doc("How many of them are cases (典型案例).")
    practices: int = doc("How many are typical practices (典型做法).")
    verdict: Verdict = doc("problems if a once-per-package document is missing or the calls differ, else ready.")
    findings: tuple[CaseFinding, ...] = doc("Every check, in order.")


@frozen(kw_only=True)
class PackageListing:
    """``clusterpolicy cases package --format json``: one package check per submitter."""

    regime: str = doc("Regime id.")
    packages: tuple[PackageCheck, ...] = doc("One per submitter, in the order first seen.")


def _call_of(sub: Submission, regime) -> CaseCall | None:
    available = calls(regime)
    if sub.call is not None:
        return next((c for c in available if c.id == sub.call), None)
    return available[0] if len(available) == 1 else None


def check_packages(items: Sequence[tuple[str, Submission]], regime) -> list[PackageCheck]:
    """Group ``(source, submission)`` pairs by submitter and check each group as one package."""
    groups: dict[tuple[str, AuthorityLevel], list[tuple[str, Submission]]] = {}
    for source, sub in items:
        groups.setdefault((sub.submitter.name.strip(), sub.submitter.level), []).append((source, sub))
    return [_check_group(name, level, group, regime) for (name, level), group in groups.items()]


def _check_group(name: str, level: AuthorityLevel, group: list[tuple[str, Submission]], regime) -> PackageCheck:
    out: list[CaseFinding] = []
    chosen = {src: _call_of(sub, regime) for src, sub in group}
    ids = sorted({c.id for c in chosen.values() if c is not None})
    unknown = [src for src, c in chosen.items() if c is None]
    call = chosen[group[0][0]] if len(ids) == 1 and not unknown else None
    if unknown:
        out.append(CaseFinding(check="package.call", severity=Severity.PROBLEM, path="$.call",
                               message_zh=f"无法确定征集通知:{'、'.join(unknown)}(用 call 指明)",
                               message_en=f"no call could be chosen for: {', '.join(unknown)} (name one with call)"))
    elif len(ids) > 1:
        out.append(CaseFinding(check="package.call", severity=Severity.PROBLEM, path="$.call",
                               message_zh=f"同一报送单位的材料分属不同通知:{'、'.join(ids)}",
                               message_en=f"one submitter's package answers different calls: {', '.join(ids)}"))
    if call is not None:
        origin = next((r.origin for r in regime.case_calls if r.id == call.id), "")
        for req in (d for d in call.documents if d.per is DocumentScope.PACKAGE):
            att = f"({req.attachment})" if req.attachment else ""
            att_en = f" ({req.attachment})" if req.attachment else ""
            hits = [
                (src, i)
                for src, sub in group
                for i, d in enumerate(sub.documents)
                if d.kind is req.kind and (req.level is None or d.level is req.level)
            ]
            base = dict(check=f"package.{req.id}", path="$.documents", citation=req.citation, provenance=req.provenance, origin=origin)
            if not hits:
                other = next((d for _, sub in group for d in sub.documents if d.kind is req.kind), None)
                got_zh = f";所附“{other.title}”为{other.level.zh if other.level else '未注明层级'}" if other and req.level else ""
                got_en = f"; the attached '{other.title}' is {other.level.value if other.level else 'of no stated level'}" if other and req.level else ""
                out.append(CaseFinding(severity=Severity.PROBLEM,
                                       message_zh=f"整批材料缺少{req.title_zh}{att}(每个报送单位一份,统一报送){got_zh}",
                                       message_en=f"the package lacks {req.title_en}{att_en} (one per submitter, sent with the package){got_en}",
                                       **base))
            elif len(hits) == 1:
                src, i = hits[0]
                out.append(CaseFinding(severity=Severity.OK, message_zh=f"{req.title_zh}{att}:见 {src} $.documents[{i}]",
                                       message_en=f"{req.title_en}{att_en}: in {src} $.documents[{i}]", **base))
            else:
                where = ", ".join(f"{src} $.documents[{i}]" for src, i in hits)
                out.append(CaseFinding(severity=Severity.NOTE,
                                       message_zh=f"{req.title_zh}{att}附了 {len(hits)} 次({where});整批报送一份即可",
                                       message_en=f"{req.title_en}{att_en} is attached {len(hits)} times ({where}); one per package is enough",
                                       **base))
    problems = any(f.severity is Severity.PROBLEM for f in out)
    return PackageCheck(
        regime=regime.id,
        call=call.id if call else None,
        submitter=name,
        level=level,
        sources=tuple(src for src, _ in group),
        cases=sum(1 for _, s in group if s.kind is SubmissionKind.CASE),
        practices=sum(1 for _, s in group if s.kind is SubmissionKind.PRACTICE),
        verdict=Verdict.PROBLEMS if problems else Verdict.READY,
        findings=tuple(out),
    )
