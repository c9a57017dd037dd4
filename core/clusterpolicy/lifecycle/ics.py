"""iCalendar (RFC 5545) export of a timeline: one all-day VEVENT per dated item.

Written by hand (no dependency): CRLF line ends, lines folded at 75 octets without splitting a
UTF-8 character (3.1), TEXT values escaped (3.3.11), a stable UID per record and item (so a
re-import updates rather than duplicates), DTSTAMP in UTC. Undated items are left out.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from .results import ItemStatus, Timeline

PRODID = "-//clusterpolicy//lifecycle timeline//EN"


def escape(text: str) -> str:
    """Escape a TEXT value (RFC 5545 3.3.11)."""
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line into pieces of at most 75 octets joined by CRLF + space (RFC 5545 3.1)."""
    out, current, size = [], [], 0
    limit = 75
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > limit:
            out.append("".join(current))
            current, size, limit = [], 0, 74  # continuation lines start with one space
        current.append(ch)
        size += n
    out.append("".join(current))
    return "\r\n ".join(out)


def to_ics(tl: Timeline, key: str, lang: str = "zh", dtstamp: datetime | None = None) -> str:
    """The timeline as an iCalendar document. ``key`` identifies the record (UIDs are
    ``<item id>.<key>@clusterpolicy``)."""
    stamp = (dtstamp or datetime.now(timezone.utc)).astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    name = tl.regime_zh if lang == "zh" else tl.regime_en
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(f'{tl.cluster} — {name}')}",
    ]
    for item in tl.items:
        if item.due is None:
            continue
        detail = [f"{'状态' if lang == 'zh' else 'Status'}: {item.status.value}"]
        if item.done_on:
            detail.append(f"{'完成' if lang == 'zh' else 'Done'}: {item.done_on.isoformat()}")
        if item.party(lang):
            detail.append(f"{'主体' if lang == 'zh' else 'Who'}: {item.party(lang)}")
        if item.note(lang):
            detail.append(item.note(lang))
        if item.citation:
            detail.append(f"{'依据' if lang == 'zh' else 'Source'}: {item.citation.render()} ({item.provenance.value if item.provenance else ''})")
        summary = item.title(lang)
        if item.status in (ItemStatus.OVERDUE, ItemStatus.DUE_SOON):
            summary = f"[{item.status.value}] {summary}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:{item.id}.{key}@clusterpolicy",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{item.due.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(item.due + timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{escape(summary)}",
            f"DESCRIPTION:{escape(chr(10).join(detail))}",
            f"CATEGORIES:{escape(item.type)}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
