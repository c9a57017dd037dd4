"""The conformance kit (pytest plugin clusterpolicy.testing) as an author uses it: in a fresh folder."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from clusterpolicy.regimes.conformance import CaseFailure, check_case_file, load_checked

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "tests" / "rules" / "demo.toml"
STRONG = ROOT / "examples" / "strong-national.toml"


pytest_plugins = ["pytester"]


@pytest.fixture
def pytest_in(pytester: pytest.Pytester):
    """Run pytest in a folder, in process (the kit is found through its pytest11 entry point)."""

    def run(folder: Path, *args: str):
        pytester.chdir()
        result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "--rootdir", str(folder), str(folder), *args)
        result.stdout.text = "\n".join(result.outlines)
        return result

    return run


def author_folder(tmp_path: Path, expect_demo: str) -> Path:
    (tmp_path / "demo.toml").write_text(DEMO.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "conformance_strong.toml").write_text(
        f'description = "strong cluster"\nprofile = "{STRONG.as_posix()}"\nrules = ["demo.toml"]\n\n'
        f'[expect.demo]\nstatus = "incomplete"\nrules = {{ "core.output" = "{expect_demo}", "demo.standards" = "unknown" }}\n\n'
        '[expect.national]\nstatus = "eligible"\n',  # on the profile's declarations of 三–八
        encoding="utf-8",
    )
    return tmp_path


def test_passing_case_file_is_collected_and_passes(tmp_path, pytest_in):
    result = pytest_in(author_folder(tmp_path, "pass"), "-v")
    assert result.ret == 0, result.stdout.text
    assert "conformance_strong.toml::load PASSED" in result.stdout.text
    assert "conformance_strong.toml::demo PASSED" in result.stdout.text
    assert "conformance_strong.toml::national PASSED" in result.stdout.text


def test_failing_case_shows_a_readable_diff(tmp_path, pytest_in):
    result = pytest_in(author_folder(tmp_path, "fail"))
    assert result.ret == 1
    assert "conformance_strong.toml::demo — strong cluster\n" in result.stdout.text
    assert (  # the engine's own reason and the rule's citation, verbatim
        "core.output: expected fail, got pass — 2022–2024: 168.4, 189.7, 214.3亿元, each ≥ 30亿元: met "
        "[示例工信规〔2024〕1号 认定标准 一]" in result.stdout.text
    )
    assert "1 failed, 2 passed" in result.stdout.text


def test_broken_rule_file_fails_the_load_item_with_file_and_key(tmp_path, pytest_in):
    folder = author_folder(tmp_path, "pass")
    text = (folder / "demo.toml").read_text(encoding="utf-8").replace('op = "ge", value = 30', 'op = "at_least", value = 30')
    (folder / "demo.toml").write_text(text, encoding="utf-8")
    result = pytest_in(folder)
    assert result.ret == 1
    assert "demo.toml: $.criteria.override[0].check.op: expected one of: ge, gt, le, lt, eq; got 'at_least'" in result.stdout.text


def test_malformed_case_file_names_file_and_key(tmp_path, pytest_in):
    (tmp_path / "conformance_bad.toml").write_text(
        f'profile = "{STRONG.as_posix()}"\n[expect.national]\nstatus = "maybe"\n', encoding="utf-8"
    )
    result = pytest_in(tmp_path)
    assert result.ret == 1
    assert "conformance_bad.toml: $.expect.national.status: expected one of: eligible, ineligible, incomplete; got 'maybe'" in result.stdout.text


def test_rules_given_on_the_command_line(tmp_path, pytest_in):
    folder = author_folder(tmp_path, "pass")
    text = (folder / "conformance_strong.toml").read_text(encoding="utf-8").replace('rules = ["demo.toml"]\n', "")
    (folder / "conformance_strong.toml").write_text(text, encoding="utf-8")
    assert pytest_in(folder).ret == 1  # demo is not loaded
    assert pytest_in(folder, "--clusterpolicy-rules", str(folder / "demo.toml")).ret == 0


def test_python_api_of_the_kit(tmp_path):
    folder = author_folder(tmp_path, "fail")
    with pytest.raises(CaseFailure) as exc:
        check_case_file(folder / "conformance_strong.toml")
    assert str(exc.value).splitlines()[1].startswith("  demo: core.output: expected fail, got pass — ")
    regimes = load_checked(rules=[DEMO])
    assert "demo" in regimes


def test_kit_does_not_import_clusterpolicy_until_used():
    code = "import sys, clusterpolicy.testing; print(sorted(m for m in sys.modules if m.startswith('clusterpolicy')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60).stdout
    assert "'clusterpolicy.testing'" in out
    assert "clusterpolicy.regimes.conformance" not in out


GUANGDONG = ROOT / "examples" / "rules" / "guangdong.toml"
YUNNAN = ROOT / "examples" / "rules" / "yunnan.toml"


def test_a_record_case_checks_state_grounds_and_timeline_items(tmp_path):
    (tmp_path / "record.toml").write_text(
        'name = "示例集群"\nregime = "guangdong"\nbatch = 2023\nannounced = 2023-07-10\nincidents = []\n'
        "annual_reports = [{ year = 2023, filed = 2024-04-02 }]\n",
        encoding="utf-8",
    )
    case = tmp_path / "conformance_record.toml"
    case.write_text(
        f'record = "record.toml"\nrules = ["{GUANGDONG.as_posix()}"]\nas_of = 2024-05-01\n\n[expect.guangdong]\n'
        'state = "active"\nvalid_until = 2026-07-09\ngrounds = { "revocation.guangdong" = "not_encoded" }\n'
        'items = { "annual_report.2024" = "done" }\ndue = { "annual_report.2024" = 2024-03-30 }\n',
        encoding="utf-8",
    )
    with pytest.raises(CaseFailure) as exc:
        check_case_file(case)
    assert str(exc.value).splitlines()[1:] == [
        "  guangdong: annual_report.2024: expected done, got done_late (due 2024-03-31) — 2024-03-31 is not a working day; "
        "the stated day is used (whether 民法典 art. 203 moves it is for the authority)",
        "  guangdong: annual_report.2024: expected due 2024-03-30, got 2024-03-31",
    ]
    case.write_text(case.read_text(encoding="utf-8").replace('"done"', '"done_late"').replace("2024-03-30", "2024-03-31"), encoding="utf-8")
    check_case_file(case)


def test_a_recommendations_case_checks_the_quota(tmp_path):
    (tmp_path / "list.toml").write_text(
        'regime = "yunnan"\ncall = 2023\nsubmitter = "昆明市工业和信息化局(示例)"\nsubmitter_kind = "kunming"\n'
        'clusters = [{ name = "甲" }, { name = "乙" }, { name = "丙" }]\n',
        encoding="utf-8",
    )
    case = tmp_path / "conformance_list.toml"
    case.write_text(
        f'recommendations = "list.toml"\nrules = ["{YUNNAN.as_posix()}"]\nas_of = 2023-07-08\n\n'
        '[expect.yunnan]\nquota = "overdue"\nlimit = 3\nover_by = 0\n',
        encoding="utf-8",
    )
    check_case_file(case)  # Kunming may send three; the list was not sent by 2023-07-07
    case.write_text(case.read_text(encoding="utf-8").replace("limit = 3", "limit = 2"), encoding="utf-8")
    with pytest.raises(CaseFailure) as exc:
        check_case_file(case)
    assert str(exc.value).splitlines()[1].startswith("  yunnan: limit: expected 2, got 3 — 3 recommended, within the quota of at most 3")


def test_a_case_checks_one_subject_with_its_own_fields(tmp_path):
    from clusterpolicy import InputError
    from clusterpolicy.regimes.conformance import read_case_file

    case = tmp_path / "conformance_mixed.toml"
    case.write_text(f'profile = "{STRONG.as_posix()}"\n[expect.national]\nstatus = "eligible"\nstate = "active"\nquota = "ok"\n', encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_case_file(case)
    assert exc.value.problems == (
        "$.expect.national.state: only for a record case, this one checks a profile",
        "$.expect.national.quota: only for a recommendations case, this one checks a profile",
    )
    case.write_text('record = "r.toml"\nprofile = "p.toml"\n[expect.x]\n', encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_case_file(case)
    assert exc.value.problems == ("$: give exactly one of profile, record, recommendations (got: profile, record)",)
