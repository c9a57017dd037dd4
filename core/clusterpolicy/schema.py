"""JSON Schema for the documents clusterpolicy reads and writes, generated from the attrs classes themselves.

The field docs (``doc(...)`` metadata) become descriptions, so the schema, the classes and the
converter cannot drift apart.
"""

from __future__ import annotations

import enum
import typing
from datetime import date
from decimal import Decimal
from typing import Any

import attrs

DECIMAL = {
    "description": "An exact decimal: a number, or a string such as \"40.5\" (written as a string in output).",
    "oneOf": [{"type": "number"}, {"type": "string", "pattern": r"^-?\d+(\.\d+)?$"}],
}


def json_schema(cls: type, title: str | None = None) -> dict[str, Any]:
    """A draft 2020-12 JSON Schema for an attrs class (nested classes go to ``$defs``)."""
    defs: dict[str, Any] = {}
    root = _class_schema(cls, defs)
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title or cls.__name__, **root}
    defs.pop(cls.__name__, None)
    if defs:
        schema["$defs"] = defs
    return schema


def _class_schema(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    props: dict[str, Any] = {}
    required = []
    for a in attrs.fields(cls):
        prop = _type_schema(hints[a.name], defs)
        if "doc" in a.metadata:
            prop = {"description": a.metadata["doc"], **prop}
        props[a.name] = prop
        if a.default is attrs.NOTHING:
            required.append(a.name)
    out: dict[str, Any] = {"type": "object", "properties": props, "additionalProperties": False}
    if cls.__doc__:
        out["description"] = " ".join(cls.__doc__.split("\n\n")[0].split())
    if required:
        out["required"] = required
    return out


def _ref(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    if cls.__name__ not in defs:
        defs[cls.__name__] = {}  # placeholder against recursion
        defs[cls.__name__] = _class_schema(cls, defs)
        kind = getattr(cls, "KIND", None)
        if isinstance(kind, str):
            defs[cls.__name__]["properties"] = {"kind": {"const": kind}, **defs[cls.__name__]["properties"]}
            defs[cls.__name__].setdefault("required", []).insert(0, "kind")
    return {"$ref": f"#/$defs/{cls.__name__}"}


def _type_schema(t: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin = typing.get_origin(t)
    args = typing.get_args(t)
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        options = [a for a in args if a is not type(None)]
        schemas = [_type_schema(a, defs) for a in options]
        if type(None) in args:
            schemas.append({"type": "null"})
        return schemas[0] if len(schemas) == 1 else {"anyOf": schemas}
    if origin in (tuple, list):
        return {"type": "array", "items": _type_schema(args[0], defs)}
    if origin is dict:
        key, value = args
        out: dict[str, Any] = {"type": "object", "additionalProperties": _type_schema(value, defs)}
        if key is int:
            out["propertyNames"] = {"pattern": r"^-?\d+$"}
        return out
    if t is Any:  # e.g. diff.Detail.a/b: any JSON value
        return {}
    if t is bool:
        return {"type": "boolean"}
    if t is int:
        return {"type": "integer"}
    if t is float:
        return {"type": "number"}
    if t is str:
        return {"type": "string"}
    if t is Decimal:
        return dict(DECIMAL)
    if t is date:
        return {"type": "string", "format": "date"}
    if isinstance(t, type) and issubclass(t, enum.Enum):
        return {"enum": [m.value for m in t]}
    if attrs.has(t):
        return _ref(t, defs)
    raise TypeError(f"no JSON Schema for {t!r}")


def document_schema(kind: str, cls: type, title: str | None = None) -> dict[str, Any]:
    """Schema of a versioned output document: ``{"schema_version", "kind", "<kind>": cls}``, or, for a
    :data:`~clusterpolicy.documents.FLAT` kind, ``cls``'s fields beside ``schema_version`` and ``kind``."""
    from .documents import FLAT, SCHEMA_VERSION

    inner = json_schema(cls)
    defs = inner.pop("$defs", {})
    inner.pop("$schema", None)
    inner.pop("title", None)
    envelope = {"schema_version": {"const": SCHEMA_VERSION, "description": "Version of the JSON contract."}, "kind": {"const": kind}}
    if kind in FLAT:
        body: dict[str, Any] = {
            "type": "object",
            "properties": {**envelope, **inner["properties"]},
            "required": ["schema_version", "kind", *inner.get("required", [])],
        }
        if "description" in inner:
            body["description"] = inner["description"]
    else:
        defs[cls.__name__] = inner
        body = {"type": "object", "properties": {**envelope, kind: {"$ref": f"#/$defs/{cls.__name__}"}}, "required": ["schema_version", "kind", kind]}
    out = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title or kind, **body, "additionalProperties": False}
    if defs:
        out["$defs"] = defs
    return out


def schema_of(name: str) -> dict[str, Any]:
    """The schema of a named input or output document (:mod:`clusterpolicy.documents`); ``KeyError``
    if there is no such document."""
    from .documents import INPUTS, OUTPUTS, document_class

    cls = document_class(name)
    if name in INPUTS:
        return json_schema(cls, title=INPUTS[name][2])
    return document_schema(name, cls, title=OUTPUTS[name][2])
