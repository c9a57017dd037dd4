"""The one atomic writer (clusterpolicy.files.AtomicFile): modes, errors naming the target, no
partial file left behind after a failure, SIGTERM or SIGHUP, and stale partials of dead runs removed."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time

import pytest

from clusterpolicy.errors import InputError
from clusterpolicy.files import AtomicFile, inputs_kept, note_input, write_text

posix = pytest.mark.skipif(os.name != "posix", reason="modes, signals and process ids are POSIX")


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def partials(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".partial"))


@posix
def test_a_new_file_gets_the_mode_the_umask_gives(tmp_path):
    old = os.umask(0o027)
    try:
        write_text(tmp_path / "out.csv", "a\n")
    finally:
        os.umask(old)
    assert mode(tmp_path / "out.csv") == 0o640


@posix
@pytest.mark.parametrize("kept", [0o600, 0o755, 0o644])
def test_a_replaced_file_keeps_its_mode(tmp_path, kept):
    target = tmp_path / "out.csv"
    target.write_text("old", encoding="utf-8")
    target.chmod(kept)
    write_text(target, "new")
    assert (target.read_text(encoding="utf-8"), mode(target)) == ("new", kept)


def test_a_failure_while_writing_leaves_the_old_file_and_no_partial(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with AtomicFile(target) as fh:
            fh.write("half")
            raise RuntimeError("the command failed")
    assert (target.read_text(encoding="utf-8"), partials(tmp_path)) == ("old", [])


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("missing/out.txt", "folder does not exist: {tmp}/missing"),
        ("adir", "is a directory, not a file"),
        ("afile/out.txt", "not a folder: {tmp}/afile"),
    ],
)
def test_targets_that_cannot_be_written_are_input_errors_naming_the_target(tmp_path, name, problem):
    (tmp_path / "adir").mkdir()
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    with pytest.raises(InputError) as info:
        write_text(tmp_path / name, "text")
    assert (info.value.source, info.value.problems) == (str(tmp_path / name), (problem.format(tmp=tmp_path),))
    assert partials(tmp_path) == []


@posix
@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root may write anywhere")
def test_an_unwritable_folder_is_named_and_the_partial_is_not(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(InputError) as info:
            write_text(folder / "out.txt", "text")
    finally:
        folder.chmod(0o700)
    assert info.value.problems == (f"cannot write in {folder}: permission denied",)


def test_replace_false_refuses_an_existing_file(tmp_path):
    target = tmp_path / "x.toml"
    target.write_text("mine", encoding="utf-8")
    with pytest.raises(InputError) as info:
        write_text(target, "theirs", replace=False)
    assert info.value.problems == ("already exists (not replaced)",)
    assert target.read_text(encoding="utf-8") == "mine"


def test_a_library_that_writes_by_path_commits_through_the_partial(tmp_path):
    target = tmp_path / "out.bin"
    atomic = AtomicFile(target, binary=True)
    atomic.handle.close()
    atomic.tmp.write_bytes(b"written by path")
    atomic.commit()
    assert (target.read_bytes(), partials(tmp_path)) == (b"written by path", [])


WRITER = """
import sys, time
from clusterpolicy.files import AtomicFile
atomic = AtomicFile(sys.argv[1])
atomic.handle.write("half of it" * 1000)
atomic.handle.flush()
print("writing", flush=True)
time.sleep(30)
"""


@posix
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_and_sighup_remove_the_partial_and_end_the_process(tmp_path, signum):
    target = tmp_path / "out.csv"
    target.write_text("previous results", encoding="utf-8")
    # The signal's default action in the writer, whatever this run inherited (under nohup SIGHUP is
    # ignored, and clusterpolicy leaves a disposition other than the default alone).
    default = (lambda: signal.signal(signum, signal.SIG_DFL)) if signal.getsignal(signum) != signal.SIG_DFL else None
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(target)], stdout=subprocess.PIPE, text=True, preexec_fn=default)
    try:
        assert proc.stdout.readline() == "writing\n"
        assert len(partials(tmp_path)) == 1
        proc.send_signal(signum)
        assert proc.wait(timeout=25) == -signum  # it still dies of the signal (well before its 30 s sleep ends)
    finally:
        proc.kill()
        proc.wait()
    assert partials(tmp_path) == []
    assert target.read_text(encoding="utf-8") == "previous results"


@posix
def test_stale_partials_of_dead_runs_are_removed_and_others_kept(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True).stdout.strip()
    time.sleep(0.05)
    stale = tmp_path / f".out.csv.{dead}.abc123.partial"
    running = tmp_path / f".out.csv.{os.getpid()}.def456.partial"  # this process: still running
    other = tmp_path / ".other.csv.1.x.partial"
    for p in (stale, running, other):
        p.write_text("x", encoding="utf-8")
    write_text(tmp_path / "out.csv", "results")
    assert partials(tmp_path) == sorted([running.name, other.name])


@posix
def test_a_named_pipe_is_written_directly_never_replaced(tmp_path):
    """As ``--out /dev/stdout`` or ``/dev/null``: a target that is not a regular file is not swapped for one."""
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text(encoding="utf-8")), daemon=True)
    reader.start()
    write_text(fifo, "streamed")
    reader.join(timeout=10)
    assert (received, stat.S_ISFIFO(os.stat(fifo).st_mode), partials(tmp_path)) == (["streamed"], True, [])


@posix
def test_a_symbolic_link_is_followed_and_kept(tmp_path):
    real = tmp_path / "real.csv"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    write_text(link, "new")
    assert (link.is_symlink(), real.read_text(encoding="utf-8"), partials(tmp_path)) == (True, "new", [])


def test_inside_inputs_kept_no_output_replaces_a_file_the_run_read(tmp_path):
    profile, other = tmp_path / "profile.toml", tmp_path / "other.toml"
    profile.write_text("mine", encoding="utf-8")
    other.write_text("theirs", encoding="utf-8")
    alias = tmp_path / "alias.toml"
    alias.symlink_to(profile)
    with inputs_kept():
        note_input(profile)
        note_input("-")  # standard input names no file
        note_input(tmp_path / "missing.toml")
        for target in (profile, alias):
            with pytest.raises(InputError) as refused:
                write_text(target, "replaced")
            assert str(refused.value) == f"{target}: is a file this command reads ({profile}): write the output to another file (an input is never replaced)"
        write_text(other, "replaced")  # not read by this run
    write_text(alias, "outside")  # outside inputs_kept (a library's own writes): nothing is noted
    assert (profile.read_text(encoding="utf-8"), other.read_text(encoding="utf-8"), partials(tmp_path)) == ("outside", "replaced", [])
