"""Service delivery (/service)."""

from __future__ import annotations

import dash
from dash import html


def layout(**query) -> html.Div:
    return html.Div(html.H2("Service delivery"), className="page")


def register_callbacks(app: dash.Dash) -> None:
    return None


dash.register_page(
    __name__,
    path="/service",
    name="Service delivery",
    title="Jansewa: service delivery",
    layout=layout,
)
