"""The dashboard in a real browser: Debian's Chromium, headless, driven by Selenium, from file://.

Screenshots are kept in test-artifacts/dashboard/. Skipped (with the reason) where
Chromium, chromedriver or selenium is missing; `make test` installs them where it can.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import headless_chromium as chrome
from iacreview.report.dashboard.site import page_name

REASON = chrome.missing()
pytestmark = pytest.mark.skipif(REASON is not None, reason=f"no headless browser: {REASON}")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "dashboard"


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = chrome.find(chrome.CHROMIUM_NAMES)
    for flag in chrome.FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(service=Service(chrome.find(chrome.DRIVER_NAMES)), options=options)
    browser.set_page_load_timeout(60)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    yield browser
    browser.quit()


def open_index(driver, dashboard) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(dashboard.as_uri())
    WebDriverWait(driver, 30).until(lambda d: d.execute_script(
        "return !!(window.iacreviewDashboard && window.iacreviewDashboard.ready)"))


def screenshot(driver, name: str) -> None:
    """The whole page (the window grows to the page's height for the shot, then shrinks back)."""
    height = min(8000, driver.execute_script("return document.documentElement.scrollHeight"))
    driver.set_window_size(1400, max(1000, height))
    driver.save_screenshot(str(ARTIFACTS / name))
    driver.set_window_size(1400, 1000)


def severe_console_messages(driver) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


PAINTED = """
const canvas = document.getElementById(arguments[0]);
const chart = Chart.getChart(canvas);
if (!chart) { return null; }
const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
let painted = 0;
for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) { painted++; } }
return {type: chart.config.type, points: chart.data.datasets.map(d => d.data.length), painted: painted,
        width: canvas.width, height: canvas.height};
"""


def test_the_four_charts_render(driver, dashboard):
    open_index(driver, dashboard)
    expected = {"chart-scores": "bar", "chart-categories": "bar", "chart-rules": "bar", "chart-labels": "bubble"}
    for canvas, kind in expected.items():
        drawn = driver.execute_script(PAINTED, canvas)
        assert drawn is not None, f"{canvas} has no chart"
        assert drawn["type"] == kind and drawn["width"] > 100 and drawn["height"] > 100
        assert all(n > 0 for n in drawn["points"]), (canvas, drawn)
        assert drawn["painted"] > 1000, (canvas, drawn)
    assert driver.execute_script("return Chart.getChart(document.getElementById('chart-scores')).data.labels.length") == 11
    screenshot(driver, "index.png")
    assert severe_console_messages(driver) == []


def rows(driver) -> list[dict[str, str]]:
    return driver.execute_script("""
        return Array.from(document.querySelectorAll('#tasks tbody tr')).map(tr => ({
            id: tr.dataset.id, score: tr.children[2].textContent, href: tr.querySelector('a').getAttribute('href')}));""")


def test_the_task_table_sorts_and_filters(driver, dashboard):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    open_index(driver, dashboard)
    assert len(rows(driver)) == 10
    score_header = driver.find_element(By.CSS_SELECTOR, '#tasks th[data-key="score"]')
    assert score_header.get_attribute("aria-sort") == "ascending"  # lowest scores first by default
    scores = [r["score"] for r in rows(driver)]
    numbers = [float(s) for s in scores if s != "–"]
    assert numbers == sorted(numbers) and scores[-1] == "–"  # the failed task has no score: last
    score_header.click()
    assert score_header.get_attribute("aria-sort") == "descending"
    numbers = [float(r["score"]) for r in rows(driver) if r["score"] != "–"]
    assert numbers == sorted(numbers, reverse=True)
    driver.find_element(By.CSS_SELECTOR, '#tasks th[data-key="id"]').click()
    ids = [r["id"] for r in rows(driver)]
    assert ids == sorted(ids)

    search = driver.find_element(By.ID, "task-filter")
    search.send_keys("syn/")
    assert len(rows(driver)) == 8
    assert driver.find_element(By.ID, "task-count").text == "8 of 10 tasks"
    Select(driver.find_element(By.ID, "task-view")).select_by_value("errors")
    assert [r["id"] for r in rows(driver)] == ["syn/timeout"]
    Select(driver.find_element(By.ID, "task-view")).select_by_value("below")
    assert {r["id"] for r in rows(driver)} == {"syn/c", "syn/d", "syn/e", "syn/g"}
    search.clear()
    search.send_keys("nothing matches this")
    assert rows(driver) == [] and driver.find_element(By.ID, "task-count").text == "0 of 10 tasks"
    search.clear()
    Select(driver.find_element(By.ID, "task-view")).select_by_value("all")
    search.send_keys("region")
    screenshot(driver, "table-filtered.png")
    assert [r["href"] for r in rows(driver)] == [f"tasks/{page_name('examples/region-migration')}"]


def test_the_task_table_filters_by_rule(driver, dashboard):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    open_index(driver, dashboard)
    rule = Select(driver.find_element(By.ID, "task-rule"))
    assert any(o.text.startswith("SEC001 SEC001 title") for o in rule.options)  # the rule's title beside its id
    rule.select_by_value("SEC001")  # the synthetic d and e, and the real bucket without a public access block
    assert {r["id"] for r in rows(driver)} == {"syn/d", "syn/e", "real/<injected>"}
    assert driver.find_element(By.ID, "task-count").text == "3 of 10 tasks"
    Select(driver.find_element(By.ID, "task-view")).select_by_value("below")  # both filters apply
    below = {r["id"] for r in rows(driver)}
    assert {"syn/d", "syn/e"} <= below <= {"syn/d", "syn/e", "real/<injected>"}
    rule.select_by_value("")
    Select(driver.find_element(By.ID, "task-view")).select_by_value("all")
    assert len(rows(driver)) == 10


def test_a_task_link_opens_its_page_with_highlighted_code(driver, dashboard):
    from selenium.webdriver.common.by import By

    open_index(driver, dashboard)
    driver.find_element(By.ID, "task-filter").send_keys("region-migration")
    driver.find_element(By.CSS_SELECTOR, "#tasks tbody a.task-link").click()
    assert driver.current_url.endswith(page_name("examples/region-migration"))
    assert driver.find_element(By.ID, "task-id").text == "examples/region-migration"
    analysis = driver.find_element(By.ID, "analysis")
    assert "Model Response Failures Analysis" in analysis.text
    keyword = driver.find_element(By.CSS_SELECTOR, "#analysis pre code .hl-keyword")
    plain = driver.find_element(By.CSS_SELECTOR, "#analysis pre code .hl-op")
    assert keyword.value_of_css_property("color") != plain.value_of_css_property("color")  # the stylesheet applies
    assert driver.find_element(By.ID, "findings").find_elements(By.CSS_SELECTOR, "tbody tr")
    screenshot(driver, "task-region-migration.png")
    driver.find_element(By.ID, "back").click()
    assert driver.current_url == dashboard.as_uri()
    assert severe_console_messages(driver) == []


def test_model_text_cannot_run_script(driver, dashboard):
    from selenium.webdriver.common.by import By

    driver.get((dashboard.parent / "tasks" / page_name("real/<injected>")).as_uri())
    assert driver.find_element(By.ID, "task-id").text == "real/<injected>"
    assert driver.execute_script("return window.injected === undefined")
    screenshot(driver, "task-injected.png")
