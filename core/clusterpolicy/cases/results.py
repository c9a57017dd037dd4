"""What the typical-case checks return: findings with severity and citation, the check's verdict, category suggestions."""

from __future__ import annotations

import enum


from ..model import Citation, Provenance, doc, frozen
from .kinds import (
    CaseCall,
    CaseCategory,
    SubmissionKind,
)


class Severity(str, enum.Enum):
    """Outcome of one check on a submission."""

    OK = "ok"  #: checked and met
    NOTE = "note"  #: for information (a reading of the text, an unlisted sub-topic)
    UNCONFIRMED = "unconfirmed"  #: cannot be checked from the file: the submitter must confirm or supply it
    PROBLEM = "problem"  #: the submission does not meet the call


class Verdict(str, enum.Enum):
    """Overall: any problem → problems; else anything unconfirmed → unconfirmed; else ready."""

    READY = "ready"
    UNCONFIRMED = "unconfirmed"
    PROBLEMS = "problems"


@frozen(kw_only=True)
class Location:
    """Where in a text something was found."""

    source: str = doc("The file the text came from, or $.text for inline text.")
    line: int = doc("Line, 1-based.")
    column: int = doc("Column in characters, 1-based.")
    snippet: str = doc("The surrounding text, personal information masked.")


@frozen(kw_only=True)
class CaseFinding:
    """The outcome of one check on a submission."""

    check: str = doc("What was checked, e.g. route, deadline, document.summary_table, content.truthful.")
    severity: Severity = doc("ok, note, unconfirmed or problem.")
    path: str = doc("The submission field concerned, e.g. $.submitter.level.")
    message_zh: str = doc("One-line message (Chinese).")
    message_en: str = doc("One-line message (English).")
    citation: Citation | None = doc("Where the requirement is written.", default=None)
    provenance: Provenance | None = doc("How sure we are of the requirement.", default=None)
    origin: str = doc("Jurisdiction that wrote the requirement.", default="")
    where: Location | None = doc("Where in the text (personal information).", default=None)

    def message(self, lang: str) -> str:
        return self.message_zh if lang == "zh" else self.message_en


@frozen(kw_only=True)
class CaseCheck:
    """A submission checked against one regime's collection call."""

    regime: str = doc("Jurisdiction id of the regime.")
    regime_zh: str = doc("Regime name (Chinese).")
    regime_en: str = doc("Regime name (English).")
    call: str | None = doc("Id of the call checked against (null if none could be chosen).")
    source: str = doc("The submission file.")
    title: str = doc("Title of the case.")
    kind: SubmissionKind = doc("case or practice.")
    verdict: Verdict = doc("ready, unconfirmed or problems.")
    findings: tuple[CaseFinding, ...] = doc("Every check, in order.")

    def problems(self) -> tuple[CaseFinding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.PROBLEM)

    def by_check(self, check: str) -> tuple[CaseFinding, ...]:
        return tuple(f for f in self.findings if f.check == check)


@frozen(kw_only=True)
class TermMatch:
    """A term found in a case text."""

    term: str = doc("The words found.")
    source: str = doc("phrase (the notice's sub-topic phrase), category (the category's title), keyword (a derived term).")
    subtopic: str | None = doc("Sub-topic id it belongs to (null for a category-wide term).")
    count: int = doc("Occurrences (overlapping longer terms take precedence).")
    weight: int = doc("Points per occurrence: phrase 3, category title 2, keyword 1.")
    line: int = doc("Line of the first occurrence.")
    column: int = doc("Column of the first occurrence.")


@frozen(kw_only=True)
class Suggestion:
    """A category proposed for a case text, with why."""

    category: str = doc("Category id.")
    title_zh: str = doc("Category title (Chinese).")
    title_en: str = doc("Category title (English).")
    score: int = doc("Σ weight × min(count, 3) over the terms matched.")
    matches: tuple[TermMatch, ...] = doc("Terms matched, best first.")


# --- the shapes of the listing documents (``clusterpolicy schema case_categories`` …) ------------


@frozen(kw_only=True)
class ListedCategory(CaseCategory):
    """A case category in force, with the jurisdiction that wrote it."""

    origin: str = doc("Jurisdiction that wrote the category (a parent's, if inherited).")


@frozen(kw_only=True)
class CategoryListing:
    """``clusterpolicy cases categories --format json``."""

    regime: str = doc("Regime id.")
    categories: tuple[ListedCategory, ...] = doc("Categories in the regime's order.")


@frozen(kw_only=True)
class ListedCall(CaseCall):
    """A collection call in force, with where it came from."""

    origin: str = doc("Jurisdiction that wrote the call.")
    replaces: str | None = doc("Jurisdiction whose call of the same id this one overrides.", default=None)


@frozen(kw_only=True)
class CallListing:
    """``clusterpolicy cases calls --format json``."""

    regime: str = doc("Regime id.")
    calls: tuple[ListedCall, ...] = doc("The calls in force.")


@frozen(kw_only=True)
class SuggestionList:
    """``clusterpolicy cases suggest --format json`` and ``POST /api/cases/suggest``."""

    regime: str = doc("Regime whose categories were used.")
    source: str = doc("The text's file name, <stdin> or <request body>.")
    suggestions: tuple[Suggestion, ...] = doc("Best first.")


@frozen(kw_only=True)
class SummaryWritten:
    """``clusterpolicy cases summary --format json``: what was written."""

    out: str = doc("The file written.")
    format: str = doc("csv or xlsx.")
    rows: int = doc("Number of submissions (rows).")
    columns: tuple[str, ...] = doc("Column headers, in the table's language.")
