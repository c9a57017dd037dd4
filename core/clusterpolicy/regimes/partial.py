"""What a rule file with problems still says, so that one run reports every problem of it.

:func:`clusterpolicy.regimes.rulefile.parse_rule_file` structures a file whole first: every problem
of its shape, with its key path, as the converter says it. When a part is refused, the file is read
again here part by part: each source, each rule of ``add``, ``override``, ``amend`` and ``remove``
on its own. What structures takes part in the load-time checks that read other parts (a citation
against the lineage's sources, an id against the inherited rules, a check's profile fields) in the
same run (:func:`clusterpolicy.regimes.build.build_regimes`). Of a refused rule, the fields that are
sound on their own are still judged — its ``id``, its ``citation`` and, of a criterion, the profile
fields it names (:func:`clusterpolicy.criteria.checks.unknown_names`) —, and :class:`Damage` tells
the checks what is not known, so that none reports a consequence of a problem already reported
(an id said to be unknown because the rule's ``id`` itself was refused).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from ..convert import sound_field
from ..model import Citation, Jurisdiction, Level, RuleChanges, SourceDocument, frozen


@frozen(kw_only=True)
class Dropped:
    """A rule of a family's ``add``, ``override``, ``amend`` or ``remove`` that did not load."""

    family: str
    part: str
    index: int  #: its place in the part's list
    id: str | None = None  #: its id, where that field is sound
    citation: Citation | None = None  #: its citation, where that field is sound

    @property
    def path(self) -> str:
        return f"$.{self.family}.{self.part}[{self.index}]"


@frozen(kw_only=True)
class Damage:
    """What of a rule file did not load: what the load-time checks cannot judge."""

    #: the file's ``[jurisdiction]`` gives a sound ``id`` and ``parent`` (else nothing of the file is checked further)
    jurisdiction: bool = True
    #: the jurisdiction's ``level`` is sound (else no check reads it)
    level: bool = True
    #: the ids of the sources that did not load (None: not even the id is sound)
    sources: tuple[str | None, ...] = ()
    dropped: tuple[Dropped, ...] = ()
    #: families whose rules cannot all be told: the table, its ``inherit`` or one of its lists was refused
    unsure: frozenset[str] = frozenset()

    def of(self, family: str) -> list[Dropped]:
        """The rules of ``family`` that did not load."""
        return [d for d in self.dropped if d.family == family]


def read_jurisdiction(data: Any) -> tuple[Jurisdiction | None, Damage]:
    """The jurisdiction of a ``[jurisdiction]`` table that did not structure, from its sound fields and
    sources: None without a sound ``id`` and ``parent``. A name or level refused is left to its problem:
    the level here is only a placeholder, never read (``Damage.level``)."""
    from ..problems import MAX_PROBLEMS

    jid = sound_field(data, Jurisdiction, "id")
    parent = sound_field(data, Jurisdiction, "parent")
    if jid is None or (data.get("parent") is not None and parent is None):
        return None, Damage(jurisdiction=False)
    sources: dict[str, SourceDocument] = {}
    refused: list[str | None] = []
    listed = data.get("sources", [])
    for item in listed if isinstance(listed, list) else [None]:
        if len(refused) == MAX_PROBLEMS:  # more than a reading reports: the others are not known
            refused.append(None)
            break
        doc = _structured(item, SourceDocument)
        if doc is None:
            refused.append(sound_field(item, SourceDocument, "id"))
        else:
            sources.setdefault(doc.id, doc)  # one declared twice: said by the whole reading
    level = sound_field(data, Jurisdiction, "level")
    jurisdiction = Jurisdiction(
        id=jid,
        name_zh=sound_field(data, Jurisdiction, "name_zh") or jid,
        name_en=sound_field(data, Jurisdiction, "name_en") or jid,
        level=level or Level.PROVINCIAL,
        parent=parent,
        sources=tuple(sources.values()),
    )
    return jurisdiction, Damage(level=level is not None, sources=tuple(refused))


def read_changes(section: Mapping[str, Any], family: str, rule_cls: type, jid: str) -> tuple[RuleChanges, dict[str, tuple[int, ...]], list[Dropped], bool]:
    """A family's table that did not structure, rule by rule: its changes made of the rules that load,
    where each stands in the file (part → indices), the rules that do not, and whether every rule of
    it can be told (False: ``inherit`` or a list refused, or more rules refused than a reading reports:
    :data:`~clusterpolicy.problems.MAX_PROBLEMS`, beyond which they are not read)."""
    from ..model import Amendment, Removal
    from ..problems import MAX_PROBLEMS

    inherit = sound_field(section, RuleChanges, "inherit")
    sure = inherit is not None or "inherit" not in section
    kept: dict[str, list[Any]] = {}
    places: dict[str, tuple[int, ...]] = {}
    dropped: list[Dropped] = []
    for part, cls in (("add", rule_cls), ("override", rule_cls), ("amend", Amendment), ("remove", Removal)):
        items = section.get(part, [])
        if not isinstance(items, list):
            sure = False
            continue
        at: list[int] = []
        for i, item in enumerate(items):
            if len(dropped) == MAX_PROBLEMS:
                sure = False
                break
            rule = _structured(item, cls)
            if rule is None:
                dropped.append(Dropped(family=family, part=part, index=i, id=sound_field(item, cls, "id"), citation=sound_field(item, cls, "citation")))
            else:
                kept.setdefault(part, []).append(rule)
                at.append(i)
        places[part] = tuple(at)
    changes = RuleChanges(jurisdiction=jid, inherit=True if inherit is None else inherit, **{p: tuple(r) for p, r in kept.items()})
    return changes, places, dropped, sure


def _structured(data: Any, cls: type) -> Any:
    """``data`` structured as ``cls``, or None when refused (its problems are said by the whole reading)."""
    from ..convert import structure
    from ..errors import InputError

    try:
        return structure(data, cls, "")
    except InputError:
        return None


_STEP = re.compile(r"\.([^.\[]+)|\[(\d+)\]")


def by_place(problems: Sequence[str], files: Sequence[str]) -> list[str]:
    """``problems`` in the order of the rule ``files``, then of the key path each names (``file: $.path: …``
    or ``… [at file: $.path]``): the jurisdiction, then the families in their order, list items by
    number; a file's problem naming no key (``file: invalid TOML …``) first. A problem naming no file
    keeps its turn after those that do."""
    from .families import FAMILIES

    tables = {name: i for i, name in enumerate(("jurisdiction", *FAMILIES))}

    def key(line: str) -> tuple:
        for n, file in enumerate(files):
            if line.startswith(f"{file}: "):
                path = line[len(file) + 2 :].split(": ", 1)[0] if line.startswith(f"{file}: $") else ""
            elif line.endswith("]") and (at := line.rfind(f" [at {file}: $")) >= 0:
                path = line[at + len(file) + 7 : -1]
            else:
                continue
            steps = [(0, int(i)) if i else (1, name) for name, i in _STEP.findall(path[1:])]
            return (0, n, tables.get(steps[0][1], len(tables)) if steps else -1, steps)
        return (1,)

    return sorted(problems, key=key)
