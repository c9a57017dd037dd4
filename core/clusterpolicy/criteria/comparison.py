"""Align several assessments of one profile into criterion rows × regime columns."""

from __future__ import annotations

from collections.abc import Sequence

from .results import Assessment, Comparison, ComparisonRow, Finding


def comparison(assessments: Sequence[Assessment]) -> Comparison:
    """Rows in first-seen order across regimes; ``differs`` says what differs between the cells."""
    order: dict[str, None] = {}
    for a in assessments:
        order.update(dict.fromkeys(f.rule for f in a.findings))
    by_regime = [({f.rule: i for i, f in enumerate(a.findings)}, a.findings) for a in assessments]
    rows = []
    for rule in order:
        index = []
        cells = []
        for positions, findings in by_regime:
            k = positions.get(rule)
            index.append(k)
            if k is not None:
                cells.append(findings[k])
        first = cells[0]
        rows.append(
            ComparisonRow(
                rule=rule, title_zh=first.title_zh, title_en=first.title_en, finding_index=tuple(index),
                differs=_differs(cells, len(cells) < len(index)),
            )
        )  # fmt: skip
    first_a = assessments[0]
    return Comparison(cluster=first_a.cluster, as_of=first_a.as_of, assessments=tuple(assessments), rows=tuple(rows))


def _differs(present: Sequence[Finding], absent: bool) -> tuple[str, ...]:
    first = present[0]
    status = requirement = citation = False
    for c in present[1:]:
        status = status or c.status is not first.status
        requirement = requirement or not _same_requirement(c, first)
        citation = citation or (c.citation is not first.citation and c.citation != first.citation)
    flags = (("presence", absent), ("status", status), ("requirement", requirement), ("citation", citation))
    return tuple(name for name, flag in flags if flag)


def _same_requirement(a: Finding, b: Finding) -> bool:
    return (a.kind, a.op, a.threshold, a.unit, a.soft) == (b.kind, b.op, b.threshold, b.unit, b.soft) and (
        a.parts is b.parts or _requirement(a) == _requirement(b)
    )


def _requirement(f: Finding) -> tuple:
    return (f.kind, f.op, f.threshold, f.unit, f.soft, tuple(_requirement(p) for p in f.parts))
