"""GX Data Docs served by the dashboard make no outside request: every stylesheet, script and
image they link is served by the app (from dashboards/vendor, installed by `make`) or dropped,
and the pages are styled in a browser with no network.

The docs are real: GX builds them for one source of a small clean warehouse, as a refresh does.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from dashboards.app import create_app
from dashboards.data_docs import ASSETS_ROUTE, VENDOR
from expectations.data_docs import write_docs_index
from expectations.validation import validate_or_carry_over
from tests.expectations.conftest import fill_clean
from warehouse.schema import create_load_tables

FETCHED = re.compile(r'<(?:link|script|img)\b[^>]*?\b(?:src|href)="([^"]*)"')
OUTSIDE = re.compile(r"https?://")


@pytest.fixture(scope="module")
def docs_warehouse(tmp_path_factory) -> Path:
    """A warehouse with real GX Data Docs beside it (as `data_docs`, like a publication)."""
    root = tmp_path_factory.mktemp("docs")
    path = root / "jansewa.duckdb"
    with duckdb.connect(str(path)) as con:
        create_load_tables(con)
        fill_clean(con, "movement_passes")
    validate_or_carry_over(path, "movement_passes", "r1", data_docs_dir=root / "data_docs")
    write_docs_index(root / "data_docs")
    return path


def _pages(docs: Path) -> list[str]:
    return sorted(str(p.relative_to(docs)) for p in docs.rglob("*.html"))


def test_the_vendored_packages_are_installed():
    assert VENDOR.is_dir(), "run `make` (it installs dashboards/vendor with npm)"


def test_every_page_fetches_only_what_the_app_serves(docs_warehouse):
    client = create_app(docs_warehouse).server.test_client()
    pages = _pages(docs_warehouse.parent / "data_docs")
    assert len(pages) >= 3  # the index, the source's site, its suite and validation pages
    served = set()
    for page in pages:
        text = client.get("/data-docs/" + page).get_data(as_text=True)
        fetched = FETCHED.findall(text)
        assert not [u for u in fetched if OUTSIDE.match(u)], page
        assert "url(http" not in text.replace("'", "").replace('"', "")
        served |= {u for u in fetched if u.startswith(ASSETS_ROUTE)}
    assert any(u.endswith("bootstrap.min.css") for u in served)
    for url in sorted(served):
        assert client.get(url).status_code == 200, url
    # Links a person clicks (GX's own documentation) are left as they are.
    site = client.get("/data-docs/movement_passes/index.html").get_data(as_text=True)
    assert re.search(r'<a\b[^>]*href="https://', site)


@pytest.mark.browser
def test_the_docs_are_styled_with_no_network(dash_duo, docs_warehouse):
    dash_duo.start_server(create_app(docs_warehouse))
    dash_duo.driver.get(dash_duo.server_url + "/data-docs/movement_passes/index.html")
    dash_duo.wait_for_element("body", timeout=10)
    # Bootstrap's own rule for body text: loaded from the app, not from a CDN.
    weight = dash_duo.driver.execute_script(
        "return getComputedStyle(document.body).getPropertyValue('--blue')"
    )
    assert weight.strip() == "#007bff"
    failed = [e for e in dash_duo.get_logs() or [] if e.get("level") == "SEVERE"]
    assert failed == []
