"""The pathway of one profile: which regimes apply and in what order, what fails on each rung, the
projections of failing figures that grow, and each rung's next known call.

The ladder is data: the profile's province (:attr:`Profile.province`) is matched to a loaded
provincial regime by name (海南省 → 海南省中小企业…, as the page does) or id; the rungs above are its
lineage (or, without one, the root regimes). A rung that requires the one below says so through its
own criteria (a ``prerequisite`` on ``provincial_cluster``, e.g. national art. 12, first batch
excepted). The calls are the regimes' ``recommendation_call`` timeline rules.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from fractions import Fraction

from ..criteria import growth
from ..criteria.fields import year_getter
from ..criteria.kinds import EachYear
from ..criteria.profile import Profile
from ..criteria.results import Assessment, Status
from ..errors import InputError
from ..glossary import term
from ..lifecycle.kinds import RecommendationCall
from ..model import Level, Note
from ..numbers import exact_ratio, fmt
from ..regimes.build import Regime, Regimes
from .results import CallQuota, Gap, NextCall, Pathway, Projection, Rung

#: How many years ahead a projection looks.
HORIZON = 20
#: Statuses that stand between a cluster and a rung.
GAPS = frozenset({Status.FAIL, Status.UNKNOWN, Status.NOT_ENCODED, Status.DECLARED_NOT_MET})
#: The profile field that says a cluster is already recognised by its province.
PROVINCIAL = "provincial_cluster"
_SUFFIX = re.compile(r"(壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|省|市)$")


def province_regime(regimes: Regimes, province: str | None) -> Regime | None:
    """The loaded provincial regime of a province: its Chinese name starts with the province's
    (海南省 or 海南 → 海南省中小企业特色产业集群), or its id is the province as given (hainan)."""
    if not province or not province.strip():
        return None
    given = province.strip()
    stem = _SUFFIX.sub("", given) or given
    for r in regimes.values():
        j = r.jurisdiction
        if j.level is Level.PROVINCIAL and (j.name_zh.startswith(stem) or j.id == given.lower()):
            return r
    return None


def pathway(regimes: Regimes, profile: Profile, as_of: date | None = None, province: str | None = None) -> Pathway:
    """The pathway of ``profile``; ``province`` names the provincial regime (by id) instead of
    matching the profile's province."""
    if province is not None:
        own = regimes[province]
        if own.jurisdiction.level is not Level.PROVINCIAL:
            raise InputError("pathway", [f"--province {province!r}: {province!r} is a {own.jurisdiction.level.value} regime, not a provincial one"])
    else:
        own = province_regime(regimes, profile.province)
    regimes.check_declarations(profile)
    chain: list[Regime | None] = [regimes[j] for j in reversed(own.lineage)] if own else [None]
    if own is None:
        chain += [r for r in regimes.values() if r.jurisdiction.parent is None]
    assessments = [r.evaluate(profile, as_of) if r is not None else None for r in chain]
    day = next((a.as_of for a in assessments if a is not None), None) or as_of or profile.assessment_date or date.today()
    rungs = [_rung(i + 1, r, a, profile, day) for i, (r, a) in enumerate(zip(chain, assessments))]
    notes = []
    if profile.province is None or not profile.province.strip():
        notes.append(_note("no_province"))
    if any(g.projection is not None for rung in rungs for g in rung.gaps):
        notes.append(_note("projection_note"))
    return Pathway(cluster=profile.name, as_of=day, province=profile.province, rungs=tuple(rungs), notes=tuple(notes))


def _rung(step: int, regime: Regime | None, a: Assessment | None, profile: Profile, day: date) -> Rung:
    if regime is None or a is None:
        name = profile.province or term("pathway", "province_unknown", "zh")
        return Rung(
            step=step, level=Level.PROVINCIAL, regime=None, name_zh=name, name_en=profile.province or term("pathway", "province_unknown", "en"),
            assessment=None, status=None, recognised=getattr(profile, PROVINCIAL),
            notes=(_note("not_loaded", province=profile.province) if profile.province else _note("not_loaded", "not_loaded_unnamed"),),
        )  # fmt: skip
    j = regime.jurisdiction
    checks = {r.rule.id: r.rule for r in regime.criteria}
    calls_known, call, notes = _next_call(regime, day)
    gaps = []
    for i, f in enumerate(a.findings):
        if f.status not in GAPS:
            continue
        projection = None
        check = checks[f.rule].check
        if f.status is Status.FAIL and isinstance(check, EachYear) and check.op.lower_bound:
            projection = project(check, profile, int(f.measured[-1].label))
        before = None if projection is None or call is None else projection.meets_in is not None and projection.meets_in <= call.reads_to
        declaration = f"declarations.{j.id}.{f.rule}" if f.status is Status.NOT_ENCODED else None
        gaps.append(Gap(rule=f.rule, finding_index=i, declaration=declaration, projection=projection, before_call=before))
    requires = tuple(
        r.rule.id for r in regime.criteria if r.rule.check.KIND == "prerequisite" and r.rule.check.field == PROVINCIAL
    )
    return Rung(
        step=step,
        level=j.level,
        regime=j.id,
        name_zh=j.name_zh,
        name_en=j.name_en,
        assessment=a,
        status=a.status,
        recognised=getattr(profile, PROVINCIAL) if j.level is Level.PROVINCIAL else None,
        requires=requires,
        gaps=tuple(gaps),
        missing=a.missing,
        declarations=tuple(g.declaration for g in gaps if g.declaration),
        calls_known=calls_known,
        next_call=call,
        notes=tuple(notes),
    )


def project(check: EachYear, profile: Profile, anchor: int) -> Projection:
    """Carry ``check.field`` forward from ``anchor`` at its own average annual growth over the
    criterion's years (the growth formula's window reading), to the first year whose window of
    ``check.years`` years would meet the threshold. Exact: a projected value ``v`` of year
    ``anchor + k`` satisfies ``v^steps = last^steps · (last/first)^k``, compared as fractions.

    It carries that one figure and makes no year's figures (no profile, no share): a projected total
    meets a lower bound only by growing (a shrinking one ``never`` does), so it never falls below the
    parts the profile reports, which it leaves as they are."""
    reading = growth.growth_readings(check.years)[0]
    steps, first_year = reading.steps, anchor - reading.first_offset
    get = year_getter(check.field)

    def value(year: int) -> Decimal | None:
        figures = profile.years.get(year)
        v = get(figures) if figures is not None else None
        return None if v is None else Decimal(v)

    first, last = value(first_year), value(anchor)
    base = dict(field=check.field, first_year=first_year, last_year=anchor, steps=steps, op=check.op, threshold=check.value,
                unit=check.unit, window=check.years, horizon=HORIZON)  # fmt: skip
    blocked = None
    if steps == 0:
        blocked = ("单一年度无法计算增速", "a single year gives no growth rate")
    elif first is None or last is None:
        path = f"years.{first_year if first is None else anchor}.{check.field}"
        blocked = (f"缺少 {path}", f"{path} is missing")
    elif first == 0 or last == 0:
        blocked = (f"{first_year if first == 0 else anchor} 年 {check.field} 为 0,增速无定义", f"{check.field} is 0 in {first_year if first == 0 else anchor}: growth is undefined")
    if blocked is not None or first is None or last is None:
        zh, en = blocked or ("", "")  # (first and last are given whenever nothing blocks)
        return Projection(**base, rate=None, meets_in=None, value_then=None, never=False, blocked_zh=zh, blocked_en=en)
    q = exact_ratio(last, first)
    last_power, target = Fraction(last) ** steps, Fraction(check.value) ** steps

    def meets(year: int) -> bool:
        if year <= anchor:
            v = value(year)
            return v is not None and check.op.holds(v, check.value)
        return check.op.holds(last_power * q ** (year - anchor), target)

    meets_in = next((y for y in range(anchor + 1, anchor + HORIZON + 1) if all(meets(x) for x in range(y - check.years + 1, y + 1))), None)
    value_then = None
    if meets_in is not None:
        t = (Fraction(last) * 100) ** steps * q ** (meets_in - anchor)
        value_then = Decimal(growth.root_half_even(t.numerator, t.denominator, steps)).scaleb(-2)
    return Projection(**base, rate=growth.growth_rate(first, last, steps), meets_in=meets_in, value_then=value_then, never=meets_in is None and q <= 1)


def _next_call(regime: Regime, day: date) -> tuple[bool, NextCall | None, list[Note]]:
    calls = sorted((r.rule for r in regime.timelines if isinstance(r.rule.rule, RecommendationCall)), key=lambda t: t.rule.deadline)
    if not calls:
        return False, None, [_note("calls_unknown", regime=regime.id)]
    upcoming = [t for t in calls if t.rule.deadline >= day]
    if not upcoming:
        latest = calls[-1].rule
        return True, None, [_note("no_call_after", as_of=day.isoformat(), year=latest.year, deadline=latest.deadline.isoformat())]
    t = upcoming[0]
    c: RecommendationCall = t.rule
    quotas = tuple(
        CallQuota(submitters=q.submitters, names_zh=tuple(c.kind_name(s, "zh") for s in q.submitters),
                  names_en=tuple(c.kind_name(s, "en") for s in q.submitters), at_most=q.at_most)
        for q in c.quotas
    )  # fmt: skip
    call = NextCall(
        rule=t.id, year=c.year, deadline=c.deadline, reads_to=c.year - 1, recipient_zh=c.recipient_zh, recipient_en=c.recipient_en,
        quotas=quotas, over_quota_zh=c.over_quota_zh, over_quota_en=c.over_quota_en, citation=t.citation, provenance=t.provenance,
    )  # fmt: skip
    return True, call, []


def _note(code: str, words: str | None = None, **values: object) -> Note:
    """A note of ``code``, worded by the glossary's pathway term ``words`` (default: the code's own)."""
    shown = {k: fmt(v) if isinstance(v, Decimal) else v for k, v in values.items()}
    key = words or code
    return Note(code=code, zh=term("pathway", key, "zh").format(**shown), en=term("pathway", key, "en").format(**shown))

