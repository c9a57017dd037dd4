"""Check a typical-case submission against the regime's collection call.

Every requirement of the call is checked and reported with its own citation: who submits to whom,
whether the cluster is in the call's scope, the category, the deadline (…前: the day itself is on
time), the documents and the content rules (personal information is scanned, the rest attested)::

    report = clusterpolicy.check_submission(sub, regimes["anhui"], base_dir="examples")
    report.verdict            # Verdict.READY / UNCONFIRMED / PROBLEMS

Nothing here calls a hook: everything is read from a built :class:`~clusterpolicy.regimes.build.Regime`.
"""

from __future__ import annotations

from collections import Counter

from collections.abc import Sequence
from pathlib import Path

from ..errors import shorten
from .kinds import (
    AuthorityLevel,
    CaseCall,
    ContentCheck,
    DocumentKind,
    DocumentScope,
    Recognition,
    SubmissionKind,
    calls,
    categories,
)
from .results import CaseCheck, CaseFinding, Location, Severity, Verdict
from .submission import Submission, submission_text
from .suggest import suggest_categories


def _origin(regime, family: str, rid: str) -> str:
    return next((r.origin for r in getattr(regime, family) if r.id == rid), "")


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
            _check_category(submission, call, regime, text, out)
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
           f"{regime.id} 制度中没有征集通知 {shorten(submission.call)}(现有:{ids})",
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


def _check_category(s: Submission, call: CaseCall, regime, text: str, out: list[CaseFinding]) -> None:
    cats = {c.id: c for c in categories(regime)}
    known = ", ".join(cats) or "none"
    rule = call.category_rule
    closed = rule is not None and rule.closed
    origin_call = _origin(regime, "case_calls", call.id)
    # A focus (重点从…征集), not a closed list: a case outside the categories is admissible.
    severity = Severity.PROBLEM if closed else Severity.NOTE
    focus_zh = "" if closed else ";通知为“重点从”这些方面征集,其他方面的案例也可报送"
    focus_en = "" if closed else "; the call collects cases focusing on these categories, so one outside them is admissible"
    if s.category is None:
        _f(out, "category", severity, "$.category",
           f"未注明案例类别(可选:{known}){focus_zh}", f"no category named (one of: {known}){focus_en}", rule, origin_call)
        return
    cat = cats.get(s.category)
    if cat is None:
        import difflib

        close = difflib.get_close_matches(s.category, list(cats), n=1)
        hint_zh, hint_en = (f";是否应为 {shorten(close[0])}?", f"; did you mean {shorten(close[0])}?") if close else ("", "")
        _f(out, "category", severity, "$.category",
           f"{shorten(s.category)} 不是所列类别(可选:{known}){hint_zh}{focus_zh}",
           f"{shorten(s.category)} is not one of the listed categories ({known}){hint_en}{focus_en}", rule, origin_call)
        return
    origin = _origin(regime, "case_categories", cat.id)
    _f(out, "category", Severity.OK, "$.category", f"类别:{cat.title_zh}", f"category: {cat.title_en}", cat, origin)
    for i, sid in enumerate(s.subtopics):
        if cat.subtopic(sid) is None:
            listed = ", ".join(t.id for t in cat.subtopics)
            if cat.open_ended:
                _f(out, "category.subtopic", Severity.NOTE, f"$.subtopics[{i}]",
                   f"{shorten(sid)} 不在“{cat.title_zh}”所列方向中({listed});通知为“包括但不限于”,可以报送",
                   f"{shorten(sid)} is not a listed sub-topic of {cat.title_en} ({listed}); the list is 'including but not "
                   f"limited to', so it is admissible", cat, origin)
            else:
                _f(out, "category.subtopic", Severity.PROBLEM, f"$.subtopics[{i}]",
                   f"{shorten(sid)} 不是“{cat.title_zh}”的方向(可选:{listed})",
                   f"{shorten(sid)} is not a sub-topic of {cat.title_en} (one of: {listed})", cat, origin)
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
        if not same_kind and req.per is DocumentScope.PACKAGE:
            _f(out, check, Severity.NOTE, "$.documents",
               f"{req.title_zh}{att}每个报送单位随整批材料报送一份,不随每个案例;整批材料请用 clusterpolicy cases package 检查",
               f"{req.title_en}{att_en} is sent once per submitter with the whole package, not with each case; "
               "check the package with clusterpolicy cases package", req, origin)
            continue
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


#: Places with personal information listed one by one; the rest are counted by kind (a text full of
#: phone numbers needs rewriting, not a list of forty thousand lines).
MAX_PII_SHOWN = 50


def _check_content(s: Submission, call: CaseCall, origin: str, text: str, text_source: str, out: list[CaseFinding]) -> None:
    from . import pii

    known = {r.id for r in call.content_rules}
    for key in s.attestations:
        if key not in known:
            _f(out, "content", Severity.NOTE, f"$.attestations.{key}",
               f"{shorten(key)} 不是本通知的内容要求(可选:{', '.join(sorted(known))})",
               f"{shorten(key)} is not a content rule of this call (known: {', '.join(sorted(known))})")
    for rule in call.content_rules:
        check, path = f"content.{rule.id}", f"$.attestations.{rule.id}"
        attested = s.attestations.get(rule.id)
        if rule.check is ContentCheck.PERSONAL_INFORMATION:
            found = [(pii.spans(s.title), "$.title", s.title), (pii.spans(text), text_source, text)]
            shown = [(h, where) for spans, where, t in found for h in pii.hits(t, spans, MAX_PII_SHOWN)][:MAX_PII_SHOWN]
            kinds = [kind for spans, _, _ in found for _, _, kind in spans]
            for h, where in shown:
                loc = Location(source=where, line=h.line, column=h.column, snippet=h.snippet)
                path_of = "$.title" if where == "$.title" else ("$.text" if where == "$.text" else "$.text_file")
                _f(out, check, Severity.PROBLEM, path_of,
                   f"含个人信息({pii.KIND_ZH[h.kind]} {h.masked}):{where} 第{h.line}行第{h.column}列 “{h.snippet}”",
                   f"personal information ({pii.KIND_EN[h.kind]} {h.masked}) at {where} line {h.line}, column {h.column}: “{h.snippet}”",
                   rule, origin, where=loc)
            if len(kinds) > MAX_PII_SHOWN:
                rest = Counter(kinds[MAX_PII_SHOWN:])
                _f(out, check, Severity.PROBLEM, "$.text",
                   f"另有 {len(kinds) - MAX_PII_SHOWN} 处个人信息未逐一列出("
                   + "、".join(f"{pii.KIND_ZH[k]} {n} 处" for k, n in sorted(rest.items())) + ")",
                   f"{len(kinds) - MAX_PII_SHOWN} more places with personal information, not listed one by one ("
                   + ", ".join(f"{pii.KIND_EN[k]}: {n}" for k, n in sorted(rest.items())) + ")",
                   rule, origin)
            if kinds:
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
