"""A small TOML writer for the data clusterpolicy itself produces (rule files, scaffolds).

The standard library reads TOML but does not write it, and the documents we write are plain:
tables, arrays, strings, booleans, integers, exact decimals and dates. Short tables are written
inline (``citation = { document = "…", item = "…" }``); longer ones become ``[table]`` /
``[[array.of.tables]]`` sections, so a person can read and edit the result. ``None`` values are
left out (TOML has no null; every field that may be null has that as its default).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

#: Inline a table or array when its one-line form is at most this long.
INLINE_WIDTH = 100
_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def dumps(document: Mapping[str, Any]) -> str:
    """Serialise a mapping as a TOML document (tables in insertion order)."""
    lines: list[str] = []
    _table_body(document, (), lines)
    return "\n".join(lines).strip("\n") + "\n"


def key(name: str) -> str:
    """A TOML key: bare when possible, else a quoted string."""
    return name if _BARE_KEY.match(name) else _string(name)


def _path(parts: Sequence[str]) -> str:
    return ".".join(key(p) for p in parts)


def _table_body(table: Mapping[str, Any], path: tuple[str, ...], lines: list[str]) -> None:
    simple, nested = [], []
    for k, v in table.items():
        if v is None:
            continue
        if not isinstance(k, str):
            k = str(k)
        if _is_table(v) or _is_table_array(v):
            inline = _inline(v)
            if len(k) + 3 + len(inline) <= INLINE_WIDTH:
                simple.append(f"{key(k)} = {inline}")
            else:
                nested.append((k, v))
        else:
            simple.append(f"{key(k)} = {_value(v)}")
    lines.extend(simple)
    for k, v in nested:
        sub = path + (k,)
        if _is_table(v):
            lines += ["", f"[{_path(sub)}]"]
            _table_body(v, sub, lines)
        else:
            for item in v:
                lines += ["", f"[[{_path(sub)}]]"]
                _table_body(item, sub, lines)


def _is_table(v: Any) -> bool:
    return isinstance(v, Mapping)


def _is_table_array(v: Any) -> bool:
    return isinstance(v, (list, tuple)) and bool(v) and all(isinstance(x, Mapping) for x in v)


def _inline(v: Any) -> str:
    if isinstance(v, Mapping):
        items = [f"{key(str(k))} = {_inline(x)}" for k, x in v.items() if x is not None]
        return "{ " + ", ".join(items) + " }" if items else "{}"
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_inline(x) for x in v) + "]"
    return _value(v)


def _value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, Decimal):
        if not v.is_finite():
            raise ValueError(f"cannot write {v} in TOML")
        text = format(v, "f")
        return text
    if isinstance(v, float):
        raise TypeError("floats are not written: use Decimal for exact numbers")
    if isinstance(v, datetime):
        raise TypeError("date-times are not written: rules use dates")
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, str):
        return _string(v)
    if isinstance(v, (list, tuple)):
        return _inline(v)
    if isinstance(v, Mapping):
        return _inline(v)
    raise TypeError(f"cannot write a {type(v).__name__} in TOML")


def _string(s: str) -> str:
    out = []
    for ch in s:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'
