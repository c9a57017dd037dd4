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


class _Widths(dict):
    """Each character's display width, looked up once (a table's cells share their characters)."""

    def __missing__(self, ch: str) -> int:
        if len(self) > 65_536:  # a text of every character there is: keep the memory bounded
            self.clear()
        w = self[ch] = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        return w


_WIDTHS = _Widths()


def width(text: str) -> int:
    """Display width in a terminal: East Asian wide and full-width characters count two."""
    if text.isascii():
        return len(text)
    if len(text) > 256:  # a long reason repeats a few hundred characters: look each up once
        return len(text) + sum(n for ch, n in Counter(text).items() if unicodedata.east_asian_width(ch) in "WF")
    return sum(map(_WIDTHS.__getitem__, text))


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
    grid = [[str(c) for c in r] for r in [headers, *rows]]
    widths = [[width(c) for c in r] for r in grid]  # each cell measured once, for its column and its padding
    sizes = [max(w[i] for w in widths) for i in range(len(headers))]
    lines = []
    for r, w in zip(grid, widths):
        last = len(r) - 1
        lines.append("  ".join(c + " " * (sizes[i] - w[i]) if i < last else c for i, c in enumerate(r)).rstrip())
    lines.insert(1, "  ".join("-" * s for s in sizes))
    return "\n".join(lines)
