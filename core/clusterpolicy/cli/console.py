"""The command line's streams and language, set once for every command.

Output never fails on encoding. Files and pipes (anything that is not a terminal) get UTF-8,
whatever ``PYTHONIOENCODING`` or the Windows code page says, so ``clusterpolicy … --format json >
out.json`` is UTF-8 on a Chinese Windows too; standard input read from a pipe is UTF-8 (a byte-order
mark is dropped). A terminal keeps its own encoding, and a character it cannot show is degraded to
one it can (``✓`` → ``√``, ``²`` → ``2``, ``≥`` → ``>=``), never an error. Files meant for Excel
(CSV) are written with a byte-order mark by the command that writes them.

``--lang`` defaults from the locale: Chinese when ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` or
``LANGUAGE`` (first set) starts with ``zh``, or, on Windows, when the user's locale is Chinese.
"""

from __future__ import annotations

import codecs
import os
import sys

ERRORS = "clusterpolicy-degrade"

#: What a symbol becomes on a console that cannot show it, best first.
FALLBACKS: dict[str, tuple[str, ...]] = {
    "✓": ("√", "v"), "✗": ("×", "x"), "×": ("x",), "²": ("2",), "³": ("3",), "≥": (">=",), "≤": ("<=",),
    "≠": ("!=",), "Δ": ("D",), "±": ("+-",), "—": ("-",), "–": ("-",), "…": ("...",), "·": (".",),
    "→": ("->",), "←": ("<-",), "“": ('"',), "”": ('"',), "‘": ("'",), "’": ("'",), "\u3000": (" ",),
}  # fmt: skip


def _degrade(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    out = []
    for ch in exc.object[exc.start : exc.end]:
        for candidate in FALLBACKS.get(ch, ()):
            try:
                candidate.encode(exc.encoding)
            except (UnicodeError, LookupError):
                continue
            out.append(candidate)
            break
        else:
            out.append("?")
    return "".join(out), exc.end


codecs.register_error(ERRORS, _degrade)


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def configure_streams() -> None:
    """UTF-8 for pipes and files (stdin too), the terminal's encoding with degraded symbols on a terminal."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None or not hasattr(stream, "reconfigure"):
            continue
        if _is_terminal(stream):
            stream.reconfigure(errors=ERRORS)
        else:
            stream.reconfigure(encoding="utf-8", errors=ERRORS)
    stdin = sys.stdin
    if stdin is not None and hasattr(stdin, "reconfigure") and not _is_terminal(stdin):
        try:
            stdin.reconfigure(encoding="utf-8-sig")
        except (ValueError, OSError):  # already read from, or closed
            pass


def default_lang(environ=os.environ) -> str:
    """``zh`` when the locale is Chinese, else ``en``."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    if sys.platform == "win32":  # pragma: no cover - Windows only
        import locale

        name = (locale.getlocale()[0] or "").lower()
        return "zh" if name.startswith(("zh", "chinese")) else "en"
    return "en"
