"""``model.frozen``: rule and result classes behave exactly as ``attrs.frozen`` makes them, with
``__repr__``, ``__eq__`` and ``__hash__`` shared instead of compiled for each class (start-up)."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest

from clusterpolicy.criteria.kinds import Criterion, Threshold
from clusterpolicy.model import Citation, Provenance, frozen
from clusterpolicy.numbers import Op


def _body() -> dict:
    return {
        "__annotations__": {"name": "str", "amount": "Decimal | None", "parts": "tuple", "cache": "list"},
        "amount": attrs.field(default=None),
        "parts": attrs.field(factory=tuple),
        "cache": attrs.field(factory=list, eq=False, repr=False),
    }


Shared = frozen(kw_only=True)(type("Shared", (), _body()))
Generated = attrs.frozen(kw_only=True)(type("Generated", (), _body()))

VALUES = [
    {"name": "a"},
    {"name": "a", "amount": Decimal("1.0")},
    {"name": "a", "amount": Decimal("1.00")},  # equal decimals: equal objects, equal hashes
    {"name": "b", "parts": ("x", 2)},
    {"name": "a", "cache": [1]},  # an eq=False field: not compared, not shown, not hashed
]


def _twins(values: dict) -> tuple:
    return Shared(**values), Generated(**values)


@pytest.mark.parametrize("values", VALUES)
def test_repr_is_attrs_own(values):
    shared, generated = _twins(values)
    assert repr(shared) == repr(generated).replace("Generated(", "Shared(", 1)


def test_equality_and_hash_are_attrs_own():
    for left in VALUES:
        for right in VALUES:
            (s1, g1), (s2, g2) = _twins(left), _twins(right)
            assert (s1 == s2) == (g1 == g2) and (s1 != s2) == (g1 != g2), (left, right)
            if s1 == s2:
                assert hash(s1) == hash(s2)
    assert Shared(name="a") != Generated(name="a")  # another class: not equal, as with attrs
    assert Shared(name="a").__eq__(Generated(name="a")) is NotImplemented


def test_an_object_met_again_inside_itself_is_shown_as_dots():
    shared, generated = Shared(name="loop", parts=([],)), Generated(name="loop", parts=([],))
    shared.parts[0].append(shared)
    generated.parts[0].append(generated)
    assert repr(shared) == "Shared(name='loop', amount=None, parts=([...],))"
    assert repr(shared) == repr(generated).replace("Generated(", "Shared(", 1)


def test_an_unhashable_field_makes_the_object_unhashable_as_with_attrs():
    with pytest.raises(TypeError):
        hash(Shared(name="a", parts=([1],)))
    with pytest.raises(TypeError):
        hash(Generated(name="a", parts=([1],)))


def test_the_package_classes_use_the_shared_methods_and_stay_frozen():
    citation = Citation(document="工信部企业〔2022〕119号", item="附件", quote="不低于")
    rule = Criterion(
        id="core.output", indicator="output", title_zh="产值", title_en="Output", citation=citation,
        provenance=Provenance.TEXT, check=Threshold(fields=("total_output",), op=Op.GE, value=Decimal("40")),
    )  # fmt: skip
    for cls in (Citation, Criterion, Threshold):
        for method in ("__repr__", "__eq__", "__hash__"):
            assert getattr(cls, method).__code__.co_filename.endswith("model.py"), (cls, method)
    assert repr(citation).startswith("Citation(document='工信部企业〔2022〕119号', item='附件', ")
    assert rule == attrs.evolve(rule) and hash(rule) == hash(attrs.evolve(rule))
    assert rule != attrs.evolve(rule, soft=True)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        rule.id = "other"  # type: ignore[misc]


def test_a_class_with_its_own_repr_keeps_it():
    @frozen
    class Own:
        x: int

        def __repr__(self) -> str:
            return "mine"

    assert repr(Own(1)) == "mine"
    assert Own(1) == Own(1) and Own(1) != Own(2)
