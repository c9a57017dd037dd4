"""Reading a user's text file: bounded in size, decoded in the encoding asked for, refused with the line at fault."""

from __future__ import annotations

import codecs
import sys
from pathlib import Path

from .errors import InputError
from .limits import MAX_DOCUMENT_BYTES

#: How the refusal of a text file that is not UTF-8 ends.
SAVE_AS_UTF8 = "save the file as UTF-8"

#: The refusal of a file in UTF-16 or UTF-32 without a byte-order mark (which says which it is).
WIDE = "not UTF-8 text: zero bytes between its characters, as in UTF-16 or UTF-32 without a byte-order mark; save the file as UTF-8"


def read_text(path: str | Path, source: str, encoding: str | None = None) -> str:
    """A text file (``-``: standard input) of at most ``MAX_DOCUMENT_BYTES``, without a leading
    byte-order mark; a missing, unreadable, undecodable or larger file is an :class:`InputError`
    naming ``source``. ``encoding``: one of :data:`~clusterpolicy.text.TEXT_ENCODINGS` (``gb18030``
    for a file a Chinese Windows editor saved); default UTF-8, or UTF-16 or UTF-32 after its byte-order mark.
    A file that is UTF-8 (and not ASCII) is refused under another encoding rather than read garbled."""
    codec = check_encoding(encoding)
    try:
        if str(path) == "-" and getattr(sys.stdin, "buffer", None) is None:  # a text stream only (embedded): as it decodes
            text = sys.stdin.read(MAX_DOCUMENT_BYTES + 1)
            size = len(text)
        else:  # standard input read as bytes too: its byte-order mark and encoding are found as a file's
            if str(path) == "-":
                raw = sys.stdin.buffer.read(MAX_DOCUMENT_BYTES + 1)
            else:
                from .files import note_input

                with open(path, "rb") as fh:
                    raw = fh.read(MAX_DOCUMENT_BYTES + 1)
                note_input(path)  # no output of this run may replace it
            size = len(raw)
            if codec is None and raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
                codec = "utf-32"  # its byte-order mark says so (UTF-32 LE's begins like UTF-16 LE's)
            elif codec is None and raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                codec = "utf-16"  # Notepad's "Unicode": its byte-order mark says so
            elif codec is None and raw[:4096].count(0) > len(raw[:4096]) // 4:
                raise InputError(source, [WIDE])  # read as UTF-8, it would be a text of NUL characters
            if codec is not None and utf8_beyond_ascii(raw):
                raise InputError(source, [f"is UTF-8 text, not {codec}: leave --encoding out"])  # read as named, it would be garbled
            text = raw.decode(codec or "utf-8")
    except FileNotFoundError:
        raise InputError(source, ["file not found"]) from None
    except UnicodeDecodeError as exc:
        line, column = decode_position(exc, codec or "utf-8")
        where = f"{exc.reason} at line {line}, column {column}, byte offset {exc.start}"
        if codec is None:
            raise InputError(source, [f"not UTF-8 text ({where}): {SAVE_AS_UTF8}"]) from None
        raise InputError(source, [f"not {codec} text ({where})"]) from None
    except OSError as exc:
        raise InputError(source, [f"cannot read: {exc.strerror or exc}"]) from None
    if size > MAX_DOCUMENT_BYTES:
        raise InputError(source, [f"too large (at most {MAX_DOCUMENT_BYTES // 2**20} MiB)"])
    return text.removeprefix("\ufeff")


def decode_position(exc: UnicodeDecodeError, codec: str) -> tuple[int, int]:
    """The line and column of the first byte that did not decode in ``codec``, as an editor shows them:
    from 1, counted in characters (a byte-order mark is none). ``exc.start`` is its offset, from 0."""
    try:
        before = exc.object[: exc.start].decode(codec).removeprefix("\ufeff")  # what decoded, up to the fault
    except UnicodeDecodeError:  # a codec that needs what follows to decode what precedes: bytes counted
        before = exc.object[: exc.start].decode("latin-1")
    return before.count("\n") + 1, len(before) - before.rfind("\n")


def utf8_beyond_ascii(raw: bytes) -> bool:
    """Whether bytes, some beyond ASCII, read as UTF-8 without a fault: text in GBK or another legacy
    encoding almost never does, so a file that does is UTF-8 whatever ``--encoding`` says."""
    if raw.isascii():
        return False
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def check_encoding(name: str | None) -> str | None:
    """The codec name of ``--encoding`` (``None``: UTF-8, the default); an :class:`InputError` naming
    ``--encoding`` for an encoding Python does not know or a file may not name."""
    if name is None:
        return None
    from .text import text_codec

    codec = text_codec(name)
    if codec is None:
        raise InputError("--encoding", [f"unknown or unsupported encoding {name!r} (e.g. utf-8, gb18030, gbk, big5, utf-16)"])
    return None if codec == "utf-8" else codec
