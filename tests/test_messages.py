"""Input errors in the language asked for: English as ever, Chinese with ``--lang zh`` (and on the page
in Chinese) — the file, the field paths and the values quoted exactly as in English."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import clusterpolicy
from clusterpolicy import InputError
from clusterpolicy.messages import TEMPLATES, said

from builders import profile_data
from inprocess import run

ROOT = Path(__file__).resolve().parents[1]

BAD_PROFILE = """\
area_km2 = "big"
provinse = "海南省"
region = "south"
assessment_date = 2025
[firms]
littlegiants = 3
[years.2024]
total_output = "n/a"
"""


def test_a_bad_profile_is_refused_in_english_and_in_chinese(tmp_path):
    bad = tmp_path / "坏档案.toml"
    bad.write_text(BAD_PROFILE, encoding="utf-8")
    known = ("name, province, county, region, leading_industry, area_km2, assessment_date, application_year, applicant, division_level, "
             "within_one_county, provincial_cluster, front_rank, special_circumstances, high_energy, high_water, industrial_internet_rate, "
             "years, firms, attestations, incidents, extra, declarations")  # fmt: skip
    firms = "single_champions, little_giants, specialised_smes, innovative_smes, high_tech"
    en, zh = (run("evaluate", str(bad), "-r", "national", "--lang", lang) for lang in ("en", "zh"))
    assert (en.returncode, zh.returncode, en.stdout, zh.stdout) == (2, 2, "", "")
    assert en.stderr.splitlines() == [
        f"clusterpolicy: error: {bad}: 7 problems",
        "  - $.name: required field missing",
        "  - $.region: expected one of: east, central, west, northeast; got 'south'",
        "  - $.area_km2: expected a decimal number; got 'big'",
        "  - $.assessment_date: expected a date (YYYY-MM-DD); got 2025",
        "  - $.years.2024.total_output: expected a decimal number; got 'n/a'",
        f"  - $.firms: unknown key(s): littlegiants (did you mean 'little_giants'? expected one of: {firms})",
        f"  - $: unknown key(s): provinse (did you mean 'province'? expected one of: {known})",
    ]
    assert zh.stderr.splitlines() == [
        f"clusterpolicy: 错误:{bad}: 7 个问题",
        "  - $.name: 缺少必填字段",
        "  - $.region: 应为以下之一:east, central, west, northeast;实际为 'south'",
        "  - $.area_km2: 应为数字;实际为 'big'",
        "  - $.assessment_date: 应为日期(YYYY-MM-DD);实际为 2025",
        "  - $.years.2024.total_output: 应为数字;实际为 'n/a'",
        f"  - $.firms: 无法识别的键:littlegiants(是否应为 'little_giants'?可用的键:{firms})",
        f"  - $: 无法识别的键:provinse(是否应为 'province'?可用的键:{known})",
    ]
    # one problem: on the line of the file; a file that is not there
    single = run("compare", "-", "--lang", "zh")
    assert single.returncode == 2 and single.stderr == "clusterpolicy: 错误:<stdin>: $.name: 缺少必填字段\n"
    missing = run("evaluate", str(tmp_path / "无.toml"), "-r", "national", "--lang", "zh")
    assert missing.stderr == f"clusterpolicy: 错误:{tmp_path / '无.toml'}: 找不到文件\n"


@pytest.mark.parametrize(
    ("changes", "zh"),
    [
        ({"provincial_cluster": "yes"}, "$.provincial_cluster: 应为true/false或null;实际为 'yes'"),
        ({"firms.little_giants": 1.5}, "$.firms.little_giants: 应为整数或null;实际为 1.5"),
        ({"name": 5}, "$.name: 应为文本(字符串);实际为 5"),
        ({"firms": 3}, "$.firms: 应为表(对象);实际为 3"),
        ({"years.2024.total_output": -1}, "$.years.2024.total_output: 不得为负数,实际为 -1"),
        ({"years.20x4": {}}, "$.years.20x4: 应为 1900 至 2199 之间的年份(四位 ASCII 数字);实际为 '20x4'"),
        ({"front_rank": "global"}, "$.front_rank: 应为以下之一:none, provincial, national;实际为 'global'"),
        ({"assessment_date": "2025-02-30"}, "$.assessment_date: 应为日期(YYYY-MM-DD);实际为 '2025-02-30'"),
        ({"attestations.brand": "true"}, "$.attestations.brand: 应为 true 或 false;实际为 'true'"),
        ({"incidents": [{"kind": "tax_evasion"}]}, "$.incidents[0].date: 缺少必填字段"),
        ({"incidents": "none"}, "$.incidents: 应为列表;实际为 'none'"),
        ({"years.2024.total_output": "1" * 16}, "$.years.2024.total_output: 数值过大(整数部分最多 15 位)"),
        ({"area_km2": "0" * 15 + "1"}, "$.area_km2: 位数过多(整数部分最多 15 位,小数部分最多 40 位,含前后的零);实际为 '0000000000000001'"),
    ],
)
def test_the_converters_messages_in_chinese_keep_path_and_value(changes, zh):
    with pytest.raises(InputError) as info:
        clusterpolicy.profile_from_dict(profile_data(**changes), source="bad.toml")
    (problem,) = info.value.problems
    assert said(problem, "zh") == zh
    assert problem.split(": ", 1)[0] == zh.split(": ", 1)[0]  # the path, as it was
    assert info.value.text("zh") == f"bad.toml: {zh}" and info.value.text("en") == str(info.value) == f"bad.toml: {problem}"


@pytest.mark.parametrize(
    ("changes", "en"),
    [
        ({"leading_industry": [Decimal("62.5")]}, "$.leading_industry: expected a string or null; got [62.5]"),
        ({"years.2024.total_output": {"a": Decimal("1.5")}}, "$.years.2024.total_output: expected a decimal or null; got {'a': 1.5}"),
        ({"name": [True, None, date(2024, 5, 1)]}, "$.name: expected a string; got [true, null, 2024-05-01]"),
    ],
)
def test_a_wrong_value_is_echoed_as_the_file_wrote_it(changes, en):
    with pytest.raises(InputError) as info:
        clusterpolicy.profile_from_dict(profile_data(**changes), source="bad.toml")
    assert info.value.problems == (en,)


def test_a_message_the_table_does_not_know_stays_english():
    assert said("bad.toml: $.x: something new", "zh") == "bad.toml: $.x: something new"
    assert said("$.x: expected a widget; got 3", "zh") == "$.x: expected a widget; got 3"  # {types} word by word, or not at all
    assert said("$.name: required field missing", "en") == "$.name: required field missing"


def test_an_operating_systems_reason_is_said_in_chinese_where_it_is_known():
    assert said("x.toml: cannot read: Is a directory", "zh") == "x.toml: 无法读取:这是一个文件夹"
    assert said("out.csv: cannot write: No space left on device", "zh") == "out.csv: 无法写入:磁盘空间已满"
    assert said("x.toml: cannot read: Stale file handle", "zh") == "x.toml: 无法读取:Stale file handle"  # not listed: as the system said it
    assert said("a.csv: header: cannot read: field larger than field limit (131072)", "zh") == "a.csv: 表头:无法读取:有单元格超过 131072 个字符的上限"


def test_a_did_you_mean_for_several_keys_says_each_key_then_what_it_may_mean():
    en = "$: unknown key(s): as_of, industry (did you mean 'assessment_date' for as_of, 'leading_industry' for industry? expected one of: name, years)"
    assert said(en, "zh") == "$: 无法识别的键:as_of, industry(是否应为 as_of → 'assessment_date', industry → 'leading_industry'?可用的键:name, years)"


def test_a_value_close_to_an_allowed_one_and_a_rule_family_are_said_in_chinese():
    en = "x.toml: $.jurisdiction.level: expected one of: national, provincial, city, county; got 'province' (did you mean 'provincial'?)"
    assert said(en, "zh") == "x.toml: $.jurisdiction.level: 应为以下之一:national, provincial, city, county;实际为 'province'(是否应为 'provincial'?)"
    wide = "$.op: expected one of: ge, gt; got 'ｇｔ' (did you mean 'gt', typed in full-width characters?)"
    assert said(wide, "zh") == "$.op: 应为以下之一:ge, gt;实际为 'ｇｔ'(是否应为 'gt'?输入的是全角字符,请改用半角)"
    family = "plugin 'x.toml': amends revocation_grounds 'revocation.expiry' for 'xprov': $.set: unknown key(s): a (expected one of: b)"
    assert said(family, "zh") == "插件 'x.toml':修改 'xprov' 的 撤销情形 'revocation.expiry':$.set: 无法识别的键:a(可用的键:b)"


def test_every_template_has_its_placeholders_in_both_languages():
    import re

    for en, zh in TEMPLATES:
        assert sorted(re.findall(r"\{(\w+)\}", en)) == sorted(re.findall(r"\{(\w+)\}", zh)), en


def test_an_input_error_over_http_carries_its_chinese(regimes):
    pytest.importorskip("starlette", reason="the 'serve' extra is not installed (pip install -e '.[test]')")
    httpx = pytest.importorskip("httpx", reason="httpx is not installed (pip install -e '.[test]')")
    from httpserver import running

    from clusterpolicy.http.server import create_app

    toml = {"Content-Type": "application/toml"}
    with running(create_app(regimes)) as url:
        response = httpx.post(url + "/api/compare", content=BAD_PROFILE.encode(), headers=toml, timeout=30)
        not_utf8 = httpx.post(url + "/api/compare", content='name = "海南"'.encode("gbk"), headers=toml, timeout=30)
        not_gbk = httpx.post(url + "/api/compare", content=b'name = "\x80"', headers={"Content-Type": "application/toml; charset=gbk"}, timeout=30)
        deep = httpx.post(url + "/api/compare", content=b"x = " + b"[" * 40, headers=toml, timeout=30)
    assert [(r.status_code, r.json()["error_zh"]) for r in (not_utf8, not_gbk, deep)] == [
        (400, "<request body>: 不是 UTF-8 文本(第 1 行第 9 列,字节偏移 8:无效的起始字节):"
              "请发送 UTF-8 文本,或在 Content-Type 中注明其字符集:application/toml; charset=gb18030"),
        (400, "<request body>: 不是 gbk 文本(第 1 行第 9 列,字节偏移 8:非法的多字节序列)"),
        (400, "<request body>: 第 1 行:嵌套超过 32 层"),
    ]
    assert response.status_code == 422
    doc = response.json()
    assert doc["problems"][0] == "$.name: required field missing" and doc["problems_zh"][0] == "$.name: 缺少必填字段"
    assert doc["error"].startswith("<request body>: 7 problems\n") and doc["error_zh"].startswith("<request body>: 7 个问题\n  - $.name: 缺少必填字段\n")
    assert len(doc["problems_zh"]) == len(doc["problems"]) == 7


def test_the_readme_shows_what_the_command_prints_in_both_languages(tmp_path):
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (tmp_path / "bad.toml").write_text('name = "x"\narea_km2 = "large"\n[years.2024]\ntotal_output = -3\n', encoding="utf-8")
    for lang, command in (("en", "clusterpolicy evaluate bad.toml -r hainan"), ("zh", "clusterpolicy evaluate bad.toml -r hainan --lang zh")):
        shown = next(b for b in re.findall(r"```console\n(.*?)```", readme, flags=re.S) if b.startswith(f"$ {command}\n"))
        printed = subprocess.run([sys.executable, "-m", "clusterpolicy", *command.split()[1:], "--lang", lang], capture_output=True,
                                 text=True, cwd=tmp_path, timeout=60).stderr  # fmt: skip
        assert printed == shown.split("\n", 1)[1], lang


def test_a_profile_saved_as_gbk_is_refused_with_its_line_and_what_to_do(tmp_path):
    """A Windows editor's default (GBK) is not UTF-8: the error says where and how to save it instead."""
    profile = tmp_path / "档案.toml"
    profile.write_bytes('years = {}\nname = "宁波模具集群"\n'.encode("gbk"))
    en, zh = run("compare", str(profile)), run("compare", str(profile), "--lang", "zh")
    assert (en.returncode, zh.returncode) == (2, 2)
    assert en.stderr == (f"clusterpolicy: error: {profile}: not UTF-8 text (invalid continuation byte at line 2, column 9, byte offset 19): save the file as UTF-8, "
                         "or name its encoding: --encoding gb18030\n")
    assert zh.stderr == (f"clusterpolicy: 错误:{profile}: 不是 UTF-8 文本(第 2 行第 9 列,字节偏移 19:无效的后续字节):请将文件另存为 UTF-8 编码,"
                         "或用 --encoding gb18030 注明其编码\n")


def test_a_profile_in_gbk_is_read_when_its_encoding_is_named(tmp_path):
    """``--encoding`` reads the file a Chinese Windows editor saved as if it had been saved as UTF-8."""
    text = 'name = "宁波模具集群"\nregion = "east"\narea_km2 = 120\n'
    (tmp_path / "gbk.toml").write_bytes(text.encode("gbk"))
    (tmp_path / "utf8.toml").write_text(text, encoding="utf-8")
    utf8 = run("compare", "utf8.toml", "--format", "json", cwd=tmp_path)
    for command in ("compare", "evaluate", "pathway"):
        extra = ["-r", "national"] if command == "evaluate" else []
        named = run(command, "gbk.toml", "--encoding", "gb18030", "--format", "json", *extra, cwd=tmp_path)
        twin = utf8 if command == "compare" else run(command, "utf8.toml", "--format", "json", *extra, cwd=tmp_path)
        assert (named.returncode, named.stdout.replace("gbk.toml", "utf8.toml")) == (0, twin.stdout), command
    piped = run("whatif", "-", "--encoding", "gbk", "--set", "area_km2=3", cwd=tmp_path, stdin=text.encode("gbk"))
    assert piped.returncode == 0 and "宁波模具集群" in piped.stdout
    wrong = run("compare", "-", "--encoding", "gbk", "--lang", "zh", cwd=tmp_path, stdin=b'name = "\x80"\n')
    assert (wrong.returncode, wrong.stderr) == (2, "clusterpolicy: 错误:<stdin>: 不是 gbk 文本(第 1 行第 9 列,字节偏移 8:非法的多字节序列)\n")
    garbled = run("compare", "utf8.toml", "--encoding", "gbk", "--lang", "zh", cwd=tmp_path)  # UTF-8 read as GBK would be 瀹佹尝…
    assert (garbled.returncode, garbled.stderr) == (2, "clusterpolicy: 错误:utf8.toml: 是 UTF-8 文本,不是 gbk:请去掉 --encoding 选项\n")
    unknown = run("compare", "gbk.toml", "--encoding", "utf-7", cwd=tmp_path)
    assert (unknown.returncode, unknown.stderr) == (
        2, "clusterpolicy: error: --encoding: unknown or unsupported encoding 'utf-7' (e.g. utf-8, gb18030, gbk, big5, utf-16)\n")  # fmt: skip


def test_a_table_declared_twice_is_named_as_the_file_writes_it(tmp_path):
    (tmp_path / "p.toml").write_text('name = "x"\n[years.2022]\ntotal_output = 1\n[years.2022]\n', encoding="utf-8")
    en, zh = (run("compare", "p.toml", "--lang", lang, cwd=tmp_path) for lang in ("en", "zh"))
    assert en.stderr == "clusterpolicy: error: p.toml: invalid TOML: Cannot declare [years.2022] twice (at line 4, column 12)\n"
    assert zh.stderr == "clusterpolicy: 错误:p.toml: TOML 格式错误(第 4 行第 12 列):不能两次声明 [years.2022]\n"
    (tmp_path / "q.toml").write_text('name = "x"\n[years."二〇二二"]\n[years."二〇二二"]\n', encoding="utf-8")
    assert run("compare", "q.toml", cwd=tmp_path).stderr.endswith('Cannot declare [years."二〇二二"] twice (at line 3, column 14)\n')


def test_a_profile_saved_as_utf16_with_its_mark_is_read_as_it(tmp_path):
    """Notepad's "Unicode" is UTF-16 after a byte-order mark: read without being told."""
    (tmp_path / "u16.toml").write_bytes('name = "宁波模具集群"\n'.encode("utf-16"))
    (tmp_path / "u8.toml").write_text('name = "宁波模具集群"\n', encoding="utf-8")
    got, want = (run("compare", name, "--format", "json", cwd=tmp_path) for name in ("u16.toml", "u8.toml"))
    assert (got.returncode, got.stdout.replace("u16.toml", "u8.toml")) == (0, want.stdout)


def test_a_long_value_shown_cut_says_its_length_in_chinese():
    en = "row 16: area_km2: too many digits after the decimal point (at most 40); got '1.1111111111111111111111'… (43 characters)"
    assert said(en, "zh") == "第 16 行:area_km2: 小数位数过多(最多 40 位);实际为 '1.1111111111111111111111'…(共 43 个字符)"
