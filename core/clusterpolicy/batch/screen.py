"""Batch screening: many clusters (one per row, :mod:`clusterpolicy.flat`) under several regimes.

Rows are read as a stream and evaluated in chunks. Plain rows go down the column path
(:mod:`clusterpolicy.columns`, numpy); any other row goes through the one converter and the row
engine — the same path as ``clusterpolicy evaluate`` — so a row is either evaluated with the
engine's decisions or rejected with the converter's message, its row number and its column.
Either way a bad row never stops the run.

Output (:func:`write_batch`) is written atomically: into a temporary file beside the target,
flushed to disk, then renamed over it; a run that is interrupted or killed leaves the target as it
was (the temporary file is named ``.<name>.*.partial`` and removed unless the process is killed).
"""

from __future__ import annotations

import gc
import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from attrs import field, frozen

from ..criteria.flat import BadRow, Column, parse_header, row_problem, row_profile
from ..criteria.results import Overall, Status
from ..errors import InputError
from .readers import Table, open_table

#: Statuses in code order (shared with :mod:`clusterpolicy.columns`, which needs numpy).
STATUSES: tuple[Status, ...] = (
    Status.PASS, Status.FAIL, Status.SOFT_FAIL, Status.UNKNOWN, Status.WAIVED, Status.NOT_ENCODED, Status.NOT_APPLICABLE,
)  # fmt: skip
OVERALLS: tuple[Overall, ...] = (Overall.ELIGIBLE, Overall.INELIGIBLE, Overall.INCOMPLETE)
_STATUS_CODE = {s: i for i, s in enumerate(STATUSES)}
_OVERALL_CODE = {o: i for i, o in enumerate(OVERALLS)}
DEFAULT_CHUNK = 8192
ENGINES = ("auto", "columns", "rows")


@frozen(kw_only=True)
class RegimeResult:
    """One row under one regime: the overall status and each criterion's status, in order."""

    regime: str
    status: Overall
    rules: tuple[tuple[str, Status], ...]

    def rule(self, rule_id: str) -> Status:
        for rid, status in self.rules:
            if rid == rule_id:
                return status
        raise KeyError(rule_id)


@frozen(kw_only=True)
class RowResult:
    """One input row: its results per regime, or why it was rejected."""

    row: int  #: row number as a spreadsheet shows it (header = 1); JSON Lines: the line number
    name: str | None
    results: tuple[RegimeResult, ...] = ()
    errors: tuple[str, ...] = ()  #: ``row N: column: problem`` lines; empty when evaluated

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
    output: str | None = None

    def document(self) -> dict[str, Any]:
        from ..api import SCHEMA_VERSION

        return {
            "schema_version": SCHEMA_VERSION,
            "kind": "batch_summary",
            "batch_summary": {
                "source": self.source,
                "output": self.output,
                "regimes": list(self.regimes),
                "rows": self.rows,
                "evaluated": self.evaluated,
                "rejected": self.rejected,
                "by_regime": self.by_regime,
                "paths": self.paths,
                "errors": list(self.errors),
                "seconds": round(self.seconds, 3),
            },
        }


class Chunk:
    """Results for a run of consecutive rows: codes per regime, ``-1`` for rejected rows."""

    __slots__ = ("rows", "names", "errors", "statuses", "overall")

    def __init__(self, rows: list[int], names: list[str | None], errors: dict[int, list[str]],
                 statuses: list[Any], overall: list[Any]):  # fmt: skip
        self.rows = rows
        self.names = names
        self.errors = errors  #: index in chunk → problems
        self.statuses = statuses  #: per regime: rows × rules status codes (list of lists or ndarray)
        self.overall = overall  #: per regime: overall codes per row (-1 rejected)


# --- evaluation --------------------------------------------------------------------------------


def _have_numpy() -> bool:
    try:
        import numpy  # noqa: F401
    except ImportError:
        return False
    return True


class Screener:
    """Evaluates tables of rows under fixed regimes (compiled once)."""

    def __init__(self, regimes: Sequence[Any], *, as_of: date | None = None, engine: str = "auto",
                 chunk_size: int = DEFAULT_CHUNK):  # fmt: skip
        if engine not in ENGINES:
            raise ValueError(f"engine must be one of {ENGINES}, got {engine!r}")
        if engine == "auto":
            engine = "columns" if _have_numpy() else "rows"
        if engine == "columns" and not _have_numpy():
            raise InputError("--engine", ["the column engine needs numpy: pip install 'clusterpolicy[batch]'"])
        self.regimes = list(regimes)
        self.as_of = as_of
        self.engine = engine
        self.chunk_size = max(1, chunk_size)
        self.today = date.today()
        self.rule_ids = [tuple(r.rule.id for r in regime.criteria) for regime in self.regimes]
        self.paths = {"columns": 0, "rows": 0}
        if engine == "columns":
            from ..criteria.kernels import Program

            self._programs = [Program(r) for r in self.regimes]

    def chunks(self, table: Table) -> Iterator[Chunk]:
        name_at = next((i for i, c in enumerate(table.columns) if c.name == "name"), None)
        for numbers, rows in table.iter_blocks(self.chunk_size):
            yield self._chunk(table, name_at, numbers, rows)

    def _chunk(self, table: Table, name_at: int | None, numbers: list[int], cells: list[list[str]]) -> Chunk:
        batch = list(zip(numbers, cells))
        width = len(table.columns)
        names = [(c[name_at].strip() or None) if name_at is not None and len(c) == width else None for c in cells]
        n = len(batch)
        k = len(self.regimes)
        statuses: list[Any] = [None] * k
        overall: list[Any] = [None] * k
        errors: dict[int, list[str]] = {}
        if self.engine == "columns":
            import numpy as np

            from ..criteria.columns import parse

            data, left = parse(table.columns, cells, self.as_of, self.today)
            taken = np.ones(n, dtype=bool)
            taken[left] = False
            take_index = np.flatnonzero(taken)
            for j, program in enumerate(self._programs):
                s, o = program.run(data)
                full_s = np.full((n, len(self.rule_ids[j])), -1, dtype=np.int8)
                full_o = np.full(n, -1, dtype=np.int8)
                full_s[take_index] = s
                full_o[take_index] = o
                statuses[j], overall[j] = full_s, full_o
            self.paths["columns"] += len(take_index)
        else:
            left = list(range(n))
            statuses = [[[-1] * len(ids) for _ in range(n)] for ids in self.rule_ids]
            overall = [[-1] * n for _ in self.regimes]
        for i in left:
            number, row = batch[i]
            problem = row_problem(table.columns, row, number)
            if problem:
                errors[i] = [problem]
                continue
            try:
                profile = row_profile(table.columns, row, table.source, number)
            except InputError as exc:
                errors[i] = list(exc.problems)
                continue
            self.paths["rows"] += 1
            for j, regime in enumerate(self.regimes):
                a = regime.evaluate(profile, self.as_of or (None if profile.assessment_date else self.today))
                statuses[j][i] = [_STATUS_CODE[f.status] for f in a.findings]
                overall[j][i] = _OVERALL_CODE[a.status]
        return Chunk(numbers, names, errors, statuses, overall)


def _table(source: Any, fmt: str | None) -> Table:
    if isinstance(source, Table):
        return source
    if isinstance(source, (str, Path)):
        return open_table(source, fmt)
    return table_from_mappings(source)


def table_from_mappings(rows: Iterable[Mapping[str, Any]], source: str = "<rows>") -> Table:
    """A :class:`Table` over flat mappings (column → value); the first mapping's keys are the header."""
    from ..criteria.flat import cell_text

    it = iter(rows)
    first = next(it, None)
    if first is None:
        return Table(source, (), iter(()))
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

    return Table(source, tuple(columns), gen())


def evaluate_many(
    source: str | Path | Table | Iterable[Mapping[str, Any]],
    regimes: Sequence[Any],
    *,
    as_of: date | None = None,
    engine: str = "auto",
    chunk_size: int = DEFAULT_CHUNK,
    fmt: str | None = None,
) -> Iterator[RowResult]:
    """Evaluate every row of a flat file (or of flat mappings) under ``regimes``, lazily.

    Yields one :class:`RowResult` per row, in input order; a bad row is yielded with its
    ``errors`` and the run carries on. A bad *header* raises :class:`InputError` at once.

    :param source: ``.csv`` / ``.xlsx`` / ``.jsonl`` path, or an iterable of mappings whose keys
        are flat column names (the first mapping's keys are the header; row numbers count from 1).
    :param regimes: regimes to evaluate, e.g. ``load_regimes().select(["national", "hainan"])``.
    :param as_of: assessment date for every row (default: each row's, else today).
    :param engine: ``auto`` (columns when numpy is installed), ``columns`` or ``rows``.
    """
    screener = Screener(regimes, as_of=as_of, engine=engine, chunk_size=chunk_size)
    table = _table(source, fmt)
    ids = [r.id for r in screener.regimes]
    for chunk in screener.chunks(table):
        for i, number in enumerate(chunk.rows):
            if i in chunk.errors:
                yield RowResult(row=number, name=chunk.names[i], errors=tuple(chunk.errors[i]))
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
                    )
                )
            yield RowResult(row=number, name=chunk.names[i], results=tuple(results))


# --- output ------------------------------------------------------------------------------------

OUTPUT_FORMATS = ("csv", "xlsx", "jsonl")


def output_format(path: str) -> str:
    lower = path.lower()
    if lower.endswith(".xlsx"):
        return "xlsx"
    if lower.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    if lower.endswith(".csv"):
        return "csv"
    raise InputError(path, ["cannot tell the output format from the name: use .csv, .xlsx or .jsonl, or --out-format"])


class AtomicFile:
    """Write to a temporary file beside ``path``; on :meth:`commit` fsync and rename over it."""

    def __init__(self, path: str | Path, binary: bool = False):
        import tempfile

        self.path = Path(path)
        directory = self.path.parent if str(self.path.parent) else Path(".")
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".partial", dir=directory)
        except OSError as exc:
            raise InputError(str(path), [f"cannot write here: {exc}"]) from None
        self.tmp = Path(tmp)
        self.handle = os.fdopen(fd, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8", "newline": ""}))

    def commit(self) -> None:
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.handle.close()
        os.replace(self.tmp, self.path)
        try:  # make the rename itself durable
            dfd = os.open(self.path.parent if str(self.path.parent) else ".", os.O_RDONLY)
        except OSError:
            return
        try:
            os.fsync(dfd)
        except OSError:
            pass
        finally:
            os.close(dfd)

    def abort(self) -> None:
        try:
            self.handle.close()
        finally:
            self.tmp.unlink(missing_ok=True)


def _header(regimes: Sequence[str], rule_ids: Sequence[Sequence[str]]) -> list[str]:
    cols = ["row", "name", "error"]
    for rid, ids in zip(regimes, rule_ids):
        cols.append(rid)
        cols += [f"{rid}.{r}" for r in ids]
    return cols


class _Writer:
    def __init__(self, regimes: Sequence[str], rule_ids: Sequence[Sequence[str]]):
        self.regimes = list(regimes)
        self.rule_ids = [list(ids) for ids in rule_ids]
        self.status_names = [s.value for s in STATUSES] + [""]  # code -1 (a rejected row) → ""
        self.overall_names = [o.value for o in OVERALLS] + [""]

    def words(self, codes: Sequence[int]) -> list[str]:
        """Overall status then each rule's status, as words, for one row's codes."""
        return [self.overall_names[codes[0]]] + [self.status_names[c] for c in codes[1:]]

    def fragments(self, chunk: Chunk, j: int, render: Callable[[list[str]], str]) -> list[str]:
        """``render(words)`` for each row of the chunk under regime ``j``, computed once per
        distinct row of codes (many clusters share a pattern)."""
        s, o = chunk.statuses[j], chunk.overall[j]
        n = len(chunk.rows)
        if hasattr(s, "tolist"):
            import numpy as np

            if not n:
                return []
            block = np.ascontiguousarray(np.concatenate([o[:, None], s], axis=1))
            # Rows as opaque byte strings: np.unique then sorts them as memcmp keys (fast).
            keys = block.view(np.dtype((np.void, block.shape[1]))).reshape(-1)
            uniq, inverse = np.unique(keys, return_inverse=True)
            codes = np.frombuffer(uniq.tobytes(), dtype=np.int8).reshape(len(uniq), block.shape[1])
            rendered = np.array([render(self.words(u)) for u in codes.tolist()], dtype=object)
            return rendered[inverse.reshape(-1)].tolist()
        return [render(self.words([o[i], *s[i]])) for i in range(n)]

    def table_rows(self, chunk: Chunk) -> list[list[Any]]:
        """Wide rows: row, name, error, then per regime the overall status and each rule's."""
        parts = [self.fragments(chunk, j, lambda w: w) for j in range(len(self.regimes))]
        out = []
        for i in range(len(chunk.rows)):
            err = chunk.errors.get(i)
            row: list[Any] = [chunk.rows[i], chunk.names[i] or "", "; ".join(err) if err else ""]
            for p in parts:
                row += p[i]
            out.append(row)
        return out


_NEEDS_QUOTES = __import__("re").compile(r'[,"\r\n]')


def _csv_field(text: str) -> str:
    # csv.QUOTE_MINIMAL, as the csv module writes it
    if any(ch in text for ch in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


class CsvWriter(_Writer):
    """Wide CSV (the csv module's default dialect: comma, minimal quoting, CRLF)."""

    def __init__(self, handle: Any, regimes: Sequence[str], rule_ids: Sequence[Sequence[str]]):
        import csv

        super().__init__(regimes, rule_ids)
        self.handle = handle
        csv.writer(handle).writerow(_header(regimes, rule_ids))

    def write(self, chunk: Chunk) -> None:
        parts = [self.fragments(chunk, j, ",".join) for j in range(len(self.regimes))]
        rows = []
        names = chunk.names
        if _NEEDS_QUOTES.search("\x00".join(n or "" for n in names)):
            names = [_csv_field(n or "") for n in names]
        for i, number in enumerate(chunk.rows):
            err = chunk.errors.get(i)
            head = f"{number},{names[i] or ''},{_csv_field('; '.join(err)) if err else ''}"
            rows.append(",".join([head, *(p[i] for p in parts)]))
        if rows:
            self.handle.write("\r\n".join(rows) + "\r\n")

    def close(self) -> None:
        pass


class XlsxWriter(_Writer):
    def __init__(self, path: Path, regimes: Sequence[str], rule_ids: Sequence[Sequence[str]]):
        try:
            import openpyxl
        except ImportError:
            raise InputError(str(path), ["writing .xlsx needs openpyxl: pip install 'clusterpolicy[xlsx]'"]) from None
        super().__init__(regimes, rule_ids)
        self.path = path
        self.book = openpyxl.Workbook(write_only=True)
        self.sheet = self.book.create_sheet("results")
        self.sheet.append(_header(regimes, rule_ids))

    def write(self, chunk: Chunk) -> None:
        for row in self.table_rows(chunk):
            self.sheet.append(row)

    def close(self) -> None:
        self.book.save(self.path)


class JsonlWriter(_Writer):
    """One JSON object per input row (``kind: batch_row``)."""

    def __init__(self, handle: Any, regimes: Sequence[str], rule_ids: Sequence[Sequence[str]]):
        from ..api import SCHEMA_VERSION

        super().__init__(regimes, rule_ids)
        self.handle = handle
        self.head = '{"schema_version": %s, "kind": "batch_row", "row": ' % json.dumps(SCHEMA_VERSION)
        # A template per regime: statuses are fixed ASCII words, rule ids are checked ids.
        self.templates = []
        for rid, ids in zip(regimes, rule_ids):
            rules = ", ".join(f"{json.dumps(r)}: \"%s\"" for r in ids).replace("%", "%%").replace('%%s"', '%s"')
            self.templates.append(f"{json.dumps(rid)}: {{\"status\": \"%s\", \"rules\": {{{rules}}}}}")

    def write(self, chunk: Chunk) -> None:
        parts = [self.fragments(chunk, j, lambda w, t=t: t % tuple(w)) for j, t in enumerate(self.templates)]
        lines = []
        for i, number in enumerate(chunk.rows):
            name = json.dumps(chunk.names[i], ensure_ascii=False)
            err = chunk.errors.get(i)
            if err:
                lines.append(f'{self.head}{number}, "name": {name}, "errors": {json.dumps(err, ensure_ascii=False)}}}\n')
                continue
            results = ", ".join(p[i] for p in parts)
            lines.append(f'{self.head}{number}, "name": {name}, "results": {{{results}}}}}\n')
        self.handle.write("".join(lines))

    def close(self) -> None:
        pass


def write_batch(
    source: str | Path | Table | Iterable[Mapping[str, Any]],
    output: str | Path,
    regimes: Sequence[Any],
    *,
    as_of: date | None = None,
    engine: str = "auto",
    chunk_size: int = DEFAULT_CHUNK,
    in_format: str | None = None,
    out_format: str | None = None,
    on_error: Callable[[str], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
    max_errors: int = 20,
) -> Summary:
    """Evaluate a flat file and write per row × regime statuses to ``output`` atomically
    (``-`` writes JSON Lines or CSV to standard output). Returns a :class:`Summary`.

    :param on_error: called with each problem line of a rejected row, as it is found.
    :param on_progress: called with the number of rows done after each chunk.
    """
    started = time.perf_counter()
    screener = Screener(regimes, as_of=as_of, engine=engine, chunk_size=chunk_size)
    table = _table(source, in_format)
    out = str(output)
    fmt = out_format or ("jsonl" if out == "-" else output_format(out))
    if fmt not in OUTPUT_FORMATS:
        raise InputError(out, [f"unknown output format {fmt!r} (expected csv, xlsx or jsonl)"])
    if out == "-" and fmt == "xlsx":
        raise InputError(out, ["cannot write .xlsx to standard output"])
    ids = [r.id for r in screener.regimes]
    counts = {rid: {o.value: 0 for o in OVERALLS} for rid in ids}
    errors: list[str] = []
    rows = evaluated = rejected = 0
    # Chunks allocate many short-lived, acyclic objects; with a large heap around (an embedding
    # application's data), the cyclic collector would rescan it again and again. It is paused for
    # the run and restored after.
    gc_was_enabled = gc.isenabled()
    gc.disable()

    atomic = None
    if out == "-":
        handle: Any = sys.stdout
    elif fmt == "xlsx":
        atomic = AtomicFile(out, binary=True)
        atomic.handle.close()  # openpyxl writes by path
        handle = None
    else:
        atomic = AtomicFile(out)
        handle = atomic.handle
    try:
        if fmt == "csv":
            writer: Any = CsvWriter(handle, ids, screener.rule_ids)
        elif fmt == "jsonl":
            writer = JsonlWriter(handle, ids, screener.rule_ids)
        else:
            writer = XlsxWriter(atomic.tmp, ids, screener.rule_ids)  # type: ignore[union-attr]
        for chunk in screener.chunks(table):
            n = len(chunk.rows)
            rows += n
            rejected += len(chunk.errors)
            evaluated += n - len(chunk.errors)
            for i in sorted(chunk.errors):
                for problem in chunk.errors[i]:
                    if len(errors) < max_errors:
                        errors.append(problem)
                    if on_error is not None:
                        on_error(problem)
            for j, rid in enumerate(ids):
                o = chunk.overall[j]
                if hasattr(o, "tolist"):
                    import numpy as np

                    c = np.bincount(o[o >= 0].astype(np.int64), minlength=3).tolist()
                else:
                    c = [sum(1 for x in o if x == v) for v in range(3)]
                for v in range(3):
                    counts[rid][OVERALLS[v].value] += int(c[v])
            writer.write(chunk)
            if on_progress is not None:
                on_progress(rows)
        writer.close()
        if atomic is not None:
            if fmt == "xlsx":
                _fsync_path(atomic.tmp)
                os.replace(atomic.tmp, atomic.path)
            else:
                atomic.commit()
        else:
            handle.flush()
    except BaseException:
        if atomic is not None:
            atomic.abort()
        raise
    finally:
        if gc_was_enabled:
            gc.enable()
    return Summary(
        source=table.source,
        regimes=tuple(ids),
        rows=rows,
        evaluated=evaluated,
        rejected=rejected,
        by_regime=counts,
        paths=dict(screener.paths),
        errors=tuple(errors),
        seconds=time.perf_counter() - started,
        output=None if out == "-" else out,
    )


def _fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


__all__ = [
    "Chunk", "RegimeResult", "RowResult", "Screener", "Summary", "evaluate_many", "table_from_mappings", "write_batch",
    "Column",
]  # fmt: skip
