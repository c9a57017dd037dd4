"""``clusterpolicy ARGS`` run in the test's own process, answered as ``subprocess.run`` answers.

A subprocess costs a fresh interpreter and its imports (about a third of a second) per command; most
command-line tests check what a command prints and its exit code, which :func:`run` gives the same
way in a few milliseconds: :func:`clusterpolicy.cli.main` with the arguments, standard input, output
and error as pipes would be (not terminals, so UTF-8), in ``cwd``, with ``env`` added to the
environment. What only a real process shows — the console script, the streams of a terminal or a
Windows code page, signals, memory, start-up time — is tested in subprocesses
(tests/test_cli_console.py, tests/test_hostile_cli.py, tests/test_startup.py, …).
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Mapping
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


class _Pipe(io.TextIOWrapper):
    """A text stream over bytes, as a pipe looks to the command (not a terminal)."""

    def __init__(self, data: bytes = b""):
        super().__init__(io.BytesIO(data), encoding="utf-8", newline=None)

    def text(self) -> str:
        self.flush()
        return self.buffer.getvalue().decode("utf-8").replace("\r\n", "\n")


@contextmanager
def _environment(env: Mapping[str, str] | None, cwd: Path):
    saved_env = {k: os.environ.get(k) for k in (env or {})}
    saved_cwd = os.getcwd()
    os.environ.update(env or {})
    os.chdir(cwd)
    try:
        yield
    finally:
        os.chdir(saved_cwd)
        for k, v in saved_env.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def run(*args: str, stdin: str | bytes | None = None, cwd: Path | str = ROOT, env: Mapping[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run ``clusterpolicy *args``; the exit code, standard output and error (text) as a CompletedProcess."""
    from clusterpolicy.cli import main

    data = stdin.encode("utf-8") if isinstance(stdin, str) else (stdin or b"")
    streams = (sys.stdin, sys.stdout, sys.stderr)
    sys.stdin, sys.stdout, sys.stderr = _Pipe(data), _Pipe(), _Pipe()
    out, err = sys.stdout, sys.stderr
    try:
        with _environment(env, Path(cwd)):
            try:
                code = main(list(args))
            except SystemExit as exc:  # argparse: usage errors, --help, --version
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
        return subprocess.CompletedProcess(["clusterpolicy", *args], code, out.text(), err.text())
    finally:
        sys.stdin, sys.stdout, sys.stderr = streams
