"""``clusterpolicy cases …``: typical-case collection (典型案例征集).

    clusterpolicy cases categories [--regime R]           categories and their sub-topics
    clusterpolicy cases calls [--regime R]                the collection calls: who, to whom, by when, what
    clusterpolicy cases check SUBMISSION --regime R       every problem of a submission, with its citation
    clusterpolicy cases package SUBMISSION… --regime R    each submitter's package: the once-per-package documents
    clusterpolicy cases suggest FILE|- [--regime R]       categories proposed for a case text, and why
    clusterpolicy cases summary SUBMISSION… --out FILE    the summary table (汇总表), CSV or .xlsx

Exit codes as everywhere: 0 the command ran (whatever the verdict; with ``check --fail-on problem``, 1
when the check found a problem), 2 bad input, 3 inconsistent plugins. ``clusterpolicy schema submission`` prints the submission's JSON Schema.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..cases.render import check_text, cite, package_text
from . import app as cli


def register(subparsers, common: argparse.ArgumentParser) -> None:

    p = subparsers.add_parser("cases", help="typical-case collection: categories, calls, submission checks, summary table")
    sub = p.add_subparsers(dest="cases_command", required=True, metavar="SUBCOMMAND")

    q = sub.add_parser("categories", parents=[common], help="list case categories and their sub-topics")
    q.add_argument("--regime", "-r", default="national", help="regime (default: national)")
    q.set_defaults(run=cmd_categories)

    q = sub.add_parser("calls", parents=[common], help="list collection calls: scope, submitters, deadline, documents")
    q.add_argument("--regime", "-r", default="national", help="regime (default: national)")
    q.set_defaults(run=cmd_calls)

    q = sub.add_parser("check", parents=[common], help="check a case submission against a regime's call")
    q.add_argument("submission", help="submission file (.toml or .json; - reads standard input)")
    q.add_argument("--regime", "-r", required=True, help="regime whose call the submission answers, e.g. anhui")
    q.add_argument(
        "--fail-on",
        choices=("problem", "unconfirmed"),
        help="exit with status 1 when the check finds a problem (problem), or a problem or a missing confirmation (unconfirmed); for scripts",
    )
    q.set_defaults(run=cmd_check)

    q = sub.add_parser(
        "package", parents=[common], help="check each submitter's package: the documents sent once per submitter (统一报送)"
    )
    q.add_argument("submissions", nargs="+", help="submission files (grouped by submitter)")
    q.add_argument("--regime", "-r", required=True, help="regime whose call the submissions answer, e.g. anhui")
    q.set_defaults(run=cmd_package)

    q = sub.add_parser("suggest", parents=[common], help="propose categories for a case text, with the terms that matched")
    q.add_argument("text", help="case text file (UTF-8), or - for standard input")
    q.add_argument("--regime", "-r", default="national", help="regime whose categories to use (default: national)")
    q.add_argument("--top", type=cli.count(), default=3, help="how many categories to show (default: 3; 0 = all that match)")
    q.set_defaults(run=cmd_suggest)

    q = sub.add_parser(
        "summary",
        parents=[common],
        help="write the summary table (汇总表) of several submissions: CSV (UTF-8 with BOM) or .xlsx",
    )
    q.add_argument("submissions", nargs="+", help="submission files")
    q.add_argument("--out", "-o", required=True, help="output file: .xlsx for a spreadsheet, anything else for CSV")
    q.add_argument("--regime", "-r", default="national", help="regime whose category titles to use (default: national)")
    q.add_argument("--columns", choices=("zh", "en"), default="zh", help="language of the table itself (default: zh)")
    q.set_defaults(run=cmd_summary)


def _document(kind: str, **content) -> dict:
    from ..documents import SCHEMA_VERSION

    return {"schema_version": SCHEMA_VERSION, "kind": kind, **content}


def cmd_categories(args: argparse.Namespace) -> int:
    from ..convert import unstructure

    regime = cli.regimes_for(args)[args.regime]
    items = []
    for r in regime.case_categories:
        items.append({**unstructure(r.rule), "origin": r.origin})

    def text() -> str:
        zh = args.lang == "zh"
        out = [f"{regime.jurisdiction.name(args.lang)} [{regime.id}]", ""]
        for r in regime.case_categories:
            c = r.rule
            open_ = ("(包括但不限于)" if zh else " (including but not limited to)") if c.open_ended else ""
            out.append(f"{c.number or '-'}. {c.id} — {c.title_zh} / {c.title_en}{open_}")
            for s in c.subtopics:
                out.append(f"     {s.id:<24} {s.title_zh if zh else s.title_en}")
            out.append(f"     [{cite(c.citation, c.provenance, r.origin, args.lang, regime.id)}]")
        return "\n".join(out)

    cli.emit(args, _document("case_categories", regime=regime.id, categories=items), text)
    return cli.EXIT_OK


def cmd_calls(args: argparse.Namespace) -> int:
    from ..convert import unstructure

    regime = cli.regimes_for(args)[args.regime]
    items = [{**unstructure(r.rule), "origin": r.origin, "replaces": r.replaces} for r in regime.case_calls]

    def text() -> str:
        zh = args.lang == "zh"
        out = [f"{regime.jurisdiction.name(args.lang)} [{regime.id}]"]
        for r in regime.case_calls:
            c = r.rule
            lv = (lambda xs: "、".join(x.zh for x in xs)) if zh else (lambda xs: ", ".join(x.value for x in xs))
            out += ["", f"{c.id} ({c.year}) — {c.title(args.lang)}"]
            if r.replaces:
                out.append(f"  {'取代' if zh else 'overrides'} {r.replaces} · {'发文' if zh else 'issued by'} {c.issued_by_zh} {c.issued or ''}")
            scope = lv(c.scope.levels) if c.scope.levels else ("未写明" if zh else "not stated")
            rows = [
                ("征集范围" if zh else "scope", scope, c.scope),
                ("报送主体" if zh else "submitted by", lv(c.route.levels) + " → " + (c.route.recipient_zh if zh else c.route.recipient_en), c.route),
                ("截止日期" if zh else "deadline", c.deadline.date.isoformat() + ("(含当日)" if zh and c.deadline.inclusive else " (the day itself on time)" if c.deadline.inclusive else ""), c.deadline),
            ]
            if c.category_rule is not None:
                closed = c.category_rule.closed
                rule_text = ("限于所列类别" if closed else "重点方向,其他方面也可报送") if zh else ("closed list" if closed else "a focus: others admissible")
                rows.append(("案例类别" if zh else "categories", rule_text, c.category_rule))
            for d in c.documents:
                lvl = f" [{d.level.zh if zh else d.level.value}]" if d.level else ""
                once = ("(每个报送单位一份)" if zh else " (once per package)") if d.per.value == "package" else ""
                rows.append(("材料" if zh else "document", f"{d.attachment or ''} {d.title_zh if zh else d.title_en}{lvl}{once}", d))
            for rule in c.content_rules:
                rows.append(("内容要求" if zh else "content", rule.title_zh if zh else rule.title_en, rule))
            if c.practices:
                rows.append(("典型做法" if zh else "practices", lv(c.practices.levels), c.practices))
            for label, value, part in rows:
                out.append(f"  {label}: {value}")
                out.append(f"      [{cite(part.citation, part.provenance, lang=args.lang)}]")
        return "\n".join(out)

    cli.emit(args, _document("case_calls", regime=regime.id, calls=items), text)
    return cli.EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from ..cases.check import check_submission
    from ..cases.submission import load_submission
    from ..convert import unstructure

    regime = cli.regimes_for(args)[args.regime]
    source = "<stdin>" if args.submission == "-" else args.submission
    submission = load_submission(args.submission)
    base = Path(".") if args.submission == "-" else Path(args.submission).parent
    report = check_submission(submission, regime, base_dir=base, source=source)
    cli.emit(args, lambda: _document("case_check", case_check=unstructure(report)), lambda: check_text(report, args.lang))
    failing = {"problem": {"problems"}, "unconfirmed": {"problems", "unconfirmed"}}.get(args.fail_on, set())
    return cli.EXIT_OUTCOME if report.verdict.value in failing else cli.EXIT_OK


def cmd_package(args: argparse.Namespace) -> int:
    from ..cases.package import check_packages
    from ..cases.submission import load_submission
    from ..convert import unstructure

    regime = cli.regimes_for(args)[args.regime]
    packages = check_packages([(p, load_submission(p)) for p in args.submissions], regime)
    cli.emit(args, lambda: _document("case_package", regime=regime.id, packages=unstructure(packages)), lambda: package_text(packages, args.lang))
    return cli.EXIT_OK


def cmd_suggest(args: argparse.Namespace) -> int:
    from ..cases.suggest import MAX_COUNT, suggest_categories
    from ..convert import unstructure
    from ..reading import read_text
    from ..errors import InputError

    regime = cli.regimes_for(args)[args.regime]
    source = "<stdin>" if args.text == "-" else args.text
    text = read_text(args.text, source)
    if not text.strip():
        raise InputError(source, ["the text is empty"])
    ranked = suggest_categories(text, regime)
    shown = ranked[: args.top] if args.top else ranked
    subtitles = {(c.rule.id, s.id): s for c in regime.case_categories for s in c.rule.subtopics}

    def text_out() -> str:
        zh = args.lang == "zh"
        if not shown:
            return "未匹配到任何类别的常用表述" if zh else "no category's terms found in the text"
        src = {"phrase": "通知原文" if zh else "notice phrase", "category": "类别名" if zh else "category title", "keyword": "关键词" if zh else "keyword"}
        out = [
            f"{'类别建议' if zh else 'Suggested categories'} ({regime.id}; "
            + (f"得分 = Σ 权重 × min(次数, {MAX_COUNT});原文 3、类别名 2、关键词 1" if zh else f"score = Σ weight × min(count, {MAX_COUNT}); phrase 3, category title 2, keyword 1")
            + ")"
        ]
        for n, s in enumerate(shown, start=1):
            out += ["", f"{n}. {s.category} — {s.title_zh} / {s.title_en}: {s.score}"]
            for m in s.matches:
                st = subtitles.get((s.category, m.subtopic or ""))
                under = f" → {st.title_zh if zh else st.title_en}" if st else ""
                out.append(f"     “{m.term}” ×{m.count} ({src[m.source]}, {m.weight}){under}  @{m.line}:{m.column}")
        return "\n".join(out)

    cli.emit(args, _document("case_suggestions", regime=regime.id, source=source, suggestions=unstructure(shown)), text_out)
    return cli.EXIT_OK


def cmd_summary(args: argparse.Namespace) -> int:
    from ..cases.submission import load_submission
    from ..cases.summary import SUMMARY_COLUMNS, write_summary

    regime = cli.regimes_for(args)[args.regime]
    submissions = [load_submission(p) for p in args.submissions]
    lang = args.columns
    out = write_summary(submissions, regime, args.out, lang=lang)
    fmt = "xlsx" if out.suffix.lower() == ".xlsx" else "csv"
    cli.emit(
        args,
        _document("case_summary", out=str(out), format=fmt, rows=len(submissions), columns=SUMMARY_COLUMNS[lang]),
        lambda: (f"已写入 {out}({len(submissions)} 行,{fmt})" if args.lang == "zh" else f"wrote {out} ({len(submissions)} row(s), {fmt})"),
    )
    return cli.EXIT_OK
