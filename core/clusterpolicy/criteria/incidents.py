"""The negative list (负面清单): incidents within the last three completed years that bar recognition.

:func:`compile_negative_list` turns a :class:`~clusterpolicy.criteria.kinds.NegativeList` check into
an evaluator, as :mod:`clusterpolicy.criteria.checks` does for the other kinds; an incident in the
year not yet ended is reported for the authority, never counted, and one dated after the assessment
date is said to be outside the window.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..model import Note
from .context import Context, Evaluator, Outcome, incident_window, missing_input, new_outcome
from .kinds import NegativeList
from .results import Measure, Status


def disqualifies(check: NegativeList, incident: Any) -> bool | None:
    """Whether an incident is of a barred kind and grade (None: its grade is needed and missing);
    the row engine and the column kernels both decide by it."""
    unknown = False
    for bar in check.bars:
        if incident.kind in bar.kinds:
            if bar.min_grade is None or (incident.grade is not None and incident.grade.order >= bar.min_grade.order):
                return True
            unknown = unknown or incident.grade is None
    return None if unknown else False


def compile_negative_list(check: NegativeList, problems: list[str]) -> Evaluator:
    def run(ctx: Context) -> Outcome:
        incidents = ctx.profile.incidents
        if incidents is None:
            return missing_input(["incidents"])
        start, end = incident_window(ctx.as_of, check.window_years)
        span = f"{start.isoformat()}–{end.isoformat()}"
        hits, unknown, running, after = [], [], [], []
        for i, incident in enumerate(incidents):
            if end < incident.date:
                if disqualifies(check, incident) is not False:
                    (running if incident.date <= ctx.as_of else after).append(incident)
                continue
            if not start <= incident.date <= end:
                continue
            found = disqualifies(check, incident)
            if found:
                hits.append((i, incident))
            elif found is None:
                unknown.append(f"incidents[{i}].grade")
        remarks: tuple[Note, ...] = ()
        later_zh = later_en = ""
        if running:
            later_zh = f"评估年度 {ctx.as_of.year} 年内(尚未结束,不属于“近三年”已结束的年度)另有事项:{_incidents(running, 'zh')},由主管部门把握"
            later_en = (
                f"in {ctx.as_of.year}, a year not yet ended (not one of the last three completed years), there is also: "
                f"{_incidents(running, 'en')} — for the authority"
            )
            remarks = (Note(code="incident_in_running_year", zh=later_zh, en=later_en),)
            later_zh, later_en = f";{later_zh}", f"; {later_en}"
        if after:
            day = ctx.as_of.isoformat()
            zh = f"评估日 {day} 之后的事项不在“近三年”之内,未计入:{_incidents(after, 'zh')}"
            en = f"dated after the assessment date {day}, outside the last three completed years, not counted: {_incidents(after, 'en')}"
            remarks += (Note(code="incident_after_assessment", zh=zh, en=en),)
            later_zh, later_en = f"{later_zh};{zh}", f"{later_en}; {en}"
        if hits:
            return new_outcome(
                Status.FAIL,
                zh=f"{span} 内有负面清单事项:{_incidents([inc for _, inc in hits], 'zh')}{later_zh}",
                en=f"disqualifying incident(s) within {span}: {_incidents([inc for _, inc in hits], 'en')}{later_en}",
                measured=tuple(Measure(label=f"incidents[{i}]", value=f"{inc.date.isoformat()} {inc.kind.value}") for i, inc in hits),
                remarks=remarks,
            )
        if unknown:
            return missing_input(unknown)._replace(remarks=remarks)
        return new_outcome(
            Status.PASS,
            zh=f"{span} 内无负面清单事项(已核 {len(incidents)} 条记录){later_zh}",
            en=f"no disqualifying incident within {span} ({len(incidents)} record(s) checked){later_en}",
            remarks=remarks,
        )

    return run


def _incidents(incidents: Sequence[Any], lang: str) -> str:
    from ..glossary import incident

    return "; ".join(incident(i.date.isoformat(), i.kind.value, i.grade.value if i.grade else None, lang) for i in incidents)
