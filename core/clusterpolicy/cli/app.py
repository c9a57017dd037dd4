"""The ``clusterpolicy`` command line.

Exit codes: 0 the command ran (whatever the verdict); 1 the outcome a ``--fail-on`` option names was
found (``cases check --fail-on problem``); 2 bad input or usage (a profile, an option,
an unknown regime); 3 the plugins or rule data are inconsistent; 70 an internal error (a bug: the
message says how to get the traceback). Errors go to stderr as one readable message, never a
traceback. Every command takes ``--format text|json`` and ``--lang zh|en`` (default: from the locale);
output is UTF-8 to files and pipes and never fails on a console's encoding (:mod:`.console`).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any, NoReturn

from ..errors import ClusterPolicyError, shorten
from ..files import Terminated, inputs_kept, remove_partials
from .console import default_lang

#: EXIT_OUTCOME: the command ran, and the outcome ``--fail-on`` asked about occurred (a problem
#: found by ``cases check``, a batch row rejected).
EXIT_OK, EXIT_OUTCOME, EXIT_INPUT, EXIT_LOAD, EXIT_INTERNAL = 0, 1, 2, 3, 70
DEBUG_ENV = "CLUSTERPOLICY_DEBUG"

#: Modules adding further sub-commands (each has ``register(subparsers, common)``), with the commands
#: they add: a run imports the one module its command needs; help and errors import them all.
COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "clusterpolicy.cli.serve": ("serve",),
    "clusterpolicy.cli.rules": ("diff", "check-rules", "export-rules", "new-jurisdiction", "sources"),
    "clusterpolicy.cli.cases": ("cases",),
    "clusterpolicy.cli.lifecycle": ("timeline", "status", "quota"),
    "clusterpolicy.cli.batch": ("batch",),
    "clusterpolicy.cli.pathway": ("pathway", "whatif"),
}



def run() -> NoReturn:
    """The ``clusterpolicy`` command (the console script, ``python -m clusterpolicy``): :func:`main`, then
    the process ends at once if nothing is left to do at exit (the output flushed, no exit handler
    registered, no other thread running). The interpreter's teardown, freeing every module, class and
    object one by one, took a sixth of ``clusterpolicy compare`` and does nothing for the user; when
    something is left to do, the interpreter exits as usual."""
    import atexit
    import threading

    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a failing or closed stream: the usual exit reports it as it does
        sys.exit(code)
    handlers = getattr(atexit, "_ncallbacks", None)  # CPython's count of exit handlers
    if handlers is not None and handlers() == 0 and threading.active_count() == 1:
        os._exit(code)
    sys.exit(code)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    _Parser.lang = _asked_lang(argv)
    try:
        return _main(argv)
    finally:  # a run in process (an embedder's, a test's) leaves no language to the parsers built after it
        _Parser.lang = "en"


def _main(argv: list[str]) -> int:
    from .console import configure_streams

    configure_streams()
    parser = build_parser(_command_of(argv))
    if not argv or argv in (["--lang", _Parser.lang], [f"--lang={_Parser.lang}"]):  # a newcomer typing the name: the help, not a usage error
        parser.print_help()
        return EXIT_OK
    args = parser.parse_args(argv)
    try:
        with inputs_kept():  # no output replaces a file the command reads
            code = args.run(args)
        sys.stdout.flush()  # a full disk shows here, not in the interpreter's flush at exit
        return code
    except ClusterPolicyError as exc:
        lang = getattr(args, "lang", "en")
        print(error_line(exc.text(lang), lang), file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:  # e.g. piped into `head`
        sys.stderr.close()
        return EXIT_OK
    except OSError as exc:
        if not _stdout_failed(exc):
            return _internal(exc)
        from ..messages import said

        lang = getattr(args, "lang", "en")
        print(error_line(said(f"cannot write standard output: {exc.strerror or exc}", lang), lang), file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        return 130
    except Terminated as exc:  # SIGTERM / SIGHUP while writing
        remove_partials()  # those not yet reached by the writer's own clean-up (a signal as one was made)
        return 128 + exc.signum
    except Exception as exc:
        return _internal(exc)


def error_line(text: str, lang: str, prog: str = "clusterpolicy") -> str:
    """How every error the command line prints reads: ``clusterpolicy: error: text``, its word in
    ``lang`` (``clusterpolicy: 错误:text``); a usage error's ``prog`` names the command."""
    return f"{prog}: {'错误:' if lang == 'zh' else 'error: '}{text}"


def _command_of(argv: list[str]) -> str | None:
    """The command's name: the first argument, after a ``--lang`` given before it (for :func:`build_parser`)."""
    rest = argv[2:] if argv[:1] == ["--lang"] else argv[1:] if argv[:1] and argv[0].startswith("--lang=") else argv
    return rest[0] if rest else None


def _internal(exc: Exception) -> int:
    """A bug: say so plainly, keep the traceback for those who ask."""
    if os.environ.get(DEBUG_ENV):
        raise exc
    print(
        f"clusterpolicy: internal error: {type(exc).__name__}: {exc}\n"
        f"(this is a bug; set {DEBUG_ENV}=1 to see the traceback and please report it)",
        file=sys.stderr,
    )
    return EXIT_INTERNAL


def _stdout_failed(exc: OSError) -> bool:
    """Whether ``exc`` is standard output that cannot be written (``> /dev/full``, a quota): an
    ``OSError`` that names no file (every file read or written becomes an :class:`InputError`).
    If so, stdout is pointed at the null device, so that the interpreter's flush at exit does not
    fail again with a traceback."""
    import errno

    if exc.filename is not None or exc.errno not in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO):
        return False
    try:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, sys.stdout.fileno())
        os.close(fd)
    except (OSError, AttributeError, ValueError):  # no file descriptor (a stream set by a test)
        pass
    with contextlib.suppress(OSError):
        sys.stdout.flush()
    return True


#: The most characters of an offending value a usage error quotes.
QUOTED_AT_MOST = 80


def _columns() -> int:
    """The terminal's width as ``shutil.get_terminal_size`` reads it, without importing shutil
    (argparse would, for every argument added: a cost at every start)."""
    try:
        return int(os.environ["COLUMNS"]) or 80
    except (KeyError, ValueError):
        pass
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80
    except (AttributeError, ValueError, OSError):
        return 80


class _Formatter(argparse.HelpFormatter):
    def __init__(self, prog: str) -> None:
        super().__init__(prog, width=_columns() - 2)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        """Each line of a description filled on its own: its example stays on a line of its own."""
        return "\n".join(super(_Formatter, self)._fill_text(line, width, indent) for line in text.split("\n"))


def _asked_lang(argv: list[str]) -> str:
    """The language ``argv`` asks for (``--lang zh``, ``--lang=zh``, anywhere; the last one, as argparse
    reads it), else the locale's: for help and usage errors, found before the arguments are parsed."""
    asked = default_lang()
    for i, arg in enumerate(argv):
        value = argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else arg.removeprefix("--lang=") if arg.startswith("--lang=") else None
        if value in ("zh", "en"):
            asked = value
    return asked


class _Parser(argparse.ArgumentParser):
    """Usage errors quote an offending value cut to :data:`QUOTED_AT_MOST` characters: a megabyte
    pasted as an option's value is not echoed back. Help is formatted to the terminal's width. Errors,
    help and usage lines are in Chinese when the command asks for it (``lang``, set by :func:`main`;
    :mod:`.helpzh`)."""

    lang = "en"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def format_help(self) -> str:
        return self._in_lang(super().format_help)

    def format_usage(self) -> str:
        return self._in_lang(super().format_usage)

    def _in_lang(self, format: Callable[[], str]) -> str:
        """``format()`` with the formatter of ``lang``: imported only when help or usage is printed in
        Chinese (argparse makes a formatter for every argument added, too)."""
        if self.lang != "zh":
            return format()
        import functools

        from .helpzh import Formatter

        english, self.formatter_class = self.formatter_class, functools.partial(Formatter, width=_columns() - 2)
        try:
            return format()
        finally:
            self.formatter_class = english

    def error(self, message: str) -> NoReturn:
        import re

        def shorter(m: re.Match) -> str:
            quote, value = m.group(0)[0], m.group(0)[1:-1]
            return f"{quote}{value[:QUOTED_AT_MOST]}…{quote} ({len(value):,} characters)"

        from ..messages import said

        long = QUOTED_AT_MOST + 1
        message = said(re.sub(rf"'[^']{{{long},}}'|\"[^\"]{{{long},}}\"", shorter, message), self.lang)
        self.print_usage(sys.stderr)  # then argparse's own line, its word in the language asked for
        self.exit(EXIT_INPUT, error_line(message, self.lang, self.prog) + "\n")


#: ``evaluate --help``: what it does, reads and prints (README, "Sample output").
EVALUATE = (
    "Evaluate a cluster profile under one regime and print a table of every criterion: its status, the requirement, "
    "the measured value, the margin and the article it rests on; then the reasons for what did not pass, what rests "
    "on an interpretation, the parent's criteria the regime removes or does not inherit, the missing inputs and the "
    "result.\nExample: clusterpolicy evaluate examples/strong-national.toml -r national"
)
#: ``compare --help``: what it does, reads and prints (README, "Sample output").
COMPARE = (
    "Evaluate a cluster profile under several regimes (default: all) and print criterion rows × regime columns, "
    "each status with its margin (Δ: the status or requirement differs; ±: the criterion exists in some regimes "
    "only); then each regime's reason and article for every row that differs or that a regime does not find met, "
    "and each regime's result (*: it rests on declarations or a claimed waiver).\nExample: clusterpolicy compare "
    "examples/hainan-only.toml -r national -r hainan"
)

#: The commands defined in this module.
BUILT_IN_COMMANDS = ("regimes", "evaluate", "compare", "schema", "plugins")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; with ``command``, only that command's sub-parser is built and only the
    module that adds it is imported (an unknown or missing command gets every one, so help lists
    them all)."""
    common = _Parser(add_help=False)
    common.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    common.add_argument(  # the default is the top parser's: a --lang before the command stays
        "--lang", choices=("zh", "en"), default=argparse.SUPPRESS, help="language of text output (default: from the locale, zh under LANG=zh_*; else en)"
    )
    common.add_argument(
        "--block-plugin", action="append", default=[], metavar="NAME", help="do not load this plugin (repeatable)"
    )
    common.add_argument(
        "--rules",
        action="append",
        default=[],
        metavar="FILE",
        help="load a TOML rule file (or a directory of them) as a jurisdiction plugin (repeatable); "
        "see also $CLUSTERPOLICY_RULES_DIR",
    )

    parser = _Parser(
        prog="clusterpolicy",
        description="Evaluate SME characteristic industrial clusters (中小企业特色产业集群) under national and provincial regimes.",
        epilog="Exit codes: 0 ran; 1 the outcome named by --fail-on was found; 2 bad input or usage; 3 inconsistent plugins/rules; 70 internal error.",
    )
    parser.add_argument("--version", action=_Version, help="print the version and exit")
    parser.add_argument(
        "--lang", choices=("zh", "en"), default=default_lang(), help="language of the help and messages (default: from the locale, zh under LANG=zh_*; else en)"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    needed = [m for m, commands in COMMAND_MODULES.items() if command in commands]
    everything = command not in BUILT_IN_COMMANDS and not needed
    if everything:
        needed = list(COMMAND_MODULES)

    def wanted(name: str) -> bool:  # each sub-parser costs argparse's message lookups: only the one run
        return everything or name == command

    if wanted("regimes"):
        p = sub.add_parser("regimes", parents=[common], help="list jurisdictions, parents, sources, rule counts")
        p.set_defaults(run=cmd_regimes)

    if wanted("evaluate"):
        p = sub.add_parser("evaluate", parents=[common], description=EVALUATE, help="evaluate a cluster profile under one regime")
        add_profile(p)
        p.add_argument("--regime", "-r", required=True, help="regime (jurisdiction id), e.g. national")
        p.add_argument("--as-of", type=_date, help="assessment date YYYY-MM-DD (default: the profile's, else today)")
        p.set_defaults(run=cmd_evaluate)

    if wanted("compare"):
        p = sub.add_parser("compare", parents=[common], description=COMPARE, help="evaluate a cluster under several regimes side by side")
        add_profile(p)
        p.add_argument("--regime", "-r", action="append", default=[], help="regime to include (repeatable; default: all)")
        p.add_argument("--as-of", type=_date, help="assessment date YYYY-MM-DD (default: the profile's, else today)")
        p.set_defaults(run=cmd_compare)

    if wanted("schema"):
        p = sub.add_parser("schema", parents=[common], help="print the JSON Schema of the cluster profile (or of another input)")
        p.add_argument("document", nargs="?", default="profile", help="which input: profile (default), submission, …")
        p.set_defaults(run=cmd_schema)

    if wanted("plugins"):
        p = sub.add_parser("plugins", parents=[common], help="list loaded plugins, where they come from and their hooks")
        p.set_defaults(run=cmd_plugins)

    for name in needed:
        importlib.import_module(name).register(sub, common)
    return parser


class _Version(argparse.Action):
    """``--version``: read from the installed metadata only when asked (its import costs ~30 ms)."""

    def __init__(self, option_strings, dest, **kwargs):
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None):
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version("clusterpolicy")
        except PackageNotFoundError:  # pragma: no cover - running from a source tree
            number = "unknown (not installed)"
        print(f"clusterpolicy {number}")
        parser.exit()


def _date(text: str) -> date:
    """``--as-of``: YYYY-MM-DD within the supported dates (:mod:`clusterpolicy.limits`)."""
    from ..limits import LimitError, option_date

    try:
        return option_date(text)
    except LimitError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def count(what: str = "a whole number", maximum: int = 10**9, minimum: int = 0) -> Callable[[str], int]:
    """An argparse type for counts (``--top``, ``--soon``): ASCII digits, ``minimum`` to ``maximum``."""

    def parse(text: str) -> int:
        from ..limits import LimitError, option_count

        try:
            return option_count(text, what, maximum, minimum)
        except LimitError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    return parse


# --- helpers shared by commands ----------------------------------------------------------------


def regimes_for(args: argparse.Namespace):
    """Build all regimes for this invocation (plugins discovered once). A rule file given with
    ``--rules`` that takes the place of an installed one says so on standard error."""
    from ..api import load_regimes

    regimes = load_regimes(blocked=args.block_plugin, rules=getattr(args, "rules", ()))
    for regime in regimes.values():
        for x in regime.replaces:
            from ..messages import said

            print(f"clusterpolicy: {'注意:' if args.lang == 'zh' else 'note: '}{said(x.note(), args.lang)}", file=sys.stderr)
    return regimes


def add_profile(p: argparse.ArgumentParser) -> None:
    """A command's profile argument and the ``--encoding`` of its file (read by :func:`profile_for`)."""
    p.add_argument("profile", help="profile file (.toml or .json; - reads standard input)")
    p.add_argument("--encoding", metavar="NAME",
                   help="encoding of the profile file, e.g. gb18030 for one a Chinese Windows editor saved (default: UTF-8, with or without BOM)")  # fmt: skip


def profile_for(args: argparse.Namespace, regimes: Any):
    """The profile of ``args.profile`` (in ``args.encoding``); a dotted rule id of a loaded regime
    written unquoted under ``[declarations.<regime>]`` is told as such."""
    from ..api import load_profile
    from ..errors import InputError
    from ..reading import SAVE_AS_UTF8

    try:
        return load_profile(args.profile, rule_ids={jid: [c.id for c in r.criteria] for jid, r in regimes.items()}, encoding=args.encoding)
    except InputError as exc:  # not UTF-8: the option that reads it as it is
        if len(exc.problems) == 1 and exc.problems[0].endswith(": " + SAVE_AS_UTF8):
            raise InputError(exc.source, [exc.problems[0] + ", or name its encoding: --encoding gb18030"]) from None
        raise


@contextlib.contextmanager
def profile_named(path: str) -> Iterator[None]:
    """Errors about the profile's declarations, found while evaluating, name the profile's file."""
    from ..criteria.evaluate import PROFILE_SOURCE
    from ..errors import InputError

    try:
        yield
    except InputError as exc:
        if exc.source != PROFILE_SOURCE:
            raise
        raise InputError("<stdin>" if path == "-" else path, exc.problems) from None


def emit(
    args: argparse.Namespace, document: dict[str, Any] | Callable[[], dict[str, Any]] | None, text: Callable[[], str]
) -> None:
    """Print the JSON document or the text rendering, as ``--format`` asks. ``document`` may be a
    function, so that a long result is turned into JSON only when JSON is asked for."""
    if args.format == "json":
        from ..documents import dumps

        sys.stdout.write(dumps(document() if callable(document) else document) + "\n")
    else:
        from ..text import visible  # a profile's text may hold control characters: shown, not acted on

        sys.stdout.write(visible(text()) + "\n")


def as_json(result: Any) -> Callable[[], dict[str, Any]]:
    """For :func:`emit`: the versioned JSON document of a result, made only when JSON is asked for (text
    output imports neither the converter's unstructuring nor the json module)."""

    def document() -> dict[str, Any]:
        from ..documents import to_json

        return to_json(result)

    return document


# --- commands ----------------------------------------------------------------------------------


def cmd_regimes(args: argparse.Namespace) -> int:
    from ..api import regimes_document
    from ..criteria.render import WORDS
    from ..glossary import term
    from ..text import table

    document = regimes_document(regimes_for(args))  # shared with GET /api/regimes
    listing = document["regimes"]

    def text() -> str:
        w = WORDS[args.lang]
        rows = []
        for item in listing:
            c = item["criteria_by_provenance"]
            rows.append(
                [
                    item["id"],
                    item["name_zh"] if args.lang == "zh" else item["name_en"],
                    term("level", item["level"], args.lang),
                    item["parent"] or "—",
                    f"{c['text']}/{c['secondary']}/{c['unknown']}",
                    str(sum(item["inferred"].values())),
                    str(len(item["declarable"])),
                    str(sum(item["taken_over"].values())),
                    "; ".join(s["id"] for s in item["sources"]),
                ]
            )
        heads = [w["regime"], "", w["level"], w["parent"], w["rules"], w["inferred"], w["declarable"], w["taken_over"], w["sources"]]
        return table(heads, rows)

    emit(args, document, text)
    return EXIT_OK


def cmd_evaluate(args: argparse.Namespace) -> int:
    from ..criteria.render import assessment_text

    regimes = regimes_for(args)
    regime = regimes[args.regime]
    profile = profile_for(args, regimes)
    with profile_named(args.profile):
        regimes.check_declarations(profile)
        assessment = regime.evaluate(profile, args.as_of)
    emit(args, as_json(assessment), lambda: assessment_text(assessment, args.lang))
    return EXIT_OK


def cmd_compare(args: argparse.Namespace) -> int:
    from ..api import compare
    from ..criteria.render import comparison_text

    regimes = regimes_for(args)
    selected = regimes.select(args.regime)
    profile = profile_for(args, regimes)
    with profile_named(args.profile):
        regimes.check_declarations(profile)
        result = compare(profile, selected, args.as_of)
    emit(args, as_json(result), lambda: comparison_text(result, args.lang))
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    import json

    from ..documents import INPUTS, OUTPUTS
    from ..errors import InputError
    from ..schema import schema_of

    document = getattr(args, "document", "profile")
    if document not in INPUTS and document not in OUTPUTS:
        raise InputError("schema", [f"unknown document {shorten(document)} (known: {', '.join([*INPUTS, *OUTPUTS])})"])
    schema = schema_of(document)
    json.dump(schema, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return EXIT_OK


def cmd_plugins(args: argparse.Namespace) -> int:
    from ..documents import SCHEMA_VERSION
    from ..regimes.plugins import get_plugin_manager
    from ..text import table

    pm = get_plugin_manager(blocked=args.block_plugin, rules=args.rules)
    listing = []
    for name, plugin in sorted(pm.list_name_plugin()):
        hooks = sorted(h.name for h in pm.get_hookcallers(plugin) or ())
        listing.append({"name": name, "source": pm.source(name), "hooks": hooks})
    emit(
        args,
        {"schema_version": SCHEMA_VERSION, "kind": "plugins", "plugins": listing},
        lambda: table(["PLUGIN", "SOURCE", "HOOKS"], [[p["name"], p["source"], ", ".join(p["hooks"])] for p in listing]),
    )
    return EXIT_OK
