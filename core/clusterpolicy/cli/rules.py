"""Sub-commands for rules as data: ``diff``, ``export-rules``, ``check-rules``, ``new-jurisdiction``, ``sources``."""

from __future__ import annotations

import argparse
import copy
import json
import os
import sys
from pathlib import Path

from ..errors import InputError, did_you_mean, shorten
from ..glossary import term
from .app import EXIT_OK, emit, regimes_for


#: ``check-rules --help``: what it does, reads and prints (README, "Rules as data").
CHECK_RULES = (
    "Load TOML rule files (a directory: every .toml in it) with every load-time check a jurisdiction plugin gets, "
    "and print per file its jurisdiction, parent and what it declares (added, overridden, amended, removed), then "
    "what it takes over unchanged, does not inherit and rests on an interpretation. A mistake is named with its "
    "file and key path (exit status 3).\nExample: clusterpolicy check-rules examples/rules/"
)


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    # diff also writes Markdown: a copy of the common options with a wider --format.
    memo = copy.deepcopy(common)
    for action in memo._actions:
        if action.dest == "format":
            action.choices = ("text", "json", "md")
            action.help = "output format: text, json or md (a Markdown memo) (default: text)"
    p = subparsers.add_parser(
        "diff", parents=[memo], help="what regime B changes relative to regime A (added, removed, tightened, loosened …)"
    )
    p.add_argument("a", metavar="A", help="reference regime (jurisdiction id), e.g. national")
    p.add_argument("b", metavar="B", help="regime to describe, e.g. hainan")
    p.add_argument("--family", action="append", default=[], help="only this rule family (repeatable), e.g. criteria")
    p.add_argument("--out", help="write to this file instead of standard output")
    p.set_defaults(run=cmd_diff)

    p = subparsers.add_parser(
        "export-rules", parents=[common], help="write a jurisdiction's own declarations as a TOML rule file"
    )
    p.add_argument("jurisdiction", help="jurisdiction id, e.g. hainan")
    p.add_argument("--out", help="write to this file instead of standard output")
    p.set_defaults(run=cmd_export)

    p = subparsers.add_parser(
        "check-rules", parents=[common], description=CHECK_RULES, help="load TOML rule files with every load-time check and summarise them"
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="rule files (or directories of them)")
    p.set_defaults(run=cmd_check)

    p = subparsers.add_parser(
        "new-jurisdiction", parents=[common], help="scaffold a commented TOML rule file (or, with --python, a plugin package)"
    )
    p.add_argument("id", help="new jurisdiction id, e.g. zhejiang")
    p.add_argument("--parent", default="national", help="jurisdiction it inherits from (default: national)")
    p.add_argument("--level", default="provincial", choices=("national", "provincial", "city", "county"))
    p.add_argument("--name-zh", help="name in Chinese (default: a placeholder to edit)")
    p.add_argument("--name-en", help="name in English (default: a placeholder to edit)")
    p.add_argument("--out", help="write the TOML file here instead of standard output")
    p.add_argument("--python", metavar="DIR", help="instead, create a Python plugin package in DIR")
    p.add_argument("--force", action="store_true", help="replace files that already exist (default: refuse)")
    p.set_defaults(run=cmd_new)

    p = subparsers.add_parser(
        "sources", parents=[common], help="a regime's source documents and, with DOCUMENT, the text its rules cite"
    )
    p.add_argument("regime", help="regime (jurisdiction id), e.g. hainan")
    p.add_argument("document", nargs="?", help="a document id (as in a citation), e.g. 琼工信规〔2023〕4号: print its text")
    p.set_defaults(run=cmd_sources)


def _write(text: str, out: str | None, replace: bool = True) -> None:
    """Standard output, or the file ``out`` written atomically (:mod:`clusterpolicy.files`)."""
    if out:
        from ..files import write_text

        write_text(out, text, replace=replace)
    else:
        sys.stdout.write(text)


def cmd_diff(args: argparse.Namespace) -> int:
    from ..convert import unstructure
    from ..documents import SCHEMA_VERSION
    from ..regimes.diff import diff_regimes
    from ..regimes.memo import diff_markdown, diff_text
    from ..regimes.families import FAMILIES

    for fam in args.family:
        if fam not in FAMILIES:
            raise InputError("--family", [f"unknown family {shorten(fam)} (expected one of: {', '.join(FAMILIES)})"])
    regimes = regimes_for(args)
    result = diff_regimes(regimes[args.a], regimes[args.b])
    if args.family:
        import attrs

        result = attrs.evolve(
            result,
            changes=tuple(c for c in result.changes if c.family in args.family),
            unchanged={f: n for f, n in result.unchanged.items() if f in args.family},
        )
    if args.format == "json":
        text = json.dumps(
            {"schema_version": SCHEMA_VERSION, "kind": "diff", "diff": unstructure(result)}, ensure_ascii=False, indent=2
        ) + "\n"
    elif args.format == "md":
        text = diff_markdown(result, args.lang)
    else:
        text = diff_text(result, args.lang) + "\n"
    _write(text, args.out)
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from ..regimes.build import build_regimes
    from ..regimes.plugins import get_plugin_manager
    from ..regimes.rulefile import declarations, dump_rule_file

    pm = get_plugin_manager(blocked=args.block_plugin, rules=args.rules)
    build_regimes(pm)  # the declarations must pass the load-time checks before they are exported
    jurisdiction, changes = declarations(pm, args.jurisdiction)
    header = (
        f"Rule file for {jurisdiction.id}, exported by `clusterpolicy export-rules {jurisdiction.id}`.\n"
        "Load it with `clusterpolicy COMMAND --rules FILE`: it takes the place of the installed rule file it\n"
        "was exported from (from a Python plugin, add `--block-plugin PLUGIN`: one jurisdiction is declared once)."
    )
    if args.format == "json":
        from ..convert import unstructure
        from ..documents import SCHEMA_VERSION, dumps
        from ..regimes.rulefile import rule_file_data

        document = {"schema_version": SCHEMA_VERSION, "kind": "rule_file", "rule_file": unstructure(rule_file_data(jurisdiction, changes))}
        _write(dumps(document) + "\n", args.out)
        return EXIT_OK
    _write(dump_rule_file(jurisdiction, changes, header=header), args.out)
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from ..api import load_regimes
    from ..convert import unstructure
    from ..criteria.kinds import uses_own_level
    from ..documents import SCHEMA_VERSION
    from ..messages import said
    from ..regimes.families import FAMILIES
    from ..regimes.discovery import rule_paths
    from ..regimes.rulefile import load_rule_files
    from ..text import table

    files = rule_paths(args.files)
    # Given files: each takes the place of an installed rule file of its jurisdiction (regimes/plugins.py).
    # Every problem of every file, of its shape and of the load-time checks, is reported here at once.
    regimes = load_regimes(blocked=args.block_plugin, rules=[*args.rules, *files])
    loaded = load_rule_files(files)
    listing = []
    for path, rf in zip(files, loaded):
        r = regimes[rf.jurisdiction.id]
        listing.append(
            {
                "removed": [
                    {"family": x.family, "id": x.removal.id, "by": x.jurisdiction, "reason_zh": x.removal.reason_zh,
                     "reason_en": x.removal.reason_en, "citation": unstructure(x.removal.citation), "provenance": x.removal.provenance.value}
                    for x in r.removed
                ],  # fmt: skip
                "taken_over": {fam: [x.id for x in r.taken_over(fam)] for fam in FAMILIES if r.taken_over(fam)},
                "own_level": [x.id for x in r.criteria if uses_own_level(x.rule.check)],
                "amended": {fam: [x.id for x in getattr(r, fam) if x.amendments] for fam in FAMILIES if any(x.amendments for x in getattr(r, fam))},
                "not_inherited": {fam: [x.id for x in r.not_inherited if x.family == fam] for fam in FAMILIES if any(x.family == fam for x in r.not_inherited)},
                "inferred": {
                    fam: [x.id for x in getattr(r, fam) if x.rule.interpretation or any(a.interpretation for a in x.amendments)]
                    for fam in FAMILIES
                    if any(x.rule.interpretation or any(a.interpretation for a in x.amendments) for x in getattr(r, fam))
                },
                "file": str(path),
                "jurisdiction": rf.jurisdiction.id,
                "parent": rf.jurisdiction.parent,
                "declared": {
                    fam: {part: len(getattr(ch, part)) for part in ("add", "override", "amend", "remove")}
                    for fam, ch in rf.changes.items()
                },
                "in_force": {fam: len(getattr(r, fam)) for fam in FAMILIES},
                "notes": [
                    *(f"{n} (clusterpolicy sources cannot open it)" for n in rf.text_notes()),
                    *(f"checked in place of the installed plugin {x.plugin!r} ({x.source}), which also declares {x.jurisdiction!r}" for x in r.replaces),
                    *rf.percent_notes(r),
                    *rf.wording_notes(r, regimes.get(rf.jurisdiction.parent) if rf.jurisdiction.parent else None),
                ],
            }
        )

    def text() -> str:
        rows = []
        for item in listing:
            declared = "; ".join(
                f"{term('family', fam, args.lang)} +{d['add']} ~{d['override']} ±{d['amend']} -{d['remove']}"
                for fam, d in item["declared"].items()
            )
            rows.append([item["file"], item["jurisdiction"], item["parent"] or "—", declared or "—", str(item["in_force"]["criteria"])])
        ok = "OK: every file loads and passes the load-time checks" if args.lang == "en" else "通过:所有文件均可加载并通过加载检查"
        note = "注意:" if args.lang == "zh" else "note: "
        notes = [note + said(f"{item['file']}: {n}", args.lang) for item in listing for n in item["notes"]]
        heads = (
            ["文件", "制度", "上级", "声明(+新增 ~取代 ±修改 -删除)", "指标数"]
            if args.lang == "zh"
            else ["FILE", "JURISDICTION", "PARENT", "DECLARED (+add ~override ±amend -remove)", "CRITERIA"]
        )
        return "\n".join([table(heads, rows), ok, *_accepted(listing, args.lang), *([""] + notes if notes else [])])

    emit(args, {"schema_version": SCHEMA_VERSION, "kind": "rule_check", "files": listing}, text)
    return EXIT_OK


def _accepted(listing: list[dict], lang: str) -> list[str]:
    """What each file's jurisdiction accepts from its lineage as is, what it changes in part, what it
    does not inherit and what rests on its author's reading — so an official sees what they sign."""
    zh = lang == "zh"
    heads = {
        "taken_over": "原样承继(不加修改)" if zh else "taken over unchanged",
        "amended": "部分修改后承继" if zh else "inherited with parts changed (amend)",
        "not_inherited": "不承继(上级本级或程序性规定)" if zh else "not inherited (the parent's own level or procedure)",
        "inferred": "含解读" if zh else "resting on an interpretation",
    }
    own = "(按本制度层级理解)" if zh else " (read at this regime's own level)"
    out = []
    for item in listing:
        lines = [
            f"  {heads[key]} — {term('family', fam, lang)}: {', '.join(i + (own if i in item['own_level'] else '') for i in ids)}"
            for key in heads
            for fam, ids in item[key].items()
        ]
        for x in item["removed"]:  # each with its reason and article: what signing the file accepts
            c = x["citation"]
            cite = f"{c['document']} {c['item'] if c.get('item') is not None else term('citation', 'item_unknown', lang)}"
            by = "" if x["by"] == item["jurisdiction"] else (f"(由 {x['by']})" if zh else f" (by {x['by']})")
            lines.append(
                f"  {'删除' if zh else 'removed'}{by} — {term('family', x['family'], lang)}: {x['id']}: "
                f"{x['reason_zh'] if zh else x['reason_en']} [{cite} · {term('provenance', x['provenance'], lang)}]"
            )
        if lines:
            out += ["", f"{item['file']} ({item['jurisdiction']}):", *lines]
    return out


def cmd_new(args: argparse.Namespace) -> int:
    from ..errors import FieldValueError
    from ..model import Jurisdiction, Level
    from ..regimes.scaffold import python_package, toml_template

    try:
        Jurisdiction(id=args.id, name_zh="x", name_en="x", level=Level(args.level), parent=args.parent)
    except FieldValueError as exc:
        raise InputError("new-jurisdiction", [f"id: {exc.message}"]) from None
    if args.parent == args.id:
        raise InputError("--parent", [f"{shorten(args.parent)} is the new jurisdiction itself: name the jurisdiction it inherits from"])
    # The parent is one of the loaded jurisdictions; loading notes every rule file in use, which a
    # blank scaffold never replaces, --force or not.
    known = regimes_for(args)
    if args.parent is not None and args.parent not in known:
        raise InputError("--parent", [f"no jurisdiction {shorten(args.parent)} is loaded{did_you_mean(args.parent, list(known))} (known: {', '.join(known)}; one of a rule file: add --rules FILE)"])
    if args.python:
        written = python_package(Path(args.python), args.id, args.parent, args.level, args.name_zh, args.name_en, replace=args.force)
        for path in written:
            print(path)
        return EXIT_OK
    if args.out and not args.force and os.path.lexists(args.out) and not os.path.isdir(args.out):
        raise InputError(args.out, ["already exists (use --force to replace it)"])
    _write(toml_template(args.id, args.parent, args.level, args.name_zh, args.name_en), args.out, replace=args.force)
    return EXIT_OK


def cmd_sources(args: argparse.Namespace) -> int:
    from ..convert import unstructure
    from ..documents import SCHEMA_VERSION
    from ..text import table

    regime = regimes_for(args)[args.regime]
    files = regime.texts()
    regimes = regimes_for(args)
    docs = [(j, d) for j in regime.lineage for d in regimes[j].jurisdiction.sources]
    if args.document is not None:
        known = [d.id for _, d in docs]
        if args.document not in known:
            raise InputError("sources", [f"{shorten(args.regime)} has no source document {shorten(args.document)} (known: {', '.join(known)}; one of a rule file: add --rules FILE)"])
        if args.document not in files:
            declared = dict(regime.source_files).get(args.document)
            if declared is not None and os.path.exists(declared):
                raise InputError(declared, [f"is not a file (the source text of {shorten(args.document)})"])
            if declared is not None:
                raise InputError(declared, [f"file not found (the source text of {shorten(args.document)})"])
            raise InputError("sources", [f"no text of {shorten(args.document)} is shipped with {shorten(args.regime)}'s plugins"])
        text = regime.source_text(args.document)
        emit(args, {"schema_version": SCHEMA_VERSION, "kind": "source_text", "document": args.document, "path": files[args.document], "text": text}, lambda: text.rstrip("\n"))
        return EXIT_OK
    listing = [{"jurisdiction": j, **unstructure(d), "path": files.get(d.id)} for j, d in docs]
    zh = args.lang == "zh"

    def provenance(x: dict) -> str:
        """The words' provenance, and the number's or date's where the file does not show them."""
        extra = [f"{label}: {x[key]}" for key, label in (("number_provenance", "号" if zh else "number"), ("issued_provenance", "日期" if zh else "date")) if x[key]]
        return x["provenance"] + (f" ({'; '.join(extra)})" if extra else "")

    def issued(x: dict) -> str:
        if x["issued"]:
            return x["issued"]
        return (f"不详(现有文本 {x['copy_dated']})" if zh else f"unknown (copy {x['copy_dated']})") if x["copy_dated"] else "—"

    def text() -> str:
        rows = [[x["jurisdiction"], x["id"], x["title_zh"] if zh else x["title_en"], issued(x), provenance(x), x["path"] or "—"] for x in listing]
        heads = ["制度", "文件", "标题", "印发", "来源", "原文"] if zh else ["REGIME", "DOCUMENT", "TITLE", "ISSUED", "PROVENANCE", "TEXT"]
        return table(heads, rows)

    emit(args, {"schema_version": SCHEMA_VERSION, "kind": "sources", "regime": regime.id, "sources": listing}, text)
    return EXIT_OK
