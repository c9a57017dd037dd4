"""TOML and JSON documents read into plain data: exact decimals, bounded nesting, a key given once.

What the converter (:mod:`clusterpolicy.convert`) then structures; every refusal here is an
:class:`~clusterpolicy.errors.InputError` naming the file and the line (or the ``$`` path) at fault.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from . import tomlfast
from .errors import InputError, shorten
from .limits import (
    MAX_DEPTH,
    MAX_NUMBER_TEXT,
    LimitError,
    NotFinite,
    check_depth,
    check_text_depth,
    toml_rewritten,
    unreadable_restored,
)

try:  # tomli, compiled (mypyc), reads TOML about twice as fast as the standard library's copy of it
    import tomli as tomllib
except ImportError:  # pragma: no cover - an install without it (tomli is a dependency)
    import tomllib


def read_document(path: str | Path, encoding: str | None = None) -> dict[str, Any]:
    """Read a TOML or JSON document (``-`` for standard input) with exact decimals.

    JSON is chosen for ``.json`` files and for standard input that starts with ``{``; TOML
    otherwise. At most :data:`~clusterpolicy.limits.MAX_DOCUMENT_BYTES` are read, in ``encoding``
    (default UTF-8: :func:`~clusterpolicy.reading.read_text`).
    """
    from .reading import read_text

    source = "<stdin>" if str(path) == "-" else str(path)
    text = read_text(path, source, encoding)
    return parse_document(text, source, as_json=source.endswith(".json") or (source == "<stdin>" and text.lstrip().startswith("{")))


def parse_document(text: str, source: str, as_json: bool) -> dict[str, Any]:
    """Parse TOML or JSON text; floats become :class:`~decimal.Decimal` (NaN and infinities too, and TOML
    integers too long for ``int()``: the converter refuses them with their paths), duplicate JSON keys are
    refused, and nesting is checked against :data:`~clusterpolicy.limits.MAX_DEPTH`
    before the parser runs (plain TOML is read by :mod:`clusterpolicy.tomlfast`, nested within it
    by its form, without the checks)."""
    data = None if as_json else tomlfast.loads(text, _toml_decimal)
    if data is not None:
        return data
    try:
        check_text_depth(text, as_json)
    except LimitError as exc:
        raise InputError(source, [str(exc)]) from None
    if as_json:
        import json  # here: a TOML profile (the usual case) needs none of it

        try:
            data = json.loads(
                text, parse_float=Decimal, parse_int=json_integer, parse_constant=NotFinite, object_pairs_hook=unique_keys
            )
        except json.JSONDecodeError as exc:
            raise InputError(source, [f"line {exc.lineno}, column {exc.colno}: invalid JSON: {exc.msg}"]) from None
        except RecursionError:
            raise InputError(source, [f"nested deeper than {MAX_DEPTH} levels"]) from None
        except ValueError as exc:
            raise InputError(source, duplicate_keys(text) or [str(exc)]) from None
    else:
        data = _toml(text, source)
    if not isinstance(data, dict):
        raise InputError(source, ["$: expected an object (a table) at the top level"])
    if not as_json:  # the text scan is exact for JSON; TOML's tables and dotted keys add up across lines
        try:
            check_depth(data)
        except LimitError as exc:
            raise InputError(source, [f"$: {exc}"]) from None
    return data


def _toml(text: str, source: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text, parse_float=_toml_decimal)
    except RecursionError:  # what the pre-check above let through: refused all the same
        raise InputError(source, [f"nested deeper than {MAX_DEPTH} levels"]) from None
    except ValueError as exc:  # TOMLDecodeError, or int() of a text of over 4300 digits
        problem = f"invalid TOML: {'an integer of more than 4300 digits' if 'Exceeds the limit' in str(exc) else _dotted(str(exc))}"
    rewritten = toml_rewritten(text)  # a value refused without its key: read as one the converter refuses with it
    if rewritten != text:
        try:
            return unreadable_restored(tomllib.loads(rewritten, parse_float=_toml_decimal))
        except (ValueError, RecursionError):
            pass
    raise InputError(source, [problem])


def _dotted(detail: str) -> str:
    """tomli's message with a key as the file writes it: ``Cannot declare years.2022 twice``, not ``('years', '2022')``."""
    m = re.fullmatch(r"Cannot declare (\(.*?,?\)) twice (\(at .*\))", detail)
    if m is None:
        return detail
    import ast

    try:
        key = ".".join(k if re.fullmatch(r"[A-Za-z0-9_-]+", k) else f'"{k}"' for k in ast.literal_eval(m.group(1)))
    except (ValueError, SyntaxError, TypeError):
        return detail
    return f"Cannot declare [{key}] twice {m.group(2)}"


def _toml_decimal(text: str) -> Decimal:
    value = Decimal(text)
    return value if value.is_finite() else NotFinite(text)


def json_integer(text: str) -> int | Decimal:
    """JSON integers as ints; one too long to be a plausible figure stays an (exact, cheap)
    Decimal, so the converter refuses it with its field path instead of converting it to int."""
    return int(text) if len(text) <= MAX_NUMBER_TEXT else Decimal(text)


def unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object's pairs as a dict, refusing a key given twice (``object_pairs_hook``); the refusal has
    no path, because the hook does not know where its object sits: :func:`duplicate_keys` finds it."""
    out = dict(pairs)
    if len(out) < len(pairs):  # the first key met again, as the object has them
        seen: set[str] = set()
        key = next(k for k, _ in pairs if k in seen or seen.add(k))
        raise ValueError(f"duplicate key {shorten(key)} in one object (each key may appear once)")
    return out


class _Pairs(dict):  # type: ignore[type-arg]
    """A JSON object with the keys it was given more than once."""

    twice: tuple[str, ...] = ()


def _keep_twice(pairs: list[tuple[str, Any]]) -> _Pairs:
    out = _Pairs(pairs)
    if len(out) < len(pairs):
        seen: set[str] = set()
        twice: dict[str, None] = {}
        for key, _ in pairs:
            if key in seen:
                twice[key] = None
            seen.add(key)
        out.twice = tuple(twice)
    return out


def duplicate_keys(text: str) -> list[str]:
    """Each key a JSON text gives twice in one object, with the path of its object
    (``$.years.2023: duplicate key 'total_output' …``); the text was refused by :func:`unique_keys`."""
    import json

    found: list[str] = []

    def walk(value: Any, path: str) -> None:
        if isinstance(value, _Pairs):
            found.extend(f"{path}: duplicate key {shorten(k)} in one object (each key may appear once)" for k in value.twice)
            for key, item in value.items():
                walk(item, f"{path}.{shorten(key)[1:-1]}")
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, f"{path}[{i}]")

    try:
        walk(json.loads(text, parse_float=Decimal, parse_int=json_integer, parse_constant=NotFinite, object_pairs_hook=_keep_twice), "$")
    except (ValueError, RecursionError):
        return []
    return found
