"""The code attrs and cattrs generate for clusterpolicy's classes is compiled once, then read back."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from clusterpolicy import codecache

STRONG = Path(__file__).resolve().parents[1] / "examples" / "strong-national.toml"
TABLE = f"generated-code-{sys.implementation.cache_tag}.marshal"

#: Runs ``compare`` as the command line does and prints how many generated sources it compiled.
CHILD = (
    "import builtins, contextlib, io, sys\n"
    "compiled = []\n"
    "real = builtins.compile\n"
    "def counting(source, filename, *args, **kwargs):\n"
    "    if 'generated' in filename and ' clusterpolicy.' in filename:\n"
    "        compiled.append(filename)\n"
    "    return real(source, filename, *args, **kwargs)\n"
    "builtins.compile = counting\n"
    "from clusterpolicy import codecache\n"
    "from clusterpolicy.cli.app import main\n"
    "out = io.StringIO()\n"
    "with contextlib.redirect_stdout(out):\n"
    f"    assert main(['compare', {str(STRONG)!r}]) == 0\n"
    "codecache.save()\n"
    "print(len(compiled), len(out.getvalue()))\n"
)


def _compare(cache: Path, **env: str) -> tuple[int, int]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD], capture_output=True, text=True, check=True,
        env={**__import__("os").environ, "CLUSTERPOLICY_CACHE_DIR": str(cache), **env},
    )  # fmt: skip
    compiled, length = map(int, done.stdout.split())
    return compiled, length


def test_a_second_run_compiles_no_generated_code(tmp_path):
    first, length = _compare(tmp_path)
    assert first > 40 and (tmp_path / TABLE).is_file()  # every class's __init__, the profile's structure functions
    assert _compare(tmp_path) == (0, length)  # the same output, nothing compiled


def test_a_corrupt_or_foreign_table_is_ignored_and_replaced(tmp_path):
    _, length = _compare(tmp_path)
    for garbage in (b"not a table", codecache._HEADER + b"\x00garbage", b"clusterpolicy generated code 1\x002.7.18\x000\n"):
        (tmp_path / TABLE).write_bytes(garbage)
        compiled, again = _compare(tmp_path)
        assert compiled > 40 and again == length
        assert (tmp_path / TABLE).read_bytes().startswith(codecache._HEADER)


def test_no_cache_keeps_no_table(tmp_path):
    compiled, _ = _compare(tmp_path / "cache", CLUSTERPOLICY_NO_CACHE="1")
    assert compiled > 40 and not (tmp_path / "cache").exists()


def test_only_sources_generated_for_clusterpolicy_are_kept_and_each_source_has_its_own_code():
    ours = "<attrs generated methods clusterpolicy.demo.Demo>"
    one = codecache.compile_generated("def f():\n    return 1\n", ours, "exec")
    two = codecache.compile_generated("def f():\n    return 2\n", ours, "exec")
    assert one is not two and one is codecache.compile_generated("def f():\n    return 1\n", ours, "exec")
    namespace: dict = {}
    exec(two, namespace)
    assert namespace["f"]() == 2
    theirs = "<attrs generated methods elsewhere.Other>"
    assert codecache.compile_generated("x = 1\n", theirs, "exec") is not codecache.compile_generated("x = 1\n", theirs, "exec")
