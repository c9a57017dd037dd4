"""Align several assessments of one profile into criterion rows × regime columns."""

from __future__ import annotations

from collections.abc import Sequence

from .results import Assessment, Comparison, ComparisonRow, Finding


def comparison(assessments: Sequence[Assessment]) -> Comparison:
    """Rows in first-seen order across regimes; ``differs`` says what differs between the cells."""
    order: dict[str, None] = {}
    for a in assessments:
        order.update(dict.fromkeys(f.rule for f in a.findings))
    by_regime = [{f.rule: f for f in a.findings} for a in assessments]
    rows = []
    for rule in order:
        cells = tuple(index.get(rule) for index in by_regime)
        first = next(c for c in cells if c is not None)
        rows.append(
            ComparisonRow(rule=rule, title_zh=first.title_zh, title_en=first.title_en, cells=cells, differs=_differs(cells))
        )
    first_a = assessments[0]
    return Comparison(cluster=first_a.cluster, as_of=first_a.as_of, assessments=tuple(assessments), rows=tuple(rows))


def _differs(cells: Sequence[Finding | None]) -> tuple[str, ...]:
    present = [c for c in cells if c is not None]
    what = []
    if len(present) < len(cells):
        what.append("presence")
    if len({c.status for c in present}) > 1:
        what.append("status")
    if len({_requirement(c) for c in present}) > 1:
        what.append("requirement")
    if len({c.citation for c in present}) > 1:
        what.append("citation")
    return tuple(what)


def _requirement(f: Finding) -> tuple:
    return (f.kind, f.op, f.threshold, f.unit, f.soft, tuple(_requirement(p) for p in f.parts))
