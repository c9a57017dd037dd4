"""Writing files safely: every output clusterpolicy writes goes through :class:`AtomicFile`.

The content is written to a partial file beside the target, ``.NAME.<pid>.<random>.partial``, and
renamed over the target only once complete (``os.replace``, fsynced), so a failed or interrupted
run never leaves a half-written file or destroys the previous one. Besides:

* the file gets the mode the file it replaces had, or else what a new file gets under the umask
  (``0666 & ~umask``), never the partial's private 0600;
* a target that cannot be written (a missing folder, a directory, no permission) is an
  :class:`~clusterpolicy.errors.InputError` naming the target — never the partial file;
* on SIGTERM and SIGHUP (timeout, systemd, docker, a closed terminal) the partial files of this
  process are removed before it dies of the signal, as they are on Ctrl-C (the writer aborts);
  inside :func:`signals_raise` (a long batch run) the signals unwind like Ctrl-C instead, raising
  :class:`Terminated`, so writers abort and the command exits with 128 + the signal number;
* a partial file of ours left behind by a process that no longer runs (SIGKILL, a power cut) is
  removed the next time its target is written;
* a symbolic link is followed (the file it points to is replaced, not the link), and a target that
  is not a regular file (``/dev/null``, ``/dev/stdout``, a named pipe) is written directly: a
  device is never replaced by a file;
* inside :func:`inputs_kept` (every command of the command line runs inside it), a target that is
  a file the run reads — noted by :func:`note_input`: every document and text read, the files a
  submission names, every rule file loaded — is an :class:`~clusterpolicy.errors.InputError` naming
  both, before anything is written; the same file under another name (a symbolic or hard link,
  :func:`os.path.samefile`) counts.
"""

from __future__ import annotations

import os
import stat
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from .errors import InputError

PARTIAL_SUFFIX = ".partial"
#: Characters of the target's name kept in a partial file's name (file names have 255 bytes).
_NAME_CHARS = 100

#: Partial files this process is writing; removed on SIGTERM/SIGHUP.
_live: set[str] = set()
_installed = False


class AtomicFile:
    """Write to a partial file beside ``path``; :meth:`commit` renames it over ``path``.

    As a context manager it commits when the block ends normally and aborts (removing the
    partial) when it raises; an ``OSError`` while writing (a full disk) becomes an
    :class:`InputError` naming ``path``.

    :param binary: the handle takes bytes (else UTF-8 text, newlines as written).
    :param replace: replace an existing ``path`` (else refuse, at creation and at commit).
    :param durable: fsync the content and the rename (off for caches that may be lost).
    """

    def __init__(self, path: str | os.PathLike[str], binary: bool = False, *, replace: bool = True, durable: bool = True):
        check_not_input(path)
        self.path = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)
        self.replace = replace
        self.durable = durable
        self._syncer: _Syncer | None = None
        self.direct = _is_special(self.path)
        if self.direct:
            self._open_directly(binary)
            return
        folder = self.path.parent
        _check_folder(self.path, folder)
        mode = _target_mode(self.path, replace)
        prefix = f".{self.path.name[:_NAME_CHARS]}."
        remove_stale_partials(folder, prefix)
        protect_partials()
        try:
            fd, tmp = _new_partial(folder, f"{prefix}{os.getpid()}.")
        except OSError as exc:
            raise InputError(str(path), [f"cannot write in {folder}: {_reason(exc)}"]) from None
        self.tmp = Path(tmp)
        if hasattr(os, "fchmod"):
            os.fchmod(fd, mode)
        self.handle = os.fdopen(fd, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8", "newline": ""}))

    def _open_directly(self, binary: bool) -> None:
        if not self.replace:
            raise InputError(str(self.path), ["already exists (not replaced)"])
        try:
            self.handle = open(self.path, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8", "newline": ""}))
        except OSError as exc:
            raise InputError(str(self.path), [f"cannot write: {_reason(exc)}"]) from None
        self.tmp = self.path  # what a library writing by path writes to

    def __enter__(self) -> Any:
        return self.handle

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: Any) -> None:
        if kind is None:
            self.commit()
            return
        self.abort()
        if isinstance(exc, OSError) and not isinstance(exc, InputError):
            raise InputError(str(self.path), [f"cannot write: {_reason(exc)}"]) from None

    def commit(self) -> None:
        """Flush and rename the partial over the target. The handle may have been closed already
        (a library that writes by path wrote :attr:`tmp` itself)."""
        if self.direct:
            try:
                self.handle.close()
            except OSError as exc:  # /dev/full
                raise InputError(str(self.path), [f"cannot write: {_reason(exc)}"]) from None
            return
        self._stop_syncing()
        try:
            if not self.handle.closed:
                self.handle.flush()
                if self.durable:
                    os.fsync(self.handle.fileno())
                self.handle.close()
            elif self.durable:
                _fsync(self.tmp, os.O_RDONLY)
            if not self.replace and os.path.lexists(self.path):
                raise FileExistsError
            os.replace(self.tmp, self.path)
        except FileExistsError:
            self.abort()
            raise InputError(str(self.path), ["already exists (not replaced)"]) from None
        except OSError as exc:
            self.abort()
            raise InputError(str(self.path), [f"cannot write: {_reason(exc)}"]) from None
        _live.discard(str(self.tmp))
        if self.durable:  # make the rename itself durable
            _fsync(self.path.parent, os.O_RDONLY)

    def sync(self) -> None:
        """Hand what is written so far to the disk without waiting for it (a long writer calls it as
        it goes): a thread of the file's own runs ``fdatasync`` behind the writer — a call that comes
        while one runs is merged into the next — so :meth:`commit`'s fsync has little left to wait
        for, and the writer never waits for a journal commit (some 10–20 ms per chunk of a batch
        run). Writeback merely started (``posix_fadvise``) left a 38 MB file's fsync 50 ms."""
        if self.durable and not self.direct and not self.handle.closed:
            self.handle.flush()
            if self._syncer is None:
                self._syncer = _Syncer(self.handle.fileno())
            self._syncer.request()

    def _stop_syncing(self) -> None:
        if self._syncer is not None:
            self._syncer.stop()
            self._syncer = None

    def abort(self) -> None:
        """Close and remove the partial file; the target is untouched."""
        self._stop_syncing()
        try:
            self.handle.close()
        finally:
            if not self.direct:
                self.tmp.unlink(missing_ok=True)
                _live.discard(str(self.tmp))


def write_text(path: str | os.PathLike[str], text: str, *, replace: bool = True) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically."""
    with AtomicFile(path, replace=replace) as fh:
        fh.write(text)


# --- inputs no output may replace ---------------------------------------------------------------

#: Files the run reads, by (device, inode) → the name they were read by; None outside inputs_kept().
_inputs: ContextVar[dict[tuple[int, int], str] | None] = ContextVar("clusterpolicy_inputs", default=None)


@contextmanager
def inputs_kept() -> Iterator[None]:
    """While inside, no :class:`AtomicFile` may replace a file noted with :func:`note_input`."""
    token = _inputs.set({})
    try:
        yield
    finally:
        _inputs.reset(token)


def note_input(path: str | os.PathLike[str]) -> None:
    """The run reads ``path`` (or names it as part of an input): inside :func:`inputs_kept`, no
    output may be that file. Standard input (``-``), a missing path and one that is not a regular
    file (``/dev/stdin``) are not noted."""
    inputs = _inputs.get()
    if inputs is None or str(path) == "-":
        return
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return
    if stat.S_ISREG(st.st_mode):
        inputs.setdefault((st.st_dev, st.st_ino), str(path))


def check_not_input(path: str | os.PathLike[str]) -> None:
    """Refuse (:class:`InputError`) an output ``path`` that is a file noted by :func:`note_input`."""
    inputs = _inputs.get()
    if not inputs:
        return
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return  # a new file (or one the writer reports on)
    source = inputs.get((st.st_dev, st.st_ino))
    if source is not None:
        raise InputError(str(path), [f"is a file this command reads ({source}): write the output to another file (an input is never replaced)"])


def _is_special(path: Path) -> bool:
    """An existing target that is neither a regular file nor a directory (a device, a pipe)."""
    try:
        st = os.stat(path)
    except OSError:
        return False
    return not stat.S_ISREG(st.st_mode) and not stat.S_ISDIR(st.st_mode)


def _target_mode(path: Path, replace: bool) -> int:
    """The mode the new file gets: the replaced file's, else ``0666 & ~umask``."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        mask = os.umask(0o022)
        os.umask(mask)
        return 0o666 & ~mask
    except OSError as exc:
        raise InputError(str(path), [f"cannot write: {_reason(exc)}"]) from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(str(path), ["is a directory, not a file"])
    if not replace:
        raise InputError(str(path), ["already exists (not replaced)"])
    return stat.S_IMODE(st.st_mode)


def _check_folder(path: Path, folder: Path) -> None:
    try:
        st = os.stat(folder)
    except FileNotFoundError:
        raise InputError(str(path), [f"folder does not exist: {folder}"]) from None
    except OSError as exc:
        raise InputError(str(path), [f"cannot write in {folder}: {_reason(exc)}"]) from None
    if not stat.S_ISDIR(st.st_mode):
        raise InputError(str(path), [f"not a folder: {folder}"])


def _reason(exc: OSError) -> str:
    """The system's reason without the file names (which may be our partial's)."""
    return exc.strerror.lower() if exc.strerror else type(exc).__name__


class _Syncer:
    """A daemon thread that runs ``fdatasync(fd)`` whenever asked, merging requests that come while it runs."""

    def __init__(self, fd: int):
        self.fd = fd
        self.cond = threading.Condition()
        self.wanted = self.done = False
        self.thread = threading.Thread(target=self._run, name="clusterpolicy-fdatasync", daemon=True)
        self.thread.start()

    def request(self) -> None:
        with self.cond:
            self.wanted = True
            self.cond.notify()

    def stop(self) -> None:
        """End the thread (after the call in progress: the fd must outlive it)."""
        with self.cond:
            self.done = True
            self.cond.notify()
        self.thread.join()

    def _run(self) -> None:
        sync = getattr(os, "fdatasync", os.fsync)
        while True:
            with self.cond:
                while not (self.wanted or self.done):
                    self.cond.wait()
                if self.done:
                    return
                self.wanted = False
            try:
                sync(self.fd)
            except OSError:
                return  # the fsync before the rename reports it


def _fsync(path: Path, flags: int) -> None:
    try:
        fd = os.open(path, flags)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)

class Terminated(BaseException):
    """SIGTERM or SIGHUP arrived inside :func:`signals_raise` (a ``BaseException``, like ``KeyboardInterrupt``)."""

    def __init__(self, signum: int):
        super().__init__(f"terminated by signal {signum}")
        self.signum = signum



@contextmanager
def signals_raise(signums: tuple[int, ...] | None = None) -> Iterator[None]:
    """While inside, the signals (by default SIGTERM and SIGHUP, where the platform has them) raise
    :class:`Terminated` in the main thread (elsewhere: no change)."""
    import signal  # here, not at the top: importing it costs every command a millisecond
    import threading

    if signums is None:
        signums = _termination_signals()

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


# --- partial files on signals and after crashes ---------------------------------------------------


def protect_partials() -> None:
    """Remove this process's partial files on SIGTERM and SIGHUP, then die of the signal as before.

    Installed once, from the main thread, and only over the default action: an embedding
    application's own handlers are left alone. :class:`AtomicFile` calls it.
    """
    import signal

    global _installed
    if _installed or threading.current_thread() is not threading.main_thread():
        return
    _installed = True
    for signum in _termination_signals():
        if signal.getsignal(signum) == signal.SIG_DFL:
            signal.signal(signum, _remove_and_die)


def _termination_signals() -> tuple[int, ...]:
    """SIGTERM and SIGHUP, those of them the platform has (Windows has no SIGHUP)."""
    import signal

    return tuple(s for s in (getattr(signal, name, None) for name in ("SIGTERM", "SIGHUP")) if s is not None)


def _remove_and_die(signum: int, frame: Any) -> None:
    import signal

    remove_partials()
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


def remove_partials() -> None:
    """Remove every partial file this process still has open (a command ended by a signal)."""
    for tmp in list(_live):
        try:
            os.unlink(tmp)
        except OSError:
            pass
    _live.clear()


def _new_partial(folder: Path, prefix: str) -> tuple[int, str]:
    """Create ``PREFIX<random>.partial`` in ``folder`` (as :func:`tempfile.mkstemp` does, mode 0600),
    naming it in ``_live`` before it exists: a signal at any moment finds it there."""
    import secrets

    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        tmp = os.path.join(folder, f"{prefix}{secrets.token_hex(4)}{PARTIAL_SUFFIX}")
        _live.add(tmp)
        try:
            return os.open(tmp, flags, 0o600), tmp
        except FileExistsError:
            _live.discard(tmp)
        except OSError:  # not made (a signal, though, leaves it named: it may have been made)
            _live.discard(tmp)
            raise
    raise FileExistsError(f"no free name for a temporary file in {folder}")


def remove_stale_partials(folder: Path, prefix: str) -> None:
    """Remove ``PREFIX<pid>.<random>.partial`` files in ``folder`` that belong to this user and to a
    process that no longer runs (POSIX only: elsewhere a process cannot be asked whether it runs)."""
    if os.name != "posix":
        return
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    me = os.getuid()
    for entry in entries:
        name = entry.name
        if not (name.startswith(prefix) and name.endswith(PARTIAL_SUFFIX)):
            continue
        pid = name[len(prefix) :].partition(".")[0]
        if not pid.isascii() or not pid.isdigit() or int(pid) == os.getpid() or _running(int(pid)):
            continue
        try:
            if entry.stat(follow_symlinks=False).st_uid == me and entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
        except OSError:
            pass


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True
    return True
