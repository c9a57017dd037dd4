"""The Python API: load regimes and profiles, evaluate, compare, serialise."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from .profile import Profile
from .regime import Regime, Regimes, build_regimes
from .results import Assessment, Comparison

#: Version of the JSON documents clusterpolicy writes (``schema_version``); see docs/json-contract.md.
SCHEMA_VERSION = "1.0"


def load_regimes(
    entry_points: bool = True, extra: Iterable[tuple[str, object]] = (), blocked: Iterable[str] = ()
) -> Regimes:
    """Discover plugins and build every regime (hooks are called here, once).

    :param entry_points: load installed plugins (built-in jurisdictions included).
    :param extra: further ``(name, plugin)`` pairs to register.
    :param blocked: plugin names to leave out.
    """
    from .plugins import get_plugin_manager

    return build_regimes(get_plugin_manager(entry_points=entry_points, extra=extra, blocked=blocked))


def load_profile(path: str | Path) -> Profile:
    """Read a cluster profile from a TOML or JSON file (``-`` reads standard input).

    Raises :class:`~clusterpolicy.errors.InputError` naming the file and each field path at fault.
    """
    from .convert import read_document

    return profile_from_dict(read_document(path), source=str(path))


def profile_from_dict(data: dict[str, Any], source: str = "<dict>") -> Profile:
    """Structure already-parsed data into a :class:`Profile` (same checks as files)."""
    from .convert import structure

    return structure(data, Profile, source)


def evaluate(profile: Profile, regime: Regime, as_of: date | None = None) -> Assessment:
    """Evaluate one profile under one regime."""
    return regime.evaluate(profile, as_of)


def compare(profile: Profile, regimes: Sequence[Regime], as_of: date | None = None) -> Comparison:
    """Evaluate one profile under several regimes and align the findings criterion by criterion."""
    from .compare import comparison

    return comparison([r.evaluate(profile, as_of) for r in regimes])


def to_json(result: Any) -> dict[str, Any]:
    """The versioned JSON document for an assessment, comparison or regime listing."""
    from .convert import unstructure

    kind = type(result).__name__.lower()
    return {"schema_version": SCHEMA_VERSION, "kind": kind, kind: unstructure(result)}
