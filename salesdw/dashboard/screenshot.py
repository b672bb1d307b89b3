"""Each dashboard rendered by Superset's own frontend in headless Chromium (Debian's chromium
and chromium-driver, driven by selenium): log in through the login form, open the dashboard,
wait until no chart is loading, report the charts that show an error, save a full-page PNG."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from salesdw.dashboard import DashboardError

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
# Charts still loading, and charts showing an error, in Superset's dashboard page.
LOADING_JS = "return document.querySelectorAll('.loading, [data-test=\"loading-indicator\"]').length"
CHARTS_JS = "return document.querySelectorAll('[data-test=\"chart-grid-component\"]').length"
ERRORS_JS = """
return Array.from(document.querySelectorAll('[data-test="chart-grid-component"]'))
  .filter(c => c.querySelector('.alert-danger, .ant-alert-error, '
                               + '[role="alert"][class*="error"], [data-test="error-message"]'))
  .map(c => (c.querySelector('[data-test="editable-title"], .header-title') || c).innerText.split('\\n')[0]);
"""


def _driver():
    for tool in (CHROMIUM, CHROMEDRIVER):
        if not shutil.which(tool):
            raise DashboardError(
                f"{tool} is missing: apt-get install chromium chromium-driver "
                "(make test-dashboard installs them)"
            )
    from selenium import webdriver
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--hide-scrollbars",
        "--window-size=1600,1200",
    ):
        options.add_argument(argument)
    try:
        return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    except WebDriverException as error:
        raise DashboardError(
            f"Headless Chromium did not start ({CHROMIUM} with {CHROMEDRIVER}; their versions "
            f"must match: apt-get install chromium chromium-driver): {error.msg}"
        ) from None


def _wait(driver, condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return False


def screenshot_dashboards(
    base_url: str,
    username: str,
    password: str,
    dashboards: list[tuple[str, int]],
    out_dir: Path,
    timeout: float = 120,
) -> dict[str, list[str]]:
    """Screenshot each (slug, number of charts) to out_dir/<slug>.png; returns, per slug, the
    problems seen in the page (charts with an error, charts still loading, charts missing)."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.by import By

    out_dir.mkdir(parents=True, exist_ok=True)
    problems: dict[str, list[str]] = {}
    driver = _driver()
    try:
        driver.get(f"{base_url}/login/")
        _wait(driver, lambda: driver.find_elements(By.ID, "username"), 60)
        driver.find_element(By.ID, "username").send_keys(username)
        driver.find_element(By.ID, "password").send_keys(password)
        driver.find_element(By.CSS_SELECTOR, "button[type=submit], input[type=submit]").click()
        if not _wait(driver, lambda: "/login" not in driver.current_url, 60):
            raise DashboardError(f"Chromium could not log in to Superset at {base_url} as {username}")
        for slug, chart_count in dashboards:
            found: list[str] = []
            driver.set_window_size(1600, 1200)
            driver.get(f"{base_url}/superset/dashboard/{slug}/?standalone=1")
            rendered = _wait(
                driver, lambda expected=chart_count: driver.execute_script(CHARTS_JS) >= expected, timeout
            )
            if not rendered:
                found.append(f"{driver.execute_script(CHARTS_JS)} of {chart_count} charts on the page")
            if not _wait(driver, lambda: driver.execute_script(LOADING_JS) == 0, timeout):
                found.append("charts still loading after the timeout")
            time.sleep(2)  # animations settle
            found += [f"chart shows an error: {title}" for title in driver.execute_script(ERRORS_JS)]
            height = driver.execute_script(
                "return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)"
            )
            driver.set_window_size(1600, min(max(int(height) + 50, 1200), 6000))
            time.sleep(1)
            driver.save_screenshot(str(out_dir / f"{slug}.png"))
            problems[slug] = found
    except WebDriverException as error:
        raise DashboardError(f"Headless Chromium failed on {driver.current_url}: {error.msg}") from None
    finally:
        driver.quit()
    return problems
