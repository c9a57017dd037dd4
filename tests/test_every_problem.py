"""Every problem of an input file in one run: a field's own checks run even when a sibling fails, every rule
between fields that is not met is said once the fields are valid, and nothing is built until all pass."""

from __future__ import annotations

import pytest

from clusterpolicy.convert import structure
from clusterpolicy.errors import InputError
from clusterpolicy.lifecycle.kinds import BatchValidity
from clusterpolicy.lifecycle.record import Record
from clusterpolicy.model import at_least, at_most, doc, frozen

from inprocess import run

#: Two negative figures beside one that is no number: one run says all three, in the file's order.
NEGATIVE = 'name = "宁波模具集群"\nregion = "east"\n[years.2024]\ntotal_output = -5\nsme_output = -3\nleading_output = "abc"\n'
NEGATIVE_PROBLEMS = [
    "$.years.2024.total_output: must not be negative, got -5",
    "$.years.2024.sme_output: must not be negative, got -3",
    "$.years.2024.leading_output: expected a decimal number; got 'abc'",
]
NEGATIVE_PROBLEMS_ZH = [
    "$.years.2024.total_output: 不得为负数,实际为 -5",
    "$.years.2024.sme_output: 不得为负数,实际为 -3",
    "$.years.2024.leading_output: 应为数字;实际为 'abc'",
]
CITATION = {"document": "工信部企业〔2022〕119号", "item": "第十二条"}


def problems(data: dict, cls: type, lang: str = "en") -> list[str]:
    with pytest.raises(InputError) as info:
        structure(data, cls, "f.toml")
    text = info.value.text(lang)
    return [line.removeprefix("  - ") for line in text.split("\n")[1:]] or [text.removeprefix("f.toml: ")]


def test_a_profiles_figures_are_all_checked_when_one_is_no_number(tmp_path):
    (tmp_path / "neg.toml").write_text(NEGATIVE, encoding="utf-8")
    en, zh = run("compare", "neg.toml", cwd=tmp_path), run("compare", "neg.toml", "--lang", "zh", cwd=tmp_path)
    assert (en.returncode, en.stdout, en.stderr) == (2, "", "clusterpolicy: error: neg.toml: 3 problems\n" + "".join(f"  - {p}\n" for p in NEGATIVE_PROBLEMS))
    assert (zh.returncode, zh.stderr) == (2, "clusterpolicy: 错误:neg.toml: 3 个问题\n" + "".join(f"  - {p}\n" for p in NEGATIVE_PROBLEMS_ZH))


def test_a_posted_profile_answers_every_problem_in_both_languages(regimes):
    pytest.importorskip("starlette", reason="the 'serve' extra is not installed (pip install -e '.[test]')")
    httpx = pytest.importorskip("httpx", reason="httpx is not installed (pip install -e '.[test]')")
    from httpserver import running

    from clusterpolicy.http.server import create_app

    with running(create_app(regimes)) as url:
        response = httpx.post(url + "/api/compare", content=NEGATIVE.encode(), headers={"Content-Type": "application/toml"}, timeout=30)
    assert response.status_code == 422
    body = response.json()
    assert (body["problems"], body["problems_zh"]) == (NEGATIVE_PROBLEMS, NEGATIVE_PROBLEMS_ZH)
    assert body["error"] == "<request body>: 3 problems\n" + "\n".join(f"  - {p}" for p in NEGATIVE_PROBLEMS)


def test_a_record_says_each_field_and_each_rule_between_fields_at_once():
    record = {
        "name": "",
        "regime": "National",
        "batch": 1999,
        "announced": "someday",
        "reviews": [{"result": "passed"}],
        "major_changes": [{"aspect": "other", "date": "2024-01-01", "reported": "2024-02-01", "never_reported": True}],
    }
    assert problems(record, Record) == [
        "$.name: must not be empty",
        "$.regime: 'National' is not a valid id (lower-case letters, digits, '_', separated by '.' or '-')",
        "$.batch: must be at least 2000, got 1999",
        "$.announced: expected a date (YYYY-MM-DD); got 'someday'",
        "$.reviews[0].decided: give both 'result' and 'decided', or neither",
        "$.major_changes[0].never_reported: cannot be true when 'reported' gives a date",
    ]
    assert problems(record, Record, "zh")[:3] == ["$.name: 不得为空", "$.regime: 'National' 不是有效的标识(只用小写字母、数字和 '_',以 '.' 或 '-' 分隔)",
                                                  "$.batch: 不得小于 2000,实际为 1999"]  # fmt: skip


def test_every_rule_between_fields_that_is_not_met_is_said():
    validity = {"batches": {}, "start_rule": "record", "start": "2024-01-01", "end": "2023-01-01", "citation": CITATION, "provenance": "text"}
    assert problems(validity, BatchValidity) == [
        "$.start: only start_rule 'fixed' takes a start date",
        "$.end: only start_rule 'fixed' takes an end date",
        "$.end: end 2023-01-01 is before start 2024-01-01",
    ]
    assert problems(validity, BatchValidity, "zh") == [
        "$.start: 只有 start_rule 为 'fixed' 时才能给出开始日",
        "$.end: 只有 start_rule 为 'fixed' 时才能给出结束日",
        "$.end: 结束日 2023-01-01 早于开始日 2024-01-01",
    ]


def test_rules_between_fields_wait_for_the_fields_they_read():
    """With start_rule misspelt, whether start and end may be given is not asked; a nested table whose own
    fields are valid (batches) is held to its rules all the same."""
    validity = {"batches": {"first": 2024, "last": 2022}, "start_rule": "recorded", "start": "2024-01-01", "end": "2023-01-01",
                "citation": {"document": ""}, "provenance": "text"}  # fmt: skip
    assert problems(validity, BatchValidity) == [
        "$.batches.last: last batch 2022 is before first batch 2024",
        "$.start_rule: expected one of: fixed, january_after_announcement, announcement_date, record; got 'recorded' (did you mean 'record'?)",
        "$.citation.document: must not be empty",
    ]


@frozen(kw_only=True)
class _Bounded:
    n: int = doc("Two bounds no value meets.", validator=[at_least(10), at_most(5)])
    m: int = doc("An integer.")


def test_every_check_of_one_field_that_fails_is_said():
    assert problems({"n": 7, "m": "x"}, _Bounded) == ["$.n: must be at least 10, got 7", "$.n: must be at most 5, got 7",
                                                      "$.m: expected an integer; got 'x'"]  # fmt: skip


def test_a_rule_file_says_every_problem_of_its_rules(tmp_path):
    from test_rulefile_mistakes import XPROV

    import clusterpolicy
    from clusterpolicy import LoadError

    path = tmp_path / "xprov.toml"
    text = XPROV
    for old, new in (("term_years = 3", "term_years = 0"), ('start_rule = "announcement_date"\n', 'start_rule = "announcement_date"\nstart = 2024-01-01\n'),
                     ("month = 3\nday = 31", "month = 13\nday = 0")):  # fmt: skip
        assert old in text
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LoadError) as info:
        clusterpolicy.load_regimes(rules=[path])
    assert list(info.value.problems) == [  # by key path
        f"{path}: $.timelines.add[0].rule.batches[0].start: only start_rule 'fixed' takes a start date",
        f"{path}: $.timelines.add[0].rule.term_years: must be at least 1, got 0",
        f"{path}: $.timelines.add[1].rule.days[0].day: must be at least 1, got 0",
        f"{path}: $.timelines.add[1].rule.days[0].month: must be at most 12, got 13",
    ]


def test_past_the_hundredth_problem_the_count_is_whole_and_the_rest_is_one_last_line(tmp_path, regimes):
    years = "".join(f'[years.{y}]\ntotal_output = -1\nsme_output = -1\nleading_output = "a"\n' for y in range(1960, 2000))
    path = tmp_path / "many.toml"
    path.write_text('name = "x"\n' + years, encoding="utf-8")
    lines = run("compare", str(path)).stderr.splitlines()
    assert (lines[0], len(lines), lines[-1]) == (f"clusterpolicy: error: {path}: 120 problems", 102, "  … and 20 more problems")
    zh = run("compare", str(path), "--lang", "zh").stderr.splitlines()
    assert (zh[0], zh[-1]) == (f"clusterpolicy: 错误:{path}: 120 个问题", "  …… 另有 20 个问题")
    with pytest.raises(InputError) as err:
        __import__("clusterpolicy").load_profile(path)
    assert (len(err.value.problems), err.value.more) == (100, 20)  # the list holds problems only
