"""The command line's help follows ``--lang``: under ``--lang zh`` (anywhere on the line) or a Chinese locale,
``clusterpolicy``, ``--help`` of every command and usage lines are in Chinese, from one table
(``clusterpolicy.messages.help``) that every option must be in; English stays as it was."""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from inprocess import run

from clusterpolicy.cli import app
from clusterpolicy.cli.helpzh import width, wrap
from clusterpolicy.messages.help import ARGPARSE, HELP

ROOT = Path(__file__).resolve().parents[1]
NARROW = {"COLUMNS": "100"}


def _parsers() -> list[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """``clusterpolicy`` and every command and sub-command, each with the words that name it."""

    def walk(parser: argparse.ArgumentParser, path: tuple[str, ...]):
        yield path, parser
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    yield from walk(sub, (*path, name))

    return list(walk(app.build_parser(), ()))


def _texts(parser: argparse.ArgumentParser) -> set[str]:
    """Every text the help of ``parser`` shows: description, epilog, section titles, each option's help
    and each sub-command's."""
    texts = {parser.description, parser.epilog, *(g.title for g in parser._action_groups)}
    for action in parser._actions:
        texts.add(action.help)
        if isinstance(action, argparse._SubParsersAction):
            texts |= {choice.help for choice in action._choices_actions}
    return {t for t in texts if t and t is not argparse.SUPPRESS}


COMMANDS = [path for path, _ in _parsers()]


def test_every_help_text_of_every_command_has_its_chinese_and_every_chinese_its_english():
    english = set().union(*(_texts(parser) for _, parser in _parsers()))
    table = dict(HELP)
    assert len(table) == len(HELP)  # no English text twice
    assert sorted(english - table.keys() - ARGPARSE.keys()) == []  # a new option needs its Chinese in messages/help.py
    assert sorted(table.keys() - english) == []  # and a changed English text its Chinese changed with it
    assert ARGPARSE.keys() - english == {"usage: "}  # argparse's words: the section titles, -h, the usage line


#: What a translation keeps as it is: option names, %(default)s, $VARIABLES, quoted values, identifiers and
#: file names (with . _ or =), upper-case names (metavars, formats) and numbers.
KEPT = re.compile(r"(?<![A-Za-z-])--?[a-z][a-z-]*|%\([a-z]+\)s|\$[A-Z_]+|'[^' ]+'|[A-Za-z0-9_]*[._=][A-Za-z0-9_.=*]+|(?<![A-Za-z])[A-Z]{2,}(?![A-Za-z])|[0-9]+")


@pytest.mark.parametrize("en, zh", HELP, ids=[en[:40] for en, _ in HELP])
def test_a_translation_keeps_every_name_value_and_number(en, zh):
    kept = set(KEPT.findall(en)) - {"e.g.", "SME", "API"}  # said in Chinese: 例如, 中小企业, (HTTP) 接口
    assert kept - set(KEPT.findall(zh)) == set()
    assert re.search("[\u4e00-\u9fff]", zh)  # said in Chinese, not copied
    zh.encode("gbk")  # a GBK console shows every character of it: nothing is degraded


#: Words a Chinese help may show: names of formats and programs, and identifiers it gives as examples.
NAMES = {
    "TOML", "JSON", "Schema", "Lines", "CSV", "XLSX", "HTTP", "API", "OpenAPI", "Markdown", "BOM", "Windows", "Excel",
    "numpy", "pyarrow", "Python", "iCalendar", "RFC", "TCP", "MiB", "DOCUMENT", "A", "B", "id", "CPU", "fork", "auto",
    "national", "hainan", "anhui", "zhejiang", "criteria", "profile", "submission", "call",
}  # fmt: skip


def _names(parser: argparse.ArgumentParser) -> set[str]:
    """The words that name the command and its arguments (prog, metavars, positionals, choices), and :data:`NAMES`."""
    names = set(parser.prog.split()) | NAMES
    for action in parser._actions:
        names |= {str(c) for c in action.choices or ()}
        names |= set(action.metavar) if isinstance(action.metavar, tuple) else {action.metavar or action.dest.upper()}
        if not action.option_strings:
            names.add(action.dest)
    return names


def _english_words(text: str, names: set[str]) -> set[str]:
    """The English words in ``text`` outside option names, file names, values and numbers, and ``names``."""
    words: set[str] = set()
    for chunk in re.findall(r"[!-~]+", text):  # runs of ASCII: Chinese text and spaces part them
        if not re.search(r"[-_=/$%.{}\[\]<>*0-9]", chunk):
            words |= set(re.findall(r"[A-Za-z]+", chunk)) - names
    return words


@pytest.mark.parametrize("path", COMMANDS, ids=[" ".join(p) or "clusterpolicy" for p in COMMANDS])
def test_the_chinese_help_of_every_command_has_no_english_left(path):
    parser = dict(_parsers())[path]
    zh = run(*path, "--help", "--lang", "zh", env=NARROW)
    en = run(*path, "--help", "--lang", "en", env=NARROW)
    assert (zh.returncode, zh.stderr, en.returncode) == (0, "", 0)
    assert zh.stdout.startswith(f"用法:{parser.prog} ") and en.stdout.startswith(f"usage: {parser.prog} ")
    assert _english_words(zh.stdout, _names(parser)) == set()
    assert _english_words(en.stdout, _names(parser)) >= {"usage", "options", "show", "help"}  # the check finds English
    for line in zh.stdout.split("\n\n", 1)[1].splitlines():  # after the usage: lines fit the terminal
        assert width(line) <= 98, line


def test_a_command_s_help_in_chinese_and_in_english():
    zh = run("status", "--help", "--lang", "zh", env=NARROW)
    assert zh.stdout == (
        "用法:clusterpolicy status [-h] [--format {text,json}] [--lang {zh,en}] [--block-plugin NAME]\n"
        "                          [--rules FILE] [--as-of AS_OF]\n"
        "                          record\n"
        "\n"
        "位置参数:\n"
        "  record                认定记录文件(.toml 或 .json;- 表示读取标准输入)\n"
        "\n"
        "选项:\n"
        "  -h, --help            显示此帮助信息并退出\n"
        "  --format {text,json}  输出格式(默认:text)\n"
        "  --lang {zh,en}        文本输出的语言(默认:按系统区域设置,LANG=zh_* 时为 zh,否则为 en)\n"
        "  --block-plugin NAME   不加载此插件(可重复)\n"
        "  --rules FILE          将 TOML 规则文件(或存放规则文件的文件夹)作为辖区插件加载(可重复);另见\n"
        "                        $CLUSTERPOLICY_RULES_DIR\n"
        "  --as-of AS_OF         评估日期 YYYY-MM-DD(默认:今天)\n"
    )
    en = run("status", "--help", env=NARROW)
    assert en.stdout == (
        "usage: clusterpolicy status [-h] [--format {text,json}] [--lang {zh,en}] [--block-plugin NAME]\n"
        "                            [--rules FILE] [--as-of AS_OF]\n"
        "                            record\n"
        "\n"
        "positional arguments:\n"
        "  record                recognition record (.toml or .json; - reads standard input)\n"
        "\n"
        "options:\n"
        "  -h, --help            show this help message and exit\n"
        "  --format {text,json}  output format (default: text)\n"
        "  --lang {zh,en}        language of text output (default: from the locale, zh under LANG=zh_*;\n"
        "                        else en)\n"
        "  --block-plugin NAME   do not load this plugin (repeatable)\n"
        "  --rules FILE          load a TOML rule file (or a directory of them) as a jurisdiction plugin\n"
        "                        (repeatable); see also $CLUSTERPOLICY_RULES_DIR\n"
        "  --as-of AS_OF         date YYYY-MM-DD of the assessment (default: today)\n"
    )


@pytest.mark.parametrize("command", ["evaluate", "compare", "whatif", "check-rules"])
def test_a_command_s_help_says_what_it_does_with_an_example_that_runs(command):
    """Each command's --help has a paragraph (what it reads, what it prints) and, on a line of its own,
    an example, in English and in Chinese alike; the example runs as shown."""
    en = run(command, "--help", "--lang", "en", env=NARROW).stdout
    zh = run(command, "--help", "--lang", "zh", env=NARROW).stdout
    paragraph = en.split("\n\n")[1]
    assert paragraph.startswith(("Evaluate a cluster profile", "Re-evaluate a cluster profile", "Load TOML rule files"))
    example = paragraph.splitlines()[-1]
    assert example.startswith(f"Example: clusterpolicy {command} ")
    assert zh.split("\n\n")[1].splitlines()[-1] == example.replace("Example: ", "示例:")
    shown = run(*example.split()[2:])
    assert (shown.returncode, shown.stderr.startswith("clusterpolicy: error")) == (0, False), shown.stderr
    assert shown.stdout.startswith({"evaluate": "National SME", "compare": "澄迈县福橙产业集群", "whatif": "What if — ", "check-rules": "FILE "}[command])


def test_options_defaults_and_choices_read_as_the_command_takes_them():
    batch = run("batch", "--help", "--lang", "zh", env=NARROW).stdout
    assert "  --strict              有任何一行被拒时:不写出任何内容,以退出码 2 退出\n" in batch
    assert "  --chunk-size N        一并评估的行数(默认:16384)\n" in batch
    check = run("cases", "check", "--help", "--lang", "zh", env=NARROW).stdout
    assert (
        "  --fail-on {problem,unconfirmed}\n"
        "                        检查发现问题(problem),或发现问题或缺少确认事项(unconfirmed)时,以退出码 1\n"
        "                        退出;供脚本使用\n"
    ) in check
    serve = run("serve", "--help", "--lang", "zh", env=NARROW).stdout  # %(default)s filled in, as in English
    assert "  --host HOST           绑定的地址(默认:127.0.0.1,仅限本机访问)\n  --port PORT           TCP 端口(默认:8000)\n" in serve
    listing = run("--lang", "zh", env=NARROW).stdout
    assert "    whatif          修改档案中的若干值后重新评估:只列出结论因此改变的指标\n" in listing
    assert listing.endswith("\n退出码:0 已运行;1 发现了 --fail-on 所指的情形;2 输入或用法有误;3 插件或规则不一致;70 内部错误。\n")


def test_help_follows_lang_wherever_it_is_given_and_else_the_locale():
    chinese = run("compare", "--help", "--lang", "zh").stdout
    assert chinese.startswith("用法:clusterpolicy compare ")
    for args in (("--lang", "zh", "compare", "--help"), ("compare", "--lang=zh", "--help"), ("compare", "--lang", "en", "--lang", "zh", "--help")):
        assert run(*args).stdout == chinese, args
    assert run("compare", "--help", env={"LANG": "zh_CN.UTF-8"}).stdout == chinese
    english = run("compare", "--help").stdout
    assert english.startswith("usage: clusterpolicy compare ")
    assert run("compare", "--help", "--lang", "en", env={"LANG": "zh_CN.UTF-8"}).stdout == english
    listing = run("--help", "--lang", "zh").stdout  # the bare command, --lang alone, a Chinese locale: the list of commands
    assert listing.startswith("用法:clusterpolicy [-h] [--version] [--lang {zh,en}] COMMAND ...\n\n按国家级和省级认定制度评估中小企业特色产业集群。\n")
    for shown in (run("--lang", "zh"), run("--lang=zh"), run(env={"LANG": "zh_CN.UTF-8"})):
        assert (shown.returncode, shown.stdout, shown.stderr) == (0, listing, ""), shown.args


def test_a_usage_error_in_chinese_shows_the_usage_in_chinese():
    missing = run("compare", "--lang", "zh", env=NARROW)
    assert (missing.returncode, missing.stdout) == (2, "")
    assert missing.stderr == (
        "用法:clusterpolicy compare [-h] [--format {text,json}] [--lang {zh,en}] [--block-plugin NAME]\n"
        "                           [--rules FILE] [--encoding NAME] [--regime REGIME] [--as-of AS_OF]\n"
        "                           profile\n"
        "clusterpolicy compare: 错误:缺少以下必需参数:profile\n"
    )


def test_an_error_line_begins_in_the_language_asked_for_and_in_english_as_ever():
    """Under --lang zh an error reads ``clusterpolicy: 错误:…`` (the program's name kept): an input's error,
    a usage error (which names the command) and a standard output that cannot be written alike; in
    English ``clusterpolicy: error: …``, what scripts look for."""
    missing = ("evaluate", "nofile.toml", "-r", "national")
    assert run(*missing, "--lang", "zh").stderr == "clusterpolicy: 错误:nofile.toml: 找不到文件\n"
    assert run(*missing, "--lang", "en").stderr == "clusterpolicy: error: nofile.toml: file not found\n"
    usage = ("compare", "-", "--as-of", "2024-13-01")
    assert run(*usage, "--lang", "zh").stderr.splitlines()[-1] == "clusterpolicy compare: 错误:参数 --as-of:应为日期 YYYY-MM-DD;实际为 '2024-13-01'"
    assert run(*usage, "--lang", "en").stderr.splitlines()[-1] == "clusterpolicy compare: error: argument --as-of: expected a date YYYY-MM-DD, got '2024-13-01'"
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "clusterpolicy", "regimes", "--lang", "zh"], stdout=full, stderr=subprocess.PIPE, text=True,
                              cwd=ROOT, timeout=60, env={**os.environ, "PYTHONIOENCODING": "utf-8"})  # fmt: skip
    assert (proc.returncode, proc.stderr) == (2, "clusterpolicy: 错误:无法写入标准输出:磁盘空间已满\n")


def test_lang_before_the_command_sets_the_output_language_too():
    out = run("--lang", "zh", "evaluate", "examples/strong-national.toml", "-r", "national").stdout
    assert out.startswith("国家级中小企业特色产业集群(工业和信息化部) [national] — 宁波市北仑区模具产业集群(示例) (评估日期 2025-05-20)\n")
    assert out == run("evaluate", "examples/strong-national.toml", "-r", "national", "--lang", "zh").stdout
    last = run("--lang", "zh", "evaluate", "examples/strong-national.toml", "-r", "national", "--lang", "en").stdout
    assert last.startswith("National SME characteristic industrial clusters (MIIT) [national] — ")  # the last one given wins, as for any option


def test_a_line_ends_at_a_space_or_after_a_mark_and_parts_chinese_characters_only_where_none_is_in_reach():
    """默 / 认 on two lines was the tester's complaint: a line ends after ``;`` rather than inside 默认. Chinese
    characters part only where the line has no space or mark in reach (two thirds of it); a run of ASCII
    (a file name, an option, a value) is never split, a closing mark never begins a line."""
    reader = dict(HELP)["CSV reader: arrow (columnar, pyarrow) or text (the stdlib's); default: arrow when installed and the file is UTF-8"]
    assert wrap(reader, 34) == ["CSV 读取方式:arrow(列式读取,需", "pyarrow)或 text(Python 标准库);", "默认:已安装 pyarrow 且文件为 UTF-8", "时为 arrow"]
    assert wrap("档案文件(.toml 或 .json;- 表示读取标准输入)", 16) == ["档案文件(.toml", "或 .json;-", "表示读取标准输", "入)"]
    assert wrap("将 TOML 规则文件(或存放规则文件的文件夹)作为辖区插件加载", 34) == ["将 TOML 规则文件(或存放规则文件的", "文件夹)作为辖区插件加载"]  # "将 TOML" alone: too short
    assert wrap("例如 years.2024.total_output=42", 10) == ["例如", "years.2024.total_output=42"]
    assert wrap("不能是输入文件", 6) == ["不能是", "输入文", "件"]  # no space, no mark: between characters


@pytest.mark.parametrize("columns", [16, 24, 34, 56])
def test_every_chinese_help_text_keeps_its_words_and_fits_the_line(columns):
    for _, zh in HELP:
        text = " ".join(zh.split())
        lines = wrap(zh, columns)
        assert " ".join(lines).replace(" ", "") == text.replace(" ", "")  # nothing lost, nothing added
        at = 0
        for line, following in zip(lines, lines[1:]):
            at = text.index(line, at) + len(line)
            in_a_run = line[-1].isascii() and following[0].isascii() and not (line[-1] in ",;:!?)" and not line[-2].isascii())
            assert text[at] == " " or not in_a_run, (line, following)  # an ASCII run is split only after a mark that ends Chinese
            assert text[at] == " " or following[0] not in ",;:!?)]}、。，；：！？）》」』】〕…”’", (line, following)
            at += text[at] == " "
        assert all(width(line) <= columns or not re.search(r"[ ,;:、。(]", line[1:]) for line in lines), lines


def test_a_narrow_terminal_shows_the_chinese_help_broken_at_its_marks():
    help_ = run("batch", "--help", "--lang", "zh", env={"COLUMNS": "60"}).stdout
    assert (
        "  --lang {zh,en}        文本输出的语言(默认:\n"
        "                        按系统区域设置,LANG=zh_* 时为 zh,\n"
        "                        否则为 en)\n"
    ) in help_
    assert (
        "  --reader {auto,arrow,text}\n"
        "                        CSV 读取方式:arrow(列式读取,需\n"
        "                        pyarrow)或 text(Python 标准库);\n"
        "                        默认:已安装 pyarrow 且文件为 UTF-8\n"
        "                        时为 arrow\n"
    ) in help_
    assert "默\n" not in help_ and "设\n" not in help_ and "计\n" not in help_  # 默认, 设置, 计算 kept whole


def _on_a_terminal(args: list[str], env: dict[str, str]) -> bytes:
    """What ``clusterpolicy ARGS`` writes to a terminal (a pseudo-terminal) whose encoding ``env`` names."""
    pty = pytest.importorskip("pty")
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "clusterpolicy", *args], stdout=follower, stderr=subprocess.PIPE, cwd=ROOT, env={**os.environ, **env}
    )
    os.close(follower)
    out = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal is closed: the command has ended
            break
        if not chunk:
            break
        out += chunk
    os.close(leader)
    assert proc.wait(timeout=60) == 0, proc.stderr.read()
    return out.replace(b"\r\n", b"\n")


@pytest.mark.parametrize("args", [["--lang", "zh"], ["timeline", "--help", "--lang", "zh"], ["serve", "--help", "--lang", "zh"]])
def test_chinese_help_on_a_gbk_console_is_shown_whole(args):
    gbk = _on_a_terminal(args, {"PYTHONIOENCODING": "gbk", **NARROW})
    assert gbk.decode("gbk") == run(*args, env=NARROW).stdout  # every character, “即将到期” and /api/… too, nothing degraded
    piped = subprocess.run([sys.executable, "-m", "clusterpolicy", *args], capture_output=True, cwd=ROOT, env={**os.environ, "PYTHONIOENCODING": "gbk", **NARROW})
    assert (piped.returncode, piped.stdout.decode("utf-8")) == (0, run(*args, env=NARROW).stdout)  # a file or pipe: UTF-8
