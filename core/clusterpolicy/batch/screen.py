"""Batch screening: many clusters (one per row, :mod:`clusterpolicy.criteria.flat`) under several regimes.

Rows are read as a stream and evaluated in chunks (a columnar reader's next block is read in a thread,
:mod:`clusterpolicy.batch.ahead`, while the current one is evaluated). Plain rows go down the column path
(:mod:`clusterpolicy.criteria.columns`, numpy); any other row goes through the one converter and the row
engine — the same path as ``clusterpolicy evaluate`` — so a row is either evaluated with the
engine's decisions or rejected with the converter's message, its row number and its column.
Either way a bad row never stops the run.

Output (:func:`write_batch`) is written atomically: into a temporary file beside the target,
flushed to disk, then renamed over it; a run that is interrupted or killed leaves the target as it
was (the temporary file is named ``.<name>.*.partial`` and removed unless the process is killed).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from attrs import field

from ..criteria.evaluate import remarks_of
from ..criteria.flat import BadRow, parse_header, row_problems, row_profile
from ..criteria.results import Overall, Status
from ..errors import InputError
from ..model import frozen
from ..regimes.build import listed
from .readers import Block, Table, open_table, text_table

#: Statuses in code order (shared with :mod:`clusterpolicy.criteria.columns`, which needs numpy).
STATUSES: tuple[Status, ...] = (
    Status.PASS, Status.FAIL, Status.SOFT_FAIL, Status.UNKNOWN, Status.WAIVED, Status.NOT_ENCODED, Status.NOT_APPLICABLE,
    Status.DECLARED_MET, Status.DECLARED_NOT_MET, Status.NOTED,
)  # fmt: skip


OVERALLS: tuple[Overall, ...] = (Overall.ELIGIBLE, Overall.INELIGIBLE, Overall.INCOMPLETE)


_STATUS_CODE = {s: i for i, s in enumerate(STATUSES)}


_OVERALL_CODE = {o: i for i, o in enumerate(OVERALLS)}


DEFAULT_CHUNK = 16384  # rows per chunk: fewer calls into numpy and pyarrow per row, ~250 MB peak at 1M rows


ENGINES = ("auto", "columns", "rows")


@frozen(kw_only=True)
class RegimeResult:
    """One row under one regime: the overall status and each criterion's status, in order."""

    regime: str
    status: Overall
    rules: tuple[tuple[str, Status], ...]
    #: remarks for the authority, as ``rule:code`` (e.g. ``core.growth:growth_readings_differ``): what the
    #: assessment's notes say of a verdict that the tool leaves to the authority
    notes: tuple[str, ...] = ()

    def rule(self, rule_id: str) -> Status:
        for rid, status in self.rules:
            if rid == rule_id:
                return status
        raise KeyError(rule_id)

    @property
    def declared(self) -> tuple[str, ...]:
        """Criteria the verdict rests on as declared (as :attr:`Assessment.declared`)."""
        return tuple(rid for rid, s in self.rules if s in (Status.DECLARED_MET, Status.DECLARED_NOT_MET))

    @property
    def waived(self) -> tuple[str, ...]:
        """Criteria treated as waived on the profile's claim (as :attr:`Assessment.waived`)."""
        return tuple(rid for rid, s in self.rules if s is Status.WAIVED)


@frozen(kw_only=True)
class RowResult:
    """One input row: its results per regime, or why it was rejected."""

    row: int  #: row number as a spreadsheet shows it (header = 1); JSON Lines: the line number
    name: str | None
    results: tuple[RegimeResult, ...] = ()
    errors: tuple[str, ...] = ()  #: ``row N: column: problem`` lines; empty when evaluated
    as_of: date | None = None  #: the assessment date the row was evaluated at (``None`` when rejected)

    @property
    def rejected(self) -> bool:
        return bool(self.errors)

    def result(self, regime: str) -> RegimeResult:
        for r in self.results:
            if r.regime == regime:
                return r
        raise KeyError(regime)


@frozen(kw_only=True)
class Summary:
    """What a batch run did."""

    source: str
    regimes: tuple[str, ...]
    rows: int = 0
    evaluated: int = 0
    rejected: int = 0
    #: regime → {"eligible": n, "ineligible": n, "incomplete": n}
    by_regime: dict[str, dict[str, int]] = field(factory=dict)
    #: rows by path: "columns" (numpy) and "rows" (converter + engine)
    paths: dict[str, int] = field(factory=dict)
    errors: tuple[str, ...] = ()  #: the first problems (all are in the output)
    seconds: float = 0.0
    output: str | None = None  #: the file written (``None``: standard output, or nothing written under ``strict``)
    encoding: str = "utf-8"  #: how the input was decoded

    def document(self) -> dict[str, Any]:
        from ..documents import SCHEMA_VERSION
        from ..messages import said

        return {
            "schema_version": SCHEMA_VERSION,
            "kind": "batch_summary",
            "batch_summary": {
                "source": self.source,
                "output": self.output,
                "encoding": self.encoding,
                "regimes": list(self.regimes),
                "rows": self.rows,
                "evaluated": self.evaluated,
                "rejected": self.rejected,
                "by_regime": self.by_regime,
                "paths": self.paths,
                "errors": list(self.errors),
                "errors_zh": [said(e, "zh") for e in self.errors],
                "seconds": round(self.seconds, 3),
            },
        }


class Chunk:
    """Results for a run of consecutive rows: codes per regime, ``-1`` for rejected rows."""

    __slots__ = ("rows", "_names", "errors", "statuses", "overall", "as_of", "dates", "notes")

    def __init__(self, rows: Sequence[int], names: Any, errors: dict[int, list[str]],
                 statuses: list[Any], overall: list[Any], as_of: Any, dates: list[date],
                 notes: list[dict[int, tuple[str, ...]]] | None = None):  # fmt: skip
        self.rows = rows  #: row numbers
        #: a list (``None``: no name), or an Arrow string column not yet trimmed ("": no name): it is
        #: trimmed where it is read (by a writer, in its own thread), not where the chunk is made
        self._names = _shown_rejected(names, errors)
        self.errors = errors  #: index in chunk → problems
        self.statuses = statuses  #: per regime: rows × rules status codes (list of lists or ndarray)
        self.overall = overall  #: per regime: overall codes per row (-1 rejected)
        self.as_of = as_of  #: per row: index into ``dates`` of the assessment date used (-1 rejected)
        self.dates = dates
        #: per regime: index in chunk → remarks for the authority (``rule:code``); rows without any left out
        self.notes = notes if notes is not None else [{} for _ in statuses]

    @property
    def names(self) -> list[str | None]:
        """Each row's name (``None``: none)."""
        if not isinstance(self._names, list):
            self._names = [x or None for x in self.arrow_names().to_pylist()]
        return self._names

    def arrow_names(self) -> Any:
        """The names as an Arrow string column (``""``: none)."""
        import pyarrow as pa

        if isinstance(self._names, list):
            return pa.array(self._names, pa.string()).fill_null("")
        from ..criteria.arrowcols import trimmed

        self._names = trimmed(self._names)
        return self._names


#: How much of a rejected row's name the output echoes (its error says what is wrong with the rest).
SHOWN_NAME = 200

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _symbol(c: str) -> str:
    if c < " ":
        return chr(0x2400 + ord(c))  # ␀ … ␟ (a tab ␉, a line feed ␊)
    if c == "\x7f":
        return "\u2421"  # ␡
    if "\u202a" <= c <= "\u202e" or "\u2066" <= c <= "\u2069":
        return f"<U+{ord(c):04X}>"  # a bidirectional control, which would reorder what follows it
    return "\ufffd"  # a lone surrogate


def _shown(name: str) -> str:
    """A rejected row's name as output shows it: control characters as their symbols (␀, ␉, ␊),
    bidirectional controls by their code (<U+202E>), a lone surrogate as �, cut to :data:`SHOWN_NAME` characters."""
    name = _CONTROL.sub(lambda m: _symbol(m.group()), name)
    return name if len(name) <= SHOWN_NAME else name[: SHOWN_NAME - 1] + "…"


def _shown_rejected(names: Any, errors: dict[int, list[str]]) -> Any:
    """``names`` with each rejected row's name as :func:`_shown` (a list then, if one changes)."""
    changed = {}
    for i in errors:
        name = names[i] if isinstance(names, list) else names[i].as_py().strip()  # an Arrow column is not trimmed yet
        if name and _shown(name) != name:
            changed[i] = _shown(name)
    if not changed:
        return names
    names = list(names) if isinstance(names, list) else [x.strip() or None for x in names.to_pylist()]
    for i, name in changed.items():
        names[i] = name
    return names


def _have_numpy() -> bool:
    try:
        import numpy  # noqa: F401
    except ImportError:
        return False
    return True


def check_chunk_size(chunk_size: int) -> int:
    if not isinstance(chunk_size, int) or isinstance(chunk_size, bool) or chunk_size < 1:
        raise InputError("--chunk-size", [f"expected a whole number of rows, at least 1; got {chunk_size!r}"])
    return chunk_size


#: Every regime's plugin blocked (or none installed): the command line and the HTTP API have nothing to screen by.
NO_REGIME = "no regime to screen by (none is installed, or every plugin is blocked)"


class Screener:
    """Evaluates tables of rows under fixed regimes (compiled once)."""

    def __init__(self, regimes: Sequence[Any], *, as_of: date | None = None, engine: str = "auto",
                 chunk_size: int = DEFAULT_CHUNK, call: str = "evaluate_many"):  # fmt: skip
        if engine not in ENGINES:
            raise ValueError(f"engine must be one of {ENGINES}, got {engine!r}")
        if engine == "auto":
            engine = "columns" if _have_numpy() else "rows"
        if engine == "columns" and not _have_numpy():
            raise InputError("--engine", ["the column engine needs numpy: pip install 'clusterpolicy[batch]'"])
        self.regimes = listed(regimes, call)
        if not self.regimes:  # before anything is read or written: an output without a regime answers nothing
            raise ValueError(f"{call}(): regimes: expected at least one regime to screen; got an empty {type(regimes).__name__}")
        self.as_of = as_of
        self.engine = engine
        self.chunk_size = check_chunk_size(chunk_size)
        self.today = date.today()
        self.rule_ids = [tuple(r.rule.id for r in regime.criteria) for regime in self.regimes]
        self.paths = {"columns": 0, "rows": 0}
        if engine == "columns":
            from ..criteria.kernels import Program

            self._programs = [Program(r) for r in self.regimes]

    def chunks(self, table: Table) -> Iterator[Chunk]:
        name_at = next((i for i, c in enumerate(table.columns) if c.name == "name"), None)
        blocks = table.iter_blocks(self.chunk_size)
        if table.reader == "arrow":  # the next block is read (in C) while this one is evaluated
            from .ahead import ahead, two_cores

            if two_cores():
                blocks = ahead(blocks)
        for block in blocks:
            yield self._chunk(table, name_at, block)

    def _chunk(self, table: Table, name_at: int | None, block: Block) -> Chunk:
        n = len(block)
        k = len(self.regimes)
        statuses: list[Any] = [None] * k
        overall: list[Any] = [None] * k
        notes: list[dict[int, tuple[str, ...]]] = [{} for _ in range(k)]
        errors: dict[int, list[str]] = {i: [f"row {block.numbers[i]}: {why}"] for i, why in block.rejected.items()}
        dates: dict[date, int] = {}  # where each assessment date is in ``days``
        days: list[date] = []
        if block.arrow is not None:
            names = _arrow_names(block.arrow, name_at)
        else:
            width = len(table.columns)
            names = [
                c.name if isinstance(c, BadRow) else (c[name_at].strip() or None) if name_at is not None and len(c) == width else None
                for c in block.rows
            ]
        if self.engine == "columns":
            import numpy as np

            if block.arrow is not None:
                from ..criteria.arrowcols import parse as parse_arrow

                data, left = parse_arrow(table.columns, block.arrow, self.as_of, self.today, list(block.rejected))
            else:
                from ..criteria.columns import parse

                data, left = parse(table.columns, block.rows, self.as_of, self.today)
            taken = np.ones(n, dtype=bool)
            taken[left] = False
            take_index = np.flatnonzero(taken)
            for j, program in enumerate(self._programs):
                s, o, remarks = program.run(data)
                notes[j] = {int(take_index[i]): r for i, r in remarks.items()}
                if len(take_index) < n:  # the rows left (-1 until the row engine fills them in)
                    full_s = np.full((n, len(self.rule_ids[j])), -1, dtype=np.int8)
                    full_o = np.full(n, -1, dtype=np.int8)
                    full_s[take_index] = s
                    full_o[take_index] = o
                    s, o = full_s, full_o
                statuses[j], overall[j] = s, o
            as_of: Any = np.full(n, -1, dtype=np.int32)
            as_of[take_index] = data.as_of.codes
            days = list(data.as_of.values)
            for i, d in enumerate(days):
                dates.setdefault(d, i)
            self.paths["columns"] += len(take_index)
        else:
            left = list(range(n))
            statuses = [[[-1] * len(ids) for _ in range(n)] for ids in self.rule_ids]
            overall = [[-1] * n for _ in self.regimes]
            as_of = [-1] * n
        left = [i for i in left if i not in errors]
        for i, number, row in zip(left, (block.numbers[i] for i in left), _cells(block, left)):
            problems = row_problems(table.columns, row, number)
            if problems:
                errors[i] = problems
                continue
            try:
                profile = row_profile(table.columns, row, table.source, number, table.missing)
            except InputError as exc:
                errors[i] = list(exc.problems)
                continue
            day = self.as_of or profile.assessment_date or self.today
            try:  # a declaration of a criterion the regime encodes is the row's error
                results = [regime.evaluate(profile, day) for regime in self.regimes]
            except InputError as exc:
                errors[i] = [f"row {number}: {p.removeprefix('$.')}" for p in exc.problems]
                continue
            self.paths["rows"] += 1
            for j, a in enumerate(results):
                statuses[j][i] = [_STATUS_CODE[f.status] for f in a.findings]
                overall[j][i] = _OVERALL_CODE[a.status]
                remarks = remarks_of(a)
                if remarks:
                    notes[j][i] = remarks
            if day not in dates:
                dates[day] = len(days)
                days.append(day)
            as_of[i] = dates[day]
        for j in range(k):  # a row rejected after the column path (a declaration's error) keeps no remarks
            for i in errors.keys() & notes[j].keys():
                del notes[j][i]
        return Chunk(block.numbers, names, errors, statuses, overall, as_of, days, notes)


def _arrow_names(batch: Any, name_at: int | None) -> Any:
    if name_at is None:
        return [None] * batch.num_rows
    return batch.column(name_at)  # trimmed, and turned into a list, only as a writer asks (Chunk.names)


def _cells(block: Block, index: list[int]) -> list[list[str]]:
    """The text cells of some rows of a block."""
    if block.arrow is None:
        return [block.rows[i] for i in index]
    if not index:
        return []
    part = block.arrow.take(index)
    return [list(r) for r in zip(*(c.to_pylist() for c in part.columns))]


def _table(source: Any, fmt: str | None, encoding: str | None = None, reader: str = "auto") -> Table:
    if isinstance(source, Table):
        return source
    if isinstance(source, (str, Path)):
        return open_table(source, fmt, encoding, reader)
    return table_from_mappings(source)


def table_from_mappings(rows: Iterable[Mapping[str, Any]], source: str = "<rows>") -> Table:
    """A :class:`Table` over flat mappings (column → value); the first mapping's keys are the header."""
    from ..criteria.flat import cell_text

    it = iter(rows)
    first = next(it, None)
    if first is None:
        return text_table(source, (), iter(()))
    columns = parse_header(list(first), source)
    index = {c.name: i for i, c in enumerate(columns)}

    def to_cells(number: int, row: Mapping[str, Any]) -> tuple[int, list[str]]:
        unknown = sorted(str(k) for k in row if k not in index)
        if unknown:
            return number, BadRow("unknown key(s): " + ", ".join(unknown))
        cells = [""] * len(columns)
        for key, value in row.items():
            cells[index[key]] = cell_text(value)
        return number, cells

    def gen() -> Iterator[tuple[int, list[str]]]:
        yield to_cells(1, first)
        for number, row in enumerate(it, 2):
            yield to_cells(number, row)

    return text_table(source, columns, gen())


def evaluate_many(
    source: str | Path | Table | Iterable[Mapping[str, Any]],
    regimes: Sequence[Any],
    *,
    as_of: date | None = None,
    engine: str = "auto",
    chunk_size: int = DEFAULT_CHUNK,
    fmt: str | None = None,
    encoding: str | None = None,
    reader: str = "auto",
) -> Iterator[RowResult]:
    """Evaluate every row of a flat file (or of flat mappings) under ``regimes``, lazily.

    Yields one :class:`RowResult` per row, in input order; a bad row is yielded with its
    ``errors`` and the run carries on. A bad *header* raises :class:`InputError` at once (and
    ``regimes`` other than the registry or a sequence of regimes a :class:`TypeError`).

    :param source: ``.csv`` / ``.xlsx`` / ``.jsonl`` path, or an iterable of mappings whose keys
        are flat column names (the first mapping's keys are the header; row numbers count from 1).
    :param regimes: regimes to evaluate, e.g. ``load_regimes().select(["national", "hainan"])``.
    :param as_of: assessment date for every row (default: each row's, else today).
    :param engine: ``auto`` (columns when numpy is installed), ``columns`` or ``rows``.
    :param encoding: of a CSV or JSON Lines file; ``reader``: ``auto``, ``arrow`` or ``text``
        (see :func:`~clusterpolicy.batch.readers.open_table`).
    """
    screener = Screener(regimes, as_of=as_of, engine=engine, chunk_size=chunk_size)
    return _results(screener, _table(source, fmt, encoding, reader))


def _results(screener: Screener, table: Table) -> Iterator[RowResult]:
    ids = [r.id for r in screener.regimes]
    for chunk in screener.chunks(table):
        for i, number in enumerate(chunk.rows):
            if i in chunk.errors:
                yield RowResult(row=int(number), name=chunk.names[i], errors=tuple(chunk.errors[i]))
                continue
            results = []
            for j, rid in enumerate(ids):
                codes = chunk.statuses[j][i]
                codes = codes.tolist() if hasattr(codes, "tolist") else codes
                results.append(
                    RegimeResult(
                        regime=rid,
                        status=OVERALLS[int(chunk.overall[j][i])],
                        rules=tuple(zip(screener.rule_ids[j], (STATUSES[c] for c in codes))),
                        notes=chunk.notes[j].get(i, ()),
                    )
                )
            yield RowResult(row=int(number), name=chunk.names[i], results=tuple(results), as_of=chunk.dates[int(chunk.as_of[i])])


__all__ = [
    "Chunk", "RegimeResult", "RowResult", "Screener", "Summary", "evaluate_many", "table_from_mappings",
]  # fmt: skip
