"""The OpenAPI document of the HTTP API, built from :data:`~.endpoints.ENDPOINTS` and the attrs classes.

Request bodies are the input schemas of :mod:`clusterpolicy.schema` (every limit and constraint the
converter enforces, the same definitions), responses the output documents'. Given the regimes the
server serves, every parameter and field that names a regime, a rule, a family or a recommendation
call lists the values the server knows, so a client generated from the document (or a
property-based tester such as Schemathesis, ``tests/test_http_contract.py``) sends what the server
accepts and reaches each operation's logic.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from ..documents import SCHEMA_VERSION
from ..regimes.build import Regimes
from . import handlers
from .endpoints import ASSETS, ENDPOINTS, TEXT_PATTERN, Endpoint, Param, child_regime, regime_ids
from .query import MAX_QUERY_INTEGER


class Components:
    """Collects ``components/schemas`` while the document is built (classes by name).

    Inputs and outputs are kept apart: a class read and written (a profile's ``Declaration``, shown
    again in a finding) has an input schema with the limits and an output schema without them; the
    output one is then named ``<Class>Output`` (:meth:`schemas`).
    """

    def __init__(self, references: Mapping[str, Sequence[Any]] | None = None) -> None:
        self.inputs: dict[str, Any] = {}
        self.outputs: dict[str, Any] = {}
        self.references = references  #: values of fields that name something loaded (``{"regime": [ids]}``)

    def ref(self, cls: type) -> dict[str, Any]:
        """Input schema generated from an attrs class by :mod:`clusterpolicy.schema`, as a component."""
        from ..schema import json_schema

        if cls.__name__ not in self.inputs:
            schema = _rebase(json_schema(cls, references=self.references))
            schema.pop("$schema", None)
            schema.pop("title", None)
            for name, sub in schema.pop("$defs", {}).items():
                _add(self.inputs, name, sub)
            _add(self.inputs, cls.__name__, schema)
        return {"$ref": f"#/components/schemas/{cls.__name__}"}

    def document(self, kind: str, cls: type) -> dict[str, Any]:
        """A versioned output document ``{"schema_version", "kind", "<kind>": cls}`` (as ``clusterpolicy schema KIND``)."""
        from ..schema import document_schema

        name = "".join(part.title() for part in kind.split("_")) + "Document"
        if name not in self.outputs:
            schema = _rebase(document_schema(kind, cls))
            for key in ("$schema", "title"):
                schema.pop(key, None)
            for sub_name, sub in schema.pop("$defs", {}).items():
                _add(self.outputs, sub_name, sub)
            _add(self.outputs, name, schema)
        return {"$ref": f"#/components/schemas/{name}"}

    def named(self, name: str, schema: dict[str, Any]) -> dict[str, Any]:
        _add(self.outputs, name, schema)
        return {"$ref": f"#/components/schemas/{name}"}

    def schemas(self) -> dict[str, Any]:
        """Every component, by name; an output schema whose name an input takes is renamed ``<name>Output``."""
        renamed = {n: f"{n}Output" for n, s in self.outputs.items() if n in self.inputs and self.inputs[n] != s}
        if clash := [n for n in renamed.values() if n in self.inputs or n in self.outputs]:
            raise TypeError(f"component {clash[0]!r} exists already")
        refs = {f"#/components/schemas/{old}": f"#/components/schemas/{new}" for old, new in renamed.items()}
        outputs = {renamed.get(n, n): _rebase(s, refs) for n, s in self.outputs.items()}
        return dict(sorted({**self.inputs, **outputs}.items()))


def _add(table: dict[str, Any], name: str, schema: dict[str, Any]) -> None:
    if table.setdefault(name, schema) != schema:
        raise TypeError(f"two schemas named {name!r}")


def _rebase(node: Any, refs: Mapping[str, str] | None = None) -> Any:
    """``#/$defs/X`` (a standalone JSON Schema) → ``#/components/schemas/X`` (OpenAPI); ``refs``: further renames."""
    if isinstance(node, dict):
        out = {}
        for k, v in node.items():
            if k == "$ref":
                v = re.sub(r"^#/\$defs/", "#/components/schemas/", v)
                out[k] = (refs or {}).get(v, v)
            else:
                out[k] = _rebase(v, refs)
        return out
    if isinstance(node, list):
        return [_rebase(v, refs) for v in node]
    return node


ERROR_SCHEMA = {
    "type": "object",
    "description": "A client error. `error` is the message the CLI would print; `problems` are its "
    "field-path lines (`$.years.2024.total_output: expected a decimal number; got 'n/a'`). `error_zh` and "
    "`problems_zh` say the same in Chinese, as `--lang zh` prints it "
    "(`$.years.2024.total_output: 应为数字;实际为 'n/a'`), file, paths and values unchanged; a message without a "
    "Chinese wording stays English.",
    "required": ["error", "problems"],
    "properties": {
        "error": {"type": "string"},
        "problems": {"type": "array", "items": {"type": "string"}},
        "error_zh": {"type": "string"},
        "problems_zh": {"type": "array", "items": {"type": "string"}},
    },
    "additionalProperties": False,
}
CHOICES_SCHEMA = {
    "type": "object",
    "description": "Several resources answer to the path: `choices` are their paths (the same path with `?family=`).",
    "required": ["error", "choices"],
    "properties": {
        "error": {"type": "string"},
        "choices": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["family", "href"],
                "properties": {"family": {"type": "string"}, "href": {"type": "string"}},
                "additionalProperties": False,
            },
        },
    },
    "additionalProperties": False,
}
ERROR_TEXT = {
    300: "Multiple choices: the rule id is used in several families; each choice is the path with ?family=.",
    400: "Malformed request: unreadable body (invalid JSON/TOML, not UTF-8 or not in the charset the content type names) or a bad or unknown query parameter.",
    404: "Unknown regime or document, or no such path.",
    405: "Method not allowed on this path.",
    413: "Request body larger than the server's limit.",
    415: "Unsupported body type (JSON/TOML documents: application/json or application/toml; texts: text/plain), or a charset that is no text encoding Python knows (UTF-8 is the default; gbk, gb18030, big5… are read as declared).",
    422: "The document (profile, record, text) does not match its schema: one problem per field path.",
    500: "Internal error (a bug); the details are in the server's log, never in the response.",
}


#: Routes the server adds besides the API: the page, its assets, this document (and their path parameters).
PAGE_ROUTES = (
    ("GET", "/", "page", "The comparison web page (HTML).", ("text/html",), ()),
    (
        "GET",
        "/regimes/{regime}",
        "regimePage",
        "The page listing every rule of one regime, with its requirement, citation and provenance (HTML).",
        ("text/html",),
        (Param(name="regime", description="Regime (jurisdiction) id, e.g. hainan.", where="path", required=True, values=regime_ids, example=child_regime),),
    ),
    (
        "GET",
        "/static/{name}",
        "asset",
        "The page's script and style sheet.",
        ("text/javascript", "text/css"),
        (Param(name="name", description="A file of the page: app.js, input.js, pathway.js or style.css.", where="path", required=True, values=tuple(a for a in ASSETS if a != "index.html"), example="app.js"),),
    ),
    ("GET", "/openapi.json", "openapi", "This OpenAPI document.", ("application/json",), ()),
)


def openapi_document(endpoints: Sequence[Endpoint] = ENDPOINTS, regimes: Regimes | None = None) -> dict[str, Any]:
    """OpenAPI 3.1 description of the API; schemas are generated from the attrs classes.

    With ``regimes`` (what the server serves), every parameter and field that names a regime, a
    rule, a family or a call lists the values the server knows (``enum``), so a client (or a
    property-based tester) built from the document sends requests that reach the operations' logic.
    """
    from importlib.metadata import PackageNotFoundError, version

    from ..limits import MAX_DEPTH
    from ..schema import UNSTATED

    try:
        app_version = version("clusterpolicy")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        app_version = "0"
    c = Components({"regime": list(regimes), "declarable": {r: list(regimes[r].declarable()) for r in regimes}} if regimes else None)
    error_ref = c.named("Error", ERROR_SCHEMA)
    paths: dict[str, dict[str, Any]] = {}
    for e in endpoints:
        op: dict[str, Any] = {"operationId": e.operation_id, "summary": e.summary}
        if e.description:
            op["description"] = e.description
        if e.params:
            op["parameters"] = [_parameter(p, regimes) for p in e.params]
        if e.body is str:
            op["requestBody"] = {"required": True, "content": {"text/plain": {"schema": {"type": "string", "pattern": TEXT_PATTERN}}}}
        elif e.body is bytes:
            op["requestBody"] = {
                "required": True,
                "description": "The flat file the CLI reads, byte for byte.",
                "content": {
                    m: {"schema": {"type": "string", "format": "binary"}, **({"example": handlers.BATCH_EXAMPLE} if fmt == "csv" else {})}
                    for m, fmt in handlers.BATCH_MEDIA.items()
                },
            }
        elif e.body is not None:
            schema = c.ref(e.body)
            if e.body_rules is not None:
                schema = {"allOf": [schema, e.body_rules(regimes)]}
            op["requestBody"] = {
                "required": True,
                "description": "The document the CLI reads from a file: JSON, or TOML sent as text. " + UNSTATED.format(depth=MAX_DEPTH),
                "content": {
                    "application/json": {"schema": schema},
                    "application/toml": {"schema": {"type": "string", "description": f"The same {e.body.__name__} in TOML."}},
                },
            }
        content = {m: ({"schema": e.response(c)} if m == "application/json" else {"schema": {"type": "string", "format": "binary"}}) for m in e.media}
        responses = {"200": {"description": "OK", "content": content}}
        # 400: every operation refuses a query parameter it does not know (query.read_query).
        for status in sorted({*e.errors, 400, 405, 500} if e.method != "GET" else {*e.errors, 400, 500}):
            schema_ref = c.named("Choices", CHOICES_SCHEMA) if status == 300 else error_ref
            responses[str(status)] = {"description": ERROR_TEXT[status], "content": {"application/json": {"schema": schema_ref}}}
        op["responses"] = responses
        paths.setdefault(e.path, {})[e.method.lower()] = op
    for method, path, op_id, summary, media, params in PAGE_ROUTES:
        op = {"operationId": op_id, "summary": summary, "responses": {"200": {"description": "OK", "content": {m: {} for m in media}}}}
        if params:
            op["parameters"] = [_parameter(p, regimes) for p in params]
            op["responses"]["404"] = {"description": ERROR_TEXT[404], "content": {"application/json": {"schema": error_ref}}}
        paths.setdefault(path, {})[method.lower()] = op
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "clusterpolicy",
            "version": app_version,
            "description": "Eligibility of SME characteristic industrial clusters (中小企业特色产业集群) under "
            f"national and provincial regimes. Response bodies are the versioned JSON contract "
            f"(schema_version {SCHEMA_VERSION}) that `clusterpolicy … --format json` prints.",
        },
        "paths": paths,
        "components": {"schemas": c.schemas()},
    }


def _parameter(p: Param, regimes: Regimes | None) -> dict[str, Any]:
    from ..limits import DATE_PATTERN

    schema: dict[str, Any] = {
        "date": {"type": "string", "format": "date", "pattern": DATE_PATTERN},
        "integer": {"type": "integer", "minimum": 0, "maximum": MAX_QUERY_INTEGER},
    }.get(p.kind, {"type": "string"})
    if choices := p.choices(regimes):
        schema = {**schema, "enum": choices}
    if p.pattern:
        schema = {**schema, "pattern": p.pattern}
    if p.repeated:
        schema = {"type": "array", "items": schema, **({"minItems": 1} if p.required else {})}
    out: dict[str, Any] = {"name": p.name, "in": p.where, "required": p.required, "description": p.description, "schema": schema}
    if p.repeated:
        out["style"], out["explode"] = "form", True
    if (example := p.example_value(regimes)) is not None:
        out["example"] = [example] if p.repeated else example
    return out
