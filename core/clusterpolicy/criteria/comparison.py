"""Align several assessments of one profile into criterion rows × regime columns."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .results import Assessment, Comparison, ComparisonRow, Finding

#: Kinds whose findings carry parts that depend on the profile (an any_of's alternatives, a
#: conditional's inner check): their rows compare requirements at every comparison.
_WITH_PARTS = frozenset({"any_of", "conditional"})


class _Row:
    """What a row is whatever the profile: its criterion, where its cells are, and the differences
    that come from the rules alone (presence, requirement, citation)."""

    __slots__ = ("rule", "title_zh", "title_en", "index", "cells", "first", "others", "absent", "requirement", "citation", "parts", "last",
                 "made")  # fmt: skip

    def __init__(self, rule: str, index: tuple[int | None, ...], present: Sequence[Finding]):
        first = present[0]
        self.rule, self.title_zh, self.title_en, self.index = rule, first.title_zh, first.title_en, index
        self.cells = tuple((i, k) for i, k in enumerate(index) if k is not None)
        self.first, self.others = self.cells[0], self.cells[1:]
        self.absent = len(present) < len(index)
        self.parts = any(c.kind in _WITH_PARTS for c in present)
        self.requirement = any(_head(c) != _head(first) for c in present[1:])  # parts, if any, are compared each time
        self.citation = any(c.citation is not first.citation and c.citation != first.citation for c in present[1:])
        #: the findings last compared and their row (findings of fixed outcomes are the same objects every time)
        self.last: tuple[list[Finding], ComparisonRow] | None = None
        #: without parts, a row is one of two, by whether the statuses differ: both made here
        self.made = None if self.parts else {status: self.row(status, self.requirement) for status in (False, True)}

    def row(self, status: bool, requirement: bool) -> ComparisonRow:
        flags = (("presence", self.absent), ("status", status), ("requirement", requirement), ("citation", self.citation))
        differs = tuple(name for name, flag in flags if flag)
        return ComparisonRow(rule=self.rule, title_zh=self.title_zh, title_en=self.title_en, finding_index=self.index, differs=differs)


def comparison(assessments: Sequence[Assessment], regimes: Sequence[Any] | None = None) -> Comparison:
    """Rows in first-seen order across regimes; ``differs`` says what differs between the cells.
    Given the ``regimes`` the assessments come from, the rows' layout is worked out once per set of
    regimes (every assessment of a regime has the same criteria in the same order)."""
    layout = _layout(assessments, regimes)
    found = [a.findings for a in assessments]
    rows = []
    for row in layout:
        i, k = row.first
        first, others = found[i][k], row.others
        if row.made is not None:
            status, differ = first.status, False
            for j, m in others:
                if found[j][m].status is not status:
                    differ = True
                    break
            rows.append(row.made[differ])
            continue
        present = [first] + [found[j][m] for j, m in others]
        last = row.last
        if last is not None and all(a is b for a, b in zip(present, last[0])):
            rows.append(last[1])
            continue
        status = any(c.status is not first.status for c in present[1:])
        made = row.row(status, row.requirement or any(not _same_requirement(c, first) for c in present[1:]))
        row.last = (present, made)
        rows.append(made)
    first_a = assessments[0]
    return Comparison(cluster=first_a.cluster, as_of=first_a.as_of, assessments=tuple(assessments), rows=tuple(rows))


#: Layouts by the identity of the regimes compared (the regimes are kept with them, so an id is never reused).
_LAYOUTS: dict[tuple[int, ...], tuple[tuple[Any, ...], tuple[_Row, ...]]] = {}
_KEPT = 16


def _layout(assessments: Sequence[Assessment], regimes: Sequence[Any] | None) -> tuple[_Row, ...]:
    key = tuple(map(id, regimes)) if regimes is not None else None
    if key is not None:
        hit = _LAYOUTS.get(key)
        if hit is not None and all(a is b for a, b in zip(hit[0], regimes)):
            return hit[1]
    order: dict[str, None] = {}
    for a in assessments:
        order.update(dict.fromkeys(f.rule for f in a.findings))
    by_regime = [({f.rule: i for i, f in enumerate(a.findings)}, a.findings) for a in assessments]
    rows = []
    for rule in order:
        index = tuple(positions.get(rule) for positions, _ in by_regime)
        rows.append(_Row(rule, index, [findings[k] for (_, findings), k in zip(by_regime, index) if k is not None]))
    layout = tuple(rows)
    if key is not None:
        if len(_LAYOUTS) >= _KEPT:
            _LAYOUTS.clear()
        _LAYOUTS[key] = (tuple(regimes), layout)
    return layout


def _head(f: Finding) -> tuple:
    return (f.kind, f.op, f.threshold, f.unit, f.soft)


def _same_requirement(a: Finding, b: Finding) -> bool:
    return _head(a) == _head(b) and (a.parts is b.parts or _requirement(a) == _requirement(b))


def _requirement(f: Finding) -> tuple:
    return (f.kind, f.op, f.threshold, f.unit, f.soft, tuple(_requirement(p) for p in f.parts))
