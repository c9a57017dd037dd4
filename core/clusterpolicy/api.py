"""The Python API: load regimes and profiles, evaluate, compare, serialise."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from .criteria.profile import Profile, load_profile, profile_from_dict  # noqa: F401 - part of the API
from .criteria.results import Assessment, Comparison
from .regimes.build import Regime, Regimes, build_regimes, kinds_of, listed


def __getattr__(name: str) -> Any:
    """``to_json`` and ``SCHEMA_VERSION`` (part of the API) on first use: text output needs no JSON."""
    if name in ("to_json", "SCHEMA_VERSION"):
        from . import documents

        return getattr(documents, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def load_regimes(
    entry_points: bool = True,
    extra: Iterable[tuple[str, object]] = (),
    blocked: Iterable[str] = (),
    rules: Iterable[str | Path] = (),
) -> Regimes:
    """Discover plugins and build every regime (hooks are called here, once).

    Regimes built from rule files alone are kept in a cache keyed on the files' content and
    clusterpolicy's code (:mod:`clusterpolicy.regimes.cache`), so the next call skips parsing them.

    :param entry_points: load installed plugins (built-in jurisdictions included) and the rule files
        in ``$CLUSTERPOLICY_RULES_DIR``.
    :param extra: further ``(name, plugin)`` pairs to register.
    :param blocked: plugin names to leave out.
    :param rules: TOML rule files (or directories of them) to load as plugins.
    """
    from .regimes import cache
    from .regimes.discovery import discover

    found = discover(entry_points=entry_points, extra=extra, blocked=blocked, rules=rules)
    entry = cache.key(found)
    cached = cache.load(entry) if entry else None
    if cached is not None:
        return cached
    from .regimes.plugins import plugin_manager  # pluggy: only when the regimes are built

    regimes = build_regimes(plugin_manager(found))
    if entry:
        cache.store(entry, regimes)
    return regimes


def evaluate(profile: Profile, regime: Regime, as_of: date | None = None) -> Assessment:
    """Evaluate one profile under one regime."""
    return regime.evaluate(profile, as_of)


def compare(profile: Profile, regimes: Regimes | Sequence[Regime], as_of: date | None = None) -> Comparison:
    """Evaluate one profile under several regimes (the registry's, or those of a sequence such as
    ``regimes.select([...])``) and align the findings criterion by criterion."""
    regimes = listed(regimes, "compare")
    if not regimes:
        from .errors import InputError

        raise InputError("compare", ["no regime to compare (none is installed, or every plugin is blocked)"])
    evaluate_together, comparison = _comparing()
    return comparison(evaluate_together([r._compiled for r in regimes], profile, as_of), regimes)


@functools.cache
def _comparing() -> tuple[Any, Any]:
    """What :func:`compare` calls, imported on its first call (not by ``import clusterpolicy``) and
    kept: an import statement run at every call costs more than a small comparison's rows."""
    from .criteria.comparison import comparison
    from .criteria.evaluate import evaluate_together

    return evaluate_together, comparison


def pathway(profile: Profile, regimes: Regimes | Sequence[Regime], as_of: date | None = None, province: str | None = None):
    """The pathway to recognition: the province's regime (matched by name, or ``province`` by id) and
    the regimes above it, what fails on each, labelled projections, the next known calls
    (:func:`clusterpolicy.pathways.build.pathway`). ``regimes``: the registry, or a sequence of regimes
    holding the province's and those above it."""
    from .pathways.build import pathway as build

    if not isinstance(regimes, Regimes):
        regimes = Regimes({r.id: r for r in listed(regimes, "pathway")})
    return build(regimes, profile, as_of, province)


def whatif(profile: Profile, regimes: Regimes | Sequence[Regime], changes: Sequence[tuple[str, str]], as_of: date | None = None,
           source: str = "changes"):  # fmt: skip
    """Re-evaluate ``profile`` with ``changes`` (``(path, value text)`` pairs, e.g. ``("years.2024.total_output", "42")``)
    under each regime (the registry's, or a sequence's) and report only what they flip
    (:func:`clusterpolicy.criteria.whatif.whatif`); a bad path or value, or a path given twice, is an
    :class:`~clusterpolicy.errors.InputError` naming ``source`` (the command line: ``--set``) and the path."""
    from .criteria.whatif import whatif as run

    return run(profile, listed(regimes, "whatif"), _checked_changes(changes), as_of, source)


def _checked_changes(changes: Any) -> Sequence[tuple[str, str]]:
    """``changes`` if it is a sequence of ``(path, value text)`` pairs, else a :class:`TypeError`."""
    pairs = isinstance(changes, Sequence) and not isinstance(changes, (str, bytes))
    if not pairs or not all(isinstance(c, (tuple, list)) and len(c) == 2 and all(type(x) is str for x in c) for c in changes):
        raise TypeError(f'whatif(): changes: expected a sequence of (path, value text) pairs, e.g. [("firms.little_giants", "1")]; '
                        f"got {kinds_of(changes, list(changes) if pairs else None)}")  # fmt: skip
    return changes


def regimes_document(regimes: Regimes) -> dict[str, Any]:
    """The versioned JSON listing of regimes (``clusterpolicy regimes --format json``, ``GET /api/regimes``):
    jurisdictions, parents, lineage, plugins, sources, criteria by provenance, rule counts, removals,
    and what rests on the author (inferred), on the user (declarable) and on the lineage (taken over)."""
    from .convert import unstructure
    from .documents import SCHEMA_VERSION
    from .regimes.families import FAMILIES

    listing = []
    for r in regimes.values():
        j = r.jurisdiction
        listing.append(
            {
                "id": j.id,
                "name_zh": j.name_zh,
                "name_en": j.name_en,
                "level": j.level.value,
                "parent": j.parent,
                "lineage": list(r.lineage),
                "plugins": list(r.plugins),
                "sources": unstructure(j.sources),
                "criteria_by_provenance": r.provenance_counts(),
                "rules": {fam: len(getattr(r, fam)) for fam in FAMILIES},
                "removed": [
                    {"family": x.family, "id": x.removal.id, "by": x.jurisdiction, "reason_zh": x.removal.reason_zh,
                     "reason_en": x.removal.reason_en, "provenance": x.removal.provenance.value,
                     "citation": unstructure(x.removal.citation)}
                    for x in r.removed
                ],  # fmt: skip
                "inferred": r.inferred_counts(),
                "declarable": list(r.declarable()),
                "taken_over": {fam: len(r.taken_over(fam)) for fam in FAMILIES},
                "not_inherited": {fam: sum(1 for x in r.not_inherited if x.family == fam) for fam in FAMILIES},
            }
        )
    return {"schema_version": SCHEMA_VERSION, "kind": "regimes", "regimes": listing}




# --- lifecycle: recognition records, timelines, status, quotas (clusterpolicy.lifecycle) ---


def load_record(path: str | Path):
    """Read a recognition record (TOML/JSON; ``-`` reads standard input) → :class:`~clusterpolicy.lifecycle.record.Record`."""
    from .lifecycle.record import load_record as load

    return load(str(path))


def record_from_dict(data: dict[str, Any], source: str = "<dict>"):
    """Structure already-parsed data into a :class:`~clusterpolicy.lifecycle.record.Record` (same checks as files)."""
    from .lifecycle.record import record_from_dict as structure_record

    return structure_record(data, source)


def load_recommendations(path: str | Path):
    """Read a recommendation list → :class:`~clusterpolicy.lifecycle.record.Recommendations`."""
    from .lifecycle.record import load_recommendations as load

    return load(str(path))


def timeline(regime: Regime, record: Any, as_of: date, soon: int = 30):
    """Every dated obligation and milestone of a record, with its status on ``as_of``
    (:func:`clusterpolicy.lifecycle.timeline.timeline`)."""
    from .lifecycle.timeline import timeline as build

    return build(regime, record, as_of, soon=soon)


def lifecycle_status(regime: Regime, record: Any, as_of: date):
    """Lifecycle state and a finding per revocation ground (:func:`clusterpolicy.lifecycle.status.status`)."""
    from .lifecycle.status import status

    return status(regime, record, as_of)


def check_quota(regime: Regime, recommendations: Any, call: int, as_of: date):
    """A recommendation list against a call's quota and deadline (:func:`clusterpolicy.lifecycle.quota.check_quota`)."""
    from .lifecycle.quota import check_quota as check

    return check(regime, recommendations, call, as_of)
