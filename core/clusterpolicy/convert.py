"""The one converter: TOML/JSON data ⇄ frozen attrs objects, with errors that carry field paths.

Everything a person writes is structured with ``forbid_extra_keys`` (a typo is an error) and
strict scalar hooks (``"yes"`` is not a boolean, ``3.5`` is not an integer, floats never reach a
threshold). Every number, date and document is held to :mod:`clusterpolicy.limits` (digits,
magnitude, date range, nesting depth), so no input can hang, overflow or exhaust memory later.
Decimals and dates are written out as strings so JSON output is exact. Documents are read into
plain data by :mod:`clusterpolicy.parsing`; what a refusal says is :mod:`clusterpolicy.problems`
(both re-exported here: :func:`read_document`, :func:`parse_document`, :func:`error_paths`).
"""

from __future__ import annotations

import enum
import functools
import math
import re
import typing
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar, Union

import attrs
import cattrs
from cattrs.errors import ClassValidationError, IterableValidationError, IterableValidationNote
from cattrs.gen import make_dict_structure_fn

from .errors import FieldValueError, InputError, closest, shorten
from .limits import (
    MAX_DATE,
    MIN_DATE,
    YEAR_KEY_PATTERN,
    LimitError,
    check_date,
    check_decimal,
    check_depth,
    check_integer,
    check_text,
    check_year,
    date_from_text,
    decimal_from_int,
    decimal_from_string,
    decimal_from_text,
    retype_hint,
)
from .numbers import Op
from .parsing import duplicate_keys, json_integer, parse_document, read_document, unique_keys
from .problems import MAX_PROBLEMS, collected, error_paths, every_refusal, field_checks, type_name

__all__ = [
    "MAX_PROBLEMS",
    "default_converter",
    "duplicate_keys",
    "error_paths",
    "json_integer",
    "make_converter",
    "parse_document",
    "read_document",
    "sound_field",
    "structure",
    "toml_converter",
    "unique_keys",
    "unstructure",
]

T = TypeVar("T")


def make_converter(*, for_toml: bool = False, detailed: bool = True) -> cattrs.Converter:
    """Build the converter; the only place cattrs hooks are registered.

    :param for_toml: for writing TOML (:mod:`clusterpolicy.regimes.rulefile`): decimals and dates
        unstructure as themselves instead of strings, and fields at their default are left out.
        Structuring is the same either way.
    :param detailed: collect every problem with its path (cattrs' detailed validation). The same
        hooks accept the same data either way; without it, structuring stops at the first problem
        and the generated code is about half the size to build.
    """
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=detailed, omit_if_default=for_toml)
    _configure_scalars(conv)
    _configure_objects(conv)
    _configure_enums(conv)
    _configure_unions(conv)
    _configure_tagged_unions(conv)
    _configure_sequences(conv)
    _configure_mappings(conv)
    if for_toml:
        _configure_native_scalars(conv)
    else:  # a result class on a hot path writes its own JSON (e.g. Finding.json_writer)
        conv.register_unstructure_hook_factory(lambda t: isinstance(t, type) and hasattr(t, "json_writer"), lambda t: t.json_writer(conv))
    return conv


@functools.cache
def default_converter() -> cattrs.Converter:
    """The converter shared by loaders and dumpers when none is passed in."""
    return make_converter()


@functools.cache
def _first_pass() -> cattrs.Converter:
    """Structures valid input cheaply; on any problem :func:`structure` asks the detailed one."""
    return make_converter(detailed=False)


@functools.cache
def toml_converter() -> cattrs.Converter:
    """The converter that writes rule files (``make_converter(for_toml=True)``)."""
    return make_converter(for_toml=True)


# --- configuration steps ------------------------------------------------------------------------


def _configure_scalars(conv: cattrs.Converter) -> None:
    conv.register_structure_hook(Decimal, _structure_decimal)
    conv.register_unstructure_hook(Decimal, _unstructure_decimal)
    conv.register_structure_hook(date, _structure_date)
    conv.register_unstructure_hook(date, date.isoformat)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(str, _structure_str)


def _configure_objects(conv: cattrs.Converter) -> None:
    """An attrs class is structured from a table only: ``citation = 5`` or ``[]`` is "expected a
    table", not whatever cattrs' generated code would trip over. With detailed validation, every
    problem of the table is said at once (:mod:`clusterpolicy.problems`): each field's own checks
    even when a sibling fails, every rule between fields that is not met."""

    def is_attrs(t: Any) -> bool:
        return attrs.has(typing.get_origin(t) or t)

    def factory(cl: Any) -> Callable[[Any, Any], Any]:
        if not conv.detailed_validation:
            base = conv.gen_structure_attrs_fromdict(cl)

            def structure(value: Any, t: Any) -> Any:
                if not isinstance(value, dict):
                    raise ValueError(f"expected an object (a table); got {shorten(value)}")
                return base(value, t)

            return structure
        checked = make_dict_structure_fn(
            cl, conv, _cattrs_forbid_extra_keys=True, _cattrs_detailed_validation=True, _cattrs_use_alias=conv.use_alias, **field_checks(conv, cl)
        )

        def structure_detailed(value: Any, t: Any) -> Any:
            if not isinstance(value, dict):
                raise ValueError(f"expected an object (a table); got {shorten(value)}")
            try:
                return checked(value, t)
            except ClassValidationError as exc:
                raise every_refusal(exc) from None

        return structure_detailed

    conv.register_structure_hook_factory(is_attrs, factory)


def _configure_native_scalars(conv: cattrs.Converter) -> None:
    """TOML has exact numbers and dates of its own: keep them (the writer formats them)."""
    conv.register_unstructure_hook(Decimal, lambda d: d)
    conv.register_unstructure_hook(date, lambda d: d)


def _configure_enums(conv: cattrs.Converter) -> None:
    # Our enums subclass str, so singledispatch sends them to the str hook, which delegates here.
    conv.register_structure_hook(enum.Enum, _structure_enum)
    conv.register_unstructure_hook(enum.Enum, lambda e: e._value_)  # Enum.value is a property over _value_
    conv.register_unstructure_hook(str, _unstructure_str)


def _configure_unions(conv: cattrs.Converter) -> None:
    """Unions of plain scalars (``bool | int | str``, ``Decimal | str | bool | None``)."""
    plain = (bool, int, str, Decimal, type(None))

    def is_scalar_union(t: Any) -> bool:
        args = getattr(t, "__args__", None)
        return _is_union(t) and bool(args) and all(a in plain for a in args)

    def factory(t: Any) -> Callable[[Any, Any], Any]:
        args = t.__args__
        names = " or ".join(type_name(a) for a in args)
        # A value of exactly one of these types takes the hook the checks below would choose (one lookup).
        by_type = {
            type(None): (lambda v: None) if type(None) in args else None,
            bool: (lambda v: v) if bool in args else None,
            Decimal: _structure_decimal if Decimal in args else _structure_int if int in args else None,
            int: check_integer if int in args else _structure_decimal if Decimal in args else None,
            str: check_text if str in args else _structure_decimal if Decimal in args else None,
            float: _structure_decimal if Decimal in args else None,
        }
        by_type = {k: v for k, v in by_type.items() if v is not None}

        def structure(value: Any, _: Any) -> Any:
            hook = by_type.get(type(value))
            if hook is not None:
                return hook(value)
            if value is None:
                if type(None) in args:
                    return None
            elif isinstance(value, bool):
                if bool in args:
                    return value
            elif isinstance(value, Decimal) and Decimal in args:
                return _structure_decimal(value, Decimal)
            elif isinstance(value, Decimal) and int in args:
                return _structure_int(value, int)
            elif isinstance(value, int) and int in args:
                return check_integer(value)
            elif isinstance(value, str) and str in args:
                return check_text(value)
            elif Decimal in args and isinstance(value, (int, str, float)):
                return _structure_decimal(value, Decimal)
            raise ValueError(f"expected {names}; got {shorten(value)}{retype_hint(value) if isinstance(value, str) else ''}")

        return structure

    conv.register_structure_hook_factory(is_scalar_union, factory)


def _a_list(value: Any) -> tuple:
    if not isinstance(value, (list, tuple)):
        raise ValueError(f"expected a list; got {shorten(value)}")
    return tuple(value)


def _configure_sequences(conv: cattrs.Converter) -> None:
    """``tuple[X, ...]`` needs a list: cattrs alone would split ``"area_km2"`` into characters."""

    def is_homogeneous_tuple(t: Any) -> bool:
        args = getattr(t, "__args__", ())
        return getattr(t, "__origin__", None) is tuple and len(args) == 2 and args[1] is Ellipsis

    def factory(t: Any) -> Callable[[Any, Any], Any]:
        item = t.__args__[0]
        if item is Any or isinstance(item, TypeVar):
            return lambda value, _: _a_list(value)
        one = conv._structure_func.dispatch(item)

        def structure(value: Any, _: Any) -> Any:
            _a_list(value)
            out, errors = [], []
            for ix, e in enumerate(value):
                try:
                    out.append(one(e, item))
                except Exception as exc:  # noqa: BLE001 - collected as cattrs does, with the index
                    if collected(errors, exc, "item", "list", IterableValidationNote(f"Structuring {t} @ index {ix}", ix, item)):
                        break
            if errors:
                raise IterableValidationError(f"While structuring {t!r}", errors, t)
            return tuple(out)

        return structure

    conv.register_structure_hook_factory(is_homogeneous_tuple, factory)

    def unstructure_factory(t: Any) -> Callable[[Any], Any]:
        # A list built in one comprehension: results hold many tuples (findings, measures, paths).
        item = t.__args__[0]
        if item is str:
            return lambda value: [s if type(s) is str else _unstructure_str(s) for s in value]
        if isinstance(item, TypeVar) or item is Any:  # dispatch on each value's class
            return lambda value: [conv.unstructure(x) for x in value]
        hook = conv.get_unstructure_hook(item)
        return lambda value: [hook(x) for x in value]

    conv.register_unstructure_hook_factory(is_homogeneous_tuple, unstructure_factory)


class _IntegerKey(int):
    """The key type of ``dict[int, X]`` while structuring: TOML and JSON write such keys as text
    (``[years.2024]``), which an integer field never takes."""


def _configure_mappings(conv: cattrs.Converter) -> None:
    """``dict[str, X]`` as cattrs does, but collecting at most :data:`MAX_PROBLEMS` problems; ``dict[int, X]``
    (a profile's ``years``): keys as years in their canonical text (or ints)."""

    def structure_key(value: Any, _: Any) -> int:
        if isinstance(value, str):
            if not re.fullmatch(YEAR_KEY_PATTERN, value):
                raise LimitError(f"expected a year from {MIN_DATE.year} to {MAX_DATE.year} in four ASCII digits; got {shorten(value)}")
            return int(value)
        return check_year(_structure_int(value, int))

    conv.register_structure_hook(_IntegerKey, structure_key)
    for key, as_key in ((int, _IntegerKey), (str, str)):
        conv.register_structure_hook_factory(
            lambda t, key=key: typing.get_origin(t) is dict and typing.get_args(t)[:1] == (key,),
            lambda t, as_key=as_key: _mapping(conv, as_key, typing.get_args(t)[1]),
        )


def _mapping(conv: cattrs.Converter, key_type: type, val_type: Any) -> Callable[[Any, Any], dict]:
    key_of, value_of = conv._structure_func.dispatch(key_type), conv._structure_func.dispatch(val_type)

    def structure(mapping: Any, t: Any) -> dict:
        if not isinstance(mapping, dict):
            raise ValueError(f"expected an object (a table); got {shorten(mapping)}")
        res, errors = {}, []
        for k, v in mapping.items():
            part, of = "value", val_type
            try:
                value = value_of(v, val_type)
                part, of = "key", key_type
                res[key_of(k, key_type)] = value
            except Exception as exc:  # noqa: BLE001 - collected as cattrs does, with the key
                if collected(errors, exc, "key", "table", IterableValidationNote(f"Structuring mapping {part} @ key {k!r}", k, of)):
                    break
        if errors:
            raise IterableValidationError(f"While structuring {t!r}", errors, t)
        return res

    return structure


def _configure_tagged_unions(conv: cattrs.Converter) -> None:
    """A union of rule kinds (criteria checks, timeline and revocation-ground kinds) is a tagged
    union keyed by ``kind``, whose values are the classes' stable ``KIND`` tags (never class names),
    so a family's kinds need nothing here and refactors don't change the file format."""

    def is_tagged_union(t: Any) -> bool:
        args = getattr(t, "__args__", ())
        return _is_union(t) and len(args) > 1 and all(isinstance(getattr(a, "KIND", None), str) for a in args)

    def factory(t: Any) -> Callable[[Any, Any], Any]:
        by_kind = {cls.KIND: cls for cls in t.__args__}
        expected = ", ".join(by_kind)

        def structure(value: Any, _: Any) -> Any:
            if not isinstance(value, dict):
                raise ValueError(f"expected a table with a 'kind' key; got {shorten(value)}")
            kind = value.get("kind")
            if kind is None:
                raise ValueError(f"missing 'kind' (expected one of: {expected})")
            if not isinstance(kind, str) or kind not in by_kind:
                meant = f"did you mean {close!r}? " if (close := closest(kind, by_kind)) else ""
                raise ValueError(f"unknown kind {shorten(kind)} ({meant}expected one of: {expected})")
            return conv.structure({k: v for k, v in value.items() if k != "kind"}, by_kind[kind])

        return structure

    def unstructure_factory(t: Any) -> Callable[[Any], Any]:
        def unstructure(obj: Any) -> dict[str, Any]:
            return {"kind": obj.KIND, **conv.unstructure(obj, unstructure_as=type(obj))}

        return unstructure

    conv.register_structure_hook_factory(is_tagged_union, factory)
    conv.register_unstructure_hook_factory(is_tagged_union, unstructure_factory)


# --- scalar hooks ------------------------------------------------------------------------------


def _structure_decimal(value: Any, _: type = Decimal) -> Decimal:
    if isinstance(value, Decimal):
        return check_decimal(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return decimal_from_int(value)
    if isinstance(value, float):  # NaN and ±inf refused as a file's NaN and Infinity are
        return decimal_from_text(repr(value)) if math.isfinite(value) else check_decimal(Decimal(value))
    if isinstance(value, str):
        return decimal_from_string(value)
    raise ValueError(f"expected a decimal number; got {shorten(value)}")


def _unstructure_str(value: str) -> str:
    # Our enums subclass str: a str field may hold one (its value is written).
    return value if type(value) is str else value._value_ if isinstance(value, enum.Enum) else value


def _unstructure_decimal(value: Decimal) -> str:
    return format(value, "f")


def _structure_date(value: Any, _: type) -> date:
    if isinstance(value, datetime):
        raise ValueError(f"expected a date (YYYY-MM-DD), not a date-time; got {value.isoformat()!r}")
    if isinstance(value, date):
        return check_date(value)
    if isinstance(value, str):
        return date_from_text(value)
    raise ValueError(f"expected a date (YYYY-MM-DD); got {shorten(value)}")


def _structure_bool(value: Any, _: type) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueError(f"expected true or false; got {shorten(value)}")


def _structure_int(value: Any, _: type = int) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return check_integer(value)
    if isinstance(value, Decimal) and value.is_finite():
        value = check_decimal(value)
        if value == value.to_integral_value():
            return int(value)
    raise ValueError(f"expected an integer; got {shorten(value)}{retype_hint(value) if isinstance(value, str) else ''}")


def _structure_enum(value: Any, cls: type[enum.Enum]) -> enum.Enum:
    try:
        return cls(value)
    except (ValueError, TypeError):
        values = [str(m.value) for m in cls]
        hint = _meant(value, values, _OPERATORS if cls is Op else None)
        raise ValueError(f"expected one of: {', '.join(values)}; got {shorten(value)}{hint}") from None


#: How a comparison is often written instead. An operator is never guessed by likeness: ``gte`` is
#: ``ge``, not the ``gt`` it looks like, and a wrong guess would move a boundary (以上 includes it).
_OPERATORS = {"gte": "ge", "geq": "ge", ">=": "ge", "≥": "ge", "lte": "le", "leq": "le", "<=": "le", "≤": "le",
              ">": "gt", "<": "lt", "=": "eq", "==": "eq"}  # fmt: skip


def _meant(value: Any, known: list[str], spellings: dict[str, str] | None = None) -> str:
    """`` (did you mean 'x'?)`` for a value close to one of ``known`` — ``province`` for ``provincial``,
    or full-width ``ｇｔ`` (typed with a Chinese input method) for ``gt`` —, else ``""``. With
    ``spellings``, only those (and full-width forms) are suggested, nothing by likeness."""
    if not isinstance(value, str) or len(value) > 100:
        return ""
    import unicodedata

    narrow = unicodedata.normalize("NFKC", value).strip()
    if spellings is not None:
        close = narrow if narrow in known else spellings.get(narrow.lower())
    else:
        close = closest(value, known) or closest(narrow, known)
    if close is None or close == value:
        return ""
    width = ", typed in full-width characters" if narrow == close else ""
    return f" (did you mean {close!r}{width}?)"


def _structure_str(value: Any, cls: type) -> str:
    if cls is not str and issubclass(cls, enum.Enum):
        return _structure_enum(value, cls)
    if isinstance(value, str):
        return check_text(value)
    raise ValueError(f"expected a string; got {shorten(value)}")


def _is_union(t: Any) -> bool:
    import types

    return getattr(t, "__origin__", None) is Union or isinstance(t, types.UnionType)


# --- structuring with readable errors ----------------------------------------------------------


def structure(data: Any, cls: type[T], source: str, converter: cattrs.Converter | None = None, *, depth_checked: bool = False) -> T:
    """Structure ``data`` into ``cls``; on failure raise :class:`InputError` listing every problem
    as ``$.path: what was expected``. Data nested deeper than :data:`~clusterpolicy.limits.MAX_DEPTH`
    is refused before cattrs can recurse into it (``depth_checked``: by :func:`parse_document`)."""
    try:
        if not depth_checked:
            check_depth(data)
    except LimitError as exc:
        raise InputError(source, [f"$: {exc}"]) from None
    if converter is None:
        try:
            return _first_pass().structure(data, cls)
        except Exception:  # noqa: BLE001 - whatever it was, the detailed pass says it with paths
            pass
    conv = converter or default_converter()
    try:
        return conv.structure(data, cls)
    except (cattrs.BaseValidationError, FieldValueError, ValueError, TypeError) as exc:
        raise InputError(source, error_paths(exc)) from None


def sound_field(data: Any, cls: type, name: str) -> Any:
    """Field ``name`` of the table ``data`` that did not structure as ``cls``, structured as ``cls``
    declares it and passing the field's own checks (:class:`~clusterpolicy.model.Constraint`); None when
    the table lacks it or it is refused, whatever its siblings say (what of a refused table can still be judged)."""
    from .model import Constraint, validators

    field = attrs.fields_dict(attrs.resolve_types(cls)).get(name)
    if field is None or not isinstance(data, dict) or name not in data:
        return None
    try:
        check_depth(data[name])
        value = default_converter().structure(data[name], field.type)
    except (cattrs.BaseValidationError, FieldValueError, ValueError, TypeError):  # LimitError is a ValueError
        return None
    own = [v for v in validators(field) if isinstance(v, Constraint) and not v.of_object]
    return value if value is None or all(c.test(value) for c in own) else None


def unstructure(obj: Any, converter: cattrs.Converter | None = None) -> Any:
    """Turn a result or rule into JSON-ready data (decimals and dates as strings)."""
    return (converter or default_converter()).unstructure(obj)
