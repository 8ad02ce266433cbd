"""Dashboard test fixtures: one warehouse and one app per session, headless Chromium options.

The warehouse is built the real way from hand-made staging rows by the project's own mart
SQL (stg_warehouse.py, ~8 s). JANSEWA_DASH_DEMO=1 uses the shared demo warehouse instead
(generated exports + refresh); JANSEWA_DASH_FIXTURE=1 a fixture with the marts' shapes only.
Browser tests are skipped, with the reason, when Debian's chromium or chromedriver is missing.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from dash.testing.application_runners import ThreadedRunner

from tests.dashboards.fixture_warehouse import build_fixture_warehouse
from tests.dashboards.stg_warehouse import build_stg_warehouse
from tests.reliability.workspace import free_port

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
CHROME_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--window-size=1400,1800",
    "--lang=en-GB",
)


def pytest_setup_options():
    """Chrome options for dash[testing]'s browser (its `pytest_setup_options` hook)."""
    from selenium.webdriver.chrome.options import Options

    options = Options()
    if CHROMIUM:
        options.binary_location = CHROMIUM
    for arg in CHROME_ARGS:
        options.add_argument(arg)
    return options


class _FreePortRunner(ThreadedRunner):
    """dash.testing's threaded server on a port the system reports free.

    dash.testing numbers its servers' ports from 58050 in every process, so the servers of
    the two pytest-xdist workers could meet on one port, or on one the system had handed
    out (a CI run: "Port 58056 is in use", and the page never loaded)."""

    def start(self, app, start_timeout=3, **kwargs):
        kwargs.setdefault("port", free_port())
        super().start(app, start_timeout=start_timeout, **kwargs)


@pytest.fixture
def dash_thread_server():
    """Overrides dash.testing's fixture of that name, which `dash_duo` starts apps with."""
    with _FreePortRunner() as starter:
        yield starter


def pytest_collection_modifyitems(config, items):
    if CHROMIUM and CHROMEDRIVER:
        return
    reason = "chromium and chromedriver are needed for browser tests (apt-get install chromium chromium-driver)"
    for item in items:
        if "browser" in item.keywords and "tests/dashboards" in str(item.fspath):
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def warehouse(request, tmp_path_factory) -> Path:
    """The warehouse the dashboard tests read (its snapshot is published)."""
    if os.environ.get("JANSEWA_DASH_DEMO"):
        return Path(request.getfixturevalue("demo_warehouse").warehouse)
    path = tmp_path_factory.mktemp("dash-warehouse") / "jansewa.duckdb"
    if os.environ.get("JANSEWA_DASH_FIXTURE"):
        return build_fixture_warehouse(path)
    return build_stg_warehouse(path)


@pytest.fixture(scope="session")
def app(warehouse):
    """One Dash app for the whole session (pages register their callbacks per app)."""
    from dashboards.app import create_app

    return create_app(warehouse)


@pytest.fixture
def screenshot():
    """save(driver, name): a PNG of the page under test-output/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def save(driver, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        height = driver.execute_script("return document.body.scrollHeight")
        driver.set_window_size(1400, min(max(900, int(height) + 40), 6000))
        driver.save_screenshot(str(path))
        return path

    return save
