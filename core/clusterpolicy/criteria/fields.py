"""Profile field paths used by rules: what they may name, and fast getters for them.

Scalar paths: a top-level profile field (``area_km2``, ``region``), ``firms.<count>``,
``attestations.<key>`` or ``extra.<key>``. Per-year paths: a :class:`YearFigures` field
(``total_output``) or ``extra.<key>``, read from ``years.<year>``. A path is checked once, when a
regime is built; the getter returns ``None`` for a missing value and never a default.
"""

from __future__ import annotations

import enum
import re
import typing
from collections.abc import Callable
from decimal import Decimal
from operator import attrgetter
from typing import Any

import attrs

from ..errors import did_you_mean
from .profile import Firms, Profile, YearFigures

_KEY = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_\-]*$")


class FieldType(str, enum.Enum):
    NUMBER = "number"
    BOOL = "bool"
    TEXT = "text"


def _scalar_types() -> dict[str, FieldType]:
    types: dict[str, FieldType] = {}
    for a in attrs.fields(attrs.resolve_types(Profile)):
        if a.name in ("years", "firms", "attestations", "incidents", "extra"):
            continue
        args = set(typing.get_args(a.type)) or {a.type}
        if bool in args:
            types[a.name] = FieldType.BOOL
        elif args & {Decimal, int}:
            types[a.name] = FieldType.NUMBER
        else:
            types[a.name] = FieldType.TEXT
    for a in attrs.fields(Firms):
        types[f"firms.{a.name}"] = FieldType.NUMBER
    return types


SCALAR_FIELDS: dict[str, FieldType] = _scalar_types()
YEAR_FIELDS: tuple[str, ...] = tuple(a.name for a in attrs.fields(YearFigures) if a.name != "extra")


def scalar_type(path: str) -> FieldType | None:
    """Type of a scalar path, or ``None`` if the profile has no such field."""
    if path in SCALAR_FIELDS:
        return SCALAR_FIELDS[path]
    head, _, key = path.partition(".")
    if key and _KEY.match(key):
        if head == "extra":
            return FieldType.NUMBER
        if head == "attestations":
            return FieldType.BOOL
    return None


def unknown_field(path: str, per_year: bool = False, where: str = "") -> str:
    """The problem of a path that names no (per-year) profile field, with the field it likely misspells."""
    what, known = ("per-year", YEAR_FIELDS) if per_year else ("profile", SCALAR_FIELDS)
    return f"unknown {what} field {path!r}{where}" + did_you_mean(path, known)


def is_year_field(path: str) -> bool:
    """Whether ``path`` names a per-year figure."""
    head, _, key = path.partition(".")
    return path in YEAR_FIELDS or (head == "extra" and bool(key) and bool(_KEY.match(key)))


def scalar_getter(path: str) -> Callable[[Profile], Any]:
    """A function reading ``path`` from a profile (``None`` when missing)."""
    head, _, key = path.partition(".")
    if head == "firms" and "." not in key:
        return attrgetter(path)  # p.firms.<key>, read without a Python call
    if head == "firms":
        return lambda p: getattr(p.firms, key)
    if head in ("extra", "attestations"):
        return lambda p: getattr(p, head).get(key)
    return attrgetter(path) if "." not in path else lambda p: getattr(p, path)


def year_getter(path: str) -> Callable[[YearFigures], Any]:
    """A function reading a per-year ``path`` from one year's figures."""
    head, _, key = path.partition(".")
    if head == "extra":
        return lambda y: y.extra.get(key)
    return attrgetter(path) if "." not in path else lambda y: getattr(y, path)


def _choices() -> dict[str, tuple[str, ...]]:
    out = {}
    for a in attrs.fields(attrs.resolve_types(Profile)):
        for t in typing.get_args(a.type) or (a.type,):
            if isinstance(t, type) and issubclass(t, enum.Enum):
                out[a.name] = tuple(str(m.value) for m in t)
    return out


#: Scalar fields with a closed set of values (enums such as applicant, division_level, region).
CHOICES: dict[str, tuple[str, ...]] = _choices()


def choices(path: str) -> tuple[str, ...] | None:
    """The values a scalar field may take, if it is an enumeration (else ``None``)."""
    return CHOICES.get(path)


def describe_paths() -> str:
    """Human list of accepted paths, for error messages."""
    return "scalar: " + ", ".join(SCALAR_FIELDS) + ", extra.<key>, attestations.<key>; per-year: " + ", ".join(YEAR_FIELDS) + ", extra.<key>"
