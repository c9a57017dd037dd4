"""Resolve plugins' declarations into one regime per jurisdiction, checking them at load time.

Hooks are called here and nowhere else: once per implementing plugin, so that every problem names
the plugin. Resolution walks each jurisdiction's lineage from the root: a child starts from the
parent's rules that children inherit (each rule's ``inherited``, else its family's default), unless
it says ``inherit = false``; then its overrides, amendments, removals and additions apply
(:mod:`clusterpolicy.regimes.resolve`). Every citation must name a source document declared in
the lineage. Every conflict is a :class:`LoadError`; nothing is decided by registration order.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from ..errors import InputError, LoadError, UnknownRegimeError, did_you_mean, shorten
from ..model import Citation, Jurisdiction, Provenance, RuleChanges, frozen
from .resolve import NotInherited, Removed, Resolved, resolve_family, undeclared_documents

if TYPE_CHECKING:
    from .discovery import Replaced
    from .partial import Dropped
    from ..cases.kinds import CaseCall, CaseCategory
    from ..criteria.kinds import Criterion
    from ..lifecycle.grounds import RevocationGround
    from ..lifecycle.kinds import TimelineRule
    from .plugins import PluginManager


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
    #: the parent's rules this regime does not take over (not inherited by children)
    not_inherited: tuple[NotInherited, ...] = ()
    #: (document id, path) of the source text each document of the lineage names (``file``); whether it
    #: is on disk is checked when it is read (:meth:`texts`), so a cached regime sees a text added since
    source_files: tuple[tuple[str, str], ...] = ()
    #: installed rule files of this jurisdiction left out, a rule file given to the run declaring it
    #: (:mod:`clusterpolicy.regimes.plugins`)
    replaces: tuple[Replaced, ...] = ()
    _compiled: Any = attrs.field(default=None, eq=False, repr=False, alias="compiled")

    @property
    def id(self) -> str:
        return self.jurisdiction.id

    def evaluate(self, profile, as_of: date | None = None):
        """Evaluate a :class:`~clusterpolicy.criteria.profile.Profile`; returns an
        :class:`~clusterpolicy.criteria.results.Assessment`. Calls no hooks."""
        return self._compiled.evaluate(profile, as_of)

    def texts(self) -> dict[str, str]:
        """Document id → path of each source text of the lineage that is on disk now."""
        return {doc_id: path for doc_id, path in self.source_files if Path(path).is_file()}

    def source_text(self, document: str) -> str:
        """The cleaned text of one of the lineage's source documents (by id), as shipped with the
        plugin that declares it; :class:`LookupError` when no text is at hand, an
        :class:`~clusterpolicy.errors.InputError` naming the file when it is not UTF-8."""
        from ..reading import read_text

        path = self.texts().get(document)
        if path is None:
            raise LookupError(f"no text of {document!r} is shipped with {self.id!r}'s plugins")
        return read_text(path, path)

    def provenance_counts(self) -> dict[str, int]:
        """Number of criteria per provenance level (text, secondary, unknown); an amended criterion
        counts at the least sure of its own and its amendments' provenance."""
        order = list(Provenance)
        counts = {p.value: 0 for p in Provenance}
        for r in self.criteria:
            least = max((r.rule.provenance, *(a.provenance for a in r.amendments)), key=order.index)
            counts[least.value] += 1
        return counts

    def inferred_counts(self) -> dict[str, int]:
        """Per family, how many rules in force rest on an author's interpretation (theirs or an amendment's)."""
        from .families import FAMILIES

        return {
            fam: sum(1 for r in getattr(self, fam) if r.rule.interpretation is not None or any(a.interpretation for a in r.amendments))
            for fam in FAMILIES
        }

    def declarable(self) -> tuple[str, ...]:
        """Ids of the criteria whose content no source gives (``not_encoded``): the ones a profile may declare."""
        return tuple(r.id for r in self.criteria if r.rule.check.KIND == "not_encoded")

    def taken_over(self, family: str) -> list[Resolved]:
        """The rules of ``family`` this regime takes over unchanged from an ancestor (not amended)."""
        return [r for r in getattr(self, family) if r.origin != self.id and not r.amendments]


class Regimes(Mapping[str, Regime]):
    """All regimes built from one plugin manager, by jurisdiction id (roots first)."""

    def __init__(self, regimes: Mapping[str, Regime]):
        self._regimes = dict(regimes)

    def __getitem__(self, key: str) -> Regime:
        try:
            return self._regimes[key]
        except (KeyError, TypeError):
            known = ", ".join(self._regimes) or "none"
            raise UnknownRegimeError(f"unknown regime {shorten(key)}{did_you_mean(key, self._regimes)} (known: {known})") from None

    def __contains__(self, key: object) -> bool:  # Mapping's would raise UnknownRegimeError
        return isinstance(key, str) and key in self._regimes

    def get(self, key: str, default: Regime | None = None) -> Regime | None:  # type: ignore[override]
        return self._regimes.get(key, default) if isinstance(key, str) else default

    def __iter__(self) -> Iterator[str]:
        return iter(self._regimes)

    def __len__(self) -> int:
        return len(self._regimes)

    def check_declarations(self, profile: Any) -> None:
        """Every declaration of a profile names a loaded regime and a criterion it does not encode,
        whichever regimes are evaluated (an input error otherwise, as the published schema says)."""
        from ..criteria.evaluate import PROFILE_SOURCE, check_declared_regimes

        check_declared_regimes(profile, list(self._regimes))
        problems: list[str] = []
        for jid in profile.declarations:
            try:
                self._regimes[jid]._compiled.declarations(profile)
            except InputError as exc:
                problems += exc.problems
        if problems:
            raise InputError(PROFILE_SOURCE, problems)

    def select(self, ids: Sequence[str] | None) -> list[Regime]:
        """The named regimes in the given order (a regime named twice once), or all of them when ``ids`` is empty."""
        return [self[i] for i in dict.fromkeys(ids)] if ids else list(self._regimes.values())


def build_regimes(pm: PluginManager) -> Regimes:
    """Call every hook once, check the declarations and resolve every jurisdiction's regime.

    Every problem is reported at once, in one :class:`LoadError` sorted by file and key path: a rule
    file's own (it is registered with what of it loads, :mod:`clusterpolicy.regimes.partial`) with
    those of every check that can judge what loaded. A check is left out where what it reads did not
    load, and a regime whose parent has problems is checked against it once the parent loads (a line
    says so), so that no problem is reported as a consequence of another."""
    # The families' classes are imported here, not with the module: a regime from the cache
    # (clusterpolicy.regimes.cache) needs only those it uses.
    from ..criteria.evaluate import compile_criteria
    from ..criteria.results import Omission
    from ..lifecycle.kinds import check_lifecycle
    from .families import FAMILIES
    from .partial import by_place

    damage = {name: d for name, plugin in pm.list_name_plugin() if (d := _call_optional(plugin, "load_damage")) is not None}
    files = [f for _, plugin in pm.list_name_plugin() if (f := getattr(getattr(plugin, "rule_file", None), "source", None))]
    problems = [p for name in damage for p in pm.get_plugin(name).load_problems()]
    shape: list[str] = []  # a plugin's hooks return what no check can read: nothing is resolved
    jurisdictions, owners, twice = _collect_jurisdictions(pm, problems, shape)
    # a rule file whose jurisdiction did not load may declare a parent that seems missing
    order = _lineage_order(jurisdictions, owners, problems, _key_locator(pm), skip=twice, quiet=any(not d.jurisdiction for d in damage.values()))
    contributions = {fam: _collect_changes(pm, fam, jurisdictions, shape) for fam in FAMILIES}
    if shape:
        raise LoadError(by_place(problems + shape, files))

    at = _key_locator(pm)
    resolved: dict[str, dict[str, list[Resolved]]] = {}
    removed: dict[str, list[Removed]] = {}
    not_inherited: dict[str, list[NotInherited]] = {}
    folders = {jid: _source_folder(pm.get_plugin(owners[jid])) for jid in order}
    regimes: dict[str, Regime] = {}
    for jid in order:
        j, owner, own = jurisdictions[jid], owners[jid], damage.get(owners[jid])
        lineage = _lineage(jid, jurisdictions)
        lost = [damage[owners[x]] for x in lineage if owners[x] in damage]
        if all(None not in d.sources for d in lost):  # every source of the lineage is known by its id
            declared = {doc.id for x in lineage for doc in jurisdictions[x].sources} | {s for d in lost for s in d.sources if s}
            problems += _undeclared(j, owner, declared, contributions, _locator(pm), at, own.dropped if own else ())
        parent = j.parent
        if parent is not None and parent not in regimes:
            problems.append(_deferred(owner, jid, parent, at))
            continue
        before = len(problems)
        resolved[jid] = {}
        removed[jid] = list(regimes[parent].removed) if parent else []
        not_inherited[jid] = []
        troubled = set(own.unsure) if own else set()  # families whose rules did not all load or resolve
        for fam in FAMILIES:
            if fam in troubled:  # which rules the file writes is not known: nothing is judged against them
                resolved[jid][fam] = []
                continue
            base = list(getattr(regimes[parent], fam)) if parent else []
            salvaged = [(owner, x.part, x.id) for x in own.of(fam) if x.id is not None] if own else []
            n = len(problems)
            rules, dropped, barred = resolve_family(
                fam, jid, base, contributions[fam].get(jid, []), problems, locate=_locator(pm), salvaged=salvaged
            )
            if len(problems) > n or (own and own.of(fam)):
                troubled.add(fam)
            resolved[jid][fam] = rules
            removed[jid] = [r for r in removed[jid] if r.family != fam or r.removal.id not in {x.id for x in rules}]
            removed[jid] += dropped
            not_inherited[jid] += barred
        lineage_plugins = {owners[x] for x in lineage}
        for fam in FAMILIES:
            lineage_plugins |= {r.plugin for r in resolved[jid][fam]}
        criteria = tuple(resolved[jid]["criteria"])
        if "criteria" in troubled:  # a rule that did not load may be the one that reads the regime's level well
            criteria = tuple(r for r in criteria if not _rests_on_loss(r, jid, own, contributions["criteria"].get(jid, [])))
        omissions = [
            Omission(
                rule=r.removal.id,
                by=r.jurisdiction,
                reason_zh=r.removal.reason_zh,
                reason_en=r.removal.reason_en,
                citation=r.removal.citation,
                provenance=r.removal.provenance,
            )
            for r in removed[jid]
            if r.family == "criteria"
        ]
        barred = tuple(x for x in not_inherited[jid] if x.family == "criteria")
        unranked = _unranked(j, criteria, owner, at)
        if unranked:
            problems.extend(unranked)
            continue
        try:
            compiled = compile_criteria(j, criteria, omissions, barred)
        except LoadError as exc:
            problems.extend(exc.problems)
            continue
        if not troubled & {"timelines", "revocation_grounds"}:  # a rule that did not load may be one they name
            problems += check_lifecycle(jid, resolved[jid]["timelines"], resolved[jid]["revocation_grounds"])
        if len(problems) > before or own is not None:
            continue
        regimes[jid] = Regime(
            jurisdiction=j,
            lineage=lineage,
            plugins=tuple(sorted(lineage_plugins)),
            removed=tuple(removed[jid]),
            not_inherited=tuple(not_inherited[jid]),
            replaces=tuple(x for x in getattr(pm, "replaced", ()) if x.jurisdiction == jid),
            source_files=tuple(
                (doc.id, str(Path(folders[x]) / doc.file))
                for x in lineage
                if folders.get(x)
                for doc in jurisdictions[x].sources
                if doc.file is not None
            ),
            compiled=compiled,
            **{fam: tuple(resolved[jid][fam]) for fam in FAMILIES},
        )
    if problems:
        raise LoadError(by_place(problems, files))
    return Regimes(regimes)


def _deferred(owner: str, jid: str, parent: str, at: Any) -> str:
    """The line for a jurisdiction whose parent has problems (or did not load): checked once it loads."""
    return f"plugin {owner!r}: {jid!r} is checked against its parent {parent!r} once {parent!r} loads" + at(owner, "$.jurisdiction.parent")


def _call_optional(plugin: Any, name: str) -> Any:
    """``plugin.name()`` for a plugin that has it (a rule file's), else None."""
    fn = getattr(plugin, name, None)
    return fn() if callable(fn) else None


def _rests_on_loss(r: Resolved, jid: str, own: Any, contributions: list[tuple[str, RuleChanges]]) -> bool:
    """Whether a criterion of ``jid`` read at the regime's level may differ from what its file meant:
    it is read at ``own_level`` and the level did not load, or a rule of the file overriding,
    amending or removing it (or one whose id did not load) did not load or apply."""
    from ..criteria.kinds import uses_own_level

    if not uses_own_level(r.rule.check):
        return False
    lost = [x for x in own.of("criteria") if x.part != "add"] if own else []
    amended = {a.id for _, changes in contributions for a in changes.amend}
    return (
        (own is not None and not own.level)
        or any(x.id in (None, r.id) for x in lost)
        or (r.id in amended and not any(a.by == jid for a in r.amendments))
    )


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


def _collect_jurisdictions(pm: PluginManager, problems: list[str], shape: list[str]) -> tuple[dict[str, Jurisdiction], dict[str, str], set[str]]:
    """Every jurisdiction declared, its plugin, and the ids declared twice (said in ``problems``)."""
    jurisdictions: dict[str, Jurisdiction] = {}
    owners: dict[str, str] = {}
    twice: set[str] = set()
    for plugin, result in _call_each(pm, "clusterpolicy_jurisdictions"):
        for j in _as_sequence(result, Jurisdiction, plugin, "clusterpolicy_jurisdictions", shape):
            if j.id in owners:
                twice.add(j.id)
                problems.append(
                    f"jurisdiction {j.id!r} is declared by two plugins: {owners[j.id]!r} and {plugin!r}; load only one: "
                    f"leave the other out with --block-plugin NAME (or $CLUSTERPOLICY_BLOCK_PLUGINS, blocked= in Python)"
                )
                continue
            jurisdictions[j.id] = j
            owners[j.id] = plugin
    return jurisdictions, owners, twice


def _lineage_order(
    jurisdictions: dict[str, Jurisdiction], owners: dict[str, str], problems: list[str], at: Any, skip: set[str], quiet: bool
) -> list[str]:
    """The jurisdictions whose lineage is known, parents first (then by id): not one in ``skip``, naming
    itself as its parent, a parent no plugin declares or in a cycle, nor its descendants. With ``quiet``
    (a rule file whose jurisdiction did not load may be the parent), a missing parent is awaited, not a problem."""
    bad = set(skip)
    for jid, j in jurisdictions.items():
        if j.parent == jid:
            bad.add(jid)
            problems.append(
                f"plugin {owners[jid]!r}: jurisdiction {jid!r} names itself as its parent (a rule file declaring an installed "
                f"jurisdiction's id takes that plugin's place: give a new jurisdiction an id of its own)" + at(owners[jid], "$.jurisdiction.parent")
            )
        elif j.parent is not None and j.parent not in jurisdictions:
            bad.add(jid)
            problems.append(
                _deferred(owners[jid], jid, j.parent, at)
                if quiet
                else f"plugin {owners[jid]!r}: jurisdiction {jid!r} has parent {j.parent!r}, which no plugin declares"
                + did_you_mean(j.parent, sorted(jurisdictions.keys() - {jid})) + at(owners[jid], "$.jurisdiction.parent")
            )
    order: list[str] = []
    known: dict[str, bool] = {}  # jurisdiction → whether its lineage is known
    visiting: list[str] = []

    def visit(jid: str) -> bool:
        if jid in known:
            return known[jid]
        if jid in visiting:
            cycle = " → ".join(visiting[visiting.index(jid):] + [jid])
            problems.append(f"plugin {owners[jid]!r}: jurisdiction parents form a cycle: {cycle}")
            return False
        visiting.append(jid)
        parent = jurisdictions[jid].parent
        ok = jid not in bad and (parent is None or visit(parent))
        visiting.pop()
        known[jid] = ok
        if ok:
            order.append(jid)
        return ok

    for jid in sorted(jurisdictions):  # deterministic: parents first, then by id
        visit(jid)
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


# --- checks -------------------------------------------------------------------------------------


def _undeclared(
    j: Jurisdiction, owner: str, declared: set[str], contributions: dict[str, dict[str, list[tuple[str, RuleChanges]]]], locate: Any,
    at: Any, dropped: Sequence[Dropped] = (),
) -> list[str]:
    """A citation naming a document that no jurisdiction of the lineage declares is a load error (of a
    rule of ``owner``'s file that did not load too, where its citation is sound)."""
    known = ", ".join(sorted(declared)) or "none"
    problems = []
    for i, src in enumerate(j.sources):
        for path, doc_id in undeclared_documents(src.in_force, declared) if src.in_force else ():
            problems.append(
                f"plugin {owner!r}: {j.id!r} source {src.id!r}: in_force.{path} names {doc_id!r}, which is not a declared source"
                f"{did_you_mean(doc_id, declared)} (declared: {known})" + at(owner, f"$.jurisdiction.sources[{i}].in_force.{path}.document")
            )
    for fam, by_jid in contributions.items():
        for plugin, changes in by_jid.get(j.id, []):
            for part in ("add", "override", "amend", "remove"):
                for item in getattr(changes, part):
                    for path, doc_id in undeclared_documents(item, declared):
                        where = locate(plugin, fam, part, item.id)
                        problems.append(
                            f"plugin {plugin!r}: {fam} {part} {item.id!r} for {j.id!r}: {path} names {doc_id!r}, which is not among "
                            f"the sources of {j.id!r}'s lineage{did_you_mean(doc_id, declared)} (declared: {known}); declare it under "
                            "[[jurisdiction.sources]]" + (f" [at {where}.{path}.document]" if where else "")
                        )
    for x in dropped:
        if x.citation is not None and x.citation.document not in declared:
            problems.append(
                f"plugin {owner!r}: {x.family} {x.part} {shorten(x.id) if x.id else f'[{x.index}]'} for {j.id!r}: citation names "
                f"{x.citation.document!r}, which is not among the sources of {j.id!r}'s lineage{did_you_mean(x.citation.document, declared)} "
                f"(declared: {known}); declare it under [[jurisdiction.sources]]" + at(owner, f"{x.path}.citation.document")
            )
    return problems


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


def _unranked(jurisdiction: Jurisdiction, criteria: Sequence[Any], owner: str, at: Any) -> list[str]:
    """A criterion ranked at the regime's own level (``own_level``) in a regime whose level has no
    rank of its own: said at the jurisdiction's ``level``, where the author's file is at fault."""
    from ..criteria.kinds import at_level

    found = []
    for r in criteria:
        try:
            at_level(r.rule.check, jurisdiction.level.value)
        except ValueError as exc:
            found.append(
                f"plugin {owner!r}: criterion {r.rule.id!r} (from {r.origin!r}) for {jurisdiction.id!r}: {exc}" + at(owner, "$.jurisdiction.level")
            )
    return found


def _key_locator(pm: PluginManager) -> Any:
    """``at(plugin, key path)``: `` [at file: $.key.path]`` for a rule file's plugin, else ``""``."""

    def at(plugin: str, path: str) -> str:
        fn = getattr(pm.get_plugin(plugin), "locate_key", None)
        return f" [at {fn(path)}]" if callable(fn) else ""

    return at


def _lineage(jid: str, jurisdictions: dict[str, Jurisdiction]) -> tuple[str, ...]:
    chain = [jid]
    while jurisdictions[chain[-1]].parent is not None:
        chain.append(jurisdictions[chain[-1]].parent)  # type: ignore[arg-type]
    return tuple(reversed(chain))


def listed(regimes: Any, call: str) -> list[Regime]:
    """The regimes of the registry (a mapping of id → regime, as :func:`load_regimes` returns) or of a
    sequence (``regimes.select([...])``), as a list; anything else is a :class:`TypeError` saying what
    was given (:func:`regimes_given`) and what is expected."""
    if isinstance(regimes, list) and all(type(r) is Regime for r in regimes):  # select()'s: the common case first
        return regimes
    if isinstance(regimes, Mapping):
        items = list(regimes.values())
    elif isinstance(regimes, Sequence) and not isinstance(regimes, (str, bytes)):
        items = list(regimes)
    else:
        items = None
    if items is None or not all(isinstance(r, Regime) for r in items):
        raise TypeError(f"{call}(): regimes: {EXPECTED_REGIMES}; got {regimes_given(regimes, items)}")
    return items


#: What the Python API's calls take as ``regimes``.
EXPECTED_REGIMES = "expected the registry from load_regimes() or a sequence of built regimes (load_regimes().select([...]))"


def regimes_given(value: Any, items: list[Any] | None) -> str:
    """What was given as ``regimes`` instead, as the error says it: regime ids with the call that
    builds them (``'national'``: ``load_regimes().select(['national'])``), a mapping's or a
    sequence's value shown with the types it holds that are not regimes, or the type of anything else."""
    ids = [value] if isinstance(value, str) else items if items and all(isinstance(x, str) for x in items) and not isinstance(value, Mapping) else None
    if ids is not None:
        shown = ", ".join(shorten(i) for i in ids[:3]) + (", …" if len(ids) > 3 else "")
        return f"{shorten(value)} (regime ids: build the regimes with load_regimes().select([{shown}]))"
    if isinstance(value, Regime):
        return "a single Regime (put it in a list: [regime])"
    if items is None:
        return "None" if value is None else type(value).__name__
    others = ", ".join(sorted({type(x).__name__ for x in items if not isinstance(x, Regime)}))
    shown = type(value).__name__ if any(isinstance(x, Regime) for x in items) else shorten(value)
    return f"{shown} ({'its values are' if isinstance(value, Mapping) else 'it holds'} {others}, not regimes)"


def kinds_of(value: Any, items: list[Any] | None) -> str:
    """What was given instead: its type, and for a sequence the types of what it holds."""
    if items is None:
        return type(value).__name__
    return f"{type(value).__name__} of {', '.join(sorted({type(x).__name__ for x in items})) or 'nothing'}"
