"""The two worked provinces in examples/rules/ (Yunnan, Guangdong): written through the documented
format only, from single public reposts — every rule secondary (or unknown), no article number
invented — their conformance cases hold, and neither is ineligible or revoked on a national-only rule."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

import clusterpolicy
from clusterpolicy.criteria.results import Overall
from clusterpolicy.lifecycle.results import GroundStatus, State
from clusterpolicy.regimes.conformance import check_case_file
from clusterpolicy.regimes.resolve import citations

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "examples" / "rules"
CASES = sorted(RULES.glob("*/conformance_*.toml"))
NATIONAL_ONLY = {"prerequisite.provincial", "relaxation.western"}


@pytest.fixture(scope="module")
def regimes():
    return clusterpolicy.load_regimes(rules=[RULES])  # the folder: both rule files, the inputs are in sub-folders


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_conformance_cases_hold(case):
    check_case_file(case)


@pytest.mark.slow
def test_the_conformance_cases_run_with_the_kit_from_their_folders():
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(RULES)], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{2 * len(CASES) + 1} passed" in done.stdout  # a load item and one item per expected regime (Yunnan's profile case: two)


@pytest.mark.parametrize("jid", ["yunnan", "guangdong"])
def test_every_fact_is_a_reposted_one_with_its_article_not_known(regimes, jid):
    regime = regimes[jid]
    own = [r.rule for fam in ("criteria", "timelines", "revocation_grounds") for r in getattr(regime, fam) if r.origin == jid]
    own += [a for r in regime.criteria for a in r.amendments]
    assert own
    for rule in own:
        assert rule.provenance.value in ("secondary", "unknown"), getattr(rule, "id", rule)
        for path, c in citations(rule):
            assert c.item_unknown and c.item is None, (getattr(rule, "id", rule), path)
    assert all(d.provenance.value == "secondary" and d.file is None for d in regime.jurisdiction.sources)


def test_yunnan_is_never_ineligible_on_a_national_only_rule(regimes):
    profile = clusterpolicy.load_profile(RULES / "yunnan" / "cluster.toml")  # western, not a provincial cluster
    a = regimes["yunnan"].evaluate(profile)
    assert a.status is Overall.INCOMPLETE  # 三、六、七、八: inherited, not encoded
    assert NATIONAL_ONLY.isdisjoint(f.rule for f in a.findings)
    assert {f.rule for f in a.findings if f.status.value == "fail"} == set()
    national = regimes["national"].evaluate(profile)
    assert national.finding("prerequisite.provincial").status.value == "fail"
    # the inherited standard says so; the amended numbers carry Yunnan's (secondary) citation
    output = a.finding("core.output")
    assert (output.inherited_from, output.threshold, output.amendments[0].citation.document) == (
        "national", 10, "云南省中小企业特色产业集群认定标准(2023年暂行版)"
    )  # fmt: skip
    assert a.finding("tiered.firms").amendments[0].interpretation is not None


def test_guangdong_is_never_revoked_under_the_national_article(regimes):
    record = clusterpolicy.load_record(RULES / "guangdong" / "record-2023.toml")
    st = clusterpolicy.lifecycle_status(regimes["guangdong"], record, date(2026, 9, 1))  # after validity ends
    assert st.state is not State.REVOCATION_GROUNDS_FOUND
    assert [(g.ground, g.status) for g in st.grounds] == [("revocation.guangdong", GroundStatus.NOT_ENCODED)]
    assert st.validity_state is State.EXPIRED  # its review is not encoded, so no "awaiting" is assumed
    assert st.valid_until == date(2026, 7, 9)  # three years from the announcement, 2023-07-10
    report = next(r for r in regimes["guangdong"].timelines if r.id == "annual_report").rule
    assert (report.rule.recipient_zh, report.rule.days[0].month, report.rule.days[0].day, report.rule.reporter_zh, report.rule.content_zh) == (
        "广东省工业和信息化厅", 3, 31, None, None
    )  # fmt: skip
