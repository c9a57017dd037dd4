"""Declarations (plugins/RULES.md): a user who has checked a not-encoded criterion against the
official text declares it met or not met, per regime; the finding says "declared", never pass,
and every verdict resting on declarations says so."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

import clusterpolicy
from clusterpolicy import InputError
from clusterpolicy.criteria.results import Overall, Status

from builders import AS_OF, profile_data
from inprocess import run

ROOT = Path(__file__).resolve().parents[1]
STRONG = ROOT / "examples" / "strong-national.toml"
NATIONAL_OPEN = ("supply_chain", "innovation", "digital", "green", "opening", "governance")


def declared(regime: str = "national", met: dict[str, bool] | None = None, **changes) -> clusterpolicy.Profile:
    data = profile_data(**changes)
    met = met if met is not None else dict.fromkeys(NATIONAL_OPEN, True)
    data["declarations"] = {regime: {rid: {"met": ok, "by": "某县工信局 李某", "note": f"对照原文核对{rid}"} for rid, ok in met.items()}}
    return clusterpolicy.profile_from_dict(data)


def test_national_reaches_a_verdict_on_declarations_and_says_what_it_rests_on(regimes):
    a = regimes["national"].evaluate(declared(), AS_OF)
    assert a.status is Overall.ELIGIBLE and a.declared == NATIONAL_OPEN
    f = a.finding("supply_chain")
    assert (f.status, f.declaration.by, f.kind) == (Status.DECLARED_MET, "某县工信局 李某", "not_encoded")
    assert f.reason_en.startswith("declared met by 某县工信局 李某: 对照原文核对supply_chain; the tool does not judge this criterion")
    note = next(n for n in a.warnings if n.code == "rests_on_declarations")
    assert note.en == (
        "eligible on 6 declared indicator(s) (supply_chain, innovation, digital, green, opening, governance): "
        "checked by the declarer against the official text, not judged by the tool"
    )
    assert "依据 6 项声明的指标" in note.zh


def test_a_criterion_declared_not_met_makes_the_verdict_ineligible_and_says_on_what(regimes):
    a = regimes["national"].evaluate(declared(met={**dict.fromkeys(NATIONAL_OPEN, True), "green": False}), AS_OF)
    assert a.status is Overall.INELIGIBLE
    assert a.finding("green").status is Status.DECLARED_NOT_MET
    assert next(n for n in a.warnings if n.code == "rests_on_declarations").en.startswith(
        "ineligible on declared indicator(s) found not met (green); 6 declaration(s) in all"
    )


def test_some_declared_leave_the_rest_not_encoded(regimes):
    a = regimes["national"].evaluate(declared(met={"supply_chain": True}), AS_OF)
    assert a.status is Overall.INCOMPLETE and a.declared == ("supply_chain",)
    assert a.finding("innovation").status is Status.NOT_ENCODED


def test_declarations_are_per_regime(regimes):
    # Hainan encodes 三 (an attestation): a national declaration changes nothing there
    h = regimes["hainan"].evaluate(declared(), AS_OF)
    assert h.finding("supply_chain").status is Status.PASS and h.declared == ()
    with pytest.raises(InputError) as err:
        regimes["hainan"].evaluate(declared("hainan", {"supply_chain": True}), AS_OF)
    assert err.value.problems == (
        "$.declarations.hainan.supply_chain: 'supply_chain' is encoded in 'hainan' (check kind attestation): only a "
        "not_encoded criterion can be declared — the tool judges this one from the profile's figures",
    )
    # Anhui's 二 is not encoded there: it may be declared for Anhui
    assert regimes["anhui"].evaluate(declared("anhui", {"tiered.firms": True}), AS_OF).finding("tiered.firms").status is Status.DECLARED_MET


def test_declaring_an_encoded_or_unknown_criterion_or_regime_is_an_input_error_naming_the_file(tmp_path, regimes):
    with pytest.raises(InputError) as err:
        regimes["national"].evaluate(declared(met={"core.output": True, "suply_chain": True}), AS_OF)
    assert err.value.problems[0].startswith("$.declarations.national.core.output: 'core.output' is encoded in 'national' (check kind each_year)")
    assert err.value.problems[1] == "$.declarations.national.suply_chain: 'national' has no criterion 'suply_chain' (did you mean 'supply_chain'?)"
    profile = tmp_path / "p.toml"
    profile.write_text(
        'name = "x"\n[declarations.nationl.supply_chain]\nmet = true\nby = "某县"\nnote = "核对"\n', encoding="utf-8"
    )
    out = run("compare", str(profile))
    assert (out.returncode, out.stderr) == (
        2,
        f"clusterpolicy: error: {profile}: $.declarations.nationl: no regime 'nationl' is loaded (did you mean 'national'?) "
        "(loaded: national, anhui, hainan)\n",
    )
    encoded = tmp_path / "e.toml"
    encoded.write_text('name = "x"\n[declarations.national."core.area"]\nmet = true\nby = "某县"\nnote = "核对"\n', encoding="utf-8")
    out = run("evaluate", str(encoded), "-r", "national")
    assert out.returncode == 2 and out.stderr.startswith(f"clusterpolicy: error: {encoded}: $.declarations.national.core.area: ")


def test_every_declaration_is_checked_whichever_regimes_are_evaluated(tmp_path, regimes):
    """The published schema lists each loaded regime's declarable criteria, so a declaration of a
    criterion Hainan encodes is refused even when only the national regime is evaluated."""
    from clusterpolicy.http.openapi import openapi_document

    profile = tmp_path / "p.toml"
    profile.write_text('name = "x"\n[declarations.hainan.supply_chain]\nmet = true\nby = "某县"\nnote = "核对"\n', encoding="utf-8")
    out = run("evaluate", str(profile), "-r", "national")
    assert out.returncode == 2
    assert out.stderr.startswith(f"clusterpolicy: error: {profile}: $.declarations.hainan.supply_chain: 'supply_chain' is encoded in 'hainan'")
    schema = openapi_document(regimes=regimes)["components"]["schemas"]["Profile"]["properties"]["declarations"]
    assert list(schema["properties"]) == ["national", "anhui", "hainan"] and schema["additionalProperties"] is False
    assert tuple(schema["properties"]["national"]["properties"]) == NATIONAL_OPEN
    assert schema["properties"]["hainan"] == {"type": "object", "properties": {}, "additionalProperties": False}


def test_a_declaration_needs_who_declares_and_a_note():
    with pytest.raises(InputError) as err:
        clusterpolicy.profile_from_dict({"name": "x", "declarations": {"national": {"green": {"met": True, "by": "某县"}}}})
    assert err.value.problems == ("$.declarations.national.green.note: required field missing",)
    with pytest.raises(InputError) as err:
        clusterpolicy.profile_from_dict({"name": "x", "declarations": {"national": {"green": {"met": True, "by": " ", "note": "核对"}}}})
    assert err.value.problems == ("$.declarations.national.green.by: must not be empty",)


def test_the_strong_example_declares_national_three_to_eight_and_says_so():
    out = run("evaluate", str(STRONG), "-r", "national")
    assert "Result: ELIGIBLE (on 6 declared indicators: supply_chain, innovation, digital, green, opening, governance)" in out.stdout
    assert "declared met  supply_chain" in out.stdout
    zh = run("evaluate", str(STRONG), "-r", "national", "--lang", "zh").stdout
    assert "结论: 符合(依据 6 项声明的指标:supply_chain, innovation, digital, green, opening, governance)" in zh
    doc = json.loads(run("evaluate", str(STRONG), "-r", "national", "--format", "json").stdout)
    assert doc["assessment"]["declared"] == list(NATIONAL_OPEN)
    assert doc["assessment"]["findings"][14]["declaration"]["by"] == "宁波市北仑区经济和信息化局 张某(示例)"


def test_an_incomplete_verdict_rests_on_no_declaration(regimes):
    """Figures missing for the years read make national incomplete: its declarations do not decide
    that, so compare marks no * and names nothing it rests on."""
    from clusterpolicy.criteria.results import rests_on

    profile = clusterpolicy.load_profile(STRONG)
    a = regimes["national"].evaluate(profile, date(2030, 1, 1))
    assert a.status.value == "incomplete" and len(a.declared) == 6 and rests_on(a) == ((), ())
    text = run("compare", str(STRONG), "-r", "national", "--as-of", "2030-01-01").stdout
    assert "INCOMPLETE*" not in text and "\n* national" not in text
