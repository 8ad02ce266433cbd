"""KPI explorer (/explorer): pick any KPI -> districts ranked, a tile-grid map coloured by it,
its trend for chosen districts against the state, and for a control-room KPI the districts'
short-staffed hours by hour of the day.
URL: ?kpi=pass_approval_rate&grain=month&period=2020-05-01&districts=Jhajjar,Gurugram&lang=hi."""

from __future__ import annotations

from pathlib import Path

import dash
from dash import Input, Output, State, dcc, html

from dashboards import data
from dashboards.catalog import DEFAULT_KPI
from dashboards.control_room_panel import is_control_room_kpi
from dashboards.controls import (
    controls_row,
    district_options,
    dropdown_labels,
    kpi_options,
    labelled,
    url_sync,
)
from dashboards.explorer_callbacks import (
    GRAINS,
    update_control_room,
    update_explorer,
    update_periods,
    update_trend,
)
from dashboards.i18n import lang_or_default, t
from dashboards.periods import (
    default_period,
    grain_and_period,
    period_banner_block,
    register_period_banner,
)
from dashboards.snapshot_guard import consistent_page, current_warehouse, guarded
from dashboards.urlstate import Allowed, UrlState, parse_state, serialise_state
from warehouse.districts import district_names

PAGE = "explorer"
DEFAULT_DISTRICTS = ("Jhajjar", "Gurugram")


def resolve_state(
    warehouse: Path, query: dict
) -> tuple[UrlState, list[str], list[str], dict | None]:
    """The page state from the URL, validated against the snapshot's KPIs and periods; the
    period defaults to the latest complete one of the grain. Also the KPI ids, the periods
    and their status (None without kpi_periods)."""
    kpis = data.kpi_ids(warehouse)
    first = parse_state(query, Allowed(kpis=frozenset(kpis)))
    grain = first.grain if first.grain in GRAINS else "month"
    plist = data.periods(warehouse, grain)
    state = parse_state(query, Allowed(kpis=frozenset(kpis), periods=frozenset(plist)))
    kpi = state.kpi or (DEFAULT_KPI if DEFAULT_KPI in kpis else (kpis[0] if kpis else None))
    period, status = default_period(warehouse, grain, plist, state.period)
    picked = state.districts or DEFAULT_DISTRICTS
    state = state.with_(kpi=kpi, grain=grain, period=period, districts=tuple(picked))
    return state, kpis, plist, status


@consistent_page
def layout(**query) -> html.Div:
    lang = lang_or_default(query.get("lang"))
    return html.Div(
        [
            html.H2(t("nav.explorer", lang)),
            guarded(lambda: _body(current_warehouse(), query), lang),
        ],
        className="page",
    )


def _body(warehouse: Path, query: dict) -> html.Div:
    state, kpis, plist, status = resolve_state(warehouse, query)
    lang = state.lang
    return html.Div(
        [
            dcc.Store(id="explorer-lang", data=lang),
            url_sync(PAGE, serialise_state(state)),
            controls_row(
                labelled(
                    t("ctl.kpi", lang),
                    dcc.Dropdown(
                        labels=dropdown_labels(lang),
                        id="explorer-kpi",
                        options=kpi_options(lang, kpis),
                        value=state.kpi,
                        clearable=False,
                    ),
                ),
                *grain_and_period(
                    "explorer", lang, GRAINS, state.grain, plist, state.period, status
                ),
                html.Div(
                    [
                        html.Label(t("ctl.districts", lang)),
                        dcc.Dropdown(
                            labels=dropdown_labels(lang),
                            id="explorer-districts",
                            options=district_options(lang, district_names()),
                            value=list(state.districts),
                            multi=True,
                        ),
                    ],
                    className="control wide",
                ),
            ),
            period_banner_block(PAGE),
            html.Div(
                [
                    html.Div(id="explorer-bar-block"),
                    html.Div(id="explorer-map-block"),
                ],
                className="grid-2",
            ),
            html.Div(id="explorer-control-room-block", hidden=not is_control_room_kpi(state.kpi)),
            html.Div(id="explorer-trend-block"),
            html.Div(id="explorer-table-block"),
        ]
    )


def register_callbacks(app: dash.Dash) -> None:
    register_period_banner(app, PAGE, GRAINS)
    app.callback(
        Output("explorer-period", "options"),
        Output("explorer-period", "value"),
        Input("explorer-grain", "value"),
        State("explorer-period", "value"),
        State("explorer-lang", "data"),
        prevent_initial_call=True,
    )(update_periods)
    app.callback(
        Output("explorer-bar-block", "children"),
        Output("explorer-map-block", "children"),
        Output("explorer-table-block", "children"),
        Output({"type": "url-sync", "page": PAGE}, "data"),
        Input("explorer-kpi", "value"),
        Input("explorer-grain", "value"),
        Input("explorer-period", "value"),
        Input("explorer-districts", "value"),
        State("explorer-lang", "data"),
    )(update_explorer)
    app.callback(
        Output("explorer-control-room-block", "children"),
        Output("explorer-control-room-block", "hidden"),
        Input("explorer-kpi", "value"),
        Input("explorer-grain", "value"),
        Input("explorer-period", "value"),
        State("explorer-lang", "data"),
    )(update_control_room)
    app.callback(
        Output("explorer-trend-block", "children"),
        Input("explorer-kpi", "value"),
        Input("explorer-grain", "value"),
        Input("explorer-districts", "value"),
        State("explorer-lang", "data"),
    )(update_trend)


dash.register_page(
    __name__, path="/explorer", name="KPI explorer", title="Jansewa: KPI explorer", layout=layout
)
