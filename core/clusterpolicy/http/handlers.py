"""Handlers of the API's newer operations (their rows are in :data:`.endpoints.ENDPOINTS`): the
glossary, the rules of a regime, a quota check, a typical-case check, the comparison as a
spreadsheet and batch screening. Each is ``(regimes, query, body) -> document | Download``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from attrs import frozen

from ..documents import SCHEMA_VERSION, envelope
from ..regimes.build import Regimes
from .problems import BODY_SOURCE, HTTPProblem



@frozen
class Download:
    """A non-JSON response: bytes with their media type, and the file name a browser saves them as."""

    content: bytes
    media: str
    filename: str | None = None


def glossary(regimes: Regimes, query: Mapping[str, Any], body: Any) -> dict[str, Any]:
    from ..glossary import document

    return envelope("glossary", {"glossary": document()})


def regime_rules(regimes: Regimes, query: Mapping[str, Any], body: Any) -> dict[str, Any]:
    from ..convert import unstructure
    from ..regimes.listing import regime_rules as listing

    return envelope("regime_rules", unstructure(listing(regimes, query["regime"])))


def regime_rule(regimes: Regimes, query: Mapping[str, Any], body: Any) -> dict[str, Any]:
    from ..convert import unstructure
    from ..regimes.listing import regime_rules as listing

    rules = listing(regimes, query["regime"]).rules
    found = [r for r in rules if r.id == query["rule"] and query.get("family") in (None, r.family)]
    if not found:
        raise HTTPProblem(404, f"regime {query['regime']!r} has no rule {query['rule']!r}" + (f" in {query['family']}" if "family" in query else ""))
    if len(found) > 1:
        families = ", ".join(r.family for r in found)
        raise HTTPProblem(400, f"rule id {query['rule']!r} is used in several families ({families}): add ?family=")
    return envelope("regime_rule", {"regime": query["regime"], "rule": unstructure(found[0])})


def quota(regimes: Regimes, query: Mapping[str, Any], recs: Any) -> dict[str, Any]:
    from ..documents import to_json
    from ..lifecycle.quota import check_list

    return to_json(check_list(regimes, recs, query.get("call"), query.get("as_of") or date.today(), BODY_SOURCE))


def case_check(regimes: Regimes, query: Mapping[str, Any], submission: Any) -> dict[str, Any]:
    """Files a submission names are on the client's disk, not the server's: the server never reads them."""
    from ..cases.check import check_submission
    from ..convert import unstructure

    named = (["$.text_file"] if submission.text_file is not None else []) + [
        f"$.documents[{i}].file" for i, d in enumerate(submission.documents) if d.file is not None
    ]
    if named:
        problems = tuple(f"{p}: over HTTP the server does not read files: send the text inline in $.text and leave file paths out" for p in named)
        raise HTTPProblem(422, f"{BODY_SOURCE}: {len(problems)} problem(s)\n" + "\n".join(f"  - {p}" for p in problems), problems)
    report = check_submission(submission, regimes[query["regime"]], base_dir=None, source=BODY_SOURCE)
    return {"schema_version": SCHEMA_VERSION, "kind": "case_check", "case_check": unstructure(report)}


SHEET_MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def compare_table(regimes: Regimes, query: Mapping[str, Any], profile: Any) -> Download:
    """The comparison as a spreadsheet (CSV with a byte-order mark, or XLSX), in the language asked for."""
    from ..api import compare
    from ..criteria.render import comparison_sheets
    from ..sheets import csv_text, xlsx_bytes

    fmt, lang = query.get("format", "xlsx"), query.get("lang", "zh")
    if fmt not in SHEET_MEDIA or lang not in ("zh", "en"):
        raise HTTPProblem(400, "bad query: format is csv or xlsx, lang is zh or en")
    regimes.check_declarations(profile)
    comparison = compare(profile, regimes.select(query.get("regime") or []), query.get("as_of"))
    sheets = comparison_sheets(comparison, lang)
    if fmt == "csv":
        _, headers, rows = sheets[0]
        content = csv_text(headers, rows).encode("utf-8")
    else:
        content = xlsx_bytes(sheets)
    return Download(content, SHEET_MEDIA[fmt], f"clusterpolicy-comparison.{fmt}")


BATCH_MEDIA = {"text/csv": "csv", "application/x-ndjson": "jsonl", "application/jsonl": "jsonl", SHEET_MEDIA["xlsx"]: "xlsx"}


def batch(regimes: Regimes, query: Mapping[str, Any], body: tuple[str, bytes]) -> Download:
    """``clusterpolicy batch`` on the posted table: JSON Lines back, one ``batch_row`` per row."""
    import tempfile
    from pathlib import Path

    from ..batch.output import write_batch

    media, raw = body
    fmt = BATCH_MEDIA.get(media)
    if fmt is None:
        raise HTTPProblem(415, f"unsupported content type {media!r}: send text/csv, application/x-ndjson or an .xlsx workbook")
    with tempfile.TemporaryDirectory(prefix="clusterpolicy-batch-") as folder:
        source, out = Path(folder) / f"input.{fmt}", Path(folder) / "output.jsonl"
        source.write_bytes(raw)
        write_batch(source, out, regimes.select(query.get("regime") or []), as_of=query.get("as_of"), in_format=fmt, out_format="jsonl")
        content = out.read_bytes()
    return Download(content, "application/x-ndjson")


def pathway(regimes: Regimes, query: Mapping[str, Any], profile: Any) -> dict[str, Any]:
    """``clusterpolicy pathway`` on the posted profile."""
    from ..api import pathway as build
    from ..documents import to_json

    return to_json(build(profile, regimes, query.get("as_of"), query.get("province")))


def whatif(regimes: Regimes, query: Mapping[str, Any], profile: Any) -> dict[str, Any]:
    """``clusterpolicy whatif`` on the posted profile: each ``set`` is ``PATH=VALUE``."""
    from ..api import whatif as run
    from ..criteria.whatif import parse_set
    from ..documents import to_json
    from ..errors import InputError

    try:
        changes = [parse_set(text, "set") for text in query.get("set") or []]
    except InputError as exc:
        raise HTTPProblem(400, f"bad query: {exc}", exc.problems) from None
    if not changes:
        raise HTTPProblem(400, "bad query: set: required query parameter missing (PATH=VALUE, repeatable)")
    regimes.check_declarations(profile)
    return to_json(run(profile, regimes.select(query.get("regime") or []), changes, query.get("as_of"), source=f"{BODY_SOURCE} with set"))
