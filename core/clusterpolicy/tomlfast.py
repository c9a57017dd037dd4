"""A fast reader of the plain TOML most profiles are written in, or ``None`` for anything else.

tomli reads a character at a time; a profile of a few kilobytes costs it about half a millisecond,
as much as a regime's evaluation. Most documents use a small part of TOML: ``[table]`` and
``[[array]]`` headers of bare (dotted) keys, and lines ``key = value`` of a bare key and a one-line
value (a string without escapes, a decimal integer or float, a boolean, a local date, or an array of
those), with comments, nested no deeper than a header of :data:`MAX_HEADER_KEYS` keys (so the
text's nesting needs no check before it is read, as it does before tomli recurses into it). :func:`loads` reads exactly those, a line per regular expression, into the
values tomli gives them (floats through the same ``parse_float``, given the same text). A line of
any other form, or a key defined twice, is not judged here: ``None`` says so, and the caller reads
the document with tomli, which accepts it or says what is wrong — so errors are tomli's words.
``tests/test_tomlfast.py`` checks that every document read here reads the same with tomli.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Callable

from .limits import MAX_DEPTH

#: Keys a header may have here: with more, the text's nesting check (``limits.check_text_depth``,
#: which this reading does without) could refuse it, so the caller's reading does the check. With at
#: most this many, what is read here is nested no deeper than :data:`~clusterpolicy.limits.MAX_DEPTH`
#: (each key a table, or an array and its table: two levels; the root and a value's array: two more),
#: so the data needs no check either.
MAX_HEADER_KEYS = (MAX_DEPTH - 2) // 2

_WS = "[ \t]*"
_TEXT = "[^{}\x00-\x08\x0a-\x1f\x7f]*"  # characters but these and the control characters (tab is one allowed)
_COMMENT = "(?:#" + _TEXT.format("") + ")?"
_KEY = "[A-Za-z0-9_-]+"
_PATH = f"{_WS}{_KEY}(?:{_WS}\\.{_WS}{_KEY})*{_WS}"
_DIGITS = "[0-9](?:_?[0-9])*"
_END = "(?![A-Za-z0-9_.:+-])"  # what may not follow a number
# A scalar, one named group for each kind: a basic or literal string (without escapes), a local date,
# a boolean, a decimal integer, a float (with a fraction or an exponent).
_SCALAR = (
    '"(?P<string>' + _TEXT.format('"\\\\') + ')"'
    "|'(?P<literal>" + _TEXT.format("'") + ")'"
    "|(?P<date>[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01]))(?![0-9Tt:.+-])"
    "|(?P<boolean>true|false)(?![A-Za-z0-9_-])"
    f"|(?P<integer>[+-]?(?:0|[1-9](?:_?[0-9])*)){_END}"
    f"|(?P<float>[+-]?(?:0|[1-9](?:_?[0-9])*)(?:\\.{_DIGITS})?(?:[eE][+-]?{_DIGITS})?){_END}"
)
_ITEM = re.compile(f"{_WS}(?:{_SCALAR}){_WS}(?:,|(?=\\]))")
# One line and its end: a header, a pair ``key = value`` (the last group to close is the value's kind),
# or nothing but a comment or white space (no group).
_LINE = re.compile(
    f"{_WS}(?:\\[\\[(?P<array>{_PATH})\\]\\]{_WS}{_COMMENT}|\\[(?P<table>{_PATH})\\]{_WS}{_COMMENT}"
    f"|(?P<key>{_KEY}){_WS}={_WS}(?:{_SCALAR}|(?P<list>\\[(?:[^\\]\"'#\n]|\"[^\"\n]*\"|'[^'\n]*')*\\])){_WS}{_COMMENT}"
    f"|{_COMMENT})\r?\n"
)


def loads(text: str, parse_float: Callable[[str], Any]) -> dict[str, Any] | None:
    """``text`` as tomli reads it, if it is of the plain form above; otherwise ``None``."""
    if text.endswith("\r"):  # a line break of \r alone: tomli's to judge
        return None
    if not text.endswith("\n"):
        text += "\n"
    root: dict[str, Any] = {}
    table = root
    explicit: set[int] = set()  # tables a header declared (once only)
    arrays: set[int] = set()  # arrays of tables ([[x]]); other arrays are values
    m = None
    try:
        for m in iter(_LINE.scanner(text).match, None):  # line after line, each where the last ended
            kind = m.lastgroup
            if kind is None:
                continue
            if kind == "array" or kind == "table":
                table = _header(root, m[kind], kind == "array", explicit, arrays)
                if table is None:
                    return None
                continue
            key = m["key"]
            if key in table:
                return None
            if kind == "string" or kind == "literal":
                table[key] = m[kind]
            elif kind == "integer":
                table[key] = int(m[kind])
            elif kind == "float":
                table[key] = parse_float(m[kind])
            elif kind == "boolean":
                table[key] = m[kind] == "true"
            elif kind == "date":
                table[key] = _date(m[kind])
            elif (value := _array(m[kind], parse_float)) is not _NO:
                table[key] = value
            else:
                return None
    except ValueError:  # 2024-02-30, or more digits than int() takes: tomli says so
        return None
    return root if m is not None and m.end() == len(text) else None


def _header(root: dict[str, Any], path: str, array: bool, explicit: set[int], arrays: set[int]) -> dict[str, Any] | None:
    """The table a ``[path]`` (or ``[[path]]``) header opens, or ``None`` where tomli is to judge it."""
    keys = path.split(".")
    if len(keys) > MAX_HEADER_KEYS:
        return None
    *parents, last = [k.strip(" \t") for k in keys]
    table = root
    for k in parents:
        table = table.setdefault(k, {})
        if type(table) is list and id(table) in arrays:
            table = table[-1]
        elif type(table) is not dict:
            return None
    if array:
        tables = table.get(last)
        if tables is None:
            tables = table[last] = []
            arrays.add(id(tables))
        elif id(tables) not in arrays:  # a value, or a table
            return None
        tables.append(table := {})
    else:
        table = table.setdefault(last, {})
        if type(table) is not dict or id(table) in explicit:
            return None
    explicit.add(id(table))
    return table


_NO = object()


def _date(text: str) -> date:
    return date(int(text[:4]), int(text[5:7]), int(text[8:]))


def _scalar(m: re.Match[str], parse_float: Callable[[str], Any]) -> Any:
    kind, text = m.lastgroup, m[m.lastindex]  # the scalar's group is the last to close
    if kind == "string" or kind == "literal":
        return text
    if kind == "boolean":
        return text == "true"
    if kind == "float":
        return parse_float(text)
    try:
        return _date(text) if kind == "date" else int(text)
    except ValueError:  # 2024-02-30, or more digits than int() takes: tomli says so
        return _NO


def _array(text: str, parse_float: Callable[[str], Any]) -> Any:
    """A one-line array of scalars (``[1, 2.5, "a",]``), or _NO."""
    pos, out = 1, []
    while text[pos:].strip(" \t") != "]":
        m = _ITEM.match(text, pos)
        if m is None or (value := _scalar(m, parse_float)) is _NO:
            return _NO
        out.append(value)
        pos = m.end()
        if text[pos - 1] != ",":  # the array ends here
            return out if pos == len(text) - 1 else _NO
    return out
