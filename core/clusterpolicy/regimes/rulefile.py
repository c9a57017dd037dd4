"""Jurisdictions written as data: TOML rule files, read into the same objects Python plugins return.

A rule file declares one jurisdiction and, per rule family (:data:`clusterpolicy.regimes.families.FAMILIES`),
what it adds, overrides (by id), amends (some fields of an inherited rule) and removes::

    [jurisdiction]                      # a Jurisdiction: id, name_zh, name_en, level, parent
    id = "zhejiang"
    ...
    [[jurisdiction.sources]]            # SourceDocument
    ...

    [criteria]                          # RuleChanges[Criterion], minus `jurisdiction`
    inherit = true
    [[criteria.override]]               # a Criterion, exactly as in Python
    id = "core.output"
    check = { kind = "each_year", field = "total_output", years = 3, op = "ge", value = 30 }
    ...

Each family table is structured by the one converter into ``RuleChanges[rule class]``, whatever
the rule class's fields are, so families extended later need nothing here. A loaded file becomes
a plugin (:class:`RuleFilePlugin`) registered on the same plugin manager, under the same checks,
as Python plugins. Every problem is reported as ``file: $.toml.key.path: what was expected``.
There is no expression language: check kinds and operators are closed sets.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError, LoadError, closest, shorten
from ..hookspecs import hookimpl
from ..model import Jurisdiction, RuleChanges

if TYPE_CHECKING:
    from .partial import Damage

class RuleFile:
    """One parsed rule file: its jurisdiction and its changes per family.

    A file read with ``partial=True`` (:func:`parse_rule_file`) may have ``problems`` (``$.path: …``):
    then ``changes`` holds the rules that loaded, ``damage`` says what did not
    (:mod:`clusterpolicy.regimes.partial`), and ``jurisdiction`` is None when even its id is not sound."""

    def __init__(
        self,
        source: str,
        jurisdiction: Jurisdiction | None,
        changes: Mapping[str, RuleChanges],
        folder: str | None = None,
        problems: Sequence[str] = (),
        damage: Damage | None = None,
        places: Mapping[tuple[str, str], tuple[int, ...]] | None = None,
    ):
        self.source = source
        self.jurisdiction = jurisdiction
        self.changes = dict(changes)
        #: where ``SourceDocument.file`` paths are relative to (the file's folder, or its package)
        self.folder = folder
        self.problems = tuple(problems)
        self.damage = damage
        #: (family, part) → the index in the file of each rule of ``changes`` (where rules were refused)
        self.places = dict(places or {})

    def text_notes(self) -> list[str]:
        """``$.jurisdiction.sources[i].file`` notes for source texts ``clusterpolicy sources`` cannot
        open: not found beside the file, not a file, or not UTF-8 (the rules still load)."""
        if self.folder is None:
            return []
        from ..reading import read_text

        notes = []
        for i, doc in enumerate(self.jurisdiction.sources):
            if doc.file is None:
                continue
            path = Path(self.folder) / doc.file
            at = f"$.jurisdiction.sources[{i}].file: {doc.file!r}"
            if not path.exists():
                notes.append(f"{at} not found in {self.folder}")
            elif not path.is_file():
                notes.append(f"{at} is not a file")
            else:
                try:
                    read_text(path, str(path))
                except InputError as exc:
                    notes.append(f"{at} cannot be read: {exc.problems[0]}")
        return notes

    def percent_notes(self, regime: Any) -> list[str]:
        """Notes for the percentage shares this file writes (adds, overrides or amends) with a threshold
        strictly between 0 and 1: legal, but shares are in percent (``value = 0.6`` is 0.6%, not 60%).
        Shown by ``check-rules``; a threshold outside 0–100 does not load at all."""
        from ..criteria.kinds import percent_shares
        from ..numbers import fmt

        jid = self.jurisdiction.id
        notes = []
        for r in regime.criteria:
            for path, share in percent_shares(r.rule.check):
                if not 0 < share.value < 1:
                    continue
                if r.origin == jid:
                    where = self.locate("criteria", "add", r.id) or self.locate("criteria", "override", r.id)
                    key = f"{where}.{path}.value" if where else None
                else:
                    mine = any(a.by == jid and f"{path}.value" in a.paths for a in r.amendments)
                    where = self.locate("criteria", "amend", r.id) if mine else None
                    key = f"{where}.set.{path}.value" if where else None
                if key:
                    notes.append(
                        f"{key}: {fmt(share.value)} is {fmt(share.value)}% ({r.id}) — shares are in percent (value = 60 means 60%); "
                        f"if the text says {fmt(share.value * 100)}%, write {fmt(share.value * 100)}"
                    )
        return notes

    def wording_notes(self, regime: Any, parent: Any) -> list[str]:
        """Notes for the criteria this file amends whose number changed while a title or label it
        left as it was still states the parent's number (``不少于10家`` over a value of 8)."""
        if parent is None or "criteria" not in self.changes:
            return []
        from ..convert import toml_converter

        conv = toml_converter()
        mine = {r.id: r.rule for r in regime.criteria}
        theirs = {r.id: r.rule for r in parent.criteria}
        notes = []
        for i, amendment in enumerate(self.changes["criteria"].amend):
            new, old = mine.get(amendment.id), theirs.get(amendment.id)
            if new is None or old is None:
                continue
            changed = [(a, b, unit) for a, b, unit in _numbers(conv.unstructure(old.check), conv.unstructure(new.check)) if a != b]
            set_check = amendment.set.get("check") if isinstance(amendment.set.get("check"), dict) else {}
            wording = {
                "title_zh": old.title_zh, "title_en": old.title_en,
                "check.labels_zh": " ".join(getattr(old.check, "labels_zh", ())), "check.labels_en": " ".join(getattr(old.check, "labels_en", ())),
            }  # fmt: skip
            for a, b, unit in changed:
                given = {*amendment.set, *(f"check.{k}" for k in set_check)}
                kept = [k for k, text in wording.items() if k not in given and _states(text, a, unit) and not _states(text, b, unit)]
                if kept:
                    notes.append(f"$.criteria.amend[{i}]: {', '.join(kept)} still {'states' if len(kept) == 1 else 'state'} {a}, the parent's number ({amendment.id} is amended to {b}): amend the wording too")
                    break
        return notes

    def locate(self, family: str, part: str, rule_id: str) -> str | None:
        """TOML key path of the rule ``rule_id`` under ``[family].part``, e.g. ``$.criteria.override[2]``
        (of a rule that did not load too, where its id is sound)."""
        changes = self.changes.get(family)
        rules = getattr(changes, part, ()) if changes is not None else ()
        places = self.places.get((family, part), range(len(rules)))
        for i, rule in zip(places, rules):
            if rule.id == rule_id:
                return f"$.{family}.{part}[{i}]"
        dropped = self.damage.dropped if self.damage is not None else ()
        return next((d.path for d in dropped if (d.family, d.part, d.id) == (family, part, rule_id)), None)

    def plugin(self) -> RuleFilePlugin:
        """A plugin object implementing the jurisdiction hook and one hook per family present."""
        from .families import FAMILIES

        namespace = {FAMILIES[fam][0]: _family_impl(fam) for fam in self.changes}
        cls = type("RuleFilePlugin", (RuleFilePlugin,), namespace)
        return cls(self)


class RuleFilePlugin:
    """Base of the plugin objects made from rule files (see :meth:`RuleFile.plugin`)."""

    def __init__(self, rule_file: RuleFile):
        self.rule_file = rule_file

    def __repr__(self) -> str:
        return f"<rule file {self.rule_file.source}>"

    def source_folder(self) -> str | None:
        """The folder the jurisdiction's ``SourceDocument.file`` paths are relative to."""
        return self.rule_file.folder

    def locate_rule(self, family: str, part: str, rule_id: str) -> str | None:
        """Where a rule is written, for load-time error messages (see :func:`regime.build_regimes`)."""
        where = self.rule_file.locate(family, part, rule_id)
        return f"{self.rule_file.source}: {where}" if where else None

    def locate_key(self, path: str) -> str:
        """Where a key of the file is, e.g. ``file: $.jurisdiction.parent``, for load-time error messages."""
        return f"{self.rule_file.source}: {path}"

    def load_problems(self) -> list[str]:
        """The file's own problems (``file: $.path: …``), reported with the load-time checks'."""
        return [f"{self.rule_file.source}: {p}" for p in self.rule_file.problems]

    def load_damage(self) -> Damage | None:
        """What of the file did not load (see :mod:`clusterpolicy.regimes.partial`)."""
        return self.rule_file.damage

    @hookimpl
    def clusterpolicy_jurisdictions(self) -> list[Jurisdiction]:
        return [self.rule_file.jurisdiction] if self.rule_file.jurisdiction is not None else []


def _family_impl(family: str):
    from .families import FAMILIES

    def impl(self: RuleFilePlugin) -> list[RuleChanges]:
        return [self.rule_file.changes[family]]

    impl.__name__ = impl.__qualname__ = FAMILIES[family][0]
    return hookimpl(impl)


# --- reading ------------------------------------------------------------------------------------


def load_rule_file(path: str | Path, source: str | None = None, partial: bool = False) -> RuleFile:
    """Read and check a rule file; raise :class:`LoadError` naming the file and each key path (with
    ``partial``, return what loaded with the problems instead: see :func:`parse_rule_file`).

    A file that is missing or cannot be read is an :class:`InputError` (exit 2, as for any input)."""
    from ..convert import parse_document
    from ..reading import read_text

    source = source or str(path)
    text = read_text(path, source)
    try:
        data = parse_document(text, source, as_json=source.endswith(".json"))
    except InputError as exc:
        return _unread(source, exc.problems, partial)
    return parse_rule_file(data, source, folder=str(Path(path).resolve().parent), partial=partial)


def load_rule_files(paths: Sequence[str | Path], partial: bool = False) -> list[RuleFile]:
    """Read and check every rule file of ``paths`` (see :func:`load_rule_file`); one :class:`LoadError`
    names the problems of all that fail."""
    loaded: list[RuleFile] = []
    problems: list[str] = []
    for path in paths:
        try:
            loaded.append(load_rule_file(path, partial=partial))
        except LoadError as exc:
            problems += exc.problems
    if problems:
        raise LoadError(problems)
    return loaded


def parse_rule_file(data: Mapping[str, Any], source: str, folder: str | None = None, partial: bool = False) -> RuleFile:
    """Structure an already-parsed rule file (see the module docstring for the layout).

    :param folder: where the file lies (its sources' ``file`` paths are relative to it).
    :param partial: return a file with problems instead of raising :class:`LoadError`: its ``problems``,
        the parts that loaded and its ``damage`` (what did not), so that the load-time checks judge
        the rest in the same run (:mod:`clusterpolicy.regimes.partial`)."""
    from ..convert import structure
    from .families import FAMILIES
    from .partial import Damage, read_changes, read_jurisdiction

    if not isinstance(data, Mapping):
        return _unread(source, [f"$: expected a table (jurisdiction, {', '.join(FAMILIES)}); got {shorten(data)}"], partial)
    problems: list[str] = []
    allowed = ("jurisdiction", *FAMILIES)
    if not any(k in allowed for k in data) and _profile_keys(data):
        return _unread(source, [f"$: a cluster profile ({', '.join(_profile_keys(data))}), not a rule file: compare and evaluate read profiles"], partial)
    for k in data:
        if k not in allowed:
            meant = f"did you mean {close!r}? " if (close := closest(k, allowed)) else ""
            problems.append(f"$.{shorten(k)[1:-1] if isinstance(k, str) else shorten(k)}: unknown table ({meant}expected one of: {', '.join(allowed)})")
    jurisdiction = None
    damage = Damage()
    if "jurisdiction" not in data:
        problems.append("$.jurisdiction: required table missing (id, name_zh, name_en, level, parent, sources)")
        damage = Damage(jurisdiction=False)
    else:
        try:
            jurisdiction = structure(data["jurisdiction"], Jurisdiction, source)
        except InputError as exc:
            problems += [_under("jurisdiction", p) for p in exc.problems]
            jurisdiction, damage = read_jurisdiction(data["jurisdiction"])
    changes: dict[str, RuleChanges] = {}
    places: dict[tuple[str, str], tuple[int, ...]] = {}
    dropped = []
    unsure = set()
    for family, (_, rule_cls) in FAMILIES.items():
        if family not in data:
            continue
        section = data[family]
        if not isinstance(section, dict):
            problems.append(f"$.{family}: expected a table (inherit, add, override, remove); got {shorten(section)}")
            unsure.add(family)
            continue
        if "jurisdiction" in section:
            problems.append(f"$.{family}.jurisdiction: not allowed here: the rules apply to [jurisdiction].id")
            unsure.add(family)
            continue
        jid = jurisdiction.id if jurisdiction is not None else "unknown"
        try:
            changes[family] = structure({**section, "jurisdiction": jid}, RuleChanges[rule_cls], source)
        except InputError as exc:
            problems += [_under(family, p) for p in exc.problems]
            changes[family], at, lost, sure = read_changes(section, family, rule_cls, jid)
            places |= {(family, part): i for part, i in at.items()}
            dropped += lost
            if not sure:
                unsure.add(family)
            if family == "criteria":  # of a criterion that does not load, the profile fields it names
                from ..criteria.checks import unknown_names

                problems += [f"{x.path}: {p}" for x in lost if x.part in ("add", "override") for p in unknown_names(section[x.part][x.index])]
    if "criteria" in changes:
        changes["criteria"], at, lost, found = _check_criteria(changes["criteria"], places)
        places |= at
        dropped += lost
        problems += found
    if problems and not partial:
        raise LoadError([f"{source}: {p}" for p in problems])
    if problems:
        import attrs

        damage = attrs.evolve(damage, dropped=tuple(dropped), unsure=frozenset(unsure))
    return RuleFile(
        source, jurisdiction, changes if jurisdiction is not None else {}, folder=folder, problems=problems,
        damage=damage if problems else None, places=places,
    )  # fmt: skip


def _unread(source: str, problems: Sequence[str], partial: bool) -> RuleFile:
    """A file of which nothing loads: its problems (``partial``), else a :class:`LoadError`."""
    from .partial import Damage

    if not partial:
        raise LoadError([f"{source}: {p}" for p in problems])
    return RuleFile(source, None, {}, problems=problems, damage=Damage(jurisdiction=False))


def _under(table: str, problem: str) -> str:
    """Re-root a ``$.path: message`` line under ``$.table``."""
    if problem.startswith("$: unknown key(s): "):  # a family's keys: [jurisdiction].id is not one of them
        problem = problem.replace("expected one of: jurisdiction, ", "expected one of: ", 1)
    if problem.startswith("$"):
        return f"$.{table}{problem[1:]}"
    return f"$.{table}: {problem}"


def _check_criteria(changes: RuleChanges, places: Mapping[tuple[str, str], tuple[int, ...]]) -> tuple[RuleChanges, dict, list, list[str]]:
    """Check field paths and enum values of criteria now, so errors carry their key paths. A criterion
    with a problem is left out of the changes (as one that did not structure: its id and citation are
    still judged); returns the changes, the places of their rules, the criteria left out and the problems."""
    import attrs

    from ..criteria.evaluate import check_rule
    from .partial import Dropped

    problems: list[str] = []
    kept: dict[str, tuple] = {}
    at: dict[tuple[str, str], tuple[int, ...]] = {}
    dropped = []
    for part in ("add", "override"):
        rules = getattr(changes, part)
        indices = places.get(("criteria", part), range(len(rules)))
        keep, where = [], []
        for i, rule in zip(indices, rules):
            found = check_rule(rule)
            problems += [f"$.criteria.{part}[{i}]: {p}" for p in found]
            if found:
                dropped.append(Dropped(family="criteria", part=part, index=i, id=rule.id, citation=rule.citation))
            else:
                keep.append(rule)
                where.append(i)
        kept[part], at[("criteria", part)] = tuple(keep), tuple(where)
    return (attrs.evolve(changes, **kept) if dropped else changes), at, dropped, problems


# --- finding rule files -------------------------------------------------------------------------


def load_resource(package: str, name: str, source: str, partial: bool = False) -> RuleFile:
    """Load a rule file shipped inside an installed package (entry point ``pkg:file.toml``); ``partial``
    as for :func:`parse_rule_file`."""
    from importlib import resources

    from ..convert import parse_document

    try:
        folder = resources.files(package)
        text = folder.joinpath(name).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError) as exc:
        raise LoadError([f"{source}: cannot read {name!r} in package {package!r}: {exc}"]) from None
    try:
        data = parse_document(text, source, as_json=False)
    except InputError as exc:
        return _unread(source, exc.problems, partial)
    if not isinstance(folder, Path):  # a package without __init__.py (a namespace package): the folder holding the file
        from importlib.util import find_spec

        spec = find_spec(package)
        found = [Path(p) for p in (spec.submodule_search_locations or ()) if (Path(p) / name).is_file()] if spec else []
        folder = found[0] if found else None
    return parse_rule_file(data, source, folder=str(folder) if isinstance(folder, Path) else None, partial=partial)


# --- writing ------------------------------------------------------------------------------------


def rule_file_data(jurisdiction: Jurisdiction, changes: Mapping[str, RuleChanges]) -> dict[str, Any]:
    """The TOML-ready mapping of a jurisdiction and its changes (decimals and dates kept exact)."""
    from ..convert import toml_converter
    from .families import FAMILIES

    conv = toml_converter()
    data: dict[str, Any] = {"jurisdiction": conv.unstructure(jurisdiction)}
    for family, (_, rule_cls) in FAMILIES.items():
        if family not in changes:
            continue
        section = conv.unstructure(changes[family], unstructure_as=RuleChanges[rule_cls])
        section.pop("jurisdiction", None)
        data[family] = section
    return data


def dump_rule_file(jurisdiction: Jurisdiction, changes: Mapping[str, RuleChanges], header: str = "") -> str:
    """A rule file's TOML text; :func:`parse_rule_file` reads it back to equal objects."""
    from .tomlwriter import dumps

    text = dumps(rule_file_data(jurisdiction, changes))
    if header:
        text = "".join(f"# {line}".rstrip() + "\n" for line in header.splitlines()) + "\n" + text
    return text


def declarations(pm: Any, jurisdiction_id: str) -> tuple[Jurisdiction, dict[str, RuleChanges]]:
    """What the plugins on ``pm`` declare for one jurisdiction: its identity and, per family, its own
    changes (not the inherited rules), merged across plugins. Raises UnknownRegimeError if nobody
    declares it."""
    from .families import FAMILIES

    from ..errors import UnknownRegimeError

    found = None
    ids = []
    for impl in pm.hook.clusterpolicy_jurisdictions.get_hookimpls():
        for j in impl.function() or ():
            ids.append(j.id)
            if j.id == jurisdiction_id:
                found = j
    if found is None:
        known = ", ".join(sorted(ids)) or "none"
        raise UnknownRegimeError(f"no plugin declares jurisdiction {shorten(jurisdiction_id)} (known: {known})")
    changes: dict[str, RuleChanges] = {}
    for family, (hook_name, _) in FAMILIES.items():
        mine = [
            c
            for impl in getattr(pm.hook, hook_name).get_hookimpls()
            for c in (impl.function() or ())
            if c.jurisdiction == jurisdiction_id
        ]
        if mine:
            changes[family] = RuleChanges(
                jurisdiction=jurisdiction_id,
                inherit=all(c.inherit for c in mine),
                add=tuple(r for c in mine for r in c.add),
                override=tuple(r for c in mine for r in c.override),
                amend=tuple(r for c in mine for r in c.amend),
                remove=tuple(r for c in mine for r in c.remove),
            )
    return found, changes


def _profile_keys(data: Mapping) -> list[str]:
    """The keys of ``data`` a cluster profile has (at most three, to name them)."""
    import attrs

    from ..criteria.profile import Profile

    fields = {a.name for a in attrs.fields(Profile)}
    return [k for k in data if k in fields][:3]


def _numbers(old: Any, new: Any, unit: str | None = None) -> list[tuple[str, str, str | None]]:
    """The numbers (as text) at the same places of two unstructured checks of one kind, each with
    the unit of the check it is in."""
    if isinstance(old, dict) and isinstance(new, dict):
        unit = old.get("unit", unit)
        return [pair for k in old.keys() & new.keys() for pair in _numbers(old[k], new[k], unit)]
    if isinstance(old, (list, tuple)) and isinstance(new, (list, tuple)):
        return [pair for a, b in zip(old, new) for pair in _numbers(a, b, unit)]
    if isinstance(old, Decimal) and isinstance(new, Decimal):
        from ..numbers import fmt

        return [(fmt(old), fmt(new), unit)]
    return []


def _states(text: str, number: str, unit: str | None = None) -> bool:
    """Whether ``text`` writes ``number`` as a number of its own (``10`` in 不少于10家, not in 100) —
    or, for an amount in 亿元 (10⁸ yuan), in billions as English writes it (40亿元: ``4 bn yuan``)."""
    if re.search(rf"(?<![0-9.]){re.escape(number)}(?![0-9]|\.[0-9])", text) is not None:
        return True
    if unit != "亿元":
        return False
    from ..numbers import fmt

    billions = re.escape(fmt(Decimal(number) / 10))
    return re.search(rf"(?<![0-9.]){billions}\s*(?:bn|billion)\b", text) is not None
