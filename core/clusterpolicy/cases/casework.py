"""Typical-case work: load and check submissions, suggest categories, write the summary table.

Python API (the CLI's ``clusterpolicy cases …`` commands are thin wrappers)::

    import clusterpolicy
    from clusterpolicy import casework
    regimes = clusterpolicy.load_regimes()
    sub = casework.load_submission("examples/case-anhui-city.toml")
    report = casework.check_submission(sub, regimes["anhui"], base_dir="examples")
    report.verdict            # Verdict.READY / UNCONFIRMED / PROBLEMS
    ranked = casework.suggest_categories(text, regimes["national"])
    casework.write_summary([sub], regimes["anhui"], "汇总表.xlsx")

Nothing here calls a hook: everything is read from a built :class:`~clusterpolicy.regime.Regime`.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from attrs import frozen

from .kinds import (
    AuthorityLevel,
    CaseCall,
    CaseCategory,
    ContentCheck,
    DocumentKind,
    Recognition,
    SubmissionKind,
)
from ..errors import InputError
from ..model import Citation, Provenance, doc
from .submission import Submission

# --- results -----------------------------------------------------------------------------------


class Severity(str, enum.Enum):
    """Outcome of one check on a submission."""

    OK = "ok"  #: checked and met
    NOTE = "note"  #: for information (a reading of the text, an unlisted sub-topic)
    UNCONFIRMED = "unconfirmed"  #: cannot be checked from the file: the submitter must confirm or supply it
    PROBLEM = "problem"  #: the submission does not meet the call


class Verdict(str, enum.Enum):
    """Overall: any problem → problems; else anything unconfirmed → unconfirmed; else ready."""

    READY = "ready"
    UNCONFIRMED = "unconfirmed"
    PROBLEMS = "problems"


@frozen(kw_only=True)
class Location:
    """Where in a text something was found."""

    source: str = doc("The file the text came from, or $.text for inline text.")
    line: int = doc("Line, 1-based.")
    column: int = doc("Column in characters, 1-based.")
    snippet: str = doc("The surrounding text, personal information masked.")


@frozen(kw_only=True)
class CaseFinding:
    """The outcome of one check on a submission."""

    check: str = doc("What was checked, e.g. route, deadline, document.summary_table, content.truthful.")
    severity: Severity = doc("ok, note, unconfirmed or problem.")
    path: str = doc("The submission field concerned, e.g. $.submitter.level.")
    message_zh: str = doc("One-line message (Chinese).")
    message_en: str = doc("One-line message (English).")
    citation: Citation | None = doc("Where the requirement is written.", default=None)
    provenance: Provenance | None = doc("How sure we are of the requirement.", default=None)
    origin: str = doc("Jurisdiction that wrote the requirement.", default="")
    where: Location | None = doc("Where in the text (personal information).", default=None)

    def message(self, lang: str) -> str:
        return self.message_zh if lang == "zh" else self.message_en


@frozen(kw_only=True)
class CaseCheck:
    """A submission checked against one regime's collection call."""

    regime: str = doc("Jurisdiction id of the regime.")
    regime_zh: str = doc("Regime name (Chinese).")
    regime_en: str = doc("Regime name (English).")
    call: str | None = doc("Id of the call checked against (null if none could be chosen).")
    source: str = doc("The submission file.")
    title: str = doc("Title of the case.")
    kind: SubmissionKind = doc("case or practice.")
    verdict: Verdict = doc("ready, unconfirmed or problems.")
    findings: tuple[CaseFinding, ...] = doc("Every check, in order.")

    def problems(self) -> tuple[CaseFinding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.PROBLEM)

    def by_check(self, check: str) -> tuple[CaseFinding, ...]:
        return tuple(f for f in self.findings if f.check == check)


@frozen(kw_only=True)
class TermMatch:
    """A term found in a case text."""

    term: str = doc("The words found.")
    source: str = doc("phrase (the notice's sub-topic phrase), category (the category's title), keyword (a derived term).")
    subtopic: str | None = doc("Sub-topic id it belongs to (null for a category-wide term).")
    count: int = doc("Occurrences (overlapping longer terms take precedence).")
    weight: int = doc("Points per occurrence: phrase 3, category title 2, keyword 1.")
    line: int = doc("Line of the first occurrence.")
    column: int = doc("Column of the first occurrence.")


@frozen(kw_only=True)
class Suggestion:
    """A category proposed for a case text, with why."""

    category: str = doc("Category id.")
    title_zh: str = doc("Category title (Chinese).")
    title_en: str = doc("Category title (English).")
    score: int = doc("Σ weight × min(count, 3) over the terms matched.")
    matches: tuple[TermMatch, ...] = doc("Terms matched, best first.")


# --- loading -----------------------------------------------------------------------------------


def load_submission(path: str | Path) -> Submission:
    """Read a submission from a TOML or JSON file (``-`` reads standard input).

    Raises :class:`~clusterpolicy.errors.InputError` naming the file and each field path at fault.
    """
    from ..convert import read_document

    return submission_from_dict(read_document(path), source=str(path))


def submission_from_dict(data: dict[str, Any], source: str = "<dict>") -> Submission:
    """Structure already-parsed data into a :class:`Submission` (same checks as files)."""
    from ..convert import structure

    return structure(data, Submission, source)


def submission_text(submission: Submission, base_dir: str | Path | None = None, source: str = "<dict>") -> tuple[str, str]:
    """The case text and where it came from (``$.text`` or the file named by ``text_file``)."""
    if submission.text is not None:
        return submission.text, "$.text"
    path = Path(base_dir or ".") / submission.text_file  # type: ignore[operator]
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(source, [f"$.text_file: file not found: {path}"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(source, [f"$.text_file: cannot read {path}: {exc}"]) from None
    if not text.strip():
        raise InputError(source, [f"$.text_file: {path} is empty"])
    return text, str(path)


# --- the regime's case rules -------------------------------------------------------------------


def categories(regime) -> list[CaseCategory]:
    """The case categories in force in a regime, in order."""
    return [r.rule for r in regime.case_categories]


def calls(regime) -> list[CaseCall]:
    """The collection calls in force in a regime."""
    return [r.rule for r in regime.case_calls]


def _origin(regime, family: str, rid: str) -> str:
    return next((r.origin for r in getattr(regime, family) if r.id == rid), "")


# --- checking ----------------------------------------------------------------------------------


def check_submission(
    submission: Submission, regime, *, base_dir: str | Path | None = None, source: str = "<dict>"
) -> CaseCheck:
    """Check a submission against the regime's call: every problem, each with its citation.

    :param base_dir: directory that ``text_file`` and document ``file`` paths are relative to
        (the submission file's directory; the current directory if omitted).
    :param source: name of the submission, for messages.
    """
    text, text_source = submission_text(submission, base_dir, source)
    out: list[CaseFinding] = []
    call = _choose_call(submission, regime, out)
    if call is not None:
        origin = _origin(regime, "case_calls", call.id)
        _check_route(submission, call, origin, out)
        if submission.kind is SubmissionKind.CASE:
            _check_scope(submission, call, origin, out)
            _check_category(submission, regime, text, out)
        _check_deadline(submission, call, origin, out)
        _check_documents(submission, call, origin, base_dir, out)
        _check_content(submission, call, origin, text, text_source, out)
    severities = {f.severity for f in out}
    verdict = (
        Verdict.PROBLEMS
        if Severity.PROBLEM in severities
        else Verdict.UNCONFIRMED if Severity.UNCONFIRMED in severities else Verdict.READY
    )
    j = regime.jurisdiction
    return CaseCheck(
        regime=j.id,
        regime_zh=j.name_zh,
        regime_en=j.name_en,
        call=call.id if call else None,
        source=source,
        title=submission.title,
        kind=submission.kind,
        verdict=verdict,
        findings=tuple(out),
    )


def _f(out: list[CaseFinding], check: str, severity: Severity, path: str, zh: str, en: str, part=None, origin: str = "", where=None) -> None:
    out.append(
        CaseFinding(
            check=check,
            severity=severity,
            path=path,
            message_zh=zh,
            message_en=en,
            citation=getattr(part, "citation", None),
            provenance=getattr(part, "provenance", None),
            origin=origin,
            where=where,
        )
    )


def _choose_call(submission: Submission, regime, out: list[CaseFinding]) -> CaseCall | None:
    available = calls(regime)
    ids = ", ".join(c.id for c in available) or "none"
    if submission.call is not None:
        for c in available:
            if c.id == submission.call:
                return c
        _f(out, "call", Severity.PROBLEM, "$.call",
           f"{regime.id} 制度中没有征集通知 {submission.call!r}(现有:{ids})",
           f"regime {regime.id!r} has no collection call {submission.call!r} (known: {ids})")
        return None
    if len(available) == 1:
        return available[0]
    _f(out, "call", Severity.PROBLEM, "$.call",
       f"{regime.id} 制度有 {len(available)} 个征集通知,请用 call 指明(现有:{ids})",
       f"regime {regime.id!r} has {len(available)} collection calls; name one with call (known: {ids})")
    return None


def _levels(levels: Sequence[AuthorityLevel | Recognition], lang: str) -> str:
    return "、".join(x.zh for x in levels) if lang == "zh" else ", ".join(x.value for x in levels)


def _check_route(s: Submission, call: CaseCall, origin: str, out: list[CaseFinding]) -> None:
    if s.kind is SubmissionKind.PRACTICE:
        part = call.practices
        if part is None:
            _f(out, "practices", Severity.PROBLEM, "$.kind",
               "该征集通知不征集典型做法", "this call does not collect typical practices", call, origin)
            return
        check, what_zh, what_en = "practices", "典型做法", "typical practices"
    else:
        part, check, what_zh, what_en = call.route, "route", "典型案例", "cases"
    level = s.submitter.level
    if level in part.levels:
        _f(out, check, Severity.OK, "$.submitter.level",
           f"报送单位为{level.zh}中小企业主管部门,属于本通知的报送主体",
           f"submitter is a {level.value} authority, which this call addresses", part, origin)
    else:
        _f(out, check, Severity.PROBLEM, "$.submitter.level",
           f"本通知的{what_zh}由{_levels(part.levels, 'zh')}中小企业主管部门报送,{s.submitter.name}({level.zh})不是报送主体"
           f";报送对象:{call.route.recipient_zh}",
           f"{what_en} under this call are submitted by {_levels(part.levels, 'en')} authorities; "
           f"{s.submitter.name} ({level.value}) is not one (recipient: {call.route.recipient_en})",
           part, origin)


def _check_scope(s: Submission, call: CaseCall, origin: str, out: list[CaseFinding]) -> None:
    assert s.cluster is not None
    rec = s.cluster.recognition
    scope = call.scope
    if not scope.levels:
        _f(out, "scope", Severity.NOTE, "$.cluster.recognition",
           "本通知未写明征集范围(集群认定级别),未检查",
           "the call states no scope (which clusters' cases are collected); not checked", scope, origin)
    elif rec in scope.levels:
        _f(out, "scope", Severity.OK, "$.cluster.recognition",
           f"集群为{rec.zh}集群,在征集范围({_levels(scope.levels, 'zh')})内",
           f"the cluster is recognised at {rec.value} level, within the call's scope ({_levels(scope.levels, 'en')})",
           scope, origin)
    else:
        _f(out, "scope", Severity.PROBLEM, "$.cluster.recognition",
           f"征集范围为已认定的{_levels(scope.levels, 'zh')}集群,本集群为{rec.zh}",
           f"the call collects cases of clusters recognised at {_levels(scope.levels, 'en')} level; this cluster: {rec.value}",
           scope, origin)


def _check_category(s: Submission, regime, text: str, out: list[CaseFinding]) -> None:
    cats = {c.id: c for c in categories(regime)}
    known = ", ".join(cats) or "none"
    if s.category is None:
        _f(out, "category", Severity.PROBLEM, "$.category",
           f"典型案例须注明类别(可选:{known})", f"a case must name its category (one of: {known})")
        return
    cat = cats.get(s.category)
    if cat is None:
        import difflib

        close = difflib.get_close_matches(s.category, list(cats), n=1)
        hint_zh, hint_en = (f";是否应为 {close[0]!r}?", f"; did you mean {close[0]!r}?") if close else ("", "")
        _f(out, "category", Severity.PROBLEM, "$.category",
           f"未知的案例类别 {s.category!r}(可选:{known}){hint_zh}",
           f"unknown category {s.category!r} (one of: {known}){hint_en}")
        return
    origin = _origin(regime, "case_categories", cat.id)
    _f(out, "category", Severity.OK, "$.category", f"类别:{cat.title_zh}", f"category: {cat.title_en}", cat, origin)
    for i, sid in enumerate(s.subtopics):
        if cat.subtopic(sid) is None:
            listed = ", ".join(t.id for t in cat.subtopics)
            if cat.open_ended:
                _f(out, "category.subtopic", Severity.NOTE, f"$.subtopics[{i}]",
                   f"{sid!r} 不在“{cat.title_zh}”所列方向中({listed});通知为“包括但不限于”,可以报送",
                   f"{sid!r} is not a listed sub-topic of {cat.title_en} ({listed}); the list is 'including but not "
                   f"limited to', so it is admissible", cat, origin)
            else:
                _f(out, "category.subtopic", Severity.PROBLEM, f"$.subtopics[{i}]",
                   f"{sid!r} 不是“{cat.title_zh}”的方向(可选:{listed})",
                   f"{sid!r} is not a sub-topic of {cat.title_en} (one of: {listed})", cat, origin)
    ranked = suggest_categories(text, regime)
    if ranked and ranked[0].category != cat.id and not any(r.category == cat.id for r in ranked):
        best = ranked[0]
        _f(out, "category.suggest", Severity.NOTE, "$.category",
           f"正文未出现“{cat.title_zh}”的常用表述,最接近的是“{best.title_zh}”(得分 {best.score}),请核对类别",
           f"the text has none of the usual terms of {cat.title_en}; it reads most like {best.title_en} "
           f"(score {best.score}): check the category")


def _check_deadline(s: Submission, call: CaseCall, origin: str, out: list[CaseFinding]) -> None:
    dl = call.deadline
    due = dl.date.isoformat()
    if s.date is None:
        _f(out, "deadline", Severity.UNCONFIRMED, "$.date",
           f"未填报送日期,无法判断是否在截止日({due})前报送",
           f"no date given: cannot tell whether it is sent by the deadline ({due})", dl, origin)
        return
    on = s.date.isoformat()
    if dl.is_late(s.date):
        days = (s.date - dl.date).days + (0 if dl.inclusive else 1)
        _f(out, "deadline", Severity.PROBLEM, "$.date",
           f"逾期:{on} 报送,晚于截止日 {due}(逾期 {days} 天;报送至{call.route.recipient_zh})",
           f"late: sent {on}, after the deadline {due} ({days} day(s) late; due to {call.route.recipient_en})",
           dl, origin)
        return
    _f(out, "deadline", Severity.OK, "$.date",
       f"{on} 报送,未晚于截止日 {due}", f"sent {on}, on or before the deadline {due}", dl, origin)
    if s.date == dl.date:
        _f(out, "deadline.reading", Severity.NOTE, "$.date",
           f"当天报送:按“{due[5:7].lstrip('0')}月{due[8:].lstrip('0')}日前”含当日的通常理解视为按时;如从严理解(不含当日)则已逾期,宜提前报送",
           "sent on the deadline day: on time under the usual reading of 前 (the day itself included); "
           "under a strict reading (day excluded) it would be late, so sending earlier is safer",
           dl, origin)


def _check_documents(s: Submission, call: CaseCall, origin: str, base_dir, out: list[CaseFinding]) -> None:
    for i, d in enumerate(s.documents):
        if d.file is not None and not (Path(base_dir or ".") / d.file).is_file():
            _f(out, "document.file", Severity.PROBLEM, f"$.documents[{i}].file",
               f"附件文件不存在:{d.file}", f"attached file not found: {d.file}")
    for req in call.documents:
        check = f"document.{req.id}"
        att = f"({req.attachment})" if req.attachment else ""
        att_en = f" ({req.attachment})" if req.attachment else ""
        if req.kind is DocumentKind.CASE_TEXT:
            _f(out, check, Severity.OK, "$.text", f"{req.title_zh}{att}:即本报送的正文",
               f"{req.title_en}{att_en}: the submission's text", req, origin)
            continue
        same_kind = [(i, d) for i, d in enumerate(s.documents) if d.kind is req.kind]
        match = [(i, d) for i, d in same_kind if req.level is None or d.level is req.level]
        if match:
            i, d = match[0]
            _f(out, check, Severity.OK, f"$.documents[{i}]", f"已附{req.title_zh}{att}:{d.title}",
               f"{req.title_en}{att_en} attached: {d.title}", req, origin)
        elif same_kind:
            i, d = same_kind[0]
            got = d.level.zh if d.level else "未注明层级"
            got_en = d.level.value if d.level else "level not stated"
            _f(out, check, Severity.PROBLEM, f"$.documents[{i}].level",
               f"须附{req.level.zh}的{req.title_zh}{att},所附“{d.title}”为{got}",  # type: ignore[union-attr]
               f"the call asks for {req.title_en}{att_en} at {req.level.value} level; "  # type: ignore[union-attr]
               f"the attached '{d.title}' is {got_en}", req, origin)
        else:
            hint_zh = "(可用 clusterpolicy cases summary 生成)" if req.kind is DocumentKind.SUMMARY_TABLE else ""
            hint_en = " (clusterpolicy cases summary writes one)" if req.kind is DocumentKind.SUMMARY_TABLE else ""
            _f(out, check, Severity.PROBLEM, "$.documents",
               f"缺少{req.title_zh}{att}{hint_zh}", f"missing {req.title_en}{att_en}{hint_en}", req, origin)


def _check_content(s: Submission, call: CaseCall, origin: str, text: str, text_source: str, out: list[CaseFinding]) -> None:
    from . import pii

    known = {r.id for r in call.content_rules}
    for key in s.attestations:
        if key not in known:
            _f(out, "content", Severity.NOTE, f"$.attestations.{key}",
               f"{key!r} 不是本通知的内容要求(可选:{', '.join(sorted(known))})",
               f"{key!r} is not a content rule of this call (known: {', '.join(sorted(known))})")
    for rule in call.content_rules:
        check, path = f"content.{rule.id}", f"$.attestations.{rule.id}"
        attested = s.attestations.get(rule.id)
        if rule.check is ContentCheck.PERSONAL_INFORMATION:
            hits = [(h, "$.title", s.title) for h in pii.scan(s.title)] + [(h, text_source, text) for h in pii.scan(text)]
            for h, where, _ in hits:
                loc = Location(source=where, line=h.line, column=h.column, snippet=h.snippet)
                path_of = "$.title" if where == "$.title" else ("$.text" if where == "$.text" else "$.text_file")
                _f(out, check, Severity.PROBLEM, path_of,
                   f"含个人信息({pii.KIND_ZH[h.kind]} {h.masked}):{where} 第{h.line}行第{h.column}列 “{h.snippet}”",
                   f"personal information ({pii.KIND_EN[h.kind]} {h.masked}) at {where} line {h.line}, column {h.column}: “{h.snippet}”",
                   rule, origin, where=loc)
            if hits:
                continue
        if attested is True:
            scanned_zh = "未发现电话、邮箱、身份证号;" if rule.check is ContentCheck.PERSONAL_INFORMATION else ""
            scanned_en = "no phone, e-mail or ID number found; " if rule.check is ContentCheck.PERSONAL_INFORMATION else ""
            _f(out, check, Severity.OK, path, f"{scanned_zh}报送单位已确认:{rule.title_zh}",
               f"{scanned_en}confirmed by the submitter: {rule.title_en}", rule, origin)
        elif attested is False:
            _f(out, check, Severity.PROBLEM, path, f"报送单位表示不满足:{rule.title_zh}",
               f"the submitter states this is not met: {rule.title_en}", rule, origin)
        elif rule.check is ContentCheck.PERSONAL_INFORMATION:
            _f(out, check, Severity.UNCONFIRMED, path,
               f"未发现电话、邮箱、身份证号;姓名、住址等无法自动识别,请核实后在 attestations.{rule.id} 确认",
               f"no phone, e-mail or ID number found; names and addresses cannot be detected: check, then confirm "
               f"with attestations.{rule.id} = true", rule, origin)
        else:
            _f(out, check, Severity.UNCONFIRMED, path, f"待确认:{rule.title_zh}(attestations.{rule.id})",
               f"to be confirmed: {rule.title_en} (attestations.{rule.id})", rule, origin)


# --- category suggestion -----------------------------------------------------------------------

WEIGHTS = {"phrase": 3, "category": 2, "keyword": 1}
MAX_COUNT = 3  #: occurrences of one term counted at most (one word repeated must not dominate)


def suggest_categories(text: str, regime) -> list[Suggestion]:
    """Rank the regime's categories for a case text, explainably.

    Terms are the notice's sub-topic phrases (3 points an occurrence), the category titles (2) and
    the derived keywords (1) of :class:`~clusterpolicy.cases.SubTopic` and
    :class:`~clusterpolicy.cases.CaseCategory`. Longer terms are matched first and an occurrence is
    counted once (大中小企业融通创新 is not also 大中小企业); a term's occurrences count at most
    ``MAX_COUNT`` times. Score = Σ weight × min(count, MAX_COUNT). Categories with no match are
    left out; ties keep the source's order.
    """
    owners: dict[str, list[tuple[CaseCategory, str | None, str]]] = {}
    cats = categories(regime)

    def add(term: str, cat: CaseCategory, sub: str | None, source: str) -> None:
        term = term.strip()
        if term and (cat, sub, source) not in owners.setdefault(term, []):
            entry = owners[term]
            # one term, one owner per category: the strongest source wins
            existing = [e for e in entry if e[0].id == cat.id]
            if existing and WEIGHTS[existing[0][2]] >= WEIGHTS[source]:
                return
            entry[:] = [e for e in entry if e[0].id != cat.id] + [(cat, sub, source)]

    for cat in cats:
        add(cat.title_zh, cat, None, "category")
        for kw in cat.keywords:
            add(kw, cat, None, "keyword")
        for st in cat.subtopics:
            add(st.title_zh, cat, st.id, "phrase")
            for kw in st.keywords:
                add(kw, cat, st.id, "keyword")

    taken = [False] * len(text)
    spans: dict[str, list[int]] = {}
    for term in sorted(owners, key=lambda t: (-len(t), t)):
        start = text.find(term)
        while start != -1:
            end = start + len(term)
            if not any(taken[start:end]):
                for k in range(start, end):
                    taken[k] = True
                spans.setdefault(term, []).append(start)
            start = text.find(term, start + 1)

    per_cat: dict[str, list[TermMatch]] = {}
    for term, starts in spans.items():
        first = min(starts)
        line = text.count("\n", 0, first) + 1
        column = first - (text.rfind("\n", 0, first) + 1) + 1
        for cat, sub, source in owners[term]:
            per_cat.setdefault(cat.id, []).append(
                TermMatch(term=term, source=source, subtopic=sub, count=len(starts), weight=WEIGHTS[source], line=line, column=column)
            )
    result = []
    for order, cat in enumerate(cats):
        matches = per_cat.get(cat.id)
        if not matches:
            continue
        matches.sort(key=lambda m: (-m.weight * min(m.count, MAX_COUNT), m.line, m.column))
        score = sum(m.weight * min(m.count, MAX_COUNT) for m in matches)
        result.append((score, order, Suggestion(category=cat.id, title_zh=cat.title_zh, title_en=cat.title_en, score=score, matches=tuple(matches))))
    result.sort(key=lambda x: (-x[0], x[1]))
    return [s for _, _, s in result]


# --- summary table (汇总表) ---------------------------------------------------------------------

#: Columns of the summary table. The call's own template (附件《…典型案例信息汇总表》) is not in
#: the texts at hand, so these are the submission's fields, not the official column set.
SUMMARY_COLUMNS = {
    "zh": ["序号", "报送单位", "集群名称", "集群认定级别", "所在地区", "报送类型", "案例类别", "涉及方向", "案例名称", "报送日期"],
    "en": ["No.", "Submitter", "Cluster", "Recognition", "Location", "Kind", "Category", "Sub-topics", "Title", "Date sent"],
}


def summary_rows(submissions: Sequence[Submission], regime, lang: str = "zh") -> list[list[str]]:
    """One row per submission, in the given order, with category and sub-topic titles from the regime."""
    cats = {c.id: c for c in categories(regime)}
    rows = []
    for n, s in enumerate(submissions, start=1):
        cat = cats.get(s.category or "")
        subs = []
        for sid in s.subtopics:
            st = cat.subtopic(sid) if cat else None
            subs.append((st.title_zh if lang == "zh" else st.title_en) if st else sid)
        cluster = s.cluster
        rows.append(
            [
                str(n),
                s.submitter.name,
                cluster.name if cluster else "",
                (cluster.recognition.zh if lang == "zh" else cluster.recognition.value) if cluster else "",
                cluster.place() if cluster else "",
                ("典型案例" if s.kind is SubmissionKind.CASE else "典型做法") if lang == "zh" else s.kind.value,
                cat.title(lang) if cat else (s.category or ""),
                "、".join(subs) if lang == "zh" else "; ".join(subs),
                s.title,
                s.date.isoformat() if s.date else "",
            ]
        )
    return rows


def write_summary(submissions: Sequence[Submission], regime, out: str | Path, lang: str = "zh") -> Path:
    """Write the summary table: XLSX when ``out`` ends in ``.xlsx`` (needs openpyxl, the ``xlsx``
    extra), otherwise CSV in UTF-8 with a byte-order mark so that Excel shows Chinese correctly."""
    out = Path(out)
    headers = SUMMARY_COLUMNS[lang]
    rows = summary_rows(submissions, regime, lang)
    if out.suffix.lower() == ".xlsx":
        _write_xlsx(out, headers, rows, lang)
    else:
        import csv

        with out.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(headers)
            writer.writerows(rows)
    return out


def _write_xlsx(out: Path, headers: list[str], rows: list[list[str]], lang: str) -> None:
    try:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font
    except ImportError:
        raise InputError(str(out), ["writing .xlsx needs openpyxl: pip install 'clusterpolicy[xlsx]' (or write .csv)"]) from None
    from ..render import width

    wb = Workbook()
    ws = wb.active
    ws.title = "典型案例信息汇总表" if lang == "zh" else "Typical cases"
    ws.append(headers)
    for row in rows:
        ws.append([int(row[0]), *row[1:]])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center")
    for i, header in enumerate(headers, start=1):
        letter = ws.cell(row=1, column=i).column_letter
        longest = max([width(header)] + [width(str(r[i - 1])) for r in rows])
        ws.column_dimensions[letter].width = min(60, longest + 2)
    ws.freeze_panes = "A2"
    wb.save(out)

