"""Input errors in Chinese: one table of the converter's messages, each English template beside its Chinese.

Every problem is worded in English where it is found (``$.path: message``: what tests, logs and the
JSON's ``problems`` say). Where the user asked for Chinese (``--lang zh``, the page in Chinese),
:func:`said` matches each line's message against the English templates of :data:`TEMPLATES` and says it
again with the Chinese one: the file name, the field path and every value quoted (``got 'abc'``, the
keys expected) stay exactly as they are. A message the table does not know stays English.
"""

from __future__ import annotations

import functools
import re

#: (English, Chinese). ``{n}`` stands for digits; ``{types}`` for "a decimal or null", said word by word
#: (:data:`TYPES`); any other ``{name}`` for text kept as it is. First match wins: the specific first.
TEMPLATES: tuple[tuple[str, str], ...] = (
    # missing, unexpected
    ("required field missing", "缺少必填字段"),
    ("unknown key(s): {keys} (did you mean {meant}? expected one of: {known})", "无法识别的键:{keys}(是否应为 {meant}?可用的键:{known})"),
    ("unknown key(s): {keys} (expected one of: {known})", "无法识别的键:{keys}(可用的键:{known})"),
    ("unknown key(s): {keys}", "无法识别的键:{keys}"),
    ("unknown table (expected one of: {known})", "无法识别的表(可用的表:{known})"),
    ("unknown kind {kind} (did you mean {meant}? expected one of: {known})", "无法识别的种类 {kind}(是否应为 {meant}?应为以下之一:{known})"),
    ("unknown kind {kind} (expected one of: {known})", "无法识别的种类 {kind}(应为以下之一:{known})"),
    ("missing 'kind' (expected one of: {known})", "缺少 'kind'(应为以下之一:{known})"),
    # not in the allowed set
    ("expected one of: {allowed}; got {got}", "应为以下之一:{allowed};实际为 {got}"),
    # the wrong type
    ("expected a decimal number; got {got}", "应为数字;实际为 {got}"),
    ("expected a finite decimal number; got {got}", "应为有限的数字;实际为 {got}"),
    ("expected an integer; got {got}", "应为整数;实际为 {got}"),
    ("expected a string; got {got}", "应为文本(字符串);实际为 {got}"),
    ("expected true or false; got {got}", "应为 true 或 false;实际为 {got}"),
    ("expected a date (YYYY-MM-DD), not a date-time; got {got}", "应为日期(YYYY-MM-DD),不能带时间;实际为 {got}"),
    ("expected a date (YYYY-MM-DD); got {got}", "应为日期(YYYY-MM-DD);实际为 {got}"),
    ("expected a date YYYY-MM-DD, got {got}", "应为日期 YYYY-MM-DD;实际为 {got}"),
    ("expected an object (a table); got {got}", "应为表(对象);实际为 {got}"),
    ("expected a table with a 'kind' key; got {got}", "应为含 'kind' 键的表;实际为 {got}"),
    ("expected a list; got {got}", "应为列表;实际为 {got}"),
    ("expected a year from {n} to {m} in four ASCII digits; got {got}", "应为 {n} 至 {m} 之间的年份(四位 ASCII 数字);实际为 {got}"),
    ("expected a year from {n} to {m}; got {got}", "应为 {n} 至 {m} 之间的年份;实际为 {got}"),
    ("expected {types}; got {got}", "应为{types};实际为 {got}"),
    ("invalid value (expected {types})", "值无效(应为{types})"),
    ("expected {types}", "应为{types}"),
    # out of range
    ("must not be empty", "不得为空"),
    ("must list at least one item", "至少须列出一项"),
    ("must not be negative, got {got}", "不得为负数,实际为 {got}"),
    ("must be at least {limit}, got {got}", "不得小于 {limit},实际为 {got}"),
    ("must be at least {limit}; got {got}", "不得小于 {limit};实际为 {got}"),
    ("must be at most {limit}, got {got}", "不得大于 {limit},实际为 {got}"),
    ("must be at most {limit}; got {got}", "不得大于 {limit};实际为 {got}"),
    ("number too large (at most {n} digits before the decimal point)", "数值过大(整数部分最多 {n} 位)"),
    ("number too large (at most {n} digits)", "数值过大(最多 {n} 位)"),
    ("too many digits after the decimal point (at most {n})", "小数位数过多(最多 {n} 位)"),
    ("text must not contain a NUL character (\\u0000)", "文本不得包含 NUL 字符(\\u0000)"),
    # the file
    ("file not found", "找不到文件"),
    ("not UTF-8 text ({reason} at line {line}, byte {n}): save the file as UTF-8", "不是 UTF-8 文本(第 {line} 行,第 {n} 字节:{reason}):请将文件另存为 UTF-8 编码"),
    ("not {encoding} text ({reason} at line {line}, byte {n})", "不是 {encoding} 文本(第 {line} 行,第 {n} 字节:{reason})"),
    ("not {encoding} text ({reason} at byte {n})", "不是 {encoding} 文本(第 {n} 字节:{reason})"),
    ("too large (at most {n} MiB)", "文件过大(最多 {n} MiB)"),
    ("invalid TOML: {detail}", "TOML 格式错误:{detail}"),
    ("line {n}, column {m}: invalid JSON: {detail}", "第 {n} 行第 {m} 列:JSON 格式错误:{detail}"),
    ("expected an object (a table) at the top level", "顶层应为表(对象)"),
    ("nested deeper than {n} levels", "嵌套超过 {n} 层"),
    # how many
    ("{n} problems", "{n} 个问题"),
    ("… and {n} more problems", "…… 另有 {n} 个问题"),
)

#: The words of ``{types}`` (the converter's names of types, joined by " or ").
TYPES = {"a decimal": "数字", "a decimal number": "数字", "an integer": "整数", "a string": "文本", "true/false": "true/false", "null": "null"}

_DIGITS = {"n", "m"}


@functools.cache
def _compiled() -> tuple[tuple[re.Pattern[str], str], ...]:
    def pattern(en: str) -> re.Pattern[str]:
        parts = re.split(r"\{(\w+)\}", en)
        regex = "".join(
            re.escape(part) if i % 2 == 0 else f"(?P<{part}>{'[0-9]+' if part in _DIGITS else '.+?'})" for i, part in enumerate(parts)
        )
        return re.compile(regex, re.S)

    return tuple((pattern(en), zh) for en, zh in TEMPLATES)


def _message(text: str) -> str | None:
    """The Chinese of one message (no path before it), or None when the table does not know it."""
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
        return zh.format(**values)
    return None


def _line(line: str) -> str:
    """One line: what comes before the message (``  - ``, the file, the field path) is kept; the message is
    the longest tail after a ``: `` that the table knows."""
    lead = "  - " if line.startswith("  - ") else ""
    rest = line[len(lead):]
    cut = 0
    while True:
        zh = _message(rest[cut:])
        if zh is not None:
            return lead + rest[:cut] + zh
        cut = rest.find(": ", cut) + 2
        if cut == 1:
            return line


def said(text: str, lang: str) -> str:
    """``text`` (an error's message, one problem or several lines) in ``lang``: as it is for ``en``."""
    if lang != "zh":
        return text
    return "\n".join(_line(line) for line in text.split("\n"))
