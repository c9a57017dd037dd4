"""Writing files safely: every output clusterpolicy writes goes through :class:`AtomicFile`.

The content is written to a temporary file beside the target and renamed over it only once
complete (``os.replace``, fsynced), so a failed or interrupted run never leaves a half-written
file or destroys the previous one.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import InputError


class AtomicFile:
    """Write to a temporary file beside ``path``; on :meth:`commit` fsync and rename over it."""

    def __init__(self, path: str | Path, binary: bool = False):
        import tempfile

        self.path = Path(path)
        directory = self.path.parent if str(self.path.parent) else Path(".")
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".partial", dir=directory)
        except OSError as exc:
            raise InputError(str(path), [f"cannot write here: {exc}"]) from None
        self.tmp = Path(tmp)
        self.handle = os.fdopen(fd, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8", "newline": ""}))

    def commit(self) -> None:
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
