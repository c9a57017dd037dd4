"""Writing files safely: every output clusterpolicy writes goes through :class:`AtomicFile`.

The content is written to a temporary file beside the target and renamed over it only once
complete (``os.replace``, fsynced), so a failed or interrupted run never leaves a half-written
file or destroys the previous one. The result gets the mode the target had, or the one the umask
gives a new file. Inside :func:`signals_raise`, SIGTERM and SIGHUP (timeout, systemd, docker, a
closed terminal) unwind like Ctrl-C, so the temporary file is removed; one left by a process that
was killed outright is removed by the next write to the same target.
"""

from __future__ import annotations

import os
import re
import signal
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import InputError


class Terminated(BaseException):
    """SIGTERM or SIGHUP arrived inside :func:`signals_raise` (a ``BaseException``, like ``KeyboardInterrupt``)."""

    def __init__(self, signum: int):
        super().__init__(f"terminated by signal {signum}")
        self.signum = signum


@contextmanager
def signals_raise(signums: tuple[int, ...] = (signal.SIGTERM, signal.SIGHUP)) -> Iterator[None]:
    """While inside, the signals raise :class:`Terminated` in the main thread (elsewhere: no change)."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: object) -> None:
        raise Terminated(signum)

    previous = {s: signal.signal(s, handler) for s in signums}
    try:
        yield
    finally:
        for s, h in previous.items():
            signal.signal(s, h)


def new_file_mode() -> int:
    """The mode a new file gets under the current umask (``0o666 & ~umask``)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


class AtomicFile:
    """Write to a temporary file beside ``path``; on :meth:`commit` fsync and rename over it."""

    def __init__(self, path: str | Path, binary: bool = False):
        import tempfile

        self.path = Path(path)
        directory = self.path.parent if str(self.path.parent) else Path(".")
        try:
            mode = stat.S_IMODE(os.stat(self.path).st_mode)
        except OSError:
            mode = new_file_mode()
        _remove_stale(directory, self.path.name)
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.{os.getpid()}.", suffix=".partial", dir=directory)
        except OSError as exc:
            raise InputError(str(path), [f"cannot write here: {exc.strerror or exc}"]) from None
        self.tmp = Path(tmp)
        os.fchmod(fd, mode)
        self.handle = os.fdopen(fd, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8", "newline": ""}))

    def commit(self) -> None:
        """Make the content durable and put it in place (the handle may have been closed by a
        writer that wrote to :attr:`tmp` by name)."""
        if self.handle.closed:
            fd = os.open(self.tmp, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        else:
            self.handle.flush()
            os.fsync(self.handle.fileno())
            self.handle.close()
        os.replace(self.tmp, self.path)
        try:  # make the rename itself durable
            dfd = os.open(self.path.parent if str(self.path.parent) else ".", os.O_RDONLY)
        except OSError:
            return
        try:
            os.fsync(dfd)
        except OSError:
            pass
        finally:
            os.close(dfd)

    def abort(self) -> None:
        try:
            self.handle.close()
        finally:
            self.tmp.unlink(missing_ok=True)


def _remove_stale(directory: Path, name: str) -> None:
    """Remove temporary files of ``name`` left by processes of ours that no longer run."""
    pattern = re.compile(rf"\.{re.escape(name)}\.(\d+)\.[^.]+\.partial")
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return
    for entry in entries:
        m = pattern.fullmatch(entry.name)
        if m is None or int(m.group(1)) == os.getpid():
            continue
        try:
            os.kill(int(m.group(1)), 0)
        except ProcessLookupError:
            Path(entry.path).unlink(missing_ok=True)
        except (PermissionError, OverflowError, OSError):
            continue  # alive under another user, or not a pid: not ours to remove
