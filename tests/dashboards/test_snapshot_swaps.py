"""A refresh that swaps the snapshot under every try of a render: the page and the callback
answer HTTP 200 with "being refreshed" (never a 500); fewer swaps still render the data.

The swaps are simulated by making the snapshot version differ on every read, which is what
`fetch` and `one_snapshot` see when refreshes publish back to back. The requests go through
Flask's test client to the Dash endpoint, as a browser's would.
"""

from __future__ import annotations

import itertools
import json

import pytest

from dashboards import data
from dashboards.data import cache, pinning, readers, snapshot_info
from dashboards.i18n import TEXT
from warehouse import snapshot

REFRESHING_EN = TEXT["msg.refreshing"]["en"]
REFRESHING_HI = TEXT["msg.refreshing"]["hi"]


@pytest.fixture
def swaps(monkeypatch):
    """swaps(n): the next ``n`` reads of the snapshot version each see a new snapshot
    (n=None: every read does, for ever)."""

    def install(n: int | None) -> None:
        reads = itertools.count()
        real = snapshot.snapshot_version

        def version(warehouse):
            base = real(warehouse)
            i = next(reads)
            if base is None or (n is not None and i >= n):
                return base
            return f"{base}-swap{i}"

        for module in (cache, pinning, readers, snapshot_info):
            monkeypatch.setattr(module, "snapshot_version", version)
        data.clear_cache()

    yield install
    data.clear_cache()


@pytest.fixture
def kpi_id_calls(monkeypatch):
    """How often pages asked for the KPI ids (each render of the explorer asks once)."""
    calls = []
    original = data.kpi_ids

    def counted(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(data, "kpi_ids", counted)
    return calls


def _page(app, pathname: str, search: str = ""):
    """The Dash pages router request a browser sends when it opens ``pathname``."""
    return app.server.test_client().post(
        "/_dash-update-component",
        json={
            "output": ".._pages_content.children..._pages_store.data..",
            "outputs": [
                {"id": "_pages_content", "property": "children"},
                {"id": "_pages_store", "property": "data"},
            ],
            "inputs": [
                {"id": "_pages_location", "property": "pathname", "value": pathname},
                {"id": "_pages_location", "property": "search", "value": search},
            ],
            "changedPropIds": ["_pages_location.pathname"],
            "state": [],
        },
    )


def _explorer_update(app, kpi: str, period: str, lang: str = "en"):
    """The explorer's figures callback, as the browser calls it after a filter changed."""
    outputs = [
        {"id": f"explorer-{block}-block", "property": "children"}
        for block in ("bar", "map", "table")
    ] + [{"id": {"page": "explorer", "type": "url-sync"}, "property": "data"}]
    return app.server.test_client().post(
        "/_dash-update-component",
        json={
            "output": "..explorer-bar-block.children...explorer-map-block.children..."
            "explorer-table-block.children..."
            '{"page":"explorer","type":"url-sync"}.data..',
            "outputs": outputs,
            "inputs": [
                {"id": "explorer-kpi", "property": "value", "value": kpi},
                {"id": "explorer-grain", "property": "value", "value": "month"},
                {"id": "explorer-period", "property": "value", "value": period},
                {"id": "explorer-districts", "property": "value", "value": ["Jhajjar"]},
            ],
            "changedPropIds": ["explorer-kpi.value"],
            "state": [{"id": "explorer-lang", "property": "data", "value": lang}],
        },
    )


def _text(response) -> str:
    return json.dumps(response.get_json(), ensure_ascii=False)


@pytest.mark.parametrize(
    ("search", "expected", "other"),
    [("", REFRESHING_EN, REFRESHING_HI), ("?lang=hi", REFRESHING_HI, REFRESHING_EN)],
)
def test_a_page_swapped_under_every_try_says_refreshing(
    app, swaps, kpi_id_calls, search, expected, other
):
    swaps(None)
    response = _page(app, "/explorer", search)
    assert response.status_code == 200
    body = _text(response)
    assert expected in body and other not in body
    assert "snapshot-refreshing" in body
    assert "explorer-kpi" not in body  # no half-drawn page beside the message
    assert len(kpi_id_calls) == data.RENDER_TRIES  # it did try again each time first


def test_a_callback_swapped_under_every_try_says_refreshing(app, warehouse, swaps):
    period = data.periods(warehouse, "month")[0]  # read before the swaps start
    swaps(None)
    response = _explorer_update(app, "pass_approval_rate", period)
    assert response.status_code == 200
    result = response.get_json()["response"]
    bar = json.dumps(result["explorer-bar-block"]["children"], ensure_ascii=False)
    assert REFRESHING_EN in bar
    # The other blocks are emptied, and the URL still follows the filters.
    assert result["explorer-map-block"]["children"] is None
    url = json.dumps(result)
    assert f"period={period}" in url


def test_a_page_swapped_under_some_tries_renders_from_the_new_snapshot(app, swaps, kpi_id_calls):
    # Each failed render reads the version twice (pinning it, then the first query sees a
    # newer one): reads 0-1 fail the first render, reads 2-3 the second, the third is stable.
    swaps(3)
    response = _page(app, "/explorer")
    assert response.status_code == 200
    body = _text(response)
    assert REFRESHING_EN not in body
    assert "explorer-kpi" in body and "explorer-bar-block" in body
    assert len(kpi_id_calls) == 3
