"""The batch output's layout: its columns and the words it shows, in English or Chinese.

:func:`labels` is the one place a batch output looks up a word a person reads (statuses and
verdicts come from :mod:`clusterpolicy.criteria.render`).

After every regime's columns come, per regime, ``<regime>:declared`` and ``<regime>:waived``: the
ids of the criteria its verdict rests on as declared (``declared_met`` / ``declared_not_met``) or
as waived on the profile's claim, joined by ``;`` (empty: none) — what ``evaluate`` lists as
``declared`` and ``waived`` (RULES.md: every verdict that rests on a declaration says so). They are
made from the status codes alone (:func:`rests_on`), so both engines write them alike. Then
``<regime>:notes``: the remarks the assessment leaves to the authority, ``rule:code`` joined by
``;`` (:data:`~clusterpolicy.criteria.context.REMARKS`: two growth readings that decide
differently, an incident in the running year or after the assessment date). A ``:`` cannot be in
an id, so these names never meet a rule's column.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ..criteria.results import Status
from .screen import OVERALLS, STATUSES

#: what a verdict may rest on: the columns' suffixes and the status codes that put a rule in them
RESTS_ON: tuple[tuple[str, frozenset[int]], ...] = (
    ("declared", frozenset(STATUSES.index(s) for s in (Status.DECLARED_MET, Status.DECLARED_NOT_MET))),
    ("waived", frozenset({STATUSES.index(Status.WAIVED)})),
)


#: every status code that puts a rule in a RESTS_ON column
_RESTING = sorted(set().union(*(wanted for _, wanted in RESTS_ON)))

#: the suffix of the column of a regime's remarks for the authority, after its RESTS_ON columns
NOTES = "notes"

#: each remark code in words, for a worksheet in Chinese (a CSV, JSON Lines and Parquet carry the codes)
REMARK_ZH = {
    "growth_readings_differ": "两种增速读法结论不同",
    "incident_in_running_year": "评估年度内(尚未结束)另有负面清单事项",
    "incident_after_assessment": "评估日之后的负面清单事项未计入",
}


def labels(lang: str) -> dict[str, Any]:
    """Every word a batch output shows a person, in ``lang``: the one place they are looked up."""
    from ..criteria.render import OVERALL_LABEL, STATUS_LABEL

    if lang == "zh":
        return {
            "row": "行号", "name": "集群名称", "error": "问题", "as_of": "评估日期",
            "status": {s: STATUS_LABEL["zh"][s] for s in STATUSES},
            "overall": {o: OVERALL_LABEL["zh"][o] for o in OVERALLS},
            "rests_on": {"declared": "结论依据声明的指标", "waived": "结论以豁免为前提的指标", NOTES: "由主管部门把握的事项"},
        }  # fmt: skip
    return {
        "row": "row", "name": "name", "error": "error", "as_of": "as_of",
        "status": {s: s.value for s in STATUSES}, "overall": {o: o.value for o in OVERALLS},
        "rests_on": {"declared": "declared", "waived": "waived", NOTES: NOTES},
    }  # fmt: skip


def header(regimes: Sequence[Any], lang: str = "en", titles: bool = False) -> list[str]:
    """Column names: ids (``national``, ``national.core.output``), or with ``titles`` the regimes'
    names and the rules' titles in ``lang``."""
    w = labels(lang)
    cols = [w["row"], w["name"], w["error"], w["as_of"]]
    for regime in regimes:
        if titles:
            j = regime.jurisdiction
            name = j.name_zh if lang == "zh" else j.name_en
            cols.append(name)
            cols += [f"{name}:{r.rule.title(lang)}" if lang == "zh" else f"{name}: {r.rule.title(lang)}" for r in regime.criteria]
        else:
            cols.append(regime.id)
            cols += [f"{regime.id}.{r.rule.id}" for r in regime.criteria]
    for regime in regimes:
        name = (regime.jurisdiction.name_zh if lang == "zh" else regime.jurisdiction.name_en) if titles else regime.id
        sep = ": " if titles and lang != "zh" else ":"
        cols += [f"{name}{sep}{w['rests_on'][key] if titles else key}" for key in (*(k for k, _ in RESTS_ON), NOTES)]
    return cols


def notes_cell(notes: Sequence[str], lang: str = "en") -> str:
    """A row's ``<regime>:notes`` cell: its remarks (``rule:code``) joined by ``;``, in Chinese words for ``zh``."""
    if lang != "zh":
        return ";".join(notes)
    return ";".join(f"{rule}:{REMARK_ZH[code]}" for rule, _, code in (n.rpartition(":") for n in notes))


def rests_on(ids: Sequence[str], codes: Sequence[int]) -> list[list[str]]:
    """The rule ids among ``ids`` whose status codes put them in each :data:`RESTS_ON` column
    (a rejected row's codes, -1, put none)."""
    return [[rid for rid, c in zip(ids, codes) if c in wanted] for _, wanted in RESTS_ON]


def per_row(statuses: Any, overall: Any, n: int, render: Callable[[list[int]], Any]) -> list[Any]:
    """``render(codes)`` (the overall code, then each rule's) for each of ``n`` rows, computed once
    per distinct row of codes (many clusters share a pattern)."""
    if hasattr(statuses, "tolist"):
        import numpy as np

        if not n:
            return []
        rows, inverse = _distinct(np.concatenate([np.asarray(overall, dtype=np.int8)[:, None], statuses], axis=1))
        rendered = np.empty(len(rows), dtype=object)
        rendered[:] = [render(u) for u in rows]
        return rendered[inverse].tolist()
    return [render([overall[i], *statuses[i]]) for i in range(n)]


def rests_patterns(statuses: Any, overall: Any, ids: Sequence[str], notes: dict[int, tuple[str, ...]] | None = None
                   ) -> tuple[list[tuple[str, ...] | None], Any]:  # fmt: skip
    """What the verdict rests on and the notes, once per distinct pattern (most rows share one:
    nothing): each pattern's :data:`RESTS_ON` cells then its :data:`NOTES` cell (None for a rejected
    row), and each row's pattern — the same cells as :func:`rests_on` and :func:`notes_cell`, without
    a string per row (numpy status codes, rows × rules; ``notes``: row → remarks)."""
    cells, inverse = _rests_patterns(statuses, overall, ids)
    cells = [None if c is None else (*c, "") for c in cells]
    if notes:
        made: dict[tuple[str, ...], int] = {}
        for i, remarks in notes.items():
            cell = (*cells[inverse[i]][: len(RESTS_ON)], notes_cell(remarks))  # type: ignore[index]
            if cell not in made:
                made[cell] = len(cells)
                cells.append(cell)
            inverse[i] = made[cell]
    return cells, inverse


def _rests_patterns(statuses: Any, overall: Any, ids: Sequence[str]) -> tuple[list[tuple[str, ...] | None], Any]:
    import numpy as np

    s = np.asarray(statuses, dtype=np.int8)
    cells: list[tuple[str, ...] | None] = [("",) * len(RESTS_ON), None]
    flat = s.ravel(order="K")  # the codes in memory order (no copy, whichever order the rows × rules are in)
    if not any(np.any(flat == np.int8(code)) for code in _RESTING):  # the usual chunk: no verdict rests on anything
        return cells, (np.asarray(overall, dtype=np.int8) < 0).astype(np.intp)
    reduced = np.zeros((s.shape[0], s.shape[1] + 1), dtype=np.int8)
    reduced[:, 0] = np.asarray(overall, dtype=np.int8) < 0
    column = np.zeros(len(STATUSES) + 1, dtype=np.int8)  # a status code's RESTS_ON column (k ≥ 1); the last, for -1: none
    for k, (_, wanted) in enumerate(RESTS_ON, 1):
        column[list(wanted)] = k
    reduced[:, 1:] = column[s]
    # pattern 0: nothing, 1: a rejected row; the rows that rest on something, by their distinct patterns
    inverse = reduced[:, 0].astype(np.intp)
    marked = reduced[:, 1:].any(axis=1)
    if marked.any():
        rows, found = _distinct(reduced[marked])
        inverse[marked] = found + 2
        cells += [tuple(";".join(i for i, c in zip(ids, r[1:]) if c == k) for k in range(1, len(RESTS_ON) + 1)) for r in rows]
    return cells, inverse


def _distinct(block: Any) -> tuple[list[list[int]], Any]:
    """The distinct rows of a matrix of int8 codes, and each row's index among them."""
    import numpy as np

    block = np.ascontiguousarray(block, dtype=np.int8)
    keys = block.view(np.dtype((np.void, block.shape[1]))).reshape(-1)  # rows as bytes: np.unique sorts them as memcmp keys
    uniq, inverse = np.unique(keys, return_inverse=True)
    return np.frombuffer(uniq.tobytes(), dtype=np.int8).reshape(len(uniq), block.shape[1]).tolist(), inverse.reshape(-1)
