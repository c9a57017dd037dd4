"""Category suggestion: each category found from a realistic case text, and why."""

from __future__ import annotations

from pathlib import Path

import pytest

from clusterpolicy.cases.suggest import MAX_COUNT, WEIGHTS, suggest_categories

TEXTS = Path(__file__).parent / "data" / "case_texts"

#: For each category's text: sub-topics the explanation must show.
EXPECTED = {
    "collaboration": {"supply_chain", "resource_sharing", "large_small", "advanced_clusters"},
    "quality_brand": {"quality", "brand"},
    "innovation": {"industry_academia", "pilot_platforms", "commercialisation", "ip", "standards", "integrated_innovation"},
    "digital": {"new_models", "digital_services", "industrial_internet", "chain_transformation"},
    "green": {"energy_mix", "energy_saving", "resource_use", "carbon_monitoring"},
    "opening": {"attracting_resources", "international_cooperation", "going_global", "overseas_risk"},
    "governance": {"public_services", "governance_mechanisms", "coordination", "sme_rights"},
}


@pytest.mark.parametrize("category", list(EXPECTED))
def test_each_category_is_suggested_from_a_realistic_text(regimes, category):
    text = (TEXTS / f"{category}.txt").read_text(encoding="utf-8")
    ranked = suggest_categories(text, regimes["national"])
    best = ranked[0]
    assert best.category == category
    assert all(best.score >= 2 * other.score for other in ranked[1:])  # a clear first
    assert {m.subtopic for m in best.matches if m.subtopic} == EXPECTED[category]
    # the score is exactly the sum the explanation shows
    assert best.score == sum(WEIGHTS[m.source] * min(m.count, MAX_COUNT) for m in best.matches)
    for m in best.matches:
        assert text.count(m.term) >= m.count >= 1
        line = text.splitlines()[m.line - 1]
        assert line[m.column - 1:].startswith(m.term)


def test_the_notice_phrase_outweighs_keywords_and_longest_match_wins(regimes):
    ranked = suggest_categories("推动大中小企业融通创新。", regimes["national"])
    assert [(s.category, s.score) for s in ranked] == [("innovation", 3)]
    [m] = ranked[0].matches
    assert (m.term, m.source, m.subtopic, m.weight) == ("大中小企业融通创新", "phrase", "integrated_innovation", 3)


def test_repeated_term_is_capped(regimes):
    [s] = suggest_categories("光伏" * 10, regimes["national"])
    assert (s.category, s.score, s.matches[0].count) == ("green", MAX_COUNT, 10)


def test_nothing_matched(regimes):
    assert suggest_categories("今天天气很好。", regimes["national"]) == []


def test_categories_are_the_same_under_anhui(regimes):
    text = (TEXTS / "green.txt").read_text(encoding="utf-8")
    assert suggest_categories(text, regimes["anhui"]) == suggest_categories(text, regimes["national"])
