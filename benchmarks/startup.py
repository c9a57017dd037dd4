"""The benchmark's environments and processes: a wheel install, cold start-up, the HTTP server.

``benchmarks/run.py`` measures clusterpolicy as a user has it: built as a wheel and installed (with
the ``batch`` and ``serve`` extras) into ``benchmarks/.venv-bench``, never the editable source
tree. Start-up is measured with bytecode caches on (``PYTHONDONTWRITEBYTECODE`` is removed from the
measured processes' environment) and with the regime cache either warm (the normal case: any run
after the first) or empty (the first run after installing: a fresh cache directory every time).
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FLOOR = "import attrs, cattrs, pluggy"  # the dependency floor: what any pluggy + attrs + cattrs tool imports


def measured_env(**extra: str) -> dict[str, str]:
    """The environment of a measured process: bytecode caches on, nothing else changed."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(extra)
    return env


def bench_venv(venv: Path, log) -> Path:
    """A virtualenv with clusterpolicy installed from a freshly built wheel; its python."""
    python = venv / "bin" / "python"
    dist = Path(tempfile.mkdtemp(prefix="clusterpolicy-wheel-"))
    log("building the wheel …")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dist), str(ROOT)], check=True)
    wheel = next(dist.glob("clusterpolicy-*.whl"))
    if not python.exists():
        log(f"creating {venv} …")
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    log(f"installing {wheel.name} [batch,serve,xlsx] into {venv} …")
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--force-reinstall", "--no-deps", str(wheel)], check=True, env=measured_env()
    )
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", f"{wheel}[batch,serve,xlsx]", "httpx"], check=True, env=measured_env()
    )
    shutil.rmtree(dist, ignore_errors=True)
    return python


def startup(python: Path, repeat: int, work: Path) -> dict[str, float]:
    """Cold processes: the interpreter, the dependency floor, ``clusterpolicy compare`` with the
    regime cache warm and empty."""
    cli = str(python.parent / "clusterpolicy")
    example = str(ROOT / "examples" / "strong-national.toml")
    warm = work / "cache-warm"
    shutil.rmtree(warm, ignore_errors=True)
    empty = work / "cache-empty"

    def clear() -> None:
        shutil.rmtree(empty, ignore_errors=True)

    env = measured_env(CLUSTERPOLICY_CACHE_DIR=str(warm))
    from contenders import cold

    times = cold(
        {
            "python_pass": [str(python), "-c", "pass"],
            "floor": [str(python), "-c", FLOOR],
            "cli_compare": [cli, "compare", example],
            "cli_compare_json": [cli, "compare", example, "--format", "json"],
        },
        repeat,
        env=env,
    )
    times.update(
        cold({"cli_compare_empty_cache": [cli, "compare", example]}, repeat, env=measured_env(CLUSTERPOLICY_CACHE_DIR=str(empty)),
             before={"cli_compare_empty_cache": clear})  # fmt: skip
    )
    return times


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bodies() -> dict[str, tuple[str, bytes]]:
    """The benchmark's profile (examples/strong-national.toml) as each kind of client sends it: ``toml``,
    the file as an official uploads it; ``json``, the document a program or the page's form sends
    (the profile as the converter writes it, ``clusterpolicy.convert.unstructure``: decimals as
    exact text, dates ISO 8601, counts as numbers)."""
    import clusterpolicy
    from clusterpolicy.convert import unstructure
    from clusterpolicy.documents import dumps_bytes

    example = ROOT / "examples" / "strong-national.toml"
    return {
        "toml": ("application/toml", example.read_bytes()),
        "json": ("application/json", dumps_bytes(unstructure(clusterpolicy.load_profile(example)))),
    }


def http_compare(python: Path, requests: int, clients: int = 16, rounds: int = 2, in_process=None,
                 workers: Sequence[int] = (1,)) -> dict:  # fmt: skip
    """``POST /api/compare`` (all regimes, the strong-national profile) from ``clients`` concurrent
    keep-alive connections on loopback to ``clusterpolicy serve --workers W``, one server for each W of
    ``workers``: requests per second of each body of :func:`bodies`, by server (``{"servers": {W: {body:
    …}}}``). Servers and bodies take turns, ``rounds`` rounds of ``requests / rounds`` each, so all
    see the machine in the same state — and ``in_process`` (compare + JSON called here, as many times
    per round as there are requests of a body), the ratio's denominator, takes its turn in each round."""
    sent = bodies()
    servers = {}
    try:
        for count in workers:
            port = _free_port()
            servers[count] = (port, subprocess.Popen(
                [str(python.parent / "clusterpolicy"), "serve", "--port", str(port), "--no-access-log", "--workers", str(count)],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=measured_env(),
            ))  # fmt: skip
        for port, _ in servers.values():
            _answers_alike(port, sent)
        per_client = requests // clients // rounds
        totals = {count: dict.fromkeys(sent, 0.0) for count in servers}
        here = 0.0
        for _ in range(rounds):
            for count, (port, _) in servers.items():
                for name, (media, body) in sent.items():
                    totals[count][name] += _round(port, body, {"Content-Type": media}, clients, per_client)
            if in_process is not None:
                started = time.perf_counter()
                for _ in range(per_client * clients):
                    in_process()
                here += time.perf_counter() - started
        done = per_client * clients * rounds
        measured: dict = {"servers": {
            str(count): {name: {"requests": done, "clients": clients, "workers": count, "seconds": s, "per_second": done / s}
                         for name, s in by_body.items()}
            for count, by_body in totals.items()
        }}  # fmt: skip
        if in_process is not None:
            measured["in_process"] = {"requests": done, "seconds": here, "per_second": done / here}
        return measured
    finally:
        for _, server in servers.values():
            server.terminate()
            server.wait(timeout=30)


def _answers_alike(port: int, sent: dict[str, tuple[str, bytes]]) -> None:
    """Wait (30 s at most) for the server on ``port`` to answer; every body must get the same answer."""
    deadline = time.monotonic() + 30
    while True:
        try:
            answers = []
            for media, body in sent.values():
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                c.request("POST", "/api/compare", body, {"Content-Type": media})
                answers.append(json.loads(c.getresponse().read()))
                c.close()
            break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
    if any(a != answers[0] for a in answers):
        raise RuntimeError("the bodies' answers differ")


def _round(port: int, body: bytes, headers: dict[str, str], clients: int, per_client: int) -> float:
    """Seconds for ``clients`` keep-alive connections to send ``per_client`` requests each."""
    failures: list[int] = []

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for _ in range(per_client):
            conn.request("POST", "/api/compare", body, headers)
            r = conn.getresponse()
            r.read()
            if r.status != 200:
                failures.append(r.status)
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - started
    if failures:
        raise RuntimeError(f"{len(failures)} failed requests: {sorted(set(failures))}")
    return seconds
