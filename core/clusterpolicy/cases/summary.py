"""The summary table (汇总表) a city or province sends upward: one row per submission, as XLSX or CSV (UTF-8 with BOM)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..errors import InputError
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


def summary_rows(submissions: Sequence[Submission], regime, lang: str = "zh") -> list[list[str]]:
    """One row per submission, in the given order, with category and sub-topic titles from the regime."""
    cats = {c.id: c for c in categories(regime)}
    rows = []
    for n, s in enumerate(submissions, start=1):
        cat = cats.get(s.category or "")
        subs = []
        for sid in s.subtopics:
            st = cat.subtopic(sid) if cat else None
            subs.append((st.title_zh if lang == "zh" else st.title_en) if st else sid)
        cluster = s.cluster
        rows.append(
            [
                str(n),
                s.submitter.name,
                cluster.name if cluster else "",
                (cluster.recognition.zh if lang == "zh" else cluster.recognition.value) if cluster else "",
                cluster.place() if cluster else "",
                ("典型案例" if s.kind is SubmissionKind.CASE else "典型做法") if lang == "zh" else s.kind.value,
                cat.title(lang) if cat else (s.category or ""),
                "、".join(subs) if lang == "zh" else "; ".join(subs),
                s.title,
                s.date.isoformat() if s.date else "",
            ]
        )
    return rows


def write_summary(submissions: Sequence[Submission], regime, out: str | Path, lang: str = "zh") -> Path:
    """Write the summary table atomically (:mod:`clusterpolicy.files`): XLSX when ``out`` ends in
    ``.xlsx`` (needs openpyxl, the ``xlsx`` extra), otherwise CSV in UTF-8 with a byte-order mark so
    that Excel shows Chinese correctly."""
    from ..files import AtomicFile

    out = Path(out)
    headers = SUMMARY_COLUMNS[lang]
    rows = summary_rows(submissions, regime, lang)
    if out.suffix.lower() == ".xlsx":
        wb = _workbook(out, headers, rows, lang)
        with AtomicFile(out, binary=True) as fh:
            wb.save(fh)
    else:
        import csv

        with AtomicFile(out) as fh:
            fh.write("\ufeff")
            writer = csv.writer(fh)
            writer.writerow(headers)
            writer.writerows(rows)
    return out


def _workbook(out: Path, headers: list[str], rows: list[list[str]], lang: str):
    try:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font
    except ImportError:
        raise InputError(str(out), ["writing .xlsx needs openpyxl: pip install 'clusterpolicy[xlsx]' (or write .csv)"]) from None
    from ..text import width

    wb = Workbook()
    ws = wb.active
    ws.title = "典型案例信息汇总表" if lang == "zh" else "Typical cases"
    ws.append(headers)
    for row in rows:
        ws.append([int(row[0]), *row[1:]])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center")
    for i, header in enumerate(headers, start=1):
        letter = ws.cell(row=1, column=i).column_letter
        longest = max([width(header)] + [width(str(r[i - 1])) for r in rows])
        ws.column_dimensions[letter].width = min(60, longest + 2)
    ws.freeze_panes = "A2"
    return wb
