"""The summary table (汇总表) a city or province sends upward: one row per submission, as XLSX or CSV (UTF-8 with BOM)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .kinds import (
    SubmissionKind,
    categories,
)
from .submission import Submission

#: Columns of the summary table. The call's own template (附件《…典型案例信息汇总表》) is not in
#: the texts at hand, so these are the submission's fields, not the official column set.
SUMMARY_COLUMNS = {
    "zh": ["序号", "报送单位", "集群名称", "集群认定级别", "所在地区", "报送类型", "案例类别", "涉及方向", "案例名称", "报送日期"],
    "en": ["No.", "Submitter", "Cluster", "Recognition", "Location", "Kind", "Category", "Sub-topics", "Title", "Date sent"],
}


def summary_rows(submissions: Sequence[Submission], regime, lang: str = "zh") -> list[list[object]]:
    """One row per submission, in the given order, with category and sub-topic titles from the regime
    (the number is an ``int``, the date a ``date``: real numbers and dates in a spreadsheet)."""
    cats = {c.id: c for c in categories(regime)}
    rows: list[list[object]] = []
    for n, s in enumerate(submissions, start=1):
        cat = cats.get(s.category or "")
        subs = []
        for sid in s.subtopics:
            st = cat.subtopic(sid) if cat else None
            subs.append((st.title_zh if lang == "zh" else st.title_en) if st else sid)
        cluster = s.cluster
        rows.append(
            [
                n,
                s.submitter.name,
                cluster.name if cluster else "",
                (cluster.recognition.zh if lang == "zh" else cluster.recognition.value) if cluster else "",
                cluster.place() if cluster else "",
                ("典型案例" if s.kind is SubmissionKind.CASE else "典型做法") if lang == "zh" else s.kind.value,
                cat.title(lang) if cat else (s.category or ""),
                "、".join(subs) if lang == "zh" else "; ".join(subs),
                s.title,
                s.date,
            ]
        )
    return rows


def write_summary(submissions: Sequence[Submission], regime, out: str | Path, lang: str = "zh") -> Path:
    """Write the summary table: XLSX when ``out`` ends in ``.xlsx`` (needs openpyxl, the ``xlsx``
    extra; bold frozen header, widths, autofilter, real dates), otherwise CSV in UTF-8 with a
    byte-order mark so that Excel shows Chinese correctly. Written atomically."""
    from ..files import AtomicFile
    from ..sheets import csv_text, xlsx_bytes

    out = Path(out)
    headers = SUMMARY_COLUMNS[lang]
    rows = summary_rows(submissions, regime, lang)
    xlsx = out.suffix.lower() == ".xlsx"
    data = xlsx_bytes([("典型案例信息汇总表" if lang == "zh" else "Typical cases", headers, rows)], str(out)) if xlsx else None
    with AtomicFile(out, binary=xlsx) as fh:
        fh.write(data if xlsx else csv_text(headers, rows))
    return out
