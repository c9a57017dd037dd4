"""The pathway: the ladder (province, then national), what fails on each rung, labelled projections
of growing figures, the next known call — at the boundaries."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import clusterpolicy
from clusterpolicy.errors import InputError

ROOT = Path(__file__).resolve().parents[1]


def profile(example: str, **changes) -> clusterpolicy.Profile:
    data = tomllib.loads((ROOT / "examples" / example).read_text(encoding="utf-8"))
    for key, value in changes.items():
        if key.startswith("y"):
            data["years"][key[1:]].update(value)
        else:
            data[key] = value
    return clusterpolicy.profile_from_dict(data)


def at(total) -> dict:
    """A year's figures with its total output set to ``total`` and the parts lowered with it (80% and 85%, shares
    that pass): a part never exceeds its total."""
    return {"total_output": total, "sme_output": Decimal(total) * Decimal("0.8"), "leading_output": Decimal(total) * Decimal("0.85")}


def test_a_province_without_a_loaded_regime_says_so_and_the_path_still_runs_through_it(regimes):
    p = clusterpolicy.pathway(profile("strong-national.toml"), regimes)  # 浙江省: no regime loaded
    first, national = p.rungs
    assert (first.step, first.regime, first.name_zh, first.assessment) == (1, None, "浙江省", None)
    assert [n.code for n in first.notes] == ["not_loaded"] and "浙江省" in first.notes[0].zh
    assert first.recognised is True  # the profile says provincial_cluster = true
    assert (national.step, national.regime, national.requires) == (2, "national", ("prerequisite.provincial",))


def test_a_profile_without_a_province_is_told_to_name_one(regimes):
    (note,) = clusterpolicy.pathway(clusterpolicy.profile_from_dict({"name": "x"}), regimes).rungs[0].notes
    assert (note.code, note.en) == ("not_loaded", "The profile names no province (province): no provincial regime can be matched "
                                                  "(give province, or name a loaded provincial regime: --province on the command line, "
                                                  "the query parameter province= over HTTP).")  # fmt: skip


def test_a_cluster_that_already_passes_everything_has_no_gaps(regimes):
    p = clusterpolicy.pathway(profile("hainan-only.toml"), regimes)
    hainan = p.rungs[0]
    assert (hainan.regime, hainan.status.value, hainan.gaps, hainan.missing, hainan.declarations) == ("hainan", "eligible", (), (), ())
    assert hainan.calls_known is False and hainan.next_call is None  # Hainan's measures state no call
    assert [n.code for n in hainan.notes] == ["calls_unknown"]
    text = clusterpolicy.pathway_text(p, "en")
    assert "Step 1 — Hainan provincial SME characteristic industrial clusters [hainan]: ELIGIBLE" in text
    assert "Nothing: every criterion is met." in text


def test_the_national_rung_lists_each_gap_the_declarations_needed_and_the_next_call(regimes):
    p = clusterpolicy.pathway(profile("hainan-only.toml"), regimes)
    national = p.rungs[1]
    gaps = {g.rule: g for g in national.gaps}
    assert list(gaps) == ["prerequisite.provincial", "core.front_rank", "core.output", "core.growth", "tiered.firms",
                          "supply_chain", "innovation", "digital", "green", "opening", "governance"]  # fmt: skip
    assert national.declarations[0] == "declarations.national.supply_chain" and gaps["supply_chain"].declaration == national.declarations[0]
    assert gaps["core.growth"].projection is None and gaps["tiered.firms"].projection is None  # not figures that grow
    call = national.next_call  # as of 2023-06-15: the 2023 call
    assert (call.rule, call.deadline, call.reads_to) == ("call.2023", date(2023, 7, 31), 2022)
    assert [(q.submitters, q.at_most) for q in call.quotas] == [(("province",), 6), (("separately_planned_city", "xpcc"), 2)]
    output = gaps["core.output"]
    x = output.projection  # 24.6 → 25.9 over 2020–2022: 2.61% a year
    assert (x.first_year, x.last_year, x.steps, x.rate, x.meets_in, x.never) == (2020, 2022, 2, Decimal("2.61"), 2041, False)
    assert output.before_call is False
    assert national.assessment.findings[output.finding_index].rule == "core.output"


def test_a_projection_that_lands_exactly_on_the_threshold_meets_it(regimes):
    # 10 → 20 over 2022–2024 doubles in two steps: 2026 is exactly 40 (≥ 40 includes it), so 2026–2028 all meet it.
    p = clusterpolicy.pathway(profile("strong-national.toml", y2022=at(10), y2023=at(15), y2024=at(20)), regimes)
    gap = next(g for g in p.rungs[1].gaps if g.rule == "core.output")
    assert (gap.projection.meets_in, gap.projection.value_then, gap.projection.rate) == (2028, Decimal("80.00"), Decimal("41.42"))
    assert gap.before_call is False  # the 2025 call reads the years up to 2024
    assert [n.code for n in p.notes] == ["projection_note"]


def test_a_shrinking_figure_never_gets_there(regimes):
    p = clusterpolicy.pathway(profile("strong-national.toml", y2022=at(35), y2023=at(34), y2024=at(33)), regimes)
    x = next(g for g in p.rungs[1].gaps if g.rule == "core.output").projection
    assert (x.meets_in, x.value_then, x.never, x.rate) == (None, None, True, Decimal("-2.90"))
    text = clusterpolicy.pathway_text(p, "en")
    assert "Projection (not a finding)" in text and "does not grow: at this rate it never reaches ≥ 40亿元" in text
    assert "预测(不是认定结论)" in clusterpolicy.pathway_text(p, "zh")


def test_no_call_after_the_last_known_one_is_said(regimes):
    p = clusterpolicy.pathway(profile("strong-national.toml"), regimes, as_of=date(2025, 8, 1))
    national = p.rungs[1]
    assert national.next_call is None and national.calls_known is True
    assert [n.code for n in national.notes] == ["no_call_after"] and "2025" in national.notes[0].en


def test_the_province_can_be_named_and_must_be_provincial(regimes):
    p = clusterpolicy.pathway(profile("strong-national.toml"), regimes, province="anhui")
    assert [r.regime for r in p.rungs] == ["anhui", "national"]
    with pytest.raises(InputError, match="not a provincial one"):
        clusterpolicy.pathway(profile("strong-national.toml"), regimes, province="national")


def test_a_profile_without_a_province_is_told_so(regimes):
    p = clusterpolicy.pathway(profile("strong-national.toml", province=None), regimes)
    assert p.rungs[0].regime is None and [n.code for n in p.notes] == ["no_province"]


def test_the_command_prints_text_and_json(tmp_path):
    run = lambda *a: subprocess.run([sys.executable, "-m", "clusterpolicy", "pathway", *a], capture_output=True, text=True, cwd=ROOT, timeout=60)  # noqa: E731
    text = run("examples/hainan-only.toml", "--lang", "zh")
    assert text.returncode == 0, text.stderr
    assert text.stdout.startswith("认定路径 — 澄迈县福橙产业集群(示例)") and "第2步 — 国家级中小企业特色产业集群" in text.stdout
    doc = run("examples/hainan-only.toml", "--format", "json")
    assert json.loads(doc.stdout)["kind"] == "pathway"
    bad = run("examples/hainan-only.toml", "--province", "nowhere")
    assert bad.returncode == 2 and "nowhere" in bad.stderr


def test_a_first_batch_application_need_not_go_through_the_province_first(regimes):
    p = clusterpolicy.pathway(profile("hainan-only.toml", application_year=2022, assessment_date=date(2022, 6, 15)), regimes)
    national = p.rungs[1]
    assert national.assessment.finding("prerequisite.provincial").status.value == "not_applicable"
    assert "prerequisite.provincial" not in [g.rule for g in national.gaps]
    assert "not required for this profile (exempt (application_year = 2022): not required), so step 1 is not a precondition" in clusterpolicy.pathway_text(p, "en")
    assert national.next_call.rule == "call.2022"
