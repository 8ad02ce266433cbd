"""Layout pieces every page shares: a figure with its caption, a downloadable table, messages,
and the guard that turns 'no snapshot yet' or 'mart missing' into a sentence on the page."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

import plotly.graph_objects as go
from dash import dash_table, dcc, html
from dash.dash_table.Format import Format, Scheme
from flask import current_app

from dashboards.data import MartMissingError, SnapshotUnsettled, render_consistently
from dashboards.i18n import lang_or_default, t
from warehouse.snapshot import SnapshotMissingError

# d3-format cycles the group sizes, so Indian grouping (3, then 2s) is spelled out to 10^17.
INDIAN_GROUPS = [3, 2, 2, 2, 2, 2, 2, 2]
GRAPH_CONFIG = {"displaylogo": False, "responsive": True, "toImageButtonOptions": {"scale": 2}}


def current_warehouse() -> Path:
    """The warehouse this app serves (set by create_app on the Flask config)."""
    return Path(current_app.config["JANSEWA_WAREHOUSE"])


def number_format(decimals: int = 0) -> Format:
    """A DataTable number format with Indian digit grouping (1,03,515)."""
    return (
        Format(precision=decimals, scheme=Scheme.fixed)
        .group(True)
        .group_delimiter(",")
        .groups(INDIAN_GROUPS)
    )


def message(text: str, kind: str = "info", id: str | None = None) -> html.Div:
    """A boxed sentence (kind: info | warning | error)."""
    props = {"id": id} if id else {}
    return html.Div(text, className=f"message message-{kind}", role="status", **props)


def refreshing(lang: str, id: str | None = None) -> html.Div:
    """What a render says when a refresh swapped the snapshot under every one of its tries:
    the next request will almost surely succeed, so the page answers (HTTP 200) and says so."""
    return message(t("msg.refreshing", lang), "warning", id=id)


def consistent_page(layout: Callable[..., object]) -> Callable[..., object]:
    """A page layout whose every block reads one snapshot: a refresh swapping the snapshot
    mid-render re-renders the whole page on the new one (see data.render_consistently); when
    every try saw a swap, the page says "being refreshed" instead of failing."""

    @functools.wraps(layout)
    def render(**query):
        try:
            return render_consistently(current_warehouse(), lambda: layout(**query))
        except SnapshotMissingError:
            return layout(**query)  # the page's own blocks say there is no snapshot yet
        except SnapshotUnsettled:
            lang = lang_or_default(query.get("lang"))
            return html.Div([refreshing(lang, id="snapshot-refreshing")], className="page")

    return render


def guarded(render: Callable[[], object], lang: str) -> object:
    """``render()`` with every query from one snapshot, or a clear message when the snapshot
    or one of its marts is missing, or when refreshes kept swapping it under every try.

    Inside a page layout (`consistent_page`) a swap is not caught here: it re-renders the
    whole page, so the page's blocks stay from one snapshot."""
    try:
        return render_consistently(current_warehouse(), render)
    except SnapshotMissingError:
        return message(t("msg.no_snapshot", lang), "warning", id="no-snapshot")
    except MartMissingError as exc:
        return message(t("msg.no_mart", lang, table=exc.table), "warning")
    except SnapshotUnsettled:
        return refreshing(lang)


def figure_block(graph_id: str, figure: go.Figure, caption: str, caption_id: str | None = None):
    """A chart and the plain-language sentence that says what it shows."""
    return html.Figure(
        [
            dcc.Graph(id=graph_id, figure=figure, config=GRAPH_CONFIG),
            html.Figcaption(caption, id=caption_id or f"{graph_id}-caption", className="caption"),
        ],
        className="figure-block",
    )


def data_table(
    table_id: str,
    rows: list[dict],
    columns: list[tuple[str, str, str]],
    caption: str = "",
    page_size: int = 25,
) -> html.Div:
    """A sortable table with a CSV export button.

    ``columns`` are (id, header, kind) with kind text | int | number1 | number2; numbers are
    shown with Indian grouping and exported as plain numbers.
    """
    spec = []
    for col_id, header, kind in columns:
        col = {"id": col_id, "name": header}
        if kind != "text":
            col["type"] = "numeric"
            col["format"] = number_format({"int": 0, "number1": 1, "number2": 2}.get(kind, 0))
        spec.append(col)
    return html.Div(
        [
            dash_table.DataTable(
                id=table_id,
                data=rows,
                columns=spec,
                export_format="csv",
                export_headers="display",
                sort_action="native",
                page_size=page_size,
                style_table={"overflowX": "auto"},
                style_cell={
                    "fontFamily": "Noto Sans, Noto Sans Devanagari, Arial, sans-serif",
                    "fontSize": "13px",
                    "padding": "4px 8px",
                    "textAlign": "left",
                },
                style_cell_conditional=[
                    {"if": {"column_type": "numeric"}, "textAlign": "right"},
                ],
                style_header={"fontWeight": "600", "backgroundColor": "#f2f2f2"},
            ),
            html.P(caption, className="caption") if caption else None,
        ],
        className="table-block",
    )


def controls_row(*children) -> html.Div:
    """Filters laid out in one row."""
    return html.Div(list(children), className="controls")


def labelled(label: str, control, label_for: str | None = None) -> html.Div:
    """A control with its visible label."""
    return html.Div([html.Label(label, htmlFor=label_for), control], className="control")


def district_options(lang: str, names: list[str]) -> list[dict]:
    """Dropdown options for districts, labelled in the chosen language, sorted by label."""
    from dashboards.i18n import district_name

    options = [{"label": district_name(n, lang), "value": n} for n in names]
    return sorted(options, key=lambda o: o["label"])


def kpi_options(lang: str, kpis: list[str]) -> list[dict]:
    """Dropdown options for KPI ids, labelled with their names."""
    from dashboards.i18n import kpi_name

    return sorted(
        ({"label": kpi_name(k, lang), "value": k} for k in kpis), key=lambda o: o["label"]
    )


def url_sync(page: str, search: str = "") -> dcc.Store:
    """The store a page's callbacks write its query string to (the app mirrors it in the URL)."""
    return dcc.Store(id={"type": "url-sync", "page": page}, data=search)
