"""The rule families: for each, the hook that contributes it and the class of its rules.

Every family is resolved the same way (:mod:`clusterpolicy.regimes.build`) and written the same
way in rule files (:mod:`clusterpolicy.regimes.rulefile`): a table per family, keyed by this name.
"""

from __future__ import annotations

from ..cases.kinds import CaseCall, CaseCategory
from ..criteria.kinds import Criterion
from ..lifecycle.kinds import RevocationGround, TimelineRule

#: family name → (hook name, rule class). The order is the order of sections in outputs.
FAMILIES: dict[str, tuple[str, type]] = {
    "criteria": ("clusterpolicy_criteria", Criterion),
    "timelines": ("clusterpolicy_timelines", TimelineRule),
    "revocation_grounds": ("clusterpolicy_revocation_grounds", RevocationGround),
    "case_categories": ("clusterpolicy_case_categories", CaseCategory),
    "case_calls": ("clusterpolicy_case_calls", CaseCall),
}
