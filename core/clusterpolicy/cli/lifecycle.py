"""``clusterpolicy timeline | status | quota``: the lifecycle of a recognised cluster.

    clusterpolicy timeline RECORD [--as-of DATE] [--soon DAYS] [--ics FILE]
    clusterpolicy status RECORD [--as-of DATE]
    clusterpolicy quota RECOMMENDATIONS [--call YEAR] [--as-of DATE]

RECORD is a recognition record (``clusterpolicy schema record``), RECOMMENDATIONS a province's
recommendation list (``clusterpolicy schema recommendations``). The as-of date defaults to today.
Exit codes as everywhere: 0 the command ran (whatever it found), 2 bad input, 3 inconsistent plugins.
JSON documents: ``{"schema_version", "kind": "timeline" | "lifecycle_status" | "quota_check", …}``.
"""

from __future__ import annotations

import argparse
from datetime import date

from . import app as cli

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
        "not_yet_valid": "NOT YET VALID", "active": "ACTIVE", "in_review": "IN REVIEW", "expired": "EXPIRED",
        "revocation_grounds_found": "REVOCATION GROUNDS FOUND", "unknown": "UNKNOWN (validity dates missing)",
    },
    "zh": {
        "not_yet_valid": "尚未生效", "active": "有效", "in_review": "复核中", "expired": "已届满",
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


def register(subparsers, common: argparse.ArgumentParser) -> None:

    p = subparsers.add_parser("timeline", parents=[common], help="every dated obligation of a recognised cluster, with its status")
    p.add_argument("record", help="recognition record (.toml or .json; - reads standard input)")
    p.add_argument("--as-of", type=cli._date, help="date YYYY-MM-DD the statuses are for (default: today)")
    p.add_argument("--soon", type=_days, default=None, metavar="DAYS", help="days before a due day an open item is 'due soon' (default: 30)")
    p.add_argument("--ics", metavar="FILE", help="also write the dated items as an iCalendar file (RFC 5545)")
    p.set_defaults(run=cmd_timeline)

    p = subparsers.add_parser("status", parents=[common], help="lifecycle state of a recognised cluster and its revocation grounds")
    p.add_argument("record", help="recognition record (.toml or .json; - reads standard input)")
    p.add_argument("--as-of", type=cli._date, help="date YYYY-MM-DD of the assessment (default: today)")
    p.set_defaults(run=cmd_status)

    p = subparsers.add_parser("quota", parents=[common], help="check a recommendation list against a call's quota and deadline")
    p.add_argument("recommendations", help="recommendation list (.toml or .json; - reads standard input)")
    p.add_argument("--call", type=int, help="year of the call (default: the list's 'call')")
    p.add_argument("--as-of", type=cli._date, help="date YYYY-MM-DD of the check (default: today)")
    p.set_defaults(run=cmd_quota)


def _days(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a number of days (0 or more), got {text!r}")
    return value


def _document(kind: str, result) -> dict:
    from ..documents import to_json

    document = to_json(result)
    assert document["kind"] == kind
    return document


def _load(args: argparse.Namespace):
    from ..lifecycle.record import load_record, regime_for_record

    record = load_record(args.record)
    regime = regime_for_record(cli.regimes_for(args), record, source="<stdin>" if args.record == "-" else str(args.record))
    return record, regime


def _cite(citation, provenance) -> str:
    if citation is None:
        return "(record)"
    return f"{citation.render()} [{provenance.value}]" if provenance else citation.render()


# --- timeline --------------------------------------------------------------------------------


def cmd_timeline(args: argparse.Namespace) -> int:
    from ..lifecycle.results import DUE_SOON_DAYS
    from ..lifecycle.terms import record_key
    from ..lifecycle.timeline import timeline

    record, regime = _load(args)
    as_of = args.as_of or date.today()
    tl = timeline(regime, record, as_of, soon=DUE_SOON_DAYS if args.soon is None else args.soon)
    if args.ics:
        from ..lifecycle.ics import to_ics

        try:
            with open(args.ics, "w", encoding="utf-8", newline="") as fh:
                fh.write(to_ics(tl, record_key(record), lang=args.lang))
        except OSError as exc:
            from ..errors import InputError

            raise InputError(args.ics, [f"cannot write: {exc.strerror or exc}"]) from None
    cli.emit(args, _document("timeline", tl), lambda: timeline_text(tl, args.lang, ics=args.ics))
    return cli.EXIT_OK


def timeline_text(tl, lang: str, ics: str | None = None) -> str:
    from ..render import table

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


# --- status ----------------------------------------------------------------------------------


def cmd_status(args: argparse.Namespace) -> int:
    from ..lifecycle.status import status

    record, regime = _load(args)
    st = status(regime, record, args.as_of or date.today())
    cli.emit(args, _document("lifecycle_status", st), lambda: status_text(st, args.lang))
    return cli.EXIT_OK


def status_text(st, lang: str) -> str:
    from ..render import table

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


# --- quota -----------------------------------------------------------------------------------


def cmd_quota(args: argparse.Namespace) -> int:
    from ..errors import InputError
    from ..lifecycle.quota import check_quota
    from ..lifecycle.record import load_recommendations

    recs = load_recommendations(args.recommendations)
    if args.call is not None and recs.call is not None and args.call != recs.call:
        raise InputError(str(args.recommendations), [f"$.call: the list answers the {recs.call} call, but --call {args.call} was given"])
    year = args.call if args.call is not None else recs.call
    if year is None:
        raise InputError(str(args.recommendations), ["$.call: no call year: give 'call' in the list or --call YEAR"])
    regimes = cli.regimes_for(args)
    if recs.regime not in set(regimes):
        raise InputError(str(args.recommendations), [f"$.regime: unknown regime {recs.regime!r} (known: {', '.join(regimes)})"])
    result = check_quota(regimes[recs.regime], recs, year, args.as_of or date.today())
    cli.emit(args, _document("quota_check", result), lambda: quota_text(result, args.lang))
    return cli.EXIT_OK


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
