"""Inputs of the lifecycle commands: a recognition record and a recommendation list.

A **recognition record** is one recognised cluster under one regime: its batch, when the list was
announced, its validity if known, and an event log (annual reports filed, reviews, major changes,
findings of the authority, incidents). Event lists are logs: an event that is not listed did not
happen as far as the record knows (an annual report not listed was not filed). Incidents are the
exception, as in the profile: ``incidents = []`` states there were none, while leaving the key out
leaves revocation ground (五) unknown. Schema: ``clusterpolicy schema record``.

A **recommendation list** is what one province (or 计划单列市, 兵团) sends to a recommendation
call. Schema: ``clusterpolicy schema recommendations``.
"""

from __future__ import annotations

import enum
from collections import Counter
from datetime import date
from typing import TYPE_CHECKING, Any

import attrs
from attrs import frozen

from ..criteria.profile import Incident
from ..errors import FieldValueError, InputError, shorten
from ..model import check_id, doc, non_empty
from .grounds import ChangeAspect
from .kinds import FindingKind

if TYPE_CHECKING:
    from ..regimes.build import Regime


def _not_before(other: str, what: str):
    def check(inst, attribute, value):
        base = getattr(inst, other)
        if value is not None and base is not None and value < base:
            raise FieldValueError(inst, attribute.name, f"{value.isoformat()} is before the {what} ({base.isoformat()})")

    return check


@frozen(kw_only=True)
class ValidityDates:
    """Validity as stated for this cluster (e.g. in the list notice); either end may be unknown."""

    start: date | None = doc("First day of validity.", default=None)
    end: date | None = doc("Last day of validity (before any extension on review).", default=None, validator=_not_before("start", "start"))


@frozen(kw_only=True)
class AnnualReportFiled:
    """An annual report filed: for which year, on which day."""

    year: int = doc("Year the report covers (上一年度: the report due in 2024 covers 2023).")
    filed: date = doc("Day it was filed with the recipient.")

    @filed.validator
    def _after_year(self, attribute, value):
        if value.year <= self.year:
            raise FieldValueError(self, attribute.name, f"a report on {self.year} cannot be filed on {value.isoformat()}, before that year ended")


class ReviewResult(str, enum.Enum):
    """Outcome of a review on expiry."""

    PASSED = "passed"
    FAILED = "failed"


@frozen(kw_only=True)
class ReviewEvent:
    """One review on expiry: applied for, and its outcome once decided.

    Reviews are listed in order: the first concerns the first expiry, the next (after a pass has
    extended the validity) the extended one.
    """

    applied: date | None = doc("Day the review was applied for (复核申报); unset if it was not.", default=None)
    result: ReviewResult | None = doc("passed or failed; unset while pending.", default=None)
    decided: date | None = doc("Day the result was decided or published.", default=None, validator=_not_before("applied", "application"))

    @decided.validator
    def _result_and_date(self, attribute, value):
        if (self.result is None) != (value is None):
            raise FieldValueError(self, attribute.name, "give both 'result' and 'decided', or neither")


@frozen(kw_only=True)
class MajorChange:
    """A major change (重大变动) and whether and when it was reported (更新报备)."""

    aspect: ChangeAspect = doc("leading_industry, spatial_scope, operating_body or other.")
    date: date = doc("Day the change occurred.")
    reported: date | None = doc("Day it was reported to the authority; unset if not (yet) reported.", default=None)
    never_reported: bool = doc("The record states it was never reported (e.g. found by the authority).", default=False)
    note: str | None = doc("Free text.", default=None)

    @never_reported.validator
    def _exclusive(self, attribute, value):
        if value and self.reported is not None:
            raise FieldValueError(self, attribute.name, "cannot be true when 'reported' gives a date")


@frozen(kw_only=True)
class AuthorityFinding:
    """Something the authority established: false declaration, illegal conduct, refused monitoring."""

    kind: FindingKind = doc("false_declaration, illegal_conduct or monitoring_refused.")
    date: date = doc("Day it was established.")
    note: str | None = doc("Free text.", default=None)


@frozen(kw_only=True)
class Record:
    """One recognised cluster under one regime, with its event log."""

    name: str = doc("Cluster name (集群名称).", validator=non_empty)
    id: str | None = doc("Stable id for calendar entries (default: derived from regime, batch and name).", default=None)

    @id.validator
    def _printable_id(self, attribute, value):
        if value is not None and (not value or any(ch.isspace() or not ch.isprintable() or ch in "@;,\\" for ch in value)):
            raise FieldValueError(self, attribute.name, f"{shorten(value)}: use letters, digits, '-', '_' or '.' (no spaces, '@', ';', ',')")
    regime: str = doc("Regime (jurisdiction id) that recognised it, e.g. national, hainan.", validator=check_id)
    batch: int = doc("Batch (年度) it was recognised in, e.g. 2022.")
    announced: date = doc("Day the list was announced (名单公布日期).")
    validity: ValidityDates | None = doc("Validity as stated for this cluster, where the regime does not fix it.", default=None)
    annual_reports: tuple[AnnualReportFiled, ...] = doc("Annual reports filed.", default=())
    reviews: tuple[ReviewEvent, ...] = doc("Reviews on expiry, in order.", default=())
    major_changes: tuple[MajorChange, ...] = doc("Major changes.", default=())
    findings: tuple[AuthorityFinding, ...] = doc("Findings of the authority.", default=())
    incidents: tuple[Incident, ...] | None = doc("Incidents in cluster firms; [] states there were none, absence leaves it unknown.", default=None)
    events: dict[str, date] = doc(
        "Dated events a regime's periods count from, by id (e.g. publicity_start = 2023-06-20 for a 公示 period).",
        factory=dict,
    )

    @events.validator
    def _event_ids(self, attribute, value):
        for key in value:
            check_id(self, attrs.fields(type(self)).events, key)

    @batch.validator
    def _plausible_batch(self, attribute, value):
        if not 2000 <= value <= 2100:
            raise FieldValueError(self, attribute.name, f"{value} is not a plausible batch year")

    @announced.validator
    def _announced_after_batch(self, attribute, value):
        if value.year < self.batch:
            raise FieldValueError(self, attribute.name, f"{value.isoformat()} is before the {self.batch} batch's year")

    @reviews.validator
    def _one_pending(self, attribute, value):
        for i, r in enumerate(value[:-1]):
            if r.result is not ReviewResult.PASSED:
                raise FieldValueError(
                    self, attribute.name, f"review {i + 1} of {len(value)} is not passed, so no later review can follow it"
                )

    @annual_reports.validator
    def _one_per_year(self, attribute, value):
        twice = sorted(y for y, times in Counter(r.year for r in value).items() if times > 1)
        if twice:
            raise FieldValueError(self, attribute.name, f"more than one report for {', '.join(map(str, twice))}")


@frozen(kw_only=True)
class Recommended:
    """One cluster on a recommendation list."""

    name: str = doc("Cluster name.", validator=non_empty)
    county: str | None = doc("County-level division.", default=None)


@frozen(kw_only=True)
class Recommendations:
    """A recommendation list sent to one call (推荐汇总表)."""

    regime: str = doc("Regime whose call this answers (default national).", default="national", validator=check_id)
    call: int | None = doc("Year of the call; may be given with --call instead.", default=None)
    submitter: str = doc("Who submits, e.g. 安徽省.", validator=non_empty)
    submitter_kind: str = doc(
        "province (省/自治区/直辖市), separately_planned_city (计划单列市), xpcc (兵团), or a kind the call defines (e.g. kunming, prefecture)."
    )
    submitted: date | None = doc("Day the list was sent; unset if not yet sent.", default=None)
    clusters: tuple[Recommended, ...] = doc("The clusters recommended.", default=())


# --- reading ----------------------------------------------------------------------------------


def load_record(path: str) -> Record:
    """Read a recognition record from TOML or JSON (``-`` reads standard input); bad input raises
    :class:`~clusterpolicy.errors.InputError` naming the file and each ``$.field.path``."""
    from ..convert import read_document

    return record_from_dict(read_document(path), source=_source(path))


def record_from_dict(data: dict[str, Any], source: str = "<dict>") -> Record:
    """Structure already-parsed data into a :class:`~clusterpolicy.lifecycle.record.Record`."""
    from ..convert import structure

    return structure(data, Record, source)


def load_recommendations(path: str) -> Recommendations:
    """Read a recommendation list from TOML or JSON."""
    from ..convert import read_document, structure

    return structure(read_document(path), Recommendations, _source(path))


def _source(path: Any) -> str:
    return "<stdin>" if str(path) == "-" else str(path)


def regime_for_record(regimes: Any, record: Record, source: str = "<record>") -> Regime:
    """The regime a record names; an unknown regime is an input error at ``$.regime``."""
    if record.regime not in set(regimes):  # Regimes[...] raises UnknownRegimeError, not KeyError
        known = ", ".join(regimes) or "none"
        raise InputError(source, [f"$.regime: unknown regime {shorten(record.regime)} (known: {known})"])
    return regimes[record.regime]
