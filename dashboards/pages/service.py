"""Service delivery (/service): RTS waiting-time score by district, centre and department; the
waiting-time distribution against the 30 / 45 minute marks; RTS on-time rate and overdue
pendency. URL: ?period=2020-05-01&district=Jhajjar&lang=hi (no district = all districts)."""

from __future__ import annotations

from pathlib import Path

import dash
from dash import Input, Output, dcc, html

from dashboards import data
from dashboards.access import detail_districts, own_district
from dashboards.controls import controls_row, district_options, dropdown_labels, labelled, url_sync
from dashboards.i18n import (
    lang_or_default,
    t,
)
from dashboards.messages import message
from dashboards.periods import (
    default_period,
    period_banner,
    period_options,
)
from dashboards.service_blocks import BLOCKS
from dashboards.snapshot_guard import consistent_page, current_warehouse, guarded
from dashboards.urlstate import Allowed, UrlState, iso_period, parse_state, serialise_state
from warehouse.districts import district_names

PAGE = "service"


def resolve_state(warehouse: Path, query: dict) -> tuple[UrlState, list[str], dict | None]:
    """The page state from the URL; the month defaults to the latest complete one."""
    months = data.service_months(warehouse)
    state = parse_state(query, Allowed(periods=frozenset(months)))
    period, status = default_period(warehouse, "month", months, state.period)
    # a district officer starts on their own district (the only detail their role reads)
    district = state.district or own_district()
    return state.with_(period=period, grain="month", district=district), months, status


@consistent_page
def layout(**query) -> html.Div:
    lang = lang_or_default(query.get("lang"))
    return html.Div(
        [html.H2(t("nav.service", lang)), guarded(lambda: _body(current_warehouse(), query), lang)],
        className="page",
    )


def _body(warehouse: Path, query: dict) -> html.Div:
    state, months, status = resolve_state(warehouse, query)
    lang = state.lang
    return html.Div(
        [
            dcc.Store(id="service-lang", data=lang),
            url_sync(PAGE, serialise_state(state.with_(grain=None))),
            controls_row(
                labelled(
                    t("ctl.period", lang),
                    dcc.Dropdown(
                        labels=dropdown_labels(lang),
                        id="service-period",
                        options=period_options(months, "month", lang, status),
                        value=state.period,
                        clearable=False,
                    ),
                ),
                labelled(
                    t("ctl.district", lang),
                    dcc.Dropdown(
                        labels=dropdown_labels(lang),
                        id="service-district",
                        options=district_options(lang, detail_districts(district_names())),
                        value=state.district,
                        placeholder=t("ctl.all_districts", lang),
                        clearable=own_district() is None,
                    ),
                ),
            ),
            html.Div(id="service-period-banner"),
            html.Div(
                [html.Div(id="service-rts-district-block"), html.Div(id="service-wait-block")],
                className="grid-2",
            ),
            html.Div(
                [html.Div(id="service-centre-block"), html.Div(id="service-department-block")],
                className="grid-2",
            ),
            html.Div(
                [html.Div(id="service-ontime-block"), html.Div(id="service-overdue-block")],
                className="grid-2",
            ),
            html.H3(t("h.service_table", lang)),
            html.Div(id="service-table-block"),
        ]
    )


def update_url(month: str | None, district: str | None, lang: str):
    """The URL's query string for the chosen month and district."""
    month, district, lang = _selection(month, district, lang)
    return serialise_state(UrlState(lang=lang, period=month, district=district))


def _selection(month: str | None, district: str | None, lang: str):
    """The inputs made safe: an ISO month, a known district (None = all), a known language."""
    district = district if district in district_names() else None
    return iso_period(month), district, lang_or_default(lang)


def block_callback(block):
    """A callback drawing ``block`` for the chosen month and district: each block has its
    own, so the page fills in as each is ready (and in parallel)."""

    def update(month: str | None, district: str | None, lang: str):
        month, district, lang = _selection(month, district, lang)
        if not month:
            return message(t("msg.no_rows", lang)) if block is BLOCKS[0] else None
        warehouse = current_warehouse()
        return guarded(lambda: block(warehouse, month, district, lang), lang)

    update.__name__ = "update_" + block.__name__.removesuffix("_block")
    return update


def update_banner(month: str | None, district: str | None, lang: str):
    month, _, lang = _selection(month, district, lang)
    if not month:
        return None
    return guarded(lambda: period_banner(current_warehouse(), "month", month, lang), lang)


def register_callbacks(app: dash.Dash) -> None:
    inputs = (
        Input("service-period", "value"),
        Input("service-district", "value"),
        dash.State("service-lang", "data"),
    )
    app.callback(Output({"type": "url-sync", "page": PAGE}, "data"), *inputs)(update_url)
    app.callback(Output("service-period-banner", "children"), *inputs)(update_banner)
    for block in BLOCKS:
        name = block.__name__.removesuffix("_block").replace("_", "-")
        app.callback(Output(f"service-{name}-block", "children"), *inputs)(block_callback(block))


dash.register_page(
    __name__,
    path="/service",
    name="Service delivery",
    title="Jansewa: service delivery",
    layout=layout,
)
