"""A batch run on two cores: Arrow blocks are read in one thread while the current chunk is
evaluated, and each chunk is written in another while the next is evaluated — same rows, same
numbers, same bytes, and a failure anywhere still leaves no thread, no partial file and the old
output as it was."""

from __future__ import annotations

import threading
from datetime import date

import pytest

from batch_support import fresh_regimes
from clusterpolicy.batch.ahead import Behind, ahead
from clusterpolicy.batch.output import write_batch
from clusterpolicy.batch.screen import evaluate_many

pytest.importorskip("numpy")
pytest.importorskip("pyarrow")
AS_OF = date(2025, 5, 20)
HEADER = "name,area_km2,firms.little_giants,years.2024.total_output"


@pytest.fixture(scope="module")
def regimes():
    return fresh_regimes(with_testland=False)


@pytest.fixture(autouse=True)
def two_cores(monkeypatch):
    """The machine as CI has it (2 cores), whatever this one has."""
    import os

    if hasattr(os, "sched_getaffinity"):
        monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})


def _ours_alive() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.startswith("clusterpolicy-")]


def _csv(tmp_path, rows: int, extra: bytes = b"") -> object:
    src = tmp_path / "in.csv"
    body = "".join(f"c{i},{i % 150},{i % 3},{i % 90}\n" for i in range(rows)).encode()
    src.write_bytes((HEADER + "\n").encode() + body + extra)
    return src


def test_blocks_are_read_ahead_and_chunks_written_behind_in_their_threads(tmp_path, regimes, monkeypatch):
    from clusterpolicy.batch import arrowio, writers

    where: dict[str, set[str]] = {"read": set(), "write": set()}
    write = writers.ArrowCsvWriter.write

    def noted(read):
        def read_noted(*args, **kw):
            where["read"].add(threading.current_thread().name)
            return read(*args, **kw)

        return read_noted

    def write_noted(self, chunk):
        where["write"].add(threading.current_thread().name)
        return write(self, chunk)

    for name in ("_text_block", "_split_block"):  # Arrow's batches, or the C splitter's rows
        monkeypatch.setattr(arrowio, name, noted(getattr(arrowio, name)))
    monkeypatch.setattr(writers.ArrowCsvWriter, "write", write_noted)
    src = _csv(tmp_path, 5000)
    summary = write_batch(src, tmp_path / "out.csv", [regimes["national"]], as_of=AS_OF, chunk_size=700)
    assert summary.rows == summary.evaluated == 5000
    assert where == {"read": {"clusterpolicy-read-ahead"}, "write": {"clusterpolicy-write-behind"}}
    assert _ours_alive() == []
    monkeypatch.undo()
    write_batch(src, tmp_path / "text.csv", [regimes["national"]], as_of=AS_OF, reader="text", chunk_size=700)
    assert (tmp_path / "out.csv").read_bytes() == (tmp_path / "text.csv").read_bytes()


def test_quoted_newlines_and_a_late_unreadable_row_keep_their_numbers(tmp_path, regimes, monkeypatch):
    """Over many blocks of the columnar reader (made small here): a cell with line breaks early
    and a row with too few cells near the end are numbered as the text reader numbers them."""
    from clusterpolicy.batch import arrowio

    monkeypatch.setattr(arrowio, "BLOCK_BYTES", 4096)
    src = tmp_path / "in.csv"
    lines = [f"c{i},{i % 150},{i % 3},{i % 90}\n" for i in range(3000)]
    lines[7] = '"two\nlines",10,1,50\n'
    lines[2990] = "short,1\n"
    src.write_text(HEADER + "\n" + "".join(lines), encoding="utf-8")
    got = {r: list(evaluate_many(src, [regimes["national"]], as_of=AS_OF, reader=r, chunk_size=500)) for r in ("arrow", "text")}
    assert [(x.row, x.name, x.errors, x.results) for x in got["arrow"]] == [(x.row, x.name, x.errors, x.results) for x in got["text"]]
    assert [x.row for x in got["arrow"] if x.rejected] == [2992]
    assert got["arrow"][7].name == "two\nlines" and got["arrow"][8].row == 10


def test_a_writer_failing_mid_run_leaves_the_old_output_and_no_thread(tmp_path, regimes, monkeypatch):
    from clusterpolicy.batch import writers

    calls = []

    def full_disk(self, chunk):
        calls.append(len(chunk.rows))
        if len(calls) == 2:
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(writers.ArrowCsvWriter, "write", full_disk)
    out = tmp_path / "out.csv"
    out.write_text("the previous results\n", encoding="utf-8")
    with pytest.raises(OSError, match="No space left"):
        write_batch(_csv(tmp_path, 5000), out, [regimes["national"]], as_of=AS_OF, chunk_size=500)
    assert out.read_text(encoding="utf-8") == "the previous results\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "out.csv"]
    assert _ours_alive() == []
    assert calls[:2] == [500, 500] and len(calls) < 10  # the chunks after the failure are not written


def test_stopping_early_stops_the_reader_and_closes_the_file(tmp_path, regimes):
    results = evaluate_many(_csv(tmp_path, 20_000), [regimes["national"]], as_of=AS_OF, chunk_size=1000)
    first = next(results)
    assert first.row == 2 and _ours_alive() == ["clusterpolicy-read-ahead"]
    results.close()
    assert _ours_alive() == []


def test_ahead_raises_the_readers_error_after_the_rows_before_it():
    def blocks():
        yield 1
        yield 2
        raise ValueError("the disk went away")

    got = []
    with pytest.raises(ValueError, match="the disk went away"):
        for item in ahead(blocks()):
            got.append(item)
    assert got == [1, 2] and _ours_alive() == []


def test_behind_does_the_work_in_order_and_raises_its_first_error():
    done = []

    def work(item):
        if item == 3:
            raise KeyError(item)
        done.append(item)

    behind = Behind(work)
    for item in range(6):
        try:
            behind.put(item)
        except KeyError:
            break
    with pytest.raises(KeyError):
        behind.finish()
    assert done == [0, 1, 2] and _ours_alive() == []


def test_the_output_is_handed_to_the_disk_behind_the_writer(tmp_path, regimes, monkeypatch):
    """Each chunk written is handed to the disk (``fdatasync``) by a thread of the file's own, which
    the writer never waits for: chunks that come while a sync runs are merged into the next one. The
    fsync before the rename — still there: a crash never leaves a half file — has little left."""
    import os
    import time

    from clusterpolicy.batch import writers

    name = "fdatasync" if hasattr(os, "fdatasync") else "fsync"
    synced, fsynced, written = [], [], []
    real_sync, real_fsync = getattr(os, name), os.fsync
    write = writers.ArrowCsvWriter.write

    def slow_sync(fd):  # a journal commit on a slow disk
        synced.append(threading.current_thread().name)
        time.sleep(1.0)
        return real_sync(fd)

    def write_noted(self, chunk):
        write(self, chunk)
        written.append(time.monotonic())

    monkeypatch.setattr(os, name, slow_sync)
    monkeypatch.setattr(os, "fsync", lambda fd: fsynced.append(threading.current_thread().name) or real_fsync(fd))
    monkeypatch.setattr(writers.ArrowCsvWriter, "write", write_noted)
    started = time.monotonic()
    write_batch(_csv(tmp_path, 5000), tmp_path / "out.csv", [regimes["national"]], as_of=AS_OF, chunk_size=1000)
    assert set(synced) == {"clusterpolicy-fdatasync"} and 1 <= len(synced) < 5  # merged, not one per chunk
    assert len(written) == 5 and written[-1] - started < 1.0  # every chunk written before the first sync ended
    assert fsynced[0] == threading.main_thread().name  # the content's fsync before the rename
    assert _ours_alive() == []
    assert (tmp_path / "out.csv").read_text(encoding="utf-8-sig").count("\n") == 5001


def test_no_thread_hands_back_the_memory_pyarrow_keeps_for_it(tmp_path, regimes, monkeypatch):
    """pyarrow's allocator keeps a cache per thread: handing it back after every block made the
    kernel fault in every page of the next one (a fifth more CPU time over a 1M-row run) to save
    some 40 MB at its peak (≈255 MB instead of ≈215 MB)."""
    import pyarrow as pa

    released = []
    pool = pa.default_memory_pool()

    class Noted:
        def release_unused(self):
            released.append(threading.current_thread().name)
            pool.release_unused()

        def __getattr__(self, name):
            return getattr(pool, name)

    monkeypatch.setattr(pa, "default_memory_pool", lambda: Noted())
    summary = write_batch(_csv(tmp_path, 3000), tmp_path / "out.csv", [regimes["national"]], as_of=AS_OF, chunk_size=1000)
    assert summary.evaluated == 3000 and released == []


def test_a_process_allowed_on_one_core_works_in_one_thread(tmp_path, regimes, monkeypatch):
    """Threads on one core would only take turns (and the GIL's hand-overs cost): no thread then."""
    import os

    from clusterpolicy.batch import writers

    if not hasattr(os, "sched_getaffinity"):
        pytest.skip("no CPU affinity on this system")
    where = set()
    write = writers.ArrowCsvWriter.write

    def write_noted(self, chunk):
        where.add(threading.current_thread().name)
        assert _ours_alive() == []
        return write(self, chunk)

    synced = []
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0})
    monkeypatch.setattr(writers.ArrowCsvWriter, "write", write_noted)
    monkeypatch.setattr(os, "fdatasync" if hasattr(os, "fdatasync") else "fsync", lambda fd: synced.append(fd))
    write_batch(_csv(tmp_path, 3000), tmp_path / "out.csv", [regimes["national"]], as_of=AS_OF, chunk_size=1000)
    assert where == {threading.main_thread().name}
    assert synced == []  # on one core the only fsync is the one before the rename
    monkeypatch.undo()
    write_batch(_csv(tmp_path, 3000), tmp_path / "two.csv", [regimes["national"]], as_of=AS_OF, chunk_size=1000)
    assert (tmp_path / "out.csv").read_bytes() == (tmp_path / "two.csv").read_bytes()


def test_a_cancelled_write_behind_drops_what_it_holds_and_ends_the_work_in_hand():
    """Ctrl-C or SIGTERM in a worksheet's run: the chunk being written ends between rows (it looks at
    ``cancelled``) and the chunks queued behind it are dropped — not written for a minute first."""
    import time

    done, started = [], threading.Event()

    def work(item):
        started.set()
        while item == "slow" and not behind.cancelled.is_set():  # a worksheet's write, row after row
            time.sleep(0.01)
        done.append(item)

    behind = Behind(work, depth=2)
    behind.put("slow")
    started.wait(5)
    behind.put("queued 1")
    behind.put("queued 2")
    began = time.monotonic()
    behind.stop(cancel=True)
    assert time.monotonic() - began < 2
    assert done == ["slow"] and not behind.worker.is_alive()
