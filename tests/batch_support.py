"""Shared by the batch tests: a test regime exercising every check kind on fields the built-in
regimes leave alone (signed extras, conditions on numbers), and the single-profile reference."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import clusterpolicy
from clusterpolicy import (
    AnyOf,
    Citation,
    Condition,
    Conditional,
    Criterion,
    EachYear,
    InSet,
    Jurisdiction,
    Level,
    Op,
    Prerequisite,
    Provenance,
    RankAtLeast,
    RankLevel,
    RuleChanges,
    Share,
    Threshold,
    Waiver,
    hookimpl,
)
from clusterpolicy.criteria.flat import row_problems, row_profile
from builders import source

_CITE = Citation(document="测试文件", item="第一条")


def _rule(cid: str, check, **kw) -> Criterion:
    return Criterion(
        id=cid, indicator="一", title_zh=cid, title_en=cid, check=check, citation=_CITE, provenance=Provenance.TEXT, **kw
    )


TESTLAND_RULES = (
    # 0.1 + 0.2 ≤ 0.3 holds exactly (in binary floating point it does not).
    _rule("sum.exact", Threshold(fields=("extra.a", "extra.b"), op=Op.LE, value=Decimal("0.3"))),
    _rule("extra.positive", Threshold(fields=("extra.a",), op=Op.GT, value=Decimal("-0.5"))),
    _rule("year.extra.below", EachYear(field="extra.y", years=2, op=Op.LT, value=Decimal(3))),
    # Signed denominators: the ratio's sign flips the comparison.
    _rule("share.signed", Share(numerator="extra.y", denominator="extra.z", per=Decimal(1), op=Op.GE, value=Decimal("0.5"))),
    _rule("share.eq", Share(numerator="sme_output", denominator="total_output", op=Op.EQ, value=Decimal(70))),
    _rule("region.in", InSet(field="region", values=("west", "central"))),
    _rule("rank.provincial", RankAtLeast(at_least=RankLevel.PROVINCIAL), soft=True),
    _rule(
        "year.conditional",
        Conditional(
            when=Condition(field="application_year", equals=2022),
            then=Threshold(fields=("firms.high_tech",), op=Op.GE, value=Decimal(3)),
        ),
        waiver=Waiver(when=Condition(field="special_circumstances", equals=True), note_zh="豁免", note_en="waived"),
    ),
    _rule("prereq.plain", Prerequisite(field="high_water", exempt_when=Condition(field="extra.a", equals=1))),
    _rule(
        "any.two",
        AnyOf(
            need=2,
            options=(
                Threshold(fields=("area_km2",), op=Op.LE, value=Decimal("62.5")),
                Threshold(fields=("firms.little_giants",), op=Op.GE, value=Decimal(1)),
                Conditional(when=Condition(field="high_energy", equals=True), then=Threshold(fields=("extra.b",), op=Op.GE, value=Decimal(0))),
            ),
        ),
    ),
)


class PluginTestland:
    """A root jurisdiction registered inline, as the style guide asks of test plugins."""

    @hookimpl
    def clusterpolicy_jurisdictions(self):
        return [Jurisdiction(id="testland", name_zh="测试地", name_en="Testland", level=Level.PROVINCIAL, sources=(source("测试文件"),))]

    @hookimpl
    def clusterpolicy_criteria(self):
        return [RuleChanges(jurisdiction="testland", add=TESTLAND_RULES)]


def fresh_regimes(with_testland: bool = True) -> clusterpolicy.Regimes:
    """Built-in regimes (+ Testland) from a fresh plugin manager."""
    extra = [("testland", PluginTestland())] if with_testland else []
    return clusterpolicy.build_regimes(clusterpolicy.get_plugin_manager(extra=extra))


def reference(columns, number: int, cells: list[str], regimes, as_of: date | None, today: date):
    """The single-profile path: converter + engine. ``("rejected", problems)`` or
    ``("ok", [(overall, [statuses…], remarks) per regime])`` (remarks: ``rule:code``, as a batch writes them)."""
    from clusterpolicy import InputError
    from clusterpolicy.criteria.evaluate import remarks_of

    problems = row_problems(columns, cells, number)
    if problems:
        return ("rejected", problems)
    try:
        profile = row_profile(columns, cells, "<rows>", number)
    except InputError as exc:
        return ("rejected", list(exc.problems))
    out = []
    for regime in regimes:
        a = regime.evaluate(profile, as_of or profile.assessment_date or today)
        out.append((a.status, [f.status for f in a.findings], remarks_of(a)))
    return ("ok", out)
