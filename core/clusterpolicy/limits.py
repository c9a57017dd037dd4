"""What an input may be: the bounds every reader and the one converter enforce.

Everything a cluster, a record, a submission or a rule file could plausibly contain lies far
inside these limits; anything outside them is refused with a message (the converter adds the
field path: ``$.area_km2: number too large (at most 15 digits before the decimal point)``) before
it can cost time or memory. The limits are named constants and patterns, and :mod:`clusterpolicy.schema`
states them with the same values (:func:`decimal_schema`, :func:`integer_schema`, :data:`DATE_PATTERN`), so
whatever the published schemas admit, the converter accepts.

* **Numbers**: at most :data:`MAX_INTEGER_DIGITS` digits before the decimal point (``|x| < 10**15``;
  China's output is about 1.3 million 亿元 a year, its area 9.6 million km²) and
  :data:`MAX_FRACTION_DIGITS` after it (a float printed by Excel or JavaScript has at most 17
  significant digits; trailing zeros after the point do not count). A number written as a string in
  a document is plain ASCII (:data:`DECIMAL_TEXT`: an optional sign, digits and a point, ``40``,
  ``-2.5``, ``.5``, ``5.``) — no exponent, no spaces, no ``_``, no full-width ``４０``, no thousands
  separators. A spreadsheet cell may also have spaces around it and an exponent (``1.5E-05``, as
  Excel writes it) in at most :data:`MAX_NUMBER_TEXT` characters (:func:`decimal_from_text`).
* **Integers**: ``|n| < 10**15``. An integer field takes a number, never text.
* **Years** as table keys (``[years.2024]``, :data:`YEAR_KEY_PATTERN`): the years of the supported
  dates, four ASCII digits, so two spellings can never name one key.
* **Dates**: ``YYYY-MM-DD`` in ASCII digits (no week dates, no ``20230615``), from
  :data:`MIN_DATE` to :data:`MAX_DATE` (:data:`DATE_PATTERN`); so is every as-of date. Dates computed from them (terms,
  due days) stay far inside what Python can represent.
* **Rule spans**: windows, terms and extensions of at most :data:`MAX_RULE_YEARS` years and
  periods of at most :data:`MAX_RULE_DAYS` days (``model.at_most``), so that date arithmetic on
  supported dates cannot leave the calendar.
* **Nesting**: at most :data:`MAX_DEPTH` levels of tables and arrays in any document (the deepest
  rule file shipped nests 8), checked on the text before a parser can recurse.
* **Documents**: at most :data:`MAX_DOCUMENT_BYTES` bytes read from a file or standard input.
* **Text**: every text (and every key) is Unicode without NUL (U+0000), which C libraries,
  spreadsheets and databases take for the end of the text (:data:`TEXT_PATTERN`), and without half
  of a UTF-16 surrogate pair (JSON can escape one: ``"\\ud800"``), which is no character at all
  (:func:`check_text`).
"""

from __future__ import annotations

import itertools
import re
from datetime import date, datetime
from decimal import Decimal, DecimalException
from typing import Any

from .errors import InputError, shorten, too_long

#: Digits before the decimal point of any number: ``|x| < 10**MAX_INTEGER_DIGITS``.
MAX_INTEGER_DIGITS = 15
#: Digits after the decimal point of any number as written (``0.30000000000000004`` has 17).
MAX_FRACTION_DIGITS = 40
#: Characters of a number written as text (surrounding spaces aside).
MAX_NUMBER_TEXT = 64
#: First and last day any input date (and any as-of date) may be.
MIN_DATE = date(1900, 1, 1)
MAX_DATE = date(2199, 12, 31)
#: Longest span of years a rule may name (windows, terms, extensions): 近三年 is 3.
MAX_RULE_YEARS = 100
#: Longest period of days a rule may name (a period to report a change within).
MAX_RULE_DAYS = 3660
#: Deepest nesting of tables and arrays in a document.
MAX_DEPTH = 32
#: Largest document (profile, record, submission, rule file, request body) read, in bytes.
MAX_DOCUMENT_BYTES = 16 * 1024 * 1024

_LIMIT = 10**MAX_INTEGER_DIGITS
#: Largest integer (and largest magnitude of an integer) any input may hold.
MAX_INTEGER = _LIMIT - 1
# Patterns as text: ``re`` compiles each on first use and keeps it (start-up time).
#: A number as a document's string holds it: sign, at most 15 digits before and 40 after the point.
DECIMAL_TEXT = rf"[+-]?(?:[0-9]{{1,{MAX_INTEGER_DIGITS}}}(?:\.[0-9]{{0,{MAX_FRACTION_DIGITS}}})?|\.[0-9]{{1,{MAX_FRACTION_DIGITS}}})"
# A zero with a minus sign: the only negative spelling of a number that is not below zero.
_MINUS_ZERO = rf"-(?:0{{1,{MAX_INTEGER_DIGITS}}}(?:\.0{{0,{MAX_FRACTION_DIGITS}}})?|\.0{{1,{MAX_FRACTION_DIGITS}}})"
#: A number as a spreadsheet cell may hold it (spaces around it stripped first): also an exponent.
_NUMBER = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,9})?"
_INTEGER = r"-?(?:0|[1-9][0-9]*)"
_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"


def _years(first: int, last: int) -> str:
    assert first % 100 == 0 and last % 100 == 99, "whole centuries"
    return "(?:" + "|".join(str(c) for c in range(first // 100, last // 100 + 1)) + ")[0-9]{2}"


#: A year as a table key (``[years.2024]``), as JSON Schema ``propertyNames``: the years of the
#: supported dates, in four ASCII digits.
YEAR_KEY_PATTERN = f"^{_years(MIN_DATE.year, MAX_DATE.year)}$"


def check_year(year: int) -> int:
    """A year of figures within the supported dates; :class:`LimitError` otherwise."""
    if not MIN_DATE.year <= year <= MAX_DATE.year:
        raise LimitError(f"expected a year from {MIN_DATE.year} to {MAX_DATE.year}; got {year}")
    return year


TOO_LARGE = f"number too large (at most {MAX_INTEGER_DIGITS} digits before the decimal point)"
TOO_PRECISE = f"too many digits after the decimal point (at most {MAX_FRACTION_DIGITS})"
DATE_RANGE = f"outside the supported dates ({MIN_DATE.isoformat()} to {MAX_DATE.isoformat()})"
#: A supported date as JSON Schema states it (with ``"format": "date"`` for the days of each month).
DATE_PATTERN = f"^{_years(MIN_DATE.year, MAX_DATE.year)}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])$"


#: Every input text, as JSON Schema states it: no NUL character.
TEXT_PATTERN = "^[^\\u0000]*$"


class LimitError(ValueError):
    """A value outside the limits or not in the accepted syntax; the message says which (without a
    path: the converter adds it)."""


class NotFinite(Decimal):
    """NaN or an infinity as a document wrote it (TOML ``nan``, ``-inf``; JSON ``NaN``, ``Infinity``):
    parsed as a Decimal so that :func:`check_decimal` (or the hook of a field of another type)
    refuses it with its field path; shown as written."""

    __slots__ = ("_text",)

    def __new__(cls, text: str) -> NotFinite:
        self = super().__new__(cls, text)
        self._text = text
        return self

    def __repr__(self) -> str:
        return self._text


# --- text ---------------------------------------------------------------------------------------


def check_text(value: str) -> str:
    """``value`` if it is text as :data:`TEXT_PATTERN` and valid Unicode, else :class:`LimitError`."""
    if "\x00" in value:
        raise LimitError("text must not contain a NUL character (\\u0000)")
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise LimitError(f"text is not valid Unicode (a lone surrogate, \\u{ord(value[exc.start]):04x})") from None
    return value


# --- numbers ------------------------------------------------------------------------------------


def check_decimal(value: Decimal) -> Decimal:
    """``value`` if it is finite and within the limits, else :class:`LimitError`.

    A zero written with a positive exponent (``0e999999``) is returned as plain ``0``; zeros after
    the point beyond :data:`MAX_FRACTION_DIGITS` are dropped (``1.5`` followed by 50 zeros is 1.5:
    what counts is the value, a multiple of ``10**-40``, as JSON Schema's ``multipleOf`` says).
    """
    if not value.is_finite():
        raise LimitError(f"expected a finite decimal number; got {shorten(value)}")
    sign, digits, exponent = value.as_tuple()
    if value.is_zero():
        return Decimal(0).copy_sign(value) if exponent > 0 or -exponent > MAX_FRACTION_DIGITS else value  # type: ignore[operator]
    if value.adjusted() >= MAX_INTEGER_DIGITS:
        raise LimitError(TOO_LARGE)
    extra = -exponent - MAX_FRACTION_DIGITS  # type: ignore[operator]
    if extra > 0:
        text = "".join(map(str, digits))
        if len(text) - len(text.rstrip("0")) < extra:
            raise LimitError(TOO_PRECISE)
        return Decimal((sign, digits[: len(digits) - extra], exponent + extra))  # type: ignore[operator]
    return value


def decimal_from_int(value: int) -> Decimal:
    """``Decimal(value)`` if within the limits (checked before converting), else :class:`LimitError`."""
    if not -_LIMIT < value < _LIMIT:
        raise LimitError(TOO_LARGE)
    return Decimal(value)


def check_integer(value: int) -> int:
    """``value`` if ``|value| < 10**MAX_INTEGER_DIGITS``, else :class:`LimitError`."""
    if not -_LIMIT < value < _LIMIT:
        raise LimitError(f"number too large (at most {MAX_INTEGER_DIGITS} digits)")
    return value


def decimal_from_text(text: str) -> Decimal:
    """An exact decimal from a spreadsheet cell's text (``" 40.5 "``, ``-1``, ``1.5E-05``), strictly
    ASCII and within the limits; :class:`LimitError` otherwise. A string in a document goes through
    :func:`decimal_from_string`, which takes no spaces and no exponent."""
    s = text.strip()
    if len(s) > MAX_NUMBER_TEXT:
        raise LimitError(too_long(MAX_NUMBER_TEXT, "a number", s))
    if not re.fullmatch(_NUMBER, s):
        raise LimitError(f"expected a decimal number; got {shorten(text)}{_number_hint(s)}")
    try:
        value = Decimal(s)
    except DecimalException:
        raise LimitError(TOO_LARGE) from None
    return check_decimal(value)


def decimal_from_string(text: str) -> Decimal:
    """An exact decimal from a string in a document (``"40.5"``): :data:`DECIMAL_TEXT` exactly, as
    the JSON Schema pattern of a decimal says; :class:`LimitError` with the reason otherwise."""
    if re.fullmatch(DECIMAL_TEXT, text):
        return Decimal(text)
    value = decimal_from_text(text)  # the reason: not a number at all, too large, too precise
    if re.fullmatch(r"[+-]?[0-9]*\.?[0-9]*", text):  # written out, with zeros past the digits a decimal may have
        raise LimitError(
            f"too many digits (at most {MAX_INTEGER_DIGITS} before the decimal point and {MAX_FRACTION_DIGITS} after it, "
            f"zeros included); got {shorten(text)}"
        )
    raise LimitError(
        f"expected a decimal number written out (digits and a point, no exponent or spaces, "
        f"e.g. {format(value, 'f') if len(format(value, 'f')) <= 20 else '40.5'}); got {shorten(text)}"
    )


def decimal_pattern(minimum: int | None = None) -> str:
    """The JSON Schema pattern of :data:`DECIMAL_TEXT`; with ``minimum=0``, of the ones not below zero."""
    if minimum is None:
        return f"^{DECIMAL_TEXT}$"
    if minimum != 0:
        raise ValueError("only a minimum of 0 is stated for decimals written as text")
    return f"^(?:{DECIMAL_TEXT.removeprefix('[+-]?')}|\\+{DECIMAL_TEXT.removeprefix('[+-]?')}|{_MINUS_ZERO})$"


def decimal_schema(minimum: int | None = None) -> dict:
    """JSON Schema of a decimal within the limits: a number (``|x| < 10**15``, a multiple of
    ``10**-40``) or a string as :func:`decimal_from_string` reads it; ``minimum``: not below it."""
    number: dict = {"type": "number", "exclusiveMinimum": -_LIMIT, "exclusiveMaximum": _LIMIT, "multipleOf": float(f"1e-{MAX_FRACTION_DIGITS}")}
    if minimum is not None:
        number.pop("exclusiveMinimum")
        number["minimum"] = minimum
    return {"oneOf": [number, {"type": "string", "pattern": decimal_pattern(minimum)}]}


def integer_schema(minimum: int | None = None, maximum: int | None = None) -> dict:
    """JSON Schema of an integer within the limits (``|n| < 10**15``) and ``[minimum, maximum]``."""
    low = -MAX_INTEGER if minimum is None else max(minimum, -MAX_INTEGER)
    high = MAX_INTEGER if maximum is None else min(maximum, MAX_INTEGER)
    return {"type": "integer", "minimum": low, "maximum": high}


def integer_from_text(text: str, minimum: int | None = None, maximum: int | None = None) -> int:
    """An integer from its canonical text (``2024``, ``-3``, ``0``: ASCII digits, no ``+``, spaces or
    leading zeros) within the limits and ``[minimum, maximum]``; :class:`LimitError` otherwise."""
    if len(text) > MAX_INTEGER_DIGITS + 1 and re.fullmatch(_INTEGER, text):
        raise LimitError(f"number too large (at most {MAX_INTEGER_DIGITS} digits)")
    if not re.fullmatch(_INTEGER, text):
        raise LimitError(f"expected an integer; got {shorten(text)}")
    value = check_integer(int(text))
    if minimum is not None and value < minimum:
        raise LimitError(f"must be at least {minimum}; got {value}")
    if maximum is not None and value > maximum:
        raise LimitError(f"must be at most {maximum}; got {value}")
    return value


# --- dates --------------------------------------------------------------------------------------


def check_date(day: date) -> date:
    """``day`` if it lies from :data:`MIN_DATE` to :data:`MAX_DATE`, else :class:`LimitError`."""
    if not MIN_DATE <= day <= MAX_DATE:
        raise LimitError(f"{day.isoformat()} is {DATE_RANGE}")
    return day


def as_of_date(day: date) -> date:
    """An as-of date handed to the Python API (``Regime.evaluate``, ``timeline``, ``status``,
    ``check_quota``): ``day`` itself, or an :class:`InputError` outside the supported dates."""
    if not isinstance(day, date) or isinstance(day, datetime) or not MIN_DATE <= day <= MAX_DATE:
        shown = day.isoformat() if isinstance(day, date) else shorten(day)
        raise InputError("as_of", [f"expected a date from {MIN_DATE.isoformat()} to {MAX_DATE.isoformat()}; got {shown}"])
    return day


def _calendar_date(text: str) -> date | None:
    if not re.fullmatch(_DATE, text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def date_from_text(text: str) -> date:
    """A date from ``YYYY-MM-DD`` (ASCII) within the supported range; :class:`LimitError` otherwise."""
    day = _calendar_date(text)
    if day is None:
        raise LimitError(f"expected a date (YYYY-MM-DD); got {shorten(text)}{_date_hint(text)}")
    return check_date(day)


def _date_hint(text: str) -> str:
    """How to write a day given as a sheet shows it (``2025/5/20``: what a CSV saved by Excel on Chinese Windows holds)."""
    m = re.fullmatch(r"([0-9]{4})[/.]([0-9]{1,2})[/.]([0-9]{1,2})", text.strip())
    day = m and _calendar_date(f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}")
    if not day:
        return ""
    return f" (write {day.isoformat()}: a CSV saved by Excel writes a date as the sheet shows it; format the column as text, or save as .xlsx)"


def _number_hint(text: str) -> str:
    """How to write a figure given with thousands separators (``1,234.5``), a percent sign (``79.5%``)
    or full-width digits (``１２．５``)."""
    if hint := retype_hint(text):
        return hint
    if re.fullmatch(r"-?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?", text):
        return f" (write {text.replace(',', '')}, without thousands separators)"
    if re.fullmatch(r"-?[0-9]+(\.[0-9]+)?%", text):
        return f" (a number is written without %: a rate in percent as {text[:-1]})"
    return ""


#: What a Chinese input method types for digits, signs and a point, as their ASCII characters
#: (the ideographic full stop 。 is what it types for "." in Chinese punctuation mode).
_HALF_WIDTH = str.maketrans("０１２３４５６７８９＋－．。", "0123456789+-..")
_FULL_WIDTH_NUMBER = re.compile(r"[+\-＋－]?(?:[0-9０-９]+(?:[.．。][0-9０-９]*)?|[.．。][0-9０-９]+)")


def fullwidth_hint(text: str) -> str:
    """`` (it has full-width digits: retype them half-width, as 12.5)`` for a number typed with
    full-width digits (``１２．５``, ``－３``: a Chinese input method in full-width mode), else ``""``.
    The value is never read as its half-width twin: what the file says is refused, the hint says how
    to retype it."""
    s = text.strip()
    if not re.search("[０-９]", s) or not _FULL_WIDTH_NUMBER.fullmatch(s):
        return ""
    return f" (it has full-width digits: retype them half-width, as {s.translate(_HALF_WIDTH)})"


_SPACED_SIGN = re.compile(r"([+-])\s+([0-9]+(?:\.[0-9]+)?)")


def spaced_sign_hint(text: str) -> str:
    """`` (it has a space after the sign: remove it, as +9)`` for a number typed with a space between
    its sign and its digits (``+ 9``, ``- 4.5``), else ``""``: refused as it is, like full-width digits."""
    m = _SPACED_SIGN.fullmatch(text.strip())
    return f" (it has a space after the sign: remove it, as {m[1]}{m[2]})" if m else ""


def retype_hint(text: str) -> str:
    """How to retype a number the keyboard got wrong (:func:`fullwidth_hint`, :func:`spaced_sign_hint`), or ``""``."""
    return fullwidth_hint(text) or spaced_sign_hint(text)


# --- command-line options and query parameters -------------------------------------------------


def option_date(text: str) -> date:
    """A date given as an option or query parameter (``--as-of``, ``?as_of=``): as :func:`date_from_text`."""
    day = _calendar_date(text)
    if day is None:
        raise LimitError(f"expected a date YYYY-MM-DD, got {shorten(text)}")
    return check_date(day)


def option_count(text: str, what: str = "a whole number", maximum: int = 10**9, minimum: int = 0) -> int:
    """A count given as an option or query parameter (``--top``, ``?soon=``): ASCII digits only
    (``str.isdigit`` would take ``²`` and ``٣``), from ``minimum`` to ``maximum``."""
    if not (text.isascii() and text.isdigit()) and minimum == 0:  # a count: what matters is that it is one
        raise LimitError(f"expected {what} ({minimum} or more), got {shorten(text)}")
    if not (text.isascii() and text.isdigit()):  # a year: its range
        raise LimitError(f"expected {what} from {minimum} to {maximum}, got {shorten(text)}")
    if len(text) > len(str(maximum)) or not minimum <= int(text) <= maximum:
        raise LimitError(f"expected {what} from {minimum} to {maximum}, got {shorten(text)}")
    return int(text)


# --- nesting ------------------------------------------------------------------------------------

# Every string pattern matches from its opening quote whatever follows — an unclosed string runs to
# the end (of the text; of the line for TOML's one-line strings) — so the scan never retries from a
# later quote: its time is linear in the text, however the quotes are arranged.
_JSON_TOKENS = r'"[^"\\]*(?:\\[\s\S][^"\\]*)*"?|[\[{]|[\]}]'
# TOML: strings (a multi-line basic string with its escapes: \""" is a quote and two more) and
# comments (skipped), brackets, the dots of dotted keys (a dot not between two digits: 1.5 is a
# number) and what ends a dotted key.
_TOML_SKIPPED = (
    r'"""(?:[^"\\]|\\[\s\S]|"(?!""))*(?:"{3,5}|\Z)|\'\'\'[\s\S]*?(?:\'{3,5}|\Z)'
    r'|"[^"\\\n]*(?:\\.[^"\\\n]*)*"?|\'[^\'\n]*\'?|#[^\n]*'
)
_TOML_TOKENS = _TOML_SKIPPED + r"|[\[{]|[\]}]|(?<![0-9])\.|\.(?![0-9])|[=,\n]"
_OPEN = frozenset("[{")
_CONTAINERS = frozenset({dict, list})
_CLOSE = frozenset("]}")


def check_text_depth(text: str, as_json: bool) -> None:
    """Refuse text whose arrays and tables nest deeper than :data:`MAX_DEPTH`, before any parser
    recurses into it (strings and comments are skipped; in TOML a dotted key ``a.b.c`` counts a
    level per dot, as the parser's work on it grows with their square)."""
    if as_json:
        dots = 0
    elif '"""' in text or "'''" in text:  # a multi-line string joins the dots of lines around it
        dots = text.count(".")
    else:  # the dots of a dotted key are on its line
        dots = max(map(str.count, text.split("\n"), itertools.repeat(".")))
    if text.count("[") + text.count("{") + dots <= MAX_DEPTH:  # a bound on the depth the scan below finds
        return
    depth = dots = 0
    for m in re.finditer(_JSON_TOKENS if as_json else _TOML_TOKENS, text):
        token = m.group()
        if token == ".":
            dots += 1
        elif token in _OPEN:
            depth += 1
            dots = 0
        elif token in _CLOSE:
            depth -= 1
            dots = 0
        elif token in "=,\n":
            dots = 0
        if depth + dots > MAX_DEPTH:
            line = text.count("\n", 0, m.start()) + 1
            raise LimitError(f"line {line}: nested deeper than {MAX_DEPTH} levels")


def check_depth(data: Any) -> None:
    """Refuse parsed data nested deeper than :data:`MAX_DEPTH` (TOML's dotted keys nest without
    brackets); walks iteratively, so it cannot overflow the stack itself."""
    level = [data] if type(data) in _CONTAINERS else []
    depth = 0
    while level:
        depth += 1
        if depth > MAX_DEPTH:
            raise LimitError(f"nested deeper than {MAX_DEPTH} levels")
        below: list[Any] = []
        for value in level:
            below += [c for c in (value.values() if type(value) is dict else value) if type(c) in _CONTAINERS]
        level = below



# --- TOML values the parser refuses without saying where -----------------------------------------

# An integer of more than MAX_INTEGER_DIGITS digits, and a date-like value that is no TOML date
# (2024-02-30, 2024-13-01, 2025-6-30, 2025/06/30): not part of a float, a date-time or a (dotted) key.
_KEY_OR_PART = r"(?![\w.:/-]|[ \t]*[=.])"
_LONG_INTEGER = rf"(?<![\w.+-])[+-]?[0-9](?:_?[0-9]){{{MAX_INTEGER_DIGITS},}}{_KEY_OR_PART}"
_DATE_LIKE = rf"(?<![\w.:+/-])[0-9]{{4}}([-/])[0-9]{{1,2}}\2[0-9]{{1,2}}(?![T ][0-9]){_KEY_OR_PART}"
#: The start of a string that stands for a value the parser refused (text never holds a NUL).
_UNREADABLE = "\x00"


class Unreadable:
    """A value a TOML document wrote that is no TOML value (``2024-02-30``): kept as written for the
    converter to refuse with its field path (no structure hook takes one)."""

    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text

    def __repr__(self) -> str:
        return self.text


def toml_rewritten(text: str) -> str:
    """TOML text with the values its parser refuses without a key path written so that it reads them:
    an integer beyond Python's limit on ``int()`` of a text (4300 digits) as a float (``e0`` appended:
    an exact Decimal, which the converter refuses as too large), a date-like value that is no TOML
    date as a string marked for :func:`unreadable_restored`. Strings and comments are left as they are."""

    def rewrite(m: re.Match) -> str:
        token = m.group()
        if m.group(1) is not None:
            return token
        if m.group(2) is None:
            return token + "e0"
        return token if _calendar_date(token) else f'"\\u0000{token}"'

    return re.sub(f"({_TOML_SKIPPED})|{_DATE_LIKE}|{_LONG_INTEGER}", rewrite, text)


def unreadable_restored(data: Any) -> Any:
    """``data`` parsed from :func:`toml_rewritten` text, each marked string an :class:`Unreadable` again."""
    stack = [data]
    while stack:
        node = stack.pop()
        for key, value in node.items() if type(node) is dict else enumerate(node):
            if type(value) is str and value.startswith(_UNREADABLE):
                node[key] = Unreadable(value[1:])
            elif type(value) in _CONTAINERS:
                stack.append(value)
    return data
