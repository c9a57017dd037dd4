"""Shared fixtures."""

from __future__ import annotations

import pytest

import clusterpolicy


@pytest.fixture(scope="session")
def regimes() -> clusterpolicy.Regimes:
    """The installed regimes, built once for the read-only evaluation tests."""
    return clusterpolicy.load_regimes()


@pytest.fixture(autouse=True, scope="session")
def _cache_in_a_temporary_folder(tmp_path_factory):
    """Tests never read or write the user's cache of built regimes (subprocesses inherit this)."""
    import os

    os.environ["CLUSTERPOLICY_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
