"""Find personal information (个人信息) in a case text: phone numbers, e-mail addresses, ID-card numbers.

The collection calls forbid personal information in the materials (不涉及…个人信息). What can be
found reliably by pattern is found here; names and street addresses cannot, so a clean scan is
never reported as proof (the check still asks the submitter to confirm).

Detected:

* **mobile** — 11 digits 1[3-9]xxxxxxxxx, optionally ``+86``/``0086`` and ``-`` or space groups
  (138-1234-5678);
* **landline** — an area code 0xx/0xxx written with parentheses or a separator before a 7–8 digit
  number starting 2–8 (0551-62345678, (010) 6512 3456), optionally an extension; or 7–8 digits
  right after a label such as 电话/联系电话/座机/传真/Tel;
* **email** — ``name@domain.tld``, also with a space around ``@`` (a common way of dodging
  harvesters);
* **id_card** — an 18-character resident ID number (GB 11643-1999): a known province code, a real
  birth date and a valid ISO 7064 MOD 11-2 check character. A number failing any of these is not
  reported, so a product code or a bank amount of 18 digits does not raise a false alarm.

Not reported (no false alarm): dates (2024-06-30, 2024年6月30日, 20240630), years, amounts with
or without separators and units (12.5亿元, 13812345678元, 13812345678 元), counts (1234件), document numbers
(工信部企业〔2022〕119号), unified social credit codes (they begin 9/5/1… with letters, and are not
personal). Not detected: names, addresses, 15-digit (first-generation) ID numbers, bank cards.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from ..model import frozen

#: Units and counters that turn a run of digits into an amount or a count, not a phone number.
_UNIT_AFTER = "元万亿千百件个台套吨人家项名次条户座亩平米%％年月日号kKmMgG"
_NOT_BEFORE = "0-9A-Za-z.．¥￥$"

_MOBILE = re.compile(
    rf"(?<![{_NOT_BEFORE}+])"
    r"(?:(?:\+|00)86[-\s]?)?"
    r"1[3-9]\d(?:[-\s]?\d{4}){2}"
    rf"(?![0-9A-Za-z.．])(?!\s?[{_UNIT_AFTER}])"
)
_LANDLINE = re.compile(
    rf"(?<![{_NOT_BEFORE}])"
    r"(?:[(（]0\d{2,3}[)）]\s?|0\d{2,3}[-－—\s])"
    r"[2-8]\d{2,3}[-\s]?\d{4}"
    r"(?:(?:-|转|ext\.?\s?)\d{1,6})?"
    rf"(?![0-9A-Za-z.．])(?!\s?[{_UNIT_AFTER}])"
)
_LABELLED = re.compile(
    r"(?:电话|联系电话|联系方式|座机|传真|手机|Tel|TEL|tel|Fax|FAX)\s{0,8}(?:号码)?\s{0,8}[:：]?\s{0,8}"
    r"(?P<number>[2-8]\d{2,3}[-\s]?\d{4})"
    rf"(?![0-9A-Za-z.．])(?!\s?[{_UNIT_AFTER}])"
)
# Parts bounded by RFC 5321's lengths (local part 64, label 63), and tried only just before an '@'
# (see _emails): a pattern scanned over the whole text made long texts cost quadratic time.
_EMAIL = re.compile(
    r"[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}\s?[@＠]\s?[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,63}(?![A-Za-z])"
)
_AT = re.compile("[@＠]")
_LOCAL = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._%+-")
_ID_CARD = re.compile(r"(?<![0-9A-Za-z])\d{17}[0-9Xx](?![0-9A-Za-z])")

#: Province-level codes of GB/T 2260 (the first two digits of a resident ID number).
_PROVINCES = {
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
    "65", "71", "81", "82", "83",
}  # fmt: skip
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"

KIND_ZH = {"mobile": "手机号码", "landline": "固定电话号码", "email": "电子邮箱", "id_card": "身份证号码"}
KIND_EN = {"mobile": "mobile phone number", "landline": "landline phone number", "email": "e-mail address", "id_card": "ID-card number"}


@frozen(kw_only=True)
class Hit:
    """One piece of personal information found in a text."""

    kind: str  #: mobile, landline, email, id_card
    start: int  #: character offset (0-based)
    end: int
    line: int  #: 1-based
    column: int  #: 1-based, in characters
    masked: str  #: the value with its middle hidden, safe to print
    snippet: str  #: the surrounding text, with the value masked


def id_card_valid(number: str) -> bool:
    """Whether an 18-character string is a well-formed resident ID number (GB 11643-1999):
    province code, real birth date not in the future, and the MOD 11-2 check character."""
    if len(number) != 18 or not number[:17].isdigit() or number[:2] not in _PROVINCES:
        return False
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    if born.year < 1900 or born > date.today():
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _WEIGHTS))
    return _CHECK_CHARS[total % 11] == number[17].upper()


def scan(text: str) -> list[Hit]:
    """Every piece of personal information found, in text order (overlaps resolved: the longest
    match wins, so an ID number is not also reported as a phone number)."""
    return hits(text, spans(text))


def spans(text: str) -> list[tuple[int, int, str]]:
    """Where each piece of personal information is — ``(start, end, kind)`` in text order, overlaps
    resolved as :func:`scan` resolves them — without the line, mask and snippet of each."""
    found: list[tuple[int, int, str]] = []
    for m in _ID_CARD.finditer(text):
        if id_card_valid(m.group()):
            found.append((m.start(), m.end(), "id_card"))
    for start, end in _emails(text):
        found.append((start, end, "email"))
    for m in _MOBILE.finditer(text):
        found.append((m.start(), m.end(), "mobile"))
    for m in _LANDLINE.finditer(text):
        found.append((m.start(), m.end(), "landline"))
    for m in _LABELLED.finditer(text):
        found.append((m.start("number"), m.end("number"), "landline"))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    kept: list[tuple[int, int, str]] = []
    for start, end, kind in found:
        if kept and start < kept[-1][1]:
            continue
        kept.append((start, end, kind))
    return kept


#: Characters of context a snippet shows on each side of its value.
CONTEXT = 12


def hits(text: str, found: list[tuple[int, int, str]], shown: int | None = None) -> list[Hit]:
    """The :class:`Hit` of each of the first ``shown`` (default: all) of ``found`` (:func:`spans`);
    the rest cost nothing more."""
    kept = found if shown is None else found[: max(shown, 0)]
    # Snippets come from a copy of the text with every hit masked, so that the context shown for one
    # finding never repeats a neighbouring phone number or address: the copy is made as far as the
    # last snippet reaches, masking the hits after the last one shown that fall inside it.
    pieces: list[str] = []
    placed: list[tuple[int, int]] = []
    pos = length = 0
    reach = 0
    for i, (start, end, kind) in enumerate(found):
        if i >= len(kept) and length + (start - pos) >= reach:
            break
        pieces.append(text[pos:start])
        length += start - pos
        masked = mask(text[start:end], kind)
        placed.append((length, length + len(masked)))
        pieces.append(masked)
        length += len(masked)
        pos = end
        if i < len(kept):
            reach = length + CONTEXT
    pieces.append(text[pos : pos + max(reach - length, 0)])
    masked_text = "".join(pieces)
    out = []
    line, line_start, counted = 1, 0, 0  # hits are in text order: lines are counted once, linearly
    for (start, end, kind), (m_start, m_end) in zip(kept, placed):
        newlines = text.count("\n", counted, start)
        if newlines:
            line += newlines
            line_start = text.rfind("\n", counted, start) + 1
        counted = start
        column = start - line_start + 1
        snippet = " ".join(masked_text[max(0, m_start - CONTEXT):m_end + CONTEXT].split())
        out.append(Hit(kind=kind, start=start, end=end, line=line, column=column, masked=masked_text[m_start:m_end], snippet=snippet))
    return out


def _emails(text: str) -> Iterator[tuple[int, int]]:
    """What ``_EMAIL.finditer(text)`` finds, in linear time: for each '@', the match from the
    earliest place its local part (at most 64 characters, starting with a letter or digit) can
    begin."""
    done = 0
    for at in _AT.finditer(text):
        q = at.start()
        if q < done:
            continue
        if q > done and text[q - 1].isspace():
            q -= 1
        s = q
        while s > max(done, q - 64) and text[s - 1] in _LOCAL:
            s -= 1
        while s < q and not (text[s].isascii() and text[s].isalnum()):
            s += 1
        m = _EMAIL.match(text, s) if s < q else None
        if m is not None:
            yield m.start(), m.end()
            done = m.end()


def mask(value: str, kind: str) -> str:
    """Hide the middle of a value so that reports do not repeat the personal information."""
    if kind == "email":
        local, _, domain = re.split(r"\s?([@＠])\s?", value, maxsplit=1)
        return f"{local[:1]}***@{domain}"
    if kind == "id_card":
        return value[:4] + "*" * 10 + value[-4:]
    digits = [i for i, ch in enumerate(value) if ch.isdigit()]
    hide = set(digits[-8:-4]) if len(digits) >= 8 else set(digits[:-2])
    return "".join("*" if i in hide else ch for i, ch in enumerate(value))


def kinds(hits: list[Hit]) -> Iterator[str]:
    """The kinds found, each once, in order of first appearance."""
    seen: set[str] = set()
    for h in hits:
        if h.kind not in seen:
            seen.add(h.kind)
            yield h.kind
