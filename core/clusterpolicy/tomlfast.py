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

#: Keys a header may have here: with more, the nesting check of the text (``limits.check_text_depth``,
#: which this reading does without) could refuse it, so the caller's reading does the check.
MAX_HEADER_KEYS = MAX_DEPTH // 2

_WS = "[ \t]*"
_TEXT = "[^{}\x00-\x08\x0a-\x1f\x7f]*"  # characters but these and the control characters (tab is one allowed)
_COMMENT = "(?:#" + _TEXT.format("") + ")?"
_KEY = "[A-Za-z0-9_-]+"
_PATH = f"{_WS}{_KEY}(?:{_WS}\\.{_WS}{_KEY})*{_WS}"
# A scalar, one named group for each kind: a basic or literal string (without escapes), a local date,
# a boolean, a decimal number (an integer, or a float: with a fraction or an exponent).
_SCALAR = (
    '"(?P<string>' + _TEXT.format('"\\\\') + ')"'
    "|'(?P<literal>" + _TEXT.format("'") + ")'"
    "|(?P<date>[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01]))(?![0-9Tt:.+-])"
    "|(?P<boolean>true|false)(?![A-Za-z0-9_-])"
    r"|(?P<number>[+-]?(?:0|[1-9](?:_?[0-9])*)(?:\.[0-9](?:_?[0-9])*)?(?:[eE][+-]?[0-9](?:_?[0-9])*)?)(?![A-Za-z0-9_.:+-])"
)
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f]")
_ITEM = re.compile(f"{_WS}(?:{_SCALAR}){_WS}(?:,|(?=\\]))")
_HEADER = re.compile(f"\\[\\[(?P<array>{_PATH})\\]\\]{_WS}{_COMMENT}|\\[(?P<table>{_PATH})\\]{_WS}{_COMMENT}")
_PAIR = re.compile(
    f"(?P<key>{_KEY}){_WS}={_WS}(?:{_SCALAR}|(?P<list>\\[(?:[^\\]\"'#]|\"[^\"]*\"|'[^']*')*\\])){_WS}{_COMMENT}"
)


def loads(text: str, parse_float: Callable[[str], Any]) -> dict[str, Any] | None:
    """``text`` as tomli reads it, if it is of the plain form above; otherwise ``None``."""
    root: dict[str, Any] = {}
    table = root
    explicit: set[int] = set()  # tables a header declared (once only)
    arrays: set[int] = set()  # arrays of tables ([[x]]); other arrays are values
    for line in text.replace("\r\n", "\n").split("\n"):
        line = line.lstrip(" \t")
        if not line:
            continue
        if line[0] == "#":
            if _CONTROL.search(line):
                return None
            continue
        m = (_HEADER if line[0] == "[" else _PAIR).fullmatch(line)
        if m is None:
            return None
        if line[0] != "[":
            key = m["key"]
            if key in table:
                return None
            value = _array(m["list"], parse_float) if m.lastgroup == "list" else _scalar(m, parse_float)
            if value is _NO:
                return None
            table[key] = value
        else:
            path = m["table"] or m["array"]
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
            if m["array"] is not None:
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
    return root


_NO = object()


def _scalar(m: re.Match[str], parse_float: Callable[[str], Any]) -> Any:
    kind, text = m.lastgroup, m[m.lastindex]  # the scalar's group is the last to close
    if kind == "string" or kind == "literal":
        return text
    if kind == "boolean":
        return text == "true"
    try:
        if kind == "date":
            return date(int(text[:4]), int(text[5:7]), int(text[8:]))
        if "." in text or "e" in text or "E" in text:
            return parse_float(text)
        return int(text, 0)
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
