"""The cache of built regimes: keyed on rule-file content and code, safe when stale or corrupt."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import clusterpolicy
from clusterpolicy.regimes import cache
from clusterpolicy.regimes.discovery import discover

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "tests" / "rules" / "demo.toml"
STRONG = ROOT / "examples" / "strong-national.toml"


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("CLUSTERPOLICY_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("CLUSTERPOLICY_NO_CACHE", raising=False)
    return tmp_path / "cache"


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("regimes-*.pickle"))


def test_a_second_load_comes_from_the_cache_and_equals_a_fresh_build(cache_dir):
    built = clusterpolicy.load_regimes()
    assert len(_entries(cache_dir)) == 1
    cached = clusterpolicy.load_regimes()
    fresh = clusterpolicy.build_regimes(clusterpolicy.get_plugin_manager())
    for rid in fresh:
        assert cached[rid] == fresh[rid] == built[rid]
        assert [r.id for r in cached[rid].timelines] == [r.id for r in fresh[rid].timelines]
        assert cached[rid].source_files == fresh[rid].source_files
    profile = clusterpolicy.load_profile(STRONG)
    assert clusterpolicy.to_json(clusterpolicy.compare(profile, cached.select([]))) == clusterpolicy.to_json(
        clusterpolicy.compare(profile, fresh.select([]))
    )


def test_the_key_changes_with_a_rule_file_and_with_what_is_blocked(tmp_path, cache_dir):
    rules = tmp_path / "demo.toml"
    rules.write_text(DEMO.read_text(encoding="utf-8"), encoding="utf-8")
    first = cache.key(discover(rules=[rules]))
    assert first == cache.key(discover(rules=[rules]))
    assert cache.key(discover(rules=[rules], blocked=["anhui"])) != first
    rules.write_text(DEMO.read_text(encoding="utf-8").replace("高于75%", "高于76%"), encoding="utf-8")
    assert cache.key(discover(rules=[rules])) != first


def test_python_plugins_are_never_cached(cache_dir):
    class Extra:
        pass

    assert cache.key(discover(extra=[("extra", Extra())])) is None


def test_a_corrupt_entry_is_ignored_and_replaced(cache_dir):
    clusterpolicy.load_regimes()
    [entry] = _entries(cache_dir)
    entry.write_bytes(b"not a pickle")
    regimes = clusterpolicy.load_regimes()
    assert "hainan" in regimes
    assert entry.read_bytes() != b"not a pickle"  # rebuilt and stored again on the next load
    clusterpolicy.load_regimes()
    assert entry.exists()


def test_an_unwritable_cache_directory_is_not_an_error(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("CLUSTERPOLICY_CACHE_DIR", str(blocker / "cache"))  # a folder inside a file
    assert "national" in clusterpolicy.load_regimes()


def test_no_cache_turns_it_off(cache_dir, monkeypatch):
    monkeypatch.setenv("CLUSTERPOLICY_NO_CACHE", "1")
    clusterpolicy.load_regimes()
    assert not cache_dir.exists()


def test_an_evaluation_from_the_cache_does_not_build_the_other_families_classes(cache_dir):
    clusterpolicy.load_regimes()
    code = (
        "import sys, clusterpolicy\n"
        "r = clusterpolicy.load_regimes()\n"
        f"p = clusterpolicy.load_profile({str(STRONG)!r})\n"
        "clusterpolicy.compare(p, r.select([]))\n"
        "print(sorted(m for m in sys.modules if m.startswith(('clusterpolicy.lifecycle', 'clusterpolicy.cases'))))\n"
        "print(len(r['hainan'].timelines), r['hainan'].timelines[0].id)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.splitlines()
    assert out[0] == "[]"
    assert out[1] == "3 validity"


def test_sources_lists_the_lineage_and_prints_a_cited_text():
    listing = subprocess.run(
        [sys.executable, "-m", "clusterpolicy", "sources", "hainan", "--format", "json"], capture_output=True, text=True, check=True
    )
    docs = {d["id"]: d for d in json.loads(listing.stdout)["sources"]}
    assert docs["琼工信规〔2023〕4号"]["jurisdiction"] == "hainan"
    assert docs["工信部企业〔2022〕119号"]["jurisdiction"] == "national"
    standard = docs["工信部企业〔2022〕119号 附件《中小企业特色产业集群认定标准》"]
    # known from reposts; the file beside it (the 2025 notice) quotes its headings and negative list
    assert standard["provenance"] == "secondary" and standard["path"].endswith("national-2025-recommendation-and-review-notice.txt")
    table = subprocess.run([sys.executable, "-m", "clusterpolicy", "sources", "hainan"], capture_output=True, text=True, check=True).stdout
    hainan_row = next(line for line in table.splitlines() if line.startswith("hainan"))
    assert "unknown (copy 2023-05-23)" in hainan_row and "text (number: secondary)" in hainan_row  # the number is from reposts
    assert "text (number: secondary)" in next(line for line in table.splitlines() if "工信厅企业函〔2025〕77号" in line)
    text = subprocess.run(
        [sys.executable, "-m", "clusterpolicy", "sources", "hainan", "琼工信规〔2023〕4号"], capture_output=True, text=True, check=True
    ).stdout
    assert "有效期滿后,由省工信廳組織開展復核工作" in text  # art. 12, as the repost writes it
    missing = subprocess.run([sys.executable, "-m", "clusterpolicy", "sources", "hainan", "no-such"], capture_output=True, text=True)
    assert missing.returncode == 2
    assert missing.stderr.startswith("clusterpolicy: error: sources: 'hainan' has no source document 'no-such' (known: ")


def test_a_source_text_missing_beside_a_rule_file_is_a_note_of_check_rules(tmp_path):
    rules = tmp_path / "demo.toml"
    rules.write_text(
        DEMO.read_text(encoding="utf-8").replace('provenance = "text"\n', 'provenance = "text"\nfile = "texts/missing.txt"\n', 1),
        encoding="utf-8",
    )
    assert clusterpolicy.load_regimes(rules=[rules])["demo"].texts() == clusterpolicy.load_regimes()["national"].texts()
    out = subprocess.run([sys.executable, "-m", "clusterpolicy", "check-rules", str(rules)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[-1] == (
        f"note: {rules}: $.jurisdiction.sources[0].file: 'texts/missing.txt' not found in {tmp_path} "
        "(clusterpolicy sources cannot open it)"
    )


def test_a_source_text_not_utf8_or_not_a_file_is_a_note_and_sources_names_it(tmp_path):
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "demo.txt").write_bytes("示范办法 第一条\n".encode("gbk"))
    rules = tmp_path / "demo.toml"
    rules.write_text(
        DEMO.read_text(encoding="utf-8").replace('provenance = "text"\n', 'provenance = "text"\nfile = "texts/demo.txt"\n', 1),
        encoding="utf-8",
    )
    doc = clusterpolicy.load_regimes(rules=[rules])["demo"].jurisdiction.sources[0].id
    out = subprocess.run([sys.executable, "-m", "clusterpolicy", "check-rules", str(rules)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[-1] == (
        f"note: {rules}: $.jurisdiction.sources[0].file: 'texts/demo.txt' cannot be read: not UTF-8 text "
        "(invalid start byte at line 1, column 2, byte offset 2): save the file as UTF-8 (clusterpolicy sources cannot open it)"
    )
    shown = subprocess.run([sys.executable, "-m", "clusterpolicy", "sources", "demo", doc, "--rules", str(rules)], capture_output=True, text=True)
    assert (shown.returncode, shown.stderr) == (
        2, f"clusterpolicy: error: {tmp_path / 'texts' / 'demo.txt'}: not UTF-8 text (invalid start byte at line 1, column 2, byte offset 2): save the file as UTF-8\n"
    )
    (tmp_path / "texts" / "demo.txt").unlink()
    (tmp_path / "texts" / "demo.txt").mkdir()
    shown = subprocess.run([sys.executable, "-m", "clusterpolicy", "sources", "demo", doc, "--rules", str(rules), "--lang", "zh"], capture_output=True, text=True)
    assert (shown.returncode, shown.stderr) == (2, f"clusterpolicy: 错误:{tmp_path / 'texts' / 'demo.txt'}: 不是文件('{doc}' 的原文)\n")
