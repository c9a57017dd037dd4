"""``clusterpolicy batch``: screen a spreadsheet of clusters under several regimes."""

from __future__ import annotations

import argparse
import sys
from typing import Any

_WORDS = {
    "en": {
        "rows": "rows", "evaluated": "evaluated", "rejected": "rejected", "regime": "regime",
        "written": "written to",
        "more": "more problem(s); every rejected row is in the output's error column", "seconds": "s",
        "nothing": "nothing written (--strict: a row was rejected; the previous file, if any, is unchanged)",
        "encoding": "read as",
    },
    "zh": {
        "rows": "行数", "evaluated": "已评估", "rejected": "被拒", "regime": "制度",
        "written": "已写入",
        "more": "个问题未列出;被拒的每一行都在输出文件的 error 列中", "seconds": "秒",
        "nothing": "未写入任何文件(--strict:有被拒的行;原有文件保持不变)",
        "encoding": "读取编码",
    },
}  # fmt: skip


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "batch",
        parents=[common],
        help="screen many clusters (one per row: CSV, XLSX, JSON Lines) under several regimes",
        description="Evaluate every row of a flat file under the chosen regimes and write, per row and regime, "
        "the overall status and each criterion's status. Bad rows are reported (row number and column) and skipped; "
        "the output is written atomically.",
    )
    p.add_argument("input", help="flat file: .csv, .parquet, .xlsx or .jsonl (- reads CSV from standard input)")
    p.add_argument("--out", "-o", required=True,
                   help="output: .csv (UTF-8 with BOM; ids and English values, for machines and Excel; a rejected row's error in --lang) or .xlsx (wide, for people; with --lang zh its headers and values are Chinese), "
                   ".jsonl or .parquet (for machines); - for stdout; never the input file")  # fmt: skip
    p.add_argument("--regime", "-r", action="append", default=[], help="regime to include (repeatable; default: all)")
    p.add_argument("--as-of", type=_date, help="assessment date for every row (default: each row's assessment_date, else today)")
    p.add_argument("--in-format", choices=("csv", "parquet", "xlsx", "jsonl"), help="input format (default: from the file name)")
    p.add_argument("--out-format", choices=("csv", "xlsx", "jsonl", "parquet"), help="output format (default: from the file name)")
    p.add_argument("--encoding", metavar="NAME",
                   help="encoding of a CSV or JSON Lines input, e.g. gb18030 for a CSV saved by Excel on Chinese Windows "
                   "(default: UTF-8 with or without BOM; a CSV that is not UTF-8 but reads as GB18030 is read as GB18030)")  # fmt: skip
    p.add_argument("--engine", choices=("auto", "columns", "rows"), default="auto",
                   help="columns: numpy over many rows; rows: one profile at a time (default: columns when numpy is installed)")  # fmt: skip
    p.add_argument("--reader", choices=("auto", "arrow", "text"), default="auto",
                   help="CSV reader: arrow (columnar, pyarrow) or text (the stdlib's); default: arrow when installed and the file is UTF-8")  # fmt: skip
    p.add_argument("--chunk-size", type=_positive, default=16384, metavar="N", help="rows evaluated together (default: 16384)")
    p.add_argument("--strict", action="store_true", help="if any row is rejected: write nothing and exit with status 2")
    p.add_argument("--fail-on", choices=("rejected",), help="exit with status 1 if any row was rejected (the output is written)")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress, no per-row problems on stderr")
    p.set_defaults(run=cmd_batch)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of rows, at least 1; got {text!r}")
    return value


def _date(text: str):
    from .app import _date as parse

    return parse(text)


def cmd_batch(args: argparse.Namespace) -> int:
    from ..batch.output import write_batch
    from ..messages import said
    from .app import EXIT_OUTCOME, EXIT_INPUT, EXIT_OK, regimes_for

    regimes = regimes_for(args).select(args.regime)
    if not regimes:
        from ..batch.screen import NO_REGIME
        from ..errors import InputError

        raise InputError("batch", [NO_REGIME])
    shown = 0
    limit = 20
    progress = not args.quiet and sys.stderr.isatty()

    def on_error(problem: str) -> None:
        nonlocal shown
        shown += 1
        if not args.quiet and shown <= limit:
            if progress:
                sys.stderr.write("\r\x1b[K")
            print(f"clusterpolicy: {said(problem, args.lang)}", file=sys.stderr)

    def on_progress(rows: int) -> None:
        if progress:
            sys.stderr.write(f"\r{rows:,} rows…")
            sys.stderr.flush()

    summary = write_batch(
        "-" if args.input == "-" else args.input,
        args.out,
        regimes,
        as_of=args.as_of,
        engine=args.engine,
        chunk_size=args.chunk_size,
        in_format=args.in_format,
        out_format=args.out_format,
        encoding=args.encoding,
        reader=args.reader,
        lang=args.lang,
        strict=args.strict,
        on_error=on_error,
        on_progress=on_progress,
    )
    if progress:
        sys.stderr.write("\r\x1b[K")
    if shown > limit and not args.quiet:
        w = _WORDS[args.lang]
        print(f"clusterpolicy: … {shown - limit} {w['more']}", file=sys.stderr)
    stream = sys.stderr if args.out == "-" else sys.stdout
    if args.format == "json":
        from ..documents import dumps

        stream.write(dumps(summary.document()) + "\n")
    else:
        stream.write(summary_text(summary, args.lang, args.strict) + "\n")
    if args.strict and summary.rejected:
        return EXIT_INPUT
    return EXIT_OUTCOME if args.fail_on == "rejected" and summary.rejected else EXIT_OK


def summary_text(summary: Any, lang: str, strict: bool = False) -> str:
    from ..glossary import term
    from ..text import table

    w = _WORDS[lang]
    verdicts = ("eligible", "ineligible", "incomplete")
    head = (
        f"{w['rows']}: {summary.rows}  {w['evaluated']}: {summary.evaluated}  {w['rejected']}: {summary.rejected}"
        f"  ({summary.seconds:.2f} {w['seconds']})"
    )
    rows = [[rid, *(str(c[k]) for k in verdicts)] for rid, c in summary.by_regime.items()]
    lines = [head, table([w["regime"], *(term("overall", k, lang) if lang == "zh" else k for k in verdicts)], rows)]
    if summary.encoding not in ("utf-8", "utf-8-sig"):
        lines.append(f"{w['encoding']} {summary.encoding}")
    if summary.output:
        lines.append(f"{w['written']} {summary.output}")
    elif strict and summary.rejected:
        lines.append(w["nothing"])
    return "\n".join(lines)
