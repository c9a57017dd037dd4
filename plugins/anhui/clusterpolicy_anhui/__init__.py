"""Anhui regime: 安徽省中小企业特色产业集群 (皖经信中小企〔2023〕44号).

Anhui's provincial measures and recognition standard exist (known from public reposts), but no
source at hand gives their thresholds. Its criteria are therefore declared honestly as one
``not_encoded`` criterion instead of inheriting national or Hainan values (``inherit = False``).
"""

from __future__ import annotations

from datetime import date

from clusterpolicy import (
    Citation,
    Criterion,
    Jurisdiction,
    Level,
    NotEncoded,
    Provenance,
    RuleChanges,
    SourceDocument,
    hookimpl,
)

MEASURES = "皖经信中小企〔2023〕44号"
CASES_2024 = "安徽省工业和信息化厅 2024-06-11 关于征集中小企业特色产业集群典型案例的通知"

JURISDICTION = Jurisdiction(
    id="anhui",
    name_zh="安徽省中小企业特色产业集群",
    name_en="Anhui provincial SME characteristic industrial clusters",
    level=Level.PROVINCIAL,
    parent="national",
    sources=(
        SourceDocument(
            id=MEASURES,
            title_zh="安徽省中小企业特色产业集群认定管理办法及认定标准",
            title_en="Anhui measures and recognition standard for SME characteristic industrial clusters",
            provenance=Provenance.SECONDARY,
        ),
        SourceDocument(
            id=CASES_2024,
            title_zh="安徽省工业和信息化厅关于征集中小企业特色产业集群典型案例的通知",
            title_en="Anhui notice relaying MIIT's 2024 typical-case collection",
            issued=date(2024, 6, 11),
            provenance=Provenance.TEXT,
            file="anhui-2024-case-collection-notice.txt",
        ),
    ),
)

CRITERIA = (
    Criterion(
        id="anhui.standard",
        indicator="认定标准",
        title_zh="安徽省中小企业特色产业集群认定标准",
        title_en="Anhui recognition standard",
        check=NotEncoded(
            note_zh="安徽省认定标准存在(约60个省级集群规划),但无可靠来源给出其指标和门槛;未编码,也不沿用国家或海南的数值",
            note_en="Anhui's standard exists (about 60 provincial clusters planned) but no source gives its indicators or thresholds; not encoded, and national or Hainan values are not borrowed",
        ),
        citation=Citation(document=MEASURES, item="认定标准"),
        provenance=Provenance.UNKNOWN,
    ),
)


@hookimpl
def clusterpolicy_jurisdictions():
    return [JURISDICTION]


@hookimpl
def clusterpolicy_criteria():
    return [RuleChanges(jurisdiction="anhui", inherit=False, add=CRITERIA)]


from .cases import clusterpolicy_case_calls  # noqa: E402,F401 - typical-case hooks
from .lifecycle import clusterpolicy_revocation_grounds, clusterpolicy_timelines  # noqa: E402,F401 - lifecycle hooks
