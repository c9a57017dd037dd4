"""The plugin contract of clusterpolicy — the one documented interface between core and plugins.

A jurisdiction plugin (national, a province, a city) is a module or object with functions marked
``@clusterpolicy.hookimpl`` whose names are the hooks below. Each hook returns frozen values; the
core collects them once per plugin manager, checks them and resolves one *regime* per jurisdiction
(:func:`clusterpolicy.regimes.build.build_regimes`). Nothing here is called while a profile is evaluated.

Rule hooks return :class:`~clusterpolicy.model.RuleChanges`: for which jurisdiction, which rules
are added, which inherited rules are overridden (by id), amended (some fields changed, the rest
keeping the parent's citation) and removed (with a reason and citation). What a child inherits is
data too: each rule's ``inherited`` flag, else its family's default — the standard (criteria, the
typical-case families) is inherited, the procedure (timelines, revocation grounds) is not
(:mod:`clusterpolicy.regimes.families`). Every citation names a source the lineage declares.
Precedence is this data — a child overrides its declared parent — and never the order in which
plugins were registered. Each rule hook is called once for each implementing plugin, so that every
load error can name the plugin.

Specs only grow by adding keyword arguments; implementations may accept a subset.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:  # annotations only: importing the contract does not build every family's classes
    from .cases.kinds import CaseCall, CaseCategory
    from .criteria.kinds import Criterion
    from .lifecycle.grounds import RevocationGround
    from .lifecycle.kinds import TimelineRule
    from .model import Jurisdiction, RuleChanges

PROJECT = "clusterpolicy"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


# ---------------------------------------------------------------------------------------------
# Declaration
# ---------------------------------------------------------------------------------------------


@hookspec
def clusterpolicy_jurisdictions() -> Sequence[Jurisdiction]:
    """Declare the jurisdictions this plugin owns.

    Called once per plugin when regimes are built. A jurisdiction id may be declared by one plugin
    only; its ``parent`` must be declared by some plugin.

    :returns: the jurisdictions (id, zh/en names, level, parent, source documents).
    """


# ---------------------------------------------------------------------------------------------
# Rule families
# ---------------------------------------------------------------------------------------------


@hookspec
def clusterpolicy_criteria() -> Sequence[RuleChanges[Criterion]]:
    """Contribute recognition criteria (认定标准) to one or more jurisdictions.

    Called once per plugin when regimes are built. A root jurisdiction adds its criteria; a child
    inherits them (unless a rule says ``inherited = false``) and overrides, amends, adds and removes
    by criterion id. Every criterion carries a citation and a
    provenance; a criterion whose content no source gives is a ``not_encoded`` check.

    :returns: changes to criteria, one item per jurisdiction concerned.
    """


@hookspec
def clusterpolicy_timelines() -> Sequence[RuleChanges[TimelineRule]]:
    """Contribute timeline rules: validity, annual reports, review on expiry, recommendation calls.

    Called once per plugin when regimes are built; resolved by id like criteria, but not inherited
    by children unless a rule says ``inherited = true`` (they are the jurisdiction's procedure). Each
    rule wraps one kind (:mod:`clusterpolicy.lifecycle`): ``validity``, ``annual_report``, ``review``,
    ``review_round``, ``recommendation_call`` (ids ``call.<year>``), ``period``, ``dated_period`` or
    ``not_encoded``. A regime has at most one ``validity``, ``annual_report`` and ``review`` rule and
    one call per year: its own call supersedes an inherited one, two of its own are a load error.

    :returns: changes to timeline rules, one item per jurisdiction concerned.
    """


@hookspec
def clusterpolicy_revocation_grounds() -> Sequence[RuleChanges[RevocationGround]]:
    """Contribute grounds on which a recognised cluster's recognition is revoked (撤销).

    Called once per plugin when regimes are built; resolved by id like criteria, but not inherited
    by children unless a ground says ``inherited = true`` (it cites the jurisdiction's own article). Each
    ground wraps one kind (:mod:`clusterpolicy.lifecycle`): ``expiry_without_review``,
    ``event_found``, ``report_not_in_time``, ``unreported_change``, ``incident`` or ``not_encoded``.

    :returns: changes to revocation grounds, one item per jurisdiction concerned.
    """


@hookspec
def clusterpolicy_case_categories() -> Sequence[RuleChanges[CaseCategory]]:
    """Contribute typical-case categories (典型案例类别) with their sub-topics.

    Called once per plugin when regimes are built; resolved by id exactly like criteria.

    :returns: changes to case categories, one item per jurisdiction concerned.
    """


@hookspec
def clusterpolicy_case_calls() -> Sequence[RuleChanges[CaseCall]]:
    """Contribute typical-case collection calls (征集通知): eligibility, deadline, documents.

    Called once per plugin when regimes are built; resolved by id exactly like criteria.

    :returns: changes to case calls, one item per jurisdiction concerned.
    """
