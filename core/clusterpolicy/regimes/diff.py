"""What one regime changes relative to another: rules added, removed, not inherited, tightened,
loosened, changed or restated — and the rules it takes over unchanged.

Works on any two resolved regimes (a province and its parent, two provinces, a rule file and the
built-in it revises) and across every family in :data:`clusterpolicy.regimes.families.FAMILIES`.
How two rules of one id are compared, and when a difference has a direction, is
:mod:`clusterpolicy.regimes.diffrules`; every difference carries one readable line
(:class:`~clusterpolicy.regimes.diffkinds.Detail`). A rule whose requirement is the same but whose
source differs is *restated*; a rule B inherits from its lineage unchanged, and that is the same in
A, is listed in ``taken_over`` (with its author's citation), so an official sees what the regime
accepts as is. Every rule of B is in one place only: a rule B inherits unchanged that still differs
from A's (the front rank, read at B's own level; a rule A's lineage changed) is among the changes, not
taken over — ``taken_over`` lists some of the rules ``unchanged`` counts (all of them when B descends
from A and writes none of its rules exactly as A does).
Text and Markdown: :mod:`clusterpolicy.regimes.memo`.
"""

from __future__ import annotations

from typing import Any


from ..criteria.kinds import uses_own_level
from ..model import ChangedParts, Citation, Interpretation, Provenance, doc, frozen
from .diffkinds import ChangeKind, Detail, Direction, requirement_direction  # noqa: F401 - the diff's vocabulary
from .diffrules import NEUTRAL_FIELDS, compare_checks, compare_rules  # noqa: F401 - part of this module's API


@frozen(kw_only=True)
class RuleDiff:
    """One rule id whose presence or content differs between A and B."""

    family: str = doc("Rule family, e.g. criteria, timelines.")
    id: str = doc("Rule id.")
    change: ChangeKind = doc("added, removed, not_inherited, tightened, loosened, changed or restated.")
    title_zh: str = doc("Title (Chinese), B's if B has the rule.")
    title_en: str = doc("Title (English).")
    details: tuple[Detail, ...] = doc("What differs, field by field, each in one readable line.", default=())
    citation_a: Citation | None = doc("Where A states the rule (null if A lacks it).", default=None)
    provenance_a: Provenance | None = doc("How sure we are of A's rule.", default=None)
    citation_b: Citation | None = doc("Where B states the rule, or where B removes it.", default=None)
    provenance_b: Provenance | None = doc("How sure we are of B's rule (or of B's removal).", default=None)
    origin_a: str | None = doc("Jurisdiction that wrote A's rule.", default=None)
    origin_b: str | None = doc("Jurisdiction that wrote B's rule (or removed it).", default=None)
    amended_b: tuple[ChangedParts, ...] = doc("B's rule is an inherited rule with these parts changed (partial overrides).", default=())
    interpretation_b: Interpretation | None = doc("What the author of B's rule inferred where the source does not say.", default=None)
    note_zh: str | None = doc("B's reason for a removal, or why the rule is not inherited (Chinese).", default=None)
    note_en: str | None = doc("The same (English).", default=None)


@frozen(kw_only=True)
class TakenOver:
    """A rule B takes over unchanged from its lineage."""

    family: str = doc("Rule family.")
    id: str = doc("Rule id.")
    title_zh: str = doc("Title (Chinese).")
    title_en: str = doc("Title (English).")
    origin: str = doc("Jurisdiction that wrote it.")
    citation: Citation = doc("Where its author states it.")
    provenance: Provenance = doc("text, secondary or unknown.")
    own_level: bool = doc("Written at the regime's own level (e.g. the front rank): B reads it at B's level.", default=False)


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
    taken_over: tuple[TakenOver, ...] = doc(
        "Rules B takes over unchanged from an ancestor (its author's citation) that are identical in A (counted in "
        "`unchanged`); one that differs from A's (e.g. read at B's own level) is among the changes instead.",
        default=(),
    )


def diff_regimes(a: Any, b: Any) -> RegimeDiff:
    """Compare two resolved :class:`~clusterpolicy.regimes.build.Regime` objects (B relative to A)."""
    from .families import FAMILIES

    changes: list[RuleDiff] = []
    unchanged: dict[str, int] = {}
    identical: set[tuple[str, str]] = set()
    levels = (a.jurisdiction.level.value, b.jurisdiction.level.value)
    for family in FAMILIES:
        rules_a = {r.id: r for r in getattr(a, family)}
        rules_b = {r.id: r for r in getattr(b, family)}
        removals_b = {x.removal.id: x for x in b.removed if x.family == family}
        barred_b = {x.id: x for x in b.not_inherited if x.family == family}
        same = 0
        for rid in list(rules_b) + [i for i in rules_a if i not in rules_b]:
            ra, rb = rules_a.get(rid), rules_b.get(rid)
            if ra is not None and rb is not None:
                details = compare_rules(family, ra.rule, rb.rule, *levels)
                if not details:
                    same += 1
                    identical.add((family, rid))
                    continue
                changes.append(_changed(family, rid, ra, rb, details))
            else:
                changes.append(_one_side(family, rid, ra, rb, removals_b.get(rid), barred_b.get(rid), b.lineage))
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
        taken_over=tuple(
            TakenOver(
                family=fam,
                id=r.id,
                title_zh=getattr(r.rule, "title_zh", r.id),
                title_en=getattr(r.rule, "title_en", r.id),
                origin=r.origin,
                citation=r.rule.citation,
                provenance=r.rule.provenance,
                own_level=fam == "criteria" and uses_own_level(r.rule.check),
            )
            for fam in FAMILIES
            for r in b.taken_over(fam)
            if (fam, r.id) in identical
        ),
    )


def _common(family: str, rid: str, ra: Any, rb: Any) -> dict[str, Any]:
    shown = (rb or ra).rule
    return dict(
        family=family,
        id=rid,
        title_zh=getattr(shown, "title_zh", rid),
        title_en=getattr(shown, "title_en", rid),
        citation_a=getattr(ra.rule, "citation", None) if ra else None,
        provenance_a=getattr(ra.rule, "provenance", None) if ra else None,
        origin_a=ra.origin if ra else None,
    )


def _changed(family: str, rid: str, ra: Any, rb: Any, details: list[Detail]) -> RuleDiff:
    return RuleDiff(
        change=_overall(details),
        details=tuple(details),
        citation_b=rb.rule.citation,
        provenance_b=rb.rule.provenance,
        origin_b=rb.origin,
        amended_b=rb.amendments,
        interpretation_b=getattr(rb.rule, "interpretation", None),
        **_common(family, rid, ra, rb),
    )


def _one_side(family: str, rid: str, ra: Any, rb: Any, removal: Any, barred: Any, lineage_b: tuple[str, ...]) -> RuleDiff:
    common = _common(family, rid, ra, rb)
    if ra is None:
        return RuleDiff(
            change=ChangeKind.ADDED, citation_b=rb.rule.citation, provenance_b=rb.rule.provenance, origin_b=rb.origin,
            interpretation_b=getattr(rb.rule, "interpretation", None), **common,
        )  # fmt: skip
    if removal is not None:
        r = removal.removal
        return RuleDiff(
            change=ChangeKind.REMOVED,
            citation_b=r.citation,
            provenance_b=r.provenance,
            origin_b=removal.jurisdiction,
            note_zh=r.reason_zh,
            note_en=r.reason_en,
            **common,
        )
    if barred is not None:
        from .families import DEFAULT_REASON

        why_zh, why_en = ("规则注明 inherited = false", "the rule says inherited = false") if barred.explicit else DEFAULT_REASON[family]
        return RuleDiff(
            change=ChangeKind.NOT_INHERITED,
            note_zh=f"不承继:{barred.origin} 的本级规定({why_zh})",
            note_en=f"not inherited: {barred.origin}'s own rule ({why_en})",
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


def _overall(details: list[Detail]) -> ChangeKind:
    directions = {d.direction for d in details} - {Direction.NEUTRAL}
    if not directions:
        return ChangeKind.RESTATED
    if directions == {Direction.TIGHTER}:
        return ChangeKind.TIGHTENED
    if directions == {Direction.LOOSER}:
        return ChangeKind.LOOSENED
    return ChangeKind.CHANGED
