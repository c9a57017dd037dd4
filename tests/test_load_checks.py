"""Load-time checks: each inconsistency between plugins is an error naming the plugin and the rule."""

from __future__ import annotations

from decimal import Decimal

import pytest

from clusterpolicy import (
    Attestation,
    Citation,
    Criterion,
    Jurisdiction,
    Level,
    LoadError,
    Provenance,
    Removal,
    RuleChanges,
    Threshold,
    build_regimes,
    get_plugin_manager,
    hookimpl,
)
from builders import source

CITE = Citation(document="测试文件〔2024〕1号", item="第一条")


def rule(rid: str, value: int = 10, field: str = "area_km2", **kwargs) -> Criterion:
    return Criterion(
        id=rid,
        indicator="一",
        title_zh=rid,
        title_en=rid,
        check=Threshold(fields=(field,), op="le", value=Decimal(value)),
        citation=kwargs.pop("citation", CITE),
        provenance=Provenance.TEXT,
        **kwargs,
    )


class Root:
    """A national-like root with two rules."""

    @hookimpl
    def clusterpolicy_jurisdictions(self):
        return [Jurisdiction(id="root", name_zh="根", name_en="Root", level=Level.NATIONAL, sources=(source(CITE.document),))]

    @hookimpl
    def clusterpolicy_criteria(self):
        return [RuleChanges(jurisdiction="root", add=(rule("core.area", 100), rule("core.brand")))]


def province(jid: str = "prov", parent: str | None = "root", **changes):
    class Province:
        @hookimpl
        def clusterpolicy_jurisdictions(self):
            return [Jurisdiction(id=jid, name_zh="省", name_en="Province", level=Level.PROVINCIAL, parent=parent)]

        @hookimpl
        def clusterpolicy_criteria(self):
            return [RuleChanges(jurisdiction=jid, **changes)] if changes else []

    return Province()


def changes_only(jid: str, **changes):
    class Addon:
        @hookimpl
        def clusterpolicy_criteria(self):
            return [RuleChanges(jurisdiction=jid, **changes)]

    return Addon()


def build(*plugins):
    pm = get_plugin_manager(entry_points=False, extra=[(name, p) for name, p in plugins])
    return build_regimes(pm)


def problems(*plugins) -> list[str]:
    with pytest.raises(LoadError) as info:
        build(*plugins)
    return list(info.value.problems)


def test_a_province_overrides_adds_and_removes_by_id():
    regimes = build(
        ("root", Root()),
        ("prov", province(override=(rule("core.area", 50),), add=(rule("prov.extra"),),
                          remove=(Removal(id="core.brand", reason_zh="无", reason_en="none", citation=CITE,
                                          provenance=Provenance.TEXT),))),
    )
    prov = regimes["prov"]
    assert [(r.id, r.origin, r.replaces) for r in prov.criteria] == [("core.area", "prov", "root"), ("prov.extra", "prov", None)]
    assert prov.criteria[0].rule.check.value == 50
    assert [r.removal.id for r in prov.removed] == ["core.brand"]
    assert [r.id for r in regimes["root"].criteria] == ["core.area", "core.brand"]


def test_precedence_does_not_depend_on_registration_order():
    child = province(override=(rule("core.area", 50),))
    first = build(("prov", child), ("root", Root()))
    second = build(("root", Root()), ("prov", child))
    assert first["prov"].criteria == second["prov"].criteria
    assert first["prov"].criteria[0].rule.check.value == 50


def test_a_city_overrides_its_province():
    regimes = build(
        ("root", Root()),
        ("prov", province(override=(rule("core.area", 50),))),
        ("city", province("city", parent="prov", override=(rule("core.area", 20),))),
    )
    assert regimes["city"].lineage == ("root", "prov", "city")
    assert [(r.id, r.rule.check.value, r.replaces) for r in regimes["city"].criteria][0] == ("core.area", 20, "prov")


def test_override_of_a_rule_that_does_not_exist():
    assert problems(("root", Root()), ("prov", province(override=(rule("core.aera"),)))) == [
        "plugin 'prov': overrides criteria 'core.aera' for 'prov', but 'prov' inherits no such rule "
        "(did you mean 'core.area'? inherited: core.area, core.brand)"
    ]


def test_two_plugins_claim_one_id():
    assert problems(
        ("root", Root()),
        ("prov", province(add=(rule("prov.extra"),))),
        ("addon", changes_only("prov", add=(rule("prov.extra"),))),
    ) == ["rule id 'prov.extra' for 'prov' is claimed by plugins 'prov' and 'addon'"]


def test_two_overrides_of_one_rule_at_the_same_level():
    assert problems(
        ("root", Root()),
        ("prov", province(override=(rule("core.area", 50),))),
        ("addon", changes_only("prov", override=(rule("core.area", 60),))),
    ) == ["rule 'core.area' is overridden twice for 'prov': by plugin 'prov' and by plugin 'addon'"]


def test_overrides_at_different_levels_are_fine():
    regimes = build(
        ("root", Root()),
        ("prov", province(override=(rule("core.area", 50),))),
        ("city", province("city", parent="prov", override=(rule("core.area", 20),))),
    )
    assert regimes["prov"].criteria[0].rule.check.value == 50


def test_a_rule_without_citation():
    assert problems(("root", Root()), ("prov", province(add=(rule("prov.extra", citation=None),)))) == [
        "plugin 'prov': criteria add for 'prov': rule 'prov.extra' has no citation"
    ]


def test_adding_an_inherited_id_must_be_an_override():
    assert problems(("root", Root()), ("prov", province(add=(rule("core.area"),)))) == [
        "plugin 'prov': adds 'core.area' to 'prov', but 'prov' already inherits it from 'root'; declare it under override (or amend)"
    ]


def test_removing_a_rule_that_is_not_inherited():
    removal = Removal(id="core.nothing", reason_zh="无", reason_en="none", citation=CITE, provenance=Provenance.TEXT)
    assert problems(("root", Root()), ("prov", province(remove=(removal,)))) == [
        "plugin 'prov': removes 'core.nothing' from 'prov''s criteria, but 'prov' inherits no such rule "
        "(inherited: core.area, core.brand)"
    ]


def test_override_and_removal_of_the_same_rule():
    removal = Removal(id="core.area", reason_zh="无", reason_en="none", citation=CITE, provenance=Provenance.TEXT)
    assert problems(
        ("root", Root()), ("prov", province(override=(rule("core.area", 50),))), ("addon", changes_only("prov", remove=(removal,)))
    ) == ["rule 'core.area' for 'prov' is both overridden (plugin 'prov') and removed (plugin 'addon')"]


def test_unknown_parent():
    assert problems(("prov", province(parent="nation"))) == [
        "plugin 'prov': jurisdiction 'prov' has parent 'nation', which no plugin declares"
    ]


def test_parent_cycle():
    assert problems(("a", province("a", parent="b")), ("b", province("b", parent="a"))) == [
        "plugin 'a': jurisdiction parents form a cycle: a → b → a"
    ]


def test_one_jurisdiction_declared_by_two_plugins():
    assert problems(("root", Root()), ("again", Root())) == [
        "jurisdiction 'root' is declared by two plugins: 'root' and 'again'; load only one: "
        "leave the other out with --block-plugin NAME (or $CLUSTERPOLICY_BLOCK_PLUGINS, blocked= in Python)"
    ]


def test_rules_for_an_undeclared_jurisdiction():
    assert problems(("root", Root()), ("addon", changes_only("hainan", add=(rule("x.y"),)))) == [
        "plugin 'addon': criteria for jurisdiction 'hainan', which no plugin declares"
    ]


def test_a_field_the_profile_does_not_have():
    assert problems(("root", Root()), ("prov", province(add=(rule("prov.extra", field="aera_km2"),)))) == [
        "plugin 'prov': criterion 'prov.extra' for 'prov': unknown profile field 'aera_km2' (did you mean 'area_km2'?)"
    ]


def test_a_field_of_the_wrong_type():
    assert problems(("root", Root()), ("prov", province(add=(rule("prov.extra", field="region"),)))) == [
        "plugin 'prov': criterion 'prov.extra' for 'prov': field 'region' is text, expected number"
    ]


def test_a_hook_that_raises_is_reported_with_its_plugin():
    class Broken:
        @hookimpl
        def clusterpolicy_criteria(self):
            return [RuleChanges(jurisdiction="root", add=(Criterion(
                id="x", indicator="一", title_zh="x", title_en="x", check=Attestation(key="x"),
                citation=CITE, provenance=Provenance.UNKNOWN),))]

    assert problems(("root", Root()), ("broken", Broken())) == [
        "plugin 'broken': clusterpolicy_criteria() raised FieldValueError: "
        "Criterion.provenance: 'unknown' requires check kind 'not_encoded'"
    ]


def test_a_hook_returning_the_wrong_type():
    class Wrong:
        @hookimpl
        def clusterpolicy_criteria(self):
            return [rule("x")]

    assert problems(("root", Root()), ("wrong", Wrong())) == [
        "plugin 'wrong': clusterpolicy_criteria() returned a Criterion, expected RuleChanges"
    ]


def test_a_misspelt_hook_name_is_an_error():
    class Typo:
        @hookimpl
        def clusterpolicy_criterion(self):
            return []

    with pytest.raises(LoadError) as info:
        get_plugin_manager(entry_points=False, extra=[("typo", Typo())])
    assert info.value.problems[0].startswith("plugin 'typo': unknown hook 'clusterpolicy_criterion'")


def test_problems_are_collected_not_stopped_at_the_first():
    found = problems(
        ("root", Root()),
        ("prov", province(override=(rule("core.aera"),), add=(rule("core.brand"),))),
    )
    assert len(found) == 2
