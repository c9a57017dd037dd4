"""The OpenAPI document's schemas: components generated from the attrs classes (:mod:`clusterpolicy.schema`)
and the response schema of each versioned document kind."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any


class Components:
    """Collects ``components/schemas`` while the document is built (classes by name)."""

    def __init__(self) -> None:
        self.schemas: dict[str, Any] = {}

    def ref(self, cls: type) -> dict[str, Any]:
        """Schema generated from an attrs class by :mod:`clusterpolicy.schema`, as a component."""
        from ..schema import json_schema

        if cls.__name__ not in self.schemas:
            schema = _rebase(json_schema(cls))
            schema.pop("$schema", None)
            schema.pop("title", None)
            for name, sub in schema.pop("$defs", {}).items():
                self.schemas.setdefault(name, sub)
            self.schemas[cls.__name__] = schema
        return {"$ref": f"#/components/schemas/{cls.__name__}"}

    def document(self, kind: str, cls: type) -> dict[str, Any]:
        """A versioned output document ``{"schema_version", "kind", "<kind>": cls}`` (as ``clusterpolicy schema KIND``)."""
        from ..schema import document_schema

        name = "".join(part.title() for part in kind.split("_")) + "Document"
        if name not in self.schemas:
            schema = _rebase(document_schema(kind, cls))
            for key in ("$schema", "title"):
                schema.pop(key, None)
            for sub_name, sub in schema.pop("$defs", {}).items():
                self.schemas.setdefault(sub_name, sub)
            self.schemas[name] = schema
        return {"$ref": f"#/components/schemas/{name}"}

    def named(self, name: str, schema: dict[str, Any]) -> dict[str, Any]:
        self.schemas.setdefault(name, schema)
        return {"$ref": f"#/components/schemas/{name}"}


def _rebase(node: Any) -> Any:
    """``#/$defs/X`` (a standalone JSON Schema) → ``#/components/schemas/X`` (OpenAPI)."""
    if isinstance(node, dict):
        return {
            k: (re.sub(r"^#/\$defs/", "#/components/schemas/", v) if k == "$ref" else _rebase(v)) for k, v in node.items()
        }
    if isinstance(node, list):
        return [_rebase(v) for v in node]
    return node


def response_doc(kind: str, module: str, cls_name: str) -> Callable[[Components], dict[str, Any]]:
    """Response schema of the versioned document ``kind`` holding a ``module.cls_name``."""

    def schema(c: Components) -> dict[str, Any]:
        return c.document(kind, getattr(__import__(module, fromlist=[cls_name]), cls_name))

    return schema


