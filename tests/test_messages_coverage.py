"""Every message a user's mistake can produce has its Chinese: realistic bad inputs of each family run under
``--lang zh`` (the exact lines), and every message worded in the core's source known to the tables of
:mod:`clusterpolicy.messages` (a static scan: tests/messagescan.py), the specific templates before the
general ones."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from clusterpolicy.messages import TEMPLATES, TYPES, _compiled, said

from inprocess import run
from messagescan import scan

ROOT = Path(__file__).resolve().parents[1]
HEAD = (ROOT / "tests" / "rules" / "demo.toml").read_text(encoding="utf-8").split("[criteria]")[0] + "[criteria]\n"
DOC = "示例工信规〔2024〕1号"
RULE = """
[[criteria.{part}]]
id = "{id}"
indicator = "一"
title_zh = "x"
title_en = "x"
check = {check}
citation = {{ document = "{doc}", item = "一" }}
provenance = "text"
"""
AREA = '{ kind = "threshold", fields = ["area_km2"], op = "ge", value = 30 }'


def rule(part: str = "add", id: str = "demo.x", check: str = AREA, doc: str = DOC) -> str:
    return RULE.format(part=part, id=id, check=check, doc=doc)


INHERITED = ("core.area, core.brand, core.front_rank, core.growth, core.industrial_policy, core.leading_share, core.output, "
             "core.pillar_industry, core.sme_share, digital, governance, green, …")  # fmt: skip

#: A provincial official's rule file (the demo province's head, then its criteria) and the Chinese lines of the error.
RULE_FILES = [
    ("criteria = [1, 2]\n" + HEAD.removesuffix("[criteria]\n"), [
        "clusterpolicy: 错误:辖区插件或规则文件有误:",
        "  - {f}: $.criteria: 应为表(inherit, add, override, remove);实际为 [1, 2]"]),
    (HEAD.replace("[criteria]", "[criterai]"), [
        "clusterpolicy: 错误:辖区插件或规则文件有误:",
        "  - {f}: $.criterai: 无法识别的表(是否应为 'criteria'?可用的表:jurisdiction, criteria, timelines, revocation_grounds, case_categories, "
        "case_calls)"]),
    (HEAD.removesuffix("[criteria]\n") + "[criteria\n", ["clusterpolicy: 错误:辖区插件或规则文件有误:", "  - {f}: TOML 格式错误(第 18 行第 10 列):表头末尾应为 ']'"]),
    (HEAD.replace('parent = "national"', 'parent = "natoinal"'), [
        "clusterpolicy: 错误:辖区插件或规则文件有误:",
        "  - 插件 'r.toml':辖区 'demo' 的上级为 'natoinal',但没有插件声明该辖区(是否应为 'national'?) [位置:{f}: $.jurisdiction.parent]"]),
    (HEAD + rule(part="override", id="core.outptu"), [
        "clusterpolicy: 错误:辖区插件或规则文件有误:",
        f"  - 插件 'r.toml':取代 'demo' 的 认定标准 'core.outptu',但 'demo' 没有继承该规则(是否应为 'core.output'?已继承:{INHERITED}) "
        "[位置:{f}: $.criteria.override[0]]"]),
    (HEAD + rule(id="core.output"), [
        "clusterpolicy: 错误:辖区插件或规则文件有误:",
        "  - 插件 'r.toml':向 'demo' 新增 'core.output',但 'demo' 已从 'national' 继承该规则;请在 override(或 amend)下声明 [位置:{f}: $.criteria.add[0]]"]),
    (HEAD + rule(check=AREA.replace("area_km2", "area_kmm")), [
        "clusterpolicy: 错误:辖区插件或规则文件有误:", "  - {f}: $.criteria.add[0]: 无法识别的档案字段 'area_kmm'(是否应为 'area_km2'?)"]),
    (HEAD + rule(check='{ kind = "each_year", field = "area_km2", years = 3, op = "ge", value = 30 }'), [
        "clusterpolicy: 错误:辖区插件或规则文件有误:", "  - {f}: $.criteria.add[0]: 无法识别的年度字段 'area_km2'"]),
    (HEAD + rule(check=AREA.replace("area_km2", "region")), [
        "clusterpolicy: 错误:辖区插件或规则文件有误:", "  - {f}: $.criteria.add[0]: 字段 'region' 的类型为 text,应为 number"]),
    (HEAD + rule(check='{ kind = "in_set", field = "region", values = ["south"] }'), [
        "clusterpolicy: 错误:辖区插件或规则文件有误:",
        "  - {f}: $.criteria.add[0]: 字段 'region' 不能为 'south'(应为以下之一:east, central, west, northeast)"]),
    (HEAD + rule(check='{ kind = "share", numerator = "sme_output", denominator = "total_output", op = "gt", value = 160, per = 100, unit = "%" }'), [
        "clusterpolicy: 错误:辖区插件或规则文件有误:",
        '  - {f}: $.criteria.add[0].check.value: 百分比占比(per = 100, unit = "%")应为 0 至 100 之间的数(value = 60 表示 60%);实际为 160']),
    (HEAD + '[[criteria.remove]]\nid = "core.nothing"\nreason_zh = "x"\nreason_en = "x"\n'
     f'citation = {{ document = "{DOC}", item = "一" }}\nprovenance = "text"\n', [
        "clusterpolicy: 错误:辖区插件或规则文件有误:",
        f"  - 插件 'r.toml':从 'demo' 的 认定标准 中删除 'core.nothing',但 'demo' 没有继承该规则(是否应为 'core.growth'?已继承:{INHERITED}) "
        "[位置:{f}: $.criteria.remove[0]]"]),
    (HEAD + '[[criteria.amend]]\nid = "core.output"\nset = { check = { kind = "threshold", value = 1 } }\n'
     f'citation = {{ document = "{DOC}", item = "一" }}\nprovenance = "text"\n', [
        "clusterpolicy: 错误:辖区插件或规则文件有误:",
        "  - 插件 'r.toml':修改 'demo' 的 认定标准 'core.output':$.set.check.kind:修改(amend)不能改变检查的种类('each_year');如需改变,"
        "请用 override 取代该规则 [位置:{f}: $.criteria.amend[0]]"]),
    (HEAD + '[[criteria.amend]]\nid = "core.outptu"\nset.check.value = 30\n'
     f'citation = {{ document = "{DOC}", item = "一" }}\nprovenance = "text"\n', [
        "clusterpolicy: 错误:辖区插件或规则文件有误:",
        f"  - 插件 'r.toml':修改 'demo' 的 认定标准 'core.outptu',但 'demo' 没有继承该规则(是否应为 'core.output'?已继承:{INHERITED}) "
        "[位置:{f}: $.criteria.amend[0]]"]),
    (HEAD + rule() + rule(), ["clusterpolicy: 错误:辖区插件或规则文件有误:", "  - 'demo' 的规则标识 'demo.x' 被插件 'r.toml' 使用两次"]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "zh"), RULE_FILES, ids=[f"rule-file-{i}" for i in range(len(RULE_FILES))])
def test_a_rule_files_mistake_is_told_in_chinese(tmp_path, text, zh):
    f = tmp_path / "r.toml"
    f.write_text(text, encoding="utf-8")
    en, cn = run("check-rules", str(f), "--lang", "en"), run("check-rules", str(f), "--lang", "zh")
    assert (en.returncode, cn.returncode) == (3, 3)
    assert cn.stderr.splitlines() == [line.replace("{f}", str(f)) for line in zh]
    assert en.stderr.startswith("clusterpolicy: error: invalid jurisdiction plugin")  # the English as ever


def test_a_rule_files_note_is_told_in_chinese(tmp_path):
    f = tmp_path / "r.toml"
    f.write_text(HEAD + rule(check='{ kind = "share", numerator = "sme_output", denominator = "total_output", op = "gt", value = 0.6, per = 100, unit = "%" }'),
                 encoding="utf-8")  # fmt: skip
    notes = [line for line in run("check-rules", str(f), "--lang", "zh").stdout.splitlines() if line.startswith("注意")]
    assert notes == [f"注意:{f}: $.criteria.add[0].check.value: 0.6 即 0.6%(demo.x)——占比以百分数计(value = 60 表示 60%);原文如为 60%,应写作 60"]


BAD_CSV = "name,region,area_km2,years.2024.total_output\na,east,100,40\nb,east,1e5\nc,east,1e5,40\nd,south,100,x\n"


def test_a_spreadsheets_row_problems_are_told_in_chinese(tmp_path):
    (tmp_path / "bad.csv").write_text(BAD_CSV, encoding="utf-8")
    (tmp_path / "head.csv").write_text("name,regoin,area_km2,area_km2,\na,east,1,2,3\n", encoding="utf-8")
    rows = run("batch", "bad.csv", "--out", "o.csv", "--lang", "zh", cwd=tmp_path)
    assert rows.returncode == 0
    assert rows.stderr.splitlines() == [
        "clusterpolicy: 第 3 行:有 3 个单元格,表头有 4 列",
        "clusterpolicy: 第 4 行:area_km2: 应为直接写出的数字(只用数字和小数点,不用科学计数法或空格,例如 100000);实际为 '1e5'",
        "clusterpolicy: 第 5 行:region: 应为以下之一:east, central, west, northeast;实际为 'south'",
        "clusterpolicy: 第 5 行:years.2024.total_output: 应为数字;实际为 'x'",
    ]
    assert run("batch", "bad.csv", "--out", "o.csv", cwd=tmp_path).stderr.splitlines()[0] == "clusterpolicy: row 3: has 3 cells, the header has 4"
    head = run("batch", "head.csv", "--out", "o.csv", "--lang", "zh", cwd=tmp_path)
    assert (head.returncode, head.stderr.splitlines()) == (2, [
        "clusterpolicy: 错误:head.csv: 3 个问题",
        "  - 表头:无法识别的列 'regoin'(是否应为 'region'?)",
        "  - 表头:列 'area_km2' 出现两次(第 3 列和第 4 列)",
        "  - 表头:表头第 5 列为空",
    ])  # fmt: skip
    same = run("batch", "bad.csv", "--out", "bad.csv", "--lang", "zh", cwd=tmp_path)
    assert same.stderr == "clusterpolicy: 错误:bad.csv: 是输入文件:请将结果写入另一个文件(输入文件不会被替换)\n"


#: (arguments, standard input, the last line of standard error under --lang zh): options, profiles, what-if changes,
#: records, recommendation lists, submissions and the commands' own checks.
COMMANDS = [
    (("compare", "-", "--as-of", "2024-13-01"), 'name = "x"\n', "clusterpolicy compare: 错误:参数 --as-of:应为日期 YYYY-MM-DD;实际为 '2024-13-01'"),
    (("compare", "-", "--as-of", "2300-01-01"), 'name = "x"\n', "clusterpolicy compare: 错误:参数 --as-of:2300-01-01 超出支持的日期范围(1900-01-01 至 2199-12-31)"),
    (("compare", "-", "--format", "xml"), "", "clusterpolicy compare: 错误:参数 --format:无效的选项 'xml'(可选:'text', 'json')"),
    (("compare",), "", "clusterpolicy compare: 错误:缺少以下必需参数:profile"),
    (("compare", "-", "--regime"), "", "clusterpolicy compare: 错误:参数 --regime/-r:须给出一个值"),
    (("serve", "--port", "99999"), "", "clusterpolicy serve: 错误:参数 --port:应为 0 至 65535 之间的 TCP 端口号;实际为 '99999'"),
    (("batch", "x.csv", "--out", "o.csv", "--chunk-size", "0"), "", "clusterpolicy batch: 错误:参数 --chunk-size:应为行数(不小于 1 的整数);实际为 '0'"),
    (("evaluate", "-", "-r", "nat"), 'name = "x"\n', "clusterpolicy: 错误:无法识别的制度 'nat'(现有:national, anhui, hainan)"),
    (("compare", "-"), '{"name": "x", "name": "y"}', "clusterpolicy: 错误:<stdin>: $: 同一对象中键 'name' 重复出现(每个键只能出现一次)"),
    (("compare", "-"), '{"name": "x",}', "clusterpolicy: 错误:<stdin>: 第 1 行第 14 列:JSON 格式错误:此处应为带双引号的键名"),
    (("compare", "-"), 'name = "x"\nassessment_date = 1800-01-01\n',
     "clusterpolicy: 错误:<stdin>: $.assessment_date: 1800-01-01 超出支持的日期范围(1900-01-01 至 2199-12-31)"),
    (("compare", "-"), 'name = "x"\narea_km2 = "1e5"\n',
     "clusterpolicy: 错误:<stdin>: $.area_km2: 应为直接写出的数字(只用数字和小数点,不用科学计数法或空格,例如 100000);实际为 '1e5'"),
    (("compare", "-"), 'name = "x"\n[declarations.national]\n"core.output" = {met = true, by = "x", note = "y"}\n',
     "clusterpolicy: 错误:<stdin>: $.declarations.national.core.output: 'core.output' 在 'national' 中已编码(检查种类 each_year):"
     "只有未编码(not_encoded)的指标可以声明——该项由本工具根据档案数据判定"),
    (("compare", "-"), 'name = "x"\n[declarations.natoinal]\n',
     "clusterpolicy: 错误:<stdin>: $.declarations.natoinal: 未加载制度 'natoinal'(是否应为 'national'?)(已加载:national, anhui, hainan)"),
    (("whatif", "-", "--set", "area_km2"), 'name = "x"\n', "clusterpolicy: 错误:--set: 'area_km2':应为“路径=值”,例如 years.2024.total_output=42"),
    (("whatif", "-", "--set", "years.2024.total_outptu=3"), 'name = "x"\n',
     "clusterpolicy: 错误:<stdin>(经 --set 修改后): 'years.2024.total_outptu':应为 years.<年份>.<指标>(年度数据,如 total_output,或 extra.<键>)"),
    (("pathway", "-", "--province", "national"), 'name = "x"\n', "clusterpolicy: 错误:pathway: --province 'national':'national' 是国家级制度,不是省级制度"),
    (("schema", "prfile"), "", None),
    (("diff", "national", "hainan", "--family", "critera"), "",
     "clusterpolicy: 错误:--family: 无法识别的规则类别 'critera'(应为以下之一:criteria, timelines, revocation_grounds, case_categories, case_calls)"),
    (("export-rules", "natoinal"), "", "clusterpolicy: 错误:没有插件声明辖区 'natoinal'(现有:anhui, hainan, national)"),
    (("new-jurisdiction", "Bad Id", "--out", "nj"), "",
     "clusterpolicy: 错误:new-jurisdiction: id: 'Bad Id' 不是有效的标识(只用小写字母、数字和 '_',以 '.' 或 '-' 分隔)"),
    (("compare", "-", "--block-plugin", "nope"), 'name = "x"\n', "clusterpolicy: 错误:--block-plugin: 没有名为 'nope' 的插件(现有:anhui, hainan, national)"),
    (("status", "-"), (ROOT / "examples" / "record-national-2022.toml").read_text(encoding="utf-8").replace('regime = "national"', 'regime = "natoinal"'),
     "clusterpolicy: 错误:<stdin>: $.regime: 无法识别的制度 'natoinal'(是否应为 'national'?)(现有:national, anhui, hainan)"),
    (("timeline", "-", "--soon", "²"), "", "clusterpolicy timeline: 错误:参数 --soon:应为天数(不小于 0);实际为 '²'"),
    (("quota", "-", "--call", "20x5"), "", "clusterpolicy quota: 错误:参数 --call:应为 1900 至 2199 之间的年份;实际为 '20x5'"),
    (("timeline", "-", "--as-of", "20240101"), "", "clusterpolicy timeline: 错误:参数 --as-of:应为日期 YYYY-MM-DD;实际为 '20240101'"),
    (("quota", str(ROOT / "examples" / "recommendations-2025-province.toml"), "--call", "2019"), "",
     f"clusterpolicy: 错误:{ROOT / 'examples' / 'recommendations-2025-province.toml'}: $.call: 该名单对应 2025 年度的通知,但所查询的是 2019 年度的通知"),
    (("cases", "check", "-", "-r", "national"), 'kind = "case"\ntext = "x"\ntext_file = "y.md"\n', "  - $.title: 缺少必填字段"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "stdin", "zh"), COMMANDS, ids=[" ".join(a) for a, _, _ in COMMANDS])
def test_a_commands_input_error_is_told_in_chinese(tmp_path, args, stdin, zh):
    (tmp_path / "x.csv").write_text("name\na\n", encoding="utf-8")
    cn = run(*args, "--lang", "zh", stdin=stdin, cwd=tmp_path)
    en = run(*args, "--lang", "en", stdin=stdin, cwd=tmp_path)
    assert cn.returncode == en.returncode == 2
    if zh is None:  # a long list of names: the words around it
        assert cn.stderr.startswith("clusterpolicy: 错误:schema: 无法识别的文档 'prfile'(现有:profile, record,")
    else:
        assert cn.stderr.splitlines()[-1] == zh
    assert said(en.stderr.rstrip("\n").splitlines()[-1], "zh") == cn.stderr.splitlines()[-1] or args[0] in ("compare", "serve", "batch", "timeline")


def test_lang_from_the_locale_also_says_usage_errors_in_chinese():
    r = run("compare", "-", "--as-of", "2024-13-01", env={"LANG": "zh_CN.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""})
    assert r.stderr.splitlines()[-1] == "clusterpolicy compare: 错误:参数 --as-of:应为日期 YYYY-MM-DD;实际为 '2024-13-01'"


def test_the_limits_messages_in_chinese():
    assert [said(m, "zh") for m in (
        "$.x: too long (at most 64 characters in a number); got '1.0000000000000000000000'… (70 characters)",
        "$.x: text is not valid Unicode (a lone surrogate, \\ud800)",
        "$.years: this key and the rest of the table are not reported (more than 100 problems)",
        "$.incidents[100]: this item and the rest of the list are not reported (more than 100 problems)",
        "as_of: expected a date from 1900-01-01 to 2199-12-31; got 2300-01-01",
        "?soon: expected a whole number (0 or more), got 'x'",
        "$.reported: cannot be true when 'reported' gives a date",
    )] == [
        "$.x: 过长(数字最多 64 个字符);实际为 '1.0000000000000000000000'…(共 70 个字符)",
        "$.x: 文本不是有效的 Unicode(含单独的代理码位 \\ud800)",
        "$.years: 此键及该表其余各键的问题不再列出(问题超过 100 个)",
        "$.incidents[100]: 此项及该列表其余各项的问题不再列出(问题超过 100 个)",
        "as_of: 应为 1900-01-01 至 2199-12-31 之间的日期;实际为 2300-01-01",
        "?soon: 应为整数(不小于 0);实际为 'x'",
        "$.reported: 'reported' 已给出日期时不能为 true",
    ]  # fmt: skip


# --- every message of the source has its Chinese -------------------------------------------------------------

#: Messages no user's mistake words (a bug, or a Python caller's misuse the command line cannot make), or built in
#: steps the scan cannot follow (the table spells each ending): (module, what the message starts with) → why.
NOT_SAID = {
    ("batch/screen.py", "engine must be one of"): "Python API misuse: the command line's --engine choices prevent it",
    ("http/openapi.py", "component "): "the generated OpenAPI document's own consistency (a bug)",
    ("http/openapi.py", "two schemas named"): "the generated OpenAPI document's own consistency (a bug)",
    ("lifecycle/quota.py", "over_quota"): "a status code collected, not a message",
    ("lifecycle/quota.py", "late"): "a status code collected, not a message",
    ("lifecycle/quota.py", "overdue"): "a status code collected, not a message",
    ("lifecycle/quota.py", "regime "): "the hint is built in steps; each ending has its template",
    ("lifecycle/workdays.py", "n must be at least 1"): "a Python caller's argument (the lifecycle never passes less)",
    ("limits.py", "only a minimum of 0"): "the schema generator's argument (a bug)",
    ("regimes/tomlwriter.py", ""): "exporting rules built in Python: a plugin's bug, not a rule file's",
    ("schema.py", ""): "the schema generator (a bug)",
    ("regimes/conformance.py", ""): "a conformance case's failure report, read in pytest's English output by a rule author's test run",
}
SAID = ("message", "message2", "message3")
SPECIAL = {"hint": ("", " (did you mean 'x'?)"), "at": ("", " [at f.toml: $.x]"), "types": ("a decimal",)}


def _tails(text: str):
    yield text
    for m in re.finditer(": ", text):
        yield text[m.end():]


def _known(text: str, fills: tuple[str, ...] = ("7", "")) -> bool:
    """Whether a template says ``text`` (or a tail of it), the words of its ``{types}`` known and the messages it
    says again known in their turn (or a value put in)."""
    for tail in _tails(text):
        for regex, _ in _compiled():
            m = regex.fullmatch(tail)
            if m is None:
                continue
            values = m.groupdict()
            if "types" in values and not all(w in TYPES for w in values["types"].split(" or ")):
                continue
            if all(values[g] in fills or _known(values[g]) for g in SAID if g in values):
                return True
    return False


def _samples(en: str):
    special = [n for n in dict.fromkeys(re.findall(r"\{(\w+)\}", en)) if n in SPECIAL]
    for values in itertools.product(*(SPECIAL[n] for n in special)):
        fill = dict(zip(special, values))
        yield re.sub(r"\{(\w+)\}", lambda m: fill.get(m.group(1), "7"), en)


SAMPLES = [s for en, _ in TEMPLATES for s in _samples(en)]


def _source_known(parts: list) -> bool:
    """A message of the source (its literal parts, None for each value put in) is known: a template's sample is
    one of its spellings (each value: anything), or one of its spellings (each value "7" or nothing) is a template's."""
    text = "".join("\0" if p is None else p for p in parts)
    for tail in _tails(text):
        regex = re.compile("".join(".*?" if c == "\0" else re.escape(c) for c in re.split("(\0)", tail) if c), re.S)
        if any(regex.fullmatch(s) for s in SAMPLES):
            return True
    holes = text.count("\0")
    some = [("7",) * holes] + [("7",) * i + ("",) + ("7",) * (holes - i - 1) for i in range(holes)]  # one value left out
    for combo in itertools.product(("7", ""), repeat=holes) if holes <= 6 else some:
        values = iter(combo)
        if _known(re.sub("\0", lambda _: next(values), text)):
            return True
    return False


def test_every_message_worded_in_the_source_has_its_chinese():
    found = scan()
    assert len(found) > 250  # the scan finds the messages (a broken scan finds none)
    worded = [(module, parts) for module, _, parts in found if re.search("[A-Za-z]", "".join(p for p in parts if p))]
    excused = {key for key in NOT_SAID for module, parts in worded if module == key[0] and (parts[0] or "").startswith(key[1])}
    assert excused == set(NOT_SAID)  # every excuse still excuses something
    unknown = sorted({f"{module}: " + "".join("{}" if p is None else p for p in parts) for module, parts in worded
                      if not any(module == m and (parts[0] or "").startswith(start) for m, start in NOT_SAID) and not _source_known(parts)})  # fmt: skip
    assert unknown == []


def test_the_scan_finds_messages_of_every_kind():
    """The scan sees an error's message, a validator's, a problem appended, a constant put in, a returned one."""
    shown = {"".join("{}" if p is None else p for p in parts) for _, _, parts in scan()}
    assert {
        "row {}: not {} text: {}",  # InputError, in a list
        "{} is outside the supported dates ({} to {})",  # LimitError, a constant put in
        "must not be negative, got {}",  # a validator's lambda, one branch of an f-string's if
        "field {} is {}, expected {}",  # a problem appended
        "unknown {} field {}{}{}",  # a function that words a problem
    } <= shown


def test_no_template_is_shadowed_by_an_earlier_one():
    """First match wins: each template's own sample is said by itself, not by a more general one before it."""
    def says(j: int, sample: str) -> bool:  # as messages._message decides: the words of {types} known
        m = compiled[j][0].fullmatch(sample)
        return m is not None and all(w in TYPES for w in m.groupdict().get("types", "a decimal").split(" or "))

    shadowed = []
    compiled = _compiled()
    for i, (en, _) in enumerate(TEMPLATES):
        for sample in _samples(en):
            first = next(j for j in range(len(compiled)) if says(j, sample))
            if first != i and not compiled[i][0].fullmatch(TEMPLATES[first][0]):
                shadowed.append((en, TEMPLATES[first][0]))
    assert shadowed == []


def test_every_template_keeps_its_values_and_is_said_once():
    for en, zh in TEMPLATES:
        assert sorted(re.findall(r"\{(\w+)\}", en)) == sorted(re.findall(r"\{(\w+)\}", zh)), en
    english = [en for en, _ in TEMPLATES]
    assert len(english) == len(set(english))
