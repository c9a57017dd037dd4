"""Suggest case categories for a case text, explainably.

Scores count the notice's own sub-topic phrases (3 points an occurrence), category titles (2) and our
keywords (1); a term counts at most :data:`MAX_COUNT` times and longer terms win overlaps. Every
suggestion lists the terms that produced it, with their positions, so a clerk can see why.
"""

from __future__ import annotations

from .kinds import (
    CaseCategory,
    categories,
)
from .results import Suggestion, TermMatch

WEIGHTS = {"phrase": 3, "category": 2, "keyword": 1}


MAX_COUNT = 3  #: occurrences of one term counted at most (one word repeated must not dominate)


def suggest_categories(text: str, regime) -> list[Suggestion]:
    """Rank the regime's categories for a case text, explainably.

    Terms are the notice's sub-topic phrases (3 points an occurrence), the category titles (2) and
    the derived keywords (1) of :class:`~clusterpolicy.cases.SubTopic` and
    :class:`~clusterpolicy.cases.CaseCategory`. Longer terms are matched first and an occurrence is
    counted once (大中小企业融通创新 is not also 大中小企业); a term's occurrences count at most
    ``MAX_COUNT`` times. Score = Σ weight × min(count, MAX_COUNT). Categories with no match are
    left out; ties keep the source's order.
    """
    owners: dict[str, list[tuple[CaseCategory, str | None, str]]] = {}
    cats = categories(regime)

    def add(term: str, cat: CaseCategory, sub: str | None, source: str) -> None:
        term = term.strip()
        if term and (cat, sub, source) not in owners.setdefault(term, []):
            entry = owners[term]
            # one term, one owner per category: the strongest source wins
            existing = [e for e in entry if e[0].id == cat.id]
            if existing and WEIGHTS[existing[0][2]] >= WEIGHTS[source]:
                return
            entry[:] = [e for e in entry if e[0].id != cat.id] + [(cat, sub, source)]

    for cat in cats:
        add(cat.title_zh, cat, None, "category")
        for kw in cat.keywords:
            add(kw, cat, None, "keyword")
        for st in cat.subtopics:
            add(st.title_zh, cat, st.id, "phrase")
            for kw in st.keywords:
                add(kw, cat, st.id, "keyword")

    taken = [False] * len(text)
    spans: dict[str, list[int]] = {}
    for term in sorted(owners, key=lambda t: (-len(t), t)):
        start = text.find(term)
        while start != -1:
            end = start + len(term)
            if not any(taken[start:end]):
                for k in range(start, end):
                    taken[k] = True
                spans.setdefault(term, []).append(start)
            start = text.find(term, start + 1)

    per_cat: dict[str, list[TermMatch]] = {}
    for term, starts in spans.items():
        first = min(starts)
        line = text.count("\n", 0, first) + 1
        column = first - (text.rfind("\n", 0, first) + 1) + 1
        for cat, sub, source in owners[term]:
            per_cat.setdefault(cat.id, []).append(
                TermMatch(term=term, source=source, subtopic=sub, count=len(starts), weight=WEIGHTS[source], line=line, column=column)
            )
    result = []
    for order, cat in enumerate(cats):
        matches = per_cat.get(cat.id)
        if not matches:
            continue
        matches.sort(key=lambda m: (-m.weight * min(m.count, MAX_COUNT), m.line, m.column))
        score = sum(m.weight * min(m.count, MAX_COUNT) for m in matches)
        result.append((score, order, Suggestion(category=cat.id, title_zh=cat.title_zh, title_en=cat.title_en, score=score, matches=tuple(matches))))
    result.sort(key=lambda x: (-x[0], x[1]))
    return [s for _, _, s in result]
