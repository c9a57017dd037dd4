"""The vocabulary of a diff: how B's rule relates to A's, the direction of one difference, and one
readable line per difference (never a raw dump of a structure).

:mod:`clusterpolicy.regimes.diffrules` finds the differences, :mod:`clusterpolicy.regimes.diff`
assembles them per rule and regime, :mod:`clusterpolicy.regimes.memo` writes them out.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any


from ..model import doc, frozen
from ..numbers import Op


class ChangeKind(str, enum.Enum):
    """How B's rule of an id relates to A's."""

    ADDED = "added"  #: only B has the rule
    REMOVED = "removed"  #: only A has it (B removes it, or starts the family afresh)
    NOT_INHERITED = "not_inherited"  #: only A has it, and it is not inherited by children (A's own level or procedure)
    TIGHTENED = "tightened"  #: B accepts strictly fewer clusters (or asks more of them)
    LOOSENED = "loosened"  #: B accepts strictly more clusters (or asks less of them)
    CHANGED = "changed"  #: different, in no single direction (or not comparable)
    RESTATED = "restated"  #: same requirement; wording, citation or provenance differ


class Direction(str, enum.Enum):
    TIGHTER = "tighter"
    LOOSER = "looser"
    CHANGED = "changed"  #: differs, direction not defined
    NEUTRAL = "neutral"  #: wording or source only


@frozen(kw_only=True)
class Detail:
    """One difference inside a rule."""

    path: str = doc("Field path inside the rule, e.g. check.requirement, soft, waiver, rule.deadline, citation.")
    a: Any = doc("A's value (JSON form; null if absent).")
    b: Any = doc("B's value (JSON form; null if absent).")
    direction: Direction = doc("tighter, looser, changed or neutral.")
    line_zh: str = doc("The difference in one readable line (Chinese), e.g. 要求:≥ 40亿元 → ≥ 30亿元.", default="")
    line_en: str = doc("The difference in one readable line (English), e.g. requirement: ≥ 40亿元 → ≥ 30亿元.", default="")

    def line(self, lang: str) -> str:
        return (self.line_zh if lang == "zh" else self.line_en) or f"{self.path}: {show(self.a, lang)} → {show(self.b, lang)}"


#: Labels of the paths a difference is found at (the last part of the path, without an index).
LABELS: dict[str, tuple[str, str]] = {
    "requirement": ("要求", "requirement"),
    "years": ("年数", "years"),
    "window_years": ("回溯年数", "look-back years"),
    "need": ("须满足项数", "alternatives needed"),
    "options": ("选项", "options"),
    "at_least": ("前列层级", "front-rank level"),
    "values": ("可选值", "accepted values"),
    "soft": ("一般限值", "soft limit"),
    "waiver": ("豁免", "waiver"),
    "check": ("检查方式", "check"),
    "exempt_when": ("豁免条件", "exemption"),
    "fields": ("字段", "fields"),
    "field": ("字段", "field"),
    "bars": ("负面清单", "what disqualifies"),
    "when": ("适用条件", "condition"),
    "deadline": ("截止日", "deadline"),
    "quotas": ("推荐数量", "quotas"),
    "days": ("年度报送日", "annual report day"),
    "term_years": ("有效期(年)", "term (years)"),
    "extension_years": ("复核延长(年)", "extension on review (years)"),
    "batches": ("批次有效期", "batches' validity"),
    "recipient": ("报送对象", "recipient"),
    "reporter": ("报送主体", "reporter"),
    "timing": ("复核时间", "when the review takes place"),
    "checks": ("复核内容", "what the review checks"),
    "applicant": ("申请人", "applicant"),
    "over_quota": ("超出名额的后果", "over-quota consequence"),
    "period": ("期间", "period"),
    "length": ("天数", "days"),
    "steps": ("复核步骤", "review steps"),
    "submitter_kinds": ("报送主体类别", "submitter kinds"),
    "kind": ("种类", "kind"),
    "citation": ("依据", "citation"),
    "provenance": ("来源", "provenance"),
    "title_zh": ("标题", "title"),
    "title_en": ("标题(英文)", "title (English)"),
    "inherited": ("下级是否承继", "inherited by children"),
    "interpretation": ("解读", "interpretation"),
    "materials": ("报送材料", "materials"),
    "delivery": ("报送方式", "delivery"),
    "disqualification": ("取消资格", "disqualification"),
    "evidence": ("附佐证材料", "with evidence"),
    "attachment": ("附件", "attachment"),
    "findings": ("认定情形", "findings"),
    "item": ("条款", "article"),
    "year": ("年度", "year"),
}

WORD = {
    "zh": {Direction.TIGHTER: "从严", Direction.LOOSER: "放宽", Direction.CHANGED: "改变", Direction.NEUTRAL: "措辞"},
    "en": {Direction.TIGHTER: "tighter", Direction.LOOSER: "looser", Direction.CHANGED: "changed", Direction.NEUTRAL: "wording"},
}


def label(path: str, lang: str) -> str:
    """The readable name of a path: its last part (``check.options[1].requirement`` → option 2: requirement)."""
    import re

    parts = []
    for piece in path.split("."):
        m = re.fullmatch(r"(\w+)\[(\d+)\]", piece)
        if m and m.group(1) == "options":
            parts.append(f"选项{int(m.group(2)) + 1}" if lang == "zh" else f"option {int(m.group(2)) + 1}")
        elif m:
            name = LABELS.get(m.group(1), (m.group(1), m.group(1)))[0 if lang == "zh" else 1]
            parts.append(f"{name}[{int(m.group(2)) + 1}]")
        elif piece in ("check", "rule", "then", "ground") and piece != path:
            continue
        else:
            parts.append(LABELS.get(piece, (piece, piece))[0 if lang == "zh" else 1])
    return ("·" if lang == "zh" else " · ").join(parts) or path


def show(v: Any, lang: str = "en") -> str:
    """A value in words: dates, decimals, booleans, lists and citations as people write them."""
    from ..numbers import fmt

    if v is None:
        return "—"
    if isinstance(v, bool):
        return ("是" if v else "否") if lang == "zh" else ("true" if v else "false")
    if isinstance(v, Decimal):
        return fmt(v)
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, enum.Enum):
        return str(v.value)
    if isinstance(v, dict):
        if "document" in v:
            item = v.get("item") or ("(条款未知)" if lang == "zh" else "(article not known)")
            return f"{v['document']} {item}"
        suffix = "_zh" if lang == "zh" else "_en"
        for named in ("title", "note"):  # a material, a step, a disqualification: named by its words
            if f"{named}{suffix}" in v:
                extra = [show(v[k], lang) for k in ("attachment",) if v.get(k)]
                extra += [LABELS["evidence"][0 if lang == "zh" else 1]] if v.get("evidence") else []
                return v[f"{named}{suffix}"] + (f" ({', '.join(extra)})" if extra else "")
        shown = {k: x for k, x in v.items() if not k.endswith(("_en", "_zh")) or k.endswith(suffix)}
        return ", ".join(f"{label(k, lang)} {show(x, lang)}" for k, x in shown.items())
    if isinstance(v, (list, tuple)):
        sep = "; " if any(isinstance(x, dict) for x in v) else "、" if lang == "zh" else ", "
        return sep.join(show(x, lang) for x in v) or "—"
    return str(v)


def detail(path: str, a: Any, b: Any, direction: Direction, render: Callable[[Any, str], str] | None = None, json: bool = True) -> Detail:
    """A difference with its readable lines; ``render(value, lang)`` puts a value in words (default
    :func:`show`); ``json = False`` when ``a`` and ``b`` are already in JSON form."""
    from ..convert import unstructure

    ja, jb = (_json(a, unstructure), _json(b, unstructure)) if json else (a, b)
    words = render or show
    lines = {}
    for lang in ("zh", "en"):
        x = "—" if a is None else words(a, lang)
        y = "—" if b is None else words(b, lang)
        lines[lang] = f"{label(path, lang)}:{x} → {y}" if lang == "zh" else f"{label(path, lang)}: {x} → {y}"
    return Detail(path=path, a=ja, b=jb, direction=direction, line_zh=lines["zh"], line_en=lines["en"])


def _json(v: Any, unstructure: Any) -> Any:
    if v is None or isinstance(v, (bool, int, str)):
        return v
    if hasattr(type(v), "KIND"):
        return {"kind": v.KIND, **unstructure(v)}
    return unstructure(v)


# --- requirements as sets of accepted values -----------------------------------------------------


def _interval(op: Op, v: Decimal) -> tuple[Decimal | None, bool, Decimal | None, bool]:
    """(low, low inclusive, high, high inclusive); None = unbounded."""
    return {
        Op.GE: (v, True, None, False),
        Op.GT: (v, False, None, False),
        Op.LE: (None, False, v, True),
        Op.LT: (None, False, v, False),
        Op.EQ: (v, True, v, True),
    }[op]


def _within(x: tuple, y: tuple) -> bool:
    """Whether interval ``x`` ⊆ interval ``y``."""
    xl, xli, xh, xhi = x
    yl, yli, yh, yhi = y
    low = yl is None or (xl is not None and (xl > yl or (xl == yl and (yli or not xli))))
    high = yh is None or (xh is not None and (xh < yh or (xh == yh and (yhi or not xhi))))
    return low and high


def requirement_direction(op_a: Op, value_a: Decimal, op_b: Op, value_b: Decimal) -> Direction | None:
    """Tighter if B's requirement accepts strictly fewer values than A's; None if the same set."""
    ia, ib = _interval(op_a, value_a), _interval(op_b, value_b)
    b_in_a, a_in_b = _within(ib, ia), _within(ia, ib)
    if b_in_a and a_in_b:
        return None
    if b_in_a:
        return Direction.TIGHTER
    if a_in_b:
        return Direction.LOOSER
    return Direction.CHANGED


def by_order(a: Any, b: Any, smaller_is: Direction) -> Direction:
    """The direction of a change of an ordered value: ``smaller_is`` when B's is smaller."""
    if a == b:
        return Direction.NEUTRAL
    other = Direction.LOOSER if smaller_is is Direction.TIGHTER else Direction.TIGHTER
    return smaller_is if b < a else other
