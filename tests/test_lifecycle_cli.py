"""``clusterpolicy timeline | status | quota`` end to end (in-process: tests/inprocess.py); ICS read back with
the `icalendar` library; quotas at and over the limit; bad records rejected with field paths."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

import clusterpolicy
from clusterpolicy import check_quota, load_recommendations, load_record, timeline
from clusterpolicy.lifecycle.ics import fold, to_ics
from clusterpolicy.lifecycle.terms import record_key
from inprocess import run

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


# --- timeline ------------------------------------------------------------------------------------


def test_timeline_json_for_the_national_example():
    result = run("timeline", "examples/record-national-2022.toml", "--as-of", "2026-03-15", "--format", "json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert (doc["schema_version"], doc["kind"]) == ("2.0", "timeline")
    tl = doc["timeline"]
    assert [(t["start"], t["end"]) for t in tl["terms"]] == [("2023-01-01", "2025-12-31"), ("2026-01-01", "2028-12-31")]
    by_id = {i["id"]: i for i in tl["items"]}
    assert (by_id["annual_report.2025"]["status"], by_id["annual_report.2025"]["done_on"]) == ("done", "2025-04-30")
    assert (by_id["annual_report.2026"]["due"], by_id["annual_report.2026"]["status"]) == ("2026-04-30", "upcoming")
    assert by_id["annual_report.2023"]["citation"] == {
        "document": "工信部企业函〔2023〕3号",
        "item": "三",
        "item_unknown": False,
        "quote": "省级中小企业主管部门要……组织集群填报上一年度发展情况,于每年4月30日前报送至工业和信息化部",
    }
    assert by_id["validity.end.2"]["note_en"] == "review passed on 2025-12-18; extended to 2028-12-31"


def test_timeline_soon_window_and_text_in_chinese():
    result = run("timeline", "examples/record-hainan-2023.toml", "--as-of", "2026-03-15", "--lang", "zh", "--soon", "15")
    assert result.returncode == 0, result.stderr
    line = next(x for x in result.stdout.splitlines() if x.startswith("2026-03-30"))
    assert line.split()[:2] == ["2026-03-30", "即将到期"]
    assert "琼工信规〔2023〕4号 第十三条 [原文]" in line  # provenance in the chosen language
    result = run("timeline", "examples/record-hainan-2023.toml", "--as-of", "2026-03-15", "--soon", "14")
    assert next(x for x in result.stdout.splitlines() if x.startswith("2026-03-30")).split()[1] == "upcoming"


def test_timeline_writes_ics_that_parses_back(tmp_path):
    icalendar = pytest.importorskip("icalendar")
    out = tmp_path / "record.ics"
    result = run("timeline", "examples/record-revocation.toml", "--as-of", "2025-06-01", "--ics", str(out), "--lang", "zh")
    assert result.returncode == 0, result.stderr
    raw = out.read_bytes()
    assert raw.count(b"\r\n") == raw.count(b"\n")  # every line ends in CRLF
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))  # folded at 75 octets
    cal = icalendar.Calendar.from_ical(raw)
    events = {str(e["UID"]).split(".national-")[0]: e for e in cal.walk("VEVENT")}
    assert len({str(e["UID"]) for e in cal.walk("VEVENT")}) == len(events)
    overdue = events["annual_report.2025"]
    assert overdue["DTSTART"].dt == date(2025, 4, 30) and overdue["DTEND"].dt == date(2025, 5, 1)
    assert str(overdue["SUMMARY"]) == "[overdue] 报送集群发展情况(年度培育情况信息表)(2024年度)"
    assert "依据: 工信部企业函〔2023〕3号 三 (text)" in str(overdue["DESCRIPTION"])
    assert overdue["DTSTAMP"].dt.tzinfo is not None
    assert "major_change.1" not in events  # undated items are left out


def test_ics_folding_never_splits_a_character_and_uids_are_stable(regimes):
    line = "DESCRIPTION:" + "集群" * 60
    folded = fold(line).encode("utf-8")
    assert all(len(x) <= 75 for x in folded.split(b"\r\n"))
    assert folded.replace(b"\r\n ", b"").decode("utf-8") == line
    record = load_record(EXAMPLES / "record-national-2022.toml")
    tl = timeline(regimes["national"], record, date(2026, 3, 15))
    stamp = datetime(2026, 3, 15, 8, 0, tzinfo=timezone.utc)
    assert to_ics(tl, record_key(record), dtstamp=stamp) == to_ics(tl, record_key(record), dtstamp=stamp)
    assert "DTSTAMP:20260315T080000Z\r\n" in to_ics(tl, record_key(record), dtstamp=stamp)


# --- status --------------------------------------------------------------------------------------


def test_status_json_with_grounds_found():
    result = run("status", "examples/record-revocation.toml", "--as-of", "2025-06-01", "--format", "json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["kind"] == "lifecycle_status"
    st = doc["lifecycle_status"]
    assert (st["state"], st["validity_state"], st["open_questions"]) == ("revocation_grounds_found", "active", 1)
    assert {g["item"]: (g["status"], g["since"]) for g in st["grounds"]} == {
        "(一)": ("not_found", None),
        "(二)": ("not_found", None),
        "(三)": ("found", "2024-05-01"),
        "(四)": ("needs_review", None),
        "(五)": ("found", "2025-03-02"),
    }


def test_status_text():
    result = run("status", "examples/record-national-2022.toml", "--as-of", "2026-03-15")
    assert result.returncode == 0, result.stderr
    assert "State: ACTIVE   (Validity: ACTIVE, 2023-01-01 – 2028-12-31)" in result.stdout
    assert result.stdout.count(" not found ") == 5


# --- quota ---------------------------------------------------------------------------------------


def test_quota_at_the_limit_is_accepted():
    result = run("quota", "examples/recommendations-2025-province.toml", "--as-of", "2025-07-20", "--format", "json")
    assert result.returncode == 0, result.stderr
    q = json.loads(result.stdout)["quota_check"]
    assert (q["status"], q["count"], q["quota"], q["over_by"], q["deadline"]) == ("ok", 8, 8, 0, "2025-07-15")


def test_quota_over_the_limit_is_refused():
    result = run("quota", "examples/recommendations-2024-city-over-quota.toml", "--call", "2024", "--as-of", "2024-08-01")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1] == "OVER QUOTA: 3 / ≤ 2; 2024-07-31"
    # the 2024 call is known from reposts that state no consequence: nothing is invented
    assert "3 recommended, 1 over the quota of at most 2: no source at hand states what follows" in result.stdout
    assert "一律不予受理" not in result.stdout


@pytest.mark.parametrize(
    ("n", "submitted", "as_of", "status"),
    [
        (8, "2025-07-15", "2025-08-01", "ok"),  # on the deadline
        (8, "2025-07-16", "2025-08-01", "late"),
        (9, "2025-07-01", "2025-08-01", "over_quota"),
        (8, None, "2025-07-15", "pending"),
        (8, None, "2025-07-16", "overdue"),
    ],
)
def test_quota_edges(regimes, n, submitted, as_of, status):
    data = {
        "submitter": "某省",
        "submitter_kind": "province",
        "clusters": [{"name": f"集群{i}"} for i in range(n)],
        **({"submitted": submitted} if submitted else {}),
    }
    from clusterpolicy.convert import structure
    from clusterpolicy.lifecycle.record import Recommendations

    recs = structure(data, Recommendations, "<test>")
    assert check_quota(regimes["national"], recs, 2025, date.fromisoformat(as_of)).status == status


def test_quota_for_xpcc_in_2022_and_duplicates(regimes):
    recs = load_recommendations(EXAMPLES / "recommendations-2024-city-over-quota.toml")
    from attrs import evolve

    from clusterpolicy.lifecycle import Submitter

    xpcc = evolve(recs, submitter_kind=Submitter.XPCC, clusters=recs.clusters + recs.clusters[:1])
    q = check_quota(regimes["national"], xpcc, 2022, date(2022, 11, 1))
    assert (q.quota, q.count, q.over_by, q.duplicates) == (3, 4, 1, ("A区模具产业集群",))


def test_quota_of_an_unknown_call_is_an_input_error():
    result = run("quota", "examples/recommendations-2025-province.toml", "--call", "2019")
    assert result.returncode == 2
    assert "$.call: the list answers the 2025 call, but call 2019 was asked for" in result.stderr
    result = run("quota", "-", "--call", "2019", stdin='{"submitter": "某省", "submitter_kind": "province"}')
    assert result.returncode == 2
    assert result.stderr.strip() == "clusterpolicy: error: regime 'national' has no recommendation call for 2019 (its calls: 2022, 2023, 2024, 2025)"


# --- bad input -----------------------------------------------------------------------------------


def test_bad_record_is_rejected_with_field_paths(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(
        'name = "x"\nregime = "national"\nbatch = 2022\nannounced = "2023-13-01"\n'
        "[[annual_reports]]\nyear = 2023\nfiled = 2023-04-01\n"
        '[[major_changes]]\naspect = "leader"\ndate = 2024-01-01\n'
        '[[incidents]]\ndate = 2024-01-01\nkind = "safety_accident"\ngrade = "big"\n'
        '[[reviews]]\napplied = 2025-01-01\nresult = "passed"\n',
        encoding="utf-8",
    )
    result = run("status", str(bad), "--as-of", "2025-01-01")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"clusterpolicy: error: {bad}: 4 problems",
        "  - $.announced: expected a date (YYYY-MM-DD); got '2023-13-01'",
        "  - $.reviews[0].decided: give both 'result' and 'decided', or neither",
        "  - $.major_changes[0].aspect: expected one of: leading_industry, spatial_scope, operating_body, other; got 'leader'",
        "  - $.incidents[0].grade: expected one of: general, larger, major, especially_major; got 'big'",
    ]


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ('{"name": "x", "regime": "beijing", "batch": 2022, "announced": "2023-01-11"}', "<stdin>: $.regime: unknown regime 'beijing' (known: national, anhui, hainan)"),
        ('{"name": "x", "regime": "national", "batch": 2022, "announced": "2023-01-11", "validty": {}}', "<stdin>: $: unknown key(s): validty"),
        (
            '{"name": "x", "regime": "national", "batch": 2022, "announced": "2023-01-11", "major_changes": [{"aspect": "other", "date": "2024-01-01", "reported": "2024-01-02", "never_reported": true}]}',
            "<stdin>: $.major_changes[0].never_reported: cannot be true when 'reported' gives a date",
        ),
        ('{"name": "x", "regime": "national", "batch": 1999, "announced": "2023-01-11"}', "<stdin>: $.batch: must be at least 2000, got 1999"),
        ('{"name": "x", "id": "a b", "regime": "national", "batch": 2022, "announced": "2023-01-11"}', "<stdin>: $.id: 'a b': use letters, digits"),
    ],
)
def test_bad_records_from_stdin(record, message):
    result = run("timeline", "-", "--as-of", "2025-01-01", stdin=record)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"clusterpolicy: error: {message}")


@pytest.mark.parametrize(
    ("entries", "note"),
    [
        ('"announced": "2021-01-11"', "$.announced: 2021-01-11 is before the 2022 batch's year"),
        ('"announced": "2023-01-11", "reviews": [{"applied": "2025-01-01"}, {"applied": "2028-01-01"}]', "$.reviews[1]: review 1 is not passed, so no later review can follow it; ignored"),
        ('"announced": "2023-01-11", "annual_reports": [{"year": 2023, "filed": "2023-04-01"}]', "$.annual_reports[0].filed: a report on 2023 cannot be filed on 2023-04-01, before that year ended"),
        ('"announced": "2023-01-11", "validity": {"start": "2024-01-01", "end": "2023-12-31"}', "$.validity.end: 2023-12-31 is before the start 2024-01-01"),
    ],
)
def test_a_record_that_contradicts_itself_is_read_and_the_contradiction_noted(entries, note):
    """What no JSON Schema can state (an order of dates across fields) is not refused, so that whatever
    the published schema admits is read; the timeline names the entry."""
    record = '{"name": "x", "regime": "national", "batch": 2022, ' + entries + "}"
    result = run("timeline", "-", "--as-of", "2025-01-01", "--format", "json", stdin=record)
    assert result.returncode == 0, result.stderr
    notes = json.loads(result.stdout)["timeline"]["notes"]
    assert {"code": "record_inconsistent", "zh": notes[0]["zh"], "en": f"the record contradicts itself: {note}"} == notes[0]


def test_bad_option_values():
    result = run("timeline", "examples/record-national-2022.toml", "--as-of", "2025-02-30")
    assert result.returncode == 2 and "expected a date YYYY-MM-DD, got '2025-02-30'" in result.stderr
    result = run("timeline", "examples/record-national-2022.toml", "--soon", "-3")
    assert result.returncode == 2 and "expected a number of days (0 or more), got '-3'" in result.stderr
    result = run("timeline", "examples/record-national-2022.toml", "--ics", "/nonexistent-dir/x.ics")
    assert result.returncode == 2 and "/nonexistent-dir/x.ics: folder does not exist: /nonexistent-dir" in result.stderr


# --- schemas -------------------------------------------------------------------------------------


def test_schema_record_and_recommendations_validate_the_examples():
    jsonschema = pytest.importorskip("jsonschema")
    from clusterpolicy.convert import read_document, unstructure

    result = run("schema", "record")
    assert result.returncode == 0, result.stderr
    schema = json.loads(result.stdout)
    assert schema["title"] == "clusterpolicy recognition record"
    for path in sorted(EXAMPLES.glob("record-*.toml")):
        jsonschema.validate(unstructure(load_record(path)), schema)
        assert read_document(path)  # and the files themselves parse
    schema = json.loads(run("schema", "recommendations").stdout)
    for path in sorted(EXAMPLES.glob("recommendations-*.toml")):
        jsonschema.validate(unstructure(load_recommendations(path)), schema)
    assert json.loads(run("schema").stdout)["title"] == "clusterpolicy cluster profile"  # the default is unchanged


def test_output_document_schemas_validate_real_output():
    jsonschema = pytest.importorskip("jsonschema")
    for kind, args in (
        ("timeline", ("timeline", "examples/record-revocation.toml", "--as-of", "2025-06-01")),
        ("lifecycle_status", ("status", "examples/record-revocation.toml", "--as-of", "2025-06-01")),
        ("quota_check", ("quota", "examples/recommendations-2025-province.toml", "--as-of", "2025-06-01")),
    ):
        schema = json.loads(run("schema", kind).stdout)
        jsonschema.validate(json.loads(run(*args, "--format", "json").stdout), schema)


def test_python_api_matches_the_cli(regimes):
    record = clusterpolicy.load_record(EXAMPLES / "record-revocation.toml")
    st = clusterpolicy.lifecycle_status(regimes["national"], record, date(2025, 6, 1))
    cli = json.loads(run("status", "examples/record-revocation.toml", "--as-of", "2025-06-01", "--format", "json").stdout)
    assert clusterpolicy.to_json(st) == cli


# --- the README's lifecycle section runs as written ---------------------------------------------


def test_readme_lifecycle_examples(capsys, monkeypatch, tmp_path):
    import re
    import shutil

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Lifecycle: timelines, status and revocation", 1)[1].split("\n## ", 1)[0]
    block = next(b for b in re.findall(r"```python\n(.*?)```", section, flags=re.S) if "lifecycle_status(" in b)
    monkeypatch.chdir(ROOT)
    exec(compile(block, "README.md", "exec"), {})
    expected = [line[2:] for line in block.splitlines() if line.startswith("# ")]
    assert capsys.readouterr().out.splitlines() == expected
    # the console example: each command's output is exactly what the README shows
    console = re.search(r"```console\n(.*?)```", section, flags=re.S).group(1)
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    for chunk in console.split("$ ")[1:]:
        command, _, shown = chunk.partition("\n")
        args = command.split()[1:]
        result = subprocess.run(
            [sys.executable, "-m", "clusterpolicy", *args], capture_output=True, text=True, cwd=tmp_path, timeout=60
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.rstrip("\n") == shown.rstrip("\n")
    assert (tmp_path / "record.ics").read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
