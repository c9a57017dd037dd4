"""What ``clusterpolicy compare`` imports when it starts: what comparing needs, nothing the command
does not use (issue 10: a cold compare takes at most twice ``import attrs, cattrs, pluggy``;
``benchmarks/run.py`` measures the time, this test keeps the savings from coming undone)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

STRONG = Path(__file__).resolve().parents[1] / "examples" / "strong-national.toml"

#: Modules a text comparison from a warm regime cache never imports: other families and ways in,
#: building regimes (pluggy, rule files), JSON and the schema machinery, signal handling.
NOT_IMPORTED = (
    "clusterpolicy.lifecycle", "clusterpolicy.cases", "clusterpolicy.pathways", "clusterpolicy.http", "clusterpolicy.batch",
    "clusterpolicy.regimes.plugins", "clusterpolicy.regimes.rulefile", "clusterpolicy.regimes.diff", "clusterpolicy.hookspecs",
    "clusterpolicy.documents", "clusterpolicy.schema", "clusterpolicy.shapes", "clusterpolicy.criteria.columns",
    "clusterpolicy.criteria.flat", "clusterpolicy.criteria.whatif", "clusterpolicy.cli.rules", "clusterpolicy.cli.lifecycle",
    "pluggy", "importlib.metadata", "json", "signal", "hashlib",
)  # fmt: skip


def _modules_after(*argv: str) -> set[str]:
    """The modules loaded once ``main(argv)`` has run, from a warm regime cache."""
    code = (
        "import contextlib, io, sys\n"
        "from clusterpolicy.cli.app import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    code = main({list(argv)!r})\n"
        "loaded = sorted(sys.modules)\n"
        "import json\n"
        "print(json.dumps([code, loaded]))\n"
    )
    for _ in range(2):  # the first run fills the regime cache (tests/conftest.py points it at a temporary folder)
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    code, loaded = json.loads(out)
    assert code == 0
    return set(loaded)


def _imported(loaded: set[str], prefix: str) -> list[str]:
    return sorted(m for m in loaded if m == prefix or m.startswith(prefix + "."))


def test_a_text_comparison_imports_only_what_comparing_needs():
    loaded = _modules_after("compare", str(STRONG))
    assert "clusterpolicy.criteria.evaluate" in loaded and "clusterpolicy.regimes.cache" in loaded
    assert {p: _imported(loaded, p) for p in NOT_IMPORTED if _imported(loaded, p)} == {}


def test_json_output_imports_the_json_document_machinery():
    loaded = _modules_after("compare", str(STRONG), "--format", "json")
    assert {"json", "clusterpolicy.documents"} <= loaded
    assert _imported(loaded, "pluggy") == [] and _imported(loaded, "clusterpolicy.lifecycle") == []


def _run_command(prelude: str, *argv: str) -> subprocess.CompletedProcess:
    """``clusterpolicy.cli.run()`` (what the console script and ``python -m clusterpolicy`` call) after ``prelude``."""
    code = f"import sys\n{prelude}\nfrom clusterpolicy.cli import run\nsys.argv[1:] = {list(argv)!r}\nrun()\n"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)


def test_the_command_ends_without_tearing_the_interpreter_down():
    teardown = "class Witness:\n    def __del__(self):\n        sys.stderr.write('torn down\\n')\nwitness = Witness()"
    done = _run_command(teardown, "compare", str(STRONG))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("宁波市北仑区模具产业集群(示例) (as of 2025-05-20)\n") and done.stdout.endswith("\n")
    assert "torn down" not in done.stderr  # the process ended at once, output complete
    usage = _run_command(teardown, "compare", str(STRONG), "--as-of", "soon")
    assert usage.returncode == 2 and "--as-of" in usage.stderr  # errors exit with their code, as before


def test_an_exit_handler_or_a_thread_left_running_gets_the_usual_exit():
    handler = _run_command("import atexit\natexit.register(lambda: sys.stderr.write('handler ran\\n'))", "compare", str(STRONG))
    assert handler.returncode == 0 and handler.stderr == "handler ran\n"
    thread = _run_command(
        "import threading, time\nthreading.Thread(target=lambda: (time.sleep(0.5), sys.stderr.write('thread done\\n'))).start()",
        "compare", str(STRONG),
    )  # fmt: skip
    assert thread.returncode == 0 and thread.stderr == "thread done\n"


def test_the_chinese_help_is_loaded_only_to_print_help():
    """Neither the table of Chinese help nor its formatter is imported by a command that prints no help,
    in Chinese (most users) or English; ``--help`` imports them (so this test can fail)."""
    help_modules = ("clusterpolicy.cli.helpzh", "clusterpolicy.messages.help")
    for argv in (("compare", str(STRONG)), ("compare", str(STRONG), "--lang", "zh"), ("--lang", "zh", "compare", str(STRONG))):
        assert [m for m in help_modules if m in _modules_after(*argv)] == [], argv
    code = (
        "import contextlib, io, json, sys\n"
        "from clusterpolicy.cli.app import main\n"
        "for argv in (['--version'], ['compare', '--help', '--lang', 'zh']):\n"
        "    with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        "        main(argv)\n"
        f"    print(json.dumps([m for m in {list(help_modules)!r} if m in sys.modules]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert [json.loads(line) for line in out.splitlines()] == [[], list(help_modules)]
