"""The cluster profile: everything the encoded rules read about one cluster.

People write it in TOML, machines in JSON; both go through :func:`clusterpolicy.convert.load_profile`.
Every field is optional in the sense that a missing value is *reported* (the criteria that need it
come out ``unknown``, naming the path) — never replaced by a default.
"""

from __future__ import annotations

import decimal
import enum
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any


from ..limits import MAX_FRACTION_DIGITS, MAX_INTEGER_DIGITS
from ..model import at_least, doc, frozen, non_empty, not_above
from .kinds import Grade, IncidentKind, RankLevel

_non_negative = at_least(0)
#: Exact for any two figures within the limits (``Decimal``'s default 28 digits would round a difference).
_EXACT = decimal.Context(prec=MAX_INTEGER_DIGITS + MAX_FRACTION_DIGITS + 1)


def _part_message(value: Decimal, total: Decimal) -> str:
    whole, part, excess = (format(v, "f") for v in (total, value, _EXACT.subtract(value, total)))
    return f"must not be more than total_output ({whole}), the cluster's total output it is part of (both in 亿元); got {part}, {excess} above it"


def _part_of_total(name: str):
    """Object rule: field ``name`` is part of 集群总产值, so not above ``total_output``. The standards state both
    shares as parts of the total: Hainan's 认定标准 一 (text; the file is in traditional characters)
    "中小企業產值占集群總產值60%以上,主導產業占集群總產值比例高于60%"; Anhui's standard 一 (secondary)
    "中小企业产值占集群总产值70%以上,主导产业占集群总产值比例高于70%"; the national standard alike (secondary;
    plugins/RULES.md: "Shares are of total cluster output (集群总产值)"). A part above its whole is a slip, most
    often a part typed in 万元 beside a total in 亿元, that would pass any share threshold: an input error."""
    return not_above(name, "total_output", _part_message)


class Region(str, enum.Enum):
    """China's four economic regions (东部, 中部, 西部, 东北)."""

    EAST = "east"
    CENTRAL = "central"
    WEST = "west"
    NORTHEAST = "northeast"


class Applicant(str, enum.Enum):
    """Who files the application."""

    COUNTY_SME_AUTHORITY = "county_sme_authority"  #: 县级中小企业主管部门
    INDUSTRY_ASSOCIATION = "industry_association"  #: 行业协会
    OPERATING_BODY = "operating_body"  #: 集群运营管理机构
    OTHER = "other"


class DivisionLevel(str, enum.Enum):
    """Kind of administrative division the cluster (and its applicant) sits in.

    The national and Hainan texts say 县级区划 (any county-level division); a local rule may
    restrict this, e.g. to counties or to districts, or admit town-level units.
    """

    COUNTY = "county"  #: 县、自治县、旗、县级市 (county-level, not a city district)
    DISTRICT = "district"  #: 市辖区 (city district, county-level)
    TOWN = "town"  #: 乡、镇 (township level)
    SUBDISTRICT = "subdistrict"  #: 街道 (subdistrict, township level)


@frozen(kw_only=True)
class YearFigures:
    """Figures for one calendar year. Money in 亿元 (100 million yuan). SME output and leading-industry
    output are parts of the total output: neither may be more than it (equal is fine)."""

    total_output: Decimal | None = doc("Cluster total output (集群总产值), 亿元.", default=None, validator=_non_negative)
    sme_output: Decimal | None = doc(
        "Output of the cluster's SMEs (中小企业产值), 亿元: part of total_output, so not more than it.",
        default=None,
        validator=[_non_negative, _part_of_total("sme_output")],
    )
    leading_output: Decimal | None = doc(
        "Output of the leading industry (主导产业产值), 亿元: part of total_output, so not more than it.",
        default=None,
        validator=[_non_negative, _part_of_total("leading_output")],
    )
    sme_rd_spending: Decimal | None = doc("R&D spending of the cluster's SMEs (中小企业研发经费), 亿元.", default=None, validator=_non_negative)
    valid_invention_patents: int | None = doc("Valid invention patents held at year end (有效发明专利).", default=None, validator=_non_negative)
    employees: int | None = doc("People employed in the cluster at year end; the population for 每万人 ratios.", default=None, validator=_non_negative)
    extra: dict[str, Decimal] = doc("Further per-year indicators read by local rules.", factory=dict)


@frozen(kw_only=True)
class Firms:
    """Counts of firms in the cluster by designation.

    Count each firm once: a firm holding several of the three SME designations is counted under one
    of them only, so that their sum counts distinct firms (二: 不少于N家…).
    """

    single_champions: int | None = doc("Manufacturing single champions (制造业单项冠军) in the leading industry.", default=None, validator=_non_negative)
    little_giants: int | None = doc("专精特新 'little giant' firms (小巨人) in the leading industry.", default=None, validator=_non_negative)
    specialised_smes: int | None = doc("专精特新 SMEs (专精特新中小企业).", default=None, validator=_non_negative)
    innovative_smes: int | None = doc("Innovative SMEs (创新型中小企业).", default=None, validator=_non_negative)
    high_tech: int | None = doc("National high-tech enterprises (高新技术企业).", default=None, validator=_non_negative)


@frozen(kw_only=True)
class Incident:
    """Something that happened to a cluster firm (negative list; 撤销 ground 五)."""

    date: date = doc("When it happened (or was established).")
    kind: IncidentKind = doc("What happened.")
    grade: Grade | None = doc("Official grade, for accidents and security incidents.", default=None)
    firm: str | None = doc("Firm concerned.", default=None)
    note: str | None = doc("Free text.", default=None)


@frozen(kw_only=True)
class Declaration:
    """A user's declaration that a criterion no source encodes (``not_encoded``) is met or not met,
    after checking it against the official text (plugins/RULES.md, "Declarations"). The tool never
    judges such a criterion: the finding says ``declared_met`` / ``declared_not_met``, never pass or fail."""

    met: bool = doc("Whether the declarer found the criterion met.")
    by: str = doc("Who declares (person and authority), e.g. 某县工信局 张三.", validator=non_empty)
    note: str = doc("What was checked, against which text (e.g. 对照认定标准原文三逐条核对).", validator=non_empty)
    on: date | None = doc("Day of the declaration.", default=None)


@frozen(kw_only=True)
class Profile:
    """One cluster, as the recognition criteria see it."""

    name: str = doc("Cluster name (集群名称).", validator=non_empty)
    province: str | None = doc("Province-level division.", default=None)
    county: str | None = doc("County-level division (县级区划) the cluster lies in.", default=None)
    region: Region | None = doc("Economic region: east, central, west, northeast.", default=None)
    leading_industry: str | None = doc("Leading industry (主导产业).", default=None)
    area_km2: Decimal | None = doc("Area (占地面积), km².", default=None, validator=_non_negative)
    assessment_date: date | None = doc("Date the criteria are assessed at (negative-list window ends here).", default=None)
    application_year: int | None = doc("Year of the recommendation call applied to (年度).", default=None)
    applicant: Applicant | None = doc("Who files the application.", default=None)
    division_level: DivisionLevel | None = doc(
        "Kind of division the cluster lies in: county, district, town, subdistrict.", default=None
    )
    within_one_county: bool | None = doc("The cluster lies within one county-level division.", default=None)
    provincial_cluster: bool | None = doc("Already recognised as a provincial cluster (省级集群).", default=None)
    front_rank: RankLevel | None = doc("Level at which it ranks at the front of its sub-sector: national, provincial, none.", default=None)
    special_circumstances: bool | None = doc("Claims COVID-19 or similar special circumstances (新冠疫情等特殊情况).", default=None)
    high_energy: bool | None = doc("Leading industry is high-energy-consuming (高耗能行业).", default=None)
    high_water: bool | None = doc("Leading industry is high-water-use (高用水行业).", default=None)
    industrial_internet_rate: Decimal | None = doc(
        "Industrial-internet platform adoption (工业互联网平台应用普及率), in percent of the cluster's firms.",
        default=None,
        validator=_non_negative,
    )
    years: dict[int, YearFigures] = doc("Per-year figures keyed by year; the last three are read.", factory=dict)
    firms: Firms = doc("Firm counts by designation.", factory=Firms)
    attestations: dict[str, bool] = doc("Qualitative indicators attested true or false, by key.", factory=dict)
    incidents: tuple[Incident, ...] | None = doc("Incidents; [] states there were none, absence leaves it unknown.", default=None)
    extra: dict[str, Decimal] = doc("Further scalar indicators read by local rules.", factory=dict)
    declarations: dict[str, dict[str, Declaration]] = doc(
        "Per regime id, per criterion id: a declaration that a not-encoded criterion is met or not met "
        "([declarations.national.supply_chain]). A regime that is not loaded, or a criterion it encodes, is an input error "
        "(the server's OpenAPI document lists each loaded regime's declarable criteria).",
        factory=dict,
        metadata={"refers": "declarable"},
    )


# --- reading ----------------------------------------------------------------------------------

def load_profile(path: str | Path, rule_ids: Mapping[str, Iterable[str]] | None = None, encoding: str | None = None) -> Profile:
    """Read a cluster profile from a TOML or JSON file (``-`` reads standard input), in ``encoding``
    (default UTF-8, with or without BOM; ``gb18030`` for a file a Chinese Windows editor saved).

    Raises :class:`~clusterpolicy.errors.InputError` naming the file and each field path at fault.
    ``rule_ids`` (regime id → its criteria's ids) lets a declaration of a dotted id written without
    quotes be told as such (see :func:`profile_from_dict`).
    """
    from ..convert import read_document

    return profile_from_dict(read_document(path, encoding), source="<stdin>" if str(path) == "-" else str(path), rule_ids=rule_ids)


def profile_from_dict(data: dict[str, Any], source: str = "<dict>", rule_ids: Mapping[str, Iterable[str]] | None = None) -> Profile:
    """Structure already-parsed data into a :class:`Profile` (same checks as files).

    TOML reads ``core.output = {…}`` under ``[declarations.zhejiang]`` as a table ``core`` holding
    ``output``: where ``rule_ids`` shows that the dotted path is a rule id of that regime, the
    problems under that table become one saying that a dotted id must be quoted."""
    from ..convert import structure
    from ..errors import InputError

    try:
        return structure(data, Profile, source)
    except InputError as exc:
        hints = _unquoted_ids(data, rule_ids or {})
        if not hints:
            raise
        kept = [p for p in exc.problems if not any(p.startswith((f"{at}.", f"{at}:")) for at in hints)]
        raise InputError(exc.source, [*kept, *hints.values()]) from None


def _unquoted_ids(data: Any, rule_ids: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """``$.declarations.<regime>.<first part>`` → the problem, for each nested table whose path,
    joined with dots, is a rule id of that regime."""
    declarations = data.get("declarations") if isinstance(data, Mapping) else None
    hints: dict[str, str] = {}
    for jid, table in declarations.items() if isinstance(declarations, Mapping) else ():
        ids = set(rule_ids.get(jid, ()))
        for head, value in table.items() if isinstance(table, Mapping) and ids else ():
            found = _dotted(str(head), value, ids)
            if found:
                listed = ", ".join(f'"{i}" = {{ met = …, by = …, note = … }}' for i in found)
                hints[f"$.declarations.{jid}.{head}"] = (
                    f"$.declarations.{jid}.{head}: a dotted rule id must be quoted: write {listed} under [declarations.{jid}] "
                    f"(unquoted, {found[0]} = … is read as a table {head!r} holding {found[0][len(str(head)) + 1:]!r})"
                )
    return hints


def _dotted(prefix: str, value: Any, ids: set[str]) -> list[str]:
    if not isinstance(value, Mapping) or prefix in ids:
        return []
    out = []
    for k, v in value.items():
        path = f"{prefix}.{k}"
        out += [path] if path in ids and isinstance(v, Mapping) else _dotted(path, v, ids)
    return out
