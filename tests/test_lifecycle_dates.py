"""Timelines: each regime's dates, batch-specific report days, mid-year vs calendar-year validity,
review extension, unknown dates, start rules, working-day periods across holidays."""

from __future__ import annotations

from datetime import date

import pytest

import clusterpolicy
from clusterpolicy import (
    Anchor,
    Batches,
    BatchValidity,
    Citation,
    DayUnit,
    Jurisdiction,
    Level,
    Period,
    PeriodObligation,
    Provenance,
    RuleChanges,
    StartRule,
    TimelineRule,
    Validity,
    hookimpl,
    record_from_dict,
    timeline,
)
from clusterpolicy.lifecycle.results import ItemStatus
from clusterpolicy.lifecycle.workdays import CalendarRangeError, add_calendar_days, add_working_days, coverage, is_working_day
from builders import source

CITE = Citation(document="测试文件〔2024〕1号", item="第一条")


def record(regime="national", batch=2022, announced="2023-01-11", **extra):
    return record_from_dict({"name": "测试集群", "regime": regime, "batch": batch, "announced": announced, **extra})


def items(tl, prefix):
    return [(i.id, i.due, i.status.value) for i in tl.items if i.id.startswith(prefix)]


def dues(tl, prefix):
    return [i.due for i in tl.items if i.id.startswith(prefix)]


# --- national -----------------------------------------------------------------------------


def test_national_2022_batch_is_valid_2023_to_2025_and_reports_by_april_30(regimes):
    tl = timeline(regimes["national"], record(), date(2024, 1, 1))
    assert [(t.start, t.end, t.source) for t in tl.terms] == [(date(2023, 1, 1), date(2025, 12, 31), "batch")]
    # 每年: through the report on the last validity year (2025), due 2026-04-30
    assert dues(tl, "annual_report") == [date(2023, 4, 30), date(2024, 4, 30), date(2025, 4, 30), date(2026, 4, 30)]
    report = next(i for i in tl.items if i.id == "annual_report.2023")
    assert (report.citation.document, report.citation.item, report.provenance) == ("工信部企业函〔2023〕3号", "三", Provenance.TEXT)
    assert report.title_en.endswith("(covering 2022)")  # the report due in 2023 covers 2022
    start = next(i for i in tl.items if i.id == "validity.start")
    assert (start.citation.item, start.citation.quote) == ("五", "集群认定有效期为2023年至2025年")


def test_national_2023_batch_reports_by_april_30_and_2024_batch_by_march_31(regimes):
    validity = {"validity": {"start": "2024-01-01", "end": "2026-12-31"}}
    tl23 = timeline(regimes["national"], record(batch=2023, announced="2023-12-20", **validity), date(2024, 1, 1))
    assert dues(tl23, "annual_report") == [date(2024, 4, 30), date(2025, 4, 30), date(2026, 4, 30), date(2027, 4, 30)]
    assert {i.provenance for i in tl23.items if i.id.startswith("annual_report")} == {Provenance.SECONDARY}
    validity = {"validity": {"start": "2025-01-01", "end": "2027-12-31"}}
    tl24 = timeline(regimes["national"], record(batch=2024, announced="2024-12-30", **validity), date(2025, 1, 1))
    assert dues(tl24, "annual_report") == [date(2025, 3, 31), date(2026, 3, 31), date(2027, 3, 31), date(2028, 3, 31)]


def test_national_later_batch_without_dates_says_what_the_record_must_supply(regimes):
    tl = timeline(regimes["national"], record(batch=2024, announced="2024-12-30"), date(2025, 6, 1))
    assert tl.needs == ("validity.start", "validity.end")
    assert [(t.start, t.end) for t in tl.terms] == [(None, None)]
    assert items(tl, "validity") == [("validity.end.1", None, "unknown"), ("validity.start", None, "unknown")]
    assert "the record must supply validity.start, validity.end (nothing is guessed)" in tl.notes[0].en
    # with the start alone, the end follows from the three-year term
    tl = timeline(regimes["national"], record(batch=2024, announced="2024-12-30", validity={"start": "2025-01-01"}), date(2025, 6, 1))
    assert [(t.start, t.end, t.source) for t in tl.terms] == [(date(2025, 1, 1), date(2027, 12, 31), "rule")]
    assert tl.needs == ()
    start = next(i for i in tl.items if i.id == "validity.start")
    end = next(i for i in tl.items if i.id == "validity.end.1")
    assert start.citation is None and end.citation.document == "工信部企业〔2022〕119号"  # record's day vs the rule's term


def test_review_pass_extends_by_three_years_and_reports_continue(regimes):
    rec = record(reviews=[{"applied": "2025-05-20", "result": "passed", "decided": "2025-12-18"}])
    tl = timeline(regimes["national"], rec, date(2026, 3, 1))
    assert [(t.start, t.end) for t in tl.terms] == [(date(2023, 1, 1), date(2025, 12, 31)), (date(2026, 1, 1), date(2028, 12, 31))]
    assert dues(tl, "annual_report")[-4:] == [date(2026, 4, 30), date(2027, 4, 30), date(2028, 4, 30), date(2029, 4, 30)]
    assert items(tl, "review") == [
        ("review.1.opened", date(2025, 3, 3), "past"),
        ("review.1.forward", date(2025, 7, 15), "past"),
        ("review.1.apply", None, "done"),  # within the 2025 round (it closed on 2025-07-15)
        ("review.2", None, "not_encoded"),  # no source gives the round for the extended term
    ]
    # the same record asked about a day before the decision: not yet extended
    tl = timeline(regimes["national"], rec, date(2025, 12, 17))
    assert [t.end for t in tl.terms] == [date(2025, 12, 31)]


# --- Hainan and Anhui ------------------------------------------------------------------------


def test_hainan_2023_batch_is_valid_mid_year_and_reports_by_march_30(regimes):
    rec = record("hainan", 2023, "2023-06-20", reviews=[{"applied": "2026-05-01", "result": "passed", "decided": "2026-08-01"}])
    tl = timeline(regimes["hainan"], rec, date(2026, 9, 1))
    assert [(t.start, t.end) for t in tl.terms] == [(date(2023, 7, 1), date(2026, 6, 30)), (date(2026, 7, 1), date(2029, 6, 30))]
    assert dues(tl, "annual_report") == [date(y, 3, 30) for y in range(2024, 2031)]  # the extended term ends in 2029
    first = next(i for i in tl.items if i.id == "annual_report.2024")
    assert (first.citation.item, first.party_zh) == ("第十三条", "各市(县)中小企业主管部门 → 省工信厅")
    review = next(i for i in tl.items if i.id == "review.1")
    assert "考核集群三年发展规划目标完成情况" in review.note_zh
    assert review.note_zh.startswith("有效期满后,由省工信厅组织开展复核工作;未规定申请期限;")
    assert (review.status, review.done_on) == (ItemStatus.DONE, date(2026, 5, 1))
    assert not [i for i in tl.items if i.id.startswith("call.")]  # national calls removed
    assert "发展规划执行情况、目标进展、工作经验、问题与改进措施" in first.note_zh  # art. 13: what the report covers


def test_anhui_2023_batch_and_what_is_not_encoded(regimes):
    tl = timeline(regimes["anhui"], record("anhui", 2023, "2023-03-01"), date(2025, 1, 1))
    assert [(t.start, t.end) for t in tl.terms] == [(date(2023, 1, 1), date(2025, 12, 31))]
    assert dues(tl, "annual_report") == [date(2023, 3, 30), date(2024, 3, 30), date(2025, 3, 30), date(2026, 3, 30)]
    report = next(i for i in tl.items if i.id == "annual_report.2024")
    assert report.party_en == "(reporter not stated) → provincial SME department"
    assert report.citation.document == "安徽省经济和信息化厅 2023-07-31 2023年度安徽省中小企业特色产业集群名单通知"  # not 44号
    assert items(tl, "review") == [("review.1", None, "not_encoded")]
    # a later batch: no term is known, so both ends come from the record
    tl = timeline(regimes["anhui"], record("anhui", 2024, "2024-05-01", validity={"start": "2024-06-01"}), date(2025, 1, 1))
    assert tl.needs == ("validity.end",)


def test_record_dates_that_differ_from_the_batch_are_used_with_a_note(regimes):
    tl = timeline(regimes["national"], record(validity={"end": "2025-12-30"}), date(2024, 1, 1))
    assert tl.terms[0].end == date(2025, 12, 30)
    assert tl.notes[0].code == "validity_differs"


# --- start rules and periods, through an inline regime ------------------------------------


class Province:
    @hookimpl
    def clusterpolicy_jurisdictions(self):
        return [Jurisdiction(id="testprov", name_zh="测试省", name_en="Test province", level=Level.PROVINCIAL, sources=(source(CITE.document),))]

    @hookimpl
    def clusterpolicy_timelines(self):
        def entry(first, last, how):
            return BatchValidity(batches=Batches(first=first, last=last), start_rule=how, citation=CITE, provenance=Provenance.TEXT)

        return [
            RuleChanges(
                jurisdiction="testprov",
                add=(
                    TimelineRule(
                        id="validity",
                        title_zh="有效期",
                        title_en="Validity",
                        rule=Validity(
                            term_years=3,
                            batches=(entry(2020, 2020, StartRule.JANUARY_AFTER_ANNOUNCEMENT), entry(2021, None, StartRule.ANNOUNCEMENT_DATE)),
                        ),
                        citation=CITE,
                        provenance=Provenance.TEXT,
                    ),
                    TimelineRule(
                        id="publicity",
                        title_zh="公示5个工作日",
                        title_en="Publicity: 5 working days",
                        rule=PeriodObligation(anchor=Anchor.ANNOUNCEMENT, period=Period(length=5, unit=DayUnit.WORKING_DAYS)),
                        citation=CITE,
                        provenance=Provenance.TEXT,
                    ),
                    TimelineRule(
                        id="objection",
                        title_zh="异议期10日",
                        title_en="Objections: 10 days",
                        rule=PeriodObligation(anchor=Anchor.ANNOUNCEMENT, period=Period(length=10, unit=DayUnit.CALENDAR_DAYS)),
                        citation=CITE,
                        provenance=Provenance.TEXT,
                    ),
                ),
            )
        ]


@pytest.fixture(scope="module")
def testprov():
    return clusterpolicy.load_regimes(entry_points=False, extra=[("testprov", Province())])["testprov"]


def test_start_on_january_after_announcement(testprov):
    tl = timeline(testprov, record("testprov", 2020, "2020-11-05"), date(2021, 1, 1))
    assert [(t.start, t.end, t.source) for t in tl.terms] == [(date(2021, 1, 1), date(2023, 12, 31), "rule")]


def test_start_on_the_announcement_date(testprov):
    tl = timeline(testprov, record("testprov", 2024, "2024-02-29"), date(2024, 3, 1))
    assert [(t.start, t.end) for t in tl.terms] == [(date(2024, 2, 29), date(2027, 2, 28))]  # the day before 1 March 2027


def test_working_day_period_across_national_day_2024_with_make_up_days(testprov):
    # Fri 2024-09-27 → Sun 09-29 is a make-up workday (1), Mon 09-30 (2), 10-01…10-07 holiday,
    # Tue 10-08 (3), Wed 10-09 (4), Thu 10-10 (5)
    tl = timeline(testprov, record("testprov", 2024, "2024-09-27"), date(2024, 10, 9))
    (item,) = [i for i in tl.items if i.id == "publicity"]
    assert (item.due, item.status) == (date(2024, 10, 10), ItemStatus.DUE_SOON)
    day_of = next(i for i in timeline(testprov, record("testprov", 2024, "2024-09-27"), date(2024, 10, 10)).items if i.id == "publicity")
    day_after = next(i for i in timeline(testprov, record("testprov", 2024, "2024-09-27"), date(2024, 10, 11)).items if i.id == "publicity")
    assert (day_of.status, day_after.status) == (ItemStatus.DUE_SOON, ItemStatus.PAST)


def test_calendar_day_period_ending_in_a_holiday_moves_to_the_next_working_day(testprov):
    # 2024-09-24 + 10 days = 10-04 (National Day holiday) → next working day Tue 10-08 (民法典 第203条)
    tl = timeline(testprov, record("testprov", 2024, "2024-09-24"), date(2024, 9, 25))
    assert next(i for i in tl.items if i.id == "objection").due == date(2024, 10, 8)


def test_period_beyond_the_calendar_is_unknown_not_guessed(testprov):
    last = coverage()[1]
    tl = timeline(testprov, record("testprov", last, f"{last}-12-28"), date(last, 12, 29))
    item = next(i for i in tl.items if i.id == "publicity")
    assert (item.due, item.status) == (None, ItemStatus.UNKNOWN)
    assert "is outside the working-day calendar (chinese-calendar" in item.note_en and f"covers 2004–{last}" in item.note_en


# --- the calendar module -----------------------------------------------------------------------


def test_spring_festival_2024_with_make_up_sundays():
    assert is_working_day(date(2024, 2, 4)) and is_working_day(date(2024, 2, 18))  # Sundays worked (调休)
    assert not is_working_day(date(2024, 2, 12))  # Monday in the holiday
    # Thu 02-08 → Fri 02-09 (1), holiday 02-10…02-17, Sun 02-18 make-up (2), Mon 02-19 (3)
    assert add_working_days(date(2024, 2, 8), 3) == date(2024, 2, 19)
    assert add_working_days(date(2024, 2, 8), 1) == date(2024, 2, 9)


def test_national_day_2024_make_up_saturday():
    assert is_working_day(date(2024, 10, 12))  # Saturday worked
    assert add_working_days(date(2024, 10, 11), 1) == date(2024, 10, 12)
    assert add_calendar_days(date(2024, 9, 21), 10) == date(2024, 10, 8)


def test_dates_outside_the_calendar_raise_a_clear_error():
    first, last = coverage()
    with pytest.raises(CalendarRangeError, match=rf"{last + 1}-01-04 is outside the working-day calendar .* covers {first}–{last}"):
        is_working_day(date(last + 1, 1, 4))
    assert CalendarRangeError.exit_code == 2
