"""Timeline items besides validity, review and reports: major changes to report, periods counted
from an anchor (obligations), dated periods counted from a recorded event (running / ended), rules
not encoded — and what every item says of its rule's provenance (inherited, interpretation).

Called by :func:`clusterpolicy.lifecycle.timeline.timeline`; the edge semantics are its docstring's.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import attrs

from ..criteria.kinds import NotEncoded
from ..errors import ClusterPolicyError
from ..model import Note
from .grounds import UnreportedChange
from .kinds import Anchor, DatedPeriod, DayUnit, Period, PeriodObligation
from .results import ItemStatus, RemovedLifecycleRule, TimelineItem
from .terms import View, item_status, period_end, rules_of_kind, show_day

if TYPE_CHECKING:
    from ..regimes.build import Regime, Resolved


def _change_ground(regime: Regime) -> Resolved | None:
    return next((g for g in regime.revocation_grounds if isinstance(g.rule.ground, UnreportedChange)), None)


def change_items(view: View, soon: int) -> list[TimelineItem]:
    res = _change_ground(view.regime)
    if res is None:
        return []
    ground: UnreportedChange = res.rule.ground
    within = ground.report_within
    notes = (("依据仅要求“及时更新报备”,未规定期限", "the text only says report in time (及时); no deadline is stated") if within is None
             else (f"变动后{within.render('zh')}内报备", f"report within {within.render('en')} of the change"))  # fmt: skip
    items = []
    for i, ch in enumerate(view.record.major_changes):
        if ch.date > view.as_of or ch.aspect not in ground.aspects:
            continue
        reported = ch.reported if ch.reported and ch.reported <= view.as_of else None
        due, (zh, en) = None, notes
        status = None
        if ground.report_within is not None:
            try:
                due = period_end(ch.date, ground.report_within)
            except ClusterPolicyError as exc:
                status, zh, en = ItemStatus.UNKNOWN, str(exc), str(exc)
        items.append(
            TimelineItem(
                id=f"major_change.{i + 1}",
                rule=res.id,
                type="obligation",
                title_zh=f"报备重大变动({ch.aspect.value},{ch.date})",
                title_en=f"Report the major change ({ch.aspect.value}, {ch.date})",
                due=due,
                status=status or item_status(due, reported, view.as_of, soon),
                done_on=reported,
                note_zh=zh,
                note_en=en,
                citation=res.rule.citation,
                provenance=res.rule.provenance,
                origin=res.origin,
            )
        )
    return items


def _anchors(view: View, anchor: Anchor) -> list[tuple[str, date | None, str]]:
    """``(suffix, day, record path)`` for each occurrence of an anchor."""
    if anchor is Anchor.ANNOUNCEMENT:
        return [("", view.record.announced, "announced")]
    if anchor is Anchor.VALIDITY_START:
        return [("", view.start, "validity.start")]
    if anchor is Anchor.VALIDITY_END:
        return [(f".{k + 1}", c.end, "validity.end") for k, c in enumerate(view.cycles)]
    if anchor is Anchor.MAJOR_CHANGE:
        return [(f".{i + 1}", ch.date, f"major_changes[{i}].date") for i, ch in enumerate(view.record.major_changes) if ch.date <= view.as_of]
    return [
        (f".{i + 1}", r.decided, f"reviews[{i}].decided")
        for i, r in enumerate(view.record.reviews)
        if r.decided is not None and r.decided <= view.as_of
    ]


def period_items(view: View, soon: int) -> list[TimelineItem]:
    items = []
    for res in rules_of_kind(view.regime, PeriodObligation):
        ob: PeriodObligation = res.rule.rule
        for suffix, day, path in _anchors(view, ob.anchor):
            status, due, needs = None, None, ()
            zh = f"自 {path}({show_day(day)})起{ob.period.render('zh')}({ob.period.counting('zh')})"
            en = f"{ob.period.render('en')} from {path} ({show_day(day)}), {ob.period.counting('en')}"
            if day is None:
                status, needs = ItemStatus.UNKNOWN, (path,)
            else:
                try:
                    due = period_end(day, ob.period)
                except ClusterPolicyError as exc:
                    status, zh, en = ItemStatus.UNKNOWN, f"{zh};{exc}", f"{en}; {exc}"
            items.append(
                TimelineItem(
                    id=f"{res.id}{suffix}",
                    rule=res.id,
                    type="obligation",
                    title_zh=res.rule.title_zh,
                    title_en=res.rule.title_en,
                    due=due,
                    # a period's completion is not in the record: it is a date to keep, not to tick off
                    status=status or (ItemStatus.PAST if due < view.as_of else item_status(due, None, view.as_of, soon)),
                    party_zh=ob.party_zh,
                    party_en=ob.party_en,
                    needs=needs,
                    note_zh=zh,
                    note_en=en,
                    citation=res.rule.citation,
                    provenance=res.rule.provenance,
                    origin=res.origin,
                )
            )
    return items


def unencoded_items(view: View) -> list[TimelineItem]:
    items = []
    for res in view.regime.timelines:
        rule = res.rule
        # the review rule is shown by _review_items; calls (call.<year>) concern recommendations, not a record
        if not isinstance(rule.rule, NotEncoded) or res is view.review_rule or res.id.startswith("call."):
            continue
        items.append(not_encoded_item(res.id, res))
    return items


def not_encoded_item(item_id: str, res: Resolved) -> TimelineItem:
    """An obligation whose content no source gives: shown, with its note, and never ticked off."""
    rule = res.rule
    return TimelineItem(
        id=item_id,
        rule=res.id,
        type="obligation",
        title_zh=rule.title_zh,
        title_en=rule.title_en,
        due=None,
        status=ItemStatus.NOT_ENCODED,
        note_zh=rule.rule.note_zh,
        note_en=rule.rule.note_en,
        citation=rule.citation,
        provenance=rule.provenance,
        origin=res.origin,
    )


def dated_period_items(view: View, soon: int) -> list[TimelineItem]:
    """One item per dated period: from the record's event day (``events.<event>``) for its length;
    ``not_started`` before its first day, ``running`` through its last, ``ended`` after."""
    items = []
    periods = rules_of_kind(view.regime, DatedPeriod)
    _unread_events(view, {res.rule.rule.event for res in periods})
    for res in periods:
        rule: DatedPeriod = res.rule.rule
        path = f"events.{rule.event}"
        day = view.record.events.get(rule.event)
        zh = f"自 {path}({show_day(day)})起{rule.period.render('zh')}({rule.period.counting('zh')})"
        en = f"{rule.period.render('en')} from {path} ({show_day(day)}), {rule.period.counting('en')}"
        first = last = None
        status, needs = ItemStatus.UNKNOWN, (path,)
        if day is not None:
            needs = ()
            try:
                first = first_day(day, rule.period)
                last = period_end(day, rule.period)
            except ClusterPolicyError as exc:
                zh, en = f"{zh};{exc}", f"{en}; {exc}"
            else:
                status = ItemStatus.NOT_STARTED if view.as_of < first else ItemStatus.RUNNING if view.as_of <= last else ItemStatus.ENDED
                zh, en = f"{zh}:{first}–{last}", f"{en}: {first}–{last}"
        items.append(
            TimelineItem(
                id=res.id,
                rule=res.id,
                type="period",
                title_zh=res.rule.title_zh,
                title_en=res.rule.title_en,
                starts=first,
                due=last,
                status=status,
                party_zh=rule.party_zh,
                party_en=rule.party_en,
                needs=needs,
                note_zh=zh,
                note_en=en,
                citation=res.rule.citation,
                provenance=res.rule.provenance,
                origin=res.origin,
            )
        )
    return items


def _unread_events(view: View, read: set[str]) -> None:
    """A note for each of the record's events no period of the regime counts from (a misspelt id)."""
    for key in sorted(set(view.record.events) - read):
        import difflib

        close = difflib.get_close_matches(key, sorted(read), n=1)
        view.notes.append(
            Note(
                code="unread_event",
                zh=f"记录中的 events.{key} 未被本制度的任何期间使用" + (f";是否应为 events.{close[0]}?" if close else ""),
                en=f"the record's events.{key} is read by no period of {view.regime.id}" + (f"; did you mean events.{close[0]}?" if close else ""),
            )
        )


def first_day(anchor: date, period: Period) -> date:
    """A period's first day: the anchor when it counts, else the next (working) day."""
    from datetime import timedelta

    from . import workdays

    if period.start_day_counts:
        return anchor
    if period.unit is DayUnit.WORKING_DAYS:
        return workdays.add_working_days(anchor, 1)
    return anchor + timedelta(days=1)


def with_provenance(items: list[TimelineItem], regime: Regime) -> list[TimelineItem]:
    """The items with whose rule each is: inherited from an ancestor, and any interpretation of its author."""
    rules: dict[str, Any] = {}
    for fam in (regime.timelines, regime.revocation_grounds):
        for r in fam:
            rules.setdefault(r.id, r)  # the first of an id, as a search in this order finds it
    added: dict[str, tuple[str | None, Any]] = {r.id: (r.inherited_by(regime.id), r.rule.interpretation) for r in rules.values()}
    out = []
    for item in items:
        inherited, interpretation = added.get(item.rule, (None, None))
        if inherited is None and interpretation is None:
            out.append(item)  # the regime's own rule, as written (or none of its): nothing to add
        else:
            out.append(attrs.evolve(item, inherited_from=inherited, interpretation=interpretation))
    return out


def removed_rules(regime: Regime, family: str) -> tuple[RemovedLifecycleRule, ...]:
    """The parent's rules of ``family`` the regime removes or supersedes, with reason and provenance."""
    return tuple(
        RemovedLifecycleRule(
            rule=x.removal.id,
            by=x.jurisdiction,
            reason_zh=x.removal.reason_zh,
            reason_en=x.removal.reason_en,
            citation=x.removal.citation,
            provenance=x.removal.provenance,
        )
        for x in regime.removed
        if x.family == family
    )
