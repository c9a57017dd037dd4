"""Recognition criteria: a closed set of check kinds, and the criterion that wraps one.

Each check kind is a frozen attrs class with a stable ``KIND`` tag (the ``kind`` key in TOML/JSON).
Field references are dotted paths into the cluster profile (see :mod:`clusterpolicy.criteria.profile`):
scalar fields such as ``area_km2``, ``firms.little_giants``, ``extra.standards_set``, and
per-year fields such as ``total_output`` or ``extra.exports`` (read from ``years.<year>``).
Paths are checked when a regime is built, so a misspelt field is a load error.
"""

from __future__ import annotations

import enum
from decimal import Decimal
from typing import ClassVar, Union


from ..limits import MAX_RULE_YEARS
from ..model import (
    Citation,
    Constraint,
    Interpretation,
    Provenance,
    at_least,
    at_most,
    check_id,
    doc,
    frozen,
    inherited_field,
    interpretation_field,
    non_empty,
    non_empty_list,
    unknown_is_not_encoded,
)
from ..numbers import Op

_positive = at_least(1)
_non_empty_tuple = non_empty_list
#: What a field names (``reads``): a scalar profile field, a per-year one, or the field of a condition.
#: Compiling a check judges its names (:mod:`clusterpolicy.criteria.checks`); of a check that does not
#: load, the names alone are judged through these (:func:`clusterpolicy.criteria.checks.unknown_names`).
_SCALAR, _YEAR, _CONDITION = {"reads": "scalar"}, {"reads": "year"}, {"reads": "condition"}


class RankLevel(str, enum.Enum):
    """Where a cluster ranks in its sub-sector (发展水平位居细分领域…前列). Ordered."""

    NONE = "none"
    PROVINCIAL = "provincial"  #: 全省前列
    NATIONAL = "national"  #: 全国前列

    @property
    def order(self) -> int:
        return _RANK_ORDER[self]


_RANK_ORDER = {RankLevel.NONE: 0, RankLevel.PROVINCIAL: 1, RankLevel.NATIONAL: 2}


class RankRequirement(str, enum.Enum):
    """The level a rank check requires: a fixed level, or ``own_level`` — the regime's own level
    (全国前列 in a national regime, 全省前列 in a provincial one), so that a province inheriting the
    rule reads it at the province's level (plugins/RULES.md, "What a province inherits")."""

    NONE = "none"
    PROVINCIAL = "provincial"
    NATIONAL = "national"
    OWN_LEVEL = "own_level"

    @property
    def order(self) -> int:
        return _RANK_ORDER[RankLevel(self.value)]  # own_level has no order until resolved (at_level)


#: The rank level a regime of each administrative level means by its own level (own_level).
_OWN_RANK = {"national": RankRequirement.NATIONAL, "provincial": RankRequirement.PROVINCIAL}


class IncidentKind(str, enum.Enum):
    """Kinds of incident on the negative list (认定标准, 国家/海南; 办法 第十七条/第十四条 (五))."""

    SAFETY_ACCIDENT = "safety_accident"  #: 安全事故
    QUALITY_ACCIDENT = "quality_accident"  #: 质量事故
    ENVIRONMENTAL_ACCIDENT = "environmental_accident"  #: 环境污染事故
    CYBER_SECURITY_INCIDENT = "cyber_security_incident"  #: 网络安全事件
    DATA_SECURITY_INCIDENT = "data_security_incident"  #: 数据安全事件
    TAX_EVASION = "tax_evasion"  #: 偷税漏税
    ILLEGAL_CONDUCT = "illegal_conduct"  #: 违法违规
    SERIOUS_DISHONESTY = "serious_dishonesty"  #: 严重失信
    OTHER_MAJOR_PROBLEM = "other_major_problem"  #: 其它重大问题


class Grade(str, enum.Enum):
    """Official four-grade scale for accidents and security incidents. Ordered."""

    GENERAL = "general"  #: 一般
    LARGER = "larger"  #: 较大
    MAJOR = "major"  #: 重大
    ESPECIALLY_MAJOR = "especially_major"  #: 特别重大

    @property
    def order(self) -> int:
        return _GRADE_ORDER[self]

    @property
    def zh(self) -> str:
        return _GRADE_ZH[self]


_GRADE_ORDER = {Grade.GENERAL: 0, Grade.LARGER: 1, Grade.MAJOR: 2, Grade.ESPECIALLY_MAJOR: 3}
_GRADE_ZH = {Grade.GENERAL: "一般", Grade.LARGER: "较大", Grade.MAJOR: "重大", Grade.ESPECIALLY_MAJOR: "特别重大"}


@frozen(kw_only=True)
class Condition:
    """``field == equals`` over a profile field (a flag, a year, a region)."""

    field: str = doc("Profile field path, e.g. high_energy, region, application_year.", validator=non_empty, metadata=_CONDITION)
    equals: bool | int | str = doc("Value the field must have for the condition to hold.")


@frozen(kw_only=True)
class Threshold:
    """A value (or the sum of several) compared with a threshold."""

    KIND: ClassVar[str] = "threshold"
    fields: tuple[str, ...] = doc("Profile field paths; their values are summed.", validator=_non_empty_tuple, metadata=_SCALAR)
    op: Op = doc("Comparison operator: ge, gt, le, lt, eq.")
    value: Decimal = doc("Threshold, an exact decimal.")
    unit: str = doc("Unit shown with the value, e.g. 亿元, km², 家.", default="")


@frozen(kw_only=True)
class EachYear:
    """A per-year figure compared with a threshold in each of the last ``years`` years (近N年均…)."""

    KIND: ClassVar[str] = "each_year"
    field: str = doc("Per-year field, e.g. total_output.", validator=non_empty, metadata=_YEAR)
    years: int = doc("How many most recent years must each meet the threshold.", validator=[_positive, at_most(MAX_RULE_YEARS)])
    op: Op = doc("Comparison operator.")
    value: Decimal = doc("Threshold, an exact decimal.")
    unit: str = doc("Unit shown with the value.", default="")


def in_percent(share: Share) -> bool:
    """Whether a share is a percentage (``per = 100``, unit ``%``): its threshold is from 0 to 100."""
    return share.per == 100 and share.unit == "%"


#: A percentage threshold outside 0–100 cannot be met or cannot fail: a slip (a fraction is legal but
#: suspicious, and noted by ``check-rules``: :func:`percent_shares`).
_PERCENT_RANGE = Constraint(
    lambda inst: not in_percent(inst) or 0 <= inst.value <= 100,
    lambda v: f"a share in percent (per = 100, unit = \"%\") is a number from 0 to 100 (value = 60 means 60%); got {v}",
    of_object=True,
)


@frozen(kw_only=True)
class Share:
    """``numerator / denominator × per`` in the latest year, compared with a threshold.

    ``per = 100`` is a percentage share of output, and ``value`` is in percent (``value = 60``
    means 60%, from 0 to 100); ``per = 10000`` gives "per 10,000 people".
    """

    KIND: ClassVar[str] = "share"
    numerator: str = doc("Per-year field on top, e.g. sme_output.", validator=non_empty, metadata=_YEAR)
    denominator: str = doc("Per-year field below, e.g. total_output.", validator=non_empty, metadata=_YEAR)
    per: Decimal = doc("Multiplier: 100 for percent, 10000 for per 10,000.", default=Decimal(100))
    op: Op = doc("Comparison operator.")
    value: Decimal = doc(
        "Threshold, an exact decimal, in the unit of `per`: in percent by default (60 means 60%, from 0 to 100).",
        validator=_PERCENT_RANGE,
    )
    unit: str = doc("Unit shown with the value.", default="%")


@frozen(kw_only=True)
class Growth:
    """Average annual growth (年均增长) of a per-year field over the last ``years`` (completed) years.

    The texts give no formula. :func:`clusterpolicy.criteria.growth.growth_readings` is the one
    place that says which values are compared: the compound rate between the first and the last of
    those years, ``(last / first) ** (1 / (years - 1)) - 1``, compared exactly as
    ``last / first  op  (1 + value/100) ** (years - 1)``; when the profile also gives the year
    before them, the base-year reading (``years`` steps) is computed too and the finding says so if
    it decides differently.
    """

    KIND: ClassVar[str] = "growth"
    field: str = doc("Per-year field, e.g. total_output.", validator=non_empty, metadata=_YEAR)
    years: int = doc("Window length in years (at least 2: growth needs two years).", validator=[at_least(2), at_most(MAX_RULE_YEARS)])
    op: Op = doc("Comparison operator.")
    value: Decimal = doc("Threshold in percent per year.")


@frozen(kw_only=True)
class Attestation:
    """A qualitative indicator the applicant attests (``attestations.<key> = true``)."""

    KIND: ClassVar[str] = "attestation"
    key: str = doc("Key in the profile's [attestations] table.", validator=check_id)


@frozen(kw_only=True)
class RankAtLeast:
    """The cluster's sub-sector ranking is at least ``level`` (none < provincial < national);
    ``own_level`` is the regime's own level, resolved when the regime is built."""

    KIND: ClassVar[str] = "rank"
    field: str = doc("Profile field holding a rank level.", default="front_rank", metadata=_SCALAR)
    at_least: RankRequirement = doc("Lowest acceptable level: none, provincial, national, or own_level (the regime's own).")


@frozen(kw_only=True)
class InSet:
    """A profile field takes one of the listed values (e.g. who the applicant is)."""

    KIND: ClassVar[str] = "in_set"
    field: str = doc("Profile field path.", validator=non_empty, metadata=_SCALAR)
    values: tuple[str, ...] = doc("Accepted values.", validator=_non_empty_tuple)


@frozen(kw_only=True)
class IncidentBar:
    """Incidents of these kinds, graded at least ``min_grade`` (or any grade if unset), disqualify."""

    kinds: tuple[IncidentKind, ...] = doc("Incident kinds.", validator=_non_empty_tuple)
    min_grade: Grade | None = doc("Lowest disqualifying grade (inclusive: 及以上); unset = any occurrence.", default=None)


@frozen(kw_only=True)
class NegativeList:
    """No disqualifying incident within the last ``window_years`` completed calendar years before the
    assessment date (近三年, as for the figures); one in the assessment year is listed for the authority."""

    KIND: ClassVar[str] = "negative_list"
    bars: tuple[IncidentBar, ...] = doc("What disqualifies.", validator=_non_empty_tuple)
    window_years: int = doc("Look-back window in years (近三年 = 3).", validator=[_positive, at_most(MAX_RULE_YEARS)])


@frozen(kw_only=True)
class Prerequisite:
    """A boolean status must already hold (e.g. already a provincial cluster), unless exempted."""

    KIND: ClassVar[str] = "prerequisite"
    field: str = doc("Boolean profile field that must be true.", validator=non_empty, metadata=_SCALAR)
    exempt_when: Condition | None = doc("Condition under which the prerequisite is not required.", default=None)


@frozen(kw_only=True)
class NotEncoded:
    """A criterion known to exist whose content cannot be encoded (no source gives it)."""

    KIND: ClassVar[str] = "not_encoded"
    note_zh: str = doc("What is known and what is missing (Chinese).", validator=non_empty)
    note_en: str = doc("What is known and what is missing (English).", validator=non_empty)


@frozen(kw_only=True)
class Provision:
    """A provision that qualifies the standard without a requirement of its own — e.g. 西部地区可适当
    放宽 (the standard may be relaxed for western regions, by no stated amount): where it applies its
    finding is ``noted`` with the note; it never decides a verdict. Usually the ``then`` of a conditional."""

    KIND: ClassVar[str] = "provision"
    note_zh: str = doc("What the provision says and what the tool does about it (Chinese).", validator=non_empty)
    note_en: str = doc("What the provision says and what the tool does about it (English).", validator=non_empty)


@frozen(kw_only=True)
class AnyOf:
    """At least ``need`` of the alternatives hold (e.g. ≥1 little giant, or ≥10 listed SMEs)."""

    KIND: ClassVar[str] = "any_of"
    options: tuple[Check, ...] = doc("Alternative checks.", validator=_non_empty_tuple)
    need: int = doc("How many alternatives must hold.", default=1, validator=_positive)
    labels_zh: tuple[str, ...] = doc("Short label per alternative (Chinese).", default=())
    labels_en: tuple[str, ...] = doc("Short label per alternative (English).", default=())


@frozen(kw_only=True)
class Conditional:
    """A check that applies only when a condition holds (e.g. high-energy industries)."""

    KIND: ClassVar[str] = "conditional"
    when: Condition = doc("When the check applies; otherwise the criterion is not applicable.")
    then: Check = doc("The check that applies.")


Check = Union[
    Threshold,
    EachYear,
    Share,
    Growth,
    AnyOf,
    Attestation,
    RankAtLeast,
    InSet,
    Conditional,
    NegativeList,
    Prerequisite,
    NotEncoded,
    Provision,
]
CHECK_KINDS: tuple[type, ...] = Check.__args__


def uses_own_level(check: Check) -> bool:
    """Whether a check (or one nested in it) is written relative to the regime's level."""
    if isinstance(check, RankAtLeast):
        return check.at_least is RankRequirement.OWN_LEVEL
    if isinstance(check, AnyOf):
        return any(uses_own_level(o) for o in check.options)
    if isinstance(check, Conditional):
        return uses_own_level(check.then)
    return False


def at_level(check: Check, level: str) -> Check:
    """The check as a regime of administrative ``level`` applies it: ``own_level`` replaced by that
    level (national → national, provincial → provincial). :class:`ValueError` when the level has
    no rank of its own (a city or county regime)."""
    import attrs

    if isinstance(check, RankAtLeast) and check.at_least is RankRequirement.OWN_LEVEL:
        if level not in _OWN_RANK:
            raise ValueError(
                f"rank at_least = 'own_level' has no meaning for a {level} regime (ranks: national, provincial): "
                "override or amend the rule with the level your text names"
            )
        return attrs.evolve(check, at_least=_OWN_RANK[level])
    if isinstance(check, AnyOf) and uses_own_level(check):
        return attrs.evolve(check, options=tuple(at_level(o, level) for o in check.options))
    if isinstance(check, Conditional) and uses_own_level(check.then):
        return attrs.evolve(check, then=at_level(check.then, level))
    return check


def percent_shares(check: Check, path: str = "check") -> list[tuple[str, Share]]:
    """The shares in percent a check holds (itself, an any-of's options, a conditional's check),
    each with its key path (``check.options[1]``)."""
    if isinstance(check, Share):
        return [(path, check)] if in_percent(check) else []
    if isinstance(check, AnyOf):
        return [x for i, o in enumerate(check.options) for x in percent_shares(o, f"{path}.options[{i}]")]
    if isinstance(check, Conditional):
        return percent_shares(check.then, f"{path}.then")
    return []


def read_paths(check: Check) -> tuple[str, ...]:
    """Every profile path a check reads (attestations as ``attestations.<key>``)."""
    if isinstance(check, Threshold):
        return check.fields
    if isinstance(check, (EachYear, Growth)):
        return (check.field,)
    if isinstance(check, Share):
        return (check.numerator, check.denominator)
    if isinstance(check, Attestation):
        return (f"attestations.{check.key}",)
    if isinstance(check, (RankAtLeast, InSet)):
        return (check.field,)
    if isinstance(check, Prerequisite):
        return (check.field,) + ((check.exempt_when.field,) if check.exempt_when else ())
    if isinstance(check, AnyOf):
        return tuple(p for o in check.options for p in read_paths(o))
    if isinstance(check, Conditional):
        return (check.when.field, *read_paths(check.then))
    return ()


@frozen(kw_only=True)
class Waiver:
    """When a failing check is not required (海南: 新冠疫情等特殊情况影响,该指标不要求)."""

    when: Condition = doc("Condition under which the check is waived.")
    note_zh: str = doc("The waiver in the source's words.", validator=non_empty)
    note_en: str = doc("The waiver in English.", validator=non_empty)


@frozen(kw_only=True)
class Criterion:
    """One recognition criterion of a regime, with its citation and provenance."""

    id: str = doc("Stable id, e.g. core.output; children override by this id.", validator=check_id)
    indicator: str = doc("Which part of the standard it belongs to (e.g. 一 … 八, negative_list).", validator=non_empty)
    title_zh: str = doc("Title in Chinese.", validator=non_empty)
    title_en: str = doc("Title in English.", validator=non_empty)
    check: Check = doc("What is checked (tagged by kind).")
    soft: bool = doc("一般…: a failure is reported (soft_fail), not disqualifying.", default=False)
    waiver: Waiver | None = doc("When a failure is waived.", default=None)
    citation: Citation = doc("Document and item that state the rule.")
    provenance: Provenance = doc(
        "text, secondary or unknown (unknown only with check kind not_encoded).",
        validator=unknown_is_not_encoded("check", "'unknown' requires check kind 'not_encoded'"),
    )
    inherited: bool | None = inherited_field()
    interpretation: Interpretation | None = interpretation_field()

    def title(self, lang: str) -> str:
        return self.title_zh if lang == "zh" else self.title_en
