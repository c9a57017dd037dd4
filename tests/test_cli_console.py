"""The command line for officials on a Chinese Windows: output that never fails on encoding, the
language from the locale, no English in Chinese output, and the small things scripts rely on."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from clusterpolicy.cli.console import FALLBACKS, default_lang
from clusterpolicy.glossary import TERMS

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str, env: dict | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "clusterpolicy", *args], capture_output=True, cwd=cwd, timeout=60, env={**os.environ, **(env or {})}
    )


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_a_gbk_console_redirected_to_a_file_gets_utf8(fmt, tmp_path):
    out = tmp_path / "out"
    with out.open("wb") as fh:
        result = subprocess.run(
            [sys.executable, "-m", "clusterpolicy", "compare", "examples/hainan-only.toml", "--format", fmt],
            stdout=fh, stderr=subprocess.PIPE, cwd=ROOT, timeout=60, env={**os.environ, "PYTHONIOENCODING": "gbk"},
        )
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    text = out.read_text(encoding="utf-8")  # UTF-8, whatever the console's code page
    if fmt == "json":
        assert json.loads(text)["kind"] == "comparison"
    assert "km²" in text


def test_symbols_a_legacy_console_cannot_show_are_degraded_never_an_error():
    import io

    from clusterpolicy.cli.console import ERRORS

    console = io.TextIOWrapper(io.BytesIO(), encoding="gbk", errors=ERRORS)
    console.write("满足 (≤100km²) ✓ Δ")
    console.flush()
    assert console.buffer.getvalue().decode("gbk") == "满足 (≤100km2) √ Δ"
    ascii_console = io.TextIOWrapper(io.BytesIO(), encoding="ascii", errors=ERRORS)
    ascii_console.write("≥ 40亿元 ✓")
    ascii_console.flush()
    assert ascii_console.buffer.getvalue() == b">= 40?? v"
    assert all(FALLBACKS.values())


def test_lang_defaults_from_the_locale():
    assert default_lang({"LANG": "zh_CN.UTF-8"}) == "zh"
    assert default_lang({"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}) == "en"  # LC_ALL wins
    assert default_lang({"LANG": "C.UTF-8"}) == "en"
    result = run("compare", "examples/hainan-only.toml", "-r", "hainan", env={"LANG": "zh_CN.UTF-8"})
    assert "符合" in result.stdout.decode("utf-8")
    assert "ELIGIBLE" in run("compare", "examples/hainan-only.toml", "-r", "hainan", "--lang", "en", env={"LANG": "zh_CN.UTF-8"}).stdout.decode()


#: Words of the English glossary that must never appear in Chinese output (regime ids and the
#: profile's enum values, such as front_rank = "provincial", are identifiers, not words).
ENGLISH = {en for group in TERMS.values() for _, en in group.values() if re.fullmatch(r"[A-Za-z][A-Za-z /]+", en.strip())}
ENGLISH -= {"national", "provincial", "county", "city"}


@pytest.mark.parametrize(
    "args",
    [
        ("compare", "examples/hainan-only.toml", "-r", "national", "-r", "hainan"),
        ("evaluate", "examples/strong-national.toml", "-r", "national"),
        ("compare", "examples/missing-data.json"),
        ("timeline", "examples/record-revocation.toml", "--as-of", "2025-06-01"),
        ("status", "examples/record-revocation.toml", "--as-of", "2025-06-01"),
        ("quota", "examples/recommendations-2024-city-over-quota.toml", "--as-of", "2024-08-01"),
        ("cases", "check", "examples/case-problems.toml", "-r", "anhui"),
        ("regimes",),
        ("compare", "examples/rules/yunnan/cluster.toml", "--rules", "examples/rules/yunnan.toml", "-r", "national", "-r", "yunnan"),
        ("evaluate", "examples/strong-national.toml", "-r", "hainan"),
        ("diff", "national", "hainan"),
        ("check-rules", "examples/rules/yunnan.toml"),
        ("status", "examples/rules/guangdong/record-2023.toml", "--rules", "examples/rules/guangdong.toml", "--as-of", "2025-06-01"),
        ("quota", "examples/rules/yunnan/recommendations-2023-qujing.toml", "--rules", "examples/rules/yunnan.toml", "--as-of", "2023-07-10"),
    ],
)
def test_no_english_words_in_chinese_output(args):
    result = run(*args, "--lang", "zh")
    assert result.returncode == 0, result.stderr
    text = result.stdout.decode("utf-8")
    # identifiers (rule ids, field paths, regime ids) stay; words of the glossary and the old leaks do not
    words = set(re.findall(r"(?<![\w.$\[])[A-Za-z][A-Za-z]+(?: [a-z]+)?(?![\w.\]])", text))
    leaks = {w for w in words if w in ENGLISH or w in {"any of", "yr", "none", "past", "text", "secondary", "record", "batch", "larger"}}
    assert leaks == set(), leaks


def test_one_term_for_incomplete_everywhere():
    zh = TERMS["overall"]["incomplete"][0]
    assert zh in run("compare", "examples/strong-national.toml", "--lang", "zh").stdout.decode()
    from clusterpolicy.criteria.render import OVERALL_LABEL
    from clusterpolicy.criteria.results import Overall

    assert OVERALL_LABEL["zh"][Overall.INCOMPLETE] == zh


def test_bare_command_prints_help_and_version_prints_the_version():
    bare = run()
    assert bare.returncode == 0 and bare.stdout.decode().startswith("usage: clusterpolicy") and b"compare" in bare.stdout
    version = run("--version")
    from importlib.metadata import version as installed

    assert (version.returncode, version.stdout.decode().strip()) == (0, f"clusterpolicy {installed('clusterpolicy')}")


def test_an_unknown_block_plugin_is_an_error():
    result = run("regimes", "--block-plugin", "hianan")
    assert result.returncode == 2
    assert result.stderr.decode().strip() == "clusterpolicy: error: --block-plugin: no plugin named 'hianan' (known: anhui, hainan, national)"
    assert run("regimes", "--block-plugin", "anhui").returncode == 0


def test_cases_check_can_fail_a_script_on_a_problem():
    assert run("cases", "check", "examples/case-problems.toml", "-r", "anhui", "--fail-on", "problem").returncode == 1
    assert run("cases", "check", "examples/case-problems.toml", "-r", "anhui").returncode == 0
    assert run("cases", "check", "examples/case-national.toml", "-r", "national", "--fail-on", "problem").returncode == 0


def test_an_exported_jurisdiction_checks_in_place_of_its_plugin(tmp_path):
    assert run("export-rules", "national", "--out", "n.toml", cwd=tmp_path).returncode == 0
    result = run("check-rules", "n.toml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode()
    assert "OK: every file loads and passes the load-time checks" in out
    assert "note: n.toml: checked in place of the installed plugin 'national' (entry point national = clusterpolicy_national:national.toml (" in out
    assert out.rstrip().endswith("), which also declares 'national'")
    assert "note: n.toml: $.jurisdiction.sources[0].file: 'texts/" in out  # what to copy beside it
    zh, en = (run("regimes", "--rules", "n.toml", "--lang", lang, cwd=tmp_path).stderr.decode() for lang in ("zh", "en"))
    assert zh.startswith("clusterpolicy: 注意:已加载规则文件 n.toml,代替同样声明 'national' 的已安装插件 'national'(")
    assert en.startswith("clusterpolicy: note: rule file n.toml is loaded in place of the installed plugin 'national' (")


def test_national_says_why_it_is_incomplete_under_the_table_and_what_a_verdict_on_declarations_rests_on(tmp_path):
    text = (ROOT / "examples" / "strong-national.toml").read_text(encoding="utf-8")
    undeclared = tmp_path / "strong-undeclared.toml"
    undeclared.write_text(text[: text.index("# What the declarer found")], encoding="utf-8")
    out = run("compare", str(undeclared), "-r", "national", "-r", "hainan").stdout.decode()
    table_end = out.index("Result")
    line = out[table_end:].splitlines()[1]
    assert line == (
        "national is incomplete: 6 criteria are not encoded (no source states them; check them by hand): "
        "supply_chain, innovation, digital, green, opening, governance"
    )
    out = run("compare", "examples/strong-national.toml", "-r", "national", "-r", "hainan").stdout.decode()
    assert next(line for line in out.splitlines() if line.strip().startswith("Result")).split() == ["Result", "ELIGIBLE*", "ELIGIBLE"]
    assert "* national: ELIGIBLE (on 6 declared indicators: supply_chain, innovation, digital, green, opening, governance)" in out


def test_rows_differing_only_by_citation_are_not_substantive(regimes):
    import clusterpolicy

    c = clusterpolicy.compare(clusterpolicy.load_profile(ROOT / "examples/hainan-only.toml"), regimes.select(["national", "hainan"]))
    rows = {r.rule: r for r in c.rows}
    assert rows["core.pillar_industry"].differs == ("citation",) and not rows["core.pillar_industry"].substantive
    assert rows["core.output"].substantive and "citation" in rows["core.output"].differs  # the information is kept
