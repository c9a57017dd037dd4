"""Typical-case collection: categories of cases and the calls that collect them."""

from __future__ import annotations

from attrs import frozen

from .model import Citation, Provenance, check_id, doc, non_empty


@frozen(kw_only=True)
class CaseCategory:
    """A category of typical cases (典型案例), e.g. 协作共享."""

    id: str = doc("Stable id, e.g. collaboration.", validator=check_id)
    title_zh: str = doc("Title (Chinese).", validator=non_empty)
    title_en: str = doc("Title (English).", validator=non_empty)
    citation: Citation = doc("Where the category is written.")
    provenance: Provenance = doc("text, secondary or unknown.")


@frozen(kw_only=True)
class CaseCall:
    """One collection call (征集通知): who submits what, to whom, by when."""

    id: str = doc("Stable id, e.g. cases-2024.", validator=check_id)
    title_zh: str = doc("Title (Chinese).", validator=non_empty)
    title_en: str = doc("Title (English).", validator=non_empty)
    citation: Citation = doc("Where the call is written.")
    provenance: Provenance = doc("text, secondary or unknown.")
