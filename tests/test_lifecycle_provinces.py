"""Lifecycle rules as provinces write them: submitters the call defines (州市, a named city) with a
quota each, quotas without a stated consequence, and dated periods (a 公示) counted from an event the
record gives, with "start day counts" as an option and running / ended as their vocabulary."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import clusterpolicy
from clusterpolicy import InputError, LoadError
from clusterpolicy.lifecycle.kinds import DayUnit, Period, Quota, RecommendationCall, SubmitterKind
from clusterpolicy.lifecycle.quota import check_quota
from clusterpolicy.lifecycle.record import Recommendations
from clusterpolicy.lifecycle.results import ItemStatus
from clusterpolicy.lifecycle.terms import period_end

ROOT = Path(__file__).resolve().parents[1]
YUNNAN = ROOT / "examples" / "rules" / "yunnan.toml"

PROVINCE = """\
[jurisdiction]
id = "prov"
name_zh = "测试省"
name_en = "Test province"
level = "provincial"
parent = "national"

[[jurisdiction.sources]]
id = "测试办法"
title_zh = "测试办法"
title_en = "Test measures"
provenance = "text"

[[timelines.add]]
id = "publicity"
title_zh = "公示期"
title_en = "Public notice"
citation = { document = "测试办法", item = "第十一条" }
provenance = "text"
rule = { kind = "dated_period", event = "publicity_start", period = { length = 5, unit = "working_days", start_day_counts = true } }

[[timelines.add]]
id = "objection"
title_zh = "异议期(7日)"
title_en = "Objections (7 days)"
citation = { document = "测试办法", item = "第十二条" }
provenance = "text"
rule = { kind = "dated_period", event = "publicity_start", period = { length = 7, unit = "calendar_days" } }
"""


@pytest.fixture(scope="module")
def prov(tmp_path_factory):
    path = tmp_path_factory.mktemp("prov") / "prov.toml"
    path.write_text(PROVINCE, encoding="utf-8")
    return clusterpolicy.load_regimes(rules=[path])["prov"]


def record(**events) -> clusterpolicy.lifecycle.record.Record:
    return clusterpolicy.record_from_dict({"name": "某集群", "regime": "prov", "batch": 2025, "announced": "2025-06-20", "events": events})


@pytest.mark.parametrize(
    ("as_of", "publicity", "objection"),
    [
        (date(2025, 6, 2), ItemStatus.NOT_STARTED, ItemStatus.NOT_STARTED),  # the day before it starts
        (date(2025, 6, 3), ItemStatus.RUNNING, ItemStatus.NOT_STARTED),  # its first day counts; the 7 days start the day after
        (date(2025, 6, 9), ItemStatus.RUNNING, ItemStatus.RUNNING),  # the 5th working day (Tue 3 … Mon 9)
        (date(2025, 6, 10), ItemStatus.ENDED, ItemStatus.RUNNING),
        (date(2025, 6, 11), ItemStatus.ENDED, ItemStatus.ENDED),  # 2025-06-10 + … the 7th day is 06-10
    ],
)
def test_a_dated_period_counts_from_its_event_and_runs_then_ends(prov, as_of, publicity, objection):
    tl = clusterpolicy.timeline(prov, record(publicity_start="2025-06-03"), as_of)
    items = {i.id: i for i in tl.items}
    p, o = items["publicity"], items["objection"]
    assert (p.type, p.starts, p.due, p.status) == ("period", date(2025, 6, 3), date(2025, 6, 9), publicity)
    assert (o.starts, o.due, o.status) == (date(2025, 6, 4), date(2025, 6, 10), objection)
    assert p.note_en == "5 working day(s) from events.publicity_start (2025-06-03), that day counted: 2025-06-03–2025-06-09"


def test_a_period_whose_event_the_record_lacks_is_unknown_and_says_what_to_supply(prov):
    tl = clusterpolicy.timeline(prov, record(), date(2025, 6, 5))
    p = next(i for i in tl.items if i.id == "publicity")
    assert (p.status, p.needs, p.due) == (ItemStatus.UNKNOWN, ("events.publicity_start",), None)


def test_a_misspelt_event_is_named_with_the_one_meant(prov):
    tl = clusterpolicy.timeline(prov, record(publicty_start="2025-06-03"), date(2025, 6, 5))
    assert [n.en for n in tl.notes if n.code == "unread_event"] == [
        "the record's events.publicty_start is read by no period of prov; did you mean events.publicity_start?"
    ]
    assert not [n for n in clusterpolicy.timeline(prov, record(publicity_start="2025-06-03"), date(2025, 6, 5)).notes if n.code == "unread_event"]


def test_counting_the_start_day_or_not():
    tue = date(2025, 6, 3)
    assert period_end(tue, Period(length=5, unit=DayUnit.WORKING_DAYS)) == date(2025, 6, 10)  # 民法典 第201条: not counted
    assert period_end(tue, Period(length=5, unit=DayUnit.WORKING_DAYS, start_day_counts=True)) == date(2025, 6, 9)
    assert period_end(tue, Period(length=1, unit=DayUnit.WORKING_DAYS, start_day_counts=True)) == tue
    sat = date(2025, 6, 7)  # a rest day that starts a period counts as no working day
    assert period_end(sat, Period(length=1, unit=DayUnit.WORKING_DAYS, start_day_counts=True)) == date(2025, 6, 9)
    assert period_end(tue, Period(length=4, unit=DayUnit.CALENDAR_DAYS, start_day_counts=True)) == date(2025, 6, 6)


def test_record_events_are_ids_with_dates():
    with pytest.raises(InputError) as err:
        clusterpolicy.record_from_dict({"name": "x", "regime": "prov", "batch": 2025, "announced": "2025-06-20", "events": {"公示开始": "2025-06-03"}})
    assert err.value.problems[0].startswith("$.events: '公示开始' is not a valid id")


def test_submitter_kinds_a_call_defines_each_with_its_quota():
    regimes = clusterpolicy.load_regimes(rules=[YUNNAN])
    yunnan = regimes["yunnan"]

    def check(kind: str, n: int):
        recs = Recommendations(regime="yunnan", call=2023, submitter="某州市", submitter_kind=kind, submitted=date(2023, 7, 6),
                               clusters=tuple(clusterpolicy.lifecycle.record.Recommended(name=f"集群{i}") for i in range(n)))  # fmt: skip
        return check_quota(yunnan, recs, 2023, date(2023, 7, 10))

    kunming, other = check("kunming", 3), check("prefecture", 3)
    assert (kunming.status, kunming.quota, kunming.submitter_kind_zh) == ("ok", 3, "昆明市")
    assert (other.status, other.quota, other.over_by, other.submitter_kind_en) == ("over_quota", 2, 1, "another prefecture (州市)")
    assert other.reasons[0].en == "3 recommended, 1 over the quota of at most 2: no source at hand states what follows (not encoded, nothing assumed)"
    with pytest.raises(InputError) as err:
        check("county", 1)
    assert err.value.problems == (
        "$.submitter_kind: 'county' is not a submitter kind of 'yunnan''s 2023 call "
        "(known: province, separately_planned_city, xpcc, kunming, prefecture)",
    )
    nationwide = check("province", 1)  # a kind every call knows, without a quota in this one
    assert (nationwide.quota, nationwide.reasons[0].en) == (None, "the call states no quota for province")


def test_a_call_with_a_kind_it_does_not_define_or_defines_twice_is_refused():
    def call(**kw):
        base = dict(year=2030, deadline=date(2030, 7, 1), recipient_zh="省", recipient_en="province", quotas=(Quota(submitters=("capital",), at_most=3),))
        return RecommendationCall(**{**base, **kw})

    with pytest.raises(ValueError, match="unknown submitter kind 'capital'"):
        call()
    call(submitter_kinds=(SubmitterKind(id="capital", name_zh="省会", name_en="the capital"),))
    with pytest.raises(ValueError, match="submitter kind 'province' is defined twice"):
        call(submitter_kinds=(SubmitterKind(id="province", name_zh="省", name_en="province"),), quotas=(Quota(submitters=("province",), at_most=3),))


def test_yunnans_own_call_is_its_call_of_2023_and_the_national_one_is_not_inherited():
    yunnan = clusterpolicy.load_regimes(rules=[YUNNAN])["yunnan"]
    (call,) = [r for r in yunnan.timelines if r.rule.rule.KIND == "recommendation_call"]
    assert (call.id, call.origin, call.rule.rule.deadline, call.rule.rule.over_quota_zh) == ("call.2023", "yunnan", date(2023, 7, 7), None)
    assert "call.2023" in {x.id for x in yunnan.not_inherited if x.family == "timelines"}


def test_a_superseded_call_is_listed_with_the_timeline(tmp_path):
    parent = tmp_path / "parent.toml"
    parent.write_text(
        PROVINCE.replace('id = "prov"', 'id = "parent"')
        + """
[[timelines.add]]
id = "call.2030"
title_zh = "2030年度推荐"
title_en = "2030 call"
citation = { document = "测试办法", item = "第九条" }
provenance = "text"
inherited = true
rule = { kind = "recommendation_call", year = 2030, deadline = 2030-07-01, recipient_zh = "省", recipient_en = "province", quotas = [{ submitters = ["province"], at_most = 3 }] }
""",
        encoding="utf-8",
    )
    child = tmp_path / "child.toml"
    child.write_text(
        '[jurisdiction]\nid = "child"\nname_zh = "某市"\nname_en = "A city"\nlevel = "city"\nparent = "parent"\n\n'
        "[criteria]\ninherit = false\n\n"
        '[[timelines.add]]\nid = "child.call.2030"\ntitle_zh = "本市2030年度推荐"\ntitle_en = "The city\'s 2030 call"\n'
        'citation = { document = "测试办法", item = "第十条" }\nprovenance = "text"\n'
        'rule = { kind = "recommendation_call", year = 2030, deadline = 2030-06-15, recipient_zh = "市", recipient_en = "city", quotas = [{ submitters = ["province"], at_most = 2 }] }\n',
        encoding="utf-8",
    )
    regimes = clusterpolicy.load_regimes(rules=[parent, child])
    rec = clusterpolicy.record_from_dict({"name": "x", "regime": "child", "batch": 2030, "announced": "2030-09-01"})
    (removed,) = clusterpolicy.timeline(regimes["child"], rec, date(2030, 10, 1)).removed
    assert (removed.rule, removed.by, removed.provenance.value) == ("call.2030", "child", "text")
    assert removed.reason_en == "superseded by child's own child.call.2030 (one recommendation call 2030 applies)"
    two = child.read_text(encoding="utf-8").replace("child.call.2030", "child.call.b") + child.read_text(encoding="utf-8").split("[criteria]\ninherit = false\n", 1)[1]
    child.write_text(two, encoding="utf-8")
    with pytest.raises(LoadError, match="'child' has two timelines rules for recommendation call 2030"):
        clusterpolicy.load_regimes(rules=[parent, child])
