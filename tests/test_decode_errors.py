"""A file that does not decode is refused with the line and column an editor shows (from 1, in characters)
and the byte's offset in the file (from 0)."""

from __future__ import annotations

import codecs

import pytest

import clusterpolicy
from clusterpolicy import InputError, LoadError


@pytest.mark.parametrize(
    ("raw", "encoding", "problem"),
    [
        # 集群 is six bytes of UTF-8 but two characters: the column counts characters, the offset bytes
        ('name = "集群"\nregion = "东'.encode() + b"\xff\"\n", None,
         "not UTF-8 text (invalid start byte at line 2, column 12, byte offset 29): save the file as UTF-8"),
        # a byte-order mark is no column
        (codecs.BOM_UTF8 + b'name = "\xff"\n', None, "not UTF-8 text (invalid start byte at line 1, column 9, byte offset 11): save the file as UTF-8"),
        # UTF-16 after its byte-order mark: a lone low surrogate on line 2
        (codecs.BOM_UTF16_LE + 'a = 1\nb = "'.encode("utf-16-le") + b"\x00\xdc", None,
         "not utf-16 text (illegal encoding at line 2, column 6, byte offset 24)"),
        ('name = "宁波"\nx = "'.encode("gbk") + b"\x81\x20", "gbk", "not gbk text (illegal multibyte sequence at line 2, column 6, byte offset 19)"),
    ],
)
def test_a_profile_that_does_not_decode_says_line_column_and_byte_offset(tmp_path, raw, encoding, problem):
    path = tmp_path / "p.toml"
    path.write_bytes(raw)
    with pytest.raises(InputError) as info:
        clusterpolicy.load_profile(path, encoding=encoding)
    assert info.value.problems == (problem,)


def test_a_rule_file_that_does_not_decode_says_where_in_both_languages(tmp_path):
    path = tmp_path / "gbk.toml"
    path.write_bytes('[jurisdiction]\nid = "x"\nname_zh = "集群"\n'.encode("gbk"))
    with pytest.raises(InputError) as info:
        clusterpolicy.load_regimes(rules=[path])
    assert str(info.value) == f"{path}: not UTF-8 text (invalid start byte at line 3, column 12, byte offset 35): save the file as UTF-8"
    assert info.value.text("zh") == f"{path}: 不是 UTF-8 文本(第 3 行第 12 列,字节偏移 35:无效的起始字节):请将文件另存为 UTF-8 编码"
    assert not isinstance(info.value, LoadError)


def test_a_batch_row_that_does_not_decode_says_its_cell_or_its_column_in_the_line(tmp_path):
    from inprocess import run

    (tmp_path / "in.csv").write_bytes(b"name,area_km2\nA,5\xff0\n")
    (tmp_path / "in.jsonl").write_bytes(b'{"name": "a", "area_km2": 1}\n{"name": "b\xff"}\n')
    csv_zh = run("batch", "in.csv", "--out", "o.csv", "-r", "national", "--lang", "zh", cwd=tmp_path)
    jsonl = run("batch", "in.jsonl", "--out", "o2.csv", "-r", "national", "--encoding", "utf-8", cwd=tmp_path)
    assert "clusterpolicy: 第 2 行:无法按 utf-8 解码字节 0xff(第 2 列单元格的第 2 个字符;中文版 Windows 上 Excel 保存的文件请用 --encoding gb18030)\n" in csv_zh.stderr
    assert ("clusterpolicy: row 2: cannot decode byte 0xff as utf-8 (column 12 of the line; a file saved by Excel on Chinese Windows: "
            "try --encoding gb18030)\n") in jsonl.stderr  # fmt: skip


def test_utf32_is_read_after_its_mark_and_a_wide_text_without_one_is_named(tmp_path):
    from pathlib import Path

    text = (Path(__file__).parent.parent / "examples" / "strong-national.toml").read_text(encoding="utf-8")
    path = tmp_path / "p.toml"
    path.write_bytes(text.encode("utf-32"))  # with its byte-order mark
    assert clusterpolicy.load_profile(path).name == "宁波市北仑区模具产业集群(示例)"
    for encoding in ("utf-16-le", "utf-16-be", "utf-32-le"):  # no mark: every other byte (or three in four) is 0
        path.write_bytes(text.encode(encoding))
        with pytest.raises(InputError) as err:
            clusterpolicy.load_profile(path)
        assert list(err.value.problems) == [
            "not UTF-8 text: zero bytes between its characters, as in UTF-16 or UTF-32 without a byte-order mark; save the file as UTF-8"
        ], encoding


def test_standard_input_is_read_as_a_file_is_its_byte_order_mark_included():
    from pathlib import Path

    from inprocess import run

    text = (Path(__file__).parent.parent / "examples" / "strong-national.toml").read_text(encoding="utf-8")
    for encoding in ("utf-16", "utf-32"):
        done = run("evaluate", "-", "-r", "national", stdin=text.encode(encoding))
        assert (done.returncode, done.stdout.splitlines()[0]) == (
            0, "National SME characteristic industrial clusters (MIIT) [national] — 宁波市北仑区模具产业集群(示例) (as of 2025-05-20)"
        ), encoding
    wide = run("evaluate", "-", "-r", "national", stdin=text.encode("utf-16-le"))
    assert (wide.returncode, wide.stderr) == (2, "clusterpolicy: error: <stdin>: " + (
        "not UTF-8 text: zero bytes between its characters, as in UTF-16 or UTF-32 without a byte-order mark; save the file as UTF-8\n"))
