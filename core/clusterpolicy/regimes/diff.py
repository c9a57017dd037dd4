"""What one regime changes relative to another: rules added, removed, tightened, loosened, changed.

Works on any two resolved regimes (a province and its parent, two provinces, a rule file and the
built-in it revises) and across every family in :data:`clusterpolicy.regimes.families.FAMILIES`. Criteria
are compared with knowledge of their check kinds: a requirement ``op value`` is a set of accepted
values, and B *tightens* A when it accepts strictly fewer (``≥ 40`` → ``≥ 50``, ``≥ 70`` → ``> 70``),
*loosens* it when it accepts strictly more. Soft limits and waivers loosen; more years in 近N年
tighten; a higher any-of count tightens. Rules of other families are compared field by field.
Wording, titles, citations and provenance never decide a direction: a rule whose requirement is
the same but whose source differs is *restated*.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from attrs import frozen

from ..model import Citation, doc
from ..numbers import Op, fmt


class ChangeKind(str, enum.Enum):
    """How B's rule of an id relates to A's."""

    ADDED = "added"  #: only B has the rule
    REMOVED = "removed"  #: only A has it (B removes it, or does not inherit it)
    TIGHTENED = "tightened"  #: B accepts strictly fewer clusters
    LOOSENED = "loosened"  #: B accepts strictly more clusters
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

    path: str = doc("Field path inside the rule, e.g. check.requirement, soft, waiver, citation.")
    a: Any = doc("A's value (JSON form; null if absent).")
    b: Any = doc("B's value (JSON form; null if absent).")
    direction: Direction = doc("tighter, looser, changed or neutral.")


@frozen(kw_only=True)
class RuleDiff:
    """One rule id whose presence or content differs between A and B."""

    family: str = doc("Rule family, e.g. criteria, timelines.")
    id: str = doc("Rule id.")
    change: ChangeKind = doc("added, removed, tightened, loosened, changed or restated.")
    title_zh: str = doc("Title (Chinese), B's if B has the rule.")
    title_en: str = doc("Title (English).")
    details: tuple[Detail, ...] = doc("What differs, field by field.", default=())
    citation_a: Citation | None = doc("Where A states the rule (null if A lacks it).", default=None)
    citation_b: Citation | None = doc("Where B states the rule, or where B removes it.", default=None)
    origin_a: str | None = doc("Jurisdiction that wrote A's rule.", default=None)
    origin_b: str | None = doc("Jurisdiction that wrote B's rule (or removed it).", default=None)
    note_zh: str | None = doc("B's reason for a removal (Chinese).", default=None)
    note_en: str | None = doc("B's reason for a removal (English).", default=None)


@frozen(kw_only=True)
class RegimeDiff:
    """What regime B changes relative to regime A."""

    a: str = doc("Regime A (the reference).")
    b: str = doc("Regime B (the one described).")
    a_name_zh: str = doc("A's name (Chinese).")
    a_name_en: str = doc("A's name (English).")
    b_name_zh: str = doc("B's name (Chinese).")
    b_name_en: str = doc("B's name (English).")
    changes: tuple[RuleDiff, ...] = doc("Rules that differ, family by family, in B's order then A's.")
    unchanged: dict[str, int] = doc("Per family, how many rules are identical in A and B.")


def diff_regimes(a: Any, b: Any) -> RegimeDiff:
    """Compare two resolved :class:`~clusterpolicy.regimes.build.Regime` objects (B relative to A)."""
    from .families import FAMILIES

    changes: list[RuleDiff] = []
    unchanged: dict[str, int] = {}
    for family in FAMILIES:
        rules_a = {r.id: r for r in getattr(a, family)}
        rules_b = {r.id: r for r in getattr(b, family)}
        removals_b = {x.removal.id: x for x in b.removed if x.family == family}
        same = 0
        for rid in list(rules_b) + [i for i in rules_a if i not in rules_b]:
            ra, rb = rules_a.get(rid), rules_b.get(rid)
            if ra is not None and rb is not None and ra.rule == rb.rule:
                same += 1
                continue
            changes.append(_rule_diff(family, rid, ra, rb, removals_b.get(rid), b.lineage))
        unchanged[family] = same
    j_a, j_b = a.jurisdiction, b.jurisdiction
    return RegimeDiff(
        a=j_a.id,
        b=j_b.id,
        a_name_zh=j_a.name_zh,
        a_name_en=j_a.name_en,
        b_name_zh=j_b.name_zh,
        b_name_en=j_b.name_en,
        changes=tuple(changes),
        unchanged=unchanged,
    )


def _rule_diff(family: str, rid: str, ra: Any, rb: Any, removal: Any, lineage_b: tuple[str, ...] = ()) -> RuleDiff:
    shown = (rb or ra).rule
    common = dict(
        family=family,
        id=rid,
        title_zh=getattr(shown, "title_zh", rid),
        title_en=getattr(shown, "title_en", rid),
        citation_a=getattr(ra.rule, "citation", None) if ra else None,
        origin_a=ra.origin if ra else None,
    )
    if ra is None:
        return RuleDiff(change=ChangeKind.ADDED, citation_b=rb.rule.citation, origin_b=rb.origin, **common)
    if rb is None:
        if removal is not None:
            r = removal.removal
            return RuleDiff(
                change=ChangeKind.REMOVED,
                citation_b=r.citation,
                origin_b=removal.jurisdiction,
                note_zh=r.reason_zh,
                note_en=r.reason_en,
                **common,
            )
        if ra.origin in lineage_b:  # B descends from the rule's author but starts afresh
            return RuleDiff(
                change=ChangeKind.REMOVED,
                note_zh="未继承:该制度此类规则不沿用上级(inherit = false)",
                note_en="not inherited: B starts this family from no rules (inherit = false)",
                **common,
            )
        return RuleDiff(change=ChangeKind.REMOVED, **common)
    details = compare_rules(family, ra.rule, rb.rule)
    return RuleDiff(
        change=_overall(details), details=tuple(details), citation_b=rb.rule.citation, origin_b=rb.origin, **common
    )


def _overall(details: list[Detail]) -> ChangeKind:
    directions = {d.direction for d in details} - {Direction.NEUTRAL}
    if not directions:
        return ChangeKind.RESTATED
    if directions == {Direction.TIGHTER}:
        return ChangeKind.TIGHTENED
    if directions == {Direction.LOOSER}:
        return ChangeKind.LOOSENED
    return ChangeKind.CHANGED


# --- rule comparison ----------------------------------------------------------------------------

#: Field names that carry wording or sources, never requirements.
NEUTRAL_FIELDS = frozenset(
    {"title_zh", "title_en", "indicator", "citation", "provenance", "labels_zh", "labels_en", "note_zh", "note_en",
     "reason_zh", "reason_en", "quote", "unit", "description_zh", "description_en", "subtopics_zh", "subtopics_en"}
)  # fmt: skip


def compare_rules(family: str, a: Any, b: Any) -> list[Detail]:
    """Field-level differences between two rules of one id; criteria get directions."""
    from ..convert import unstructure

    if family == "criteria":
        return _compare_criterion(a, b)
    return _generic("", unstructure(a), unstructure(b))


def _generic(path: str, a: Any, b: Any, neutral: bool = False) -> list[Detail]:
    """Leaf differences of two JSON values; anything under a wording/source field is neutral,
    the rest 'changed' (no direction is guessed for fields we do not understand)."""
    if a == b:
        return []
    neutral = neutral or path.rsplit(".", 1)[-1].split("[", 1)[0] in NEUTRAL_FIELDS
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for k in list(a) + [k for k in b if k not in a]:
            out += _generic(f"{path}.{k}" if path else k, a.get(k), b.get(k), neutral)
        return out
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        out = []
        for i, (x, y) in enumerate(zip(a, b)):
            out += _generic(f"{path}[{i}]", x, y, neutral)
        return out
    return [Detail(path=path, a=a, b=b, direction=Direction.NEUTRAL if neutral else Direction.CHANGED)]


def _compare_criterion(a: Any, b: Any) -> list[Detail]:
    from ..convert import unstructure

    out: list[Detail] = []
    for name in ("title_zh", "title_en", "indicator", "citation", "provenance"):
        out += _generic(name, unstructure(getattr(a, name)), unstructure(getattr(b, name)), neutral=True)
    if a.soft != b.soft:
        out.append(Detail(path="soft", a=a.soft, b=b.soft, direction=Direction.LOOSER if b.soft else Direction.TIGHTER))
    if a.waiver != b.waiver:
        if a.waiver is None or b.waiver is None:
            direction = Direction.LOOSER if b.waiver is not None else Direction.TIGHTER
            out.append(Detail(path="waiver", a=unstructure(a.waiver), b=unstructure(b.waiver), direction=direction))
        else:
            out += _generic("waiver", unstructure(a.waiver), unstructure(b.waiver))
    out += compare_checks("check", a.check, b.check)
    return out


def compare_checks(path: str, a: Any, b: Any) -> list[Detail]:
    """Differences between two checks, with a direction where the kind defines one."""
    from ..convert import unstructure

    if a == b:
        return []
    if type(a) is not type(b):
        return [Detail(path=path, a=_check_json(a), b=_check_json(b), direction=Direction.CHANGED)]
    compare = _CHECK_COMPARERS.get(type(a).KIND)
    if compare is None:
        return _generic(path, unstructure(a), unstructure(b))
    return compare(path, a, b)


def _check_json(check: Any) -> Any:
    from ..convert import unstructure

    return {"kind": check.KIND, **unstructure(check)}


# Requirements as sets of accepted values: (low, low inclusive, high, high inclusive); None = unbounded.
def _interval(op: Op, v: Decimal) -> tuple[Decimal | None, bool, Decimal | None, bool]:
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


def _requirement(path: str, a: Any, b: Any, same_measure: bool) -> list[Detail]:
    if a.op == b.op and a.value == b.value:
        return []
    direction = requirement_direction(a.op, a.value, b.op, b.value) if same_measure else Direction.CHANGED
    if direction is None:
        direction = Direction.NEUTRAL  # e.g. 40 vs 40.0: the same requirement written differently
    unit_a, unit_b = getattr(a, "unit", "%"), getattr(b, "unit", "%")
    return [
        Detail(
            path=f"{path}.requirement",
            a=f"{a.op.symbol} {fmt(a.value)}{unit_a}",
            b=f"{b.op.symbol} {fmt(b.value)}{unit_b}",
            direction=direction,
        )
    ]


def _fields_detail(path: str, a: Any, b: Any, names: tuple[str, ...]) -> tuple[list[Detail], bool]:
    """Details for the fields that say *what* is measured; whether they are all equal."""
    from ..convert import unstructure

    out = []
    for n in names:
        va, vb = getattr(a, n), getattr(b, n)
        if va != vb:
            out.append(Detail(path=f"{path}.{n}", a=unstructure(va), b=unstructure(vb), direction=Direction.CHANGED))
    return out, not out


def _neutral(path: str, a: Any, b: Any, names: tuple[str, ...]) -> list[Detail]:
    from ..convert import unstructure

    return [
        Detail(path=f"{path}.{n}", a=unstructure(getattr(a, n)), b=unstructure(getattr(b, n)), direction=Direction.NEUTRAL)
        for n in names
        if getattr(a, n) != getattr(b, n)
    ]


def _cmp_threshold(path: str, a: Any, b: Any) -> list[Detail]:
    out, same = _fields_detail(path, a, b, ("fields",))
    return out + _requirement(path, a, b, same) + _neutral(path, a, b, ("unit",))


def _cmp_each_year(path: str, a: Any, b: Any) -> list[Detail]:
    out, same = _fields_detail(path, a, b, ("field",))
    if a.years != b.years:
        # Each of more years must meet the requirement: more years accept fewer clusters.
        direction = Direction.TIGHTER if b.years > a.years else Direction.LOOSER
        out.append(Detail(path=f"{path}.years", a=a.years, b=b.years, direction=direction if same else Direction.CHANGED))
    return out + _requirement(path, a, b, same) + _neutral(path, a, b, ("unit",))


def _cmp_share(path: str, a: Any, b: Any) -> list[Detail]:
    out, same = _fields_detail(path, a, b, ("numerator", "denominator", "per"))
    return out + _requirement(path, a, b, same) + _neutral(path, a, b, ("unit",))


def _cmp_growth(path: str, a: Any, b: Any) -> list[Detail]:
    out, same = _fields_detail(path, a, b, ("field", "years"))
    return out + _requirement(path, a, b, same)


def _cmp_rank(path: str, a: Any, b: Any) -> list[Detail]:
    out, same = _fields_detail(path, a, b, ("field",))
    if a.at_least != b.at_least:
        direction = Direction.TIGHTER if b.at_least.order > a.at_least.order else Direction.LOOSER
        out.append(Detail(path=f"{path}.at_least", a=a.at_least.value, b=b.at_least.value, direction=direction if same else Direction.CHANGED))
    return out


def _cmp_in_set(path: str, a: Any, b: Any) -> list[Detail]:
    out, same = _fields_detail(path, a, b, ("field",))
    sa, sb = set(a.values), set(b.values)
    if sa != sb:
        if not same:
            direction = Direction.CHANGED
        elif sb < sa:
            direction = Direction.TIGHTER
        elif sa < sb:
            direction = Direction.LOOSER
        else:
            direction = Direction.CHANGED
        out.append(Detail(path=f"{path}.values", a=list(a.values), b=list(b.values), direction=direction))
    return out


def _cmp_any_of(path: str, a: Any, b: Any) -> list[Detail]:
    out: list[Detail] = []
    if a.need != b.need:
        direction = Direction.TIGHTER if b.need > a.need else Direction.LOOSER
        out.append(Detail(path=f"{path}.need", a=a.need, b=b.need, direction=direction))
    n = min(len(a.options), len(b.options))
    for i in range(n):
        out += compare_checks(f"{path}.options[{i}]", a.options[i], b.options[i])
    for i in range(n, len(b.options)):  # another way to qualify
        out.append(Detail(path=f"{path}.options[{i}]", a=None, b=_check_json(b.options[i]), direction=Direction.LOOSER))
    for i in range(n, len(a.options)):
        out.append(Detail(path=f"{path}.options[{i}]", a=_check_json(a.options[i]), b=None, direction=Direction.TIGHTER))
    return out + _neutral(path, a, b, ("labels_zh", "labels_en"))


def _cmp_conditional(path: str, a: Any, b: Any) -> list[Detail]:
    from ..convert import unstructure

    out = []
    if a.when != b.when:
        out.append(Detail(path=f"{path}.when", a=unstructure(a.when), b=unstructure(b.when), direction=Direction.CHANGED))
    return out + compare_checks(f"{path}.then", a.then, b.then)


def _cmp_negative_list(path: str, a: Any, b: Any) -> list[Detail]:
    from ..convert import unstructure

    out = []
    if a.window_years != b.window_years:
        direction = Direction.TIGHTER if b.window_years > a.window_years else Direction.LOOSER
        out.append(Detail(path=f"{path}.window_years", a=a.window_years, b=b.window_years, direction=direction))
    if a.bars != b.bars:
        out.append(Detail(path=f"{path}.bars", a=unstructure(a.bars), b=unstructure(b.bars), direction=Direction.CHANGED))
    return out


def _cmp_prerequisite(path: str, a: Any, b: Any) -> list[Detail]:
    from ..convert import unstructure

    out, _ = _fields_detail(path, a, b, ("field",))
    if a.exempt_when != b.exempt_when:
        if a.exempt_when is None or b.exempt_when is None:
            direction = Direction.LOOSER if b.exempt_when is not None else Direction.TIGHTER
        else:
            direction = Direction.CHANGED
        out.append(
            Detail(path=f"{path}.exempt_when", a=unstructure(a.exempt_when), b=unstructure(b.exempt_when), direction=direction)
        )
    return out


_CHECK_COMPARERS: dict[str, Callable[[str, Any, Any], list[Detail]]] = {
    "threshold": _cmp_threshold,
    "each_year": _cmp_each_year,
    "share": _cmp_share,
    "growth": _cmp_growth,
    "rank": _cmp_rank,
    "in_set": _cmp_in_set,
    "any_of": _cmp_any_of,
    "conditional": _cmp_conditional,
    "negative_list": _cmp_negative_list,
    "prerequisite": _cmp_prerequisite,
}


# --- rendering ----------------------------------------------------------------------------------

LABELS = {
    "en": {
        ChangeKind.ADDED: "added", ChangeKind.REMOVED: "removed", ChangeKind.TIGHTENED: "tightened",
        ChangeKind.LOOSENED: "loosened", ChangeKind.CHANGED: "changed", ChangeKind.RESTATED: "restated",
    },
    "zh": {
        ChangeKind.ADDED: "新增", ChangeKind.REMOVED: "删除", ChangeKind.TIGHTENED: "从严",
        ChangeKind.LOOSENED: "放宽", ChangeKind.CHANGED: "改变", ChangeKind.RESTATED: "重述",
    },
}  # fmt: skip
DIRECTION = {
    "en": {Direction.TIGHTER: "tighter", Direction.LOOSER: "looser", Direction.CHANGED: "changed", Direction.NEUTRAL: "wording"},
    "zh": {Direction.TIGHTER: "从严", Direction.LOOSER: "放宽", Direction.CHANGED: "改变", Direction.NEUTRAL: "措辞"},
}
WORDS = {
    "en": {
        "title": "What {b} changes relative to {a}", "unchanged": "unchanged", "none": "No differences.",
        "change": "CHANGE", "family": "FAMILY", "rule": "RULE", "what": "WHAT", "cite_a": "A", "cite_b": "B",
        "summary": "Summary", "details": "Details", "reason": "reason", "absent": "—", "identical": "identical rules",
    },
    "zh": {
        "title": "{b} 相对于 {a} 的变化", "unchanged": "未变", "none": "没有差异。",
        "change": "变化", "family": "类别", "rule": "规则", "what": "内容", "cite_a": "A", "cite_b": "B",
        "summary": "概要", "details": "明细", "reason": "理由", "absent": "—", "identical": "相同规则",
    },
}  # fmt: skip


def _show(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, dict):
        if set(v) >= {"document", "item"}:
            return f"{v['document']} {v['item']}"
        shown = {k: x for k, x in v.items() if k not in ("note_zh", "note_en", "labels_zh", "labels_en")}
        return "{" + ", ".join(f"{k}: {_show(x)}" for k, x in shown.items()) + "}"
    if isinstance(v, list):
        return "[" + ", ".join(_show(x) for x in v) + "]"
    return str(v)


def _summary(c: RuleDiff, lang: str) -> str:
    if c.change is ChangeKind.REMOVED and c.note_en:
        return c.note_zh if lang == "zh" else c.note_en  # type: ignore[return-value]
    if c.change is ChangeKind.ADDED:
        return ""
    shown = [d for d in c.details if d.direction is not Direction.NEUTRAL] or list(c.details)
    return "; ".join(f"{d.path}: {_show(d.a)} → {_show(d.b)}" for d in shown[:4]) + (" …" if len(shown) > 4 else "")


def _cite(c: Citation | None) -> str:
    return c.render() if c is not None else "—"


def diff_text(d: RegimeDiff, lang: str) -> str:
    """One block per rule: change, family, id and title; the differences; A's and B's citations."""
    from ..text import pad

    w = WORDS[lang]
    a_name, b_name = (d.a_name_zh, d.b_name_zh) if lang == "zh" else (d.a_name_en, d.b_name_en)
    out = [w["title"].format(a=f"{d.a} ({a_name})", b=f"{d.b} ({b_name})"), ""]
    if not d.changes:
        out.append(w["none"])
    for c in d.changes:
        title = c.title_zh if lang == "zh" else c.title_en
        out.append(f"{pad(LABELS[lang][c.change], 9)} {c.family}  {c.id} — {title}")
        for x in c.details:
            if x.direction is Direction.NEUTRAL:
                continue
            out.append(f"    {x.path}: {_show(x.a)} → {_show(x.b)} ({DIRECTION[lang][x.direction]})")
        if c.note_en:
            out.append(f"    {w['reason']}: {c.note_zh if lang == 'zh' else c.note_en}")
        out.append(f"    A {d.a}: {_cite(c.citation_a)}")
        out.append(f"    B {d.b}: {_cite(c.citation_b)}")
    out += ["", _counts(d, lang), _unchanged(d, lang)]
    return "\n".join(out)


def _counts(d: RegimeDiff, lang: str) -> str:
    counts = {k: sum(c.change is k for c in d.changes) for k in ChangeKind}
    return ", ".join(f"{LABELS[lang][k]} {n}" for k, n in counts.items() if n) or WORDS[lang]["none"]


def _unchanged(d: RegimeDiff, lang: str) -> str:
    w = WORDS[lang]
    counts = ", ".join(f"{fam} {n}" for fam, n in d.unchanged.items())
    return f"{w['identical']} ({w['unchanged']}): {counts}"


def diff_markdown(d: RegimeDiff, lang: str) -> str:
    """A memo: summary counts, then one section per change kind with both citations."""
    w = WORDS[lang]
    a_name, b_name = (d.a_name_zh, d.b_name_zh) if lang == "zh" else (d.a_name_en, d.b_name_en)
    out = [f"# {w['title'].format(a=f'{a_name} (`{d.a}`)', b=f'{b_name} (`{d.b}`)')}", ""]
    out += [f"## {w['summary']}", ""]
    counts = {k: sum(c.change is k for c in d.changes) for k in ChangeKind}
    out += [f"- {LABELS[lang][k]}: {n}" for k, n in counts.items() if n]
    out.append(f"- {w['identical']}: {sum(d.unchanged.values())}")
    if not d.changes:
        out += ["", w["none"]]
    for kind in ChangeKind:
        items = [c for c in d.changes if c.change is kind]
        if not items:
            continue
        out += ["", f"## {LABELS[lang][kind]}", ""]
        for c in items:
            title = c.title_zh if lang == "zh" else c.title_en
            out.append(f"### `{c.id}` — {_md(title)} ({c.family})")
            out.append("")
            for d_ in c.details:
                if d_.direction is Direction.NEUTRAL:
                    continue  # wording and sources: the two citations below show them
                out.append(f"- `{d_.path}`: {_md(_show(d_.a))} → {_md(_show(d_.b))} ({DIRECTION[lang][d_.direction]})")
            if c.note_en:
                out.append(f"- {w['reason']}: {_md((c.note_zh if lang == 'zh' else c.note_en) or '')}")
            out.append(f"- A (`{d.a}`): {_md(_cite_long(c.citation_a))}")
            out.append(f"- B (`{d.b}`): {_md(_cite_long(c.citation_b))}")
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def _cite_long(c: Citation | None) -> str:
    if c is None:
        return "—"
    return c.render() + (f" — “{c.quote}”" if c.quote else "")


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
