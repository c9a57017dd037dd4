"""Inputs of the lifecycle commands: a recognition record and a recommendation list.

A **recognition record** is one recognised cluster under one regime: its batch, when the list was
announced, its validity if known, and an event log (annual reports filed, reviews, major changes,
findings of the authority, incidents). Event lists are logs: an event that is not listed did not
happen as far as the record knows (an annual report not listed was not filed). Incidents are the
exception, as in the profile: ``incidents = []`` states there were none, while leaving the key out
leaves revocation ground (五) unknown. Schema: ``clusterpolicy schema record``.

Everything a record's schema states, the converter enforces, and the other way round. What a
schema cannot say — dates in the wrong order across fields (validity ending before it starts, a
decision before its application, a report filed before the year it covers ended, a list announced
before its batch's year), two reports for one year, a review after one that was not passed — is not
refused: :func:`inconsistencies` names each such entry, and timelines and statuses show them as
notes (``record_inconsistent``) beside what they compute from the record as given.

A **recommendation list** is what one province (or 计划单列市, 兵团) sends to a recommendation
call. Schema: ``clusterpolicy schema recommendations``.
"""

from __future__ import annotations

import enum
from datetime import date
from typing import TYPE_CHECKING, Any


from ..criteria.profile import Incident
from ..errors import InputError, did_you_mean, shorten
from ..model import Note, at_least, at_most, check_id, doc, excludes, frozen, id_keys, matches, non_empty, together
from .grounds import ChangeAspect
from .kinds import FindingKind

if TYPE_CHECKING:
    from ..regimes.build import Regime

#: A record id (it names calendar entries): no spaces, controls or separators ``@ ; , \``.
RECORD_ID_PATTERN = "^[^\\x00-\\x20\\x7f-\\xa0\\xad@;,\\\\\\u1680\\u2000-\\u200f\\u2028-\\u202f\\u205f-\\u206f\\u3000\\ufeff]+$"
#: Batches (年度) a record may name.
FIRST_BATCH, LAST_BATCH = 2000, 2100


@frozen(kw_only=True)
class ValidityDates:
    """Validity as stated for this cluster (e.g. in the list notice); either end may be unknown."""

    start: date | None = doc("First day of validity.", default=None)
    end: date | None = doc("Last day of validity (before any extension on review); one before start is noted, not refused.", default=None)


@frozen(kw_only=True)
class AnnualReportFiled:
    """An annual report filed: for which year, on which day."""

    year: int = doc("Year the report covers (上一年度: the report due in 2024 covers 2023).")
    filed: date = doc("Day it was filed with the recipient (after that year ended; an earlier day is noted, not refused).")


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
    result: ReviewResult | None = doc("passed or failed; unset while pending (given with decided, or both unset).", default=None)
    decided: date | None = doc(
        "Day the result was decided or published (given with result; one before applied is noted, not refused).",
        default=None,
        validator=together("result", "decided"),
    )


@frozen(kw_only=True)
class MajorChange:
    """A major change (重大变动) and whether and when it was reported (更新报备)."""

    aspect: ChangeAspect = doc("leading_industry, spatial_scope, operating_body or other.")
    date: date = doc("Day the change occurred.")
    reported: date | None = doc("Day it was reported to the authority; unset if not (yet) reported.", default=None)
    never_reported: bool = doc(
        "The record states it was never reported (e.g. found by the authority); not with a reported date.",
        default=False,
        validator=excludes("never_reported", "reported", message="cannot be true when 'reported' gives a date"),
    )
    note: str | None = doc("Free text.", default=None)


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
    id: str | None = doc(
        "Stable id for calendar entries (default: derived from regime, batch and name): no spaces, control characters, '@', ';', ',' or '\\'.",
        default=None,
        validator=matches(RECORD_ID_PATTERN, lambda v: f"{shorten(v)}: use letters, digits, '-', '_' or '.' (no spaces, '@', ';', ',')"),
    )
    regime: str = doc("Regime (jurisdiction id) that recognised it, e.g. national, hainan.", validator=check_id, metadata={"refers": "regime"})
    batch: int = doc(f"Batch (年度) it was recognised in, e.g. 2022 ({FIRST_BATCH}–{LAST_BATCH}).", validator=[at_least(FIRST_BATCH), at_most(LAST_BATCH)])
    announced: date = doc("Day the list was announced (名单公布日期); one before the batch's year is noted, not refused.")
    validity: ValidityDates | None = doc("Validity as stated for this cluster, where the regime does not fix it.", default=None)
    annual_reports: tuple[AnnualReportFiled, ...] = doc("Annual reports filed (one per year; for a year listed twice the earliest day counts, with a note).", default=())
    reviews: tuple[ReviewEvent, ...] = doc("Reviews on expiry, in order (a review after one not passed is noted and ignored).", default=())
    major_changes: tuple[MajorChange, ...] = doc("Major changes.", default=())
    findings: tuple[AuthorityFinding, ...] = doc("Findings of the authority.", default=())
    incidents: tuple[Incident, ...] | None = doc("Incidents in cluster firms; [] states there were none, absence leaves it unknown.", default=None)
    events: dict[str, date] = doc(
        "Dated events a regime's periods count from, by id (e.g. publicity_start = 2023-06-20 for a 公示 period).",
        factory=dict,
        validator=id_keys,
    )


@frozen(kw_only=True)
class Recommended:
    """One cluster on a recommendation list."""

    name: str = doc("Cluster name.", validator=non_empty)
    county: str | None = doc("County-level division.", default=None)


@frozen(kw_only=True)
class Recommendations:
    """A recommendation list sent to one call (推荐汇总表)."""

    regime: str = doc("Regime whose call this answers (default national).", default="national", validator=check_id, metadata={"refers": "regime"})
    call: int | None = doc("Year of the call; may be given with --call instead.", default=None)
    submitter: str = doc("Who submits, e.g. 安徽省.", validator=non_empty)
    submitter_kind: str = doc(
        "province (省/自治区/直辖市), separately_planned_city (计划单列市), xpcc (兵团), or a kind the call defines (e.g. kunming, prefecture)."
    )
    submitted: date | None = doc("Day the list was sent; unset if not yet sent.", default=None)
    clusters: tuple[Recommended, ...] = doc("The clusters recommended.", default=())


def inconsistencies(record: Record) -> list[Note]:
    """What the record says that cannot all be true, entry by entry (code ``record_inconsistent``):
    the rules between fields that a JSON Schema cannot state, so the converter does not refuse them."""
    found: list[tuple[str, str, str]] = []
    v = record.validity
    if v is not None and v.start is not None and v.end is not None and v.end < v.start:
        found.append(("validity.end", f"{v.end} 早于起始日 {v.start}", f"{v.end} is before the start {v.start}"))
    if record.announced.year < record.batch:
        found.append(("announced", f"{record.announced} 早于 {record.batch} 批次所在年度", f"{record.announced} is before the {record.batch} batch's year"))
    years: dict[int, int] = {}
    for i, r in enumerate(record.annual_reports):
        if r.filed.year <= r.year:
            found.append((f"annual_reports[{i}].filed", f"{r.year} 年度报告不能在该年度结束前({r.filed})报送", f"a report on {r.year} cannot be filed on {r.filed}, before that year ended"))
        if r.year in years:
            found.append((f"annual_reports[{i}]", f"{r.year} 年度报告已在 annual_reports[{years[r.year]}] 列出;按最早的报送日计", f"the report on {r.year} is listed again (first at annual_reports[{years[r.year]}]); the earliest day counts"))
        years.setdefault(r.year, i)
    for i, r in enumerate(record.reviews):
        if r.applied is not None and r.decided is not None and r.decided < r.applied:
            found.append((f"reviews[{i}].decided", f"{r.decided} 早于申请日 {r.applied}", f"{r.decided} is before the application ({r.applied})"))
        if i + 1 < len(record.reviews) and r.result is not ReviewResult.PASSED:
            found.append((f"reviews[{i + 1}]", f"第 {i + 1} 次复核未通过,其后不能再有复核;已忽略", f"review {i + 1} is not passed, so no later review can follow it; ignored"))
            break
    return [Note(code="record_inconsistent", zh=f"记录自相矛盾:$.{path}:{zh}", en=f"the record contradicts itself: $.{path}: {en}") for path, zh, en in found]


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
        raise InputError(source, [f"$.regime: unknown regime {shorten(record.regime)}{did_you_mean(record.regime, regimes)} (known: {known})"])
    return regimes[record.regime]
