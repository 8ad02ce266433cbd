"""Every chart the dashboard sends is a valid Plotly figure.

Figures are built as plain dicts (dashboards/figures/style.py says why), so nothing checks
their properties as they are built: a misspelt property would reach the browser and be
ignored there, or break the chart. Here every server-side callback of the app is called over
HTTP, as the browser calls it, with realistic inputs in English and Hindi (the requests the
benchmark sends, four for each callback), and every figure in the answers is validated once by ``go.Figure``, which
rejects an unknown property or a value of the wrong kind. The quality page
is rendered by its layout and checked the same way.
"""

from __future__ import annotations

import importlib
import json

import plotly.graph_objects as go
import pytest

from tests.benchmarks.callback_requests import callback_specs, every_callback_plan

# Callbacks that draw no chart: period pickers and banners, URL sync, the shell, tables,
# the case lists' records, department picker, download buttons and files.
NO_CHARTS = {"periods", "banner", "url", "overview", "table", "gaming", "shell"}
NO_CHARTS |= {"records", "departments", "buttons", "send_file"}


def _figures(value) -> list[dict]:
    """Every ``figure`` property in a callback's answer (JSON) or a component tree."""
    found = []
    if isinstance(value, dict):
        figure = value.get("figure")
        if isinstance(figure, dict) and "data" in figure:
            found.append(figure)
        for child in value.values():
            found += _figures(child)
    elif isinstance(value, (list, tuple)):
        for child in value:
            found += _figures(child)
    elif hasattr(value, "to_plotly_json"):
        found += _figures(value.to_plotly_json())
    return found


def test_figure_dicts_are_checked_by_plotly():
    """The check below is real: Plotly rejects a misspelt property of a dict figure."""
    with pytest.raises(ValueError, match="colour"):
        go.Figure({"data": [{"type": "bar", "x": [1], "marker": {"colour": "red"}}]})


def test_every_figure_every_callback_sends_is_valid(app, warehouse):
    client = app.server.test_client()
    seen: dict[str, int] = {}
    for name, body in every_callback_plan(warehouse, 4, seed=7):
        answer = client.post("/_dash-update-component", data=body, content_type="application/json")
        assert answer.status_code in (200, 204), (name, answer.data[:300])
        if answer.status_code == 204:
            continue
        for fig in _figures(json.loads(answer.data)):
            go.Figure(fig)  # raises on any property Plotly does not know
            seen[name] = seen.get(name, 0) + 1
    drawing = {n for n in callback_specs(warehouse) if n.split(".")[-1] not in NO_CHARTS}
    assert drawing <= set(seen), f"callbacks that drew no chart: {drawing - set(seen)}"


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_every_figure_of_the_quality_page_is_valid(app, lang):
    """The quality page has no filter: its layout draws its charts."""
    module = importlib.import_module("dashboards.pages.quality")
    with app.server.app_context():
        drawn = _figures(module.layout(lang=lang))
    assert drawn, f"quality ({lang}): no chart rendered"
    for fig in drawn:
        go.Figure(fig)
