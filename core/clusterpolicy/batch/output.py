"""Writing batch results (CSV, XLSX, JSON Lines, Parquet: :mod:`clusterpolicy.batch.writers`), atomically.

Rows are written to a temporary file beside the target — chunk by chunk, in a thread of their own
while the next chunk is evaluated, handed to the disk as they go — and renamed into place only when the
run completes, so an interrupted run — Ctrl-C, SIGTERM, SIGHUP, an error — never leaves a file that
looks whole, nor a temporary file (one left by ``kill -9`` is removed by the next run). The target
keeps its mode (a new file gets the umask's). The input file is never the output.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..files import AtomicFile, signals_raise
from .ahead import Behind, two_cores
from .readers import Table
from .screen import DEFAULT_CHUNK, OVERALLS, Screener, Summary, _table
from .writers import OUTPUT_FORMATS, ArrowCsvWriter, CsvWriter, JsonlWriter, ParquetWriter, XlsxWriter, output_format

__all__ = ["OUTPUT_FORMATS", "output_format", "write_batch"]


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
    encoding: str | None = None,
    reader: str = "auto",
    lang: str = "en",
    strict: bool = False,
    on_error: Callable[[str], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
    max_errors: int = 20,
) -> Summary:
    """Evaluate a flat file and write per row × regime statuses to ``output`` atomically
    (``-`` writes JSON Lines or CSV to standard output). Returns a :class:`Summary`.

    :param encoding: of the input (see :func:`~clusterpolicy.batch.readers.open_table`).
    :param reader: ``auto``, ``arrow`` or ``text`` (see :func:`~clusterpolicy.batch.readers.open_table`).
    :param lang: of an XLSX output's headers and values (``zh``: 满足 / 不满足 …).
    :param strict: write nothing (and leave any existing output as it was) if a row is rejected.
    :param on_error: called with each problem line of a rejected row, as it is found.
    :param on_progress: called with the number of rows done after each chunk.
    """
    started = time.perf_counter()
    screener = Screener(regimes, as_of=as_of, engine=engine, chunk_size=chunk_size, call="write_batch")
    out = str(output)
    fmt = out_format or ("jsonl" if out == "-" else output_format(out))
    if fmt not in OUTPUT_FORMATS:
        raise InputError(out, [f"unknown output format {fmt!r} (expected {', '.join(OUTPUT_FORMATS)})"])
    if out == "-" and fmt in ("xlsx", "parquet"):
        raise InputError(out, [f"cannot write .{fmt} to standard output"])
    if isinstance(source, (str, Path)) and str(source) != "-" and out != "-" and _same_file(source, out):
        raise InputError(out, ["is the input file: write the results to another file (the input is never replaced)"])
    table = _table(source, in_format, encoding, reader)
    ids = [r.id for r in screener.regimes]
    counts = {rid: {o.value: 0 for o in OVERALLS} for rid in ids}
    errors: list[str] = []
    rows = evaluated = rejected = 0
    with signals_raise():
        binary = fmt in ("xlsx", "parquet") or (fmt == "csv" and _have_pyarrow())
        atomic = None if out == "-" else AtomicFile(out, binary=binary)
        behind = None
        try:
            writer = _writer(fmt, atomic, screener.regimes, lang)
            # Each chunk is written (and handed to the disk) in a thread of its own while the next is evaluated.
            threaded = two_cores()
            work = writer.write if atomic is None or not threaded else lambda chunk: _write_and_sync(writer, chunk, atomic)
            behind = Behind(work, threaded=threaded, cancelled=writer.cancelled)
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
                _count(chunk, ids, counts)
                behind.put(chunk)
                if on_progress is not None:
                    on_progress(rows)
            behind.finish()
            writer.close()
            written = atomic is not None and not (strict and rejected)
            if written:
                atomic.commit()  # type: ignore[union-attr]
            elif atomic is not None:
                atomic.abort()
            else:
                sys.stdout.flush()
        except BaseException:
            if behind is not None:
                behind.stop(cancel=True)  # a worksheet's chunk takes seconds: Ctrl-C or SIGTERM must not wait for it
            if atomic is not None:
                atomic.abort()
            raise
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
        output=out if written else None,
        encoding=table.encoding,
    )


def _write_and_sync(writer: Any, chunk: Any, atomic: AtomicFile) -> None:
    """Write a chunk and hand it to the disk — in the writer's thread, while the next chunk is evaluated."""
    writer.write(chunk)
    atomic.sync()


def _have_pyarrow() -> bool:
    from .readers import _have_pyarrow as have

    return have()


def _same_file(source: str | Path, out: str) -> bool:
    try:
        return os.path.samefile(source, out)
    except OSError:
        return False  # the output does not exist yet (or the input does not: the reader says so)


def _writer(fmt: str, atomic: AtomicFile | None, regimes: Sequence[Any], lang: str) -> Any:
    if fmt == "csv" and _have_pyarrow():
        if atomic is None:
            sys.stdout.flush()
            return ArrowCsvWriter(sys.stdout.buffer, regimes, bom=False, lang=lang)
        return ArrowCsvWriter(atomic.handle, regimes, lang=lang)
    if fmt == "csv":
        return CsvWriter(atomic.handle if atomic else sys.stdout, regimes, bom=atomic is not None, lang=lang)
    if fmt == "jsonl":
        return JsonlWriter(atomic.handle if atomic else sys.stdout, regimes)
    assert atomic is not None
    atomic.handle.close()  # openpyxl and pyarrow write by path
    if fmt == "xlsx":
        return XlsxWriter(atomic.tmp, regimes, lang)
    return ParquetWriter(atomic.tmp, regimes)


def _count(chunk: Any, ids: list[str], counts: dict[str, dict[str, int]]) -> None:
    for j, rid in enumerate(ids):
        o = chunk.overall[j]
        if hasattr(o, "tolist"):
            import numpy as np

            c = np.bincount(o[o >= 0].astype(np.int64), minlength=3).tolist()
        else:
            c = [sum(1 for x in o if x == v) for v in range(3)]
        for v in range(3):
            counts[rid][OVERALLS[v].value] += int(c[v])
