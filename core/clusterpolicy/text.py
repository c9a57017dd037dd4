"""Plain-text tables that respect the width of Chinese characters (shared by every family's rendering)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

#: Encodings a file or a request body may name (codec names as ``codecs.lookup`` gives them): the
#: Unicode forms and the usual Chinese, East Asian and Western single- and double-byte ones — decoders
#: that read bytes in linear time. Others Python knows (punycode, idna, unicode_escape, utf-7, the
#: ISO-2022 family …) are refused: some take quadratic time, some are no text encoding of a file.
TEXT_ENCODINGS = frozenset({
    "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be",
    "gbk", "gb2312", "gb18030", "big5", "big5hkscs", "cp950", "ascii", "cp1252",
    "shift_jis", "cp932", "euc_jp", "euc_kr", "cp949",
    *(f"iso8859-{i}" for i in range(1, 17)), *(f"cp{i}" for i in range(1250, 1259)),
})  # fmt: skip


def text_codec(name: str) -> str | None:
    """The codec name of an encoding in :data:`TEXT_ENCODINGS`, or None (unknown, or not allowed)."""
    import codecs

    try:
        codec = codecs.lookup(name).name if len(name) <= 40 else None
    except (LookupError, ValueError):  # ValueError: a NUL in the name
        return None
    return codec if codec in TEXT_ENCODINGS else None


#: Control characters other than tab and newline (C0, DEL, C1): a terminal would act on them (ESC starts an
#: escape sequence, CR returns to the start of the line) and a worksheet cannot hold most of them.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    """``text`` with each control character other than tab and newline shown instead of acted on: C0
    and DEL as their Unicode control pictures (ESC → ␛, U+0013 → ␓), C1 as ``\\x9b``. Text output and
    spreadsheets use it; the characters come from a profile's or a table's own text."""
    if not _CONTROLS.search(text):
        return text
    return _CONTROLS.sub(lambda m: _picture(ord(m.group())), text)


def _picture(code: int) -> str:
    return chr(0x2400 + code) if code < 0x20 else "\u2421" if code == 0x7F else f"\\x{code:02x}"


def width(text: str) -> int:
    """Display width in a terminal: East Asian wide and full-width characters count two."""
    if text.isascii():
        return len(text)
    if len(text) > 256:  # a long reason repeats a few hundred characters: look each up once
        return len(text) + sum(n for ch, n in Counter(text).items() if unicodedata.east_asian_width(ch) in "WF")
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def cut(text: str, limit: int) -> str:
    """``text`` if it fits in ``limit`` display columns, else its longest prefix that fits in
    ``limit - 1`` followed by ``…`` (reads at most ``limit`` characters, whatever the length)."""
    used = 0
    for i, ch in enumerate(text):
        used += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if used > limit:
            break
    else:
        return text
    head, used = [], 0
    for ch in text[:i]:
        w = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if used + w > limit - 1:
            break
        head.append(ch)
        used += w
    return "".join(head) + "…"


def pad(text: str, size: int) -> str:
    return text + " " * (size - width(text))


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Left-aligned columns separated by two spaces; the last column is not padded."""
    sizes = [max(width(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    lines = []
    for r in [headers, *rows]:
        cells = [pad(str(c), sizes[i]) if i < len(r) - 1 else str(c) for i, c in enumerate(r)]
        lines.append("  ".join(cells).rstrip())
    lines.insert(1, "  ".join("-" * s for s in sizes))
    return "\n".join(lines)
