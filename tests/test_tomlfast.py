"""The fast reader of plain TOML (clusterpolicy.tomlfast) reads what tomli reads, or leaves it to tomli."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import tomli
from hypothesis import given, settings
from hypothesis import strategies as st

from clusterpolicy import tomlfast
from clusterpolicy.convert import parse_document
from clusterpolicy.parsing import _toml_decimal
from clusterpolicy.errors import InputError
from clusterpolicy.limits import MAX_DEPTH

ROOT = Path(__file__).resolve().parent.parent


def tomli_reading(text: str):
    try:
        return tomli.loads(text, parse_float=_toml_decimal)
    except (ValueError, RecursionError) as exc:
        return type(exc)


def test_a_profile_is_read_as_tomli_reads_it():
    text = (ROOT / "examples" / "strong-national.toml").read_text(encoding="utf-8")
    data = tomlfast.loads(text, _toml_decimal)
    assert data == tomli_reading(text)
    assert data["years"]["2024"]["total_output"] == Decimal("214.3")
    assert data["incidents"][0]["date"] == date(2023, 8, 14)


@pytest.mark.parametrize("path", sorted(p.relative_to(ROOT).as_posix() for d in ("examples", "plugins", "tests") for p in (ROOT / d).rglob("*.toml")))
def test_every_toml_file_of_the_project_reads_the_same_or_is_left_to_tomli(path):
    text = (ROOT / path).read_text(encoding="utf-8")
    data = tomlfast.loads(text, _toml_decimal)
    assert data is None or data == tomli_reading(text)


@pytest.mark.parametrize(
    "text, expected",
    [
        ('a = 1\nb = -2_000\nc = +0\n', {"a": 1, "b": -2000, "c": 0}),
        ('x = 1.5e3\ny = 1_0.2_5\n', {"x": Decimal("1.5e3"), "y": Decimal("10.25")}),
        ("s = 'C:\\dir' # literal\r\nt = \"你好\"\t\n", {"s": "C:\\dir", "t": "你好"}),
        ("d = 2024-02-29\n[t]\n", {"d": date(2024, 2, 29), "t": {}}),
        ("l = [1, 'a', 2.5, true, 2024-01-01,]\ne = [ ]\n", {"l": [1, "a", Decimal("2.5"), True, date(2024, 1, 1)], "e": []}),
        ("[a.b]\nx = 1\n[a]\ny = 2\n[[a.c]]\n[[a.c]]\nz = 3\n[a.c.d]\n", {"a": {"b": {"x": 1}, "y": 2, "c": [{}, {"z": 3, "d": {}}]}}),
        ("[ years . 2024 ]  # spaces\n", {"years": {"2024": {}}}),
        ("a = 1", {"a": 1}),
        ("", {}),
        ("[a]\r\nb = 2\r\n", {"a": {"b": 2}}),
    ],
)
def test_plain_toml_is_read_here(text, expected):
    assert tomlfast.loads(text, _toml_decimal) == expected == tomli_reading(text)


@pytest.mark.parametrize(
    "text",
    [
        "a = 1\na = 2\n", "[a]\n[a]\n", "a = 1\n[a]\n", "a = []\n[[a]]\n", "[[a]]\n[a]\n", "[a]\n[[a]]\n",
        "a = 01\n", "a = 0x1F\n", "a = inf\n", "a = nan\n", "a = 1.\n", "a = .5\n", "a = 1__0\n", "a = 2024-02-30\n",
        "a = 2024-01-01T10:00:00\n", "a = 2024-01-01 10:00:00\n", "a = 10:00:00\n", 'a = "x\\ty"\n', 'a = """x"""\n',
        "a = '''x'''\n", "a = \"x\x01\"\n", "# \x7f\n", "a = 1\rb = 2\n", "a.b = 1\n", '"a" = 1\n', "a = {b = 1}\n",
        "a = [[1], [2]]\n", "a = [1,,2]\n", "a = [,]\n", "a = [\n1]\n", "a = 1 2\n", "a = truex\n", "a =\n", "[a.]\n",
        "[" + ".".join("k" * 17) + "]\n", "a = " + "9" * 5000 + "\n", "ключ = 1\n", "a = 1\r", "a = 1\nb = 2\r",
    ],
)
def test_anything_else_is_left_to_tomli(text):
    assert tomlfast.loads(text, _toml_decimal) is None


def test_a_deep_header_gets_the_nesting_check_of_the_text():
    text = "[" + ".".join(["k"] * 40) + "]\n"
    with pytest.raises(InputError) as caught:
        parse_document(text, "p.toml", as_json=False)
    assert caught.value.problems == ("line 1: nested deeper than 32 levels",)


def test_what_is_read_here_needs_no_nesting_check():
    keys = [f"k{i}" for i in range(tomlfast.MAX_HEADER_KEYS)]  # each an array of tables: two levels a key
    text = "".join(f"[[{'.'.join(keys[: i + 1])}]]\n" for i in range(len(keys))) + "v = [1]\n"
    data = tomlfast.loads(text, _toml_decimal)
    assert data == tomli_reading(text)
    deepest = data
    for k in keys:
        deepest = deepest[k][0]
    assert deepest == {"v": [1]}  # the root, two levels for each key and the value's array: MAX_DEPTH
    assert 2 + 2 * len(keys) == MAX_DEPTH
    assert tomlfast.loads(f"[[{'.'.join([*keys, 'one_more'])}]]\n", _toml_decimal) is None


_KEY = st.sampled_from(["a", "b", "c", "2024", "x-y", "k_1"])
_VALUE = st.sampled_from(
    ["1", "-0", "+12", "1_000", "01", "0x10", "1.5", "-0.0", "1e3", "1.5E-2", "1_0.0_1", "1.", "inf", "nan", "true", "false",
     "truex", '"s"', '"中文"', '""', '"a\\nb"', "'lit'", "''", "'''x'''", "2024-01-31", "2024-02-30", "2024-01-01T00:00:00",
     "2024-01-01 00:00", "[]", "[1, 2]", "[1,]", "['a', \"b\"]", "[[1]]", "[1 2]", "{}", "{a = 1}", '"x\x01"']
)  # fmt: skip
_LINE = st.one_of(
    st.builds(lambda k, v, ws, c: f"{ws}{k}{ws}={ws}{v}{c}", _KEY, _VALUE, st.sampled_from(["", " ", "\t"]), st.sampled_from(["", " # n", "#x\x7f"])),
    st.builds(lambda ks, arr: ("[[{}]]" if arr else "[{}]").format(".".join(ks)), st.lists(_KEY, min_size=1, max_size=3), st.booleans()),
    st.sampled_from(["", "# comment", "  # 注释", "[a", "a.b = 1", "\r", "=1"]),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_LINE, max_size=12), st.sampled_from(["\n", "\r\n"]))
def test_what_is_read_here_is_what_tomli_reads(lines, newline):
    text = newline.join(lines)
    data = tomlfast.loads(text, _toml_decimal)
    assert data is None or data == tomli_reading(text)
