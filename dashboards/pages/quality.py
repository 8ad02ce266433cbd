"""Data quality (/quality)."""

from __future__ import annotations

import dash
from dash import html


def layout(**query) -> html.Div:
    return html.Div(html.H2("Data quality"), className="page")


def register_callbacks(app: dash.Dash) -> None:
    return None


dash.register_page(
    __name__, path="/quality", name="Data quality", title="Jansewa: data quality", layout=layout
)
