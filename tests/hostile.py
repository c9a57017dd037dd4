"""Hostile inputs for the suites in test_hostile_*.py: seed documents of every input kind, and
Hypothesis strategies that break them the ways people and programs do (a huge or lookalike
number, an edge date, a wrong type, a deleted or duplicated key, a value from somewhere else)."""

from __future__ import annotations

import copy
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from builders import BASE
from clusterpolicy.convert import read_document

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def _docs(*patterns: str) -> list[dict[str, Any]]:
    return [read_document(p) for pattern in patterns for p in sorted(ROOT.glob(pattern))]


#: Valid documents of each input kind, to be broken.
SEEDS: dict[str, list[dict[str, Any]]] = {
    "profile": [copy.deepcopy(BASE), *_docs("examples/strong-national.toml", "examples/hainan-only.toml", "examples/missing-data.json")],
    "record": _docs("examples/record-*.toml"),
    "recommendations": _docs("examples/recommendations-*.toml"),
    "submission": [d for d in _docs("examples/case-*.toml") if "text" in d or "text_file" in d],
    "rules": _docs("tests/rules/demo.toml", "plugins/*/clusterpolicy_*/*.toml"),
}

#: Values that have broken readers: out of range, lookalike, the wrong type, edge dates.
HOSTILE_VALUES: list[Any] = [
    None, True, False, 0, -1, 2**63, 10**400, -(10**16), 1.5, 1e308, float("inf"), float("nan"),
    "", " ", "x", "1e999999", "1e999999999", "1e400", "-1e-400", "0e999999999", "1e-999999", "９", "４０", "1_000", "٣",
    "NaN", "Infinity", "0.30000000000000004", "9" * 30, "1." + "1" * 50, "2023W011", "20230615", "2023-W01-1",
    "0001-01-02", "9999-12-31", "1899-12-31", "2023-02-29", "２０２４", "02024", " 2024", "x" * 5000, "\u202e\u0000",
    date(1, 1, 2), date(9999, 12, 31), datetime(2024, 1, 1, 12), Decimal("1e999999999"), Decimal("-1e-999999"), Decimal("NaN"),
    [], {}, [1], {"a": 1}, [[[[]]]], {"kind": "threshold"}, {"kind": []}, {"kind": "any_of", "options": []},
]  # fmt: skip
#: Values at the edge of what is accepted (they must be evaluated, not refused or crash).
EDGE_VALUES: list[Any] = [
    "999999999999999", "-999999999999999.9999999999", 999999999999999, "0." + "0" * 39 + "1", "1900-01-01",
    "2199-12-31", date(2199, 12, 31), date(1900, 1, 1), 0, 1, 100, 2000, 2100, "2024", "true", True, [], "national",
]  # fmt: skip
KEYS = ["x", "２０２４", "2024", "kind", "years", "id", "extra", "\u0000"]


def _paths(doc: Any, path: tuple = ()) -> list[tuple]:
    out = [path]
    if isinstance(doc, dict):
        for k, v in doc.items():
            out += _paths(v, (*path, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            out += _paths(v, (*path, i))
    return out


def _at(doc: Any, path: tuple) -> Any:
    for p in path:
        doc = doc[p]
    return doc


@st.composite
def broken(draw: st.DrawFn, kind: str) -> Any:
    """A seed document of ``kind`` with one to four things broken."""
    doc = copy.deepcopy(draw(st.sampled_from(SEEDS[kind])))
    for _ in range(draw(st.integers(1, 4))):
        paths = _paths(doc)
        path = draw(st.sampled_from(paths))
        action = draw(st.sampled_from(["replace", "replace", "edge", "delete", "add", "grow"]))
        target = _at(doc, path)
        if action in ("replace", "edge"):
            value = copy.deepcopy(draw(st.sampled_from(HOSTILE_VALUES if action == "replace" else EDGE_VALUES)))
            if not path:
                doc = value
            else:
                _at(doc, path[:-1])[path[-1]] = value
        elif action == "delete" and path:
            del _at(doc, path[:-1])[path[-1]]
        elif action == "add" and isinstance(target, dict):
            target[draw(st.sampled_from(KEYS))] = copy.deepcopy(draw(st.sampled_from(HOSTILE_VALUES + EDGE_VALUES)))
        elif action == "grow" and isinstance(target, list) and target and len(paths) < 2000:  # grown once, not compounded
            target.extend(copy.deepcopy(target[:1]) * draw(st.integers(1, 200)))
    return doc


def nested(depth: int, as_json: bool) -> str:
    """A profile whose ``extra`` table nests ``depth`` levels deep, as JSON or TOML text."""
    if as_json:
        return '{"name": "x", "extra": ' + '{"a": ' * depth + "1" + "}" * depth + "}"
    return 'name = "x"\nextra = ' + "{a = " * depth + "1" + "}" * depth + "\n"
