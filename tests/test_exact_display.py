"""Displayed growth rates and ratios are computed exactly, in integers (issue 15): the same digits the
34-digit Decimal power gave, without its cost, and a real answer or none — never an exception."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from clusterpolicy.numbers import ratio_text as _ratio_text
from clusterpolicy.criteria.growth import growth_rate


@pytest.mark.parametrize(
    ("first", "last", "steps", "shown"),
    [
        ("100", "121", 2, "10.00"),  # exactly 10 % a year
        ("400", "441", 2, "5.00"),
        ("100", "110", 1, "10.00"),
        ("8", "27", 3, "50.00"),  # a cube root
        ("100", "121.37", 2, "10.17"),
        ("3", "3.0001", 2, "0.00"),
        ("2", "1", 2, "-29.29"),
        ("5", "0", 2, "-100.00"),
        ("-8", "27", 3, "-250.00"),  # an odd root of a negative ratio is real
        ("1", "1.0201", 2, "1.00"),
        ("1", "1.00020001", 2, "0.01"),
    ],
)
def test_growth_rate_is_the_exactly_rounded_compound_rate(first, last, steps, shown):
    assert str(growth_rate(Decimal(first), Decimal(last), steps)) == shown


def test_growth_rate_rounds_half_to_even_at_an_exact_half():
    # (1.000050)² = 1.0001000025: the rate is exactly 0.0050 %, shown 0.00 (half to even), and
    # (1.000150)² gives exactly 0.0150 %, shown 0.02.
    assert str(growth_rate(Decimal(1), Decimal("1.0001000025"), 2)) == "0.00"
    assert str(growth_rate(Decimal(1), Decimal("1.0003000225"), 2)) == "0.02"


def test_an_even_root_of_a_negative_ratio_is_no_rate():
    assert growth_rate(Decimal(-4), Decimal(2), 2) is None


@pytest.mark.parametrize(
    ("q", "shown"),
    [(Fraction(7, 10), "0.7"), (Fraction(847, 12100) * 100, "7"), (Fraction(1, 20000), "0"), (Fraction(3, 20000), "0.0002"),
     (Fraction(2, 3), "0.6667"), (Fraction(-1, 20000), "0"), (Fraction(-2, 3), "-0.6667")],
)  # fmt: skip
def test_ratios_are_shown_to_four_places_half_to_even(q, shown):
    assert str(_ratio_text(q)) == shown


def test_a_share_next_to_its_threshold_is_not_rounded_onto_it(regimes):
    import attrs

    from clusterpolicy import load_profile

    assert str(_ratio_text(Fraction(7499997, 100000), apart_from=Fraction(75))) == "74.99997"
    assert str(_ratio_text(Fraction(75), apart_from=Fraction(75))) == "75"
    profile = load_profile("examples/strong-national.toml")
    year = max(profile.years)
    # the leading output lowered with the total too (a part never exceeds it), its share still above 70%
    figures = attrs.evolve(profile.years[year], sme_output=Decimal("22.049997"), leading_output=Decimal("26.5"), total_output=Decimal("31.5"))
    close = attrs.evolve(profile, years={**profile.years, year: figures})
    finding = next(f for f in regimes["national"].evaluate(close).findings if f.rule == "core.sme_share")
    assert finding.status.value == "fail"
    assert f"{year}: sme_output/total_output = 69.99999%; required ≥ 70%: not met" in finding.reason_en  # not "= 70%"
