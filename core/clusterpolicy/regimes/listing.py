"""The shapes of the documents that describe regimes, plugins, sources and rule files.

``clusterpolicy regimes | plugins | sources | check-rules | export-rules --format json`` and the
HTTP routes that list a regime's rules write these shapes; :mod:`clusterpolicy.documents` names
them, so ``clusterpolicy schema KIND`` publishes their schema with the envelope.
"""

from __future__ import annotations

from typing import Any


from ..model import ChangedParts, Citation, Interpretation, Jurisdiction, Provenance, SourceDocument, doc, frozen


@frozen(kw_only=True)
class RemovedRule:
    """An inherited rule the regime does not apply."""

    family: str = doc("Rule family, e.g. criteria.")
    id: str = doc("Rule id.")
    by: str = doc("Jurisdiction that removed it.")
    reason_zh: str = doc("Why (Chinese).", default="")
    reason_en: str = doc("Why (English).", default="")
    provenance: Provenance | None = doc("How sure we are of the departure.", default=None)
    citation: Citation | None = doc("The article the departure rests on.", default=None)


@frozen(kw_only=True)
class RegimeSummary:
    """A regime: a jurisdiction with its resolved rules."""

    id: str = doc("Regime (jurisdiction) id, e.g. national.")
    name_zh: str = doc("Name (Chinese).")
    name_en: str = doc("Name (English).")
    level: str = doc("national, provincial, city or county.")
    parent: str | None = doc("Parent jurisdiction.")
    lineage: tuple[str, ...] = doc("Root … this jurisdiction.")
    plugins: tuple[str, ...] = doc("Plugins that contributed to it.")
    sources: tuple[SourceDocument, ...] = doc("Source documents of the jurisdiction itself.")
    criteria_by_provenance: dict[str, int] = doc("Criteria per provenance: text, secondary, unknown.")
    rules: dict[str, int] = doc("Number of rules per family.")
    removed: tuple[RemovedRule, ...] = doc("Inherited rules it does not apply.")
    inferred: dict[str, int] = doc("Per family, rules resting on an author's interpretation (flagged, with a note).", factory=dict)
    declarable: tuple[str, ...] = doc("Criteria no source encodes (not_encoded): the ones a profile may declare met or not met.", default=())
    taken_over: dict[str, int] = doc("Per family, rules taken over unchanged from the lineage (inherited).", factory=dict)
    not_inherited: dict[str, int] = doc("Per family, the parent's rules it does not take over (the parent's own level or procedure).", factory=dict)


@frozen(kw_only=True)
class RegimeListing:
    """``clusterpolicy regimes --format json`` and ``GET /api/regimes``."""

    regimes: tuple[RegimeSummary, ...] = doc("Every regime, roots first.")


@frozen(kw_only=True)
class PluginInfo:
    """A loaded plugin."""

    name: str = doc("Plugin name (what --block-plugin takes).")
    source: str = doc("Where it came from: entry point and distribution, or rule file.")
    hooks: tuple[str, ...] = doc("Hooks it implements.")


@frozen(kw_only=True)
class PluginListing:
    """``clusterpolicy plugins --format json``."""

    plugins: tuple[PluginInfo, ...] = doc("Loaded plugins, by name.")


@frozen(kw_only=True)
class ListedSource(SourceDocument):
    """A source document of a regime's lineage."""

    jurisdiction: str = doc("Jurisdiction that declares it.")
    path: str | None = doc("Where its text is on disk, if shipped.", default=None)


@frozen(kw_only=True)
class SourceListing:
    """``clusterpolicy sources REGIME --format json``."""

    regime: str = doc("Regime id.")
    sources: tuple[ListedSource, ...] = doc("Documents of the whole lineage, root first.")


@frozen(kw_only=True)
class SourceText:
    """``clusterpolicy sources REGIME DOCUMENT --format json``."""

    document: str = doc("Document id.")
    path: str = doc("File the text was read from.")
    text: str = doc("The cleaned text.")


@frozen(kw_only=True)
class RuleFileCheck:
    """One checked rule file."""

    file: str = doc("The file.")
    jurisdiction: str = doc("Jurisdiction it declares.")
    parent: str | None = doc("Its parent.")
    declared: dict[str, dict[str, int]] = doc("Per family: how many rules it adds, overrides, removes.")
    in_force: dict[str, int] = doc("Per family: rules in force in the resolved regime.")
    notes: tuple[str, ...] = doc("Notes (e.g. a source text not found beside the file).", default=())
    taken_over: dict[str, tuple[str, ...]] = doc("Per family: ids of the rules taken over unchanged from the lineage.", factory=dict)
    own_level: tuple[str, ...] = doc("Criteria written at the regime's own level (e.g. the front rank: 全省 for a province).", default=())
    amended: dict[str, tuple[str, ...]] = doc("Per family: ids of inherited rules with some fields changed (amendments).", factory=dict)
    not_inherited: dict[str, tuple[str, ...]] = doc("Per family: the parent's rules not taken over (its own level or procedure).", factory=dict)
    inferred: dict[str, tuple[str, ...]] = doc("Per family: ids of rules resting on an interpretation.", factory=dict)
    removed: tuple[RemovedRule, ...] = doc("Inherited rules it does not apply (its own removals and its ancestors'), with reason and citation.", default=())


@frozen(kw_only=True)
class RuleCheck:
    """``clusterpolicy check-rules FILE… --format json``."""

    files: tuple[RuleFileCheck, ...] = doc("One entry per file.")


@frozen(kw_only=True)
class RuleFileData:
    """``clusterpolicy export-rules ID --format json``: the rule file's tables as data."""

    jurisdiction: Jurisdiction = doc("The [jurisdiction] table.")
    criteria: Any = doc("[criteria]: inherit, add, override, remove (schema: clusterpolicy schema profile's rules).", default=None)
    timelines: Any = doc("[timelines].", default=None)
    revocation_grounds: Any = doc("[revocation_grounds].", default=None)
    case_categories: Any = doc("[case_categories].", default=None)
    case_calls: Any = doc("[case_calls].", default=None)


@frozen(kw_only=True)
class RuleEntry:
    """One rule in force in a regime, as an official reads it: what it requires, where it is written."""

    family: str = doc("Rule family: criteria, timelines, revocation_grounds, case_categories, case_calls.")
    id: str = doc("Rule id.")
    title_zh: str = doc("Title (Chinese).")
    title_en: str = doc("Title (English).")
    requirement_zh: str = doc("What the rule requires, in words (Chinese).")
    requirement_en: str = doc("What the rule requires, in words (English).")
    citation: Citation | None = doc("Where it is written.")
    provenance: Provenance | None = doc("text, secondary or unknown.")
    origin: str = doc("Jurisdiction that wrote it (a parent's, if inherited).")
    replaces: str | None = doc("Jurisdiction whose rule of the same id it overrides.", default=None)
    inherited_from: str | None = doc("The ancestor whose rule the regime takes over; null when the regime wrote it.", default=None)
    amendments: tuple[ChangedParts, ...] = doc("Fields of the inherited rule changed by descendants, with their citations.", default=())
    interpretation: Interpretation | None = doc("What the rule's author inferred where the source does not say.", default=None)
    children_inherit: bool = doc("Whether child jurisdictions take this rule over (its inherited flag, else the family's default).", default=True)
    rule: Any = doc("The rule itself, as in a rule file.")


@frozen(kw_only=True)
class RegimeRules:
    """``GET /api/regimes/{regime}/rules``: every rule a regime applies."""

    regime: str = doc("Regime id.")
    name_zh: str = doc("Name (Chinese).")
    name_en: str = doc("Name (English).")
    lineage: tuple[str, ...] = doc("Root … this jurisdiction.")
    sources: tuple[SourceDocument, ...] = doc("Source documents of the lineage.")
    rules: tuple[RuleEntry, ...] = doc("Every rule in force, by family in the regime's order.")
    removed: tuple[RemovalEntry, ...] = doc("Inherited rules it does not apply, with reason and citation.")
    not_inherited: tuple[NotInheritedEntry, ...] = doc("The parent's rules it does not take over (the parent's own level or procedure).", default=())


@frozen(kw_only=True)
class NotInheritedEntry:
    """A parent's rule this regime does not take over."""

    family: str = doc("Rule family.")
    id: str = doc("Rule id.")
    origin: str = doc("Jurisdiction that wrote it.")
    title_zh: str = doc("Title (Chinese).")
    title_en: str = doc("Title (English).")
    citation: Citation = doc("Where its author states it.")
    explicit: bool = doc("The rule says inherited = false (else its family's default).")
    provenance: Provenance | None = doc("How sure its author is of it: text, secondary or unknown (additive).", default=None)


@frozen(kw_only=True)
class RegimeRule:
    """``GET /api/regimes/{regime}/rules/{rule}``: one rule by id."""

    regime: str = doc("Regime id.")
    rule: RuleEntry = doc("The rule.")


@frozen(kw_only=True)
class RemovalEntry:
    """An inherited rule the regime does not apply, with the reason and the citation."""

    family: str = doc("Rule family.")
    id: str = doc("Rule id.")
    by: str = doc("Jurisdiction that removed it.")
    reason_zh: str = doc("Why it does not apply (Chinese).")
    reason_en: str = doc("Why it does not apply (English).")
    citation: Citation = doc("Where the jurisdiction's text departs from its parent.")
    provenance: Provenance = doc("How sure we are of the departure.")


def regime_rules(regimes: Any, regime_id: str) -> RegimeRules:
    """Every rule a regime applies, with its requirement in words, citation and provenance."""
    from ..convert import unstructure
    from ..criteria.render import describe
    from .families import FAMILIES, inherits

    regime = regimes[regime_id]
    entries = []
    for family in FAMILIES:
        for r in getattr(regime, family):
            rule = r.rule
            zh = en = ""
            if family == "criteria":
                zh, en = describe(rule, "zh"), describe(rule, "en")
            entries.append(
                RuleEntry(
                    family=family,
                    id=rule.id,
                    title_zh=getattr(rule, "title_zh", rule.id),
                    title_en=getattr(rule, "title_en", rule.id),
                    requirement_zh=zh,
                    requirement_en=en,
                    citation=getattr(rule, "citation", None),
                    provenance=getattr(rule, "provenance", None),
                    origin=r.origin,
                    replaces=r.replaces,
                    inherited_from=r.inherited_by(regime.id),
                    amendments=r.amendments,
                    interpretation=getattr(rule, "interpretation", None),
                    children_inherit=inherits(family, rule),
                    rule={**({"kind": rule.KIND} if isinstance(getattr(rule, "KIND", None), str) else {}), **unstructure(rule)},
                )
            )
    return RegimeRules(
        regime=regime.id,
        name_zh=regime.jurisdiction.name_zh,
        name_en=regime.jurisdiction.name_en,
        lineage=regime.lineage,
        sources=tuple(d for j in regime.lineage for d in regimes[j].jurisdiction.sources),
        rules=tuple(entries),
        removed=tuple(
            RemovalEntry(
                family=x.family, id=x.removal.id, by=x.jurisdiction, reason_zh=x.removal.reason_zh,
                reason_en=x.removal.reason_en, citation=x.removal.citation, provenance=x.removal.provenance,
            )
            for x in regime.removed
        ),
        not_inherited=tuple(
            NotInheritedEntry(family=x.family, id=x.id, origin=x.origin, title_zh=x.title_zh, title_en=x.title_en, citation=x.citation, explicit=x.explicit, provenance=x.provenance)
            for x in regime.not_inherited
        ),
    )
