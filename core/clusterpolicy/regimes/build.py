"""Resolve plugins' declarations into one regime per jurisdiction, checking them at load time.

Hooks are called here and nowhere else: once per implementing plugin, so that every problem names
the plugin. Resolution walks each jurisdiction's lineage from the root: a child starts from its
parent's resolved rules (unless it says ``inherit = false``), then its overrides replace rules by id,
its removals drop them and its additions append. Every conflict is a :class:`LoadError`; nothing is
decided by registration order.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import attrs
from attrs import frozen

from ..errors import LoadError, UnknownRegimeError, shorten
from ..model import Citation, Jurisdiction, Provenance, Removal, RuleChanges

if TYPE_CHECKING:
    from ..cases.kinds import CaseCall, CaseCategory
    from ..criteria.kinds import Criterion
    from ..lifecycle.kinds import RevocationGround, TimelineRule
    from .plugins import PluginManager

R = TypeVar("R")



@frozen(kw_only=True)
class Resolved(Generic[R]):
    """A rule in force in a regime, and where it came from."""

    rule: R
    origin: str  #: jurisdiction that wrote this rule
    plugin: str  #: plugin that contributed it
    replaces: str | None = None  #: jurisdiction whose rule of the same id this one overrides

    @property
    def id(self) -> str:
        return self.rule.id  # type: ignore[attr-defined]


@frozen(kw_only=True)
class Removed:
    """An inherited rule a jurisdiction does not apply."""

    family: str
    removal: Removal
    jurisdiction: str
    plugin: str


@frozen(kw_only=True)
class Regime:
    """The rules in force for one jurisdiction, resolved once and evaluated many times."""

    jurisdiction: Jurisdiction
    lineage: tuple[str, ...]  #: root … this jurisdiction
    plugins: tuple[str, ...]  #: plugins that contributed to it
    criteria: tuple[Resolved[Criterion], ...] = ()
    timelines: tuple[Resolved[TimelineRule], ...] = ()
    revocation_grounds: tuple[Resolved[RevocationGround], ...] = ()
    case_categories: tuple[Resolved[CaseCategory], ...] = ()
    case_calls: tuple[Resolved[CaseCall], ...] = ()
    removed: tuple[Removed, ...] = ()
    #: (document id, path) of each source text on disk, for the documents of the whole lineage
    source_files: tuple[tuple[str, str], ...] = ()
    _compiled: Any = attrs.field(default=None, eq=False, repr=False, alias="compiled")

    @property
    def id(self) -> str:
        return self.jurisdiction.id

    def evaluate(self, profile, as_of: date | None = None):
        """Evaluate a :class:`~clusterpolicy.criteria.profile.Profile`; returns an
        :class:`~clusterpolicy.criteria.results.Assessment`. Calls no hooks."""
        return self._compiled.evaluate(profile, as_of)

    def source_text(self, document: str) -> str:
        """The cleaned text of one of the lineage's source documents (by id), as shipped with the
        plugin that declares it; :class:`LookupError` when no text is at hand."""
        for doc_id, path in self.source_files:
            if doc_id == document:
                return Path(path).read_text(encoding="utf-8")
        raise LookupError(f"no text of {document!r} is shipped with {self.id!r}'s plugins")

    def provenance_counts(self) -> dict[str, int]:
        """Number of criteria per provenance level (text, secondary, unknown)."""
        counts = {p.value: 0 for p in Provenance}
        for r in self.criteria:
            counts[r.rule.provenance.value] += 1
        return counts


class Regimes(Mapping[str, Regime]):
    """All regimes built from one plugin manager, by jurisdiction id (roots first)."""

    def __init__(self, regimes: Mapping[str, Regime]):
        self._regimes = dict(regimes)

    def __getitem__(self, key: str) -> Regime:
        try:
            return self._regimes[key]
        except (KeyError, TypeError):
            known = ", ".join(self._regimes) or "none"
            raise UnknownRegimeError(f"unknown regime {shorten(key)} (known: {known})") from None

    def __contains__(self, key: object) -> bool:  # Mapping's would raise UnknownRegimeError
        return isinstance(key, str) and key in self._regimes

    def get(self, key: str, default: Regime | None = None) -> Regime | None:  # type: ignore[override]
        return self._regimes.get(key, default) if isinstance(key, str) else default

    def __iter__(self) -> Iterator[str]:
        return iter(self._regimes)

    def __len__(self) -> int:
        return len(self._regimes)

    def select(self, ids: Sequence[str] | None) -> list[Regime]:
        """The named regimes in the given order, or all of them when ``ids`` is empty."""
        return [self[i] for i in ids] if ids else list(self._regimes.values())


def build_regimes(pm: PluginManager) -> Regimes:
    """Call every hook once, check the declarations and resolve every jurisdiction's regime."""
    # The families' classes are imported here, not with the module: a regime from the cache
    # (clusterpolicy.regimes.cache) needs only those it uses.
    from ..criteria.evaluate import compile_criteria
    from ..criteria.results import Omission
    from ..lifecycle.kinds import check_lifecycle
    from .families import FAMILIES

    problems: list[str] = []
    jurisdictions, owners = _collect_jurisdictions(pm, problems)
    order = _lineage_order(jurisdictions, owners, problems)
    contributions = {fam: _collect_changes(pm, fam, jurisdictions, problems) for fam in FAMILIES}
    if problems:
        raise LoadError(problems)

    resolved: dict[str, dict[str, list[Resolved]]] = {}
    removed: dict[str, list[Removed]] = {}
    for jid in order:
        parent = jurisdictions[jid].parent
        resolved[jid] = {}
        removed[jid] = list(removed.get(parent, [])) if parent else []
        for fam in FAMILIES:
            base = resolved[parent][fam] if parent else []
            rules, dropped = _resolve_family(
                fam, jid, base, contributions[fam].get(jid, []), problems, locate=_locator(pm)
            )
            resolved[jid][fam] = rules
            removed[jid] = [r for r in removed[jid] if r.family != fam or r.removal.id not in {x.id for x in rules}]
            removed[jid] += dropped
    if problems:
        raise LoadError(problems)

    folders = {jid: _source_folder(pm.get_plugin(owners[jid])) for jid in order}
    regimes: dict[str, Regime] = {}
    for jid in order:
        lineage = _lineage(jid, jurisdictions)
        plugins = {owners[j] for j in lineage}
        for fam in FAMILIES:
            plugins |= {r.plugin for r in resolved[jid][fam]}
        criteria = tuple(resolved[jid]["criteria"])
        omissions = [
            Omission(
                rule=r.removal.id,
                by=r.jurisdiction,
                reason_zh=r.removal.reason_zh,
                reason_en=r.removal.reason_en,
                citation=r.removal.citation,
            )
            for r in removed[jid]
            if r.family == "criteria"
        ]
        try:
            compiled = compile_criteria(jurisdictions[jid], criteria, omissions)
        except LoadError as exc:
            problems.extend(exc.problems)
            continue
        lifecycle_problems = check_lifecycle(jid, resolved[jid]["timelines"], resolved[jid]["revocation_grounds"])
        if lifecycle_problems:
            problems.extend(lifecycle_problems)
            continue
        regimes[jid] = Regime(
            jurisdiction=jurisdictions[jid],
            lineage=lineage,
            plugins=tuple(sorted(plugins)),
            removed=tuple(removed[jid]),
            source_files=tuple(
                (doc.id, str(Path(folders[j]) / doc.file))
                for j in lineage
                if folders.get(j)
                for doc in jurisdictions[j].sources
                if doc.file is not None and (Path(folders[j]) / doc.file).is_file()
            ),
            compiled=compiled,
            **{fam: tuple(resolved[jid][fam]) for fam in FAMILIES},
        )
    if problems:
        raise LoadError(problems)
    return Regimes(regimes)


# --- collection --------------------------------------------------------------------------------


def _call_each(pm: PluginManager, hook_name: str) -> Iterator[tuple[str, Any]]:
    """Call a hook once per implementing plugin, yielding ``(plugin name, result)``."""
    hook = getattr(pm.hook, hook_name)
    for impl in hook.get_hookimpls():  # registration order, for stable messages
        try:
            result = impl.function()
        except Exception as exc:
            raise LoadError([f"plugin {impl.plugin_name!r}: {hook_name}() raised {type(exc).__name__}: {exc}"]) from None
        if result is not None:
            yield impl.plugin_name, result


def _collect_jurisdictions(pm: PluginManager, problems: list[str]) -> tuple[dict[str, Jurisdiction], dict[str, str]]:
    jurisdictions: dict[str, Jurisdiction] = {}
    owners: dict[str, str] = {}
    for plugin, result in _call_each(pm, "clusterpolicy_jurisdictions"):
        for j in _as_sequence(result, Jurisdiction, plugin, "clusterpolicy_jurisdictions", problems):
            if j.id in owners:
                problems.append(f"jurisdiction {j.id!r} is declared by two plugins: {owners[j.id]!r} and {plugin!r}")
                continue
            jurisdictions[j.id] = j
            owners[j.id] = plugin
    return jurisdictions, owners


def _lineage_order(jurisdictions: dict[str, Jurisdiction], owners: dict[str, str], problems: list[str]) -> list[str]:
    order: list[str] = []
    for jid, j in jurisdictions.items():
        if j.parent is not None and j.parent not in jurisdictions:
            problems.append(
                f"plugin {owners[jid]!r}: jurisdiction {jid!r} has parent {j.parent!r}, which no plugin declares"
            )
    if problems:
        return order
    state: dict[str, int] = {}

    def visit(jid: str, path: tuple[str, ...]) -> None:
        if state.get(jid) == 2:
            return
        if state.get(jid) == 1:
            cycle = " → ".join(path[path.index(jid):] + (jid,))
            problems.append(f"plugin {owners[jid]!r}: jurisdiction parents form a cycle: {cycle}")
            return
        state[jid] = 1
        parent = jurisdictions[jid].parent
        if parent is not None:
            visit(parent, path + (jid,))
        state[jid] = 2
        order.append(jid)

    for jid in sorted(jurisdictions):  # deterministic: parents first, then by id
        visit(jid, ())
    return order


def _collect_changes(
    pm: PluginManager, family: str, jurisdictions: dict[str, Jurisdiction], problems: list[str]
) -> dict[str, list[tuple[str, RuleChanges]]]:
    from .families import FAMILIES

    hook_name, rule_cls = FAMILIES[family]
    by_jurisdiction: dict[str, list[tuple[str, RuleChanges]]] = {}
    for plugin, result in _call_each(pm, hook_name):
        for changes in _as_sequence(result, RuleChanges, plugin, hook_name, problems):
            if changes.jurisdiction not in jurisdictions:
                problems.append(
                    f"plugin {plugin!r}: {family} for jurisdiction {changes.jurisdiction!r}, which no plugin declares"
                )
                continue
            ok = True
            for part in ("add", "override"):
                for rule in getattr(changes, part):
                    ok &= _check_rule(rule, rule_cls, plugin, family, changes.jurisdiction, part, problems)
            if ok:
                by_jurisdiction.setdefault(changes.jurisdiction, []).append((plugin, changes))
    return by_jurisdiction


def _check_rule(rule: Any, rule_cls: type, plugin: str, family: str, jid: str, part: str, problems: list[str]) -> bool:
    where = f"plugin {plugin!r}: {family} {part} for {jid!r}"
    if not isinstance(rule, rule_cls):
        problems.append(f"{where}: expected a {rule_cls.__name__}, got {type(rule).__name__}")
        return False
    if not isinstance(getattr(rule, "citation", None), Citation):
        problems.append(f"{where}: rule {rule.id!r} has no citation")
        return False
    return True


def _as_sequence(result: Any, cls: type, plugin: str, hook_name: str, problems: list[str]) -> list[Any]:
    items = [result] if isinstance(result, cls) else result
    if not isinstance(items, (list, tuple)):
        problems.append(f"plugin {plugin!r}: {hook_name}() must return a list of {cls.__name__}, got {type(result).__name__}")
        return []
    good = [x for x in items if isinstance(x, cls)]
    for x in items:
        if not isinstance(x, cls):
            problems.append(f"plugin {plugin!r}: {hook_name}() returned a {type(x).__name__}, expected {cls.__name__}")
    return good


# --- resolution --------------------------------------------------------------------------------


def _resolve_family(
    family: str,
    jid: str,
    base: list[Resolved],
    contributions: list[tuple[str, RuleChanges]],
    problems: list[str],
    locate: Any = None,
) -> tuple[list[Resolved], list[Removed]]:
    def at(plugin: str, part: str, rid: str) -> str:
        where = locate(plugin, family, part, rid) if locate is not None else None
        return f" [at {where}]" if where else ""

    if any(not changes.inherit for _, changes in contributions):
        base = []
    inherited = {r.id: r for r in base}
    overrides: dict[str, tuple[str, Any]] = {}
    removals: dict[str, tuple[str, Removal]] = {}
    adds: dict[str, tuple[str, Any]] = {}
    for plugin, changes in contributions:
        for rule in changes.override:
            if rule.id not in inherited:
                problems.append(
                    f"plugin {plugin!r}: overrides {family} {rule.id!r} for {jid!r}, but {jid!r} inherits no such rule"
                    + _known(inherited)
                    + at(plugin, "override", rule.id)
                )
            elif rule.id in overrides:
                problems.append(
                    f"rule {rule.id!r} is overridden twice for {jid!r}: by plugin {overrides[rule.id][0]!r} "
                    f"and by plugin {plugin!r}"
                )
            else:
                overrides[rule.id] = (plugin, rule)
        for removal in changes.remove:
            if removal.id not in inherited:
                problems.append(
                    f"plugin {plugin!r}: removes {removal.id!r} from {jid!r}'s {family}, but {jid!r} inherits no such rule"
                    + _known(inherited)
                    + at(plugin, "remove", removal.id)
                )
            elif removal.id in removals:
                problems.append(
                    f"rule {removal.id!r} is removed twice for {jid!r}: by plugin {removals[removal.id][0]!r} "
                    f"and by plugin {plugin!r}"
                )
            else:
                removals[removal.id] = (plugin, removal)
        for rule in changes.add:
            if rule.id in inherited:
                origin = inherited[rule.id].origin
                problems.append(
                    f"plugin {plugin!r}: adds {rule.id!r} to {jid!r}, but {jid!r} already inherits it from "
                    f"{origin!r}; declare it under override" + at(plugin, "add", rule.id)
                )
            elif rule.id in adds:
                first = adds[rule.id][0]
                who = f"plugin {first!r} twice" if first == plugin else f"plugins {first!r} and {plugin!r}"
                problems.append(f"rule id {rule.id!r} for {jid!r} is claimed by {who}")
            else:
                adds[rule.id] = (plugin, rule)
    for rid in overrides.keys() & removals.keys():
        problems.append(
            f"rule {rid!r} for {jid!r} is both overridden (plugin {overrides[rid][0]!r}) "
            f"and removed (plugin {removals[rid][0]!r})"
        )

    rules: list[Resolved] = []
    for r in base:
        if r.id in removals:
            continue
        if r.id in overrides:
            plugin, rule = overrides[r.id]
            rules.append(Resolved(rule=rule, origin=jid, plugin=plugin, replaces=r.origin))
        else:
            rules.append(r)
    for rid, (plugin, rule) in adds.items():
        _insert(rules, Resolved(rule=rule, origin=jid, plugin=plugin))
    dropped = [Removed(family=family, removal=rm, jurisdiction=jid, plugin=p) for p, rm in removals.values()]
    return rules, dropped


def _source_folder(plugin: Any) -> str | None:
    """Where a plugin's ``SourceDocument.file`` paths are relative to: a rule file's folder (or
    package), else the folder of the plugin's module."""
    fn = getattr(plugin, "source_folder", None)
    if callable(fn):
        return fn()
    module = plugin if isinstance(plugin, types.ModuleType) else sys.modules.get(type(plugin).__module__)
    path = getattr(module, "__file__", None)
    return str(Path(path).resolve().parent) if path else None


def _locator(pm: PluginManager) -> Any:
    """``locate(plugin, family, part, rule id)``: where a plugin wrote a rule, for plugins that know
    (rule files answer with ``file: $.family.part[i]``); None otherwise."""

    def locate(plugin: str, family: str, part: str, rid: str) -> str | None:
        fn = getattr(pm.get_plugin(plugin), "locate_rule", None)
        return fn(family, part, rid) if callable(fn) else None

    return locate


def _insert(rules: list[Resolved], new: Resolved) -> None:
    """Append, or for criteria place after the last rule of the same indicator."""
    indicator = getattr(new.rule, "indicator", None)
    if indicator is not None:
        for i in range(len(rules) - 1, -1, -1):
            if getattr(rules[i].rule, "indicator", None) == indicator:
                rules.insert(i + 1, new)
                return
    rules.append(new)


def _known(inherited: dict[str, Resolved]) -> str:
    if not inherited:
        return " (it inherits none)"
    ids = sorted(inherited)
    shown = ", ".join(ids[:12]) + (", …" if len(ids) > 12 else "")
    return f" (inherited: {shown})"


def _lineage(jid: str, jurisdictions: dict[str, Jurisdiction]) -> tuple[str, ...]:
    chain = [jid]
    while jurisdictions[chain[-1]].parent is not None:
        chain.append(jurisdictions[chain[-1]].parent)  # type: ignore[arg-type]
    return tuple(reversed(chain))
