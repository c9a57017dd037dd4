"""Field-level differences between two rules of one id, each with a direction wherever an order
exists, and one readable line.

Criteria are compared as requirements: ``op value`` is a set of accepted values, and B is
*tighter* when it accepts strictly fewer (``≥ 40`` → ``≥ 50``, ``≥ 70`` → ``> 70``); more years,
a higher any-of ``need``, fewer accepted ``in_set`` values, a higher rank level, one option fewer
and a dropped soft flag or waiver tighten; a prerequisite that becomes one option of an any-of
loosens (and back). A check written at the regime's own level is compared at each regime's level.
Timeline rules are compared as procedure: an earlier deadline or report day, a shorter term or
extension, a lower quota and a shorter period tighten; an over-quota consequence stated on one side
only is a change (a text that states none may still have one). Wording,
titles, citations and provenance never decide a direction.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..criteria.kinds import AnyOf, at_level
from ..numbers import fmt
from .diffkinds import Detail, Direction, by_order, detail, requirement_direction, show

#: Field names that carry wording or sources, never requirements.
NEUTRAL_FIELDS = frozenset(
    {"title_zh", "title_en", "indicator", "citation", "provenance", "labels_zh", "labels_en", "note_zh", "note_en",
     "reason_zh", "reason_en", "quote", "unit", "description_zh", "description_en", "subtopics_zh", "subtopics_en",
     "interpretation", "inherited", "content_zh", "content_en", "covers_zh", "covers_en", "keywords"}
)  # fmt: skip


def compare_rules(family: str, a: Any, b: Any, level_a: str = "national", level_b: str = "national") -> list[Detail]:
    """Field-level differences between two rules of one id; criteria and timelines get directions."""
    from ..convert import unstructure

    if family == "criteria":
        return _compare_criterion(a, b, level_a, level_b)
    if family == "timelines":
        return _compare_timeline(a, b)
    return generic("", unstructure(a), unstructure(b))


def generic(path: str, a: Any, b: Any, neutral: bool = False) -> list[Detail]:
    """Leaf differences of two JSON values; anything under a wording/source field is neutral,
    the rest 'changed' (no direction is guessed for fields we do not understand)."""
    if a == b:
        return []
    neutral = neutral or path.rsplit(".", 1)[-1].split("[", 1)[0] in NEUTRAL_FIELDS
    if isinstance(a, dict) and isinstance(b, dict) and not ({"document"} <= set(a) | set(b)):
        out = []
        keys = list(a) + [k for k in b if k not in a]
        for k in keys:
            if k.endswith("_en") and k[:-3] + "_zh" in keys:
                continue  # said with its Chinese twin, in the reader's language
            if k.endswith("_zh") and k[:-3] + "_en" in keys:
                en = k[:-3] + "_en"
                pa, pb = {"zh": a.get(k), "en": a.get(en)}, {"zh": b.get(k), "en": b.get(en)}
                if pa != pb:
                    where = f"{path}.{k[:-3]}" if path else k[:-3]
                    quiet = neutral or k in NEUTRAL_FIELDS
                    pa, pb = (None if not any(pa.values()) else pa), (None if not any(pb.values()) else pb)
                    out.append(detail(where, pa, pb, Direction.NEUTRAL if quiet else Direction.CHANGED, render=_bilingual, json=False))
                continue
            out += generic(f"{path}.{k}" if path else k, a.get(k), b.get(k), neutral)
        return out
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b) and all(isinstance(x, dict) for x in a + b):
        out = []
        for i, (x, y) in enumerate(zip(a, b)):
            out += generic(f"{path}[{i}]", x, y, neutral)
        return out
    return [detail(path, a, b, Direction.NEUTRAL if neutral else _ordered(path, a, b), json=False)]


def _bilingual(v: Any, lang: str) -> str:
    return show(v.get(lang) if v.get(lang) is not None else v.get("zh" if lang == "en" else "en"), lang)


def _ordered(path: str, a: Any, b: Any) -> Direction:
    """A leaf whose order means something: an earlier deadline (a review step's, a case call's) and a
    lower quota ask more; anything else changed without a direction."""
    parts = path.replace("[", ".").split(".")
    if ("deadline" in parts[-2:]) and isinstance(a, str) and isinstance(b, str) and len(a) == len(b) == 10:
        return by_order(a, b, Direction.TIGHTER)  # ISO dates order as text
    if parts[-1] == "at_most" and isinstance(a, int) and isinstance(b, int):
        return by_order(a, b, Direction.TIGHTER)
    return Direction.CHANGED


def _wording(a: Any, b: Any, names: tuple[str, ...]) -> list[Detail]:
    from ..convert import unstructure

    out: list[Detail] = []
    for name in names:
        out += generic(name, unstructure(getattr(a, name)), unstructure(getattr(b, name)), neutral=True)
    return out


# --- criteria -----------------------------------------------------------------------------------


def _compare_criterion(a: Any, b: Any, level_a: str, level_b: str) -> list[Detail]:
    out = _wording(a, b, ("title_zh", "title_en", "indicator", "citation", "provenance", "interpretation", "inherited"))
    if a.soft != b.soft:
        out.append(detail("soft", a.soft, b.soft, Direction.LOOSER if b.soft else Direction.TIGHTER))
    if a.waiver != b.waiver:
        if a.waiver is None or b.waiver is None:
            direction = Direction.LOOSER if b.waiver is not None else Direction.TIGHTER
            out.append(detail("waiver", a.waiver, b.waiver, direction, render=lambda w, lang: w.note_zh if lang == "zh" else w.note_en))
        else:
            from ..convert import unstructure

            out += generic("waiver", unstructure(a.waiver), unstructure(b.waiver))
    out += compare_checks("check", at_level(a.check, level_a), at_level(b.check, level_b))
    return out


def _describe(check: Any, lang: str) -> str:
    from ..criteria.render import describe_check
    from ..glossary import term

    if check.KIND in ("not_encoded", "provision"):  # its note is the rule's, shown with the rule
        return term("status", check.KIND if check.KIND == "not_encoded" else "noted", lang)
    return describe_check(check, lang)


def compare_checks(path: str, a: Any, b: Any) -> list[Detail]:
    """Differences between two checks, with a direction where the kind defines one."""
    if a == b:
        return []
    if type(a) is not type(b):
        direction = Direction.CHANGED
        if isinstance(b, AnyOf) and b.need == 1 and a in b.options:
            direction = Direction.LOOSER  # A's check is now one way among others
        elif isinstance(a, AnyOf) and a.need == 1 and b in a.options:
            direction = Direction.TIGHTER  # only one of A's ways is left
        return [detail(path, a, b, direction, render=_describe)]
    compare = _CHECK_COMPARERS.get(type(a).KIND)
    if compare is None:
        return [detail(path, a, b, Direction.CHANGED, render=_describe)]
    return compare(path, a, b)


def _requirement(path: str, a: Any, b: Any, same_measure: bool) -> list[Detail]:
    if a.op == b.op and a.value == b.value:
        return []
    direction = requirement_direction(a.op, a.value, b.op, b.value) if same_measure else Direction.CHANGED
    if direction is None:
        direction = Direction.NEUTRAL  # e.g. 40 vs 40.0: the same requirement written differently
    shown_a = f"{a.op.symbol} {fmt(a.value)}{getattr(a, 'unit', '%')}"
    shown_b = f"{b.op.symbol} {fmt(b.value)}{getattr(b, 'unit', '%')}"
    return [detail(f"{path}.requirement", shown_a, shown_b, direction, render=lambda v, lang: v, json=False)]


def _fields_detail(path: str, a: Any, b: Any, names: tuple[str, ...]) -> tuple[list[Detail], bool]:
    """Details for the fields that say *what* is measured; whether they are all equal."""
    out = [detail(f"{path}.{n}", getattr(a, n), getattr(b, n), Direction.CHANGED) for n in names if getattr(a, n) != getattr(b, n)]
    return out, not out


def _neutral(path: str, a: Any, b: Any, names: tuple[str, ...]) -> list[Detail]:
    return [detail(f"{path}.{n}", getattr(a, n), getattr(b, n), Direction.NEUTRAL) for n in names if getattr(a, n) != getattr(b, n)]


def _cmp_threshold(path: str, a: Any, b: Any) -> list[Detail]:
    out, same = _fields_detail(path, a, b, ("fields",))
    return out + _requirement(path, a, b, same) + _neutral(path, a, b, ("unit",))


def _cmp_each_year(path: str, a: Any, b: Any) -> list[Detail]:
    out, same = _fields_detail(path, a, b, ("field",))
    if a.years != b.years:
        # Each of more years must meet the requirement: more years accept fewer clusters.
        direction = by_order(a.years, b.years, Direction.LOOSER)
        out.append(detail(f"{path}.years", a.years, b.years, direction if same else Direction.CHANGED))
    return out + _requirement(path, a, b, same) + _neutral(path, a, b, ("unit",))


def _cmp_share(path: str, a: Any, b: Any) -> list[Detail]:
    out, same = _fields_detail(path, a, b, ("numerator", "denominator", "per"))
    return out + _requirement(path, a, b, same) + _neutral(path, a, b, ("unit",))


def _cmp_growth(path: str, a: Any, b: Any) -> list[Detail]:
    out, same = _fields_detail(path, a, b, ("field", "years"))
    return out + _requirement(path, a, b, same)


def _level(v: Any, lang: str) -> str:
    from ..glossary import term

    return term("level", v.value, lang)


def _cmp_rank(path: str, a: Any, b: Any) -> list[Detail]:
    out, same = _fields_detail(path, a, b, ("field",))
    if a.at_least != b.at_least:
        direction = Direction.TIGHTER if b.at_least.order > a.at_least.order else Direction.LOOSER
        out.append(detail(f"{path}.at_least", a.at_least, b.at_least, direction if same else Direction.CHANGED, render=_level))
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
        out.append(detail(f"{path}.values", list(a.values), list(b.values), direction))
    return out


def _cmp_any_of(path: str, a: Any, b: Any) -> list[Detail]:
    out: list[Detail] = []
    if a.need != b.need:
        out.append(detail(f"{path}.need", a.need, b.need, by_order(a.need, b.need, Direction.LOOSER)))
    n = min(len(a.options), len(b.options))
    for i in range(n):
        out += compare_checks(f"{path}.options[{i}]", a.options[i], b.options[i])
    for i in range(n, len(b.options)):  # another way to qualify
        out.append(detail(f"{path}.options[{i}]", None, b.options[i], Direction.LOOSER, render=_describe))
    for i in range(n, len(a.options)):
        out.append(detail(f"{path}.options[{i}]", a.options[i], None, Direction.TIGHTER, render=_describe))
    return out + _neutral(path, a, b, ("labels_zh", "labels_en"))


def _condition(c: Any, lang: str) -> str:
    return f"{c.field} = {show(c.equals, 'en')}"


def _cmp_conditional(path: str, a: Any, b: Any) -> list[Detail]:
    out = []
    if a.when != b.when:
        out.append(detail(f"{path}.when", a.when, b.when, Direction.CHANGED, render=_condition))
    return out + compare_checks(f"{path}.then", a.then, b.then)


def _cmp_negative_list(path: str, a: Any, b: Any) -> list[Detail]:
    out = []
    if a.window_years != b.window_years:
        out.append(detail(f"{path}.window_years", a.window_years, b.window_years, by_order(a.window_years, b.window_years, Direction.LOOSER)))
    if a.bars != b.bars:
        out.append(detail(f"{path}.bars", a, b, Direction.CHANGED, render=_describe))
    return out


def _cmp_prerequisite(path: str, a: Any, b: Any) -> list[Detail]:
    out, _ = _fields_detail(path, a, b, ("field",))
    if a.exempt_when != b.exempt_when:
        if a.exempt_when is None or b.exempt_when is None:
            direction = Direction.LOOSER if b.exempt_when is not None else Direction.TIGHTER
        else:
            direction = Direction.CHANGED
        out.append(detail(f"{path}.exempt_when", a.exempt_when, b.exempt_when, direction, render=_condition))
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


# --- timelines ----------------------------------------------------------------------------------


def _compare_timeline(a: Any, b: Any) -> list[Detail]:
    from ..convert import unstructure

    out = _wording(a, b, ("title_zh", "title_en", "citation", "provenance", "interpretation", "inherited"))
    ka, kb = a.rule, b.rule
    if type(ka) is not type(kb):
        return out + [detail("rule.kind", ka.KIND, kb.KIND, Direction.CHANGED)]
    compare = _TIMELINE_COMPARERS.get(ka.KIND)
    handled: tuple[str, ...] = ()
    if compare is not None:
        found, handled = compare(ka, kb)
        out += found
    ja = {k: v for k, v in unstructure(ka).items() if k not in handled}
    jb = {k: v for k, v in unstructure(kb).items() if k not in handled}
    return out + generic("rule", ja, jb)


def _days(days: Any, lang: str) -> str:
    every = "各批次" if lang == "zh" else "every batch"
    return "; ".join(
        f"{d.batches.render() if d.batches.first is not None or d.batches.last is not None else every}: {d.month}-{d.day}" for d in days
    )


def _cmp_annual_report(a: Any, b: Any) -> tuple[list[Detail], tuple[str, ...]]:
    out = []
    if a.days != b.days:
        da, db = [(d.month, d.day) for d in a.days], [(d.month, d.day) for d in b.days]
        if [d.batches for d in a.days] == [d.batches for d in b.days] and all(x <= y for x, y in zip(db, da)):
            direction = Direction.TIGHTER if db != da else Direction.NEUTRAL
        elif max(db) <= min(da):
            direction = Direction.TIGHTER if db != da else Direction.NEUTRAL
        elif min(db) >= max(da):
            direction = Direction.LOOSER
        else:
            direction = Direction.CHANGED
        if (da, [d.batches for d in a.days]) != (db, [d.batches for d in b.days]):
            out.append(detail("rule.days", a.days, b.days, direction, render=_days))
    return out, ("days",)


def _batch_terms(batches: Any, lang: str) -> str:
    zh = lang == "zh"
    every = "各批次" if zh else "every batch"
    parts = []
    for e in batches:
        which = e.batches.render() if e.batches.first is not None or e.batches.last is not None else every
        if e.start_rule.value == "fixed":
            how = f"{e.start}–{e.end or '…'}"
        else:
            how = {"record": "由记录给出" if zh else "from the record", "announcement_date": "自名单公布日" if zh else "from the announcement",
                   "january_after_announcement": "自公布次年1月1日" if zh else "from 1 January after the announcement"}[e.start_rule.value]  # fmt: skip
        parts.append(f"{which}: {how}")
    return "; ".join(parts) or "—"


def _cmp_validity(a: Any, b: Any) -> tuple[list[Detail], tuple[str, ...]]:
    out = []
    if a.term_years != b.term_years:
        direction = Direction.CHANGED if None in (a.term_years, b.term_years) else by_order(a.term_years, b.term_years, Direction.TIGHTER)
        out.append(detail("rule.term_years", a.term_years, b.term_years, direction))
    if [(e.batches, e.start_rule, e.start, e.end) for e in a.batches] != [(e.batches, e.start_rule, e.start, e.end) for e in b.batches]:
        out.append(detail("rule.batches", a.batches, b.batches, Direction.CHANGED, render=_batch_terms))
    return out, ("term_years", "batches")


def _cmp_review(a: Any, b: Any) -> tuple[list[Detail], tuple[str, ...]]:
    out = []
    if a.extension_years != b.extension_years:
        out.append(detail("rule.extension_years", a.extension_years, b.extension_years, by_order(a.extension_years, b.extension_years, Direction.TIGHTER)))
    return out, ("extension_years",)


def _quotas(call: Any, lang: str) -> str:
    return "; ".join(f"{'/'.join(call.kind_name(s, lang) for s in q.submitters)} ≤ {q.at_most}" for q in call.quotas)


def _cmp_call(a: Any, b: Any) -> tuple[list[Detail], tuple[str, ...]]:
    out = []
    if a.deadline != b.deadline:
        out.append(detail("rule.deadline", a.deadline, b.deadline, by_order(a.deadline, b.deadline, Direction.TIGHTER)))
    if a.quotas != b.quotas or a.submitter_kinds != b.submitter_kinds:
        qa = {s: q.at_most for q in a.quotas for s in q.submitters}
        qb = {s: q.at_most for q in b.quotas for s in q.submitters}
        if set(qa) == set(qb):
            steps = {by_order(qa[s], qb[s], Direction.TIGHTER) for s in qa} - {Direction.NEUTRAL}
            direction = steps.pop() if len(steps) == 1 else (Direction.NEUTRAL if not steps else Direction.CHANGED)
        else:
            direction = Direction.CHANGED
        out.append(detail("rule.quotas", a, b, direction, render=_quotas))
    # A consequence one text states and the other does not is a change, not a loosening: a text that
    # states none may still have one (the authority's practice), so no order is claimed.
    if a.over_quota_zh != b.over_quota_zh:
        out.append(detail("rule.over_quota", a, b, Direction.CHANGED, render=_over_quota))
    return out, ("deadline", "quotas", "submitter_kinds", "over_quota_zh", "over_quota_en")


def _over_quota(call: Any, lang: str) -> str:
    text = call.over_quota_zh if lang == "zh" else call.over_quota_en
    return text or ("未规定" if lang == "zh" else "not stated")


def _period(p: Any, lang: str) -> str:
    return f"{p.render(lang)}({p.counting(lang)})" if lang == "zh" else f"{p.render(lang)} ({p.counting(lang)})"


def _cmp_period(a: Any, b: Any) -> tuple[list[Detail], tuple[str, ...]]:
    out = []
    if a.period != b.period:
        pa, pb = a.period, b.period
        direction = Direction.CHANGED
        if pa.unit == pb.unit and pa.start_day_counts == pb.start_day_counts:
            direction = by_order(pa.length, pb.length, Direction.TIGHTER)
        elif pa.unit == pb.unit and pa.length == pb.length:
            direction = Direction.TIGHTER if pb.start_day_counts else Direction.LOOSER  # counting the first day ends it sooner
        out.append(detail("rule.period", pa, pb, direction if a.KIND == "period" else Direction.CHANGED, render=_period))
    return out, ("period",)


_TIMELINE_COMPARERS: dict[str, Callable[[Any, Any], tuple[list[Detail], tuple[str, ...]]]] = {
    "annual_report": _cmp_annual_report,
    "validity": _cmp_validity,
    "review": _cmp_review,
    "recommendation_call": _cmp_call,
    "period": _cmp_period,
    "dated_period": _cmp_period,
}
