"""Margins: every numeric finding says how far it is from its threshold, exactly, in its own unit
and relative to the threshold; an assessment names its fragile passes and nearest misses."""

from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path

import clusterpolicy
from clusterpolicy.criteria.render import margin_text
from clusterpolicy.criteria.results import Margin

ROOT = Path(__file__).resolve().parents[1]


def strong(**years: dict) -> clusterpolicy.Profile:
    """The strong national example, with some years' figures replaced."""
    data = tomllib.loads((ROOT / "examples" / "strong-national.toml").read_text(encoding="utf-8"))
    for year, figures in years.items():
        data["years"][year.removeprefix("y")].update(figures)
    return clusterpolicy.profile_from_dict(data)


#: 2022's SME and leading output for a total lowered to about 40 (a part never exceeds its total; 2022's shares are not read).
PARTS_40 = {"sme_output": 30, "leading_output": 32}


def test_a_figure_exactly_on_the_threshold_passes_by_zero_and_is_the_most_fragile(regimes):
    a = regimes["national"].evaluate(strong(y2022={"total_output": 40, **PARTS_40}))
    output = a.finding("core.output")
    assert output.status.value == "pass"
    assert output.margin == Margin(passes=True, amount=Decimal(0), unit="亿元", relative=Decimal("0.00"), exact=True, at="2022")
    assert a.fragile[0] == "core.output"
    assert a.nearest_misses == ()
    assert margin_text(output.margin, "en", short=True) == "±0亿元"  # at the threshold itself: neither side


def test_a_fail_says_by_how_much_in_its_unit_and_relative_to_the_threshold(regimes):
    a = regimes["national"].evaluate(strong(y2022={"total_output": Decimal("35.9"), **PARTS_40}))
    m = a.finding("core.output").margin
    assert (m.passes, m.amount, m.unit, m.relative, m.exact, m.at) == (False, Decimal("4.1"), "亿元", Decimal("10.25"), True, "2022")
    assert a.nearest_misses[0] == "core.output"


def test_an_exclusive_threshold_met_exactly_fails_by_zero(regimes):
    # 100 → 110 → 121 is exactly 10% a year: national asks for more than 10% (高于).
    a = regimes["national"].evaluate(
        strong(y2022={"total_output": 100, "sme_output": 80, "leading_output": 80},
               y2023={"total_output": 110, "sme_output": 88, "leading_output": 88},
               y2024={"total_output": 121, "sme_output": 97, "leading_output": 97})
    )  # fmt: skip
    growth = a.finding("core.growth")
    assert growth.status.value == "fail"
    assert (growth.margin.passes, growth.margin.amount, growth.margin.unit, growth.margin.exact) == (False, Decimal("0.00"), "pp", True)
    assert margin_text(growth.margin, "en", short=True) == "±0pp"  # (121/100)^½ is 10% exactly: no "≈", no side
    near = regimes["national"].evaluate(
        strong(y2022={"total_output": 100, "sme_output": 80, "leading_output": 80},
               y2023={"total_output": 110, "sme_output": 88, "leading_output": 88},
               y2024={"total_output": Decimal("121.01"), "sme_output": 97, "leading_output": 97})
    ).finding("core.growth")  # fmt: skip
    assert (near.status.value, near.margin.exact, margin_text(near.margin, "en", short=True)) == ("pass", False, "+≈0pp")


def test_a_share_margin_is_exact_when_its_decimal_ends_and_rounded_and_marked_when_not(regimes):
    ends = regimes["national"].evaluate(strong(y2024={"total_output": 200, "sme_output": 141})).finding("core.sme_share")
    assert (ends.margin.amount, ends.margin.exact, ends.margin.unit) == (Decimal("0.5"), True, "pp")  # 70.5% − 70%
    assert (margin_text(ends.margin, "en", short=True), margin_text(ends.margin, "zh", short=True)) == ("+0.5pp", "+0.5个百分点")
    never_ends = regimes["national"].evaluate(strong(y2024={"total_output": 300, "sme_output": 211})).finding("core.sme_share")
    assert (never_ends.margin.amount, never_ends.margin.exact) == (Decimal("0.3333"), False)  # 70.333…% − 70%
    assert never_ends.margin.relative == Decimal("0.48")  # (1/3) / 70, exactly rounded


def test_an_any_of_margin_is_its_deciding_alternative(regimes):
    a = regimes["national"].evaluate(strong())
    firms = a.finding("tiered.firms")
    assert (firms.margin.passes, firms.margin.at) == (True, firms.parts[1].rule)  # the better of the two is what keeps it


def test_margins_are_in_the_json_and_the_texts(regimes):
    from clusterpolicy.criteria.render import assessment_text, comparison_text

    a = regimes["national"].evaluate(strong(y2022={"total_output": Decimal("35.9"), **PARTS_40}))
    finding = next(f for f in clusterpolicy.to_json(a)["assessment"]["findings"] if f["rule"] == "core.output")
    assert finding["margin"] == {"passes": False, "amount": "4.1", "unit": "亿元", "relative": "10.25", "exact": True, "at": "2022"}
    en, zh = assessment_text(a, "en"), assessment_text(a, "zh")
    assert "Nearest misses:" in en and "fails by 4.1亿元 (10.25% of the threshold), at 2022" in en
    assert "差距最小的未满足项" in zh and "差 4.1亿元(门槛的 10.25%),2022 年" in zh
    c = clusterpolicy.compare(strong(y2022={"total_output": Decimal("35.9"), **PARTS_40}), [regimes["national"], regimes["hainan"]])
    row = next(line for line in comparison_text(c, "en").splitlines() if " core.output " in line)
    assert row.split()[2:] == ["FAIL", "(≥40亿元)", "−4.1亿元", "pass", "(≥20亿元)", "+15.9亿元"]


def test_batch_rows_are_unchanged_margins_belong_to_the_row_engines_display(regimes, tmp_path):
    """The column engine is untouched: its rows carry statuses (checked against Regime.evaluate elsewhere), no margins."""
    import json

    from clusterpolicy.batch.output import write_batch

    out = tmp_path / "rows.jsonl"
    write_batch(ROOT / "examples" / "batch-clusters.csv", out, [regimes["national"]], as_of=None, in_format="csv", out_format="jsonl")
    assert all("margin" not in json.dumps(json.loads(line)) for line in out.read_text(encoding="utf-8").splitlines())


def test_a_margin_too_small_to_show_in_hundredths_of_a_percent_is_said_as_under_them():
    """0.0001亿元 short of 40亿元 is 0.00025% of it: not "0% of the threshold", which reads as none at all."""
    tiny = Margin(passes=False, amount=Decimal("0.0001"), unit="亿元", relative=Decimal("0.00"), exact=True)
    assert margin_text(tiny, "en") == "fails by 0.0001亿元 (<0.01% of the threshold)"
    assert margin_text(tiny, "zh") == "差 0.0001亿元(门槛的 <0.01%)"
    at = Margin(passes=True, amount=Decimal(0), unit="亿元", relative=Decimal("0.00"), exact=True)
    assert margin_text(at, "en") == "passes by 0亿元 (0% of the threshold)"
