"""Handlers of the API's newer operations (their rows are in :data:`.endpoints.ENDPOINTS`): the
glossary, the rules of a regime, a quota check, a typical-case check, the comparison as a
spreadsheet and batch screening. Each is ``(regimes, query, body) -> document | Download``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from ..documents import SCHEMA_VERSION, envelope
from ..errors import InputError, did_you_mean, shorten
from ..model import frozen
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
        family = [r.id for r in rules if query.get("family") in (None, r.family)]
        raise HTTPProblem(404, f"regime {query['regime']!r} has no rule {query['rule']!r}" + (f" in {query['family']}" if "family" in query else "")
                          + did_you_mean(query["rule"], family))  # fmt: skip
    if len(found) > 1:  # 300 Multiple Choices: each is the same path with ?family=
        from urllib.parse import quote

        error = f"rule id {query['rule']!r} is used in several families ({', '.join(r.family for r in found)}): add ?family="
        href = f"/api/regimes/{quote(query['regime'])}/rules/{quote(query['rule'])}?family="
        raise HTTPProblem(300, error, body={"error": error, "choices": [{"family": r.family, "href": href + r.family} for r in found]})
    return envelope("regime_rule", {"regime": query["regime"], "rule": unstructure(found[0])})


def rule_ids(regimes: Regimes) -> list[str]:
    """The ids of every loaded regime's rules (the values of the ``rule`` path parameter)."""
    from ..regimes.listing import regime_rules as listing

    return sorted({r.id for rid in regimes for r in listing(regimes, rid).rules})


def quota(regimes: Regimes, query: Mapping[str, Any], recs: Any) -> dict[str, Any]:
    """Over HTTP the list names its call (``call``): no option may disagree with it (:func:`quota_body`)."""
    from ..documents import to_json
    from ..lifecycle.quota import check_list

    return to_json(check_list(regimes, recs, None, query.get("as_of") or date.today(), BODY_SOURCE))


def quota_body(regimes: Regimes | None) -> dict[str, Any]:
    """What the quota operation's list must also be (JSON Schema): it names its call, one the
    list's regime has, and a submitter kind that call knows (listed when the regimes are known)."""
    import attrs

    from ..lifecycle.quota import calls
    from ..lifecycle.record import Recommendations

    out: dict[str, Any] = {"required": ["call"], "properties": {"call": {"type": "integer"}}}
    if regimes:
        default = attrs.fields(Recommendations).regime.default
        out["allOf"] = [
            {
                "if": {"properties": {"regime": {"const": rid}}, **({} if rid == default else {"required": ["regime"]})},
                "then": _call_rules(known) if (known := calls(regimes[rid])) else False,
            }
            for rid in regimes
        ]
    return out


def _call_rules(known: Mapping[int, Sequence[str] | None]) -> dict[str, Any]:
    kinds = [
        {"if": {"properties": {"call": {"const": year}}}, "then": {"properties": {"submitter_kind": {"enum": list(names)}}}}
        for year, names in known.items()
        if names is not None
    ]
    return {"properties": {"call": {"enum": list(known)}}, **({"allOf": kinds} if kinds else {})}


#: Over HTTP a submission's text is inline: the server never reads the files it names (:func:`case_check`).
INLINE_SUBMISSION = {
    "properties": {"text_file": {"type": "null"}, "documents": {"items": {"properties": {"file": {"type": "null"}}}}},
}


def case_check(regimes: Regimes, query: Mapping[str, Any], submission: Any) -> dict[str, Any]:
    """Files a submission names are on the client's disk, not the server's: the server never reads them."""
    from ..cases.check import check_submission
    from ..convert import unstructure

    named = (["$.text_file"] if submission.text_file is not None else []) + [
        f"$.documents[{i}].file" for i, d in enumerate(submission.documents) if d.file is not None
    ]
    if named:
        problems = [f"{p}: over HTTP the server does not read files: send the text inline in $.text and leave file paths out" for p in named]
        raise HTTPProblem.from_input(422, InputError(BODY_SOURCE, problems))
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
    wrong = ([f"format: expected csv or xlsx; got {shorten(fmt)}"] if fmt not in SHEET_MEDIA else []) + (
        [f"lang: expected zh or en; got {shorten(lang)}"] if lang not in ("zh", "en") else [])  # fmt: skip
    if wrong:
        raise HTTPProblem.bad_query(wrong)
    regimes.check_declarations(profile)
    comparison = compare(profile, regimes.select(query.get("regime") or []), query.get("as_of"))
    sheets = comparison_sheets(comparison, lang)
    if fmt == "csv":
        _, headers, rows = sheets[0]
        content = csv_text(headers, rows).encode("utf-8")
    else:
        content = xlsx_bytes(sheets)
    return Download(content, SHEET_MEDIA[fmt], f"clusterpolicy-comparison.{fmt}")


#: A small table for the batch operation's documentation (and for clients trying it out).
BATCH_EXAMPLE = "name,area_km2,years.2024.total_output,years.2024.sme_output\n示例集群,12.5,45,33\n"

BATCH_MEDIA = {"text/csv": "csv", "application/x-ndjson": "jsonl", "application/jsonl": "jsonl", SHEET_MEDIA["xlsx"]: "xlsx"}


#: A row's decoding error with the command line's advice (``batch.table.undecodable``).
_CLI_DECODE_HINT = re.compile(r"((?:row [0-9]+|header): cannot decode byte 0x[0-9a-f]{2} as [A-Za-z0-9_-]+ \((?:column [^;)]*; )?)"
                              r"a file saved by Excel on Chinese Windows: try --encoding gb18030\)")


def _http_decode_hint(content: bytes, media: str) -> bytes:
    """Over HTTP the advice is to declare the body's charset, not an option of the command line
    (each line of the JSON Lines that gives it: its ``errors`` and their Chinese)."""
    if b"try --encoding gb18030" not in content:
        return content
    import json

    from ..messages import said

    hint = f"a file saved by Excel on Chinese Windows: declare its charset: Content-Type: {media}; charset=gb18030)"
    lines = content.split(b"\n")
    for i, line in enumerate(lines):
        if b"try --encoding gb18030" in line:
            row = json.loads(line)
            row["errors"] = [_CLI_DECODE_HINT.sub(lambda m: m[1] + hint, e) for e in row["errors"]]
            row["errors_zh"] = [said(e, "zh") for e in row["errors"]]
            lines[i] = json.dumps(row, ensure_ascii=False).encode("utf-8")
    return b"\n".join(lines)


def batch(regimes: Regimes, query: Mapping[str, Any], body: tuple[str, bytes, str | None]) -> Download:
    """``clusterpolicy batch`` on the posted table: JSON Lines back, one ``batch_row`` per row.

    Any bytes of a supported type are a file the server answers: one it cannot read as a table
    (empty, not a workbook, a header naming an unknown or repeated column) answers with one line,
    the header's (row 1), whose ``errors`` say why, as a bad row's do; no other row is read.
    """
    import json
    import tempfile
    from pathlib import Path

    from ..batch.output import write_batch
    from ..batch.readers import open_table
    from ..messages import said

    media, raw, charset = body
    fmt = BATCH_MEDIA.get(media)
    if fmt is None:
        raise HTTPProblem(415, f"unsupported content type {media!r}: send text/csv, application/x-ndjson or an .xlsx workbook")
    selected = regimes.select(query.get("regime") or [])
    if not selected:
        from ..batch.screen import NO_REGIME

        raise InputError("batch", [NO_REGIME])
    with tempfile.TemporaryDirectory(prefix="clusterpolicy-batch-") as folder:
        source, out = Path(folder) / f"input.{fmt}", Path(folder) / "output.jsonl"
        source.write_bytes(raw)
        try:
            # a declared charset is the file's encoding (UTF-8 with or without a BOM); none: UTF-8, else GB18030 if it reads so
            encoding = "utf-8-sig" if charset == "utf-8" else charset
            table = open_table(source, fmt, encoding=encoding, name=BODY_SOURCE)
            write_batch(table, out, selected, as_of=query.get("as_of"), out_format="jsonl")
        except InputError as exc:  # the file as a whole; the problems name no path on the server
            problems = [p.replace(str(source), BODY_SOURCE).replace(folder, BODY_SOURCE) for p in exc.problems]
            line = envelope("batch_row", {"row": 1, "name": None, "errors": problems, "errors_zh": [said(p, "zh") for p in problems]})
            return Download(_http_decode_hint((json.dumps(line, ensure_ascii=False) + "\n").encode("utf-8"), media), "application/x-ndjson")
        content = out.read_bytes()
    return Download(_http_decode_hint(content, media), "application/x-ndjson")


def pathway(regimes: Regimes, query: Mapping[str, Any], profile: Any) -> dict[str, Any]:
    """``clusterpolicy pathway`` on the posted profile."""
    from ..api import pathway as build
    from ..documents import to_json

    return to_json(build(profile, regimes, query.get("as_of"), query.get("province")))


def whatif(regimes: Regimes, query: Mapping[str, Any], profile: Any) -> dict[str, Any]:
    """``clusterpolicy whatif`` on the posted profile: each ``set`` is ``PATH=VALUE``."""
    from ..api import whatif as run
    from ..criteria.whatif import change_problems, parse_set
    from ..documents import to_json

    import re

    from ..criteria.whatif import http_set_pattern

    pattern = http_set_pattern()
    outside = [f"set: {shorten(text)}: expected years.<year>.<figure>=<number> or firms.<count>=<count>" for text in query.get("set") or [] if not re.fullmatch(pattern, text)]
    if outside:
        raise HTTPProblem.bad_query(outside)
    try:
        changes = [parse_set(text, "set") for text in query.get("set") or []]
    except InputError as exc:
        raise HTTPProblem(400, f"bad query: {exc}", exc.problems) from None
    if not changes:
        raise HTTPProblem(400, "bad query: set: required query parameter missing (PATH=VALUE, repeatable)")
    if problems := change_problems(changes):  # a path set twice: the query's problem, not the body's
        raise HTTPProblem.bad_query([f"set: {p}" for p in problems])
    regimes.check_declarations(profile)
    return to_json(run(profile, regimes.select(query.get("regime") or []), changes, query.get("as_of"), source=f"{BODY_SOURCE} with set"))
