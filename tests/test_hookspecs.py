"""hookspecs.py is the documented contract: every spec is named, typed and documented."""

from __future__ import annotations

import inspect

import pytest

from clusterpolicy import get_plugin_manager, hookspecs

SPECS = sorted(
    name for name, obj in vars(hookspecs).items() if name.startswith("clusterpolicy_") and callable(obj)
)


def test_the_families_of_the_product_are_all_hooks():
    assert SPECS == [
        "clusterpolicy_case_calls",
        "clusterpolicy_case_categories",
        "clusterpolicy_criteria",
        "clusterpolicy_jurisdictions",
        "clusterpolicy_revocation_grounds",
        "clusterpolicy_timelines",
    ]


@pytest.mark.parametrize("name", SPECS)
def test_every_hookspec_is_documented_and_typed(name):
    pm = get_plugin_manager(entry_points=False)
    caller = getattr(pm.hook, name)
    assert caller.has_spec(), name
    func = caller.spec.function
    doc = inspect.getdoc(func) or ""
    assert doc, f"{name} has no docstring"
    assert doc.splitlines()[0].endswith("."), f"{name}: the summary line should be a sentence"
    assert ":returns:" in doc, f"{name}: document the return value"
    for arg in caller.spec.argnames:
        assert f":param {arg}:" in doc, f"{name}: document :param {arg}:"
    assert inspect.signature(func).return_annotation is not inspect.Signature.empty, f"{name}: annotate the return type"


def test_every_registered_hook_has_a_spec():
    pm = get_plugin_manager()
    for name in vars(pm.hook):
        assert getattr(pm.hook, name).has_spec(), name
