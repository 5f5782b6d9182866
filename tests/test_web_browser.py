"""The endpoint's pages in a real browser: headless Chromium driven by Selenium.

``newskg serve`` runs on the sample build; the test opens the start page,
picks and runs named queries, follows a result to an entity page, from there
to an event and an article, and checks what the issue asks to see. It takes
screenshots of the start page, a results page and an entity page (into
``NEWSKG_SCREENSHOTS`` when set, else the test's temporary folder).

Chromium and its driver are Debian's ``chromium`` and ``chromium-driver``;
Selenium is a dev extra. Without them the test is skipped, unless
``NEWSKG_REQUIRE_BROWSER`` is set (CI sets it): then it fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

pytestmark = pytest.mark.model  # the sample build needs the spaCy model

SRC = Path(__file__).resolve().parent.parent / "src"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,1000",
)
WAIT = 30  # seconds for a page to show what it should


def _missing() -> str | None:
    """Why the browser cannot run here, or ``None``."""
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not (os.path.exists(path) or shutil.which(Path(path).name)):
            return f"{path} is missing (Debian package {package})"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[dev]')"
    return None


@pytest.fixture(scope="module")
def browser():
    reason = _missing()
    if reason is not None:
        if os.environ.get("NEWSKG_REQUIRE_BROWSER", "") not in ("", "0"):
            pytest.fail(f"NEWSKG_REQUIRE_BROWSER is set but {reason}")
        pytest.skip(f"{reason}; set NEWSKG_REQUIRE_BROWSER=1 to fail instead of skipping")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    profile = tempfile.mkdtemp(prefix="newskg-chromium-")
    options.add_argument(f"--user-data-dir={profile}")
    service = Service(shutil.which("chromedriver") or CHROMEDRIVER)
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def server(sample_build, tmp_path_factory):
    """``newskg serve`` on the sample build, on a free loopback port: its base URL."""
    out, _report = sample_build
    log = tmp_path_factory.mktemp("web-serve") / "serve.log"
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    with open(log, "wb") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "newskg", "serve", "-o", str(out), "--port", "0"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    try:
        yield _wait_for_url(log, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_for_url(log: Path, process: subprocess.Popen) -> str:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        text = log.read_text(encoding="utf-8") if log.exists() else ""
        for line in text.splitlines():
            if line.startswith("SPARQL endpoint "):
                return line.split()[2].removesuffix("query")
        assert process.poll() is None, text
        time.sleep(0.1)
    raise AssertionError("newskg serve did not start")


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = os.environ.get("NEWSKG_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


def _shoot(driver, path: Path) -> None:
    """A screenshot of the whole page at 1280 px wide."""
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1280, min(max(int(height), 800), 4000))
    driver.save_screenshot(str(path))
    driver.set_window_size(1280, 1000)
    assert path.stat().st_size > 10_000


def _no_sideways_scrolling(driver) -> None:
    width = driver.execute_script("return document.documentElement.scrollWidth")
    inner = driver.execute_script("return document.documentElement.clientWidth")
    assert width <= inner, f"the page is {width} px wide in a {inner} px window"


def _wait(driver, condition):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, WAIT).until(condition)


def _pick_and_run(driver, name: str, **binds: str) -> None:
    """Pick a named query (the page loads it), fill its bind fields, press Run."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    Select(driver.find_element(By.ID, "name")).select_by_value(name)
    _wait(driver, lambda d: f"<b>{name}</b>" in d.page_source)  # loaded by app.js
    for variable, value in binds.items():
        field = driver.find_element(By.NAME, f"bind.{variable}")
        field.clear()
        field.send_keys(value)
    driver.find_element(By.CSS_SELECTOR, "#run button[type=submit]").click()
    _wait(driver, lambda d: d.find_elements(By.ID, "summary"))


def test_browse_from_a_named_query_to_an_entity_an_event_and_an_article(browser, server, shots):
    from selenium.webdriver.common.by import By

    driver = browser
    driver.get(server)
    assert "newskg" in driver.title
    options = [
        o.get_attribute("value") for o in driver.find_elements(By.CSS_SELECTOR, "#name option")
    ]
    assert {"actor-timeline", "troop-deployments", "weapon-transfers"} <= set(options)
    catalogue = driver.find_element(By.CSS_SELECTOR, ".catalogue").text
    assert "Troop deployments over time" in catalogue
    _no_sideways_scrolling(driver)
    _shoot(driver, shots / "start.png")

    # A results page: figures are numbers, not typed literals.
    _pick_and_run(driver, "weapon-transfers")
    summary = driver.find_element(By.ID, "summary").text
    assert " rows" in summary and "CSV" in summary and "JSON" in summary
    numbers = [td.text for td in driver.find_elements(By.CSS_SELECTOR, "table.results td.n")]
    assert "220" in numbers
    assert "^^" not in driver.page_source and "XMLSchema#integer" not in driver.page_source
    _no_sideways_scrolling(driver)
    _shoot(driver, shots / "results.png")

    # A bound named query; its actor links to the entity page.
    _pick_and_run(driver, "actor-timeline", actor="id:entity/north-korea")
    link = driver.find_element(By.CSS_SELECTOR, 'table.results a[href="/id/entity/north-korea"]')
    assert link.text == "Corée du Nord"
    link.click()
    _wait(driver, lambda d: d.current_url.endswith("/id/entity/north-korea"))
    assert driver.find_element(By.TAG_NAME, "h1").text == "Corée du Nord"
    assert "wd:Q423" in driver.find_element(By.CSS_SELECTOR, "table.props").text
    rows = driver.find_elements(By.CSS_SELECTOR, "table.timeline tbody tr")
    deployments = [r for r in rows if r.find_element(By.CSS_SELECTOR, ".kind").text == "Deployment"]
    assert deployments, "no deployment on North Korea's page"
    claimants = [
        who.text
        for row in deployments
        for who in row.find_elements(By.CSS_SELECTOR, "li.claim .who a")
    ]
    assert claimants, "no deployment of North Korea has a claimant"
    _no_sideways_scrolling(driver)
    _shoot(driver, shots / "entity.png")

    # From the entity to one of its deployments, then to an article that reports it.
    deployments[0].find_element(By.CSS_SELECTOR, ".kind a").click()
    _wait(driver, lambda d: "/id/event/" in d.current_url)
    assert "deployment" in driver.find_element(By.CSS_SELECTOR, ".kicker").text.lower()
    assert driver.find_elements(By.CSS_SELECTOR, "ul.claims li.claim")
    driver.find_element(By.CSS_SELECTOR, "li.claim .source a").click()
    _wait(driver, lambda d: "/id/article/" in d.current_url)
    assert "article" in driver.find_element(By.CSS_SELECTOR, ".kicker").text.lower()
    assert "Claims read from it" in driver.page_source
    _no_sideways_scrolling(driver)


def test_a_script_in_a_path_comes_back_as_text(browser, server):
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    browser.get(server + "id/entity/<script>alert(1)</script>")
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert  # noqa: B018  (no script ran)
    assert "<script>alert(1)</script>" in browser.find_element(By.TAG_NAME, "main").text
    assert not browser.find_elements(By.CSS_SELECTOR, "main script")
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(server + "id/entity/%3Cscript%3Ealert(1)%3C/script%3E", timeout=60)
    assert error.value.code == 404
    assert b"<script>alert" not in error.value.read()


def test_an_entity_answers_turtle_to_a_client_that_asks_for_it(server):
    request = urllib.request.Request(
        server + "id/entity/north-korea", headers={"Accept": "text/turtle"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.headers["Content-Type"].startswith("text/turtle")
        triples = list(ox.parse(response.read(), format=ox.RdfFormat.TURTLE))
    labels = {t.object.value for t in triples if t.predicate.value.endswith("#label")}
    assert "Corée du Nord" in labels
