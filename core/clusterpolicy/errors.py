"""One error hierarchy: every failure a user can cause is a :class:`ClusterPolicyError`.

The CLI turns these into a one-line message and an exit code; it never shows a traceback.
"""

from __future__ import annotations

import re

import reprlib
from collections.abc import Iterable

#: Characters of a value an error message may echo (messages never repeat a whole value).
SHOWN_CHARS = 40


class _AsWritten(reprlib.Repr):
    """``repr`` with values as a TOML or JSON file writes them: ``62.5``, ``true``, ``null``,
    ``2024-05-01`` (not ``Decimal('62.5')``, ``True``, ``None``, ``datetime.date(…)``)."""

    def repr_Decimal(self, value: object, level: int) -> str:
        return self.repr_str(str(value), level)[1:-1]  # cut as a string is

    def repr_bool(self, value: bool, level: int) -> str:
        return "true" if value else "false"

    def repr_NoneType(self, value: None, level: int) -> str:
        return "null"

    def repr_date(self, value: object, level: int) -> str:
        return value.isoformat()  # type: ignore[attr-defined]

    repr_datetime = repr_time = repr_date


_REPR = _AsWritten()
_REPR.maxstring = _REPR.maxother = _REPR.maxlong = SHOWN_CHARS
_REPR.maxlist = _REPR.maxtuple = _REPR.maxdict = _REPR.maxset = 3
_REPR.maxlevel = 2


def shorten(value: object) -> str:
    """``repr(value)`` cut to about :data:`SHOWN_CHARS` characters, for error messages."""
    return _REPR.repr(value)


def beginning(text: str, limit: int = 24) -> str:
    """A long text as an error shows it: quoted, cut to its first ``limit`` characters and followed by
    its length (``'1111…'… (5,000 characters)``); a short one quoted whole."""
    return repr(text) if len(text) <= limit else repr(text[:limit]) + f"… ({len(text):,} characters)"


def too_long(most: int, where: str, text: str, length: int | None = None) -> str:
    """The one wording of a value over a length limit: ``too long (at most 65,536 characters in a
    cell); got 'xxxx'… (70,000 characters)``. ``length``: the whole value's, where ``text`` is only
    its beginning (a cell read past without being held); a negative one: at least ``-length``."""
    if length is None:
        got = beginning(text)
    else:
        got = repr(text[:24]) + (f"… ({length:,} characters)" if length >= 0 else f"… (more than {-length - 1:,} characters)")
    return f"too long (at most {most:,} characters in {where}); got {got}"


def closest(name: object, known: Iterable[str]) -> str | None:
    """The name of ``known`` that ``name`` most likely misspells (difflib's closest match), or None."""
    import difflib

    if not isinstance(name, str) or len(name) > 100:
        return None
    close = difflib.get_close_matches(name, list(known), n=1)
    return close[0] if close else None


def did_you_mean(name: object, known: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` with the :func:`closest` name of ``known``, or ``""`` if none is close."""
    close = closest(name, known)
    return f" (did you mean {close!r}?)" if close else ""


class ClusterPolicyError(Exception):
    """Base of every error clusterpolicy raises on purpose."""

    exit_code = 2

    def text(self, lang: str = "en") -> str:
        """The message in ``lang``: English as ``str()`` gives it; in Chinese the converter's messages
        (:mod:`clusterpolicy.messages`), the file, field paths and values kept as they are."""
        from .messages import said

        return said(str(self), lang)


_MORE = re.compile(r"… and ([0-9]+) more problems")


class InputError(ClusterPolicyError):
    """A profile, record or option is malformed.

    ``source`` names the file (or ``<stdin>``, ``<dict>``); ``problems`` are lines of the form
    ``$.path.to.field: what was expected``.
    """

    exit_code = 2

    def __init__(self, source: str, problems: list[str] | tuple[str, ...]):
        self.source = source
        problems = tuple(problems)
        more = _MORE.fullmatch(problems[-1]) if problems else None
        #: problems found beyond those listed (the converter lists at most ``MAX_PROBLEMS``)
        self.more = int(more[1]) if more else 0
        self.problems = problems[:-1] if more else problems
        super().__init__(self.render())

    def render(self) -> str:
        if len(self.problems) == 1 and not self.more:
            return f"{self.source}: {self.problems[0]}"
        lines = [f"{self.source}: {len(self.problems) + self.more} problems"]
        lines += [f"  - {p}" for p in self.problems]
        if self.more:
            lines.append(f"  … and {self.more} more problems")
        return "\n".join(lines)


class LoadError(ClusterPolicyError):
    """Plugins or rule data are inconsistent (checked when regimes are built).

    Each problem names the plugin and the rule it concerns.
    """

    exit_code = 3

    def __init__(self, problems: list[str] | tuple[str, ...]):
        self.problems = tuple(problems)
        head = "invalid jurisdiction plugins" if len(self.problems) > 1 else "invalid jurisdiction plugin"
        super().__init__(head + ":\n" + "\n".join(f"  - {p}" for p in self.problems))


class UnknownRegimeError(ClusterPolicyError):
    """A regime was asked for that no plugin declares."""

    exit_code = 2


class FieldValueError(ValueError):
    """An attrs validator's complaint about one field; converters add the field to the path.

    ``instance`` is the object refused (its fields all set, as attrs runs validators last): the
    converter asks it for every other refusal of the object (:func:`clusterpolicy.problems.every_refusal`).
    """

    def __init__(self, inst: object, field: str, message: str):
        self.instance = inst
        self.cls = type(inst).__name__
        self.field = field
        self.message = message
        super().__init__(f"{self.cls}.{field}: {message}")
