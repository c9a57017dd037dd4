"""The JSON documents clusterpolicy reads and writes: the envelope, its version, and their schemas.

Every ``--format json`` output (and every HTTP response) is ``{"schema_version": …, "kind": …,
<kind>: {...}}``; see docs/json-contract.md. :data:`INPUTS` and :data:`OUTPUTS` name the attrs
class behind each document, so ``clusterpolicy schema DOCUMENT``, ``GET /api/schema/{name}`` and
docs/openapi.json are generated from the same classes the converter reads and writes.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any


#: Version of the JSON documents clusterpolicy writes (``schema_version``); see docs/json-contract.md.
SCHEMA_VERSION = "2.0"

#: Documents clusterpolicy reads: name → (module, attrs class, title).
INPUTS: dict[str, tuple[str, str, str]] = {
    "profile": ("clusterpolicy.criteria.profile", "Profile", "clusterpolicy cluster profile"),
    "record": ("clusterpolicy.lifecycle.record", "Record", "clusterpolicy recognition record"),
    "recommendations": ("clusterpolicy.lifecycle.record", "Recommendations", "clusterpolicy recommendation list"),
    "submission": ("clusterpolicy.cases.submission", "Submission", "clusterpolicy typical-case submission"),
}

_CASES = "clusterpolicy.cases.results"
_LISTING = "clusterpolicy.regimes.listing"

#: Versioned documents clusterpolicy writes: kind → (module, attrs class, title). The class is the
#: content under the kind's key (``{"schema_version", "kind", "assessment": {…}}``), or, for the
#: kinds in :data:`FLAT`, the keys beside ``schema_version`` and ``kind``.
OUTPUTS: dict[str, tuple[str, str, str]] = {
    "assessment": ("clusterpolicy.criteria.results", "Assessment", "clusterpolicy assessment document"),
    "comparison": ("clusterpolicy.criteria.results", "Comparison", "clusterpolicy comparison document"),
    "timeline": ("clusterpolicy.lifecycle.results", "Timeline", "clusterpolicy timeline document"),
    "lifecycle_status": ("clusterpolicy.lifecycle.results", "LifecycleStatus", "clusterpolicy lifecycle status document"),
    "quota_check": ("clusterpolicy.lifecycle.results", "QuotaCheck", "clusterpolicy quota check document"),
    "case_check": (_CASES, "CaseCheck", "clusterpolicy typical-case check document"),
    "case_categories": (_CASES, "CategoryListing", "clusterpolicy case categories document"),
    "case_calls": (_CASES, "CallListing", "clusterpolicy case calls document"),
    "case_suggestions": (_CASES, "SuggestionList", "clusterpolicy case category suggestions document"),
    "case_summary": (_CASES, "SummaryWritten", "clusterpolicy case summary document"),
    "case_package": ("clusterpolicy.cases.package", "PackageListing", "clusterpolicy typical-case packages document (one per submitter)"),
    "regimes": (_LISTING, "RegimeListing", "clusterpolicy regimes document"),
    "plugins": (_LISTING, "PluginListing", "clusterpolicy plugins document"),
    "sources": (_LISTING, "SourceListing", "clusterpolicy sources document"),
    "source_text": (_LISTING, "SourceText", "clusterpolicy source text document"),
    "rule_check": (_LISTING, "RuleCheck", "clusterpolicy rule check document"),
    "rule_file": (_LISTING, "RuleFileData", "clusterpolicy rule file document"),
    "regime_rules": (_LISTING, "RegimeRules", "clusterpolicy rules of a regime document"),
    "regime_rule": (_LISTING, "RegimeRule", "clusterpolicy one rule document"),
    "diff": ("clusterpolicy.regimes.diff", "RegimeDiff", "clusterpolicy diff document"),
    "pathway": ("clusterpolicy.pathways.results", "Pathway", "clusterpolicy pathway document (the ladder to recognition)"),
    "whatif": ("clusterpolicy.criteria.whatif", "WhatIf", "clusterpolicy what-if document (what changes to a profile flip)"),
    "batch_summary": ("clusterpolicy.shapes", "BatchSummary", "clusterpolicy batch summary document"),
    "batch_row": ("clusterpolicy.shapes", "BatchRow", "clusterpolicy batch row (one JSON Lines object)"),
    "glossary": ("clusterpolicy.shapes", "Glossary", "clusterpolicy glossary document"),
}

#: Kinds whose content sits beside ``schema_version`` and ``kind`` (``{"schema_version", "kind", "regimes": […]}``).
FLAT = frozenset(
    {
        "case_categories", "case_calls", "case_suggestions", "case_summary", "case_package", "regimes", "plugins", "sources",
        "source_text", "rule_check", "regime_rules", "regime_rule", "batch_row", "glossary",
    }
)  # fmt: skip


def document_class(name: str) -> type:
    """The attrs class behind an input or output document (``KeyError`` if unknown)."""
    import importlib

    module, cls, _ = INPUTS.get(name) or OUTPUTS[name]
    return getattr(importlib.import_module(module), cls)


def dumps(document: Any) -> str:
    """A document as compact JSON text (UTF-8 characters kept): what ``--format json`` prints."""
    fast = _fast(document)
    return fast.decode("utf-8") if fast is not None else _ENCODER.encode(document)


def dumps_bytes(document: Any) -> bytes:
    """A document as compact JSON in UTF-8: what the HTTP API sends."""
    fast = _fast(document)
    return fast if fast is not None else _ENCODER.encode(document).encode("utf-8")


def _fast(document: Any) -> bytes | None:
    """orjson's encoding of ``document`` — the same bytes as the json module's compact encoder, ~15×
    faster — or None where orjson refuses it (an integer beyond 64 bits, a lone surrogate, a key
    that is not a string, nesting deeper than 254, a date): then the json module decides, as before."""
    encode = _orjson()
    if encode is None:
        return None
    try:
        return encode(document)
    except TypeError:  # orjson.JSONEncodeError
        return None


@functools.cache
def _orjson() -> Callable[[Any], bytes] | None:
    """orjson's encoder (imported on first use), or None where orjson is not installed."""
    try:
        import orjson
    except ImportError:
        return None
    # dates and dataclasses are refused, as the json module refuses them (documents hold their text)
    option = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
    return functools.partial(orjson.dumps, option=option)


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def to_json(result: Any) -> dict[str, Any]:
    """The versioned JSON document for an assessment, comparison, timeline, status, quota check,
    pathway or what-if; anything else is a :class:`TypeError`."""
    cls = type(result)
    kind = getattr(cls, "JSON_KIND", None) or cls.__name__.lower()
    if OUTPUTS.get(kind, ("", ""))[:2] != (cls.__module__, cls.__name__) or kind in FLAT:
        raise TypeError(f"to_json(): expected a result ({', '.join(_results())}); got {cls.__name__}")
    return {"schema_version": SCHEMA_VERSION, "kind": kind, kind: _unstructure()(result)}


def _results() -> list[str]:
    """The classes :func:`to_json` writes a document of."""
    classes = [document_class(kind) for kind in OUTPUTS if kind not in FLAT]
    return [c.__name__ for c in classes if (getattr(c, "JSON_KIND", None) or c.__name__.lower()) in OUTPUTS]


@functools.cache
def _unstructure() -> Callable[[Any], Any]:
    """:func:`clusterpolicy.convert.unstructure`, imported on first use and kept (an import statement
    run at every call costs more than a small document)."""
    from .convert import unstructure

    return unstructure


def envelope(kind: str, content: dict[str, Any]) -> dict[str, Any]:
    """A document of a :data:`FLAT` kind: ``content``'s keys beside ``schema_version`` and ``kind``."""
    return {"schema_version": SCHEMA_VERSION, "kind": kind, **content}
