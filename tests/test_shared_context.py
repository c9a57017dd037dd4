"""A comparison evaluates every regime in one context: what the checks work out from the profile alone
(a sum, a share's terms, a growth rate, the years' values) is worked out once, and a requirement that
several regimes state alike (the same kind, fields and threshold) is judged once. Each assessment is
still exactly the one the regime gives alone, and so is its JSON."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import clusterpolicy
from builders import AS_OF, DELETE, make_profile
from clusterpolicy.documents import dumps, to_json

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
#: Every example profile, and the example provinces' rule files (waivers, conditionals, own-level ranks).
PROFILES = ("strong-national.toml", "hainan-only.toml", "missing-data.json")
RULES = (EXAMPLES / "rules" / "guangdong.toml", EXAMPLES / "rules" / "yunnan.toml", ROOT / "tests" / "rules" / "demo.toml")
DATES = (None, date(2024, 6, 30), date(2025, 1, 1), date(2026, 3, 1))


@pytest.fixture(scope="module")
def every_regime() -> list[clusterpolicy.Regime]:
    return list(clusterpolicy.load_regimes(rules=RULES).values())


def assert_as_alone(profile: clusterpolicy.Profile, regimes: list, as_of: date | None) -> None:
    together = clusterpolicy.compare(profile, regimes, as_of)
    alone = [r.evaluate(profile, as_of) for r in regimes]
    assert list(together.assessments) == alone
    assert [dumps(to_json(a)) for a in together.assessments] == [dumps(to_json(a)) for a in alone]


@pytest.mark.parametrize("name", PROFILES)
@pytest.mark.parametrize("as_of", DATES)
def test_every_example_profile_is_assessed_in_a_comparison_as_each_regime_assesses_it_alone(every_regime, name, as_of):
    profile = clusterpolicy.load_profile(EXAMPLES / name)
    assert_as_alone(profile, every_regime, as_of)
    assert_as_alone(profile, every_regime[::-1], as_of)


FIGURE = st.sampled_from([DELETE, 0, 19.99, 20, 30, 40, 40.01, 62.5, 100, 100.0, 130])
PART = st.sampled_from([DELETE, 0, 13, 14, 18, 21, 28, 28.01, 91, 104])
COUNT = st.sampled_from([DELETE, 0, 1, 4, 5, 9, 10])


def within(total):
    """Parts a profile takes beside ``total``: none above it (a part never exceeds its total; beside no total, any)."""
    return lambda part: DELETE in (part, total) or Decimal(str(part)) <= Decimal(str(total))


@st.composite
def changes(draw) -> dict:
    out = {"area_km2": draw(st.sampled_from([DELETE, 0, 62.5, 100, "100.0", 100.01]))}
    for year in ("2021", "2022", "2023", "2024", "2025"):
        total = out[f"years.{year}.total_output"] = draw(FIGURE)
        out[f"years.{year}.sme_output"] = draw(PART.filter(within(total)))
        out[f"years.{year}.leading_output"] = draw(PART.filter(within(total)))
        out[f"years.{year}.valid_invention_patents"] = draw(COUNT)
    for firm in ("single_champions", "little_giants", "specialised_smes", "innovative_smes", "high_tech"):
        out[f"firms.{firm}"] = draw(COUNT)
    for flag in ("special_circumstances", "high_energy", "within_one_county"):
        out[flag] = draw(st.sampled_from([DELETE, True, False]))
    out["region"] = draw(st.sampled_from([DELETE, "east", "west"]))
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes(), st.sampled_from(DATES))
def test_generated_profiles_are_assessed_in_a_comparison_as_each_regime_assesses_them_alone(every_regime, change, as_of):
    assert_as_alone(make_profile(**change), every_regime, as_of)


def test_a_requirement_stated_alike_is_judged_once_and_what_the_profile_gives_is_read_once(regimes):
    national, anhui, hainan = regimes["national"], regimes["anhui"], regimes["hainan"]
    cmp = clusterpolicy.compare(make_profile(), [national, anhui, hainan], AS_OF)
    n, a, h = (x.finding for x in cmp.assessments)
    # area ≤ 100 km² in all three, the SME share ≥ 70% in national and Anhui: one outcome each
    assert n("core.area").margin is a("core.area").margin is h("core.area").margin
    assert n("core.sme_share").margin is a("core.sme_share").margin
    assert n("core.sme_share").threshold != h("core.sme_share").threshold
    # output ≥ 40 / 30 / 20 each year: three requirements, the years' values read once
    assert len({n("core.output").threshold, a("core.output").threshold, h("core.output").threshold}) == 3
    assert n("core.output").measured is a("core.output").measured is h("core.output").measured
    assert n("core.output").margin != h("core.output").margin
    # each assessment is the regime's own (its origin, its citation)
    assert (n("core.area").origin, a("core.area").origin, h("core.area").origin) == ("national", "anhui", "hainan")
