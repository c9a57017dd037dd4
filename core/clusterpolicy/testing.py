"""Conformance kit for jurisdiction authors, shipped as a pytest plugin (entry point ``pytest11``).

It loads the author's jurisdiction (a Python plugin or a TOML rule file) together with the
installed ones, runs every load-time check, and runs the author's example cases: one subject (inline
or by path) and the expected outcome per regime —

* a **profile**: the overall status and, for any rules listed, each rule's status (and, if given,
  the missing inputs and the declared criteria) — or, for a rule the regime does not apply,
  ``removed`` (it or an ancestor removes it), ``not_inherited`` (the parent's own rule) or ``absent``
  (not in force, whatever the reason);
* a **record** (``record = "record.toml"``, ``as_of`` required): the state, the validity state and
  end, revocation grounds and timeline items (``items = { "annual_report.2025" = "done" }``,
  ``due = { "validity.end.1" = 2026-07-09 }``);
* a **recommendation list** (``recommendations = "list.toml"``, ``call``, ``as_of``): the quota
  check's status, the quota that applies (``limit``) and ``over_by``.

A mismatch fails with a readable diff naming the rule (or ground, item), both values, the reason
and the citation.

Case files are collected by pytest when their name matches ``conformance_*.toml`` (ini option
``clusterpolicy_case_glob``)::

    # tests/conformance_strong.toml
    description = "A strong cluster: eligible nationally and in Zhejiang"
    profile = "../examples/strong-national.toml"      # relative to this file; or an inline [profile] table
    rules = ["../zhejiang.toml"]                       # rule files to load (relative to this file)
    as_of = 2025-05-20                                 # optional; default: the profile's date

    [expect.national]
    status = "incomplete"

    [expect.zhejiang]
    status = "ineligible"
    rules = { "core.output" = "fail", "core.area" = "soft_fail", "core.brand" = "removed" }

From Python: :func:`load_checked` and :func:`check_case_file` (raise :class:`CaseFailure`).
Rule files for every case can also be given with ``--clusterpolicy-rules FILE`` or the ini option
``clusterpolicy_rules``. The kit's logic (:mod:`clusterpolicy.regimes.conformance`) is imported on first use:
pytest imports this module in every run in the environment.
"""

from __future__ import annotations

import fnmatch
from pathlib import Path
from typing import Any

import pytest

DEFAULT_CASE_GLOB = "conformance_*.toml"
_LAZY = ("CaseFailure", "CaseFile", "Expectation", "read_case_file", "load_checked", "case_problems", "check_case_file")


def __getattr__(name: str) -> Any:
    # The kit's functions live in clusterpolicy.regimes.conformance, imported on first use: pytest imports
    # this module in every run of every project in the environment.
    if name in _LAZY:
        from .regimes import conformance

        return getattr(conformance, name)
    raise AttributeError(name)


# --- pytest plugin ------------------------------------------------------------------------------


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("clusterpolicy", "clusterpolicy conformance kit")
    group.addoption(
        "--clusterpolicy-rules",
        action="append",
        default=[],
        metavar="FILE",
        help="TOML rule file to load for every clusterpolicy case (repeatable)",
    )
    parser.addini("clusterpolicy_rules", "TOML rule files to load for every clusterpolicy case", type="paths", default=[])
    parser.addini("clusterpolicy_case_glob", "file-name pattern of clusterpolicy case files", default=DEFAULT_CASE_GLOB)


def pytest_collect_file(file_path: Path, parent: pytest.Collector):
    if file_path.suffix == ".toml" and fnmatch.fnmatch(file_path.name, parent.config.getini("clusterpolicy_case_glob")):
        return CaseFileCollector.from_parent(parent, path=file_path)
    return None


def _configured_rules(config: pytest.Config) -> list[Path]:
    return [*map(Path, config.getini("clusterpolicy_rules")), *map(Path, config.getoption("clusterpolicy_rules"))]


class CaseFileCollector(pytest.File):
    """One case file: a ``load`` item (load-time checks), then one item per expected regime."""

    def collect(self):
        from .errors import ClusterPolicyError
        from .regimes.conformance import read_case_file

        try:
            case, subject = read_case_file(self.path)
        except ClusterPolicyError as exc:
            yield CaseItem.from_parent(self, name="load", case=None, subject=None, regime=None, error=str(exc))
            return
        yield CaseItem.from_parent(self, name="load", case=case, subject=subject, regime=None, error=None)
        for regime_id in case.expect:
            yield CaseItem.from_parent(self, name=regime_id, case=case, subject=subject, regime=regime_id, error=None)


class CaseItem(pytest.Item):
    def __init__(self, *, case: Any, subject: Any, regime: str | None, error: str | None, **kwargs: Any):
        super().__init__(**kwargs)
        self.case, self.subject, self.regime, self.error = case, subject, regime, error

    def _regimes(self):
        from .regimes.conformance import load_checked

        cache = self.parent.__dict__.setdefault("_clusterpolicy_regimes", {})
        if "value" not in cache:
            rules = [*_configured_rules(self.config), *(self.path.parent / r for r in self.case.rules)]
            cache["value"] = load_checked(rules=rules)
        return cache["value"]

    def runtest(self) -> None:
        from .errors import ClusterPolicyError
        from .regimes.conformance import CaseFailure, case_problems

        if self.error is not None:
            raise CaseFailure(self.error)
        try:
            regimes = self._regimes()
        except ClusterPolicyError as exc:
            raise CaseFailure(str(exc)) from None
        if self.regime is None:
            return  # the load item: every load-time check passed
        problems = case_problems(self.case, self.subject, regimes, self.regime)
        if problems:
            raise CaseFailure("\n".join(problems))

    def repr_failure(self, excinfo, style=None):
        from .regimes.conformance import CaseFailure

        if isinstance(excinfo.value, CaseFailure):
            what = self.case.description if self.case is not None and self.case.description else ""
            head = f"{self.path.name}::{self.name}" + (f" — {what}" if what else "")
            return f"{head}\n{excinfo.value}"
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        return self.path, None, f"clusterpolicy case {self.path.name}::{self.name}"


@pytest.fixture
def clusterpolicy_regimes(request: pytest.FixtureRequest):
    """Regimes built with every load-time check from the installed plugins and configured rule files."""
    from .regimes.conformance import load_checked

    return load_checked(rules=_configured_rules(request.config))
