"""End to end in a real headless browser: Debian's chromium driven by Selenium through chromedriver.

Loads the page from a real server and uses it as an official would: uploads a profile, reads the
verdict banners and the side-by-side table, filters, opens rows with the keyboard, fills the form
with numbers, makes an error after a result, prints (print media), takes the spreadsheets away,
follows a permalink, reads a regime's rules page, and does it on a phone's width. axe-core (vendored
in tests/vendor/axe-core, nothing fetched) checks every view and fails on any critical or serious
violation. Skipped, saying why, only when no browser is installed (.ci/run installs ``chromium`` and
``chromium-driver`` with apt-get when it can). Point CLUSTERPOLICY_CHROMIUM / CLUSTERPOLICY_CHROMEDRIVER
elsewhere to use other binaries.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the 'serve' extra is not installed (pip install -e '.[test]')")
pytest.importorskip("uvicorn", reason="the 'serve' extra is not installed (pip install -e '.[test]')")
pytest.importorskip("selenium", reason="selenium is not installed (pip install -e '.[test]')")

from httpserver import running  # noqa: E402
from selenium import webdriver  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

import clusterpolicy  # noqa: E402
from clusterpolicy.http.server import create_app  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
STRONG = EXAMPLES / "strong-national.toml"
HAINAN = EXAMPLES / "hainan-only.toml"
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("CLUSTERPOLICY_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = os.environ.get("CLUSTERPOLICY_CHROMEDRIVER") or shutil.which("chromedriver") or "/usr/bin/chromedriver"
DESKTOP, PHONE = (1400, 1000), (390, 844)

if not (os.access(CHROMIUM, os.X_OK) and os.access(CHROMEDRIVER, os.X_OK)):
    pytest.skip(
        f"no headless browser: {CHROMIUM} and {CHROMEDRIVER} are needed for the end-to-end web page test "
        "(install Debian's chromium and chromium-driver: apt-get install -y chromium chromium-driver; .ci/run does this as root)",
        allow_module_level=True,
    )


@pytest.fixture(scope="module")
def base_url(regimes):
    with running(create_app(regimes)) as url:
        yield url


@pytest.fixture(scope="module")
def base_url_with_an_unencoded_province():
    """The installed regimes plus a fictional province whose standard is not encoded at all."""
    regimes = clusterpolicy.load_regimes(rules=[ROOT / "tests" / "rules" / "empty-province.toml"])
    with running(create_app(regimes)) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from selenium.webdriver.chrome.service import Service

    profile_dir = tempfile.mkdtemp(prefix="clusterpolicy-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", f"--user-data-dir={profile_dir}", f"--window-size={DESKTOP[0]},{DESKTOP[1]}", "--lang=en-US",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    options.add_experimental_option("prefs", {"download.default_directory": profile_dir})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(15)
    driver.set_script_timeout(30)
    driver.download_dir = Path(profile_dir)  # where the download buttons save
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile_dir, ignore_errors=True)


@pytest.fixture(autouse=True)
def _desktop(browser):
    browser.set_window_size(*DESKTOP)
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    yield
    # no script errors (a 4xx the page shows as an error is logged as a "network" entry)
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE" and e.get("source") != "network"] == []


def wait(browser, condition, timeout: float = 10):
    return WebDriverWait(browser, timeout).until(condition)


def open_page(browser, url: str) -> None:
    browser.get(url)
    wait(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "#regimes input[name=regime]") or False)


def pick(browser, *ids: str) -> None:
    for box in browser.find_elements(By.CSS_SELECTOR, "#regimes input[name=regime]"):
        if box.is_selected() != (box.get_attribute("value") in ids):
            box.click()


def checked(browser) -> list[str]:
    return [b.get_attribute("value") for b in browser.find_elements(By.CSS_SELECTOR, "#regimes input[name=regime]") if b.is_selected()]


def upload(browser, path: Path) -> None:
    browser.find_element(By.ID, "profile-file").send_keys(str(path))
    wait(browser, lambda b: b.find_element(By.ID, "profile-text").get_attribute("value").strip())


def compare(browser) -> None:
    browser.execute_script("document.querySelector('#banners').replaceChildren()")
    browser.find_element(By.ID, "compare").click()
    wait(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "#banners .banner") or b.find_element(By.ID, "error").is_displayed())


def table(browser) -> dict[str, list[str]]:
    """Rule id → the statuses of its cells, as the page shows them (data-status)."""
    rows = {}
    for tr in browser.find_elements(By.CSS_SELECTOR, "#comparison tbody tr.rule"):
        cells = tr.find_elements(By.CSS_SELECTOR, "td[data-status]")
        rows[tr.get_attribute("data-rule")] = [td.get_attribute("data-status") for td in cells]
    return rows


def axe(browser) -> None:
    """axe-core on the page as it is: no critical or serious violation."""
    if not browser.execute_script("return !!window.axe"):
        browser.execute_script(AXE.read_text(encoding="utf-8"))
    result = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations.map(v => "
        "({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))))"
        ".catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));"
    )
    bad = [v for v in result if v["impact"] in ("critical", "serious")]
    assert bad == [], json.dumps(bad, ensure_ascii=False, indent=1)


def no_sideways_scrolling(browser) -> None:
    width, inner = browser.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"the page is {width}px wide in a {inner}px window"


def test_upload_compare_read_the_verdict_and_the_table(browser, base_url, regimes):
    open_page(browser, base_url + "/")
    boxes = browser.find_elements(By.CSS_SELECTOR, "#regimes input[name=regime]")
    assert [b.get_attribute("value") for b in boxes] == list(regimes)
    assert checked(browser) == ["national", "anhui", "hainan"]  # every regime with something encoded
    counts = {s.find_element(By.CSS_SELECTOR, "input").get_attribute("value"): s.find_element(By.CSS_SELECTOR, "small.regime-counts").text
              for s in browser.find_elements(By.CSS_SELECTOR, "#regimes span.regime") if s.find_elements(By.CSS_SELECTOR, "small.regime-counts")}  # fmt: skip
    assert counts == {"national": "3 inferred · 6 declarable", "anhui": "8 declarable", "hainan": "5 inferred"}  # what rests on the user, on the author
    axe(browser)
    pick(browser, "national", "hainan")

    upload(browser, STRONG)  # 浙江省: no regime of its own, the selection stays
    assert checked(browser) == ["national", "hainan"]
    compare(browser)
    expected = clusterpolicy.api.compare(clusterpolicy.load_profile(STRONG), regimes.select(["national", "hainan"]))

    # The verdict first: one banner per regime, with the focus on it.
    banners = browser.find_elements(By.CSS_SELECTOR, "#banners .banner")
    assert [(b.get_attribute("data-regime"), b.get_attribute("data-overall")) for b in banners] == [
        (a.regime, a.status.value) for a in expected.assessments
    ]
    assert browser.execute_script("return document.activeElement.id") == "verdict"
    national, hainan_banner = banners[0].text, banners[1].text
    # the profile declares national 三–八: eligible, and the banner says what it rests on
    assert "ELIGIBLE" in national and "6 declared" in national
    assert expected.assessments[0].warnings[-1].en in national  # "eligible on 6 declared indicator(s) …"
    assert "3 inferred" in hainan_banner  # Hainan's three interpretations (negative list: 近三年; patents: window, population)
    assert browser.find_element(By.ID, "why-incomplete").text == ""

    heads = [th.get_attribute("data-regime") for th in browser.find_elements(By.CSS_SELECTOR, "#comparison thead th[data-regime]")]
    assert heads == ["national", "hainan"]
    shown = table(browser)
    barred = [{x.rule for x in a.not_inherited} for a in expected.assessments]
    assert shown == {
        row.rule: [c.status.value if c is not None else ("not_inherited" if row.rule in barred[i] else "absent") for i, c in enumerate(expected.cells(row))]
        for row in expected.rows
    }
    overall = [td.get_attribute("data-overall") for td in browser.find_elements(By.CSS_SELECTOR, "#comparison tfoot td[data-overall]")]
    assert overall == [a.status.value for a in expected.assessments]

    # Reasons and citations: on hover (title) and in the row opened by a click, provenance in words.
    row = expected.rows[0]
    cells = expected.cells(row)
    first = browser.find_element(By.CSS_SELECTOR, f'#comparison tr.rule[data-rule="{row.rule}"]')
    assert cells[0].reason_en in first.find_element(By.CSS_SELECTOR, "td[data-status]").get_attribute("title")
    first.find_element(By.CSS_SELECTOR, "td[data-status]").click()
    detail = wait(browser, EC.visibility_of_element_located((By.CSS_SELECTOR, f'tr.detail[data-detail-for="{row.rule}"]')))
    from clusterpolicy.glossary import term

    assert cells[0].citation.document in detail.text
    assert term("provenance", cells[0].provenance.value, "en") in detail.text

    # Everything the CLI shows: notes, declarations, interpretations, and what Hainan does not inherit.
    hainan = browser.find_element(By.CSS_SELECTOR, '.regime-detail[data-regime="hainan"]').text
    assert "prerequisite.provincial — Already recognised as a provincial cluster (first batch excepted) [national: 工信部企业〔2022〕119号 第十二条 · text]" in hainan
    assert "innovation.patent_density — the text does not say which population 每万人 means" in hainan
    national_detail = browser.find_element(By.CSS_SELECTOR, '.regime-detail[data-regime="national"]')
    notes = national_detail.find_element(By.CSS_SELECTOR, "ul.warnings").text
    assert expected.assessments[0].warnings[0].en in notes
    assert "supply_chain — declared met: Declared by 宁波市北仑区经济和信息化局 张某(示例)" in national_detail.find_element(By.CSS_SELECTOR, "ul.declared").text
    cell = browser.find_element(By.CSS_SELECTOR, '#comparison tr.rule[data-rule="prerequisite.provincial"] td[data-label="hainan"]')
    assert (cell.get_attribute("data-status"), cell.get_attribute("title")) == ("not_inherited", "not inherited (national's own rule)")

    # 中文: labels, verdicts, reasons and provenance switch; the table stays.
    browser.find_element(By.ID, "lang").click()
    wait(browser, lambda b: b.find_element(By.ID, "compare").text == "对照")
    detail = browser.find_element(By.CSS_SELECTOR, f'tr.detail[data-detail-for="{row.rule}"]').text
    assert cells[0].reason_zh in detail and term("provenance", cells[0].provenance.value, "zh") in detail
    assert term("overall", "eligible", "zh") in browser.find_element(By.CSS_SELECTOR, '.banner[data-regime="national"]').text
    assert table(browser) == shown
    axe(browser)

    # The JSON the download button saves is the API's document.
    saved = browser.execute_script("return JSON.parse(state.resultText)")
    assert saved["kind"] == "comparison" and saved["schema_version"] == clusterpolicy.documents.SCHEMA_VERSION
    browser.find_element(By.ID, "download").click()
    saved_file = browser.download_dir / "clusterpolicy-comparison.json"
    wait(browser, lambda b: saved_file.exists())
    assert json.loads(saved_file.read_text(encoding="utf-8")) == saved


def test_the_filter_hides_rows_that_differ_only_by_citation(browser, base_url, regimes):
    open_page(browser, base_url + "/")
    upload(browser, HAINAN)
    compare(browser)
    expected = clusterpolicy.api.compare(clusterpolicy.load_profile(HAINAN), regimes.select(["national", "hainan"]))
    citation_only = {r.rule for r in expected.rows if set(r.differs) == {"citation"}}
    substantive = {r.rule for r in expected.rows if {"presence", "status", "requirement"} & set(r.differs)}
    assert citation_only and substantive and len(substantive) < len(expected.rows)
    marks = {tr.get_attribute("data-rule"): tr.find_element(By.CSS_SELECTOR, "td.mark").text for tr in browser.find_elements(By.CSS_SELECTOR, "tr.rule")}
    assert {r for r, m in marks.items() if m == "§"} == citation_only  # shown, not counted
    browser.find_element(By.ID, "only-differing").click()
    wait(browser, lambda b: set(table(b)) == substantive)
    browser.find_element(By.ID, "only-differing").click()
    wait(browser, lambda b: len(table(b)) == len(expected.rows))


def test_defaults_compare_national_with_the_profiles_own_province(browser, base_url_with_an_unencoded_province, tmp_path):
    open_page(browser, base_url_with_an_unencoded_province + "/")
    assert "emptyprov" not in checked(browser)  # nothing of it is encoded: never preselected
    upload(browser, HAINAN)  # 海南省
    assert checked(browser) == ["national", "hainan"]
    assert "海南省中小企业特色产业集群" in browser.find_element(By.ID, "regime-hint").text or "Hainan" in browser.find_element(By.ID, "regime-hint").text
    anhui = tmp_path / "anhui.toml"
    anhui.write_text(HAINAN.read_text(encoding="utf-8").replace('province = "海南省"', 'province = "安徽省"'), encoding="utf-8")
    upload(browser, anhui)
    assert checked(browser) == ["national", "anhui"]  # Anhui's standard 一 is encoded
    empty = tmp_path / "empty.toml"
    empty.write_text(HAINAN.read_text(encoding="utf-8").replace('province = "海南省"', 'province = "空白省"'), encoding="utf-8")
    upload(browser, empty)
    assert checked(browser) == ["national"]  # its regime encodes nothing: not preselected, and said so
    assert "nothing of it is encoded" in browser.find_element(By.ID, "regime-hint").text
    pick(browser, "national", "emptyprov")  # a choice by hand stays
    upload(browser, HAINAN)
    assert checked(browser) == ["national", "emptyprov"]


def count_requests(browser) -> None:
    """From now on the page counts what it sends to the server (window.sent: the paths fetched)."""
    browser.execute_script("window.sent = []; const f = window.fetch; window.fetch = (u, o) => { window.sent.push(String(u).split('?')[0]); return f(u, o); }")


def test_an_upload_that_is_not_utf8_is_refused_until_the_official_reads_it_as_gb18030(browser, base_url, tmp_path):
    """A profile saved on Chinese Windows (GB18030) is never sent garbled: the page says where it is not
    UTF-8, as the command line does, in the page's language, and reads it as GB18030 only when asked."""
    text = HAINAN.read_text(encoding="utf-8")
    gbk = tmp_path / "hainan-only.gbk.toml"
    gbk.write_bytes(text.encode("gb18030"))
    with pytest.raises(clusterpolicy.InputError) as cli:
        clusterpolicy.load_profile(gbk)
    assert "at line 1, column 57, byte offset 56" in cli.value.problems[0]  # where the command line says it fails
    open_page(browser, base_url + "/")
    count_requests(browser)
    browser.find_element(By.ID, "lang").click()  # 中文 first
    browser.find_element(By.ID, "profile-file").send_keys(str(gbk))
    error = wait(browser, EC.visibility_of_element_located((By.ID, "error")))
    assert error.find_element(By.CSS_SELECTOR, "pre").text == (
        "hainan-only.gbk.toml:不是 UTF-8 编码的文本(自第 1 行第 57 列起无法按 UTF-8 读取)。在中文 Windows 上保存的文件(记事本、WPS、Excel)"
        "通常是 GBK/GB18030 编码。请将文件另存为 UTF-8 后重新上传;如该文件确在中文 Windows 上保存,也可按 GB18030 读取。"
    )
    assert browser.find_element(By.ID, "profile-text").get_attribute("value") == ""  # nothing garbled to send
    browser.find_element(By.ID, "lang").click()
    assert error.find_element(By.CSS_SELECTOR, "pre").text.startswith("hainan-only.gbk.toml: not UTF-8 text (from line 1, column 57 on, it does not read as UTF-8). A file saved on Chinese Windows")
    axe(browser)
    browser.find_element(By.ID, "read-gb18030").click()  # the official's explicit choice
    assert browser.find_element(By.ID, "profile-text").get_attribute("value") == text
    assert not error.is_displayed()
    assert browser.find_element(By.ID, "upload-note").text == (
        "hainan-only.gbk.toml was read as GB18030 (it is not UTF-8): check that the name, the province and the other texts read right before comparing."
    )
    assert checked(browser) == ["national", "hainan"]  # the province read right: its regime preselected
    assert browser.execute_script("return window.sent") == []
    compare(browser)
    assert browser.find_element(By.ID, "verdict-title").text.startswith("Verdict — 澄迈县福橙产业集群(示例)")
    assert [(b.get_attribute("data-regime"), b.get_attribute("data-overall")) for b in browser.find_elements(By.CSS_SELECTOR, "#banners .banner")] == [
        ("national", "ineligible"), ("hainan", "eligible")]  # fmt: skip

    # UTF-8 with a byte-order mark and UTF-16 after its mark read as the command line reads them; UTF-32 is refused.
    for name, data in (("bom.toml", b"\xef\xbb\xbf" + text.encode("utf-8")), ("notepad.toml", text.encode("utf-16"))):
        (tmp_path / name).write_bytes(data)
        browser.execute_script("document.querySelector('#profile-text').value = ''")
        browser.find_element(By.ID, "profile-file").send_keys(str(tmp_path / name))
        wait(browser, lambda b: b.find_element(By.ID, "profile-text").get_attribute("value") == text)
        assert not browser.find_element(By.ID, "upload-note").is_displayed()  # said of the GB18030 file only
    (tmp_path / "wide.toml").write_bytes(text.encode("utf-32"))
    browser.find_element(By.ID, "profile-file").send_keys(str(tmp_path / "wide.toml"))
    wait(browser, lambda b: b.find_element(By.ID, "error").is_displayed())
    assert browser.find_element(By.CSS_SELECTOR, "#error pre").text == "wide.toml: UTF-32 text, which the page does not read: save it as UTF-8 (the command line reads it as it is)."
    assert browser.find_element(By.ID, "profile-text").get_attribute("value") == ""


def test_form_with_numbers_then_an_error_clears_the_result(browser, base_url):
    open_page(browser, base_url + "/")
    browser.find_element(By.ID, "tab-form").click()
    assert browser.find_element(By.ID, "tab-form").get_attribute("aria-selected") == "true"
    form = browser.find_element(By.ID, "pane-form")
    form.find_element(By.CSS_SELECTOR, "input[name=name]").send_keys("表单集群")
    form.find_element(By.CSS_SELECTOR, "input[name='firms.little_giants']").send_keys("2")
    form.find_element(By.CSS_SELECTOR, "input[name='firms.single_champions']").send_keys("0")
    form.find_element(By.CSS_SELECTOR, "input[name=area_km2]").send_keys("62.5")
    for i, (output, employees) in enumerate((("40.5", "11000"), ("41", "11500"), ("88.5", "12000"))):
        row = form.find_elements(By.CSS_SELECTOR, "#year-rows tr")[i]
        row.find_element(By.CSS_SELECTOR, "input[name=total_output]").send_keys(output)
        row.find_element(By.CSS_SELECTOR, "input[name=employees]").send_keys(employees)
    sent = browser.execute_script("return formProfile()")
    assert sent["firms"] == {"little_giants": 2, "single_champions": 0} and sent["area_km2"] == "62.5"  # a count as a number, a decimal exact
    assert [y["employees"] for y in sent["years"].values()] == [11000, 11500, 12000]
    compare(browser)
    assert not browser.find_element(By.ID, "error").is_displayed()
    assert "表单集群" in browser.find_element(By.ID, "verdict-title").text
    assert table(browser)["tiered.firms"][0] == "pass"  # the 2 little giants counted
    statuses = {s for cells in table(browser).values() for s in cells}
    assert "unknown" in statuses  # empty fields are missing, never zero
    missing = browser.find_element(By.CSS_SELECTOR, '.regime-detail[data-regime="national"] ul.missing').text
    assert "years.%d.sme_output" % (int(list(sent["years"])[-1])) in missing

    field = browser.find_elements(By.CSS_SELECTOR, "#year-rows tr")[2].find_element(By.CSS_SELECTOR, "input[name=total_output]")
    field.clear()
    field.send_keys("abc")
    compare(browser)
    error = browser.find_element(By.ID, "error")
    assert error.is_displayed() and "expected a decimal number; got 'abc'" in error.text  # the CLI's field-path message
    assert not browser.find_element(By.ID, "result").is_displayed()  # the previous result is gone
    assert not browser.find_element(By.ID, "verdict").is_displayed()
    axe(browser)
    # The page in Chinese says the converter's message in Chinese: the same path, the same value.
    path = "$.years.%d.total_output" % int(list(sent["years"])[-1])
    browser.find_element(By.ID, "lang").click()
    assert f"{path}: 应为数字;实际为 'abc'" in browser.find_element(By.ID, "error").text
    compare(browser)
    assert browser.find_element(By.CSS_SELECTOR, "#error pre").text == f"<request body>: {path}: 应为数字;实际为 'abc'"
    browser.find_element(By.ID, "lang").click()
    assert browser.find_element(By.CSS_SELECTOR, "#error pre").text == f"<request body>: {path}: expected a decimal number; got 'abc'"

    # Figures the form would lose are refused before anything is sent, naming the row (and the year).
    rows = form.find_elements(By.CSS_SELECTOR, "#year-rows tr")
    years = [r.find_element(By.CSS_SELECTOR, "input[name=year]") for r in rows]
    first_year = years[0].get_attribute("value")
    years[1].clear()
    years[1].send_keys(first_year)  # the same year twice: the second would replace the first
    years[2].clear()  # figures without a year: they would be dropped
    count_requests(browser)
    compare(browser)
    assert browser.find_element(By.CSS_SELECTOR, "#error pre").text == (
        f"Figures per year, row 2: year {first_year} is also row 1's; give each year one row (only one of the two would be sent).\n"
        "Figures per year, row 3: figures without a year; fill in its year, or clear the row's figures."
    )
    assert browser.execute_script("return window.sent") == []
    assert [y.get_attribute("aria-invalid") for y in years] == [None, "true", "true"]
    assert [r.find_element(By.CSS_SELECTOR, "input[name=total_output]").get_attribute("value") for r in rows] == ["40.5", "41", "abc"]  # kept as typed
    browser.find_element(By.ID, "lang").click()
    assert browser.find_element(By.CSS_SELECTOR, "#error pre").text == (
        f"各年数据第 2 行:年份 {first_year} 与第 1 行相同;每个年份只填一行(否则两行只会提交一行)。\n各年数据第 3 行:填了数据但没有年份;请填写年份,或清空该行的数据。"
    )
    axe(browser)


def test_a_part_above_its_total_is_shown_with_both_figures(browser, base_url, tmp_path):
    """The SME output typed in 万元 beside a total in 亿元: the page shows the API's problem, never a verdict."""
    path = tmp_path / "slip.toml"
    path.write_text('name = "单位集群"\n[years.2024]\ntotal_output = 40\nsme_output = 466635\n', encoding="utf-8")
    open_page(browser, base_url + "/")
    upload(browser, path)
    compare(browser)
    assert not browser.find_element(By.ID, "verdict").is_displayed()
    assert browser.find_element(By.CSS_SELECTOR, "#error pre").text == (
        "<request body>: $.years.2024.sme_output: must not be more than total_output (40), the cluster's total output it is part "
        "of (both in 亿元); got 466635, 466595 above it"
    )
    browser.find_element(By.ID, "lang").click()
    assert browser.find_element(By.CSS_SELECTOR, "#error pre").text == (
        "<request body>: $.years.2024.sme_output: 不得大于 total_output(40),即它所属的集群总产值(两者均以亿元计);实际为 466635,超出 466595"
    )
    browser.find_element(By.ID, "lang").click()


def test_keyboard_opens_rows_and_keeps_the_focus(browser, base_url):
    open_page(browser, base_url + "/")
    upload(browser, HAINAN)
    compare(browser)
    button = browser.find_element(By.CSS_SELECTOR, 'tr.rule[data-rule="core.output"] button.disclose')
    detail = browser.find_element(By.CSS_SELECTOR, 'tr.detail[data-detail-for="core.output"]')
    assert (button.get_attribute("aria-expanded"), detail.is_displayed()) == ("false", False)
    assert button.get_attribute("aria-controls") == detail.get_attribute("id")
    browser.execute_script("arguments[0].focus()", button)
    button.send_keys(Keys.ENTER)
    wait(browser, lambda b: detail.is_displayed())
    assert button.get_attribute("aria-expanded") == "true"
    assert browser.switch_to.active_element == button
    button.send_keys(Keys.SPACE)
    wait(browser, lambda b: not detail.is_displayed())
    assert button.get_attribute("aria-expanded") == "false" and browser.switch_to.active_element == button
    tab = browser.find_element(By.ID, "tab-text")  # tabs: arrow keys move between them
    browser.execute_script("arguments[0].focus()", tab)
    tab.send_keys(Keys.ARROW_RIGHT)
    assert browser.switch_to.active_element.get_attribute("id") == "tab-form"
    assert browser.find_element(By.ID, "pane-form").is_displayed()


def test_print_media_shows_the_comparison_with_citations_not_the_form(browser, base_url):
    open_page(browser, base_url + "/")
    upload(browser, HAINAN)
    compare(browser)
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    assert not browser.find_element(By.ID, "input").is_displayed()
    assert not browser.find_element(By.ID, "download-xlsx").is_displayed()
    assert browser.find_element(By.ID, "verdict").is_displayed()
    details = browser.find_elements(By.CSS_SELECTOR, "tr.detail")
    assert details and all(d.is_displayed() for d in details)  # every reason and citation, on paper
    assert "琼工信规〔2023〕4号" in browser.find_element(By.CSS_SELECTOR, 'tr.detail[data-detail-for="core.output"]').text
    pdf = browser.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})
    import base64
    import re

    boxes = {tuple(float(x) for x in m.split()) for m in re.findall(rb"/MediaBox \[([^\]]*)\]", base64.b64decode(pdf["data"]))}
    assert boxes and all(abs(w - 595.28) < 2 and abs(h - 841.89) < 2 for _, _, w, h in boxes)  # A4 (points), not Letter


def test_spreadsheets_and_a_permalink(browser, base_url):
    openpyxl = pytest.importorskip("openpyxl")
    open_page(browser, base_url + "/")
    upload(browser, HAINAN)
    pick(browser, "national", "hainan")
    compare(browser)
    browser.find_element(By.ID, "download-xlsx").click()
    xlsx = browser.download_dir / "clusterpolicy-comparison.xlsx"
    wait(browser, lambda b: xlsx.exists() and xlsx.stat().st_size > 0)
    sheet = openpyxl.load_workbook(xlsx).worksheets[0]
    assert sheet.freeze_panes == "A2" and [c.value for c in sheet[1]][3] == "national STATUS"
    browser.find_element(By.ID, "download-csv").click()
    csv = browser.download_dir / "clusterpolicy-comparison.csv"
    wait(browser, lambda b: csv.exists() and csv.stat().st_size > 0)
    assert csv.read_bytes().startswith(b"\xef\xbb\xbf")

    browser.find_element(By.ID, "only-differing").click()
    browser.find_element(By.CSS_SELECTOR, 'tr.rule[data-rule="core.growth"] button.disclose').click()
    browser.find_element(By.ID, "lang").click()
    browser.find_element(By.ID, "permalink").click()
    link = browser.current_url
    assert "#view=" in link
    shown = table(browser)
    browser.get("about:blank")
    browser.get(link)
    wait(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "#banners .banner"))
    assert table(browser) == shown  # same input, regimes and filter
    assert browser.find_element(By.ID, "only-differing").is_selected()
    assert browser.find_element(By.CSS_SELECTOR, 'tr.detail[data-detail-for="core.growth"]').is_displayed()
    assert browser.find_element(By.ID, "compare").text == "对照"


def test_a_permalink_restores_the_pathway_tab(browser, base_url):
    """The tab shown is part of the link: the pathway comes back as it was (same input, date, language),
    with the pathway tab selected; going back to side by side changes the link."""
    open_page(browser, base_url + "/")
    upload(browser, HAINAN)
    pick(browser, "national", "hainan")
    browser.find_element(By.ID, "as-of").send_keys("06152023")  # the date input's keyboard order (en-US)
    compare(browser)
    browser.find_element(By.ID, "view-pathway").click()
    wait(browser, EC.visibility_of_element_located((By.ID, "pathway")))
    browser.find_element(By.ID, "lang").click()  # the pathway is said again in Chinese
    wait(browser, lambda b: b.find_element(By.ID, "pathway-title").text.startswith("认定路径"))
    shown = [(r.get_attribute("data-regime"), r.get_attribute("data-status"), r.text) for r in browser.find_elements(By.CSS_SELECTOR, "#pathway li.rung")]
    link = browser.current_url
    assert "#view=" in link and browser.execute_script("return decodeView(location.hash.slice(6)).view") == "pathway"
    browser.find_element(By.ID, "pathway-permalink").click()  # the tab's own "copy a link"
    assert browser.current_url == link

    browser.get("about:blank")
    browser.get(link)
    wait(browser, EC.visibility_of_element_located((By.CSS_SELECTOR, "#pathway li.rung")))
    assert [(r.get_attribute("data-regime"), r.get_attribute("data-status"), r.text) for r in browser.find_elements(By.CSS_SELECTOR, "#pathway li.rung")] == shown
    assert browser.find_element(By.ID, "view-pathway").get_attribute("aria-selected") == "true"
    assert browser.find_element(By.ID, "view-compare").get_attribute("aria-selected") == "false"
    assert not browser.find_element(By.ID, "result").is_displayed()
    assert browser.find_element(By.ID, "as-of").get_attribute("value") == "2023-06-15"
    axe(browser)

    browser.find_element(By.ID, "view-compare").click()
    assert browser.find_element(By.ID, "result").is_displayed()
    assert browser.execute_script("return decodeView(location.hash.slice(6)).view") == "compare"
    # a link from before tabs were recorded (no "view") opens side by side, as it did
    old = browser.execute_script("const v = decodeView(location.hash.slice(6)); delete v.view; return encodeView(v)")
    browser.get("about:blank")
    browser.get(f"{base_url}/#view={old}")
    wait(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "#banners .banner"))
    assert browser.find_element(By.ID, "result").is_displayed() and not browser.find_element(By.ID, "pathway").is_displayed()


def test_a_page_per_regime_lists_every_rule(browser, base_url, regimes):
    browser.get(base_url + "/regimes/hainan")
    wait(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "table.rules tr[data-rule]"))
    rows = {tr.get_attribute("data-rule"): tr.text for tr in browser.find_elements(By.CSS_SELECTOR, "table.rules tr[data-rule]")}
    assert set(rows) >= {r.id for r in regimes["hainan"].criteria}
    assert "total_output ≥ 20亿元 in each of the last 3 years" in rows["core.output"] and "琼工信规〔2023〕4号" in rows["core.output"]
    assert "criteria: prerequisite.provincial" in browser.find_element(By.CSS_SELECTOR, "#rules-body ul.not-inherited").text
    assert "the text does not say which population" in rows["innovation.patent_density"]  # the interpretation, shown
    assert "Children inherit: yes" in rows["core.output"]
    axe(browser)
    # a province that amends a rule (the Yunnan worked example) shows whose citation covers which part
    with running(create_app(clusterpolicy.load_regimes(rules=[ROOT / "examples" / "rules" / "yunnan.toml"]))) as url:
        browser.get(url + "/regimes/yunnan")
        wait(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "table.rules tr[data-rule]"))
        output = browser.find_element(By.CSS_SELECTOR, 'tr[data-rule="core.output"]').text
        assert "check.value changed by yunnan: 云南省中小企业特色产业集群认定标准(2023年暂行版) (article not known) · secondary" in output
        assert "inherited from national" in output
    browser.get(base_url + "/regimes/hainan")
    wait(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "table.rules tr[data-rule]"))
    browser.find_element(By.ID, "lang").click()
    wait(browser, lambda b: "近3年每年 total_output ≥ 20亿元" in b.find_element(By.CSS_SELECTOR, 'tr[data-rule="core.output"]').text)
    assert "原文" in browser.find_element(By.CSS_SELECTOR, 'tr[data-rule="core.output"]').text
    browser.find_element(By.CSS_SELECTOR, '#rules-page a[href="/"]').click()
    wait(browser, lambda b: b.find_element(By.ID, "input").is_displayed())


def test_a_phone_width_needs_no_sideways_scrolling(browser, base_url):
    browser.set_window_size(*PHONE)
    open_page(browser, base_url + "/")
    no_sideways_scrolling(browser)
    browser.find_element(By.ID, "tab-form").click()
    no_sideways_scrolling(browser)
    browser.find_element(By.ID, "tab-text").click()
    upload(browser, HAINAN)
    compare(browser)
    browser.find_element(By.ID, "expand-all").click()
    wait(browser, lambda b: b.find_element(By.CSS_SELECTOR, 'tr.detail[data-detail-for="core.output"]').is_displayed())
    no_sideways_scrolling(browser)
    axe(browser)
    browser.get(base_url + "/regimes/national")
    wait(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "table.rules tr[data-rule]"))
    no_sideways_scrolling(browser)


def test_margins_the_pathway_tab_and_what_if(browser, base_url, regimes):
    open_page(browser, base_url + "/")
    pick(browser, "national", "hainan")
    upload(browser, HAINAN)
    compare(browser)
    # Margins: in the cell (signed, short), and the nearest misses under the regime's details.
    cell = browser.find_element(By.CSS_SELECTOR, '#comparison tr.rule[data-rule="core.output"] td[data-label="national"]')
    assert cell.text == "FAIL (≥40亿元) −15.4亿元"
    nearest = browser.find_element(By.CSS_SELECTOR, '.regime-detail[data-regime="national"] ul.nearest').text
    assert "core.output — Output at least 4 bn yuan in each of the last three years: fails by 15.4亿元 (38.5% of the threshold), at 2020" in nearest

    # What if: only the paths the server takes are offered (a per-year figure or a firm count).
    offered = wait(browser, lambda b: [o.get_attribute("value") for o in b.find_elements(By.CSS_SELECTOR, "#whatif-paths option")] or False)
    assert offered == ["firms.high_tech", "firms.innovative_smes", "firms.little_giants", "firms.single_champions", "firms.specialised_smes",
                       "years.2020.total_output", "years.2021.total_output", "years.2022.total_output"]  # fmt: skip
    # one typed by hand is refused by the server, and the page says what it takes and where the rest can be tried
    browser.find_element(By.ID, "whatif-path").send_keys("provincial_cluster")
    browser.find_element(By.ID, "whatif-value").send_keys("true")
    browser.find_element(By.ID, "whatif-run").click()
    refusal = wait(browser, EC.visibility_of_element_located((By.CSS_SELECTOR, "#whatif-result .error")))
    assert refusal.text == "bad query: set: 'provincial_cluster=true': expected years.<year>.<figure>=<number> or firms.<count>=<count>"
    assert browser.find_element(By.CSS_SELECTOR, "#whatif-result .hint").text.endswith(
        "any other profile path (provincial_cluster, front_rank, attestations.…) with the command line: clusterpolicy whatif PROFILE --set PATH=VALUE.")
    for field in ("whatif-path", "whatif-value"):
        browser.find_element(By.ID, field).clear()

    # What if: one change, only what it flips.
    browser.find_element(By.ID, "whatif-path").send_keys("firms.little_giants")
    browser.find_element(By.ID, "whatif-value").send_keys("1")
    browser.find_element(By.ID, "whatif-run").click()
    flipped = wait(browser, EC.visibility_of_element_located((By.CSS_SELECTOR, '.whatif-regime[data-regime="national"] li[data-rule]')))
    assert (flipped.get_attribute("data-rule"), flipped.get_attribute("data-before"), flipped.get_attribute("data-after")) == ("tiered.firms", "fail", "pass")
    assert browser.find_element(By.CSS_SELECTOR, '.whatif-regime[data-regime="hainan"]').text.endswith("Nothing flips: no criterion's status changes.")
    axe(browser)

    # The pathway tab: the province first, then national, with the projection labelled as one.
    browser.find_element(By.ID, "view-pathway").click()
    wait(browser, EC.visibility_of_element_located((By.ID, "pathway")))
    assert browser.find_element(By.ID, "result").is_displayed() is False
    rungs = browser.find_elements(By.CSS_SELECTOR, "#pathway li.rung")
    assert [(r.get_attribute("data-regime"), r.get_attribute("data-status")) for r in rungs] == [("hainan", "eligible"), ("national", "ineligible")]
    expected = clusterpolicy.pathway(clusterpolicy.load_profile(HAINAN), regimes)
    assert clusterpolicy.pathway_text(expected, "en").count("Projection (not a finding)") == rungs[1].text.count("Projection (not a finding)") == 1
    assert "would first be ≥ 40亿元 in each of 3 years in 2041" in rungs[1].text
    assert "Next known call: 2023: by 2023-07-31 to MIIT (SME Bureau)" in rungs[1].text
    assert "hainan encodes no recommendation call" in rungs[0].text
    axe(browser)
    browser.find_element(By.ID, "lang").click()
    wait(browser, lambda b: b.find_element(By.ID, "compare").text == "对照")
    browser.find_element(By.ID, "view-compare").click()
    assert browser.find_element(By.ID, "result").is_displayed() and not browser.find_element(By.ID, "pathway").is_displayed()
