"""One family of one jurisdiction resolved from its parent's: inheritance, overrides, amendments,
removals, additions and the one-per-slot rule — every conflict a load-time problem.

:func:`resolve_family` is called by :func:`clusterpolicy.regimes.build.build_regimes` for each
jurisdiction in lineage order. A child starts from the parent's rules that children inherit
(:func:`clusterpolicy.regimes.families.inherits`), unless it says ``inherit = false``; its overrides
replace rules by id, its amendments change some fields of a rule (the rest keeps the parent's
citation), its removals drop rules with a reason and its additions append. A rule with a *slot*
(a recommendation call's year) that the jurisdiction writes itself supersedes the inherited rule of
the same slot; two of its own rules in one slot are a load error. Nothing depends on plugin order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, Generic, TypeVar

import attrs

from ..errors import closest
from ..model import Amendment, ChangedParts, Citation, Provenance, Removal, RuleChanges, frozen

R = TypeVar("R")


@frozen(kw_only=True)
class Resolved(Generic[R]):
    """A rule in force in a regime, and where it came from."""

    rule: R
    origin: str  #: jurisdiction that wrote this rule
    plugin: str  #: plugin that contributed it (or last amended it)
    replaces: str | None = None  #: jurisdiction whose rule of the same id this one overrides
    amendments: tuple[ChangedParts, ...] = ()  #: partial overrides by descendants of the origin, in order

    @property
    def id(self) -> str:
        return self.rule.id  # type: ignore[attr-defined]

    def inherited_by(self, jid: str) -> str | None:
        """The ancestor ``jid`` takes this rule over from (its author), or None if ``jid`` wrote it."""
        return self.origin if self.origin != jid else None


@frozen(kw_only=True)
class Removed:
    """An inherited rule a jurisdiction does not apply."""

    family: str
    removal: Removal
    jurisdiction: str
    plugin: str


@frozen(kw_only=True)
class NotInherited:
    """A parent's rule its children do not take over (``inherited = false`` or the family's default)."""

    family: str
    id: str
    title_zh: str
    title_en: str
    origin: str  #: jurisdiction that wrote it
    citation: Citation
    explicit: bool  #: the rule says ``inherited = false`` (else the family's default)
    provenance: Provenance | None = None  #: how sure its author is of it


Locate = Callable[[str, str, str, str], "str | None"]


def resolve_family(
    family: str,
    jid: str,
    parent_rules: list[Resolved],
    contributions: list[tuple[str, RuleChanges]],
    problems: list[str],
    locate: Locate | None = None,
    salvaged: Sequence[tuple[str, str, str]] = (),
) -> tuple[list[Resolved], list[Removed], list[NotInherited]]:
    """The rules in force for ``jid`` in ``family``, the parent's rules it removes or that another of
    its rules supersedes, and the parent's rules it does not inherit.

    :param salvaged: ``(plugin, part, id)`` of rules of a rule file that did not load but whose id did
        (:mod:`clusterpolicy.regimes.partial`): their ids are judged as the others' are."""
    from .families import inherits

    def at(plugin: str, part: str, rid: str) -> str:
        where = locate(plugin, family, part, rid) if locate is not None else None
        return f" [at {where}]" if where else ""

    fresh = any(not changes.inherit for _, changes in contributions)
    base = [] if fresh else [r for r in parent_rules if inherits(family, r.rule)]
    not_inherited = [] if fresh else [_not_inherited(family, r) for r in parent_rules if not inherits(family, r.rule)]
    inherited = {r.id: r for r in base}
    barred = {x.id: x for x in not_inherited}

    def missing(plugin: str, what: str, part: str, rid: str) -> None:
        if rid in barred:
            x = barred[rid]
            why = "it says inherited = false" if x.explicit else f"{family} are not inherited by default"
            then = "there is nothing to remove" if part == "remove" else "write your own rule under add"
            problems.append(
                f"plugin {plugin!r}: {what}, but rule {rid!r} of {x.origin!r} is not inherited by children ({why}): {then}"
                + at(plugin, part, rid)
            )
        else:
            problems.append(f"plugin {plugin!r}: {what}, but {jid!r} inherits no such rule" + _known(inherited, rid) + at(plugin, part, rid))

    overrides: dict[str, tuple[str, Any]] = {}
    amends: dict[str, tuple[str, Amendment]] = {}
    removals: dict[str, tuple[str, Removal]] = {}
    adds: dict[str, tuple[str, Any]] = {}
    for plugin, changes in contributions:
        for part, items, store, word in (
            ("override", changes.override, overrides, "overridden"),
            ("amend", changes.amend, amends, "amended"),
        ):
            for item in items:
                if item.id not in inherited:
                    verb = "overrides" if part == "override" else "amends"
                    missing(plugin, f"{verb} {family} {item.id!r} for {jid!r}", part, item.id)
                elif item.id in store:
                    problems.append(
                        f"rule {item.id!r} is {word} twice for {jid!r}: by plugin {store[item.id][0]!r} and by plugin {plugin!r}"
                    )
                else:
                    store[item.id] = (plugin, item)
        for removal in changes.remove:
            if removal.id not in inherited:
                missing(plugin, f"removes {removal.id!r} from {jid!r}'s {family}", "remove", removal.id)
            elif removal.id in removals:
                problems.append(
                    f"rule {removal.id!r} is removed twice for {jid!r}: by plugin {removals[removal.id][0]!r} and by plugin {plugin!r}"
                )
            else:
                removals[removal.id] = (plugin, removal)
        for rule in changes.add:
            if rule.id in inherited:
                problems.append(
                    f"plugin {plugin!r}: adds {rule.id!r} to {jid!r}, but {jid!r} already inherits it from "
                    f"{inherited[rule.id].origin!r}; declare it under override (or amend)" + at(plugin, "add", rule.id)
                )
            elif rule.id in adds:
                first = adds[rule.id][0]
                who = f"plugin {first!r} twice" if first == plugin else f"plugins {first!r} and {plugin!r}"
                problems.append(f"rule id {rule.id!r} for {jid!r} is claimed by {who}")
            else:
                adds[rule.id] = (plugin, rule)
    for plugin, part, rid in salvaged:
        if part == "add" and rid in inherited:
            problems.append(
                f"plugin {plugin!r}: adds {rid!r} to {jid!r}, but {jid!r} already inherits it from "
                f"{inherited[rid].origin!r}; declare it under override (or amend)" + at(plugin, "add", rid)
            )
        elif part != "add" and rid not in inherited:
            what = f"removes {rid!r} from {jid!r}'s {family}" if part == "remove" else f"{part}s {family} {rid!r} for {jid!r}"
            missing(plugin, what, part, rid)
    for (a_name, a), (b_name, b) in ((("overridden", overrides), ("removed", removals)), (("amended", amends), ("removed", removals)), (("overridden", overrides), ("amended", amends))):
        for rid in sorted(a.keys() & b.keys()):
            problems.append(f"rule {rid!r} for {jid!r} is both {a_name} (plugin {a[rid][0]!r}) and {b_name} (plugin {b[rid][0]!r})")

    rules: list[Resolved] = []
    for r in base:
        if r.id in removals:
            continue
        if r.id in overrides:
            plugin, rule = overrides[r.id]
            rules.append(Resolved(rule=rule, origin=jid, plugin=plugin, replaces=r.origin))
        elif r.id in amends:
            plugin, amendment = amends[r.id]
            amended = _amend(family, jid, r, plugin, amendment, problems, at(plugin, "amend", r.id))
            rules.append(amended or r)
        else:
            rules.append(r)
    for rid, (plugin, rule) in adds.items():
        _insert(rules, Resolved(rule=rule, origin=jid, plugin=plugin))
    dropped = [Removed(family=family, removal=rm, jurisdiction=jid, plugin=p) for p, rm in removals.values()]
    rules, superseded = _one_per_slot(family, jid, rules, problems, at)
    return rules, dropped + superseded, not_inherited


def _not_inherited(family: str, r: Resolved) -> NotInherited:
    rule = r.rule
    return NotInherited(
        family=family,
        id=r.id,
        title_zh=getattr(rule, "title_zh", r.id),
        title_en=getattr(rule, "title_en", r.id),
        origin=r.origin,
        citation=rule.citation,
        explicit=getattr(rule, "inherited", None) is False,
        provenance=getattr(rule, "provenance", None),
    )


# --- amendments ---------------------------------------------------------------------------------


def _amend(family: str, jid: str, r: Resolved, plugin: str, amendment: Amendment, problems: list[str], where: str) -> Resolved | None:
    """The inherited rule with the amendment's fields merged in (re-checked by the one converter)."""
    from ..convert import structure, toml_converter
    from ..errors import InputError
    from .families import FAMILIES

    rule_cls = FAMILIES[family][1]
    head = f"plugin {plugin!r}: amends {family} {r.id!r} for {jid!r}"
    check = getattr(r.rule, "check", None)
    new_check = amendment.set.get("check")
    if check is not None and check.KIND == "not_encoded":
        problems.append(f"{head}: the rule is not encoded (its content is unknown): override it as a whole" + where)
        return None
    if check is not None and isinstance(new_check, dict):
        if "kind" in new_check and new_check["kind"] != check.KIND:
            problems.append(
                f"{head}: $.set.check.kind: an amendment keeps the check's kind ({check.KIND!r}); override the rule to change it" + where
            )
            return None
    data = toml_converter().unstructure(r.rule, unstructure_as=rule_cls)
    merged = _merge(data, amendment.set)
    try:
        rule = structure(merged, rule_cls, "amendment")
    except InputError as exc:
        problems += [f"{head}: {_under_set(p)}" + where for p in exc.problems]
        return None
    paths = tuple(_paths(amendment.set))
    wording = ("title_", "labels_", "check.labels_")
    change = ChangedParts(
        by=jid,
        paths=tuple(p for p in paths if not p.startswith(wording)) or paths,
        citation=amendment.citation,
        provenance=amendment.provenance,
        interpretation=amendment.interpretation,
    )
    return attrs.evolve(r, rule=rule, plugin=plugin, amendments=r.amendments + (change,))


def _merge(base: Any, change: Any) -> Any:
    """Tables merge key by key; a list of tables as long as the base's merges element by element;
    anything else replaces."""
    if isinstance(base, dict) and isinstance(change, dict):
        out = dict(base)
        for k, v in change.items():
            out[k] = _merge(base[k], v) if k in base else v
        return out
    if (
        isinstance(base, (list, tuple))
        and isinstance(change, (list, tuple))
        and len(base) == len(change)
        and all(isinstance(x, dict) for x in change)
        and all(isinstance(x, dict) for x in base)
    ):
        return [_merge(b, c) for b, c in zip(base, change)]
    return change


def _paths(change: Any, prefix: str = "") -> Iterator[str]:
    """The leaf paths an amendment changes (``check.value``, ``check.options[1].value``)."""
    if isinstance(change, dict):
        for k, v in change.items():
            yield from _paths(v, f"{prefix}.{k}" if prefix else k)
    elif isinstance(change, (list, tuple)) and change and all(isinstance(x, dict) for x in change):
        for i, x in enumerate(change):
            yield from _paths(x, f"{prefix}[{i}]")
    elif prefix:
        yield prefix


def _under_set(problem: str) -> str:
    return f"$.set{problem[1:]}" if problem.startswith("$") else f"$.set: {problem}"


# --- one rule per slot --------------------------------------------------------------------------


def _one_per_slot(family: str, jid: str, rules: list[Resolved], problems: list[str], at: Callable) -> tuple[list[Resolved], list[Removed]]:
    """An own rule with a slot (e.g. a recommendation call's year) supersedes inherited rules of the
    same slot; two own rules of one slot are a load error."""
    own: dict[str, Resolved] = {}
    for r in rules:
        slot = _slot(r.rule)
        if slot is None or r.origin != jid:
            continue
        if slot in own:
            problems.append(
                f"{jid!r} has two {family} rules for {slot}: {own[slot].id!r} (plugin {own[slot].plugin!r}) and "
                f"{r.id!r} (plugin {r.plugin!r}); one is allowed" + at(r.plugin, "add", r.id)
            )
        else:
            own[slot] = r
    kept, superseded = [], []
    for r in rules:
        slot = _slot(r.rule)
        winner = own.get(slot) if slot is not None else None
        if winner is not None and r.origin != jid:
            rule = winner.rule
            removal = Removal(
                id=r.id,
                reason_zh=f"由本制度自己的 {winner.id} 取代({slot}只适用一个)",
                reason_en=f"superseded by {jid}'s own {winner.id} (one {slot} applies)",
                citation=rule.citation,
                provenance=rule.provenance,
            )
            superseded.append(Removed(family=family, removal=removal, jurisdiction=jid, plugin=winner.plugin))
        else:
            kept.append(r)
    return kept, superseded


def _slot(rule: Any) -> str | None:
    fn = getattr(rule, "slot", None)
    return fn() if callable(fn) else None


# --- citations ----------------------------------------------------------------------------------


def citations(obj: Any, path: str = "") -> Iterator[tuple[str, Citation]]:
    """Every citation inside an attrs value (nested batches, days, steps, documents…), with its path."""
    if isinstance(obj, Citation):
        yield path, obj
    elif attrs.has(type(obj)):
        for f in attrs.fields(type(obj)):
            yield from citations(getattr(obj, f.name), f"{path}.{f.name}" if path else f.name)
    elif isinstance(obj, tuple):
        for i, x in enumerate(obj):
            yield from citations(x, f"{path}[{i}]")


def undeclared_documents(obj: Any, declared: set[str]) -> list[tuple[str, str]]:
    """``(path, document)`` of each citation in ``obj`` naming a document not in ``declared``."""
    return [(p, c.document) for p, c in citations(obj) if c.document not in declared]


# --- helpers ------------------------------------------------------------------------------------


def _insert(rules: list[Resolved], new: Resolved) -> None:
    """Append, or for criteria place after the last rule of the same indicator."""
    indicator = getattr(new.rule, "indicator", None)
    if indicator is not None:
        for i in range(len(rules) - 1, -1, -1):
            if getattr(rules[i].rule, "indicator", None) == indicator:
                rules.insert(i + 1, new)
                return
    rules.append(new)


def _known(inherited: dict[str, Resolved], rid: str) -> str:
    if not inherited:
        return " (it inherits none)"
    ids = sorted(inherited)
    shown = ", ".join(ids[:12]) + (", …" if len(ids) > 12 else "")
    meant = f"did you mean {close!r}? " if (close := closest(rid, ids)) else ""
    return f" ({meant}inherited: {shown})"
