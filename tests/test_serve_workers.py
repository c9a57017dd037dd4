"""``clusterpolicy serve --workers N``: N processes serving one port, supervised by the parent.

Real processes and signals: the server runs as a subprocess, and its workers are found by the line
uvicorn logs in each (``Started server process [PID]``)."""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator

import pytest

from inprocess import run

pytest.importorskip("uvicorn", reason="the 'serve' extra is not installed (pip install -e '.[test]')")
forking = pytest.mark.skipif(not hasattr(os, "fork"), reason="several workers need fork (this system has none: see test_without_fork_…)")

STARTED = re.compile(r"Started server process \[(\d+)\]")


class Server:
    """``clusterpolicy serve --workers N`` on a free loopback port; its output gathered line by line."""

    def __init__(self, workers: int) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "clusterpolicy", "serve", "--port", str(self.port), "--workers", str(workers), "--no-access-log"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
        )  # fmt: skip
        self.lines: list[str] = []
        self._reader = threading.Thread(target=lambda: self.lines.extend(self.proc.stdout), daemon=True)
        self._reader.start()

    def output(self) -> str:
        return "".join(self.lines)

    def wait_for(self, pattern: str, count: int = 1, seconds: float = 30) -> list[re.Match]:
        """The first ``count`` matches of ``pattern`` in the output, waiting for them."""
        deadline = time.monotonic() + seconds
        while len(found := list(re.finditer(pattern, self.output()))) < count:
            assert time.monotonic() < deadline, f"no {count} × {pattern!r} in:\n{self.output()}"
            time.sleep(0.05)
        return found[:count]

    def workers(self, count: int) -> list[int]:
        """The first ``count`` workers' PIDs, once every one of them answers."""
        pids = [int(m[1]) for m in self.wait_for(STARTED.pattern, count)]
        self.wait_for("Application startup complete", count)
        return pids

    def get(self, path: str = "/api/regimes") -> int:
        """The status of a request on a new connection (a worker that does not accept it: a timeout)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            return response.status
        finally:
            conn.close()

    def answering(self) -> int:
        deadline = time.monotonic() + 30
        while True:
            try:
                return self.get()
            except OSError:
                assert self.proc.poll() is None and time.monotonic() < deadline, self.output()
                time.sleep(0.05)

    def ended(self, seconds: float = 20) -> int:
        code = self.proc.wait(timeout=seconds)
        self._reader.join(timeout=5)
        return code


@contextlib.contextmanager
def serving(workers: int) -> Iterator[Server]:
    server = Server(workers)
    try:
        yield server
    finally:
        if server.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.proc.pid, signal.SIGCONT)  # a worker a test stopped
                os.killpg(server.proc.pid, signal.SIGKILL)
            server.proc.wait(timeout=10)


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie no parent has collected yet does not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with contextlib.suppress(OSError):
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    return True


def gone(pids: list[int], seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while any(alive(p) for p in pids):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


@forking
def test_each_of_two_workers_serves_the_port_while_the_other_is_stopped():
    """Two processes accept on the one socket: with either frozen (SIGSTOP), the other answers every
    new connection — one process holding the port would leave them all waiting."""
    with serving(2) as server:
        first, second = server.workers(2)
        assert server.answering() == 200
        for frozen in (first, second):
            os.kill(frozen, signal.SIGSTOP)
            try:
                assert [server.get() for _ in range(4)] == [200] * 4
            finally:
                os.kill(frozen, signal.SIGCONT)
        assert "serving http://127.0.0.1:" in server.output() and "; 2 worker processes)" in server.output()


@forking
def test_a_killed_worker_is_replaced_and_sigterm_ends_the_parent_and_every_worker():
    with serving(2) as server:
        first, second = server.workers(2)
        os.kill(first, signal.SIGKILL)
        server.wait_for(rf"Worker process \[{first}\] ended \(killed by SIGKILL\); starting another")
        third = server.workers(3)[2]
        assert third not in (first, second) and alive(third)
        assert server.answering() == 200
        server.proc.terminate()
        assert server.ended() == 0
        assert gone([second, third])
        out = server.output()
        assert "Received SIGTERM: stopping the worker processes" in out and f"Stopped parent process [{server.proc.pid}]" in out
        assert "Traceback" not in out


@forking
def test_ctrl_c_stops_the_parent_and_every_worker_without_a_traceback():
    """Ctrl+C signals the whole process group: the workers stop as uvicorn does, the parent after them."""
    with serving(2) as server:
        pids = server.workers(2)
        assert server.answering() == 200
        os.killpg(server.proc.pid, signal.SIGINT)
        assert server.ended() == 0
        assert gone(pids)
        assert "Traceback" not in server.output() and "KeyboardInterrupt" not in server.output()


@forking
def test_workers_stop_by_themselves_when_the_parent_is_killed():
    with serving(2) as server:
        pids = server.workers(2)
        os.kill(server.proc.pid, signal.SIGKILL)  # no chance to stop them
        assert server.ended() == -signal.SIGKILL
        assert gone(pids)


@pytest.mark.parametrize("value", ["0", "-1", "two", "1025", "²", ""])
def test_workers_is_a_count_of_processes_or_auto(value):
    proc = run("serve", "--workers", value)
    assert (proc.returncode, proc.stderr.splitlines()[-1]) == (
        2, f"clusterpolicy serve: error: argument --workers: expected a number of processes from 1 to 1024, got '{value}' (or auto: one per CPU)")  # fmt: skip


def test_workers_auto_is_one_per_cpu_and_the_error_is_said_in_chinese():
    from clusterpolicy.cli import build_parser

    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert build_parser("serve").parse_args(["serve", "--workers", "auto"]).workers == cpus
    assert build_parser("serve").parse_args(["serve"]).workers == 1
    proc = run("serve", "--workers", "0", "--lang", "zh")
    assert proc.stderr.splitlines()[-1] == "clusterpolicy serve: 错误:参数 --workers:应为 1 至 1024 之间的进程数,或 auto(每个 CPU 一个);实际为 '0'"


def test_without_fork_several_workers_are_a_usage_error_that_says_what_to_do(monkeypatch):
    monkeypatch.delattr(os, "fork")  # as on Windows
    proc = run("serve", "--workers", "4")
    assert (proc.returncode, proc.stderr) == (2, (
        "clusterpolicy: error: --workers 4: several server processes need fork(), which this system does not have (as on Windows): "
        "leave --workers out to serve from one process, or start one clusterpolicy serve per port behind a reverse proxy\n"))  # fmt: skip
    assert run("serve", "--workers", "4", "--lang", "zh").stderr == (
        "clusterpolicy: 错误:--workers 4:多个服务进程需要 fork(),而本系统没有(Windows 即是如此):请去掉 --workers,由一个进程提供服务;"
        "或每个端口启动一个 clusterpolicy serve,由反向代理分发请求\n")  # fmt: skip


@pytest.mark.parametrize("workers", [1, 2])
def test_a_port_in_use_is_an_error_saying_so_before_serving_is_announced(workers):
    if workers > 1 and not hasattr(os, "fork"):
        pytest.skip("several workers need fork")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        args = [sys.executable, "-m", "clusterpolicy", "serve", "--port", str(port), "--workers", str(workers)]
        en = subprocess.run(args, capture_output=True, text=True, timeout=60)
        zh = subprocess.run([*args, "--lang", "zh"], capture_output=True, text=True, timeout=60)
    assert (en.returncode, en.stdout, en.stderr) == (2, "", (
        f"clusterpolicy: error: cannot listen on 127.0.0.1:{port}: the port is in use (another server, perhaps another "
        "clusterpolicy serve, is listening there): stop it or choose another --port\n"))  # fmt: skip
    assert (zh.returncode, zh.stdout) == (2, "") and zh.stderr.startswith(f"clusterpolicy: 错误:无法在 127.0.0.1:{port} 上监听:该端口已被占用")


def test_an_address_this_machine_does_not_have_is_an_error_saying_what_to_give():
    result = run("serve", "--host", "192.0.2.1", "--port", "8000")  # TEST-NET-1: never a local address
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == ("clusterpolicy: error: cannot listen on 192.0.2.1:8000: this machine has no such address: give one of its "
                             "own addresses with --host, or 127.0.0.1 (this machine only) or 0.0.0.0 (every address)\n")  # fmt: skip
