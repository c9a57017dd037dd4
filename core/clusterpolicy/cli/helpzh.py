"""Help in Chinese: the formatter ``--help``, the list of commands and usage lines use under ``--lang zh``.

Each English text (a description, an option's help, argparse's own words) is said again with its Chinese
from :mod:`clusterpolicy.messages.help`, looked up when it is printed (a command that prints no help
never loads the table); a text the table does not know stays English. Lines are wrapped by their width
on screen: a Chinese character takes two columns, and a line may break between two of them, never
inside an option, a file name or a value, nor before a closing mark such as ``)`` or ``,``.
"""

from __future__ import annotations

import argparse
import functools
import re

#: Marks a line does not start with (they stay with what comes before them) …
_CLOSING = frozenset(",.;:!?)]}、。,;:!?)》」』】〕…”’")
#: … and marks a line does not end with (they stay with what follows them).
_OPENING = frozenset("([{(《「『【〔“‘")
_TOKENS = re.compile(r"\s+|[!-~]+|.", re.S)


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
    """``text``'s whitespace collapsed, in lines at most ``columns`` wide on screen (a single word wider
    than that has a line of its own)."""
    units: list[str] = []
    for token in _TOKENS.findall(" ".join(text.split())):
        if units and units[-1] != " " and (token[0] in _CLOSING or units[-1][-1] in _OPENING) and token != " ":
            units[-1] += token  # kept together: no break before a closing mark or after an opening one
        else:
            units.append(token)
    lines: list[str] = []
    line, used = "", 0
    for unit in units:
        size = width(unit)
        if unit == " ":
            if line:
                line, used = line + unit, used + size
        elif used + size > columns and line.strip():
            lines.append(line.rstrip())
            line, used = unit, size
        else:
            line, used = line + unit, used + size
    if line.strip():
        lines.append(line.rstrip())
    return lines


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
        return "\n".join(indent + line for line in wrap(text, width - len(indent)))
