"""Shared fixtures."""

from __future__ import annotations

import pytest

import clusterpolicy


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked ``slow`` first (the order is otherwise kept): under ``-n auto`` the other
    workers take the many short tests meanwhile, instead of waiting at the end for one long test."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture(scope="session")
def regimes() -> clusterpolicy.Regimes:
    """The installed regimes, built once for the read-only evaluation tests."""
    return clusterpolicy.load_regimes()


@pytest.fixture(autouse=True, scope="session")
def _cache_in_a_temporary_folder(tmp_path_factory):
    """Tests never read or write the user's cache of built regimes (subprocesses inherit this)."""
    import os

    os.environ["CLUSTERPOLICY_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(autouse=True, scope="session")
def _english_locale():
    """``--lang`` defaults from the locale: the tests expect English unless they ask for Chinese."""
    import os

    for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        os.environ.pop(var, None)
    os.environ["LANG"] = "C.UTF-8"
