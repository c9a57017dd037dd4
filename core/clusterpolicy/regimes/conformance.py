"""The conformance kit's logic: case files, load-time checks, readable differences.

Used by the pytest plugin :mod:`clusterpolicy.testing` and directly from Python. A case file is one
subject — a profile, a recognition record or a recommendation list (by path or inline) — plus the
expected outcome per regime: for a profile the verdict and rule statuses; for a record the state,
the revocation grounds and timeline items (status, due day); for a list the quota check. See
:mod:`clusterpolicy.testing`.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any


from ..criteria.results import Overall, Status
from ..lifecycle.results import GroundStatus, ItemStatus, State
from ..model import doc, frozen


class CaseFailure(AssertionError):
    """A case's expected outcome does not match what the regimes give."""


#: A rule a regime does not apply, as a case may expect it: ``removed`` (the regime or an ancestor
#: removes it, with a reason and an article), ``not_inherited`` (the parent's own rule, not taken
#: over) or ``absent`` (not in force, whichever the reason).
ABSENCES = ("removed", "not_inherited", "absent")
#: What a case may expect of one rule: a finding's status, or one of :data:`ABSENCES`.
RuleExpectation = enum.Enum(  # type: ignore[misc]
    "RuleExpectation", {**{m.name: m.value for m in Status}, **{a.upper(): a for a in ABSENCES}}, type=str, module=__name__
)


@frozen(kw_only=True)
class Expectation:
    """Expected outcome under one regime: the fields for the case's subject (profile, record or list)."""

    status: Overall | None = doc("A profile: eligible, ineligible or incomplete.", default=None)
    rules: dict[str, RuleExpectation] = doc(
        "A profile: rule id → expected status (only the rules listed are checked), or removed, not_inherited or absent "
        "for a rule the regime does not apply.",
        factory=dict,
    )
    missing: tuple[str, ...] | None = doc("A profile: if given, exactly the missing inputs expected.", default=None)
    declared: tuple[str, ...] | None = doc("A profile: if given, exactly the criteria the verdict rests on as declared.", default=None)
    state: State | None = doc("A record: the lifecycle state (e.g. active, revocation_grounds_found).", default=None)
    validity_state: State | None = doc("A record: the validity state (active, awaiting_review, expired, …).", default=None)
    valid_until: date | None = doc("A record: the end of the current validity term.", default=None)
    grounds: dict[str, GroundStatus] = doc("A record: revocation ground id → expected finding.", factory=dict)
    items: dict[str, ItemStatus] = doc("A record: timeline item id (e.g. annual_report.2025) → expected status.", factory=dict)
    due: dict[str, date] = doc("A record: timeline item id → expected due day (a period: its last day).", factory=dict)
    quota: str | None = doc("A recommendation list: the quota check's status (ok, pending, over_quota, late, overdue).", default=None)
    limit: int | None = doc("A recommendation list: the quota that applies to the submitter.", default=None)
    over_by: int | None = doc("A recommendation list: how many over the quota.", default=None)


#: Which expectation fields belong to which subject.
_FIELDS = {
    "profile": ("status", "rules", "missing", "declared"),
    "record": ("state", "validity_state", "valid_until", "grounds", "items", "due"),
    "recommendations": ("quota", "limit", "over_by"),
}


@frozen(kw_only=True)
class CaseFile:
    """An author's example case: one subject (profile, record or recommendation list) and what each regime gives for it."""

    description: str = doc("What the case shows.", default="")
    profile: Any = doc("Profile file (relative to the case file) or an inline profile table.", default=None)
    record: Any = doc("Recognition record file (relative to the case file) or an inline table.", default=None)
    recommendations: Any = doc("Recommendation list file (relative to the case file) or an inline table.", default=None)
    call: int | None = doc("A recommendation list: the call year (default: the list's own).", default=None)
    rules: tuple[str, ...] = doc("Rule files to load (relative to the case file).", default=())
    as_of: date | None = doc("Assessment date (a profile: default the profile's; a record or list: required).", default=None)
    expect: dict[str, Expectation] = doc("Regime id → expected outcome.")

    @property
    def subject(self) -> str:
        """profile, record or recommendations."""
        return next(k for k in _FIELDS if getattr(self, k) is not None)


def read_case_file(path: str | Path) -> tuple[CaseFile, Any]:
    """Read and structure a case file and its subject (a profile, record or recommendation list);
    bad input raises InputError naming the file and key path."""
    from ..convert import read_document, structure
    from ..criteria.profile import Profile
    from ..errors import InputError, shorten
    from ..lifecycle.record import Record, Recommendations

    path = Path(path)
    case = structure(read_document(path), CaseFile, str(path))
    given = [k for k in _FIELDS if getattr(case, k) is not None]
    if len(given) != 1:
        what = ", ".join(given) if given else "none"
        raise InputError(str(path), [f"$: give exactly one of profile, record, recommendations (got: {what})"])
    kind = given[0]
    raw = getattr(case, kind)
    if isinstance(raw, str):
        data, source = read_document(path.parent / raw), str(path.parent / raw)
    elif isinstance(raw, Mapping):
        data, source = dict(raw), f"{path} [{kind}]"
    else:
        raise InputError(str(path), [f"$.{kind}: expected a file name or a table; got {shorten(raw)}"])
    subject = structure(data, {"profile": Profile, "record": Record, "recommendations": Recommendations}[kind], source)
    problems = [] if case.expect else ["$.expect: list at least one regime ([expect.<regime>])"]
    if kind != "profile" and case.as_of is None:
        problems.append(f"$.as_of: required for a {kind} case (the day the outcome is for)")
    for regime_id, e in case.expect.items():
        if kind == "profile" and e.status is None:
            problems.append(f"$.expect.{regime_id}.status: required for a profile case")
        for other, names in _FIELDS.items():
            for name in names if other != kind else ():
                if getattr(e, name) not in (None, {}, ()):
                    problems.append(f"$.expect.{regime_id}.{name}: only for a {other} case, this one checks a {kind}")
    if problems:
        raise InputError(str(path), problems)
    return case, subject


# --- checks -------------------------------------------------------------------------------------


def load_checked(
    rules: Iterable[str | Path] = (), extra: Iterable[tuple[str, object]] = (), entry_points: bool = True
):
    """Build the regimes with every load-time check (installed plugins + ``rules`` + ``extra``).

    A plugin object in ``extra`` that is already installed (found through its entry point) is
    not registered twice. Raises :class:`~clusterpolicy.errors.LoadError` listing every problem.
    """
    from .build import build_regimes
    from .plugins import get_plugin_manager

    pm = get_plugin_manager(entry_points=entry_points, rules=rules)
    for name, plugin in extra:
        if not pm.is_registered(plugin) and pm.get_plugin(name) is None:
            pm.register(plugin, name=name)
            pm.sources[name] = "registered by the conformance kit"
    return build_regimes(pm)


def case_problems(case: Any, subject: Any, regimes: Any, regime_id: str) -> list[str]:
    """Differences between one expectation and what the regime gives (empty list: the case holds)."""
    if regime_id not in regimes:
        return [f"regime {regime_id!r} is not loaded (loaded: {', '.join(regimes)})"]
    if case.subject == "record":
        return _record_problems(case, subject, regimes, regime_id)
    if case.subject == "recommendations":
        return _quota_problems(case, subject, regimes, regime_id)
    return _profile_problems(case, subject, regimes, regime_id)


def _profile_problems(case: Any, profile: Any, regimes: Any, regime_id: str) -> list[str]:
    from ..criteria.render import STATUS_LABEL

    expectation = case.expect[regime_id]
    assessment = regimes[regime_id].evaluate(profile, case.as_of)
    problems = []
    if assessment.status is not expectation.status:
        problems.append(f"overall: expected {expectation.status.value}, got {assessment.status.value}")
    findings = {f.rule: f for f in assessment.findings}
    for rule, want in expectation.rules.items():
        f = findings.get(rule)
        cite = f" [{f.citation.render()}]" if f is not None and f.citation else ""
        if f is not None and want.value in ABSENCES:
            problems.append(f"{rule}: expected {want.value}, but {regime_id!r} applies it: {f.status.value} — {f.reason_en}{cite}")
        elif f is None:
            kind, why = _absence(regimes[regime_id], rule)
            if want.value not in ABSENCES or want.value not in ("absent", kind):
                problems.append(f"{rule}: expected {want.value}, but {why}")
        elif f.status.value != want.value:
            problems.append(f"{rule}: expected {want.value}, got {f.status.value} — {f.reason_en}{cite}")
    if expectation.missing is not None and tuple(expectation.missing) != assessment.missing:
        problems.append(f"missing: expected {list(expectation.missing)}, got {list(assessment.missing)}")
    if expectation.declared is not None and tuple(expectation.declared) != assessment.declared:
        problems.append(f"declared: expected {list(expectation.declared)}, got {list(assessment.declared)}")
    if problems and assessment.status is not expectation.status:
        # Show what decided the overall status, so the author sees why without another run.
        deciding = [f for f in assessment.findings if f.status.value in ("fail", "unknown", "not_encoded")]
        for f in deciding[:8]:
            if f.rule not in expectation.rules:
                problems.append(f"  ({f.rule}: {STATUS_LABEL['en'][f.status]} — {f.reason_en})")
    return problems


def _absence(regime: Any, rule: str) -> tuple[str, str]:
    """Why a criterion is not in force in a regime: (removed | not_inherited | absent, in words, with
    the citation and provenance of the removal or of the rule not inherited)."""
    from ..criteria.render import removal_cite

    for x in regime.removed:
        if x.family == "criteria" and x.removal.id == rule:
            return "removed", f"it is removed by {x.jurisdiction}: {x.removal.reason_en} [{removal_cite(x.removal, 'en')}]"
    for n in regime.not_inherited:
        if n.family == "criteria" and n.id == rule:
            return "not_inherited", f"{regime.id} does not inherit it ({n.origin}'s own rule) [{removal_cite(n, 'en')}]"
    return "absent", f"{regime.id!r} has no such rule (neither its own, nor inherited, removed or not inherited)"


def _record_problems(case: Any, record: Any, regimes: Any, regime_id: str) -> list[str]:
    from ..lifecycle.status import status
    from ..lifecycle.timeline import timeline

    e = case.expect[regime_id]
    if record.regime != regime_id:
        return [f"the record is for {record.regime!r}: expect only [expect.{record.regime}]"]
    regime = regimes[regime_id]
    st = status(regime, record, case.as_of)
    problems = []
    for name in ("state", "validity_state", "valid_until"):
        want, got = getattr(e, name), getattr(st, name)
        if want is not None and want != got:
            problems.append(f"{name}: expected {_value(want)}, got {_value(got)} — " + "; ".join(n.en for n in st.reasons[:3]))
    grounds = {g.ground: g for g in st.grounds}
    for gid, want in e.grounds.items():
        g = grounds.get(gid)
        if g is None:
            problems.append(f"{gid}: expected {want.value}, but {regime_id!r} has no such revocation ground (it has: {', '.join(grounds) or 'none'})")
        elif g.status is not want:
            problems.append(f"{gid}: expected {want.value}, got {g.status.value} — {g.reason_en} [{g.citation.render()}]")
    if e.items or e.due:
        items = {i.id: i for i in timeline(regime, record, case.as_of).items}
        for iid in list(e.items) + [i for i in e.due if i not in e.items]:
            item = items.get(iid)
            if item is None:
                problems.append(f"{iid}: no such timeline item (items: {', '.join(items)})")
                continue
            if iid in e.items and item.status is not e.items[iid]:
                problems.append(f"{iid}: expected {e.items[iid].value}, got {item.status.value} (due {_value(item.due)}) — {item.note_en}")
            if iid in e.due and item.due != e.due[iid]:
                problems.append(f"{iid}: expected due {e.due[iid].isoformat()}, got {_value(item.due)}")
    return problems


def _quota_problems(case: Any, recs: Any, regimes: Any, regime_id: str) -> list[str]:
    from ..lifecycle.quota import check_quota

    e = case.expect[regime_id]
    year = case.call if case.call is not None else recs.call
    if year is None:
        return ["no call year: give 'call' in the case file or in the list"]
    q = check_quota(regimes[regime_id], recs, year, case.as_of)
    problems = []
    for name, got in (("quota", q.status), ("limit", q.quota), ("over_by", q.over_by)):
        want = getattr(e, name)
        if want is not None and want != got:
            problems.append(f"{name}: expected {want}, got {got} — " + "; ".join(n.en for n in q.reasons))
    return problems


def _value(v: Any) -> str:
    if v is None:
        return "none"
    return v.isoformat() if hasattr(v, "isoformat") else str(getattr(v, "value", v))


def check_case_file(
    path: str | Path, rules: Iterable[str | Path] = (), extra: Iterable[tuple[str, object]] = ()
) -> None:
    """Run every expectation of a case file; raise :class:`CaseFailure` listing all differences."""
    case, subject = read_case_file(path)
    base = Path(path).parent
    regimes = load_checked(rules=[*rules, *(base / r for r in case.rules)], extra=extra)
    lines = []
    for regime_id in case.expect:
        lines += [f"{regime_id}: {p}" for p in case_problems(case, subject, regimes, regime_id)]
    if lines:
        raise CaseFailure(f"{path}:\n" + "\n".join(f"  {line}" for line in lines))
