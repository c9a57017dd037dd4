"""The batch output's layout: its columns and the words it shows, in English or Chinese.

:func:`labels` is the one place a batch output looks up a word a person reads (statuses and
verdicts come from :mod:`clusterpolicy.criteria.render`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .screen import OVERALLS, STATUSES


def labels(lang: str) -> dict[str, Any]:
    """Every word a batch output shows a person, in ``lang``: the one place they are looked up."""
    from ..criteria.render import OVERALL_LABEL, STATUS_LABEL

    if lang == "zh":
        return {
            "row": "行号", "name": "集群名称", "error": "问题", "as_of": "评估日期",
            "status": {s: STATUS_LABEL["zh"][s] for s in STATUSES},
            "overall": {o: OVERALL_LABEL["zh"][o] for o in OVERALLS},
        }  # fmt: skip
    return {
        "row": "row", "name": "name", "error": "error", "as_of": "as_of",
        "status": {s: s.value for s in STATUSES}, "overall": {o: o.value for o in OVERALLS},
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
    return cols
