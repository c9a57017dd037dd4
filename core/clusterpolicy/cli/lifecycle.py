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

from ..lifecycle.render import quota_text, status_text, timeline_text
from ..limits import MAX_DATE, MIN_DATE
from . import app as cli


def register(subparsers, common: argparse.ArgumentParser) -> None:

    p = subparsers.add_parser("timeline", parents=[common], help="every dated obligation of a recognised cluster, with its status")
    p.add_argument("record", help="recognition record (.toml or .json; - reads standard input)")
    p.add_argument("--as-of", type=cli._date, help="date YYYY-MM-DD the statuses are for (default: today)")
    p.add_argument("--soon", type=cli.count("a number of days"), default=None, metavar="DAYS", help="days before a due day an open item is 'due soon' (default: 30)")
    p.add_argument("--ics", metavar="FILE", help="also write the dated items as an iCalendar file (RFC 5545)")
    p.set_defaults(run=cmd_timeline)

    p = subparsers.add_parser("status", parents=[common], help="lifecycle state of a recognised cluster and its revocation grounds")
    p.add_argument("record", help="recognition record (.toml or .json; - reads standard input)")
    p.add_argument("--as-of", type=cli._date, help="date YYYY-MM-DD of the assessment (default: today)")
    p.set_defaults(run=cmd_status)

    p = subparsers.add_parser("quota", parents=[common], help="check a recommendation list against a call's quota and deadline")
    p.add_argument("recommendations", help="recommendation list (.toml or .json; - reads standard input)")
    p.add_argument("--call", type=cli.count("a year", minimum=MIN_DATE.year, maximum=MAX_DATE.year), help="year of the call (default: the list's 'call')")
    p.add_argument("--as-of", type=cli._date, help="date YYYY-MM-DD of the check (default: today)")
    p.set_defaults(run=cmd_quota)


def _document(args: argparse.Namespace, kind: str, result) -> dict | None:
    """The JSON document, made only when JSON is asked for (a long timeline's costs a third of the run)."""
    from ..documents import to_json

    if args.format != "json":
        return None
    document = to_json(result)
    assert document["kind"] == kind
    return document


def _load(args: argparse.Namespace):
    from ..lifecycle.record import load_record, regime_for_record

    record = load_record(args.record)
    regime = regime_for_record(cli.regimes_for(args), record, source="<stdin>" if args.record == "-" else str(args.record))
    return record, regime


def cmd_timeline(args: argparse.Namespace) -> int:
    from ..lifecycle.results import DUE_SOON_DAYS
    from ..lifecycle.terms import record_key
    from ..lifecycle.timeline import timeline

    record, regime = _load(args)
    as_of = args.as_of or date.today()
    tl = timeline(regime, record, as_of, soon=DUE_SOON_DAYS if args.soon is None else args.soon)
    if args.ics:
        from ..files import write_text
        from ..lifecycle.ics import to_ics

        write_text(args.ics, to_ics(tl, record_key(record), lang=args.lang))
    cli.emit(args, _document(args, "timeline", tl), lambda: timeline_text(tl, args.lang, ics=args.ics))
    return cli.EXIT_OK


def cmd_status(args: argparse.Namespace) -> int:
    from ..lifecycle.status import status

    record, regime = _load(args)
    st = status(regime, record, args.as_of or date.today())
    cli.emit(args, _document(args, "lifecycle_status", st), lambda: status_text(st, args.lang))
    return cli.EXIT_OK


def cmd_quota(args: argparse.Namespace) -> int:
    from ..lifecycle.quota import check_list
    from ..lifecycle.record import load_recommendations

    recs = load_recommendations(args.recommendations)
    result = check_list(cli.regimes_for(args), recs, args.call, args.as_of or date.today(), str(args.recommendations))
    cli.emit(args, _document(args, "quota_check", result), lambda: quota_text(result, args.lang))
    return cli.EXIT_OK
