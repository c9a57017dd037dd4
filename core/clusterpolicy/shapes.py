"""Shapes of the output documents built as plain mappings (a batch's summary and rows, the glossary).

They exist for the published schemas (:mod:`clusterpolicy.documents` names them), so they are
imported only when a schema is made, never by a command that writes such a document.
"""

from __future__ import annotations

from datetime import date


from .model import doc, frozen


@frozen(kw_only=True)
class BatchSummary:
    """``clusterpolicy batch --format json``: what a batch run did."""

    source: str = doc("The input file (or <stdin>).")
    output: str | None = doc("The output written (null when written to standard output, or nothing was written under --strict).")
    encoding: str = doc("How the input was decoded, e.g. utf-8, utf-8-sig, gb18030.")
    regimes: tuple[str, ...] = doc("Regimes screened, in order.")
    rows: int = doc("Rows read.")
    evaluated: int = doc("Rows evaluated.")
    rejected: int = doc("Rows rejected (their problems are in the output).")
    by_regime: dict[str, dict[str, int]] = doc("Per regime: how many rows are eligible, ineligible, incomplete.")
    paths: dict[str, int] = doc("Rows per engine path: columns (numpy) and rows (one profile at a time).")
    errors: tuple[str, ...] = doc("The first problems (all are in the output).")
    errors_zh: tuple[str, ...] = doc("The same in Chinese (additive).", default=())
    seconds: float = doc("Wall time.")


@frozen(kw_only=True)
class BatchRegimeResult:
    """One row under one regime."""

    status: str = doc("eligible, ineligible or incomplete.")
    rules: dict[str, str] = doc("Criterion id → status (pass, fail, soft_fail, unknown, waived, not_encoded, not_applicable).")
    declared: tuple[str, ...] = doc(
        "Criteria the verdict rests on as declared (declared_met / declared_not_met), in the regime's order (additive).", default=()
    )
    waived: tuple[str, ...] = doc(
        "Criteria treated as waived on the profile's claim — whether a waiver applies is the authority's call (additive).", default=()
    )
    notes: tuple[str, ...] = doc(
        "Remarks the assessment leaves to the authority, as rule:code — growth_readings_differ, incident_in_running_year, "
        "incident_after_assessment — in the regime's order (additive).",
        default=(),
    )


@frozen(kw_only=True)
class BatchRow:
    """One line of ``clusterpolicy batch --out x.jsonl``: a row's results per regime, or why it was rejected."""

    row: int = doc("Row number as a spreadsheet shows it (header = 1); JSON Lines: the line number.")
    name: str | None = doc("The row's cluster name.")
    as_of: date | None = doc("The assessment date the row was evaluated as of (null for a rejected row).", default=None)
    results: dict[str, BatchRegimeResult] = doc("Regime → result (evaluated rows).", factory=dict)
    errors: tuple[str, ...] = doc("Why the row was rejected (rejected rows).", default=())
    errors_zh: tuple[str, ...] = doc("The same in Chinese (rejected rows; additive).", default=())


@frozen(kw_only=True)
class GlossaryTerm:
    """One term in both languages."""

    zh: str = doc("Chinese.")
    en: str = doc("English.")


@frozen(kw_only=True)
class Glossary:
    """``GET /api/glossary``: every term clusterpolicy shows (:mod:`clusterpolicy.glossary`)."""

    glossary: dict[str, dict[str, GlossaryTerm]] = doc("Group (status, overall, provenance, …) → value → term.")
