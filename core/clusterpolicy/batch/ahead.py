"""Reading ahead and writing behind in a second thread, so that a batch run uses two cores.

pyarrow and numpy release the GIL while they work: the next block of a CSV is read (in C) while the
current one is evaluated, and a chunk's output is built and written while the next one is. Order is
kept (one thread each way), an exception in the thread is raised in the caller, and stopping early
(an error, Ctrl-C, SIGTERM unwinding the caller) stops the thread before the caller goes on. A
process allowed on one core only works in one thread (threads there would only take turns). The
memory pyarrow's allocator keeps for a thread stays with it: handing it back after every item cost
the kernel a page fault per page of every next block (a fifth more CPU time at a million rows) to
save some 40 MB at the peak (about 255 MB then).
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")

#: Items made ahead of the consumer (each a block of rows: little memory).
DEPTH = 2

_END = object()


def two_cores() -> bool:
    """Whether this process may run on two cores or more."""
    try:
        return len(os.sched_getaffinity(0)) > 1
    except AttributeError:  # not Linux
        return (os.cpu_count() or 1) > 1


def ahead(items: Iterator[T], depth: int = DEPTH) -> Iterator[T]:
    """The items of ``items`` in order, made in a thread up to ``depth`` ahead of the consumer."""
    pipe: queue.Queue[tuple[Any, BaseException | None]] = queue.Queue(depth)
    stop = threading.Event()

    def put(entry: tuple[Any, BaseException | None]) -> bool:
        while not stop.is_set():
            try:
                pipe.put(entry, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def run() -> None:
        try:
            for item in items:
                if not put((item, None)):
                    return
        except BaseException as exc:  # raised in the consumer
            put((_END, exc))
            return
        put((_END, None))

    worker = threading.Thread(target=run, name="clusterpolicy-read-ahead", daemon=True)
    worker.start()
    try:
        while True:
            item, exc = pipe.get()
            if item is _END:
                if exc is not None:
                    raise exc
                return
            yield item
    finally:
        stop.set()
        worker.join()
        close = getattr(items, "close", None)
        if close is not None:
            close()  # the reader's files are closed before the caller goes on


class Behind:
    """Calls ``work(item)`` for each item :meth:`put`, in order, in a thread, at most ``depth``
    items behind; :meth:`finish` waits for the last. An exception in ``work`` is raised by the
    next :meth:`put` or by :meth:`finish`; after one, the items left are dropped. With
    ``threaded=False`` :meth:`put` does the work itself."""

    def __init__(self, work: Callable[[Any], None], depth: int = DEPTH, threaded: bool = True, cancelled: threading.Event | None = None):
        self.work = work
        self.pipe: queue.Queue[Any] = queue.Queue(depth)
        self.failed: BaseException | None = None
        #: set by ``stop(cancel=True)``: the items left are dropped, and a ``work`` that looks at it ends early
        self.cancelled = cancelled or threading.Event()
        self.threaded = threaded
        self.worker = threading.Thread(target=self._run, name="clusterpolicy-write-behind", daemon=True)
        if threaded:
            self.worker.start()

    def _run(self) -> None:
        while True:
            item = self.pipe.get()
            if item is _END:
                return
            if self.failed is None and not self.cancelled.is_set():
                try:
                    self.work(item)
                except BaseException as exc:
                    self.failed = exc

    def put(self, item: Any) -> None:
        self._raise()
        if self.threaded:
            self.pipe.put(item)
        else:
            self.work(item)

    def finish(self) -> None:
        """Wait until every item is done (raising the first exception of ``work``)."""
        self.stop()
        self._raise()

    def stop(self, cancel: bool = False) -> None:
        """Wait for the thread to end (the items it holds are done first; with ``cancel``, dropped,
        and the one in hand ended early where ``work`` looks at :attr:`cancelled`); raises nothing."""
        if cancel:
            self.cancelled.set()
            while True:
                try:
                    self.pipe.get_nowait()
                except queue.Empty:
                    break
        if self.worker.is_alive():
            self.pipe.put(_END)
            self.worker.join()

    def _raise(self) -> None:
        if self.failed is not None:
            raise self.failed
