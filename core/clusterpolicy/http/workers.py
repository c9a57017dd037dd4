"""``clusterpolicy serve --workers N``: N server processes sharing one listening socket (POSIX).

The parent builds everything once — the regimes and the app, so a plugin error stops it before any
worker starts — binds the socket, and forks the workers after ``gc.freeze()``: they share what it
built, page for page, until they write to it. Each runs uvicorn's server with the protocol of
:mod:`.connection` on the inherited socket, and the kernel gives each new connection to a worker
waiting in ``accept``. (uvicorn's own ``workers=`` starts fresh interpreters that import the app by
its name, ``module:attribute``: an app built from the regimes of a command line has none.)

The parent only supervises:

- SIGINT, SIGTERM or SIGHUP: each worker is sent SIGTERM and stops as uvicorn does (it finishes the
  answers under way, closes its connections); a second such signal kills them at once. The parent
  then exits 0.
- A worker that ends while serving is logged and replaced. One that ends before it began serving
  failed to start, and its replacement would too: the server stops (exit 3, as uvicorn's start-up
  failure), which bounds the restarts.
- A worker whose parent has gone (killed with SIGKILL) notices within a tenth of a second and stops.
"""

from __future__ import annotations

import contextlib
import logging
import os
import select
import signal
import socket
import sys
from typing import NoReturn

import uvicorn

from ..errors import ClusterPolicyError

log = logging.getLogger("uvicorn.error")  # where uvicorn logs its own start and stop

STOP = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
WATCHED = (*STOP, signal.SIGCHLD)
#: uvicorn's exit code for a server that could not start.
STARTUP_FAILURE = 3


class WorkerError(ClusterPolicyError):
    """A worker process could not start: the server stopped."""

    exit_code = STARTUP_FAILURE


def serve(config: uvicorn.Config, workers: int, sock: socket.socket) -> int:
    """Serve ``config`` (its app built) from ``workers`` forked processes on ``sock`` (bound, as
    :func:`clusterpolicy.cli.serve.listening` binds it) until a stop signal; the exit code."""
    config.load()  # once, here: the workers inherit the protocol classes and the wrapped app
    sock.listen(config.backlog)  # connections wait in the queue while the workers start
    try:
        return _Supervisor(config, sock).run(workers)
    finally:
        sock.close()


class _Worker(uvicorn.Server):
    """uvicorn's server in a worker process: writes a byte to ``ready`` once it serves, and stops when
    its parent has gone."""

    def __init__(self, config: uvicorn.Config, ready: int, parent: int) -> None:
        super().__init__(config)
        self._ready, self._parent = ready, parent

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if self.started:
            os.write(self._ready, b".")
        os.close(self._ready)

    async def on_tick(self, counter: int) -> bool:  # every 0.1 s
        if os.getppid() != self._parent:
            self.should_exit = True
        return await super().on_tick(counter)


class _Supervisor:
    def __init__(self, config: uvicorn.Config, sock: socket.socket) -> None:
        self.config, self.sock = config, sock
        self.workers: dict[int, int] = {}  # pid → the read end of its readiness pipe
        self.stops = 0  # stop signals received, and failures that stop the server
        self.failure: WorkerError | None = None
        self.wakeup = os.pipe()  # each watched signal writes its number here (signal.set_wakeup_fd)

    def run(self, count: int) -> int:
        wake, wakes = self.wakeup
        os.set_blocking(wake, False)
        os.set_blocking(wakes, False)
        previous = {sig: signal.signal(sig, _noted) for sig in WATCHED}
        previous_fd = signal.set_wakeup_fd(wakes)
        try:
            for _ in range(count):
                if not self.stops:
                    self._start()
            log.info("Started parent process [%d] of %d worker processes", os.getpid(), count)
            while self.workers:
                select.select([wake], [], [], 1.0)
                with contextlib.suppress(BlockingIOError):
                    for sig in os.read(wake, 256):
                        if sig in STOP:
                            self._stop(f"Received {signal.Signals(sig).name}")
                self._reap()
        finally:
            for pid, ready in self.workers.items():  # only after a bug here: no worker outlives the parent
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                os.close(ready)
            signal.set_wakeup_fd(previous_fd)
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            os.close(wake)
            os.close(wakes)
        log.info("Stopped parent process [%d]", os.getpid())
        if self.failure:
            raise self.failure
        return 0

    def _start(self) -> None:
        """Fork a worker (signals held back meanwhile, so that the child resets its handlers first)."""
        ready, readies = os.pipe()
        for stream in (sys.stdout, sys.stderr):  # nothing buffered is written twice
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
        held = signal.pthread_sigmask(signal.SIG_BLOCK, WATCHED)
        try:
            pid = os.fork()
        except OSError as exc:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
            os.close(ready)
            os.close(readies)
            self.failure = WorkerError(f"cannot start a worker process: {exc.strerror or exc}")
            self._stop("Cannot fork")
            return
        if pid == 0:
            _worker(self.config, self.sock, readies, (ready, *self.wakeup, *self.workers.values()), held)
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
        os.close(readies)
        os.set_blocking(ready, False)
        self.workers[pid] = ready

    def _reap(self) -> None:
        """Collect the workers that ended; replace those that were serving, unless stopping."""
        while self.workers:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            ready = self.workers.pop(pid, None)
            if ready is None:
                continue
            try:
                served = os.read(ready, 1) == b"."
            except BlockingIOError:
                served = False
            os.close(ready)
            if self.stops:
                continue
            how = _ended(status)
            if not served:
                self.failure = WorkerError(f"a worker process ended before it began serving ({how}): the server stopped (its log says why)")
                self._stop(f"Worker process [{pid}] ended before it began serving ({how})")
                continue
            log.warning("Worker process [%d] ended (%s); starting another", pid, how)
            self._start()

    def _stop(self, why: str) -> None:
        """SIGTERM to every worker (they finish what is under way); the second time, SIGKILL."""
        self.stops += 1
        sig = signal.SIGTERM if self.stops == 1 else signal.SIGKILL
        log.info("%s: %s the worker processes", why, "stopping" if sig == signal.SIGTERM else "killing")
        for pid in self.workers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, sig)


def _worker(config: uvicorn.Config, sock: socket.socket, ready: int, inherited: tuple[int, ...], mask) -> NoReturn:
    """A forked worker's life: the parent's signal handling undone, uvicorn's server run; never returns."""
    code = 1
    try:
        parent = os.getppid()
        signal.set_wakeup_fd(-1)
        for sig in WATCHED:
            signal.signal(sig, signal.SIG_DFL)
        for fd in inherited:
            os.close(fd)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        _Worker(config, ready, parent).run(sockets=[sock])
        code = 0
    except SystemExit as exc:  # uvicorn's start-up failure
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:
        log.exception("Worker process [%d] failed", os.getpid())
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
        os._exit(code)  # not the parent's clean-up, nor its exit handlers


def _noted(signum: int, frame: object) -> None:
    """The parent's handler: the signal's number is in the wake-up pipe, read by the loop."""


def _ended(status: int) -> str:
    code = os.waitstatus_to_exitcode(status)
    return f"killed by {signal.Signals(-code).name}" if code < 0 else f"exit code {code}"
