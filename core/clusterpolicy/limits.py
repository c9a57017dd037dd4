"""What an input may be: the bounds every reader and the one converter enforce.

Everything a cluster, a record, a submission or a rule file could plausibly contain lies far
inside these limits; anything outside them is refused with a message (the converter adds the
field path: ``$.area_km2: number too large (at most 15 digits before the decimal point)``) before
it can cost time or memory. The limits are named constants so the JSON Schema can state them too.

* **Numbers**: at most :data:`MAX_INTEGER_DIGITS` digits before the decimal point (``|x| < 10**15``;
  China's output is about 1.3 million 亿元 a year, its area 9.6 million km²) and
  :data:`MAX_FRACTION_DIGITS` after it (a float printed by Excel or JavaScript has at most 17
  significant digits). Written as text, a number is ASCII: an optional sign, digits, a point and an
  exponent (``40``, ``-2.5``, ``.5``, ``1e3``) in at most :data:`MAX_NUMBER_TEXT` characters — no
  ``_``, no full-width ``４０``, no thousands separators.
* **Integers** written as text (table keys such as ``[years.2024]``): ``-?`` and ASCII digits
  without leading zeros, so two spellings can never name one key.
* **Dates**: ``YYYY-MM-DD`` in ASCII digits (no week dates, no ``20230615``), from
  :data:`MIN_DATE` to :data:`MAX_DATE`; so is every as-of date. Dates computed from them (terms,
  due days) stay far inside what Python can represent.
* **Rule spans**: windows, terms and extensions of at most :data:`MAX_RULE_YEARS` years and
  periods of at most :data:`MAX_RULE_DAYS` days (``model.at_most``), so that date arithmetic on
  supported dates cannot leave the calendar.
* **Nesting**: at most :data:`MAX_DEPTH` levels of tables and arrays in any document (the deepest
  rule file shipped nests 8), checked on the text before a parser can recurse.
* **Documents**: at most :data:`MAX_DOCUMENT_BYTES` bytes read from a file or standard input.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, DecimalException
from typing import Any

from .errors import InputError, shorten

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
# Patterns as text: ``re`` compiles each on first use and keeps it (start-up time).
_NUMBER = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,9})?"
_INTEGER = r"-?(?:0|[1-9][0-9]*)"
_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"

TOO_LARGE = f"number too large (at most {MAX_INTEGER_DIGITS} digits before the decimal point)"
TOO_PRECISE = f"too many digits after the decimal point (at most {MAX_FRACTION_DIGITS})"
DATE_RANGE = f"outside the supported dates ({MIN_DATE.isoformat()} to {MAX_DATE.isoformat()})"


class LimitError(ValueError):
    """A value outside the limits or not in the accepted syntax; the message says which (without a
    path: the converter adds it)."""


# --- numbers ------------------------------------------------------------------------------------


def check_decimal(value: Decimal) -> Decimal:
    """``value`` if it is finite and within the limits, else :class:`LimitError`.

    A zero written with a positive exponent (``0e999999``) is returned as plain ``0``.
    """
    if not value.is_finite():
        raise LimitError(f"expected a finite decimal number; got {shorten(value)}")
    if value.is_zero():
        if value.as_tuple().exponent > 0:
            return Decimal(0)
    elif value.adjusted() >= MAX_INTEGER_DIGITS:
        raise LimitError(TOO_LARGE)
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > MAX_FRACTION_DIGITS:
        raise LimitError(TOO_PRECISE)
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
    """An exact decimal from its text (``" 40.5 "``, ``-1``, ``1e3``), strictly ASCII and within the
    limits; :class:`LimitError` otherwise. This is what the converter does with a string, and what
    a spreadsheet cell should go through."""
    s = text.strip()
    if len(s) > MAX_NUMBER_TEXT:
        raise LimitError(f"number too long (at most {MAX_NUMBER_TEXT} characters)")
    if not re.fullmatch(_NUMBER, s):
        raise LimitError(f"expected a decimal number; got {shorten(text)}")
    try:
        value = Decimal(s)
    except DecimalException:
        raise LimitError(TOO_LARGE) from None
    return check_decimal(value)


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
        raise LimitError(f"expected a date (YYYY-MM-DD); got {shorten(text)}")
    return check_date(day)


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
    if not (text.isascii() and text.isdigit()):
        raise LimitError(f"expected {what} ({minimum} or more), got {shorten(text)}")
    if len(text) > len(str(maximum)) or not minimum <= int(text) <= maximum:
        raise LimitError(f"expected {what} from {minimum} to {maximum}, got {shorten(text)}")
    return int(text)


# --- nesting ------------------------------------------------------------------------------------

_JSON_TOKENS = r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[{]|[\]}]'
# TOML: strings and comments (skipped), brackets, the dots of dotted keys (a dot not between two
# digits: 1.5 is a number) and what ends a dotted key.
_TOML_TOKENS = (
    r'"""[\s\S]*?"""(?!")|\'\'\'[\s\S]*?\'\'\'(?!\')|"[^"\\\n]*(?:\\.[^"\\\n]*)*"|\'[^\'\n]*\'|#[^\n]*'
    r"|[\[{]|[\]}]|(?<![0-9])\.|\.(?![0-9])|[=,\n]"
)
_OPEN = frozenset("[{")
_CONTAINERS = frozenset({dict, list})
_CLOSE = frozenset("]}")


def check_text_depth(text: str, as_json: bool) -> None:
    """Refuse text whose arrays and tables nest deeper than :data:`MAX_DEPTH`, before any parser
    recurses into it (strings and comments are skipped; in TOML a dotted key ``a.b.c`` counts a
    level per dot, as the parser's work on it grows with their square)."""
    if text.count("[") + text.count("{") + (0 if as_json else text.count(".")) <= MAX_DEPTH:
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
