"""Jurisdictions, citations and the rule changes a plugin contributes.

Everything here is a frozen attrs class: plugins return these values from their hooks and the
core resolves them into regimes (:mod:`clusterpolicy.regimes.build`). The same classes are written in
TOML/JSON through the one converter (:mod:`clusterpolicy.convert`), so field names are the file
format.
"""

from __future__ import annotations

import enum
import operator
import re
import threading
from datetime import date
from typing import Any, Generic, TypeVar

import attrs
from attrs import field

from .errors import FieldValueError, shorten

#: An id: lower-case letters, digits and ``_``, in parts separated by ``.`` or ``-`` (the JSON Schema
#: pattern of every id field).
ID_PATTERN = r"^[a-z][a-z0-9_]*(?:[.-][a-z0-9_]+)*$"
#: Text with at least one character that is not white space (``str.isspace``, spelled out so that a
#: JSON Schema validator, whose ``\s`` differs, reads the same class).
NON_BLANK_PATTERN = "[^\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]"


def doc(text: str, **kwargs):
    """An attrs field carrying its documentation (used by the JSON Schema generator)."""
    metadata = dict(kwargs.pop("metadata", {}))
    metadata["doc"] = text
    return field(metadata=metadata, **kwargs)


def frozen(maybe_cls=None, **kwargs):
    """``attrs.frozen`` (every rule and result class is declared with it), whose ``__repr__``,
    ``__eq__`` and ``__hash__`` are made from functions shared by all classes instead of being
    written out as source and compiled for each class: compiling them was about a tenth of the start-up
    of ``clusterpolicy compare``. They behave as attrs' own: ``Name(field=value, …)`` (``...`` for an
    object met again inside itself), equal when of the same class with equal fields (compared in
    order, ``eq=False`` fields left out), a hash of the class and the compared fields. A class that
    defines one of them, or a field with an ``eq`` or ``hash`` of its own, is left to attrs whole."""

    def wrap(cls):
        if any(m in cls.__dict__ for m in ("__repr__", "__eq__", "__hash__")) or {"eq", "repr", "hash"} & kwargs.keys():
            return attrs.frozen(cls, **kwargs)
        built = attrs.frozen(cls, repr=False, eq=False, **kwargs)
        fields = attrs.fields(built)
        if any(a.eq_key is not None or a.hash is not None for a in fields):
            return attrs.frozen(cls, **kwargs)
        for method in _shared_methods(built, fields):
            method.__qualname__ = f"{built.__qualname__}.{method.__name__}"
            setattr(built, method.__name__, method)
        return built

    return wrap if maybe_cls is None else wrap(maybe_cls)


_repring = threading.local()


def _shared_methods(cls: type, fields: tuple) -> tuple:
    shown = tuple((a.name, repr if a.repr is True else a.repr, a.init) for a in fields if a.repr is not False)
    compared = tuple(a.name for a in fields if a.eq)
    seed = hash(f"{cls.__module__}.{cls.__qualname__}")
    values = operator.attrgetter(*compared) if len(compared) > 1 else lambda obj: tuple(getattr(obj, n) for n in compared)

    def __repr__(self) -> str:
        seen = _repring.__dict__.setdefault("ids", set())
        if id(self) in seen:
            return "..."
        seen.add(id(self))
        try:
            parts = (f"{name}={show(getattr(self, name) if init else getattr(self, name, attrs.NOTHING))}" for name, show, init in shown)
            return f"{self.__class__.__qualname__.rsplit('>.', 1)[-1]}({', '.join(parts)})"
        finally:
            seen.discard(id(self))

    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        for name in compared:
            if not getattr(self, name) == getattr(other, name):
                return False
        return True

    def __hash__(self) -> int:
        return hash((seed, *values(self)))

    return __repr__, __eq__, __hash__


class Constraint:
    """An attrs validator that also states what it accepts as JSON Schema.

    ``schema`` holds keywords for the field's value (``{"minimum": 0}``, ``{"pattern": …}``), which
    :mod:`clusterpolicy.schema` adds to the field; ``object_schema`` holds keywords for the object
    the field belongs to (a rule between fields, e.g. "both or neither"). So the published schema
    and the converter's check are one definition. ``None`` passes (optional fields).
    """

    def __init__(self, test, message, schema=None, object_schema=None, of_object=None):
        self.test = test  #: value -> bool (field constraints) or instance -> bool (object constraints)
        self.message = message  #: value -> str, the problem shown with the field's path
        self.schema = dict(schema or {})
        self.object_schema = dict(object_schema or {})
        #: whether ``test`` takes the instance (a rule between fields; its schema may be stated by another constraint)
        self.of_object = bool(object_schema) if of_object is None else of_object

    def __call__(self, inst, attribute, value) -> None:
        if self.of_object:
            if not self.test(inst):
                raise FieldValueError(inst, attribute.name, self.message(value))
        elif value is not None and not self.test(value):
            raise FieldValueError(inst, attribute.name, self.message(value))

    def __repr__(self) -> str:
        return f"Constraint({self.schema or self.object_schema})"


def validators(attribute: attrs.Attribute) -> tuple[Any, ...]:
    """The validators of an attrs field, flattened (``validator=[a, b]`` and ``@x.validator`` methods)."""
    found = attribute.validator
    if found is None:
        return ()
    out: list[Any] = []
    stack = [found]
    while stack:
        v = stack.pop(0)
        inner = getattr(v, "_validators", None)
        if inner is not None:
            stack[:0] = list(inner)
        else:
            out.append(v)
    return tuple(out)



def matches(pattern: str, message) -> Constraint:
    """Text in which the JSON Schema ``pattern`` is found (anchor it with ``^…$`` to match the whole)."""
    python = pattern[:-1] + r"\Z" if pattern.endswith("$") else pattern  # Python's $ also matches before a final newline
    return Constraint(lambda v: re.search(python, v) is not None, message, {"pattern": pattern})  # compiled on first use


#: attrs validator for ids.
check_id = matches(ID_PATTERN, lambda v: f"{shorten(v)} is not a valid id (lower-case letters, digits, '_', separated by '.' or '-')")
#: attrs validator for required text: some character is not ``str.isspace`` (exactly what
#: ``NON_BLANK_PATTERN`` finds, without compiling it at every start).
non_empty = Constraint(lambda v: v != "" and not str.isspace(v), lambda v: "must not be empty", {"pattern": NON_BLANK_PATTERN})
#: attrs validator for lists that must have an item.
non_empty_list = Constraint(bool, lambda v: "must list at least one item", {"minItems": 1})
#: attrs validator for a table whose keys are ids (JSON Schema ``propertyNames``).
id_keys = Constraint(
    lambda v: all(check_id.test(k) for k in v),
    lambda v: check_id.message(next(k for k in v if not check_id.test(k))),
    {"propertyNames": {"pattern": ID_PATTERN}},
)


def at_least(limit: int) -> Constraint:
    """attrs validator: a number (or None) no smaller than ``limit`` (JSON Schema ``minimum``)."""
    return Constraint(lambda v: v >= limit, lambda v: f"must {'not be negative' if limit == 0 else f'be at least {limit}'}, got {v}", {"minimum": limit})


def at_most(limit: int) -> Constraint:
    """attrs validator: an integer (or None) no larger than ``limit``, a plausibility bound of
    :mod:`clusterpolicy.limits` (JSON Schema ``maximum``)."""
    return Constraint(lambda v: v <= limit, lambda v: f"must be at most {limit}, got {v}", {"maximum": limit})


def _null(name: str) -> dict:
    return {"properties": {name: {"type": "null"}}}


def _given(*names: str) -> dict:
    return {"required": list(names), "properties": {n: {"not": {"type": "null"}} for n in names}}


def together(*names: str, message: str | None = None) -> Constraint:
    """Object rule: the fields ``names`` are all given (not null) or all left out."""
    listed = " and ".join(f"'{n}'" for n in names)
    text = message or (f"give both {listed}, or neither" if len(names) == 2 else f"give all of {listed}, or none")
    return Constraint(
        lambda inst: len({getattr(inst, n) is None for n in names}) == 1,
        lambda v: text,
        object_schema={"anyOf": [{"properties": {n: {"type": "null"} for n in names}}, _given(*names)]},
    )


def exactly_one(*names: str, message: str | None = None) -> Constraint:
    """Object rule: exactly one of the fields ``names`` is given (not null)."""
    text = message or f"give exactly one of {' or '.join(names)}"
    return Constraint(
        lambda inst: sum(getattr(inst, n) is not None for n in names) == 1,
        lambda v: text,
        object_schema={"oneOf": [_given(n) for n in names]},
    )


def required_when(name: str, when: str, equals, default=None) -> Constraint:
    """Object rule: field ``name`` is given (not null) when field ``when`` equals ``equals``
    (``default``: the value of ``when`` when it is left out)."""
    value = getattr(equals, "value", equals)
    condition = {"properties": {when: {"const": value}}}
    if default != equals:
        condition["required"] = [when]
    return Constraint(
        lambda inst: getattr(inst, when) != equals or getattr(inst, name) is not None,
        lambda v: f"required for {when} = " + (f'"{value}"' if isinstance(value, str) else str(value)),
        object_schema={"if": condition, "then": _given(name)},
    )


def excludes(flag: str, other: str, message: str | None = None) -> Constraint:
    """Object rule: the boolean field ``flag`` may be true only when field ``other`` is not given."""
    text = message or f"cannot be true when '{other}' is given"
    return Constraint(
        lambda inst: not getattr(inst, flag) or getattr(inst, other) is None,
        lambda v: text,
        object_schema={"if": {"properties": {flag: {"const": True}}, "required": [flag]}, "then": _null(other)},
    )


class _Compared(Constraint):
    """An object rule between two fields whose message says both values (see :func:`not_above`)."""

    def __init__(self, name: str, other: str, message):
        super().__init__(lambda inst: _not_above(getattr(inst, name), getattr(inst, other)), message, of_object=True)
        self.other = other

    def __call__(self, inst, attribute, value) -> None:
        if not self.test(inst):
            raise FieldValueError(inst, attribute.name, self.message(value, getattr(inst, self.other)))


def _not_above(value, limit) -> bool:
    return value is None or limit is None or value <= limit


def not_above(name: str, other: str, message) -> Constraint:
    """Object rule: field ``name`` is not above field ``other`` when both are given (equal is fine);
    ``message(value, other's value)`` says the problem. No JSON Schema keyword compares two fields:
    state the rule in the field's doc."""
    return _Compared(name, other, message)


def unknown_is_not_encoded(name: str, message: str) -> Constraint:
    """Object rule of a rule class: provenance ``unknown`` only with a ``not_encoded`` kind in
    field ``name`` (never invent a threshold: a rule whose source is unknown can only be reported)."""
    return Constraint(
        lambda inst: inst.provenance is not Provenance.UNKNOWN or getattr(getattr(inst, name), "KIND", None) == "not_encoded",
        lambda v: message,
        object_schema={
            "if": {"properties": {"provenance": {"const": "unknown"}}, "required": ["provenance"]},
            "then": {"properties": {name: {"properties": {"kind": {"const": "not_encoded"}}}}},
        },
    )


class Provenance(str, enum.Enum):
    """How sure we are of a rule (see plugins/RULES.md: text, secondary, unknown)."""

    TEXT = "text"  #: stated in a source document kept beside the rules
    SECONDARY = "secondary"  #: stated in public reposts of official documents
    UNKNOWN = "unknown"  #: no source found: the rule cannot be encoded


class Level(str, enum.Enum):
    """Administrative level of a jurisdiction."""

    NATIONAL = "national"
    PROVINCIAL = "provincial"
    CITY = "city"
    COUNTY = "county"


_ITEM_OR_UNKNOWN = Constraint(
    lambda inst: inst.item_unknown == (inst.item is None),
    lambda v: "give either an item or item_unknown = true, not both"
    if v is not None
    else "required: the article or item (or item_unknown = true when the source does not say)",
    object_schema={
        "if": {"properties": {"item_unknown": {"const": True}}, "required": ["item_unknown"]},
        "then": {"properties": {"item": {"type": "null"}}},
        "else": _given("item"),
    },
)


@frozen(kw_only=True)
class Citation:
    """Where a rule is written: document number and article/item, optionally the words.

    When the source at hand (e.g. a repost) does not say which article states the rule, write
    ``item_unknown = true`` and no ``item``: it is shown as "article not known", never as a
    placeholder. The document must be one of the lineage's declared sources (a load error otherwise).
    """

    document: str = doc("Document number, e.g. 工信部企业〔2022〕119号 (one of the lineage's sources).", validator=non_empty)
    item: str | None = doc(
        "Article or item within the document, e.g. 第十二条 or 认定标准 一; leave it out (with item_unknown = true) "
        "when the source does not say.",
        default=None,
        validator=[non_empty, _ITEM_OR_UNKNOWN],
    )
    item_unknown: bool = doc("The article is not known (the source at hand does not say which): no item is given.", default=False)
    quote: str | None = doc("The source's own words for the rule (Chinese).", default=None)

    def render(self, lang: str = "en") -> str:
        """``document item``, or ``document (article not known)`` (the glossary's words)."""
        from .glossary import term

        return f"{self.document} {self.item if self.item is not None else term('citation', 'item_unknown', lang)}"


@frozen(kw_only=True)
class Interpretation:
    """What the rule's author inferred where the source does not say (e.g. which population 每万人
    means): shown with every finding, item and listing of the rule, and counted in ``regimes``."""

    note_zh: str = doc("What was inferred and why (Chinese).", validator=non_empty)
    note_en: str = doc("What was inferred and why (English).", validator=non_empty)

    def note(self, lang: str) -> str:
        return self.note_zh if lang == "zh" else self.note_en


def inherited_field():
    """The ``inherited`` field every rule class has: whether child jurisdictions take the rule over."""
    return doc(
        "Whether child jurisdictions inherit this rule: true, false, or unset for the family's default "
        "(criteria, typical-case categories and calls: inherited — the standard; timelines and revocation "
        "grounds: not inherited — the procedure; see clusterpolicy.regimes.families).",
        default=None,
    )


def interpretation_field():
    """The ``interpretation`` field every rule class has (see :class:`Interpretation`)."""
    return doc("What the author inferred where the source does not say, with a mandatory note; unset = none.", default=None)


@frozen(kw_only=True)
class InForce:
    """When a document takes effect (e.g. 本办法自印发之日起实施)."""

    from_issue: bool = doc("In force from its date of issue (自印发之日起实施).", default=False)
    date: date | None = doc("Day it takes effect, where the document states one.", default=None)
    citation: Citation = doc("Where the document says so.")
    provenance: Provenance = doc("text, secondary or unknown.")


@frozen(kw_only=True)
class SourceDocument:
    """A document a jurisdiction's rules come from.

    ``provenance`` is about the words; a document number or date the file at hand does not show
    is known from reposts only, which ``number_provenance`` / ``issued_provenance`` say.
    """

    id: str = doc("Document number or, failing one, a short stable name.", validator=non_empty)
    title_zh: str = doc("Title in Chinese.", validator=non_empty)
    title_en: str = doc("Title in English.", validator=non_empty)
    issued: date | None = doc("Date of issue; unset when not known.", default=None)
    provenance: Provenance = doc("Whether the text itself is at hand (text) or known from reposts (secondary).")
    number_provenance: Provenance | None = doc(
        "How sure we are of the document number in `id`, where it differs from `provenance` (e.g. secondary: "
        "the file at hand does not show it).",
        default=None,
    )
    issued_provenance: Provenance | None = doc(
        "How sure we are of `issued`, where it differs from `provenance` (e.g. secondary: the file does not show it).",
        default=None,
    )
    copy_dated: date | None = doc("Date of the copy at hand (e.g. a repost), where that is not the date of issue.", default=None)
    in_force: InForce | None = doc("When the document takes effect, where it says so.", default=None)
    file: str | None = doc(
        "Cleaned copy of the text shipped with the plugin, relative to its rule file's folder or package "
        "(e.g. texts/hainan-2023-measures-and-standard.txt); one that is not there leaves the rules loading, "
        "noted by check-rules (clusterpolicy sources cannot open it).",
        default=None,
    )

    def in_force_from(self) -> date | None:
        """The first day it is known to be in force (its stated date, else its issue date if in force on issue)."""
        if self.in_force is None:
            return None
        if self.in_force.date is not None:
            return self.in_force.date
        return self.issued if self.in_force.from_issue else None


#: attrs validator for a jurisdiction's sources: a document id declared once (a citation names one text).
_ONE_ID_EACH = Constraint(
    lambda v: len({d.id for d in v}) == len(v),
    lambda v: f"document {next(d.id for i, d in enumerate(v) if d.id in {e.id for e in v[:i]})!r} is declared twice: declare each document once",
)


@frozen(kw_only=True)
class Jurisdiction:
    """A recognition regime's owner: MIIT, a province, a city."""

    id: str = doc("Stable id used on the command line, e.g. national, hainan.", validator=check_id)
    name_zh: str = doc("Name in Chinese.", validator=non_empty)
    name_en: str = doc("Name in English.", validator=non_empty)
    level: Level = doc("Administrative level.")
    parent: str | None = doc("Jurisdiction whose rules this one inherits and overrides.", default=None)
    sources: tuple[SourceDocument, ...] = doc("Documents the rules come from (each id once).", default=(), validator=_ONE_ID_EACH)

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en


@frozen(kw_only=True)
class Removal:
    """A parent's rule that a jurisdiction does not apply, and why."""

    id: str = doc("Id of the inherited rule.", validator=check_id)
    reason_zh: str = doc("Why it does not apply (Chinese).", validator=non_empty)
    reason_en: str = doc("Why it does not apply (English).", validator=non_empty)
    citation: Citation = doc("Where the jurisdiction's own text departs from its parent.")
    provenance: Provenance = doc("How sure we are of the departure.")


_BESIDE_SET = ("id", "citation", "provenance")
_CHANGES = Constraint(
    lambda v: bool(v) and not any(k in v for k in _BESIDE_SET),
    lambda v: next((f"{k!r} is not changed through set: give it beside set" for k in _BESIDE_SET if k in v), "must change at least one field"),
    {"minProperties": 1, "not": {"anyOf": [{"required": [k]} for k in _BESIDE_SET]}},
)


#: attrs validator for an amendment's provenance: a changed part needs a source (never invent a value).
_SOURCED = Constraint(
    lambda v: v is not Provenance.UNKNOWN,
    lambda v: "an amendment's changed parts need a source (text or secondary); a rule whose content is unknown is overridden as a whole with check kind 'not_encoded'",
    {"not": {"const": "unknown"}},
)


@frozen(kw_only=True)
class Amendment:
    """A partial override: an inherited rule with some of its fields changed, the rest kept.

    ``set`` holds the changed fields in the rule's own layout (``set.check.value = 10``); a table
    merges into the parent's key by key, a list of tables as long as the parent's merges element by
    element (``{}`` keeps an element), anything else replaces. The unchanged parts keep the parent's
    citation; ``citation`` and ``provenance`` are for the changed parts.
    """

    id: str = doc("Id of the inherited rule.", validator=check_id)
    set: dict[str, Any] = doc(
        "The changed fields, in the rule's layout (e.g. check.value, title_zh); at least one, never id, citation or provenance.",
        validator=_CHANGES,
    )
    citation: Citation = doc("Where the jurisdiction's text states the changed parts.")
    provenance: Provenance = doc("How sure we are of the changed parts: text or secondary (never unknown).", validator=_SOURCED)
    interpretation: Interpretation | None = interpretation_field()


@frozen(kw_only=True)
class ChangedParts:
    """Fields of an inherited rule a descendant changed through an :class:`Amendment`, with the
    citation for them (the rest keeps the rule's own citation). Carried by every output of the rule."""

    by: str = doc("Jurisdiction that changed them.")
    paths: tuple[str, ...] = doc("The changed fields, e.g. check.value (wording such as titles left out when more is changed).")
    citation: Citation = doc("Where the changed parts are written.")
    provenance: Provenance = doc("text, secondary or unknown (of the changed parts).")
    interpretation: Interpretation | None = doc("What the amending author inferred, if anything.", default=None)


R = TypeVar("R")


@frozen(kw_only=True)
class RuleChanges(Generic[R]):
    """What one plugin contributes to one jurisdiction's rules of one family.

    A root jurisdiction only adds. A child inherits the parent's rules that children inherit (each
    rule's ``inherited``, else its family's default), adds new ids, overrides inherited ids (the
    whole rule is replaced), amends them (some fields changed, see :class:`Amendment`) and removes
    them with a reason. ``inherit = false`` starts the child from no rules of the family at all.
    Conflicts are load errors, never resolved by plugin order.
    """

    jurisdiction: str = doc("Jurisdiction id these changes apply to.", validator=check_id)
    inherit: bool = doc("Start from the parent's inheritable rules (true) or from none (false).", default=True)
    add: tuple[R, ...] = doc("Rules with new ids.", default=())
    override: tuple[R, ...] = doc("Rules replacing inherited rules of the same id.", default=())
    amend: tuple[Amendment, ...] = doc("Partial overrides: inherited rules with some fields changed.", default=())
    remove: tuple[Removal, ...] = doc("Inherited rules that do not apply, with reason and citation.", default=())


@frozen(kw_only=True)
class Note:
    """A bilingual message attached to an assessment."""

    code: str = doc("Stable code, e.g. soft_fail, not_encoded, stale_data.")
    zh: str = doc("Message (Chinese).")
    en: str = doc("Message (English).")

    def text(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en
