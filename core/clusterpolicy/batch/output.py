"""Writing batch results: CSV, XLSX or JSON Lines, atomically.

Rows are written to a temporary file beside the target and renamed into place only when the run
completes, so an interrupted run never leaves a file that looks whole.
"""

from __future__ import annotations

import gc
import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..files import AtomicFile
from .readers import Table
from .screen import DEFAULT_CHUNK, OVERALLS, STATUSES, Chunk, Screener, Summary, _table

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
        from ..documents import SCHEMA_VERSION

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
