"""Review rounds as data (issue 11): ground (一) judged against the batch's round, never against an
invented "apply before validity ends"; Hainan's review after expiry as a state of its own; annual
reports through the last validity year and while in review; the 2023 and 2025 calls. Each at the
day before / of / after its deadline."""

from __future__ import annotations

from datetime import date

import pytest

import clusterpolicy
from clusterpolicy import (
    Batches,
    BatchValidity,
    Citation,
    Jurisdiction,
    Level,
    LoadError,
    Provenance,
    RecommendationCall,
    Quota,
    Review,
    ReviewRound,
    ReviewStep,
    RuleChanges,
    StartRule,
    Submitter,
    TimelineRule,
    Validity,
    hookimpl,
    lifecycle_status,
    record_from_dict,
    timeline,
)
from clusterpolicy.lifecycle.record import Recommendations
from clusterpolicy.lifecycle.results import GroundStatus, ItemStatus, State
from builders import source

D = date.fromisoformat
CITE = Citation(document="测试省〔2024〕1号", item="第十条")
ON_TIME = [{"year": y, "filed": f"{y + 1}-04-20"} for y in (2022, 2023, 2024)]


def record(regime="national", batch=2022, announced="2023-01-11", **extra):
    return record_from_dict({"name": "测试集群", "regime": regime, "batch": batch, "announced": announced, **extra})


def expiry(st):
    g = next(g for g in st.grounds if g.ground == "revocation.expiry")
    return g.status.value, g.since


def item(tl, iid):
    return next(i for i in tl.items if i.id == iid)


# --- the national 2022 batch: its round is the 2025 call -------------------------------------


def test_the_2022_round_items_say_who_files_to_whom_and_by_when(regimes):
    tl = timeline(regimes["national"], record(annual_reports=ON_TIME, incidents=[]), D("2025-06-01"))
    assert [i.id for i in tl.items if i.id.startswith("review.")] == ["review.1.opened", "review.1.forward", "review.1.apply"]
    opened = item(tl, "review.1.opened")
    assert (opened.due, opened.status, opened.note_en) == (D("2025-03-03"), ItemStatus.PAST, "every cluster of the batch must take part")
    apply = item(tl, "review.1.apply")
    assert (apply.due, apply.party_en) == (None, "county-level SME authority → provincial SME authority")  # no day for the county: not invented
    assert "the national notice sets no day for the county's filing: the province's relay notice does (not encoded)" in apply.note_en
    assert "the round closes on 2025-07-15 (provincial SME authority → MIIT (SME Bureau)): apply before then" in apply.note_en
    forward = item(tl, "review.1.forward")
    assert (forward.due, forward.citation.item, forward.provenance) == (D("2025-07-15"), "二(二)、三(三)", Provenance.TEXT)
    assert [m.attachment for m in forward.materials] == ["附件3", "附件4"]
    assert forward.note_zh.endswith(
        "报送:《中小企业特色产业集群复核申报表》(附件3)及佐证材料、《2022年度中小企业特色产业集群复核情况汇总表》(附件4);"
        "加盖公章,各一式3份及电子版光盘1份,通过邮政特快专递(EMS)寄送"
    )
    assert not [i for i in tl.items if "before validity ends" in i.title_en]  # the invented obligation is gone


@pytest.mark.parametrize(
    ("as_of", "status"),
    [
        ("2025-06-14", ItemStatus.UPCOMING),
        ("2025-06-15", ItemStatus.DUE_SOON),  # 30 days before the round closes
        ("2025-07-15", ItemStatus.DUE_SOON),  # the day it closes: still in time
        ("2025-07-16", ItemStatus.OVERDUE),  # closed without an application
    ],
)
def test_the_application_is_due_by_the_rounds_close(regimes, as_of, status):
    tl = timeline(regimes["national"], record(), D(as_of))
    assert item(tl, "review.1.apply").status is status


@pytest.mark.parametrize(
    ("applied", "status"),
    [("2025-07-14", ItemStatus.DONE), ("2025-07-15", ItemStatus.DONE), ("2025-07-16", ItemStatus.DONE_LATE)],
)
def test_an_application_after_the_round_closed_is_done_late(regimes, applied, status):
    tl = timeline(regimes["national"], record(reviews=[{"applied": applied}]), D("2025-08-01"))
    assert (item(tl, "review.1.apply").status, item(tl, "review.1.apply").done_on) == (status, D(applied))


@pytest.mark.parametrize(
    ("as_of", "ground", "state"),
    [
        ("2025-07-16", ("not_found", None), "active"),  # the round closed, but validity runs to 2025-12-31
        ("2025-12-31", ("not_found", None), "active"),
        ("2026-01-01", ("found", D("2026-01-01")), "expired"),  # expired, and the round closed without an application
    ],
)
def test_no_application_in_the_round_is_ground_one_only_after_expiry(regimes, as_of, ground, state):
    st = lifecycle_status(regimes["national"], record(annual_reports=ON_TIME, incidents=[]), D(as_of))
    assert expiry(st) == ground
    assert st.validity_state.value == state
    if ground[0] == "found":
        reason = next(g for g in st.grounds if g.ground == "revocation.expiry").reason_en
        assert reason == "validity ended on 2025-12-31 and the review round review_round.2022 closed on 2025-07-15 with no review applied for"


def test_the_issue_example_an_application_on_2025_10_20_is_for_the_authority(regimes):
    st = lifecycle_status(regimes["national"], record(reviews=[{"applied": "2025-10-20"}], annual_reports=ON_TIME, incidents=[]), D("2026-01-05"))
    g = next(g for g in st.grounds if g.ground == "revocation.expiry")
    assert (g.status, g.evidence) == (GroundStatus.NEEDS_REVIEW, ("reviews[0]",))
    assert g.reason_en == (
        "validity ended on 2025-12-31; review applied for on 2025-10-20, after the review round review_round.2022 closed "
        "on 2025-07-15: whether a late application is accepted is for the authority"
    )
    assert st.validity_state is State.IN_REVIEW and st.state is State.IN_REVIEW
    inside = lifecycle_status(regimes["national"], record(reviews=[{"applied": "2025-07-15"}], annual_reports=ON_TIME, incidents=[]), D("2026-01-05"))
    assert next(g for g in inside.grounds if g.ground == "revocation.expiry").reason_en == (
        "validity ended on 2025-12-31; review applied for on 2025-07-15 within the review round review_round.2022; no result yet"
    )


def test_a_false_report_during_the_round_cancels_the_clusters_place(regimes):
    rec = record(reviews=[{"applied": "2025-05-01"}], findings=[{"kind": "concealed_violation", "date": "2025-06-10"}], annual_reports=ON_TIME, incidents=[])
    tl = timeline(regimes["national"], rec, D("2025-06-10"))
    cancelled = item(tl, "review.1.disqualified")
    assert (cancelled.due, cancelled.status, cancelled.citation.item) == (D("2025-06-10"), ItemStatus.PAST, "三(二)")
    assert cancelled.note_zh.endswith("如发现虚假填报或隐瞒违法违规行为的,一经查实,立即取消其资格")
    assert "review.1.disqualified" not in [i.id for i in timeline(regimes["national"], rec, D("2025-06-09")).items]
    before = lifecycle_status(regimes["national"], rec, D("2025-12-31"))
    assert expiry(before) == ("not_found", None)
    assert "the cluster's place in the review round was cancelled on 2025-06-10" in next(g for g in before.grounds if g.ground == "revocation.expiry").reason_en
    after = lifecycle_status(regimes["national"], rec, D("2026-01-01"))
    assert expiry(after) == ("found", D("2026-01-01"))
    assert after.validity_state is State.EXPIRED
    assert "read as the review not passed (an interpretation)" in next(g for g in after.grounds if g.ground == "revocation.expiry").reason_en
    # a finding before the round opened is not in the round
    early = record(reviews=[{"applied": "2025-05-01"}], findings=[{"kind": "false_declaration", "date": "2025-03-02"}])
    assert "review.1.disqualified" not in [i.id for i in timeline(regimes["national"], early, D("2025-06-10")).items]


def test_later_national_batches_have_no_known_round(regimes):
    rec = record(batch=2023, announced="2024-01-10", validity={"start": "2024-01-01", "end": "2026-12-31"}, incidents=[])
    tl = timeline(regimes["national"], rec, D("2027-01-01"))
    review = item(tl, "review.1")
    assert (review.due, review.status) == (None, ItemStatus.NOT_ENCODED)  # no invented date
    assert "no source gives the 2023 batch's review round for expiry 1 yet" in review.note_en
    st = lifecycle_status(regimes["national"], rec, D("2027-01-01"))
    assert expiry(st) == ("not_encoded", None)
    assert st.validity_state is State.AWAITING_REVIEW


# --- Hainan: the province organises the review after expiry (art. 12) -------------------------


@pytest.mark.parametrize(("as_of", "state"), [("2026-06-30", State.ACTIVE), ("2026-07-01", State.AWAITING_REVIEW), ("2027-03-01", State.AWAITING_REVIEW)])
def test_hainan_after_expiry_awaits_the_review_and_no_ground_is_found(regimes, as_of, state):
    reports = [{"year": 2023, "filed": "2024-03-20"}, {"year": 2024, "filed": "2025-03-20"}, {"year": 2025, "filed": "2026-03-20"}]
    st = lifecycle_status(regimes["hainan"], record("hainan", 2023, "2023-06-20", annual_reports=reports, incidents=[]), D(as_of))
    assert (st.state, st.validity_state) == (state, state)  # issue 11: not "revocation grounds found (一)"
    g = next(g for g in st.grounds if g.ground == "revocation.expiry")
    if state is State.ACTIVE:
        assert g.status is GroundStatus.NOT_FOUND
    else:
        assert g.status is GroundStatus.NOT_ENCODED
        assert g.reason_en.startswith(
            "validity ended on 2026-06-30; awaiting the review (after expiry the provincial department organises the review; "
            "no application deadline is stated)"
        )
        assert st.reasons[0].code == "awaiting_review"


def test_hainan_review_applied_after_expiry_is_in_review(regimes):
    rec = record("hainan", 2023, "2023-06-20", reviews=[{"applied": "2026-08-01"}], incidents=[])
    st = lifecycle_status(regimes["hainan"], rec, D("2026-09-01"))
    assert (st.validity_state, expiry(st)) == (State.IN_REVIEW, ("not_found", None))  # no deadline stated: not late


# --- annual reports: 每年, including the last validity year and while in review ---------------------


@pytest.mark.parametrize(
    ("as_of", "status", "ground"),
    [
        ("2026-04-29", ItemStatus.DUE_SOON, ("not_found", None)),
        ("2026-04-30", ItemStatus.DUE_SOON, ("not_found", None)),
        ("2026-05-01", ItemStatus.OVERDUE, ("found", D("2026-05-01"))),
    ],
)
def test_the_report_on_the_last_validity_year_falls_due(regimes, as_of, status, ground):
    rec = record(reviews=[{"applied": "2025-06-01"}], annual_reports=ON_TIME, incidents=[])
    tl = timeline(regimes["national"], rec, D(as_of))
    last = item(tl, "annual_report.2026")
    assert (last.due, last.status, last.title_en) == (D("2026-04-30"), status, "Cluster development report (covering 2025)")
    st = lifecycle_status(regimes["national"], rec, D(as_of))
    g = next(g for g in st.grounds if g.ground == "revocation.reporting")
    assert (g.status.value, g.since) == ground


def test_reports_keep_falling_due_while_in_review(regimes):
    rec = record(reviews=[{"applied": "2025-06-01"}], annual_reports=ON_TIME, incidents=[])
    tl = timeline(regimes["national"], rec, D("2026-06-01"))  # validity ended 2025-12-31; review pending
    assert [i.due for i in tl.items if i.id.startswith("annual_report")][-2:] == [D("2026-04-30"), D("2027-04-30")]
    hainan = timeline(regimes["hainan"], record("hainan", 2023, "2023-06-20"), D("2027-05-01"))  # awaiting review
    assert [i.due for i in hainan.items if i.id.startswith("annual_report")][-2:] == [D("2027-03-30"), D("2028-03-30")]
    failed = record(reviews=[{"applied": "2025-06-01", "result": "failed", "decided": "2026-01-20"}], annual_reports=ON_TIME)
    tl = timeline(regimes["national"], failed, D("2026-06-01"))
    assert [i.due for i in tl.items if i.id.startswith("annual_report")][-1] == D("2026-04-30")  # not beyond the last validity year


# --- the 2023 and 2025 calls -------------------------------------------------------------------


def _list(n, kind="province", submitted=None):
    data = {"submitter": "某省", "submitter_kind": kind, "clusters": [{"name": f"集群{i}"} for i in range(n)]}
    if submitted:
        data["submitted"] = submitted
    return clusterpolicy.convert.structure(data, Recommendations, "<t>")


@pytest.mark.parametrize(
    ("n", "kind", "submitted", "as_of", "status"),
    [
        (6, "province", "2023-07-30", "2023-08-01", "ok"),
        (6, "province", "2023-07-31", "2023-08-01", "ok"),  # 于2023年7月31日前: the day itself
        (6, "province", "2023-08-01", "2023-08-02", "late"),
        (7, "province", "2023-07-01", "2023-08-01", "over_quota"),
        (2, "xpcc", "2023-07-01", "2023-08-01", "ok"),
        (3, "separately_planned_city", "2023-07-01", "2023-08-01", "over_quota"),
    ],
)
def test_the_2023_call(regimes, n, kind, submitted, as_of, status):
    q = clusterpolicy.check_quota(regimes["national"], _list(n, kind, submitted), 2023, D(as_of))
    assert (q.status, q.deadline, q.provenance) == (status, D("2023-07-31"), Provenance.SECONDARY)
    if status == "over_quota":
        assert next(r for r in q.reasons if r.code == "over_quota").zh.endswith("对超过报送数量的,一律不予受理(原文未说明是整份名单还是仅超出部分不予受理)")


@pytest.mark.parametrize("year", [2023, 2025])
def test_the_over_quota_consequence_says_what_the_text_says_and_no_more(regimes, year):
    """一律不予受理 applies to 超过报送数量的: the words do not say whether the whole list or only the excess is refused."""
    q = clusterpolicy.check_quota(regimes["national"], _list(9, submitted=f"{year}-07-01"), year, D(f"{year}-07-02"))
    assert next(r for r in q.reasons if r.code == "over_quota").en == (
        "9 recommended, 1 over the quota of at most 8: " if year == 2025 else "9 recommended, 3 over the quota of at most 6: "
    ) + (
        "what exceeds the number to be recommended (超过报送数量的) is not accepted, without exception (一律不予受理); "
        "the text does not say whether that is the whole list or only the recommendations beyond the quota"
    )


def test_the_2022_call_states_no_consequence_for_exceeding_the_quota(regimes):
    q = clusterpolicy.check_quota(regimes["national"], _list(6, submitted="2022-10-01"), 2022, D("2022-11-01"))
    assert q.status == "over_quota"
    assert next(r for r in q.reasons if r.code == "over_quota").en == (
        "6 recommended, 1 over the quota of at most 5: no source at hand states what follows (not encoded, nothing assumed)"
    )


def test_the_2025_call_lists_what_is_sent_and_the_disqualification(regimes):
    q = clusterpolicy.check_quota(regimes["national"], _list(8, submitted="2025-07-15"), 2025, D("2025-07-16"))
    assert q.status == "ok"
    assert [(m.attachment, m.title_zh, m.evidence) for m in q.materials] == [
        ("附件1", "《中小企业特色产业集群申报表》", True),
        ("附件2", "《2025年度中小企业特色产业集群推荐汇总表》", False),
    ]
    notes = {r.code: r for r in q.reasons}
    assert notes["materials"].en == (
        "sent with the list: Application form (附件1) with evidence; 2025 recommendation summary table (附件2); "
        "stamped; 3 copies each plus one CD, by EMS"
    )
    assert notes["disqualification"].zh == "如发现虚假填报或隐瞒违法违规行为的,一经查实,立即取消其资格(工信厅企业函〔2025〕77号 三(二))"


# --- a province writes its own round as data ----------------------------------------------------


class Province:
    """A province whose review round opens after expiry, with an application deadline."""

    def __init__(self, rounds):
        self.rounds = rounds

    @hookimpl
    def clusterpolicy_jurisdictions(self):
        return [Jurisdiction(id="prov", name_zh="某省", name_en="Province", level=Level.PROVINCIAL, parent="national", sources=(source(CITE.document),))]

    @hookimpl
    def clusterpolicy_timelines(self):
        validity = Validity(
            term_years=3,
            batches=(BatchValidity(batches=Batches(first=2023), start_rule=StartRule.RECORD, citation=CITE, provenance=Provenance.TEXT),),
        )
        review = Review(extension_years=3, checks_zh=("复核",), checks_en=("review",))
        return [
            RuleChanges(
                jurisdiction="prov",
                inherit=False,
                add=(
                    TimelineRule(id="validity", title_zh="有效期", title_en="Validity", rule=validity, citation=CITE, provenance=Provenance.TEXT),
                    TimelineRule(id="review", title_zh="复核", title_en="Review", rule=review, citation=CITE, provenance=Provenance.TEXT),
                    *self.rounds,
                ),
            )
        ]

    @hookimpl
    def clusterpolicy_revocation_grounds(self):
        national = clusterpolicy.load_regimes()["national"]
        ground = next(g.rule for g in national.revocation_grounds if g.id == "revocation.expiry")
        return [RuleChanges(jurisdiction="prov", inherit=False, add=(ground,))]


def _round(rid="round.2023", call=None, batches=Batches(first=2023, last=2023)):
    step = ReviewStep(
        id="apply", title_zh="复核申报", title_en="Review application", filer_zh="县级", filer_en="county",
        recipient_zh="省级", recipient_en="province", deadline=D("2026-08-31"), citation=CITE, provenance=Provenance.TEXT,
    )  # fmt: skip
    rnd = ReviewRound(batches=batches, call=call, opened=D("2026-07-10"), steps=(step,))
    return TimelineRule(id=rid, title_zh="复核", title_en="Review round", rule=rnd, citation=CITE, provenance=Provenance.TEXT)


@pytest.mark.parametrize(
    ("as_of", "ground", "state"),
    [
        ("2026-08-30", ("not_found", None), State.AWAITING_REVIEW),
        ("2026-08-31", ("not_found", None), State.AWAITING_REVIEW),  # the round's deadline day
        ("2026-09-01", ("found", D("2026-09-01")), State.EXPIRED),
    ],
)
def test_a_round_opening_after_expiry_decides_ground_one_at_its_deadline(as_of, ground, state):
    prov = clusterpolicy.load_regimes(extra=[("prov", Province([_round()]))])["prov"]
    rec = record("prov", 2023, "2023-06-20", validity={"start": "2023-07-01"})
    st = lifecycle_status(prov, rec, D(as_of))
    assert (expiry(st), st.validity_state) == (ground, state)
    tl = timeline(prov, rec, D(as_of))
    assert item(tl, "review.1.apply").due == D("2026-08-31")


def test_round_load_checks():
    with pytest.raises(LoadError) as err:
        clusterpolicy.load_regimes(extra=[("prov", Province([_round(call="call.2030")]))])
    assert "'prov': review round 'round.2023' (plugin 'prov') names call 'call.2030', which is not a recommendation call of the regime" in str(err.value)
    with pytest.raises(LoadError) as err:
        clusterpolicy.load_regimes(extra=[("prov", Province([_round(), _round("round.b", batches=Batches(first=2022))]))])
    assert "'prov': review rounds 'round.2023' and 'round.b' both review expiry 1 of batches 2023 / 2022–…" in str(err.value)
    with pytest.raises(ValueError, match="step id 'apply' appears twice"):
        ReviewRound(batches=Batches(), steps=(_round().rule.steps[0],) * 2)
    with pytest.raises(ValueError, match="give both over_quota_zh and over_quota_en, or neither"):
        RecommendationCall(
            year=2030, deadline=D("2030-07-01"), recipient_zh="部", recipient_en="M",
            quotas=(Quota(submitters=(Submitter.PROVINCE,), at_most=1),), over_quota_zh="不予受理",
        )  # fmt: skip


def test_the_readme_round_is_data_a_province_can_write(tmp_path):
    """The README's review_round block, in a province's rule file, loads and decides ground (一) at its deadline."""
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Lifecycle: timelines, status and revocation", 1)[1].split("\n## ", 1)[0]
    (block,) = [b for b in re.findall(r"```toml\n(.*?)```", section, flags=re.S) if 'kind = "review_round"' in b]
    rules = tmp_path / "xprov.toml"
    rules.write_text(
        '[jurisdiction]\nid = "xprov"\nname_zh = "X省"\nname_en = "X province"\nlevel = "provincial"\nparent = "national"\n\n'
        '[[jurisdiction.sources]]\nid = "X工信函〔2026〕9号"\ntitle_zh = "复核通知"\ntitle_en = "Review notice"\nprovenance = "secondary"\n\n'
        "[timelines]\ninherit = false\n\n"
        '[[timelines.add]]\nid = "validity"\ntitle_zh = "有效期"\ntitle_en = "Validity"\n'
        'citation = { document = "X工信函〔2026〕9号", item = "一" }\nprovenance = "secondary"\n'
        '[timelines.add.rule]\nkind = "validity"\nterm_years = 3\n\n'
        '[[timelines.add]]\nid = "review"\ntitle_zh = "复核"\ntitle_en = "Review"\n'
        'citation = { document = "X工信函〔2026〕9号", item = "一" }\nprovenance = "secondary"\n'
        '[timelines.add.rule]\nkind = "review"\nextension_years = 3\nchecks_zh = ["复核"]\nchecks_en = ["review"]\n\n'
        + block.replace('provenance = "text"', 'provenance = "secondary"'),
        encoding="utf-8",
    )
    xprov = clusterpolicy.load_regimes(rules=[rules])["xprov"]
    rec = record("xprov", 2023, "2023-06-20", validity={"start": "2023-07-01"})
    assert item(timeline(xprov, rec, D("2026-08-31")), "review.1.apply").status is ItemStatus.DUE_SOON
    assert item(timeline(xprov, rec, D("2026-09-01")), "review.1.apply").status is ItemStatus.OVERDUE
    assert lifecycle_status(xprov, rec, D("2026-09-01")).validity_state is State.EXPIRED
