"""The HTTP API as data: one :class:`Endpoint` per operation.

Nothing here imports a web framework: :mod:`clusterpolicy.http.server` turns the table into routes,
and :func:`clusterpolicy.http.openapi.openapi_document` turns the same table into the OpenAPI
description, so the served routes and the document cannot drift apart (``tests/test_http_openapi.py``
checks both against ``docs/openapi.json``).

The profile is posted as the request body, byte for byte the file the CLI reads
(``application/json`` or ``application/toml``), and options are query parameters named like the
CLI's (``?regime=national&regime=hainan&as_of=2025-05-20``). Responses are the CLI's
``--format json`` documents (:func:`clusterpolicy.documents.to_json`, ``schema_version``), made by the
one converter; errors carry the CLI's field-path messages.

Adding an operation is one :class:`Endpoint` row: a handler ``(regimes, query, body) -> document``
(or a :class:`~.handlers.Download` for a spreadsheet or JSON Lines) and the schemas it reads and
writes; the newer handlers are in :mod:`.handlers`. ``cases check`` is served with the text inline
only (the server never reads files a submission names, so a client cannot probe the server's
disk). Not served on purpose: ``cases summary`` (writes files) and ``timeline --ics``.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any


from ..api import compare, regimes_document
from ..criteria.profile import Profile
from ..criteria.whatif import http_set_pattern
from ..documents import SCHEMA_VERSION, to_json
from ..errors import InputError, shorten
from ..cases.submission import Submission
from ..lifecycle.record import Record, Recommendations
from ..model import NON_BLANK_PATTERN, Level, frozen
from ..regimes.build import Regimes
from ..regimes.families import FAMILIES
from . import handlers
from .problems import BODY_SOURCE, HTTPProblem
from .query import QueryProblem, known_family, known_regime, provincial_regime

#: Default limit on request bodies; a profile is a few kilobytes.
DEFAULT_MAX_BODY = 1024 * 1024
#: The page's assets (``/static/{name}``) and their media types.
ASSETS = {
    "index.html": "text/html; charset=utf-8",
    "app.js": "text/javascript; charset=utf-8",
    "input.js": "text/javascript; charset=utf-8",
    "pathway.js": "text/javascript; charset=utf-8",
    "style.css": "text/css; charset=utf-8",
}


def regime_ids(regimes: Regimes) -> list[str]:
    """The loaded regimes' ids (the values of every ``regime`` parameter)."""
    return list(regimes)


def provincial_ids(regimes: Regimes) -> list[str]:
    """The loaded provincial regimes' ids (the values of ``pathway``'s ``province``)."""
    return [rid for rid, r in regimes.items() if r.jurisdiction.level is Level.PROVINCIAL]


def parent_regime(regimes: Regimes) -> str | None:
    """An example of a regime another one inherits from (the national one, with the built-ins)."""
    return next((r.jurisdiction.parent for r in regimes.values() if r.jurisdiction.parent in regimes), None)


def child_regime(regimes: Regimes) -> str | None:
    """An example of a regime that inherits from :func:`parent_regime` (a province)."""
    parent = parent_regime(regimes)
    return next((rid for rid, r in regimes.items() if parent and r.jurisdiction.parent == parent), None)


@frozen(kw_only=True)
class Param:
    """A query parameter (named as the CLI option is)."""

    name: str
    description: str
    kind: str = "string"  #: "string", "date" or "integer" (0 or more)
    required: bool = False
    repeated: bool = False
    where: str = "query"  #: "query", or "path" (a ``{name}`` segment of the path; give it required=True)
    #: the values it takes (OpenAPI ``enum``): fixed, or a function of the loaded regimes (e.g. their ids)
    values: tuple[str, ...] | Callable[[Regimes], Sequence[str]] = ()
    #: a realistic value (OpenAPI ``example``): fixed, or a function of the loaded regimes
    example: str | Callable[[Regimes], str | None] | None = None
    #: the pattern every value matches (OpenAPI ``pattern``), checked by the handler too
    pattern: str | None = None
    #: checks a value against the loaded regimes (:func:`.query.read_query`): a problem, or ``None``
    check: Callable[[Regimes, str], QueryProblem | None] | None = None

    def choices(self, regimes: Regimes | None) -> list[str]:
        if callable(self.values):
            return list(self.values(regimes)) if regimes else []
        return list(self.values)

    def example_value(self, regimes: Regimes | None) -> str | None:
        if callable(self.example):
            return self.example(regimes) if regimes else None
        return self.example


@frozen(kw_only=True)
class Endpoint:
    """One operation of the API."""

    method: str
    path: str
    operation_id: str
    summary: str
    handler: Callable[[Regimes, Mapping[str, Any], Any], dict[str, Any]]
    params: tuple[Param, ...] = ()
    body: type | None = None  #: attrs class the body is structured into (TOML or JSON); ``str``: plain text; ``bytes``: (media type, raw bytes, declared charset or None)
    #: what the handler also requires of the body, as JSON Schema (combined with the class's), given the loaded regimes
    body_rules: Callable[[Regimes | None], dict[str, Any]] | None = None
    response: Callable[[Any], dict[str, Any]] = lambda c: {"type": "object"}  #: given the openapi.Components
    media: tuple[str, ...] = ("application/json",)  #: media types of the 200 response; a non-JSON one is a handlers.Download
    errors: tuple[int, ...] = ()
    description: str = ""


# --- handlers: (regimes, parsed query, structured body) -> JSON document --------------------------


def _regimes(regimes: Regimes, query: Mapping[str, Any], body: Any) -> dict[str, Any]:
    return regimes_document(regimes)


def _schema(regimes: Regimes, query: Mapping[str, Any], body: Any) -> dict[str, Any]:
    from ..documents import INPUTS, OUTPUTS
    from ..schema import schema_of

    name = query.get("document", "profile")
    if name not in INPUTS and name not in OUTPUTS:
        raise HTTPProblem(404, f"unknown document {shorten(name)} (known: {', '.join([*INPUTS, *OUTPUTS])})")
    return schema_of(name)


def _document_names(regimes: Regimes) -> list[str]:
    from ..documents import INPUTS, OUTPUTS

    return [*INPUTS, *OUTPUTS]


def _evaluate(regimes: Regimes, query: Mapping[str, Any], body: Profile) -> dict[str, Any]:
    regimes.check_declarations(body)
    return to_json(regimes[query["regime"]].evaluate(body, query.get("as_of")))


def _compare(regimes: Regimes, query: Mapping[str, Any], body: Profile) -> dict[str, Any]:
    regimes.check_declarations(body)
    return to_json(compare(body, regimes.select(query.get("regime") or []), query.get("as_of")))


def _diff(regimes: Regimes, query: Mapping[str, Any], body: Any) -> dict[str, Any]:
    from ..convert import unstructure
    from ..regimes.diff import diff_regimes

    return {"schema_version": SCHEMA_VERSION, "kind": "diff", "diff": unstructure(diff_regimes(regimes[query["a"]], regimes[query["b"]]))}


def _timeline(regimes: Regimes, query: Mapping[str, Any], record: Any) -> dict[str, Any]:
    from ..lifecycle.record import regime_for_record
    from ..lifecycle.results import DUE_SOON_DAYS
    from ..lifecycle.timeline import timeline

    regime = regime_for_record(regimes, record, source=BODY_SOURCE)
    return to_json(timeline(regime, record, query.get("as_of") or date.today(), soon=query.get("soon", DUE_SOON_DAYS)))


def _status(regimes: Regimes, query: Mapping[str, Any], record: Any) -> dict[str, Any]:
    from ..lifecycle.record import regime_for_record
    from ..lifecycle.status import status

    regime = regime_for_record(regimes, record, source=BODY_SOURCE)
    return to_json(status(regime, record, query.get("as_of") or date.today()))


def _suggest(regimes: Regimes, query: Mapping[str, Any], text: str) -> dict[str, Any]:
    from ..cases.suggest import suggest_categories
    from ..convert import unstructure

    if not text.strip():
        raise HTTPProblem(422, f"{BODY_SOURCE}: the text is empty", ["the text is empty"])
    regime = regimes[query.get("regime", "national")]
    ranked = suggest_categories(text, regime)
    top = query.get("top", 3)
    shown = ranked[:top] if top else ranked
    return {
        "schema_version": SCHEMA_VERSION, "kind": "case_suggestions", "regime": regime.id, "source": BODY_SOURCE,
        "suggestions": unstructure(shown),
    }


# --- schemas --------------------------------------------------------------------------------------

def _doc(kind: str, module: str, cls_name: str) -> Callable[[Any], dict[str, Any]]:
    """Response schema of the versioned document ``kind`` holding a ``module.cls_name`` (given the
    :class:`~.openapi.Components` being collected)."""

    def schema(c: Any) -> dict[str, Any]:
        return c.document(kind, getattr(__import__(module, fromlist=[cls_name]), cls_name))

    return schema


_REGIME = "Regime (jurisdiction) id, e.g. national."
_AS_OF = "Assessment date YYYY-MM-DD (default: the profile's assessment_date, else today)."
_PROFILE_ERRORS = (400, 404, 413, 415, 422)

_RECORD_ERRORS = (400, 413, 415, 422)

#: The API. Order is the order of the OpenAPI document.
ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint(
        method="GET",
        path="/api/regimes",
        operation_id="listRegimes",
        summary="List regimes: jurisdictions, parents, sources, rule counts (as `clusterpolicy regimes --format json`).",
        handler=_regimes,
        response=_doc("regimes", "clusterpolicy.regimes.listing", "RegimeListing"),
        errors=(400,),  # an unknown query parameter
    ),
    Endpoint(
        method="GET",
        path="/api/regimes/{regime}/rules",
        operation_id="regimeRules",
        summary="Every rule a regime applies, each with its requirement in words, citation, provenance and origin, and the parent's rules it removes (with reason and citation).",
        handler=handlers.regime_rules,
        params=(Param(name="regime", description=_REGIME, where="path", required=True, values=regime_ids),),
        response=_doc("regime_rules", "clusterpolicy.regimes.listing", "RegimeRules"),
        errors=(404,),
    ),
    Endpoint(
        method="GET",
        path="/api/regimes/{regime}/rules/{rule}",
        operation_id="regimeRule",
        summary="One rule of a regime by id.",
        handler=handlers.regime_rule,
        params=(
            Param(name="regime", description=_REGIME, where="path", required=True, values=regime_ids),
            Param(name="rule", description="Rule id, e.g. core.output (the ids of every loaded regime's rules).", where="path", required=True, values=handlers.rule_ids),
            Param(name="family", description="Rule family, when one id is used in several (criteria, timelines, …).", values=tuple(FAMILIES),
                  check=known_family),
        ),
        response=_doc("regime_rule", "clusterpolicy.regimes.listing", "RegimeRule"),
        description="A rule id the regime does not have is a 404; one it uses in several families, without `family`, is a "
        "300 Multiple Choices listing them; an empty or unknown `family` is a 400 listing the families.",
        errors=(300, 400, 404),
    ),
    Endpoint(
        method="GET",
        path="/api/glossary",
        operation_id="glossary",
        summary="Every term the outputs show (statuses, verdicts, provenance, …) in Chinese and English: the one glossary the CLI and the page use.",
        handler=handlers.glossary,
        response=_doc("glossary", "clusterpolicy.shapes", "Glossary"),
    ),
    Endpoint(
        method="GET",
        path="/api/schema",
        operation_id="documentSchema",
        summary="JSON Schema of a document clusterpolicy reads or writes (as `clusterpolicy schema [DOCUMENT]`).",
        handler=_schema,
        params=(Param(name="document", description="profile (default), record, submission, … or an output kind such as comparison.", values=_document_names),),
        response=lambda c: {"type": "object", "description": "A JSON Schema (draft 2020-12) document."},
        errors=(400, 404),
    ),
    Endpoint(
        method="POST",
        path="/api/evaluate",
        operation_id="evaluate",
        summary="Evaluate a profile under one regime (as `clusterpolicy evaluate PROFILE --regime R --format json`).",
        handler=_evaluate,
        params=(Param(name="regime", description=_REGIME, required=True, values=regime_ids, check=known_regime), Param(name="as_of", description=_AS_OF, kind="date")),
        body=Profile,
        response=_doc("assessment", "clusterpolicy.criteria.results", "Assessment"),
        errors=_PROFILE_ERRORS,
    ),
    Endpoint(
        method="POST",
        path="/api/compare",
        operation_id="compare",
        summary="Evaluate a profile under several regimes side by side (as `clusterpolicy compare PROFILE -r A -r B --format json`).",
        description="Criterion rows × regime columns; `differs` says what differs in a row. "
        "Without `regime`, every installed regime, roots first.",
        handler=_compare,
        params=(
            Param(name="regime", description=_REGIME + " Repeat for several; default: all.", repeated=True, values=regime_ids, check=known_regime),
            Param(name="as_of", description=_AS_OF, kind="date"),
        ),
        body=Profile,
        response=_doc("comparison", "clusterpolicy.criteria.results", "Comparison"),
        errors=_PROFILE_ERRORS,
    ),
    Endpoint(
        method="POST",
        path="/api/pathway",
        operation_id="pathway",
        summary="The ladder to recognition for a profile: its province's regime (if loaded), then national; per rung what fails "
        "with its margin, the inputs missing, the declarations needed, labelled projections and the next known call "
        "(as `clusterpolicy pathway PROFILE --format json`).",
        handler=handlers.pathway,
        params=(
            Param(name="province", description="The provincial regime (id), instead of matching the profile's province by name.",
                  values=provincial_ids, check=provincial_regime),
            Param(name="as_of", description=_AS_OF, kind="date"),
        ),
        body=Profile,
        response=_doc("pathway", "clusterpolicy.pathways.results", "Pathway"),
        errors=_PROFILE_ERRORS,
    ),
    Endpoint(
        method="POST",
        path="/api/whatif",
        operation_id="whatif",
        summary="Re-evaluate a profile with some values changed and report only what the changes flip, per regime "
        "(as `clusterpolicy whatif PROFILE --set PATH=VALUE … --format json`).",
        handler=handlers.whatif,
        params=(
            Param(name="set", description="PATH=VALUE: a per-year figure (years.<year>.<figure>) or a firm count (firms.<count>) and "
                  "its new value as in the profile file (repeatable, each path once; at least one), e.g. years.2024.total_output=42. "
                  "`clusterpolicy whatif --set` takes any profile path.",
                  repeated=True, required=True, pattern=http_set_pattern(), example="years.2024.total_output=42"),
            Param(name="regime", description=_REGIME + " Repeat for several; default: all.", repeated=True, values=regime_ids, check=known_regime),
            Param(name="as_of", description=_AS_OF, kind="date"),
        ),  # fmt: skip
        body=Profile,
        response=_doc("whatif", "clusterpolicy.criteria.whatif", "WhatIf"),
        errors=_PROFILE_ERRORS,
    ),
    Endpoint(
        method="POST",
        path="/api/compare/table",
        operation_id="compareTable",
        summary="The comparison as a spreadsheet: XLSX (a sheet of criteria × regimes with status, requirement, margin, reason, citation and provenance, and a sheet of verdicts) or CSV (UTF-8 with a byte-order mark, for Excel). No text cell is a formula.",
        handler=handlers.compare_table,
        params=(
            Param(name="regime", description=_REGIME + " Repeat for several; default: all.", repeated=True, values=regime_ids, check=known_regime),
            Param(name="as_of", description=_AS_OF, kind="date"),
            Param(name="format", description="xlsx (default) or csv.", values=tuple(handlers.SHEET_MEDIA)),
            Param(name="lang", description="Language of headers and values: zh (default) or en.", values=("zh", "en")),
        ),
        body=Profile,
        media=tuple(handlers.SHEET_MEDIA.values()),
        errors=_PROFILE_ERRORS,
    ),
    Endpoint(
        method="GET",
        path="/api/diff",
        operation_id="diff",
        summary="What regime B changes relative to regime A (as `clusterpolicy diff A B --format json`).",
        handler=_diff,
        params=(
            Param(name="a", description="Regime A, the reference.", required=True, values=regime_ids, example=parent_regime, check=known_regime),
            Param(name="b", description="Regime B, the one described.", required=True, values=regime_ids, example=child_regime, check=known_regime),
        ),
        response=_doc("diff", "clusterpolicy.regimes.diff", "RegimeDiff"),
        errors=(400, 404),
    ),
    Endpoint(
        method="POST",
        path="/api/timeline",
        operation_id="timeline",
        summary="Every dated obligation of a recognised cluster, with its status (as `clusterpolicy timeline RECORD --format json`).",
        handler=_timeline,
        params=(
            Param(name="as_of", description="Date the statuses are for (default: today).", kind="date"),
            Param(name="soon", description="Days before a due day an open item is 'due soon' (default: 30).", kind="integer"),
        ),
        body=Record,
        response=_doc("timeline", "clusterpolicy.lifecycle.results", "Timeline"),
        errors=_RECORD_ERRORS,
    ),
    Endpoint(
        method="POST",
        path="/api/status",
        operation_id="lifecycleStatus",
        summary="Lifecycle state of a recognised cluster and its revocation grounds (as `clusterpolicy status RECORD --format json`).",
        handler=_status,
        params=(Param(name="as_of", description="Date of the assessment (default: today).", kind="date"),),
        body=Record,
        response=_doc("lifecycle_status", "clusterpolicy.lifecycle.results", "LifecycleStatus"),
        errors=_RECORD_ERRORS,
    ),
    Endpoint(
        method="POST",
        path="/api/cases/suggest",
        operation_id="suggestCaseCategories",
        summary="Case categories proposed for a case text, with the terms that matched (as `clusterpolicy cases suggest FILE --format json`).",
        handler=_suggest,
        params=(
            Param(name="regime", description="Regime whose categories to use (default: national).", values=regime_ids, check=known_regime),
            Param(name="top", description="How many categories (default: 3; 0 = all that match).", kind="integer"),
        ),
        body=str,
        response=_doc("case_suggestions", "clusterpolicy.cases.results", "SuggestionList"),
        errors=(400, 404, 413, 415, 422),
    ),
    Endpoint(
        method="POST",
        path="/api/cases/check",
        operation_id="checkCaseSubmission",
        summary="Check a typical-case submission against a regime's call (as `clusterpolicy cases check SUBMISSION -r R --format json`).",
        description="The text must be inline (`text`): over HTTP the server never reads files a submission names "
        "(`text_file`, `documents[].file` are refused with 422).",
        handler=handlers.case_check,
        params=(Param(name="regime", description="Regime whose call the submission answers.", required=True, values=regime_ids, check=known_regime),),
        body=Submission,
        body_rules=lambda regimes: handlers.INLINE_SUBMISSION,
        response=_doc("case_check", "clusterpolicy.cases.results", "CaseCheck"),
        errors=(400, 404, 413, 415, 422),
    ),
    Endpoint(
        method="POST",
        path="/api/quota",
        operation_id="checkQuota",
        summary="A recommendation list against its call's quota and deadline (as `clusterpolicy quota RECOMMENDATIONS --format json`).",
        handler=handlers.quota,
        description="The list names its call (`call`, required here: the command line's `--call` is not an option over HTTP), "
        "one of the calls of the list's regime.",
        params=(Param(name="as_of", description="Date of the check (default: today).", kind="date"),),
        body=Recommendations,
        body_rules=handlers.quota_body,
        response=_doc("quota_check", "clusterpolicy.lifecycle.results", "QuotaCheck"),
        errors=_RECORD_ERRORS,
    ),
    Endpoint(
        method="POST",
        path="/api/batch",
        operation_id="batch",
        summary="Screen a flat file of clusters (CSV, JSON Lines or XLSX, as `clusterpolicy batch`): JSON Lines back, one `batch_row` per input row.",
        description="The header is checked first: a file that cannot be read as a table (empty, not a workbook, a header naming "
        "an unknown or repeated column, or no `name` column) answers with one line for its header (row 1) whose `errors` "
        "say why. A bad row is a row with `errors`; the others are evaluated. `clusterpolicy schema batch_row` is the "
        "schema of each line; the columns are the profile's paths (see the README, *Batch screening*).",
        handler=handlers.batch,
        params=(
            Param(name="regime", description=_REGIME + " Repeat for several; default: all.", repeated=True, values=regime_ids, check=known_regime),
            Param(name="as_of", description="Assessment date for every row (default: each row's, else today).", kind="date"),
        ),
        body=bytes,
        media=("application/x-ndjson",),
        errors=(400, 404, 413, 415),
    ),
)


# --- request parsing (framework-free, so the server glue stays thin; the query's: .query) -----------


_SPACE = NON_BLANK_PATTERN[2:-1]  # the white space class (str.isspace)
#: A text body (:func:`parse_body` drops a leading byte-order mark): something besides white space.
TEXT_PATTERN = f"^(?:[^{_SPACE}\\ufeff]|[{_SPACE}][\\s\\S]*[^{_SPACE}]|\\ufeff[\\s\\S]*[^{_SPACE}])"

JSON_TYPES = ("application/json",)
TOML_TYPES = ("application/toml", "text/toml", "text/x-toml")


def media_type(content_type: str | None) -> tuple[str, str | None]:
    """The media type (lower case) and the codec of its ``charset`` parameter (``None``: none given).

    A charset Python knows as a text encoding is honoured (``gbk``, ``gb18030``, ``big5``, ``utf-16``…);
    any other is a 415 naming it, never a silent UTF-8 reading.
    """
    media, _, parameters = (content_type or "").partition(";")
    charset = None
    for parameter in parameters.split(";") if parameters else ():  # the common case: no parameters
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"')
    if charset is not None:
        from ..text import text_codec

        codec = text_codec(charset)  # a text encoding of files, decoded in linear time (text.TEXT_ENCODINGS)
        if codec is None:
            raise HTTPProblem(415, f"unsupported charset {shorten(charset)}: send UTF-8, or name an encoding such as gbk or gb18030") from None
        charset = codec
    return media.strip().lower(), charset


def parse_body(endpoint: Endpoint, raw: bytes, content_type: str | None, content_encoding: str | None = None) -> Any:
    """Decode (the content type's charset; without one UTF-8, or UTF-16 or UTF-32 after its byte-order mark, as
    the CLI reads a file; a leading byte-order mark dropped), parse (JSON or TOML by content type) and
    structure the body with the one converter.

    Syntax errors are 400, schema errors 422 — both with the CLI's messages. A body sent with a
    ``Content-Encoding`` (gzip, …) is a 415: it is never read as if it were plain.
    """
    from ..convert import parse_document, structure

    if endpoint.body is None:
        return None
    if content_encoding is not None and any(c.strip().lower() not in ("", "identity") for c in content_encoding.split(",")):  # every header, every coding
        raise HTTPProblem(415, f"unsupported Content-Encoding {shorten(content_encoding)}: send the body as it is, without a Content-Encoding header")
    media, charset = media_type(content_type)
    if endpoint.body is bytes:
        return media, raw, charset
    if charset is None and raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):  # before UTF-16: UTF-32 LE's mark begins like it
        encoding = "utf-32"
    else:
        encoding = charset or ("utf-16" if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else "utf-8")  # Notepad's "Unicode"
    try:
        text = raw.decode(encoding).removeprefix("\ufeff")  # a byte-order mark is dropped, as from a file
    except UnicodeError as exc:  # UnicodeDecodeError says where
        shown = "UTF-8" if encoding == "utf-8" else encoding
        if isinstance(exc, UnicodeDecodeError):
            from ..reading import decode_position

            line, column = decode_position(exc, encoding)
            where = f"{exc.reason} at line {line}, column {column}, byte offset {exc.start}"
        else:
            where = str(exc)
        hint = f": send UTF-8, or declare its charset: Content-Type: {media or 'text/plain'}; charset=gb18030" if encoding == "utf-8" and charset is None else ""
        problem = f"not {shown} text ({where}){hint}"
        raise HTTPProblem(400, f"{BODY_SOURCE}: {problem}", [problem]) from None
    if endpoint.body is str:
        if media not in ("", "text/plain", "text/markdown"):
            raise HTTPProblem(415, f"unsupported content type {shorten(media)}: send text/plain")
        return text
    if media in JSON_TYPES:
        as_json = True
    elif media in TOML_TYPES:
        as_json = False
    elif media in ("", "text/plain"):
        as_json = text.lstrip().startswith("{")  # as the CLI reads standard input
    else:
        raise HTTPProblem(415, f"unsupported content type {shorten(media)}: send application/json or application/toml")
    try:
        data = parse_document(text, BODY_SOURCE, as_json=as_json)
    except InputError as exc:
        raise HTTPProblem.from_input(400, exc) from None
    try:
        return structure(data, endpoint.body, BODY_SOURCE, depth_checked=True)
    except InputError as exc:
        raise HTTPProblem.from_input(422, exc) from None
