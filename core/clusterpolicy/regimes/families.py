"""The rule families: for each, the hook that contributes it, the class of its rules, and whether
children inherit its rules by default.

Every family is resolved the same way (:mod:`clusterpolicy.regimes.build`) and written the same
way in rule files (:mod:`clusterpolicy.regimes.rulefile`): a table per family, keyed by this name.

What a child inherits (plugins/RULES.md, "What a province inherits"): provincial measures copy the
parent's *standard* and not its *procedure*. So criteria (the standard) and the typical-case
categories and calls (MIIT's collection addresses every province) are inherited unless a rule says
``inherited = false``; timelines (validity, reports, review, calls: procedure) and revocation
grounds (they cite the jurisdiction's own article) are not inherited unless a rule says
``inherited = true``. The flag is data on each rule, checked when regimes are built.
"""

from __future__ import annotations

from typing import Any

from ..cases.kinds import CaseCall, CaseCategory
from ..criteria.kinds import Criterion
from ..lifecycle.grounds import RevocationGround
from ..lifecycle.kinds import TimelineRule

#: family name → (hook name, rule class). The order is the order of sections in outputs.
FAMILIES: dict[str, tuple[str, type]] = {
    "criteria": ("clusterpolicy_criteria", Criterion),
    "timelines": ("clusterpolicy_timelines", TimelineRule),
    "revocation_grounds": ("clusterpolicy_revocation_grounds", RevocationGround),
    "case_categories": ("clusterpolicy_case_categories", CaseCategory),
    "case_calls": ("clusterpolicy_case_calls", CaseCall),
}

#: family name → whether children inherit its rules when a rule does not say (``inherited`` unset).
INHERITED_BY_DEFAULT: dict[str, bool] = {
    "criteria": True,
    "timelines": False,
    "revocation_grounds": False,
    "case_categories": True,
    "case_calls": True,
}

#: Why each family's default is what it is (shown where a rule is not inherited).
DEFAULT_REASON: dict[str, tuple[str, str]] = {
    "criteria": ("认定标准由下级沿用", "the standard: children take it over"),
    "timelines": ("程序性规定(有效期、报送、复核、推荐通知)不由下级沿用", "procedure (validity, reports, review, calls): children write their own"),
    "revocation_grounds": ("撤销情形引用本级文件条款,不由下级沿用", "grounds cite the jurisdiction's own article: children write their own"),
    "case_categories": ("典型案例类别面向各地", "the collection addresses every province"),
    "case_calls": ("典型案例征集面向各地", "the collection addresses every province"),
}


def inherits(family: str, rule: Any) -> bool:
    """Whether children take ``rule`` over: its ``inherited`` flag, else the family's default."""
    flag = getattr(rule, "inherited", None)
    return INHERITED_BY_DEFAULT[family] if flag is None else bool(flag)
