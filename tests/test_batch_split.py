"""The C splitter (``batch/_split.c``) reads a CSV's rows exactly as Arrow's reader does.

Plain rows — commas, cells in quotes, CRLF or LF — are split in C; from the first row it does not
read (a quote inside a cell, a line break inside quotes, a carriage return alone, the wrong number
of cells) Arrow's reader reads on, and from a row Arrow cannot read, the text reader. Whichever
reads a row, its number, its cells and why it is rejected are the same.
"""

from __future__ import annotations

import importlib.util
import os
from datetime import date
from unittest import mock

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from batch_support import fresh_regimes

pytest.importorskip("pyarrow")
if importlib.util.find_spec("clusterpolicy.batch._split") is None:
    pytest.skip("clusterpolicy.batch._split is not built", allow_module_level=True)

from clusterpolicy.batch import arrowio  # noqa: E402
from clusterpolicy.batch.readers import open_table  # noqa: E402
from clusterpolicy.batch.screen import evaluate_many  # noqa: E402

REGIMES = fresh_regimes(with_testland=False)

HEADER = b"name,area_km2,within_one_county\n"

#: Pieces of a line: plain, quoted and odd cells, commas and every kind of line end.
PIECE = st.sampled_from(
    [b"a", b"12.5", b"", b",", b",", b",", b"\n", b"\r\n", b"\n", b"\r", b'"x,y"', b'"say ""hi"""', b'""', b'"', b"a\"b",
     '集群'.encode(), b"\xff", b" ", b'"two\nlines"', b'"q" ', b"\n\n", b",,\n"]
)  # fmt: skip


def _rows(path, size: int) -> list[tuple]:
    """Every row as the batch gives it: number, name, problems and statuses."""
    rows = evaluate_many(path, [REGIMES["national"]], as_of=date(2025, 5, 20), reader="arrow", chunk_size=size)
    return [(r.row, r.name, r.errors, r.results) for r in rows]


def _both(path, size: int, read_bytes: int, first: int = arrowio.FIRST_ROWS) -> tuple[list, list]:
    with mock.patch.object(arrowio, "READ_BYTES", read_bytes), mock.patch.object(arrowio, "FIRST_ROWS", first):
        split = _rows(path, size)
    with mock.patch.object(arrowio, "_split", None):
        arrow = _rows(path, size)
    return split, arrow


@settings(max_examples=int(os.environ.get("CLUSTERPOLICY_BATCH_EXAMPLES", "60")) * 4, deadline=None)
@given(body=st.lists(PIECE, max_size=40), size=st.sampled_from([1, 2, 5, 16384]), read_bytes=st.sampled_from([1, 7, 64, 1 << 23]),
       first=st.sampled_from([1, 3, 4096]))
@example(body=[b"a", b",", b"1", b",", b"true", b"\r"], size=5, read_bytes=7, first=3)  # a CR at the end of what was read
@example(body=[b'"x,y"', b",", b'"say ""hi"""', b",", b"\n"], size=5, read_bytes=1, first=4096)  # a row grown byte by byte
def test_the_splitter_gives_every_row_as_arrows_reader_gives_it(tmp_path_factory, body, size, read_bytes, first):
    path = tmp_path_factory.mktemp("split") / "in.csv"
    path.write_bytes(HEADER + b"".join(body))
    split, arrow = _both(path, size, read_bytes, first)
    assert split == arrow


def test_the_first_block_is_short_so_the_evaluation_starts_sooner(tmp_path):
    """The splitter's first block has ``FIRST_ROWS`` rows (4,096), the next ones the chunk size; the
    rows and their numbers are those of blocks all alike."""
    path = tmp_path / "in.csv"
    path.write_bytes(HEADER + b"".join(b"c%d,%d.5,true\n" % (i, i) for i in range(10_000)))
    blocks = list(open_table(path, reader="arrow").iter_blocks(6000))
    assert [len(b) for b in blocks] == [4096, 5904]
    assert [int(n) for b in blocks for n in b.numbers] == list(range(2, 10_002))
    with mock.patch.object(arrowio, "FIRST_ROWS", 6000):
        assert [len(b) for b in open_table(path, reader="arrow").iter_blocks(6000)] == [6000, 4000]
    assert _both(path, 6000, 1 << 23, 4096)[0] == _both(path, 6000, 1 << 23, 6000)[0]


def test_plain_and_quoted_rows_are_split_in_c_and_the_rest_by_arrow(tmp_path, monkeypatch):
    """A quoted cell with commas and doubled quotes stays in C; a quote inside a cell hands the
    rest of the file to Arrow, whose rows keep their numbers (an unreadable row's too)."""
    path = tmp_path / "in.csv"
    path.write_bytes(HEADER + b'"a, b",1,true\r\n\r\n"say ""hi""",2,false\nx"y,3,true\nshort,4\nz,5,true\n')
    made = []
    split_block = arrowio._split_block
    monkeypatch.setattr(arrowio, "_split_block", lambda *a: made.append(1) or split_block(*a))
    rows = _rows(path, 100)
    assert [(r[0], r[1], r[2]) for r in rows] == [
        (2, "a, b", ()), (4, 'say "hi"', ()), (5, 'x"y', ()), (6, None, ("row 6: has 2 cells, the header has 3",)), (7, "z", ()),
    ]  # fmt: skip
    with mock.patch.object(arrowio, "_split", None):
        assert _rows(path, 100) == rows
    assert made == [1]  # rows 2 to 4 were split in C; Arrow read from row 5 on


def test_a_row_longer_than_what_is_read_at_a_time_is_read_whole(tmp_path):
    path = tmp_path / "in.csv"
    long = "集" * 5000
    path.write_bytes(HEADER + f"{long},1,true\nb,2,false\n".encode())
    split, arrow = _both(path, 16384, 64)
    assert split == arrow
    assert [(r[0], r[1], r[2]) for r in split] == [(2, long, ()), (3, "b", ())]


def test_a_cell_that_is_not_utf8_rejects_its_row_only(tmp_path):
    path = tmp_path / "in.csv"
    path.write_bytes(HEADER + b"ok,1,true\nbad \xfe,2,false\nfine,3,true\n")
    split, arrow = _both(path, 16384, 1 << 23)
    assert split == arrow
    assert [r[0] for r in split if r[2]] == [3]
