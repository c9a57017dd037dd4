"""End to end in a real headless browser: Debian's chromium driven by Selenium through chromedriver.

Loads the page from a real server, uploads examples/strong-national.toml, compares, and reads the
side-by-side table. Skipped, saying why, only when no browser is installed (.ci/run installs
``chromium`` and ``chromium-driver`` with apt-get when it can). Point CLUSTERPOLICY_CHROMIUM /
CLUSTERPOLICY_CHROMEDRIVER elsewhere to use other binaries.
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
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

import clusterpolicy  # noqa: E402
from clusterpolicy.http.server import create_app  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
STRONG = ROOT / "examples" / "strong-national.toml"
CHROMIUM = os.environ.get("CLUSTERPOLICY_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = os.environ.get("CLUSTERPOLICY_CHROMEDRIVER") or shutil.which("chromedriver") or "/usr/bin/chromedriver"

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
def browser():
    from selenium.webdriver.chrome.service import Service

    profile_dir = tempfile.mkdtemp(prefix="clusterpolicy-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", f"--user-data-dir={profile_dir}", "--window-size=1400,1000",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    options.add_experimental_option("prefs", {"download.default_directory": profile_dir})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(15)
    driver.download_dir = Path(profile_dir)  # where "Download JSON" saves
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile_dir, ignore_errors=True)


def wait(browser, condition, timeout: float = 10):
    return WebDriverWait(browser, timeout).until(condition)


def table(browser) -> dict[str, list[str]]:
    """Rule id → the statuses of its cells, as the page shows them (data-status)."""
    rows = {}
    for tr in browser.find_elements(By.CSS_SELECTOR, "#comparison tbody tr.rule"):
        cells = tr.find_elements(By.CSS_SELECTOR, "td[data-status]")
        rows[tr.get_attribute("data-rule")] = [td.get_attribute("data-status") for td in cells]
    return rows


def test_upload_compare_read_table_switch_language(browser, base_url, regimes):
    browser.get(base_url + "/")
    boxes = wait(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "#regimes input[name=regime]") or False)
    assert [b.get_attribute("value") for b in boxes] == list(regimes)
    for box in boxes:  # national and hainan only
        if box.get_attribute("value") not in ("national", "hainan"):
            box.click()

    browser.find_element(By.ID, "profile-file").send_keys(str(STRONG))  # the upload path
    wait(browser, lambda b: "宁波市北仑区" in b.find_element(By.ID, "profile-text").get_attribute("value"))
    browser.find_element(By.ID, "compare").click()
    wait(browser, EC.visibility_of_element_located((By.ID, "comparison")))

    expected = clusterpolicy.api.compare(clusterpolicy.load_profile(STRONG), regimes.select(["national", "hainan"]))
    heads = [th.get_attribute("data-regime") for th in browser.find_elements(By.CSS_SELECTOR, "#comparison thead th[data-regime]")]
    assert heads == ["national", "hainan"]
    shown = table(browser)
    assert shown == {
        row.rule: [c.status.value if c is not None else "absent" for c in expected.cells(row)] for row in expected.rows
    }
    differing = {tr.get_attribute("data-rule") for tr in browser.find_elements(By.CSS_SELECTOR, "#comparison tr.differs")}
    assert differing == {r.rule for r in expected.rows if {"status", "requirement", "presence"} & set(r.differs)}
    assert differing, "the example should differ somewhere between national and hainan"
    overall = [td.get_attribute("data-overall") for td in browser.find_elements(By.CSS_SELECTOR, "#comparison tfoot td[data-overall]")]
    assert overall == [a.status.value for a in expected.assessments]

    # Reasons and citations: on hover (title) and on click (a detail row).
    row = expected.rows[0]
    cells = expected.cells(row)
    first = browser.find_element(By.CSS_SELECTOR, f'#comparison tr.rule[data-rule="{row.rule}"]')
    assert cells[0].reason_en in first.find_element(By.CSS_SELECTOR, "td[data-status]").get_attribute("title")
    first.click()
    detail = wait(browser, EC.visibility_of_element_located((By.CSS_SELECTOR, f'tr.detail[data-detail-for="{row.rule}"]')))
    assert cells[0].citation.document in detail.text

    # 中文: labels and reasons switch, the table stays.
    browser.find_element(By.ID, "lang").click()
    wait(browser, lambda b: b.find_element(By.ID, "compare").text == "对照")
    assert cells[0].reason_zh in browser.find_element(By.CSS_SELECTOR, f'tr.detail[data-detail-for="{row.rule}"]').text
    assert table(browser) == shown

    # The JSON the download button saves is the API's document.
    saved = browser.execute_script("return JSON.parse(state.resultText)")
    assert saved["kind"] == "comparison" and saved["schema_version"] == clusterpolicy.documents.SCHEMA_VERSION
    assert [a["regime"] for a in saved["comparison"]["assessments"]] == ["national", "hainan"]
    browser.find_element(By.ID, "download").click()
    saved_file = browser.download_dir / "clusterpolicy-comparison.json"
    wait(browser, lambda b: saved_file.exists())
    downloaded = json.loads(saved_file.read_text(encoding="utf-8"))
    assert downloaded == saved
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []  # no script errors


def test_form_and_errors(browser, base_url):
    browser.get(base_url + "/")
    wait(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "#regimes input[name=regime]") or False)
    browser.find_element(By.ID, "tab-form").click()
    browser.find_element(By.CSS_SELECTOR, "#pane-form input[name=name]").send_keys("表单集群")
    browser.find_element(By.CSS_SELECTOR, "#year-rows tr:last-child input[name=total_output]").send_keys("abc")
    browser.find_element(By.ID, "compare").click()
    error = wait(browser, EC.visibility_of_element_located((By.ID, "error")))
    assert "expected a decimal number; got 'abc'" in error.text  # the CLI's field-path message

    field = browser.find_element(By.CSS_SELECTOR, "#year-rows tr:last-child input[name=total_output]")
    field.clear()
    field.send_keys("88.5")
    browser.find_element(By.ID, "compare").click()
    wait(browser, lambda b: not b.find_element(By.ID, "error").is_displayed() and b.find_element(By.ID, "result").is_displayed())
    assert "表单集群" in browser.find_element(By.ID, "result-title").text
    statuses = {s for cells in table(browser).values() for s in cells}
    assert "unknown" in statuses  # empty fields are missing, never zero
    assert json.loads(browser.execute_script("return state.resultText"))["comparison"]["cluster"] == "表单集群"
