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


def http_compare(python: Path, requests: int, clients: int = 16) -> dict[str, float]:
    """``POST /api/compare`` (all regimes, the strong-national profile) from ``clients`` concurrent
    keep-alive connections on loopback: requests per second of one server process."""
    port = _free_port()
    server = subprocess.Popen(
        [str(python.parent / "clusterpolicy"), "serve", "--port", str(port), "--no-access-log"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=measured_env(),
    )  # fmt: skip
    body = (ROOT / "examples" / "strong-national.toml").read_bytes()
    headers = {"Content-Type": "application/toml"}
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                c.request("POST", "/api/compare", body, headers)
                reply = c.getresponse().read()
                json.loads(reply)
                c.close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        per_client = requests // clients
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
        return {"requests": per_client * clients, "clients": clients, "seconds": seconds, "per_second": per_client * clients / seconds}
    finally:
        server.terminate()
        server.wait(timeout=10)
