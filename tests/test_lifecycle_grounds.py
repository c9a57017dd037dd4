"""Revocation grounds and lifecycle states, each at its edges: the day before / of / after a
deadline, an incident graded just below the bar, a missing input."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

import clusterpolicy
from clusterpolicy import (
    Batches,
    BatchValidity,
    ChangeAspect,
    Citation,
    DayUnit,
    Jurisdiction,
    Level,
    Period,
    Provenance,
    RevocationGround,
    RuleChanges,
    StartRule,
    TimelineRule,
    UnreportedChange,
    Validity,
    hookimpl,
    lifecycle_status,
    record_from_dict,
)
from clusterpolicy.lifecycle.results import GroundStatus, State
from builders import source

CITE = Citation(document="测试文件〔2024〕1号", item="第一条")
D = date.fromisoformat


def record(regime="national", batch=2022, announced="2023-01-11", **extra):
    return record_from_dict({"name": "测试集群", "regime": regime, "batch": batch, "announced": announced, **extra})


def ground(st, gid):
    g = next(g for g in st.grounds if g.ground == gid)
    return g.status.value, g.since


def reports(*pairs):
    return [{"year": y, "filed": f} for y, f in pairs]


ON_TIME = reports((2022, "2023-04-30"), (2023, "2024-04-30"), (2024, "2025-04-30"))


# --- (一) expiry without review ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "expected", "state"),
    [
        ("2025-12-30", ("not_found", None), "active"),
        ("2025-12-31", ("not_found", None), "active"),  # the last day of validity
        ("2026-01-01", ("found", D("2026-01-01")), "revocation_grounds_found"),
    ],
)
def test_expiry_without_application(regimes, as_of, expected, state):
    st = lifecycle_status(regimes["national"], record(annual_reports=ON_TIME, incidents=[]), D(as_of))
    assert ground(st, "revocation.expiry") == expected
    assert st.state.value == state


@pytest.mark.parametrize(
    ("applied", "expected"),
    [
        ("2025-07-14", ("not_found", None)),
        ("2025-07-15", ("not_found", None)),  # the day the 2025 round closes: inside the round
        ("2025-07-16", ("needs_review", None)),  # after the round closed: for the authority
        ("2025-10-20", ("needs_review", None)),  # the example: never a silent "not found"
        ("2026-01-01", ("needs_review", None)),
    ],
)
def test_expiry_with_a_pending_application_is_judged_against_the_round(regimes, applied, expected):
    st = lifecycle_status(regimes["national"], record(reviews=[{"applied": applied}], annual_reports=ON_TIME, incidents=[]), D("2026-01-05"))
    assert ground(st, "revocation.expiry") == expected
    assert st.validity_state is State.IN_REVIEW


def test_failed_review_is_the_ground_from_its_decision(regimes):
    rec = record(reviews=[{"applied": "2025-06-01", "result": "failed", "decided": "2026-01-20"}], annual_reports=ON_TIME, incidents=[])
    assert ground(lifecycle_status(regimes["national"], rec, D("2026-01-19")), "revocation.expiry") == ("not_found", None)
    assert ground(lifecycle_status(regimes["national"], rec, D("2026-01-20")), "revocation.expiry") == ("found", D("2026-01-20"))


@pytest.mark.parametrize("jid", ["national", "hainan"])
def test_a_review_failed_within_validity_is_the_ground_from_its_decision(regimes, jid):
    """经复核未通过 is a ground of its own: the 2022 batch was reviewed within its validity (2025 call)."""
    rec = (
        record(reviews=[{"applied": "2025-06-01", "result": "failed", "decided": "2025-12-20"}], annual_reports=ON_TIME, incidents=[])
        if jid == "national"
        else record("hainan", 2023, "2023-06-20", reviews=[{"applied": "2026-03-01", "result": "failed", "decided": "2026-05-20"}], incidents=[])
    )
    day, end = ("2025-12-20", "2025-12-31") if jid == "national" else ("2026-05-20", "2026-06-30")
    before = lifecycle_status(regimes[jid], rec, D(day) - timedelta(days=1))
    assert (ground(before, "revocation.expiry"), before.validity_state) == (("not_found", None), State.ACTIVE)
    st = lifecycle_status(regimes[jid], rec, D(day))
    g = next(g for g in st.grounds if g.ground == "revocation.expiry")
    assert (g.status, g.since, g.evidence) == (GroundStatus.FOUND, D(day), ("reviews[0]",))
    assert g.reason_en == f"the review failed on {day} (validity runs until {end})"
    assert (st.state, st.validity_state) == (State.REVOCATION_GROUNDS_FOUND, State.ACTIVE)
    assert "有效期满 is read as qualifying 未申请复核 only" in g.interpretation.note_en  # a reading, said with the ground
    after = lifecycle_status(regimes[jid], rec, D(end) + timedelta(days=1))
    assert ground(after, "revocation.expiry") == ("found", D(day))


def test_a_failed_review_is_the_ground_even_where_validity_is_unknown(regimes):
    rec = record(batch=2024, announced="2024-12-30", reviews=[{"applied": "2025-03-01", "result": "failed", "decided": "2025-05-01"}], incidents=[])
    assert ground(lifecycle_status(regimes["national"], rec, D("2025-06-01")), "revocation.expiry") == ("found", D("2025-05-01"))


def test_after_a_failed_review_the_report_on_the_last_validity_year_still_falls_due(regimes):
    """The cluster stays 已认定 until revoked (ground (一) after expiry presupposes it): the report on
    2025 is due 2026-04-30 and not sending it is ground (三); nothing falls due beyond it."""
    rec = record(reviews=[{"applied": "2025-06-01", "result": "failed", "decided": "2025-12-20"}], annual_reports=ON_TIME, incidents=[])
    st = lifecycle_status(regimes["national"], rec, D("2026-05-01"))
    assert ground(st, "revocation.reporting") == ("found", D("2026-05-01"))
    tl = clusterpolicy.timeline(regimes["national"], rec, D("2027-06-01"))
    assert [i.due for i in tl.items if i.id.startswith("annual_report")][-1] == D("2026-04-30")


def test_passed_review_keeps_it_active_until_the_extended_end(regimes):
    rec = record(reviews=[{"applied": "2025-06-01", "result": "passed", "decided": "2025-12-10"}], annual_reports=ON_TIME, incidents=[])
    st = lifecycle_status(regimes["national"], rec, D("2026-01-01"))
    assert (st.state, st.valid_until) == (State.ACTIVE, D("2028-12-31"))
    assert ground(st, "revocation.expiry") == ("not_found", None)
    st = lifecycle_status(regimes["national"], rec, D("2029-01-01"))
    # no source gives the review round of the extended term: awaiting review, never a finding
    assert ground(st, "revocation.expiry") == ("not_encoded", None)
    assert st.validity_state is State.AWAITING_REVIEW


def test_a_passed_review_without_an_application_day_still_extends(regimes):
    rec = record(reviews=[{"result": "passed", "decided": "2025-12-10"}], annual_reports=ON_TIME, incidents=[])
    st = lifecycle_status(regimes["national"], rec, D("2026-02-01"))
    assert (st.state, ground(st, "revocation.expiry")) == (State.ACTIVE, ("not_found", None))
    tl = clusterpolicy.timeline(regimes["national"], rec, D("2026-02-01"))
    assert [(i.id, i.status.value, i.done_on) for i in tl.items if i.id.startswith("review.")] == [
        ("review.1.opened", "past", None),
        ("review.1.forward", "past", None),
        ("review.1.apply", "done", None),
        ("review.2", "not_encoded", None),
    ]


def test_unknown_validity_leaves_ground_one_unknown(regimes):
    rec = record(batch=2024, announced="2024-12-30", annual_reports=reports((2024, "2025-03-20")), incidents=[])
    st = lifecycle_status(regimes["national"], rec, D("2025-06-01"))
    g = next(g for g in st.grounds if g.ground == "revocation.expiry")
    assert (g.status, g.missing) == (GroundStatus.UNKNOWN, ("validity.start", "validity.end"))
    assert st.state is State.UNKNOWN


# --- (二) findings -------------------------------------------------------------------------------


def test_false_declaration_counts_from_the_day_it_is_established(regimes):
    rec = record(findings=[{"kind": "false_declaration", "date": "2024-03-05"}], incidents=[])
    assert ground(lifecycle_status(regimes["national"], rec, D("2024-03-04")), "revocation.false_declaration") == ("not_found", None)
    assert ground(lifecycle_status(regimes["national"], rec, D("2024-03-05")), "revocation.false_declaration") == ("found", D("2024-03-05"))
    # monitoring refused is ground (三), not (二)
    rec = record(findings=[{"kind": "monitoring_refused", "date": "2024-03-05"}], incidents=[])
    st = lifecycle_status(regimes["national"], rec, D("2024-03-05"))
    assert ground(st, "revocation.false_declaration") == ("not_found", None)
    assert ground(st, "revocation.reporting") == ("found", D("2024-03-05"))


# --- (三) annual report not in time ------------------------------------------------------------


@pytest.mark.parametrize(
    ("filed", "as_of", "expected"),
    [
        ("2024-04-29", "2024-06-01", ("not_found", None)),
        ("2024-04-30", "2024-06-01", ("not_found", None)),  # on the day: in time (…前 read as "by")
        ("2024-05-01", "2024-06-01", ("found", D("2024-05-01"))),  # a day late
        (None, "2024-04-30", ("not_found", None)),  # not yet filed, but still the due day
        (None, "2024-05-01", ("found", D("2024-05-01"))),
    ],
)
def test_national_annual_report_deadline(regimes, filed, as_of, expected):
    filed_reports = reports((2022, "2023-04-20")) + (reports((2023, filed)) if filed else [])
    st = lifecycle_status(regimes["national"], record(annual_reports=filed_reports, incidents=[]), D(as_of))
    assert ground(st, "revocation.reporting") == expected


def test_hainan_report_day_is_march_30(regimes):
    rec = record("hainan", 2023, "2023-06-20", annual_reports=reports((2023, "2024-03-31")), incidents=[])
    assert ground(lifecycle_status(regimes["hainan"], rec, D("2024-03-30")), "revocation.reporting") == ("not_found", None)
    st = lifecycle_status(regimes["hainan"], rec, D("2024-04-01"))
    assert ground(st, "revocation.reporting") == ("found", D("2024-03-31"))
    assert next(g for g in st.grounds if g.ground == "revocation.reporting").citation.item == "第十四条(三)"


# --- (四) major change ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"reported": "2024-09-02"}, "not_found"),  # reported the day it happened
        ({"reported": "2024-09-03"}, "needs_review"),  # a day later: no deadline stated (及时)
        ({}, "needs_review"),  # not reported yet
        ({"never_reported": True}, "found"),
    ],
)
def test_national_major_change_without_a_stated_deadline(regimes, change, expected):
    rec = record(major_changes=[{"aspect": "leading_industry", "date": "2024-09-02", **change}], annual_reports=ON_TIME, incidents=[])
    st = lifecycle_status(regimes["national"], rec, D("2024-10-01"))
    g = next(g for g in st.grounds if g.ground == "revocation.major_change")
    assert g.status.value == expected
    assert g.evidence == ("major_changes[0]",)
    if expected == "needs_review":
        assert "no deadline is stated (及时): whether this was in time is for the authority" in g.reason_en
        assert st.open_questions == 1 and st.state is State.ACTIVE


def test_a_report_dated_after_the_as_of_day_is_not_yet_made(regimes):
    rec = record(major_changes=[{"aspect": "spatial_scope", "date": "2024-09-02", "reported": "2024-09-02"}], incidents=[])
    st = lifecycle_status(regimes["national"], rec, D("2024-09-01"))  # before the change
    assert ground(st, "revocation.major_change") == ("not_found", None)


class Strict:
    """A province that fixes a deadline: major changes reported within 3 working days."""

    @hookimpl
    def clusterpolicy_jurisdictions(self):
        return [Jurisdiction(id="strict", name_zh="严格省", name_en="Strict province", level=Level.PROVINCIAL, sources=(source(CITE.document),))]

    @hookimpl
    def clusterpolicy_timelines(self):
        validity = Validity(
            term_years=3,
            batches=(BatchValidity(batches=Batches(), start_rule=StartRule.ANNOUNCEMENT_DATE, citation=CITE, provenance=Provenance.TEXT),),
        )
        return [RuleChanges(jurisdiction="strict", add=(TimelineRule(id="validity", title_zh="有效期", title_en="Validity", rule=validity, citation=CITE, provenance=Provenance.TEXT),))]

    @hookimpl
    def clusterpolicy_revocation_grounds(self):
        g = UnreportedChange(aspects=(ChangeAspect.OPERATING_BODY,), report_within=Period(length=3, unit=DayUnit.WORKING_DAYS))
        return [
            RuleChanges(
                jurisdiction="strict",
                add=(RevocationGround(id="change", item="(四)", title_zh="变动", title_en="Change", ground=g, citation=CITE, provenance=Provenance.TEXT),),
            )
        ]


@pytest.fixture(scope="module")
def strict():
    return clusterpolicy.load_regimes(entry_points=False, extra=[("strict", Strict())])["strict"]


@pytest.mark.parametrize(
    ("reported", "as_of", "expected"),
    [
        # change on Thu 2024-02-08; 3 working days: Fri 02-09, (holiday 02-10…17), Sun 02-18 make-up, Mon 02-19
        ("2024-02-19", "2024-03-01", ("not_found", None)),
        ("2024-02-20", "2024-03-01", ("found", D("2024-02-20"))),
        (None, "2024-02-19", ("not_found", None)),
        (None, "2024-02-20", ("found", D("2024-02-20"))),
    ],
)
def test_major_change_with_a_working_day_deadline_across_spring_festival(strict, reported, as_of, expected):
    change = {"aspect": "operating_body", "date": "2024-02-08", **({"reported": reported} if reported else {})}
    rec = record("strict", 2023, "2023-06-01", major_changes=[change])
    assert ground(lifecycle_status(strict, rec, D(as_of)), "change") == expected


def test_aspects_outside_the_ground_are_ignored(strict):
    rec = record("strict", 2023, "2023-06-01", major_changes=[{"aspect": "leading_industry", "date": "2024-02-08"}])
    assert ground(lifecycle_status(strict, rec, D("2024-06-01")), "change") == ("not_found", None)


# --- (五) incidents ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("incident", "expected"),
    [
        ({"kind": "safety_accident", "grade": "general"}, "not_found"),  # just below 较大
        ({"kind": "safety_accident", "grade": "larger"}, "found"),  # 较大及以上: at the bar
        ({"kind": "environmental_accident", "grade": "especially_major"}, "found"),
        ({"kind": "data_security_incident", "grade": "larger"}, "not_found"),  # just below 重大
        ({"kind": "cyber_security_incident", "grade": "major"}, "found"),
        ({"kind": "tax_evasion"}, "found"),  # any occurrence
        ({"kind": "quality_accident"}, "unknown"),  # graded kind without a grade
    ],
)
def test_incident_grades(regimes, incident, expected):
    st = lifecycle_status(regimes["national"], record(incidents=[{"date": "2024-05-01", **incident}]), D("2024-06-01"))
    g = next(g for g in st.grounds if g.ground == "revocation.incident")
    assert g.status.value == expected
    if expected == "unknown":
        assert g.missing == ("incidents[0].grade",)


@pytest.mark.parametrize(
    ("day", "expected"),
    [("2022-12-31", "not_found"), ("2023-01-01", "found"), ("2024-06-01", "found"), ("2024-06-02", "not_found")],
)
def test_incident_window_is_validity_up_to_the_as_of_day(regimes, day, expected):
    rec = record(incidents=[{"date": day, "kind": "safety_accident", "grade": "major"}])
    assert ground(lifecycle_status(regimes["national"], rec, D("2024-06-01")), "revocation.incident")[0] == expected


def test_an_incident_outside_the_window_is_named_not_silently_dropped(regimes):
    """Art. 17(五) sets no window: the validity window is an interpretation, said with the ground."""
    rec = record(
        incidents=[
            {"date": "2022-12-01", "kind": "environmental_accident", "grade": "major"},  # before validity
            {"date": "2024-08-01", "kind": "cyber_security_incident", "grade": "larger"},  # below the bar
        ]
    )
    st = lifecycle_status(regimes["national"], rec, D("2024-12-01"))
    g = next(g for g in st.grounds if g.ground == "revocation.incident")
    assert (g.status, g.evidence) == (GroundStatus.NOT_FOUND, ("incidents[0]",))
    assert g.reason_en == (
        "no incident meeting the bar within validity (2023-01-01–2024-12-01); 2 record(s) checked; outside that window, not counted: "
        "2022-12-01 environmental_accident (major), before validity started on 2023-01-01 — whether it matters is for the authority"
    )
    assert g.reason_zh.endswith("窗口外未计入:2022-12-01 环境污染事故(重大),在有效期开始(2023-01-01)之前;是否影响由主管部门判断")
    assert g.interpretation.note_en.startswith("the text sets no time window; read as incidents during the validity")
    later = record(incidents=[{"date": "2026-01-10", "kind": "tax_evasion"}, {"date": "2025-03-02", "kind": "safety_accident", "grade": "larger"}])
    g = next(g for g in lifecycle_status(regimes["national"], later, D("2026-02-01")).grounds if g.ground == "revocation.incident")
    assert (g.status, g.since, g.evidence) == (GroundStatus.FOUND, D("2025-03-02"), ("incidents[1]",))
    assert g.reason_en.endswith("outside that window, not counted: 2026-01-10 tax_evasion, after validity ended on 2025-12-31 — whether it matters is for the authority")
    hainan = next(g for g in lifecycle_status(regimes["hainan"], record("hainan", 2023, "2023-06-20", incidents=[]), D("2024-01-01")).grounds if g.ground == "revocation.incident")
    assert hainan.interpretation == g.interpretation  # the same reading, with Hainan's ground (art. 14(五))


def test_incidents_not_given_leave_ground_five_unknown(regimes):
    st = lifecycle_status(regimes["national"], record(), D("2024-06-01"))
    g = next(g for g in st.grounds if g.ground == "revocation.incident")
    assert (g.status, g.missing) == (GroundStatus.UNKNOWN, ("incidents",))


# --- states --------------------------------------------------------------------------------------


def test_not_yet_valid_before_the_list(regimes):
    assert lifecycle_status(regimes["national"], record(incidents=[]), D("2022-12-31")).state is State.NOT_YET_VALID
    st = lifecycle_status(regimes["hainan"], record("hainan", 2023, "2023-06-20", incidents=[]), D("2023-06-30"))
    assert st.state is State.NOT_YET_VALID and st.reasons[0].en == "validity starts on 2023-07-01"


def test_anhui_expires_and_says_its_grounds_are_not_encoded(regimes):
    st = lifecycle_status(regimes["anhui"], record("anhui", 2023, "2023-03-01", incidents=[]), D("2026-01-01"))
    assert (st.state, st.open_questions) == (State.EXPIRED, 1)
    (g,) = st.grounds
    assert g.status is GroundStatus.NOT_ENCODED and "national art. 17 is not borrowed" in g.reason_en
    assert lifecycle_status(regimes["anhui"], record("anhui", 2023, "2023-03-01"), D("2025-12-31")).state is State.ACTIVE


def test_record_for_another_regime_is_refused(regimes):
    with pytest.raises(clusterpolicy.InputError, match=r"\$.regime: the record is for 'hainan', not 'national'"):
        lifecycle_status(regimes["national"], record("hainan", 2023, "2023-06-20"), D("2024-01-01"))
