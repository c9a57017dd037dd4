"""What the converter says of a problem: ``$.path: what was expected``, every problem of a document
(at most :data:`MAX_PROBLEMS`) in one run.

attrs runs a class's validators only once every field has converted, and stops at the first that
fails. With detailed validation the converter does better (:func:`field_checks`, :func:`every_refusal`):
a field's own checks (a :class:`~clusterpolicy.model.Constraint` on its value alone) run as soon as the
field has converted, whatever its siblings; the rules between fields run once every field is valid,
and each one that fails is said. An object is built only when all pass.
"""

from __future__ import annotations

import re
import typing
from decimal import Decimal
from typing import Any

import attrs
import cattrs
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationNote
from cattrs.gen import override

from .errors import FieldValueError, closest, shorten
from .model import Constraint, validators

#: Problems listed for one document at most (the rest are counted).
MAX_PROBLEMS = 100


def collected(errors: list[Exception], exc: Exception, what: str, whole: str, note: IterableValidationNote) -> bool:
    """Add ``exc`` (with its place) to ``errors``; at :data:`MAX_PROBLEMS`, a last one saying the rest is
    not reported instead, and True: stop (a hostile list or table is not a million messages)."""
    full = len(errors) == MAX_PROBLEMS
    if full:
        errors.pop()
        exc = ValueError(f"this {what} and the rest of the {whole} are not reported (more than {MAX_PROBLEMS} problems)")
    exc.__notes__ = [*getattr(exc, "__notes__", []), note]
    errors.append(exc)
    return full


class OwnCheckFailed(ValueError):
    """A field's own check refused its converted value (the message is the check's; the path is the field's)."""


def field_checks(conv: cattrs.Converter, cl: Any) -> dict[str, Any]:
    """Overrides for cattrs' generated structuring of ``cl``: each field with checks of its own has its
    hook followed by them, all of them, so a field's problems are said when a sibling fails."""
    dispatch = conv._structure_func.dispatch
    out = {}
    for a in attrs.fields(typing.get_origin(cl) or cl):
        own = [v for v in validators(a) if isinstance(v, Constraint) and not v.of_object]
        if own:

            def checked(value: Any, t: Any, own: list[Constraint] = own) -> Any:
                result = dispatch(t)(value, t)
                if result is not None and (failed := [OwnCheckFailed(c.message(result)) for c in own if not c.test(result)]):
                    raise failed[0] if len(failed) == 1 else ClassValidationError("While checking a field", failed, type(result))
                return result

            out[a.name] = override(struct_hook=checked)
    return out


def every_refusal(exc: ClassValidationError) -> ClassValidationError:
    """``exc`` as cattrs raised it for an object, or, when the object's ``__init__`` refused it (its fields
    all valid, a rule between them not met), every validator of the object that refuses it."""
    first = exc.exceptions[0] if len(exc.exceptions) == 1 else None
    inst = getattr(first, "instance", None)
    if inst is None or getattr(first, "__notes__", None):
        return exc
    refusals = []
    for a in attrs.fields(type(inst)):
        for v in validators(a):
            try:
                v(inst, a, getattr(inst, a.name))
            except (ValueError, TypeError) as refusal:
                refusals.append(refusal)
    return ClassValidationError(exc.message, refusals or [first], exc.cl)


def error_paths(exc: BaseException) -> list[str]:
    """Flatten a cattrs validation error into ``$.path: message`` lines."""
    if isinstance(exc, cattrs.BaseValidationError):
        lines = cattrs.transform_error(exc, path="$", format_exception=_format_exception)
    else:
        lines = [_format_exception(exc, None) + " @ $"]
    problems = [_tidy(line) for line in lines[:MAX_PROBLEMS]]
    if len(lines) > MAX_PROBLEMS:
        problems.append(f"… and {len(lines) - MAX_PROBLEMS} more problems")
    return problems


def _format_exception(exc: BaseException, type_: Any) -> str:
    if isinstance(exc, KeyError):
        return "required field missing"
    if isinstance(exc, ForbiddenExtraKeysError):
        extra = sorted(exc.extra_fields)
        shown = [shorten(k)[1:-1] if isinstance(k, str) else shorten(k) for k in extra[:5]]
        keys = ", ".join(shown) + (f" and {len(extra) - 5} more" if len(extra) > 5 else "")
        names = [a.name for a in getattr(exc.cl, "__attrs_attrs__", ())]
        meant = [f"{c!r}" + (f" for {k}" if len(extra) > 1 else "") for k, c in zip(shown, (closest(k, names) for k in extra)) if c]
        hint = f"did you mean {', '.join(meant)}? " if meant else ""
        return f"unknown key(s): {keys} ({hint}expected one of: {', '.join(names)})"
    if isinstance(exc, FieldValueError):
        return f"\x00{exc.field}\x00{exc.message}"
    if isinstance(exc, OwnCheckFailed):
        return str(exc)
    if isinstance(exc, (ValueError, TypeError)) and str(exc):
        message = str(exc)
        if type_ is not None and message.startswith("Unable to structure") or "is not a valid" in message:
            return f"expected {type_name(type_)}"
        return message
    return f"invalid value (expected {type_name(type_)})" if type_ is not None else "invalid value"


def _tidy(line: str) -> str:
    message, _, path = line.rpartition(" @ ")
    path = re.sub(r"\['([^']*)'\]", r".\1", path)
    path = re.sub(r"\[(\d+)\]", r"[\1]", path)
    if message.startswith("\x00"):
        _, field, message = message.split("\x00", 2)
        path = f"{path}.{field}"
    if path.startswith("$."):
        path = "$" + path[1:]
    return f"{path}: {message}"


def type_name(t: Any) -> str:
    return {bool: "true/false", int: "an integer", str: "a string", Decimal: "a decimal", type(None): "null"}.get(
        t, getattr(t, "__name__", str(t))
    )
