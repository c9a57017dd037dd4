"""Lifecycle rules of a recognised cluster: timeline obligations and revocation grounds."""

from __future__ import annotations

from attrs import frozen

from .model import Citation, Provenance, check_id, doc, non_empty


@frozen(kw_only=True)
class TimelineRule:
    """A dated obligation or period in a recognised cluster's life (validity, annual report, review)."""

    id: str = doc("Stable id, e.g. validity, annual_report.", validator=check_id)
    title_zh: str = doc("Title (Chinese).", validator=non_empty)
    title_en: str = doc("Title (English).", validator=non_empty)
    citation: Citation = doc("Where the rule is written.")
    provenance: Provenance = doc("text, secondary or unknown.")


@frozen(kw_only=True)
class RevocationGround:
    """A ground on which recognition is revoked (撤销其认定)."""

    id: str = doc("Stable id, e.g. revocation.expiry.", validator=check_id)
    title_zh: str = doc("Title (Chinese).", validator=non_empty)
    title_en: str = doc("Title (English).", validator=non_empty)
    citation: Citation = doc("Where the ground is written.")
    provenance: Provenance = doc("text, secondary or unknown.")
