"""What a pathway returns: the rungs of the ladder, their gaps, projections and calls (output)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import ClassVar


from ..criteria.results import Assessment, Overall
from ..model import Citation, Level, Note, Provenance, doc, frozen
from ..numbers import Op


@frozen(kw_only=True)
class Projection:
    """A projection, never a finding: a failing per-year figure carried forward at the cluster's own
    recent average annual growth (the growth formula of :mod:`clusterpolicy.criteria.growth`, over the
    criterion's own years), to the first year whose window would meet the threshold. Decided exactly
    (fractions); the rate and the projected value are shown rounded."""

    field: str = doc("The per-year figure projected, e.g. total_output.")
    first_year: int = doc("First year of the growth rate used.")
    last_year: int = doc("Last year of the growth rate used (the latest completed year read).")
    steps: int = doc("Compounding steps between them.")
    rate: Decimal | None = doc("The figure's own average annual growth over those years, percent, rounded half-even to 0.01.")
    op: Op = doc("Operator of the threshold.")
    threshold: Decimal = doc("The threshold each year of the window must meet.")
    unit: str = doc("Unit of the figure.")
    window: int = doc("How many consecutive years must meet it (近三年: 3).")
    meets_in: int | None = doc(
        "First year whose window of `window` years (reported, then projected) would meet the threshold; "
        "null when the projection never gets there within `horizon` years."
    )
    value_then: Decimal | None = doc("The projected figure in `meets_in`, rounded half-even to 0.01 (null if none, or not projected).")
    never: bool = doc("The figure does not grow (rate ≤ 0): at this rate it never reaches the threshold.")
    horizon: int = doc("How many years ahead the projection looks.")
    blocked_zh: str | None = doc("Why no projection could be made (a missing or zero figure), Chinese; null when one was made.", default=None)
    blocked_en: str | None = doc("Why no projection could be made (English).", default=None)


@frozen(kw_only=True)
class Gap:
    """One criterion standing between the cluster and a rung: failing, unknown, not encoded and not
    declared, or declared not met. Its finding (with the shortfall as `margin`, the missing inputs,
    the reason) is the rung's assessment's ``findings[finding_index]``."""

    rule: str = doc("Criterion id.")
    finding_index: int = doc("Position of the criterion's finding in the rung's assessment findings.")
    declaration: str | None = doc(
        "For a not-encoded criterion: the profile path of the declaration it needs (declarations.<regime>.<rule>).", default=None
    )
    projection: Projection | None = doc("For a failing figure that grows over time: a projection (not a finding).", default=None)
    before_call: bool | None = doc(
        "Whether the projection meets the threshold in a year the rung's next call reads (a call of year Y reads the "
        "completed years up to Y − 1); null without a projection or a known call.",
        default=None,
    )


@frozen(kw_only=True)
class CallQuota:
    """Who submits to a call, and how many each may recommend."""

    submitters: tuple[str, ...] = doc("Submitter kinds (province, separately_planned_city, xpcc, or a kind the call defines).")
    names_zh: tuple[str, ...] = doc("Their names (Chinese).")
    names_en: tuple[str, ...] = doc("Their names (English).")
    at_most: int = doc("Most recommendations each may send (不超过).")


@frozen(kw_only=True)
class NextCall:
    """The rung's next known recommendation call: the first whose deadline is on or after the date."""

    rule: str = doc("Timeline rule id of the call, e.g. call.2025.")
    year: int = doc("Year of the call (its batch).")
    deadline: date = doc("Day by which the submitters send their lists (on or before).")
    reads_to: int = doc("Latest completed year its applications can report (the year before the call).")
    recipient_zh: str = doc("To whom (Chinese).")
    recipient_en: str = doc("To whom (English).")
    quotas: tuple[CallQuota, ...] = doc("Who submits, and their quotas.")
    over_quota_zh: str | None = doc("What happens over quota, in the source's words (null: no source says).", default=None)
    over_quota_en: str | None = doc("What happens over quota (English).", default=None)
    citation: Citation = doc("Where the call is written.")
    provenance: Provenance = doc("text, secondary or unknown.")


@frozen(kw_only=True)
class Rung:
    """One regime of the ladder, in the order a cluster climbs it."""

    step: int = doc("Position on the ladder, 1 first.")
    level: Level = doc("Level of the rung: provincial, national, …")
    regime: str | None = doc("Regime id; null when no regime of the profile's province is loaded.")
    name_zh: str = doc("Regime name (Chinese), or the province's name when none is loaded.")
    name_en: str = doc("Regime name (English).")
    assessment: Assessment | None = doc("The profile evaluated under this rung's regime (null when none is loaded).")
    status: Overall | None = doc("The rung's verdict (null when no regime is loaded).")
    recognised: bool | None = doc("The profile says it is already recognised at this rung (provincial_cluster); null: not said.", default=None)
    requires: tuple[str, ...] = doc(
        "Criteria of this rung that require the rung below (a prerequisite on provincial_cluster), by id.", default=()
    )
    gaps: tuple[Gap, ...] = doc("What stands between the cluster and this rung, in the regime's order.", default=())
    missing: tuple[str, ...] = doc("Profile paths still missing (their criteria are unknown).", default=())
    declarations: tuple[str, ...] = doc("Declarations still needed: declarations.<regime>.<rule> of not-encoded criteria.", default=())
    calls_known: bool = doc("The regime encodes recommendation calls at all.", default=False)
    next_call: NextCall | None = doc("The next known call on or after the date; null when none is known.", default=None)
    notes: tuple[Note, ...] = doc("What the official should know about this rung (no regime loaded, calls not known, …).", default=())


@frozen(kw_only=True)
class Pathway:
    """The ladder of regimes that apply to one profile, from the province to the national regime."""

    JSON_KIND: ClassVar[str] = "pathway"
    cluster: str = doc("Cluster name.")
    as_of: date = doc("Assessment date used.")
    province: str | None = doc("The profile's province (null when the profile names none).")
    rungs: tuple[Rung, ...] = doc("The rungs, in the order they are climbed.")
    notes: tuple[Note, ...] = doc("Notes on the whole pathway (what projections are).", default=())
