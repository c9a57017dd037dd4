"""The flat layout: one cluster per row, for spreadsheets (CSV, XLSX) and JSON Lines.

A column name is the profile path of the value it holds, so an error about a cell names the
column you typed and the paths the engine reports (``years.2024.total_output``) are the columns:

===============================  ==========================================================
column                           profile field
===============================  ==========================================================
``name``                         ``name`` (required)
``province``, ``county``,        the profile's top-level scalar fields, by their names
``region``, ``area_km2``, …      (see ``clusterpolicy schema``)
``firms.<count>``                ``firms.single_champions``, ``firms.little_giants``, …
``years.<YYYY>.<figure>``        ``years.2024.total_output``, ``years.2024.employees``, …
``years.<YYYY>.extra.<key>``     a per-year local indicator
``attestations.<key>``           ``true`` / ``false``
``extra.<key>``                  a scalar local indicator
``incidents``                    ``none`` (or ``[]``): there were none; otherwise a JSON
                                 array of incidents, e.g.
                                 ``[{"date": "2023-08-14", "kind": "safety_accident",
                                 "grade": "general"}]``
``declarations.<regime>.<rule>.  a declaration of a not-encoded criterion: ``met`` (true /
met|by|note|on``                 false), ``by``, ``note``, ``on`` (a date); the regime id is
                                 the part before the first dot after ``declarations.``
===============================  ==========================================================

A row with a declaration is evaluated row by row (the column engine takes rows without one), so
both engines give the same statuses; declarations for a regime that is not screened are not read.

Cells are text (surrounding spaces ignored). **An empty cell is missing** — unknown, reported
as such by the rules that need it — never zero or false. Booleans are ``true`` / ``false``
(any case); numbers are exact decimals (``40``, ``62.5``, ``+5``: a leading sign in any number
column), at most 15 digits before the point and 40 after it, every digit written counting (leading
zeros too, in integer columns as in decimal ones); dates ``YYYY-MM-DD``. A row becomes
a profile through the one converter (:func:`clusterpolicy.convert.structure`): the same checks
and the same :class:`~clusterpolicy.criteria.profile.Profile` as a TOML file with the same values.

Readers yield ``(row number, cells)`` with every cell a string (possibly with surrounding spaces,
ignored by whoever reads the cell); row numbers are those a spreadsheet shows (the header is
row 1; JSON Lines: the line number).
"""

from __future__ import annotations

import difflib
import enum
import json
import re
import typing
from collections.abc import Iterator, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from ..criteria.profile import Firms, Profile, YearFigures, _non_negative
from ..errors import InputError, beginning, too_long
from ..limits import MAX_FRACTION_DIGITS, MAX_INTEGER_DIGITS
from ..model import frozen

#: Cell kinds: how a cell is read and checked.
TEXT, ENUM, DECIMAL, DECIMAL_NN, INT, INT_NN, BOOL, DATE, INCIDENTS, DECLARED = (
    "text", "enum", "decimal", "decimal_nonneg", "int", "int_nonneg", "bool", "date", "incidents", "declared",
)  # fmt: skip


_KEY = r"[A-Za-z0-9_][A-Za-z0-9_\-]*"


_YEAR_COL = re.compile(rf"^years\.([0-9]{{4}})\.({_KEY}|extra\.{_KEY})$")  # ASCII digits: ``２０２２`` is no year


_MAP_COL = re.compile(rf"^(attestations|extra)\.({_KEY})$")


_DECLARATION_COL = re.compile(r"^declarations\.([a-z][a-z0-9_-]*)\.([a-z][a-z0-9_.-]*)\.(met|by|note|on)$")


_BOOLS = {"true": True, "false": False}


_INTEGER = re.compile(r"[+-]?[0-9]+")  # ASCII digits only: int() would take ４０ and ٣; a sign as a decimal cell may have


_NONE_WORDS = ("none", "[]")




#: The longest cell a row may have (characters); a longer one rejects its row.
MAX_CELL = 65536


_NUMBER_KINDS = frozenset({"decimal", "decimal_nonneg", "int", "int_nonneg"})


@frozen
class Column:
    """One column of the flat layout: its name, the profile path it fills, and its cell kind."""

    name: str
    path: tuple[str, ...]
    kind: str
    choices: tuple[str, ...] = ()  #: for enum cells: the accepted values
    year: int | None = None  #: for per-year cells


def _kind(attribute: attrs.Attribute) -> tuple[str, tuple[str, ...]]:
    args = set(typing.get_args(attribute.type)) or {attribute.type}
    args.discard(type(None))
    validators = getattr(attribute.validator, "_validators", (attribute.validator,))
    nonneg = _non_negative in validators
    if bool in args:
        return BOOL, ()
    if int in args:
        return (INT_NN if nonneg else INT), ()
    if Decimal in args:
        return (DECIMAL_NN if nonneg else DECIMAL), ()
    if date in args:
        return DATE, ()
    for t in args:
        if isinstance(t, type) and issubclass(t, enum.Enum):
            return ENUM, tuple(str(m.value) for m in t)
    return TEXT, ()


def _fields(cls: type) -> dict[str, tuple[str, tuple[str, ...]]]:
    return {a.name: _kind(a) for a in attrs.fields(attrs.resolve_types(cls))}


_NESTED = ("years", "firms", "attestations", "incidents", "extra", "declarations")


#: Top-level scalar columns, in the profile's order, with their cell kinds.
SCALAR_COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {k: v for k, v in _fields(Profile).items() if k not in _NESTED}


FIRM_COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {f"firms.{k}": v for k, v in _fields(Firms).items()}


#: Per-year figures (``years.<YYYY>.<figure>``) and their kinds.
YEAR_FIGURES: dict[str, tuple[str, tuple[str, ...]]] = {k: v for k, v in _fields(YearFigures).items() if k != "extra"}


def column(name: str) -> Column | None:
    """The :class:`Column` a header cell names, or ``None`` if the layout has no such column."""
    if name in SCALAR_COLUMNS:
        kind, choices = SCALAR_COLUMNS[name]
        return Column(name, (name,), kind, choices)
    if name in FIRM_COLUMNS:
        kind, choices = FIRM_COLUMNS[name]
        return Column(name, tuple(name.split(".")), kind, choices)
    if name == "incidents":
        return Column(name, ("incidents",), INCIDENTS)
    m = _YEAR_COL.match(name)
    if m:
        year, figure = m.groups()
        if figure.startswith("extra."):
            return Column(name, ("years", year, "extra", figure[6:]), DECIMAL, year=int(year))
        if figure in YEAR_FIGURES:
            kind, _ = YEAR_FIGURES[figure]
            return Column(name, ("years", year, figure), kind, year=int(year))
        return None
    m = _MAP_COL.match(name)
    if m:
        head, key = m.groups()
        return Column(name, (head, key), BOOL if head == "attestations" else DECIMAL)
    m = _DECLARATION_COL.match(name)
    if m:
        return Column(name, ("declarations", *m.groups()), DECLARED)
    return None


def known_columns(years: Sequence[int] = ()) -> list[str]:
    """Every fixed column name, with the per-year ones for ``years`` (for suggestions and docs)."""
    names = list(SCALAR_COLUMNS) + list(FIRM_COLUMNS) + ["incidents"]
    names += [f"years.{y}.{f}" for y in years for f in YEAR_FIGURES]
    return names


def _suggest(name: str, years: Sequence[int]) -> str:
    # ``total_output.2024`` or ``2024.total_output``: the year in the wrong place.
    name = _ascii_digits(name)  # ``years.２０２２.total_output``: suggest the ASCII year
    m = re.match(r"^(?:years\.)?(?:([0-9]{4})\.(\w+)|(\w+)\.([0-9]{4}))$", name)
    if m:
        year = m.group(1) or m.group(4)
        figure = m.group(2) or m.group(3)
        close = difflib.get_close_matches(figure, list(YEAR_FIGURES), n=1, cutoff=0.6)
        if close:
            return f"years.{year}.{close[0]}"
    head, _, rest = name.partition(".")
    if head in ("attestation", "attest", "attested"):
        return f"attestations.{rest}"
    if head in ("extras", "extension"):
        return f"extra.{rest}"
    year_match = re.match(r"^years?\.([0-9]{4})\.", name)
    candidates = known_columns(sorted({*years, *([int(year_match.group(1))] if year_match else [])}))
    close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
    return close[0] if close else ""


#: Header problems listed at most (then ``… and N more``): 100,000 unknown columns answer at once.
MAX_HEADER_PROBLEMS = 100


def parse_header(names: Sequence[str], source: str) -> list[Column]:
    """Check a header row; raise :class:`InputError` naming every unknown or repeated column
    (with the nearest known column) or a missing ``name`` column — the first
    :data:`MAX_HEADER_PROBLEMS` of them, then how many more there are."""
    title = _title_row(names)
    if title is not None:
        raise InputError(source, [f"header: the first row is {title!r} and names no column: if it is a title (merged cells in Excel), "
                                  "delete the rows above the header, so that the first row names the columns (name, years.2024.total_output, …)"])  # fmt: skip
    problems: list[str] = []
    more = 0
    columns: list[Column] = []
    seen: dict[str, int] = {}
    header_years = sorted({int(m.group(1)) for n in names if (m := _YEAR_COL.match(str(n)))})
    for i, raw in enumerate(names, 1):
        name = str(raw).strip() if raw is not None else ""
        if name in seen:
            problem = f"column {name!r} appears twice (columns {seen[name]} and {i})" if name else f"header column {i} is empty"
        else:
            seen[name] = i
            col = column(name) if name else None
            if col is not None:
                columns.append(col)
                continue
            if not name:
                problem = f"header column {i} is empty"
            elif len(problems) >= MAX_HEADER_PROBLEMS:
                problem = ""  # counted, not described: no suggestion is looked for
            else:
                hint = _suggest(name, header_years)
                problem = f"unknown column {name!r}" + (f" (did you mean {hint!r}?)" if hint else "")
        if len(problems) < MAX_HEADER_PROBLEMS:
            problems.append(problem)
        else:
            more += 1
    if not problems and "name" not in seen:
        problems.append("no 'name' column (every row needs the cluster's name)")
    if problems:
        tail = [f"… and {more:,} more header problem(s)"] if more else []
        raise InputError(source, [f"header: {p}" for p in problems] + tail)
    return columns


def _title_row(names: Sequence[str]) -> str | None:
    """The text of a first row that looks like a title above the header: one non-empty cell that is
    no column, the others empty (what Excel writes for a title merged across the columns; a
    workbook's row may hold that one cell only: then it must not look like a misspelt column)."""
    texts = [str(n).strip() for n in names if n is not None and str(n).strip()]
    if len(texts) != 1 or column(texts[0]) is not None:
        return None
    if len(names) < 2 and _suggest(texts[0], []):
        return None
    return texts[0]


def _ascii_digits(text: str) -> str:
    """``text`` with every decimal digit (``２``, ``٢``) as its ASCII digit."""
    import unicodedata

    return "".join(c if c.isascii() or unicodedata.decimal(c, None) is None else str(unicodedata.decimal(c)) for c in text)


def incidents_value(cell: str) -> Any:
    """What an ``incidents`` cell stands for in a profile document (a list, or the raw text)."""
    if cell.lower() in _NONE_WORDS:
        return []
    if cell.startswith("["):
        try:
            return json.loads(cell, parse_float=Decimal)
        except ValueError:
            pass
    return cell  # the converter says what it expected


def row_document(columns: Sequence[Column], cells: Sequence[str]) -> dict[str, Any]:
    """The profile document (as TOML/JSON would give it) for one row; empty cells are left out."""
    doc: dict[str, Any] = {}
    for col, cell in zip(columns, cells):
        cell = cell.strip()
        if cell == "":
            continue
        value: Any = cell
        if col.kind == BOOL or (col.kind == DECLARED and col.path[-1] == "met"):
            value = _BOOLS.get(cell.lower(), cell)
        elif col.kind in (INT, INT_NN):
            # As TOML gives an integer: the converter reads integer fields from integers only.
            value = int(cell) if _INTEGER.fullmatch(cell) else cell
        elif col.kind == INCIDENTS:
            value = incidents_value(cell)
        target = doc
        for key in col.path[:-1]:
            target = target.setdefault(key, {})
        target[col.path[-1]] = value
    return doc


def row_profile(columns: Sequence[Column], cells: Sequence[str], source: str, row: int, missing: str = "an empty cell") -> Profile:
    """Structure one row with the one converter; errors name the row and the column, and a missing
    value as ``missing`` says it: a sheet's empty cell, where the converter says a document's ``null``
    (``expected an integer, or an empty cell; got '+ 9'``; JSON Lines passes ``"null"``)."""
    from ..convert import structure

    if len(cells) != len(columns):
        raise InputError(source, [f"row {row}: {wrong_width(len(cells), len(columns))}"])
    problems = [f"row {row}: {p}" for p in cell_problems(columns, cells)]
    if problems:
        raise InputError(source, problems)
    try:
        return structure(row_document(columns, cells), Profile, source)
    except InputError as exc:
        raise InputError(source, [f"row {row}: {_cell_wording(_column_path(p), missing)}" for p in exc.problems]) from None


def cell_problems(columns: Sequence[Column], cells: Sequence[str]) -> list[str]:
    """Cells too long to read, and numbers beyond the converter's limits (:mod:`clusterpolicy.limits`:
    ``1e999999999``, 5,000 digits), found before anything costs time or memory on them. An integer
    cell's digits are counted as a decimal cell's are, leading zeros included (``0000000000000009``
    has 16): the converter reads it as a number, which has none."""
    problems = []
    for col, cell in zip(columns, cells):
        if len(cell) > MAX_CELL:
            problems.append(f"{col.name}: {too_long(MAX_CELL, 'a cell', cell)}")
        elif col.kind in _NUMBER_KINDS and (beyond := _beyond_limits(cell.strip())):
            problems.append(f"{col.name}: {beyond}; got {beginning(cell.strip())}")
        elif col.kind in (INT, INT_NN) and _INTEGER.fullmatch(text := cell.strip()) and len(text.lstrip("+-")) > MAX_INTEGER_DIGITS:
            problems.append(f"{col.name}: too many digits (at most {MAX_INTEGER_DIGITS}, zeros included); got {beginning(text)}")
    return problems


def _beyond_limits(cell: str) -> str | None:
    """Why a number cell is outside the limits, or None (not a number: the converter says what it expected)."""
    from decimal import InvalidOperation

    from ..limits import LimitError, check_decimal

    try:
        d = Decimal(cell)
    except (InvalidOperation, ValueError):
        return None
    if not d.is_finite():
        return None
    try:
        check_decimal(d)
    except LimitError as exc:
        return str(exc)
    return None


_OR_NULL = re.compile(r"^([^:]+: expected [^;]+?) or null(?=; got )")


def _cell_wording(problem: str, missing: str) -> str:
    """``problem`` with the converter's ``… or null`` said as ``…, or <missing>`` (unless ``missing`` is null)."""
    return problem if missing == "null" else _OR_NULL.sub(rf"\1, or {missing}", problem)


def _column_path(problem: str) -> str:
    return problem[2:] if problem.startswith("$.") else problem.removeprefix("$: ").removeprefix("$")


Rows = Iterator[tuple[int, list[str]]]


def row_problems(columns: Sequence[Column], cells: Sequence[str], row: int) -> list[str]:
    """The problems with a row's shape (not its values): none for a row of cells."""
    if isinstance(cells, BadRow):
        return [f"row {row}: {reason}" for reason in cells.reasons]
    if len(cells) != len(columns):
        return [f"row {row}: {wrong_width(len(cells), len(columns))}"]
    return []


def wrong_width(cells: int, header: int) -> str:
    """A row with another number of cells than the header has columns (every reader says it so)."""
    return f"has {cells} cell{'' if cells == 1 else 's'}, the header has {header}"


def unclosed_quote(columns: Sequence[Column], cells: int) -> str:
    """The file's last record ends inside its ``cells``-th cell, quoted: the quote that opens it is never
    closed, and a CSV reader reads the rest of the file into that cell (what looked like rows after it)."""
    at = columns[cells - 1].name if 0 < cells <= len(columns) else f"column {cells}"
    return f"{at}: the quote (\") that opens this cell is never closed, so the rest of the file was read into the cell; close the quote, or remove it"


def flatten_document(document: dict[str, Any]) -> dict[str, str]:
    """The flat row (column → cell) for a profile document as TOML/JSON gives it; the inverse of
    :func:`row_document` (``profile_from_dict(document)`` equals the row's profile)."""
    row: dict[str, str] = {}
    for key, value in document.items():
        if key == "years":
            for year, figures in value.items():
                for figure, v in figures.items():
                    if figure == "extra":
                        for k, x in v.items():
                            row[f"years.{year}.extra.{k}"] = cell_text(x)
                    else:
                        row[f"years.{year}.{figure}"] = cell_text(v)
        elif key in ("firms", "attestations", "extra"):
            for k, v in value.items():
                row[f"{key}.{k}"] = cell_text(v)
        elif key == "declarations":
            for regime, rules in value.items():
                for rule, declaration in rules.items():
                    for k, v in declaration.items():
                        row[f"declarations.{regime}.{rule}.{k}"] = cell_text(v)
        elif key == "incidents":
            row[key] = "none" if not value else json.dumps(
                [{k: cell_text(v) for k, v in incident.items()} for incident in value], ensure_ascii=False
            )
        else:
            row[key] = cell_text(value)
    return row


def cell_text(value: Any) -> str:
    """One cell as text, the way a CSV would hold it."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):  # its shortest repr, as the converter reads a float, written out (1.5e-05: 0.000015)
        value = Decimal(repr(value))
    if isinstance(value, Decimal):  # fixed-point unless far beyond what a cell may hold (1e999999999)
        wide = not value.is_finite() or abs(value.as_tuple().exponent) > MAX_FRACTION_DIGITS  # type: ignore[arg-type]
        return str(value) if wide else format(value, "f")
    if hasattr(value, "isoformat"):  # XLSX dates arrive as datetimes at midnight
        if hasattr(value, "hour") and (value.hour, value.minute, value.second, value.microsecond) == (0, 0, 0, 0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


class BadRow(list):
    """A row a reader could not split into cells (no cells), with the reason (or one per cell) — and
    its name where the reader could read that cell (shown with the rejected row, as the columnar
    reader shows it)."""

    def __init__(self, reason: str | Sequence[str], name: str | None = None):
        super().__init__()
        self.reasons = (reason,) if isinstance(reason, str) else tuple(reason)
        self.name = name
