"""Help in Chinese: the formatter ``--help``, the list of commands and usage lines use under ``--lang zh``.

Each English text (a description, an option's help, argparse's own words) is said again with its Chinese
from :mod:`clusterpolicy.messages.help`, looked up when it is printed (a command that prints no help
never loads the table); a text the table does not know stays English. Lines are wrapped by their width
on screen (a Chinese character takes two columns) and end at a space or after a mark such as ``,`` or
``、``; between two Chinese characters only where no such place is in reach; never inside an option, a
file name or a value, nor before a closing mark such as ``)`` or ``,``.
"""

from __future__ import annotations

import argparse
import functools

#: Marks a line does not start with (they stay with what comes before them; ``.`` may: ``、.parquet``) …
_CLOSING = frozenset(",;:!?)]}、。，；：！？）》」』】〕…”’")
#: … and marks a line does not end with (they stay with what follows them).
_OPENING = frozenset("([{（《「『【〔“‘")
#: Marks after which a line may end (an ASCII one only beside Chinese: ``默认:text``, not ``.json;-``).
_ENDING = frozenset(",;:!?)、。，；：！？）》」』】〕”")
#: A break's kind: at a space or after a mark; between two Chinese characters (where no better one is).
_GOOD, _LAST_RESORT = 2, 1


@functools.cache
def _tables() -> tuple[dict[str, str], dict[str, str]]:
    from ..messages.help import ARGPARSE, HELP

    return dict(HELP), ARGPARSE


def said(text: str) -> str:
    """The Chinese of an English help text (as written, ``%(default)s`` unfilled); ``text`` when unknown."""
    help_, argparse_words = _tables()
    return help_.get(text) or argparse_words.get(text) or text


def width(text: str) -> int:
    """Columns ``text`` takes on a terminal: two for a wide character (Chinese, and the ambiguous ones
    such as ``…`` and ``“``, which a Chinese console shows wide), else one."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in text)


def wrap(text: str, columns: int) -> list[str]:
    """``text``'s whitespace collapsed, in lines at most ``columns`` wide on screen. A line ends at a
    space or after a mark (``,``, ``;``, ``、``, ``)`` …) where one is in reach, else between two
    Chinese characters (``默认`` is split only when the line has no better place), never inside a run
    of ASCII (an option, a file name, a value: a single one wider than the line has a line of its own),
    before a closing mark or after an opening one."""
    text = " ".join(text.split())
    lines: list[str] = []
    while width(text) > columns and (cut := _cut(text, columns)):
        lines.append(text[:cut])
        text = text[cut:].lstrip(" ")
    if text:
        lines.append(text)
    return lines


def _cut(text: str, columns: int) -> int | None:
    """Where the first line of ``text`` (wider than ``columns``) ends: the last good break that fits
    (unless it leaves two thirds of the line empty and a break between Chinese characters comes later),
    else the last between Chinese characters, else the first break there is (``None``: none)."""
    best = {_GOOD: 0, _LAST_RESORT: 0}
    used = width(text[0])
    for i in range(1, len(text)):
        kind = _break(text, i)
        if kind and used <= columns:
            best[kind] = i
        elif kind and not any(best.values()):
            return i  # nothing fits: the word wider than the line ends here
        elif used > columns and any(best.values()):
            break
        used += width(text[i])
    good, last_resort = best[_GOOD], best[_LAST_RESORT]
    if good and last_resort > good and width(text[:good]) * 3 < columns:
        return last_resort  # a good break this early would leave two thirds of the line empty
    return good or last_resort or None


def _break(text: str, i: int) -> int:
    """The kind of line break ``text`` may take before ``text[i]`` (0: none)."""
    before, after = text[i - 1], text[i]
    if after == " ":
        return _GOOD
    if before == " " or after in _CLOSING or before in _OPENING:
        return 0
    if before in _ENDING and (not before.isascii() or not after.isascii() or i > 1 and not text[i - 2].isascii()):
        return _GOOD
    return _LAST_RESORT if not before.isascii() and not after.isascii() else 0


class Formatter(argparse.HelpFormatter):
    """argparse's formatter, saying every text in Chinese and wrapping by width on screen."""

    def start_section(self, heading: str | None) -> None:
        super().start_section(said(heading) if heading else heading)

    def add_text(self, text: str | None) -> None:
        super().add_text(said(text) if text and text is not argparse.SUPPRESS else text)

    def _get_help_string(self, action: argparse.Action) -> str:
        return said(action.help or "")

    def _format_usage(self, usage, actions, groups, prefix) -> str:  # type: ignore[no-untyped-def]
        if prefix is not None:  # '' while argparse names a sub-command: nothing to say
            return super()._format_usage(usage, actions, groups, prefix)
        zh = said("usage: ")
        stand_in = "u" * width(zh)  # argparse lines the usage up by len(prefix): a stand-in as wide as the Chinese
        return zh + super()._format_usage(usage, actions, groups, stand_in)[len(stand_in) :]

    def _split_lines(self, text: str, width: int) -> list[str]:
        return wrap(text, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(indent + line for part in text.split("\n") for line in wrap(part, width - len(indent)))  # an example: its own line
