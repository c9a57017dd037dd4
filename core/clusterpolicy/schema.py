"""JSON Schema for the documents clusterpolicy reads and writes, generated from the attrs classes themselves.

The field docs (``doc(...)`` metadata) become descriptions, and every constraint the converter
enforces is stated from the same definition, so the schema, the classes and the converter cannot
drift apart:

* the limits of :mod:`clusterpolicy.limits` on every number, integer, integer key and date of an
  input (:func:`~clusterpolicy.limits.decimal_schema`, :func:`~clusterpolicy.limits.integer_schema`,
  :data:`~clusterpolicy.limits.DATE_PATTERN`, :data:`~clusterpolicy.limits.YEAR_KEY_PATTERN`);
* the fields' validators, which are :class:`~clusterpolicy.model.Constraint` objects carrying their
  JSON Schema (``minimum``, ``maximum``, ``pattern``, ``minItems``; rules between fields such as
  "both or neither" as ``anyOf``/``oneOf``/``if``-``then`` on the object);
* ``additionalProperties: false`` (unknown keys are refused) and the ``kind`` tags of tagged unions.

What JSON Schema cannot say is in the descriptions: documents nest at most
:data:`~clusterpolicy.limits.MAX_DEPTH` levels, a JSON object names each key once, a few
rules between the fields of rule files (batch ranges that must not overlap, lists of the same length)
and a profile year's parts that are not above its total output (:func:`~clusterpolicy.model.not_above`).

Output documents (:func:`document_schema`) describe what is written: decimals as strings, dates
and integers without the input limits (a computed term may end after the last supported input date).
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from .model import validators

#: An output decimal: written as a string (``format(d, "f")``).
DECIMAL = {
    "description": "An exact decimal: a number, or a string such as \"40.5\" (written as a string in output).",
    "oneOf": [{"type": "number"}, {"type": "string", "pattern": r"^-?\d+(\.\d+)?$"}],
}
_DECIMAL_INPUT = (
    "An exact decimal: a number, or a string such as \"40.5\" (digits and a point, no exponent), "
    "with at most 15 digits before the point and 40 after it."
)


class _Context:
    """What one schema is generated for: inputs (with the limits) or outputs, and the values a
    field marked ``refers=`` may take (e.g. the loaded regimes' ids)."""

    def __init__(self, inputs: bool, references: Mapping[str, Sequence[Any]] | None):
        self.inputs = inputs
        self.references = dict(references or {})
        self.defs: dict[str, Any] = {}


def json_schema(
    cls: type, title: str | None = None, *, inputs: bool = True, references: Mapping[str, Sequence[Any]] | None = None
) -> dict[str, Any]:
    """A draft 2020-12 JSON Schema for an attrs class (nested classes go to ``$defs``).

    :param inputs: state the input limits (``False``: an output document's content).
    :param references: values of fields whose metadata names them (``doc(..., refers="regime")``),
        e.g. ``{"regime": ["national", "hainan"]}``; such a field then lists them as its ``enum``. A
        mapping (``{"declarable": {"national": ["supply_chain"]}}``) states a table of tables: its keys
        and, per key, the keys of its table.
    """
    ctx = _Context(inputs, references)
    root = _class_schema(cls, ctx)
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title or cls.__name__, **root}
    ctx.defs.pop(cls.__name__, None)
    if ctx.defs:
        schema["$defs"] = ctx.defs
    return schema


def _class_schema(cls: type, ctx: _Context) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    props: dict[str, Any] = {}
    required = []
    rules: list[dict[str, Any]] = []
    for a in attrs.fields(cls):
        keywords: dict[str, Any] = {}
        for v in validators(a):
            keywords = _merge(keywords, getattr(v, "schema", {}))
            if getattr(v, "object_schema", None):
                rules.append(dict(v.object_schema))
        known = ctx.references.get(a.metadata.get("refers"))
        if isinstance(known, Mapping):  # a table of tables: key → the ids its table may hold
            prop = _keyed_tables(hints[a.name], known, ctx)
        else:
            if known:
                keywords = {**keywords, "enum": list(known)}
                keywords.pop("pattern", None)
            prop = _type_schema(hints[a.name], ctx, keywords)
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
    if rules:
        out["allOf"] = rules
    return out


def _keyed_tables(t: Any, known: Mapping[str, Sequence[str]], ctx: _Context) -> dict[str, Any]:
    """``dict[str, dict[str, X]]`` whose keys are exactly ``known``'s and each inner table's keys
    among ``known[key]`` (e.g. a profile's declarations: regime → its declarable criteria)."""
    value = _type_schema(typing.get_args(typing.get_args(t)[1])[1], ctx)
    tables = {k: {"type": "object", "properties": {i: value for i in ids}, "additionalProperties": False} for k, ids in known.items()}
    return {"type": "object", "properties": tables, "additionalProperties": False}


def _merge(a: dict[str, Any], b: Mapping[str, Any]) -> dict[str, Any]:
    """Keywords of two constraints on one value: the tighter bound, both patterns."""
    out = dict(a)
    for key, value in b.items():
        if key not in out:
            out[key] = value
        elif key in ("minimum", "minItems", "minLength"):
            out[key] = max(out[key], value)
        elif key in ("maximum", "maxItems", "maxLength"):
            out[key] = min(out[key], value)
        elif key == "pattern" and out[key] != value:
            out.setdefault("allOf", []).append({"pattern": value})
        elif out[key] != value:
            raise TypeError(f"two constraints set {key!r} differently: {out[key]!r} and {value!r}")
    return out


def _ref(cls: type, ctx: _Context) -> dict[str, Any]:
    defs = ctx.defs
    if cls.__name__ not in defs:
        defs[cls.__name__] = {}  # placeholder against recursion
        defs[cls.__name__] = _class_schema(cls, ctx)
        kind = getattr(cls, "KIND", None)
        if isinstance(kind, str):
            defs[cls.__name__]["properties"] = {"kind": {"const": kind}, **defs[cls.__name__]["properties"]}
            defs[cls.__name__].setdefault("required", []).insert(0, "kind")
    return {"$ref": f"#/$defs/{cls.__name__}"}


def _type_schema(t: Any, ctx: _Context, keywords: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Schema of a value of type ``t``; ``keywords`` are its constraints (of the non-null value)."""
    from . import limits

    keywords = dict(keywords or {})
    origin = typing.get_origin(t)
    args = typing.get_args(t)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        schemas = [_type_schema(a, ctx, keywords) for a in options]
        if type(None) in args:
            schemas.append({"type": "null"})
        return schemas[0] if len(schemas) == 1 else {"anyOf": schemas}
    if "enum" in keywords:  # the values a reference may name (schema.json_schema's references)
        return {"enum": keywords["enum"]}
    if origin in (tuple, list):
        return {"type": "array", "items": _type_schema(args[0], ctx), **keywords}
    if origin is dict:
        key, value = args
        out: dict[str, Any] = {"type": "object", "additionalProperties": _type_schema(value, ctx)}
        if key is int:
            out["propertyNames"] = {"pattern": limits.YEAR_KEY_PATTERN if ctx.inputs else r"^-?[0-9]+$"}
        elif ctx.inputs:
            out["propertyNames"] = {"pattern": limits.TEXT_PATTERN}
        return {**out, **keywords}
    if t is Any:  # e.g. diff.Detail.a/b: any JSON value
        return {}
    if t is bool:
        return {"type": "boolean"}
    if t is int:
        if ctx.inputs:
            return {**limits.integer_schema(keywords.pop("minimum", None), keywords.pop("maximum", None)), **keywords}
        return {"type": "integer", **keywords}
    if t is float:
        return {"type": "number", **keywords}
    if t is str:
        if not ctx.inputs:
            return {"type": "string", **keywords}
        if "pattern" in keywords:  # the field's own pattern, and the one every text has
            return {"type": "string", **keywords, "allOf": [{"pattern": limits.TEXT_PATTERN}]}
        return {"type": "string", "pattern": limits.TEXT_PATTERN, **keywords}
    if t is Decimal:
        if not ctx.inputs:
            return dict(DECIMAL)
        minimum = keywords.pop("minimum", None)
        if keywords:
            raise TypeError(f"no JSON Schema for a decimal with {keywords}")
        return {"description": _DECIMAL_INPUT, **limits.decimal_schema(minimum)}
    if t is date:
        return {"type": "string", "format": "date", **({"pattern": limits.DATE_PATTERN} if ctx.inputs else {}), **keywords}
    if isinstance(t, type) and issubclass(t, enum.Enum):
        return {"enum": [m.value for m in t]}
    if attrs.has(t):
        return _ref(t, ctx)
    raise TypeError(f"no JSON Schema for {t!r}")


def document_schema(kind: str, cls: type, title: str | None = None) -> dict[str, Any]:
    """Schema of a versioned output document: ``{"schema_version", "kind", "<kind>": cls}``, or, for a
    :data:`~clusterpolicy.documents.FLAT` kind, ``cls``'s fields beside ``schema_version`` and ``kind``."""
    from .documents import FLAT, SCHEMA_VERSION

    inner = json_schema(cls, inputs=False)
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


#: What the input schemas say that JSON Schema has no keyword for (added to their descriptions).
UNSTATED = (
    "The converter also refuses: documents nested deeper than {depth} levels, a JSON object naming one "
    "key twice, and text holding half of a UTF-16 surrogate pair (in JSON, an escaped lone surrogate such as \\ud800)."
)


def schema_of(name: str) -> dict[str, Any]:
    """The schema of a named input or output document (:mod:`clusterpolicy.documents`); ``KeyError``
    if there is no such document."""
    from .documents import INPUTS, OUTPUTS, document_class
    from .limits import MAX_DEPTH

    cls = document_class(name)
    if name in INPUTS:
        schema = json_schema(cls, title=INPUTS[name][2])
        schema["description"] = f"{schema.get('description', '')} {UNSTATED.format(depth=MAX_DEPTH)}".strip()
        return schema
    return document_schema(name, cls, title=OUTPUTS[name][2])
