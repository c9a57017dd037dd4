"""What an evaluation returns: findings per rule, an assessment per regime, comparisons."""

from __future__ import annotations

import enum
import operator
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any


from ..model import ChangedParts, Citation, Interpretation, Note, Provenance, doc, frozen
from .profile import Declaration
from ..numbers import Op


class Status(str, enum.Enum):
    """Outcome of one criterion."""

    PASS = "pass"
    FAIL = "fail"
    SOFT_FAIL = "soft_fail"  #: a 一般 (soft) limit is exceeded: reported, not disqualifying
    UNKNOWN = "unknown"  #: an input it needs is missing
    WAIVED = "waived"  #: failed, but the rule's waiver condition holds
    NOT_ENCODED = "not_encoded"  #: the rule's content is not known from any source
    NOT_APPLICABLE = "not_applicable"  #: a conditional rule whose condition does not hold
    #: a not-encoded criterion the profile declares met (the declarer's finding, not the tool's)
    DECLARED_MET = "declared_met"
    #: a not-encoded criterion the profile declares not met: decides like a fail, said as declared
    DECLARED_NOT_MET = "declared_not_met"
    #: a provision that qualifies the standard without a requirement of its own (e.g. 西部地区可适当
    #: 放宽, no amount given) applies to the profile: said, never decides
    NOTED = "noted"


class Overall(str, enum.Enum):
    """Outcome of a regime: any hard fail (or criterion declared not met) → ineligible; else any
    unknown or not-encoded criterion → incomplete; else eligible. A verdict resting on declarations
    says so (:attr:`Assessment.declared`)."""

    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"
    INCOMPLETE = "incomplete"


@frozen(kw_only=True)
class Measure:
    """One measured value, labelled (a year, a field, an alternative)."""

    label: str = doc("What was measured, e.g. 2024 or firms.little_giants.")
    value: Decimal | str | bool | None = doc("The value; null when it could not be measured.")


@frozen(kw_only=True)
class Margin:
    """How far a numeric finding is from flipping: its distance to the threshold, decided exactly
    (:mod:`clusterpolicy.criteria.margins`)."""

    passes: bool = doc("The value meets the threshold (the same exact comparison as the status).")
    amount: Decimal = doc(
        "Distance to the threshold in `unit`, never negative: how much the value passes by, or how much it lacks "
        "(0 on an inclusive threshold, or at an exclusive one for a fail)."
    )
    unit: str = doc("Unit of `amount`: the criterion's unit; pp (percentage points) where the criterion is in percent.")
    relative: Decimal | None = doc(
        "`amount` as a percentage of the threshold, rounded half-even to 0.01; null for a threshold of 0."
    )
    exact: bool = doc(
        "`amount` is exact; false where it is rounded half-even: a ratio whose decimal does not end (to 4 places), "
        "a growth rate (to 0.01, from the rate shown)."
    )
    at: str | None = doc(
        "Which value decides: the year (each_year: the weakest passing year, or the failing year farthest off), "
        "the alternative (any_of: #1, #2 …); null when there is one value.",
        default=None,
    )


_new = object.__new__
_label, _value = Measure.__dict__["label"].__set__, Measure.__dict__["value"].__set__  # the slots' own setters
_passes, _amount, _unit, _relative, _exact, _at = (Margin.__dict__[name].__set__ for name in ("passes", "amount", "unit", "relative", "exact", "at"))


def measure(label: str, value: Decimal | str | bool | None) -> Measure:
    """``Measure(label=label, value=value)``, its slots set directly (an evaluation makes dozens;
    Measure has no validator, converter or default to skip — tests/test_comparison.py checks)."""
    m = _new(Measure)
    _label(m, label)
    _value(m, value)
    return m


def margin(passes: bool, amount: Decimal, unit: str, relative: Decimal | None, exact: bool, at: str | None = None) -> Margin:
    """``Margin(passes=…, amount=…, unit=…, relative=…, exact=…, at=…)``, its slots set directly (as :func:`measure`)."""
    m = _new(Margin)
    _passes(m, passes)
    _amount(m, amount)
    _unit(m, unit)
    _relative(m, relative)
    _exact(m, exact)
    _at(m, at)
    return m


class Later:
    """A value worked out when first read — a finding's margin, an assessment's fragile passes and
    nearest misses — then kept: an evaluation asks for few of them, a document for all of them.
    Pickled as the value (``make(*args)``); made by :func:`later`."""

    __slots__ = ("make", "args", "made")

    def get(self) -> Any:
        made = self.made
        if made is _UNMADE:
            args = self.args  # before make: they are let go in the other order, so a make read has its args
            make = self.make
            if make is None:  # made meanwhile, in another thread
                return self.made
            made = self.made = make(*args)
            self.make = None  # what it was made of is let go
            self.args = None
        return made

    def __reduce__(self) -> tuple:
        return (_same, (self.get(),))


_UNMADE = object()


def later(make: Callable[..., Any], *args: Any) -> Later:
    """``make(*args)``, to be worked out when first read. Made without a class call (which would run
    an ``__init__`` in a frame of its own): an evaluation makes one per numeric finding."""
    value = _new(Later)
    value.make, value.args, value.made = make, args, _UNMADE
    return value


def _same(value: Any) -> Any:
    return value


def made(value: Any) -> Any:
    """``value``, worked out if it is :class:`Later`."""
    return value.get() if type(value) is Later else value


class _LaterInDict:
    """A field of a dict class whose stored value may be :class:`Later`: worked out on first read
    and stored in its place (``vars()`` names it either way)."""

    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name

    def __get__(self, obj: Any, cls: type | None = None) -> Any:
        if obj is None:
            return self
        value = obj.__dict__[self.name]
        if type(value) is Later:
            value = obj.__dict__[self.name] = value.get()
        return value

    def __set__(self, obj: Any, value: Any) -> None:
        obj.__dict__[self.name] = value


class _LaterInSlot:
    """A slot whose stored value may be :class:`Later`: ``pick`` of what it makes, on first read."""

    __slots__ = ("slot", "pick")

    def __init__(self, slot: Any, pick: Callable[[Any], Any]):
        self.slot, self.pick = slot, pick

    def __get__(self, obj: Any, cls: type | None = None) -> Any:
        if obj is None:
            return self
        value = self.slot.__get__(obj, cls)
        if type(value) is Later:
            value = self.pick(value.get())
            self.slot.__set__(obj, value)
        return value

    def __set__(self, obj: Any, value: Any) -> None:
        self.slot.__set__(obj, value)


#: Findings made once and kept as long as their regime (a fixed outcome's: :mod:`clusterpolicy.criteria.evaluate`), by
#: identity: :meth:`Finding.json_writer` writes their JSON once and hands out copies.
_LASTING: dict[int, Finding] = {}


def lasting(finding: Finding) -> Finding:
    """``finding``, marked as one that is kept and handed out again (its JSON is then written once)."""
    if len(_LASTING) >= 4096:
        _LASTING.clear()
    _LASTING[id(finding)] = finding
    return finding


def _fresh(written: dict[str, Any]) -> dict[str, Any]:
    """A copy of a finding's JSON that shares no list or dict with it (the citation copied as deep as
    :meth:`Finding.json_writer` copies a citation it has written before): a document's parts are its own."""
    out = written.copy()
    out["measured"] = [x.copy() for x in written["measured"]]
    if written["margin"] is not None:
        out["margin"] = written["margin"].copy()
    if written["citation"] is not None:
        out["citation"] = written["citation"].copy()
    out["missing"] = written["missing"].copy()
    amendments, interpretation, declaration, parts = written["amendments"], written["interpretation"], written["declaration"], written["parts"]
    out["amendments"] = _deep(amendments) if amendments else []  # mostly empty: a call saved
    out["interpretation"] = None if interpretation is None else _deep(interpretation)
    out["declaration"] = None if declaration is None else _deep(declaration)
    out["parts"] = [_fresh(p) for p in parts] if parts else []
    return out


def _deep(value: Any) -> Any:
    """A copy of JSON data down to its last list and dict."""
    if type(value) is dict:
        return {k: _deep(v) for k, v in value.items()}
    if type(value) is list:
        return [_deep(v) for v in value]
    return value


def _text(value: Decimal) -> str:
    """``format(value, "f")``: the decimal's own text, the same unless it has an exponent (and cheaper)."""
    text = str(value)
    return format(value, "f") if "E" in text else text


@frozen(kw_only=True, slots=False)
class Finding:
    """The outcome of one criterion for one profile under one regime."""

    rule: str = doc("Criterion id.")
    indicator: str = doc("Part of the standard.")
    title_zh: str = doc("Criterion title (Chinese).")
    title_en: str = doc("Criterion title (English).")
    kind: str = doc("Check kind.")
    status: Status = doc("pass, fail, soft_fail, unknown, waived, not_encoded, not_applicable, declared_met, declared_not_met, noted.")
    measured: tuple[Measure, ...] = doc("Measured value(s).", default=())
    op: Op | None = doc("Operator of the requirement, for numeric checks.", default=None)
    threshold: Decimal | str | None = doc("Threshold (exact decimal) or required value.", default=None)
    unit: str = doc("Unit of measured values and threshold.", default="")
    shortfall: Decimal | None = doc("For a numeric fail: how far the value is from the threshold.", default=None)
    margin: Margin | None = doc(
        "For a numeric pass or fail (threshold, each_year, share, growth, any_of of those): the distance to the threshold.",
        default=None,
    )
    missing: tuple[str, ...] = doc("For unknown: the profile paths that were missing.", default=())
    soft: bool = doc("The criterion is a soft (一般) limit.", default=False)
    citation: Citation | None = doc("Where the rule is written (null for the alternatives of an any_of).", default=None)
    provenance: Provenance | None = doc("How sure we are of the rule (null for alternatives).", default=None)
    origin: str = doc("Jurisdiction that wrote the rule (a parent's, if inherited).", default="")
    inherited_from: str | None = doc(
        "The ancestor whose rule the regime takes over (its citation is the ancestor's); null when the regime wrote it.",
        default=None,
    )
    amendments: tuple[ChangedParts, ...] = doc(
        "Partial overrides of an inherited rule: the fields changed, by whom, with their citation.", default=()
    )
    interpretation: Interpretation | None = doc("What the rule's author inferred where the source does not say.", default=None)
    declaration: Declaration | None = doc("The profile's declaration (declared_met / declared_not_met).", default=None)
    reason_zh: str = doc("One-line reason (Chinese).")
    reason_en: str = doc("One-line reason (English).")
    parts: tuple[Finding, ...] = doc("Outcomes of alternatives or of a conditional's inner check.", default=())

    def title(self, lang: str) -> str:
        return self.title_zh if lang == "zh" else self.title_en

    def reason(self, lang: str) -> str:
        return self.reason_zh if lang == "zh" else self.reason_en

    @classmethod
    def of(cls, fields: dict[str, Any]) -> Finding:
        """``Finding(**fields)``, built in one step rather than field by field from a new dict of every
        field: the fields that do not depend on the profile (worked out once per criterion) and what
        was found (an evaluation makes one per criterion; Finding has no validator or converter to skip)."""
        finding = _new(cls)
        object.__setattr__(finding, "__dict__", fields)
        return finding

    @classmethod
    def json_writer(cls, conv: Any) -> Callable[[Finding], dict[str, Any]]:
        """The JSON of a finding, written field by field without a hook call per field (findings
        are most of a comparison's document): the same data as the converter's generated hook,
        which writes the rarer parts (citation, amendments, interpretation, declaration)."""
        amendments = conv.get_unstructure_hook(tuple[ChangedParts, ...])
        interpretation, declaration = conv.get_unstructure_hook(Interpretation), conv.get_unstructure_hook(Declaration)
        citation_json = conv.get_unstructure_hook(Citation)
        written: dict[int, tuple[Citation, dict[str, Any]]] = {}  # a rule's citation, written once (by identity)

        def citation(c: Citation) -> dict[str, Any]:
            seen = written.get(id(c))
            if seen is None or seen[0] is not c:
                if len(written) >= 4096:
                    written.clear()
                seen = written[id(c)] = (c, citation_json(c))
            return dict(seen[1])  # a copy: a document's parts are its own

        kept: dict[int, tuple[Finding, dict[str, Any]]] = {}  # a lasting finding's JSON, written once (by identity)

        def write(f: Finding) -> dict[str, Any]:
            seen = kept.get(id(f))
            if seen is not None and seen[0] is f:
                return _fresh(seen[1])
            written = write_out(f)
            if _LASTING.get(id(f)) is f:
                if len(kept) >= 4096:
                    kept.clear()
                kept[id(f)] = (f, written)
                return _fresh(written)
            return written

        def write_out(f: Finding) -> dict[str, Any]:
            held = f.__dict__
            op, threshold, shortfall, m = f.op, f.threshold, f.shortfall, held["margin"]
            if type(m) is Later:  # read past the field's descriptor (a call per finding), and kept in its place
                m = held["margin"] = m.get()
            c, p, i, d = f.citation, f.provenance, f.interpretation, f.declaration
            return {  # a measured value or threshold that is a decimal is written as its text
                "rule": f.rule,
                "indicator": f.indicator,
                "title_zh": f.title_zh,
                "title_en": f.title_en,
                "kind": f.kind,
                "status": f.status._value_,  # Enum.value is a property: _value_ is the same, read directly
                "measured": [
                    {"label": x.label, "value": _text(x.value) if type(x.value) is Decimal else x.value} for x in f.measured
                ],
                "op": None if op is None else op._value_,
                "threshold": _text(threshold) if type(threshold) is Decimal else threshold,
                "unit": f.unit,
                "shortfall": None if shortfall is None else _text(shortfall),
                "margin": None if m is None else {
                    "passes": m.passes, "amount": _text(m.amount), "unit": m.unit,
                    "relative": None if m.relative is None else _text(m.relative), "exact": m.exact, "at": m.at,
                },  # fmt: skip
                "missing": list(f.missing),
                "soft": f.soft,
                "citation": None if c is None else citation(c),
                "provenance": None if p is None else p._value_,
                "origin": f.origin,
                "inherited_from": f.inherited_from,
                "amendments": amendments(f.amendments) if f.amendments else [],
                "interpretation": None if i is None else interpretation(i),
                "declaration": None if d is None else declaration(d),
                "reason_zh": f.reason_zh,
                "reason_en": f.reason_en,
                "parts": [write(x) for x in f.parts] if f.parts else [],
            }

        return write


#: A finding's ``margin`` may be :class:`Later` (worked out on first read).
Finding.margin = _LaterInDict("margin")  # type: ignore[assignment]


@frozen(kw_only=True)
class Omission:
    """An inherited criterion that this regime does not apply, and why."""

    rule: str = doc("Criterion id.")
    by: str = doc("Jurisdiction that removed it.")
    reason_zh: str = doc("Why it does not apply (Chinese).")
    reason_en: str = doc("Why it does not apply (English).")
    citation: Citation = doc("Where the jurisdiction's text departs from its parent.")
    provenance: Provenance | None = doc("How sure we are of the departure.", default=None)

    def reason(self, lang: str) -> str:
        return self.reason_zh if lang == "zh" else self.reason_en


@frozen(kw_only=True)
class NotInheritedRule:
    """A parent's criterion this regime does not take over: it belongs to the parent's own level or
    procedure (``inherited = false`` on the rule)."""

    rule: str = doc("Criterion id.")
    origin: str = doc("Jurisdiction that wrote it.")
    title_zh: str = doc("Title (Chinese).")
    title_en: str = doc("Title (English).")
    citation: Citation = doc("Where the parent states it.")
    provenance: Provenance | None = doc("How sure its author is of it: text, secondary or unknown (additive).", default=None)


@frozen(kw_only=True)
class Assessment:
    """One profile evaluated under one regime."""

    regime: str = doc("Jurisdiction id of the regime.")
    regime_zh: str = doc("Regime name (Chinese).")
    regime_en: str = doc("Regime name (English).")
    cluster: str = doc("Cluster name from the profile.")
    as_of: date = doc("Assessment date used.")
    status: Overall = doc("eligible, ineligible or incomplete.")
    findings: tuple[Finding, ...] = doc("One finding per criterion, in the regime's order.")
    missing: tuple[str, ...] = doc("Every profile path whose absence left a criterion unknown.", default=())
    warnings: tuple[Note, ...] = doc("Soft fails, waivers, criteria not encoded, data caveats.", default=())
    removed: tuple[Omission, ...] = doc("Criteria of a parent regime that this regime does not apply.", default=())
    waived: tuple[str, ...] = doc(
        "Criteria treated as waived on the profile's claim; the verdict rests on them, and whether a waiver applies "
        "is the authority's call.",
        default=(),
    )
    declared: tuple[str, ...] = doc(
        "Criteria decided by the profile's declarations (declared_met / declared_not_met): the verdict rests on them.",
        default=(),
    )
    not_inherited: tuple[NotInheritedRule, ...] = doc(
        "Criteria of a parent regime this regime does not take over (the parent's own level or procedure).", default=()
    )
    fragile: tuple[str, ...] = doc(
        "Passes closest to flipping: numeric passes within 10% of their threshold (relative margin), closest first, at most 3.",
        default=(),
    )
    nearest_misses: tuple[str, ...] = doc(
        "Fails closest to passing: numeric fails by their relative margin, nearest first, at most 3.", default=()
    )

    def finding(self, rule: str) -> Finding:
        for f in self.findings:
            if f.rule == rule:
                return f
        raise KeyError(rule)


#: An assessment's ``fragile`` and ``nearest_misses`` may be one :class:`Later` of both (worked out on first read).
Assessment.fragile = _LaterInSlot(Assessment.__dict__["fragile"], operator.itemgetter(0))  # type: ignore[assignment]
Assessment.nearest_misses = _LaterInSlot(Assessment.__dict__["nearest_misses"], operator.itemgetter(1))  # type: ignore[assignment]
_ASSESSMENT_SLOTS = tuple(getattr(d, "slot", d).__set__ for d in (Assessment.__dict__[a.name] for a in Assessment.__attrs_attrs__))


def assessment(*values: Any) -> Assessment:
    """``Assessment(…)`` of every field's value, in the fields' order, its slots set directly (as
    :func:`measure`; Assessment has no validator, converter or default to skip — tests/test_comparison.py checks)."""
    a = _new(Assessment)
    for put, value in zip(_ASSESSMENT_SLOTS, values, strict=True):
        put(a, value)
    return a


#: The kinds of difference that count (:attr:`ComparisonRow.substantive`); the page reads the same three.
SUBSTANTIVE = ("presence", "status", "requirement")


@frozen(kw_only=True)
class ComparisonRow:
    """One criterion across regimes. Its findings are the assessments' own: ``finding_index[i]`` is
    the position of this criterion's finding in ``assessments[i].findings`` (null where that regime
    lacks the criterion), so a comparison holds every finding once."""

    rule: str = doc("Criterion id.")
    title_zh: str = doc("Title (Chinese), from the first regime that has the rule.")
    title_en: str = doc("Title (English).")
    finding_index: tuple[int | None, ...] = doc(
        "Per regime, in the comparison's regime order: the position of this criterion's finding in that "
        "assessment's findings, or null where the regime lacks the criterion."
    )
    differs: tuple[str, ...] = doc(
        "What differs between regimes: presence, status, requirement (kind, operator, threshold, soft), citation. "
        "Only presence, status and requirement are differences an official acts on (the Δ/± marks, the page's filter); "
        "citation alone means the regimes cite different articles for the same requirement and outcome.",
        default=(),
    )

    @classmethod
    def json_writer(cls, conv: Any) -> Callable[[ComparisonRow], dict[str, Any]]:
        """The JSON of a row, as the converter's generated hook writes it, without a hook call per field."""
        text = conv.get_unstructure_hook(str)

        def write(r: ComparisonRow) -> dict[str, Any]:
            return {
                "rule": r.rule if type(r.rule) is str else text(r.rule),
                "title_zh": r.title_zh if type(r.title_zh) is str else text(r.title_zh),
                "title_en": r.title_en if type(r.title_en) is str else text(r.title_en),
                "finding_index": list(r.finding_index),
                "differs": [d if type(d) is str else text(d) for d in r.differs],
            }

        return write

    @property
    def substantive(self) -> bool:
        """The row differs in presence, status or requirement (not only in the article cited)."""
        return any(d in SUBSTANTIVE for d in self.differs)


@frozen(kw_only=True)
class Comparison:
    """One profile evaluated side by side under several regimes."""

    cluster: str = doc("Cluster name.")
    as_of: date = doc("Assessment date used.")
    assessments: tuple[Assessment, ...] = doc("One assessment per regime.")
    rows: tuple[ComparisonRow, ...] = doc("Criterion rows × regime columns (the findings are the assessments').")

    def cells(self, row: ComparisonRow) -> tuple[Finding | None, ...]:
        """The row's finding under each regime (``None`` where the regime lacks the criterion)."""
        return tuple(None if k is None else a.findings[k] for a, k in zip(self.assessments, row.finding_index))


def rests_on(a: Assessment) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The waivers and declarations the verdict rests on: none where a criterion the tool judged
    fails — that fail decides "ineligible" whatever was claimed or declared — nor for "incomplete",
    which what is missing or not encoded decides."""
    if a.status is Overall.INCOMPLETE or (a.status is Overall.INELIGIBLE and any(f.status is Status.FAIL for f in a.findings)):
        return (), ()
    return a.waived, a.declared
