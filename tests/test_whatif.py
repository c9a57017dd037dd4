"""What-if: set some profile paths, re-evaluate, and report only what the changes flip, per regime."""

from __future__ import annotations

import json
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

import clusterpolicy
from clusterpolicy.errors import InputError
import inprocess

ROOT = Path(__file__).resolve().parents[1]
HAINAN_ONLY = ROOT / "examples" / "hainan-only.toml"


def run(*args: str) -> subprocess.CompletedProcess:
    return inprocess.run("whatif", *args)


def test_only_what_the_changes_flip_is_reported(regimes):
    profile = clusterpolicy.load_profile(HAINAN_ONLY)
    w = clusterpolicy.whatif(profile, regimes.select(["national", "hainan"]), [("firms.little_giants", "1")])
    national, hainan = w.regimes
    assert [(f.rule, f.before.value, f.after.value) for f in national.flips] == [("tiered.firms", "fail", "pass")]
    assert (national.before.value, national.after.value) == ("ineligible", "ineligible")  # other criteria still fail
    assert hainan.flips == () and hainan.after.value == "eligible"
    assert [(c.path, c.before, c.after) for c in w.changes] == [("firms.little_giants", "0", "1")]
    flip = national.flips[0]
    assert (flip.margin_before.passes, flip.margin_after.passes, flip.margin_after.amount) == (False, True, Decimal(0))


def test_a_change_can_flip_a_verdict(regimes):
    profile = clusterpolicy.load_profile(HAINAN_ONLY)
    # the parts lowered with the total (a part never exceeds it), to about the same shares: they still pass
    changes = [("years.2022.total_output", "19.5"), ("years.2022.sme_output", "15.5"), ("years.2022.leading_output", "14.3")]
    w = clusterpolicy.whatif(profile, [regimes["hainan"]], changes)
    (hainan,) = w.regimes
    assert (hainan.before.value, hainan.after.value) == ("eligible", "ineligible")
    assert [f.rule for f in hainan.flips] == ["core.output"]  # the shares change and still pass: not reported
    assert hainan.flips[0].margin_after.amount == Decimal("0.5")  # 19.5 < 20


def test_a_total_set_below_a_part_or_a_part_above_the_total_is_refused_naming_the_part_and_the_excess(regimes):
    """Never a silent pass: the changed profile is held to the profile's rules, and a part above its total is
    refused as in the file, naming the part, both figures and by how much (hainan-only.toml's 2022: total 25.9,
    SME 20.6, leading 19.0)."""
    above = "must not be more than total_output ({}), the cluster's total output it is part of (both in 亿元); got {}, {} above it"
    result = run(str(HAINAN_ONLY), "--set", "years.2022.total_output=19")  # the leading output, 19.0, may equal it
    assert (result.returncode, result.stderr) == (2, f"clusterpolicy: error: {HAINAN_ONLY} with --set: $.years.2022.sme_output: {above.format(19, '20.6', '1.6')}\n")
    result = run(str(HAINAN_ONLY), "--set", "years.2022.leading_output=26", "--set", "years.2022.sme_output=25.95", "--lang", "zh")
    assert (result.returncode, result.stderr) == (2, f"clusterpolicy: 错误:{HAINAN_ONLY}(经 --set 修改后): 2 个问题\n"
        "  - $.years.2022.sme_output: 不得大于 total_output(25.9),即它所属的集群总产值(两者均以亿元计);实际为 25.95,超出 0.05\n"
        "  - $.years.2022.leading_output: 不得大于 total_output(25.9),即它所属的集群总产值(两者均以亿元计);实际为 26,超出 0.1\n")  # fmt: skip
    with pytest.raises(InputError) as err:
        clusterpolicy.whatif(clusterpolicy.load_profile(HAINAN_ONLY), [regimes["hainan"]], [("years.2022.total_output", "19.5")], source="p.toml with --set")
    assert err.value.problems == (f"$.years.2022.sme_output: {above.format('19.5', '20.6', '1.1')}",)


def test_bad_values_get_the_converters_field_path_errors():
    result = run(str(HAINAN_ONLY), "--set", "years.2022.total_output=lots", "--set", "firms.little_giants=-1")
    assert result.returncode == 2
    assert "hainan-only.toml with --set: 2 problems" in result.stderr
    assert "$.years.2022.total_output: expected a decimal number; got 'lots'" in result.stderr
    assert "$.firms.little_giants: must not be negative, got -1" in result.stderr


def test_the_changed_profile_is_named_in_chinese_too():
    result = run(str(HAINAN_ONLY), "--set", "years.2022.total_output=lots", "--set", "firms.little_giants=-1", "--lang", "zh")
    assert (result.returncode, result.stderr) == (2, f"clusterpolicy: 错误:{HAINAN_ONLY}(经 --set 修改后): 2 个问题\n"
                                                     "  - $.years.2022.total_output: 应为数字;实际为 'lots'\n"
                                                     "  - $.firms.little_giants: 不得为负数,实际为 -1\n")  # fmt: skip


def test_the_profile_changed_over_http_is_named_in_chinese_too():
    """The API's changes are held to a pattern the converter never refuses; were one refused, its label is said too."""
    from clusterpolicy.messages import said

    assert said("<request body> with set: $.years.2024.total_output: must not be negative, got -3", "zh") == (
        "<request body>(经 set 修改后): $.years.2024.total_output: 不得为负数,实际为 -3")


def test_a_path_the_profile_does_not_have_is_refused_with_the_nearest_one():
    result = run(str(HAINAN_ONLY), "--set", "firms.litle_giants=1")
    assert result.returncode == 2 and "did you mean 'firms.little_giants'?" in result.stderr
    assert run(str(HAINAN_ONLY), "--set", "no-equals-sign").returncode == 2
    with pytest.raises(InputError, match="expected years.<year>.<figure>"):
        clusterpolicy.whatif(clusterpolicy.load_profile(HAINAN_ONLY), [], [("years.2022", "1")])


def test_the_command_prints_text_and_json():
    text = run(str(HAINAN_ONLY), "--set", "firms.little_giants=1", "-r", "national", "--lang", "en")
    assert text.returncode == 0, text.stderr
    assert "Changes: firms.little_giants: 0 → 1" in text.stdout
    assert "tiered.firms — " in text.stdout and ": FAIL → pass (passes by 0家 (0% of the threshold), at #1)" in text.stdout
    doc = json.loads(run(str(HAINAN_ONLY), "--set", "firms.little_giants=1", "--format", "json").stdout)
    assert doc["kind"] == "whatif" and [r["regime"] for r in doc["whatif"]["regimes"]] == ["national", "anhui", "hainan"]


STRONG = ROOT / "examples" / "strong-national.toml"


def test_a_verdict_resting_on_declarations_or_a_waiver_says_so_as_compare_does(regimes):
    """RULES.md: every verdict that rests on a declaration says so — in what-if too (ELIGIBLE*, and what it rests on)."""
    w = clusterpolicy.whatif(clusterpolicy.load_profile(STRONG), [regimes["national"]], [("area_km2", "50")])
    (national,) = w.regimes
    declared = ("supply_chain", "innovation", "digital", "green", "opening", "governance")
    assert (national.after.value, national.declared, national.declared_before, national.waived) == ("eligible", declared, declared, ())
    text = run(str(STRONG), "--set", "area_km2=50", "-r", "national", "--lang", "en").stdout.splitlines()
    assert text[3:5] == [
        "National SME characteristic industrial clusters (MIIT) [national]: ELIGIBLE* (unchanged)",
        "  * ELIGIBLE (on 6 declared indicators: supply_chain, innovation, digital, green, opening, governance)",
    ]
    waived = run(str(HAINAN_ONLY), "--set", "area_km2=50", "-r", "hainan", "--lang", "en").stdout.splitlines()
    assert waived[3:5] == [
        "Hainan provincial SME characteristic industrial clusters [hainan]: ELIGIBLE* (unchanged)",
        "  * ELIGIBLE (rests on a claimed waiver: core.growth; whether it applies is the authority's call)",
    ]
    flipped = run(str(HAINAN_ONLY), "--set", "special_circumstances=false", "-r", "hainan", "--lang", "zh").stdout.splitlines()
    assert flipped[3:5] == [
        "海南省中小企业特色产业集群 [hainan]: 符合* → 不符合",
        "  * 变化前: 符合(以豁免为前提:core.growth;是否适用由主管部门认定)",
    ]
    (doc,) = json.loads(run(str(HAINAN_ONLY), "--set", "area_km2=50", "-r", "hainan", "--format", "json").stdout)["whatif"]["regimes"]
    assert (doc["after"], doc["waived"], doc["waived_before"], doc["declared"], doc["declared_before"]) == (
        "eligible", ["core.growth"], ["core.growth"], [], []
    )


def test_a_verdict_a_judged_fail_decides_rests_on_no_declaration_as_in_compare(regimes):
    """A fail the tool judged decides "ineligible" whatever was declared or claimed: no *, as compare
    prints it, and the verdict after the change rests on nothing (the one before still does)."""
    w = clusterpolicy.whatif(clusterpolicy.load_profile(STRONG), [regimes["national"]], [("provincial_cluster", "false")])
    (national,) = w.regimes
    declared = ("supply_chain", "innovation", "digital", "green", "opening", "governance")
    assert (national.after.value, national.declared, national.declared_before) == ("ineligible", (), declared)
    text = run(str(STRONG), "--set", "provincial_cluster=false", "-r", "national", "--lang", "en").stdout.splitlines()
    assert text[3:6] == [
        "National SME characteristic industrial clusters (MIIT) [national]: ELIGIBLE* → INELIGIBLE",
        "  * before: ELIGIBLE (on 6 declared indicators: supply_chain, innovation, digital, green, opening, governance)",
        "  prerequisite.provincial — Already recognised as a provincial cluster (first batch excepted): pass → FAIL",
    ]
    waived = run(str(HAINAN_ONLY), "--set", "years.2022.leading_output=1", "-r", "hainan", "--lang", "zh").stdout.splitlines()
    assert waived[3:5] == [
        "海南省中小企业特色产业集群 [hainan]: 符合* → 不符合",
        "  * 变化前: 符合(以豁免为前提:core.growth;是否适用由主管部门认定)",
    ]


def test_a_path_set_twice_is_refused_naming_it():
    zh = run(str(HAINAN_ONLY), "--set", "firms.little_giants=1", "--set", "firms.little_giants=0", "--lang", "zh")
    assert zh.stderr == f"clusterpolicy: 错误:{HAINAN_ONLY}(经 --set 修改后): 'firms.little_giants':重复设置(每个路径只能设置一次)\n"
    # the English run last: a run under --lang zh leaves the parser's language for the next in-process parser
    result = run(str(HAINAN_ONLY), "--set", "firms.little_giants=1", "--set", "firms.little_giants=0", "-r", "national")
    assert (result.returncode, result.stdout, result.stderr) == (
        2, "", f"clusterpolicy: error: {HAINAN_ONLY} with --set: 'firms.little_giants': set more than once (each path can be set once)\n")  # fmt: skip
    with pytest.raises(InputError) as info:
        clusterpolicy.whatif(clusterpolicy.load_profile(HAINAN_ONLY), [], [("area_km2", "50"), ("area_km2", "50")])
    assert info.value.problems == ("'area_km2': set more than once (each path can be set once)",)


def test_a_list_or_table_that_is_not_toml_is_refused_with_the_toml_way_to_write_it():
    """JSON's quoted keys are not TOML: the value is not taken as a string ("expected a list; got '[…]'")."""
    given = '[{"date":"2023-05-01","kind":"tax_evasion"}]'
    result = run(str(STRONG), "--set", f"incidents={given}", "-r", "national")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"clusterpolicy: error: {STRONG} with --set: 'incidents': '[{{\"date\":\"2023-05...d\":\"tax_evasion\"}}]' is not a TOML value: "
        'write it as in a TOML profile, e.g. incidents=[{date = 2023-05-01, kind = "tax_evasion", grade = "larger"}]\n'
    )
    zh = run(str(STRONG), "--set", f"incidents={given}", "-r", "national", "--lang", "zh")
    assert zh.stderr.startswith(f"clusterpolicy: 错误:{STRONG}(经 --set 修改后): 'incidents':") and "不是 TOML 值:请按 TOML 档案的写法填写" in zh.stderr
    written = run(str(STRONG), "--set", 'incidents=[{date = 2023-05-01, kind = "tax_evasion", grade = "larger"}]', "-r", "national", "--lang", "en")
    assert "ELIGIBLE* → INELIGIBLE" in written.stdout
