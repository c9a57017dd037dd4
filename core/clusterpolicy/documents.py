"""The JSON documents clusterpolicy reads and writes: the envelope, its version, and their schemas.

Every ``--format json`` output (and every HTTP response) is ``{"schema_version": …, "kind": …,
<kind>: {...}}``; see docs/json-contract.md. :data:`INPUTS` and :data:`OUTPUTS` name the attrs
class behind each document, so ``clusterpolicy schema DOCUMENT``, ``GET /api/schema/{name}`` and
docs/openapi.json are generated from the same classes the converter reads and writes.
"""

from __future__ import annotations

import json
from typing import Any

#: Version of the JSON documents clusterpolicy writes (``schema_version``); see docs/json-contract.md.
SCHEMA_VERSION = "2.0"

#: Documents clusterpolicy reads: name → (module, attrs class, title).
INPUTS: dict[str, tuple[str, str, str]] = {
    "profile": ("clusterpolicy.criteria.profile", "Profile", "clusterpolicy cluster profile"),
    "record": ("clusterpolicy.lifecycle.record", "Record", "clusterpolicy recognition record"),
    "recommendations": ("clusterpolicy.lifecycle.record", "Recommendations", "clusterpolicy recommendation list"),
    "submission": ("clusterpolicy.cases.submission", "Submission", "clusterpolicy typical-case submission"),
    "case_check": ("clusterpolicy.cases.results", "CaseCheck", "clusterpolicy typical-case check"),
}

#: Versioned documents clusterpolicy writes: kind → (module, attrs class, title).
OUTPUTS: dict[str, tuple[str, str, str]] = {
    "assessment": ("clusterpolicy.criteria.results", "Assessment", "clusterpolicy assessment document"),
    "comparison": ("clusterpolicy.criteria.results", "Comparison", "clusterpolicy comparison document"),
    "timeline": ("clusterpolicy.lifecycle.results", "Timeline", "clusterpolicy timeline document"),
    "lifecycle_status": ("clusterpolicy.lifecycle.results", "LifecycleStatus", "clusterpolicy lifecycle status document"),
    "quota_check": ("clusterpolicy.lifecycle.results", "QuotaCheck", "clusterpolicy quota check document"),
}


def document_class(name: str) -> type:
    """The attrs class behind an input or output document (``KeyError`` if unknown)."""
    import importlib

    module, cls, _ = INPUTS.get(name) or OUTPUTS[name]
    return getattr(importlib.import_module(module), cls)


def dumps(document: Any) -> str:
    """A document as compact JSON text (UTF-8 characters kept), by the json module's C encoder:
    what ``--format json`` prints and the HTTP API sends."""
    return _ENCODER.encode(document)


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def to_json(result: Any) -> dict[str, Any]:
    """The versioned JSON document for an assessment, comparison, timeline, status or quota check."""
    from .convert import unstructure

    kind = getattr(type(result), "JSON_KIND", None) or type(result).__name__.lower()
    return {"schema_version": SCHEMA_VERSION, "kind": kind, kind: unstructure(result)}
