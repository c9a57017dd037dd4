"""Shared fixtures."""

from __future__ import annotations

import pytest

import clusterpolicy


@pytest.fixture(scope="session")
def regimes() -> clusterpolicy.Regimes:
    """The installed regimes, built once for the read-only evaluation tests."""
    return clusterpolicy.load_regimes()
