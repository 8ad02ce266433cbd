"""District profile (/district)."""

from __future__ import annotations

import dash
from dash import html


def layout(**query) -> html.Div:
    return html.Div(html.H2("District profile"), className="page")


def register_callbacks(app: dash.Dash) -> None:
    return None


dash.register_page(
    __name__,
    path="/district",
    name="District profile",
    title="Jansewa: district profile",
    layout=layout,
)
