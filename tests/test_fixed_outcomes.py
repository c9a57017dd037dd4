"""A check that reads only a few values (an attestation, an applicant, a rank, a prerequisite, a
criterion not encoded, a conditional that does not apply) makes its outcome once per value and its
finding once per outcome: two profiles with the same value share the one finding, and nothing else
about them changes."""

from __future__ import annotations

import clusterpolicy
from builders import AS_OF, make_profile, profile_data
from clusterpolicy.criteria.checks import compile_check
from clusterpolicy.criteria.context import Context
from clusterpolicy.criteria.kinds import InSet
from clusterpolicy.criteria.results import Status

FEW_VALUED = {"attestation", "in_set", "rank", "prerequisite", "not_encoded"}


def test_profiles_with_the_same_few_values_share_those_findings_and_differ_in_the_rest():
    national = clusterpolicy.load_regimes()["national"]  # a fresh build: nothing made yet
    first = national.evaluate(make_profile(), AS_OF)
    second = national.evaluate(make_profile(area_km2=60), AS_OF)
    for a, b in zip(first.findings, second.findings):
        assert a == b or a.rule == "core.area"
        assert (a is b) == (a.kind in FEW_VALUED or a.status is Status.NOT_APPLICABLE), a.rule  # or a conditional not applying
    assert second.finding("core.area").reason_en != first.finding("core.area").reason_en


def test_a_changed_value_gets_the_finding_of_that_value():
    national = clusterpolicy.load_regimes()["national"]
    met = national.evaluate(make_profile(), AS_OF).finding("core.brand")
    not_met = national.evaluate(make_profile(**{"attestations.well_known_brand": False}), AS_OF).finding("core.brand")
    again = national.evaluate(make_profile(), AS_OF).finding("core.brand")
    assert (met.status, not_met.status) == (Status.PASS, Status.FAIL)
    assert not_met.reason_en == "attested as not met" and again is met


def test_a_declared_criterion_is_never_given_the_undeclared_finding():
    national = clusterpolicy.load_regimes()["national"]
    undeclared = national.evaluate(make_profile(), AS_OF).finding("supply_chain")
    data = profile_data()
    data["declarations"] = {"national": {"supply_chain": {"met": True, "by": "某县工信局 李某", "note": "对照原文核对"}}}
    declared = national.evaluate(clusterpolicy.profile_from_dict(data), AS_OF).finding("supply_chain")
    assert (undeclared.status, declared.status) == (Status.NOT_ENCODED, Status.DECLARED_MET)
    assert national.evaluate(make_profile(), AS_OF).finding("supply_chain") is undeclared


def test_a_free_text_field_keeps_at_most_64_outcomes():
    problems: list[str] = []
    check = compile_check(InSet(field="province", values=("海南省",)), problems)
    assert problems == []
    outcomes = [check(Context(make_profile(province=f"第{i}省"), AS_OF)) for i in range(70)]
    assert [o.fixed for o in outcomes] == [True] * 64 + [False] * 6
    assert check(Context(make_profile(province="第3省"), AS_OF)) is outcomes[3]
    assert outcomes[69].en == "province = 第69省; must be 海南省: not met"



def test_a_shared_findings_json_is_written_once_and_every_document_gets_its_own_copy():
    from clusterpolicy.documents import dumps, to_json

    national = clusterpolicy.load_regimes()["national"]
    text = dumps(to_json(national.evaluate(make_profile(), AS_OF)))  # core.brand's finding is written here
    for _ in range(2):  # and copied here: a change to one copy is not seen in the next
        document = to_json(national.evaluate(make_profile(), AS_OF))
        assert dumps(document) == text
        brand = next(f for f in document["assessment"]["findings"] if f["rule"] == "core.brand")
        assert brand["measured"] == [{"label": "attestations.well_known_brand", "value": True}] and brand["missing"] == []
        assert brand["citation"]["document"] != "changed"
        brand["measured"][0]["value"] = "changed"
        brand["citation"]["document"] = "changed"
        brand["missing"].append("changed")
