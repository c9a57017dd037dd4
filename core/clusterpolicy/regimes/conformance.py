"""The conformance kit's logic: case files, load-time checks, readable differences.

Used by the pytest plugin :mod:`clusterpolicy.testing` and directly from Python. A case file is
a profile (by path or inline) plus the expected outcome per regime; see :mod:`clusterpolicy.testing`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from attrs import frozen

from ..criteria.results import Overall, Status
from ..model import doc


class CaseFailure(AssertionError):
    """A case's expected outcome does not match what the regimes give."""


@frozen(kw_only=True)
class Expectation:
    """Expected outcome under one regime."""

    status: Overall = doc("eligible, ineligible or incomplete.")
    rules: dict[str, Status] = doc("Rule id → expected status (only the rules listed are checked).", factory=dict)
    missing: tuple[str, ...] | None = doc("If given: exactly the missing inputs expected.", default=None)


@frozen(kw_only=True)
class CaseFile:
    """An author's example case."""

    description: str = doc("What the case shows.", default="")
    profile: Any = doc("Profile file (relative to the case file) or an inline profile table.")
    rules: tuple[str, ...] = doc("Rule files to load (relative to the case file).", default=())
    as_of: date | None = doc("Assessment date (default: the profile's).", default=None)
    expect: dict[str, Expectation] = doc("Regime id → expected outcome.")


def read_case_file(path: str | Path) -> tuple[CaseFile, Any]:
    """Read and structure a case file and its profile; bad input raises InputError naming the
    file and key path."""
    from ..convert import read_document, structure
    from ..criteria.profile import load_profile, profile_from_dict
    from ..errors import InputError, shorten

    path = Path(path)
    case = structure(read_document(path), CaseFile, str(path))
    if isinstance(case.profile, str):
        profile = load_profile(path.parent / case.profile)
    elif isinstance(case.profile, Mapping):
        profile = profile_from_dict(dict(case.profile), source=f"{path} [profile]")
    else:
        raise InputError(str(path), [f"$.profile: expected a file name or a table; got {shorten(case.profile)}"])
    if not case.expect:
        raise InputError(str(path), ["$.expect: list at least one regime ([expect.<regime>])"])
    return case, profile


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


def case_problems(case: Any, profile: Any, regimes: Any, regime_id: str) -> list[str]:
    """Differences between one expectation and the assessment (empty list: the case holds)."""
    from ..criteria.render import STATUS_LABEL

    expectation = case.expect[regime_id]
    if regime_id not in regimes:
        return [f"regime {regime_id!r} is not loaded (loaded: {', '.join(regimes)})"]
    assessment = regimes[regime_id].evaluate(profile, case.as_of)
    problems = []
    if assessment.status is not expectation.status:
        problems.append(f"overall: expected {expectation.status.value}, got {assessment.status.value}")
    findings = {f.rule: f for f in assessment.findings}
    for rule, status in expectation.rules.items():
        f = findings.get(rule)
        if f is None:
            problems.append(f"{rule}: expected {status.value}, but {regime_id!r} has no such rule")
        elif f.status is not status:
            cite = f" [{f.citation.render()}]" if f.citation else ""
            problems.append(f"{rule}: expected {status.value}, got {f.status.value} — {f.reason_en}{cite}")
    if expectation.missing is not None and tuple(expectation.missing) != assessment.missing:
        problems.append(f"missing: expected {list(expectation.missing)}, got {list(assessment.missing)}")
    if problems and assessment.status is not expectation.status:
        # Show what decided the overall status, so the author sees why without another run.
        deciding = [f for f in assessment.findings if f.status.value in ("fail", "unknown", "not_encoded")]
        for f in deciding[:8]:
            if f.rule not in expectation.rules:
                problems.append(f"  ({f.rule}: {STATUS_LABEL['en'][f.status]} — {f.reason_en})")
    return problems


def check_case_file(
    path: str | Path, rules: Iterable[str | Path] = (), extra: Iterable[tuple[str, object]] = ()
) -> None:
    """Run every expectation of a case file; raise :class:`CaseFailure` listing all differences."""
    case, profile = read_case_file(path)
    base = Path(path).parent
    regimes = load_checked(rules=[*rules, *(base / r for r in case.rules)], extra=extra)
    lines = []
    for regime_id in case.expect:
        lines += [f"{regime_id}: {p}" for p in case_problems(case, profile, regimes, regime_id)]
    if lines:
        raise CaseFailure(f"{path}:\n" + "\n".join(f"  {line}" for line in lines))
