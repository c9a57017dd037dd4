"""Errors in Chinese: tables of English message templates, each beside its Chinese.

Every problem is worded in English where it is found (``$.path: message``: what tests, logs and the
JSON's ``problems`` say). Where the user asked for Chinese (``--lang zh``, ``LANG=zh_*``, the page in
Chinese, HTTP ``error_zh``/``problems_zh``), :func:`said` matches each line's message against the English
templates of :data:`TEMPLATES` and says it again with the Chinese one: the file name, the field path and
every value quoted (``got 'abc'``, the keys expected) stay exactly as they are. A message the tables do not
know stays English.

The tables, one per family of messages: :mod:`.inputs` (the converter, the limits, reading a file),
:mod:`.rules` (rule files, plugins and the load-time checks), :mod:`.commands` (the command line's options,
spreadsheets, records, submissions, outputs and the HTTP query).
"""

from __future__ import annotations

import functools
import re

from .commands import COMMANDS
from .inputs import INPUTS
from .rules import RULES

#: (English, Chinese), first match wins: the specific first. Placeholders: ``{n}``, ``{m}``, ``{k}`` stand for
#: digits; ``{types}`` for "a decimal or null", said word by word (:data:`TYPES`); ``{message}`` (``{message2}``, ``{message3}``) for a
#: message said again in its turn (the longest tail the tables know, as a line's); ``{hint}`` for an optional
#: `` (did you mean 'x'?)``, ``{retype}`` for an optional `` (it has full-width digits: …, as 12.5)`` (:data:`RETYPE`) and ``{at}`` for an optional `` [at file: $.path]``; ``{jid}`` for a
#: jurisdiction id (quoted, or one word); ``{meant}`` for the keys a did-you-mean suggests (``'x' for y`` said ``y → 'x'``); ``{decoding}`` for a codec's reason (:data:`DECODING`); ``{reason}`` for an
#: operating system's or a library's reason (:data:`OS_ERRORS` where listed); ``{family}`` for a rule family's key (said as the
#: glossary names it); any other ``{name}`` for text
#: kept as it is.
TEMPLATES: tuple[tuple[str, str], ...] = COMMANDS + RULES + INPUTS

#: The words of ``{types}`` (the converter's names of types, joined by " or ").
TYPES = {"a decimal": "数字", "a decimal number": "数字", "an integer": "整数", "a string": "文本", "true/false": "true/false", "null": "null",
         "a whole number": "整数", "a number of days": "天数", "a year": "年份", "a TCP port": "TCP 端口号", "a number of bytes": "字节数",
         "a number of seconds": "秒数"}  # fmt: skip

#: ``{retype}``: how to retype a number the keyboard got wrong (:func:`clusterpolicy.limits.retype_hint`), said in Chinese.
RETYPE = {"it has full-width digits: retype them half-width": "含全角数字:请改用半角重新输入",
          "it has a space after the sign: remove it": "符号后有空格:请删去空格"}  # fmt: skip

#: ``{decoding}``: why bytes did not decode, as Python's codecs say it (a reason not listed stays as it is).
DECODING = {
    "invalid start byte": "无效的起始字节", "invalid continuation byte": "无效的后续字节", "unexpected end of data": "数据意外结束",
    "illegal multibyte sequence": "非法的多字节序列", "incomplete multibyte sequence": "不完整的多字节序列",
    "illegal UTF-16 surrogate": "非法的 UTF-16 代理项", "illegal encoding": "非法编码", "truncated data": "数据被截断",
    "code point not in range(0x110000)": "码位超出 Unicode 范围", "ordinal not in range(128)": "不是 ASCII 字符",
    "character maps to <undefined>": "该字节在此编码中没有对应的字符",
}  # fmt: skip

#: ``{reason}``: an operating system's reason (``strerror``), said in Chinese where listed (else as it is).
OS_ERRORS = {
    "Is a directory": "这是一个文件夹", "Not a directory": "不是文件夹", "No such file or directory": "文件或文件夹不存在",
    "Permission denied": "没有权限", "Read-only file system": "文件系统只读", "No space left on device": "磁盘空间已满",
    "File name too long": "文件名过长", "Too many levels of symbolic links": "符号链接层数过多", "Input/output error": "输入/输出错误",
    "Device or resource busy": "设备或资源忙", "Operation not permitted": "不允许此操作", "Disk quota exceeded": "超出磁盘配额",
    "File exists": "文件已存在", "Broken pipe": "管道已断开", "symlink loop": "符号链接循环",
}  # fmt: skip

_PATTERNS = {
    "n": "[0-9]+",
    "m": "[0-9]+",
    "k": "[0-9]+",
    "hint": r"(?: \(did you mean .+?\?\))?",
    "at": r"(?: \[at .+\])?",
    "jid": r"'[^']*'|[^' ]+",  # a jurisdiction id, quoted or a bare word: it never runs on into the rest of a message
    "shown": r"-?[0-9.]+",
    "held": r"-?[0-9.]+",
    "retype": r"(?: \((?:it has full-width digits: retype them half-width|it has a space after the sign: remove it), as [^()]*\))?",
}
_MEANT = re.compile(r"('[^']*') for ([^,]+)")
_CUT = re.compile(r"… \((more than )?([\d,]+) characters\)$")
_HINT = re.compile(r" \(did you mean (.+?)\?\)")
_AT = re.compile(r" \[at (.+)\]")


@functools.cache
def _compiled() -> tuple[tuple[re.Pattern[str], str], ...]:
    def pattern(en: str) -> re.Pattern[str]:
        parts = re.split(r"\{(\w+)\}", en)
        # a placeholder the template starts with holds no ": " (what comes before a message is not part of it)
        free = {i: "(?:(?!: ).)+?" if i == 1 and not parts[0] else ".+?" for i in range(1, len(parts), 2)}
        regex = "".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>{_PATTERNS.get(part, free[i])})" for i, part in enumerate(parts))
        return re.compile(regex, re.S)

    return tuple((pattern(en), zh) for en, zh in TEMPLATES)


def _message(text: str, depth: int = 0) -> str | None:
    """The Chinese of one message (no path before it), or None when the tables do not know it."""
    for regex, zh in _compiled():
        m = regex.fullmatch(text)
        if m is None:
            continue
        values = m.groupdict()
        if "types" in values:
            words = [TYPES.get(w) for w in values["types"].split(" or ")]
            if None in words:
                continue
            values["types"] = "或".join(words)  # type: ignore[arg-type]
        for name in ("message", "message2", "message3"):
            if name in values and depth < 8:
                values[name] = _tail(values[name], depth + 1)
        if "decoding" in values:
            values["decoding"] = DECODING.get(values["decoding"], values["decoding"])
        if "meant" in values:  # "'leading_industry' for industry, …": the key, then what it may have meant
            values["meant"] = _MEANT.sub(r"\2 → \1", values["meant"])
        if "reason" in values:
            values["reason"] = OS_ERRORS.get(values["reason"], values["reason"])
        if "family" in values:  # a rule family's key (criteria → 认定标准), as the glossary names it
            from ..glossary import TERMS

            values["family"] = TERMS["family"].get(values["family"], (values["family"],))[0]
        if values.get("got"):  # a long value shown cut: "'1.11…'… (43 characters)"
            values["got"] = _CUT.sub(lambda m: f"…({'超过' if m[1] else '共'} {m[2]} 个字符)", values["got"])
        if values.get("retype"):  # " (it has …: …, as 12.5)"
            how, _, number = values["retype"][2:-1].rpartition(", as ")
            values["retype"] = f"({RETYPE[how]},即 {number})"
        if values.get("hint"):
            values["hint"] = _HINT.sub(r"(是否应为 \1?)", values["hint"])
        if values.get("at"):
            values["at"] = _AT.sub(r" [位置:\1]", values["at"])
        return zh.format(**values)
    return None


def _tail(text: str, depth: int = 0) -> str:
    """``text`` with its message said again: the longest tail after a ``: `` that the tables know (what
    comes before it, the file or the field path, kept); ``text`` itself when none is known."""
    cut = 0
    while True:
        zh = _message(text[cut:], depth)
        if zh is not None:
            return text[:cut] + zh
        cut = text.find(": ", cut) + 2
        if cut == 1:
            return text


def _line(line: str) -> str:
    """One line: a list's ``  - `` (or ``  `` before its last line) kept, then its message as :func:`_tail` finds it."""
    lead = "  - " if line.startswith("  - ") else "  " if line.startswith("  … ") else ""
    return lead + _tail(line[len(lead):])


def said(text: str, lang: str) -> str:
    """``text`` (an error's message, one problem or several lines) in ``lang``: as it is for ``en``."""
    if lang != "zh":
        return text
    return "\n".join(_line(line) for line in text.split("\n"))
