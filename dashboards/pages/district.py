"""District profile (/district): every KPI of one district against the state and the best
district, the helpline call-category mix over time, its control room's staffing against its
calls, the pass and relief funnels, and its offices on e-Office.
URL: ?district=Jhajjar&grain=month&period=2020-05-01&lang=hi."""

from __future__ import annotations

from pathlib import Path

import dash
from dash import Input, Output, State, dcc, html

from dashboards import data, figures
from dashboards.access import detail_districts, own_district
from dashboards.catalog import info, table_value, unit_label
from dashboards.comparison import note_text
from dashboards.control_room_block import control_room_block
from dashboards.controls import controls_row, district_options, dropdown_labels, labelled, url_sync
from dashboards.district_blocks import (
    attribution_block,
    funnels_block,
    gaming_block,
    mix_block,
)
from dashboards.district_profile import profile_rows
from dashboards.eoffice_block import eoffice_block
from dashboards.figure_block import figure_block
from dashboards.i18n import district_name, kpi_name, lang_or_default, t
from dashboards.messages import message
from dashboards.periods import (
    default_period,
    grain_and_period,
    period_banner_block,
    period_choices,
    period_label,
    register_period_banner,
)
from dashboards.snapshot_guard import consistent_page, current_warehouse, guarded
from dashboards.table_block import data_table
from dashboards.urlstate import Allowed, UrlState, choose, iso_period, parse_state, serialise_state
from warehouse.districts import district_names

PAGE = "district"
GRAINS = ("month", "week", "total")
DEFAULT_DISTRICT = "Jhajjar"


def resolve_state(warehouse: Path, query: dict) -> tuple[UrlState, list[str], dict | None]:
    """The page state from the URL; the period defaults to the latest complete one."""
    first = parse_state(query, Allowed())
    grain = first.grain if first.grain in GRAINS else "month"
    plist = data.periods(warehouse, grain)
    state = parse_state(query, Allowed(periods=frozenset(plist)))
    period, status = default_period(warehouse, grain, plist, state.period)
    return (
        state.with_(
            grain=grain,
            period=period,
            district=state.district or own_district() or DEFAULT_DISTRICT,
        ),
        plist,
        status,
    )


@consistent_page
def layout(**query) -> html.Div:
    lang = lang_or_default(query.get("lang"))
    return html.Div(
        [
            html.H2(t("nav.district", lang)),
            guarded(lambda: _body(current_warehouse(), query), lang),
        ],
        className="page",
    )


def _body(warehouse: Path, query: dict) -> html.Div:
    state, plist, status = resolve_state(warehouse, query)
    lang = state.lang
    return html.Div(
        [
            dcc.Store(id="district-lang", data=lang),
            url_sync(PAGE, serialise_state(state)),
            controls_row(
                labelled(
                    t("ctl.district", lang),
                    dcc.Dropdown(
                        labels=dropdown_labels(lang),
                        id="district-district",
                        options=district_options(lang, detail_districts(district_names())),
                        value=state.district,
                        clearable=False,
                    ),
                ),
                *grain_and_period(
                    "district", lang, GRAINS, state.grain, plist, state.period, status
                ),
            ),
            period_banner_block(PAGE),
            html.Div(id="district-profile-block"),
            html.Div(id="district-mix-block"),
            html.Div(id="district-funnels-block", className="grid-2"),
            html.H3(t("h.control_room", lang)),
            html.Div(id="district-control-room-block"),
            html.H3(t("h.sc_attribution", lang)),
            html.Div(id="district-attribution-block"),
            html.H3(t("h.sc_gaming", lang)),
            html.Div(id="district-gaming-block"),
            html.H3(t("h.eoffice_offices", lang)),
            html.Div(id="district-eoffice-block"),
        ]
    )


def profile_block(warehouse: Path, district: str, grain: str, period: str, lang: str) -> html.Div:
    values = data.period_values(warehouse, grain, period)
    if values.is_empty():
        return message(t("msg.no_rows", lang))
    rows = profile_rows(values, district, data.min_cases(warehouse))
    dots_caption = (
        "नीला बिंदु = यह ज़िला, काली रेखा = राज्य, हरा हीरा = सर्वश्रेष्ठ ज़िला; दाईं ओर अधिक प्रतिशत।"
        if lang == "hi"
        else f"Blue dot: {district}; black bar: the state; green diamond: the best district. "
        "Further right is a higher percentage (for 'pending' shares, lower is better)."
    )
    table_rows = [
        {
            "kpi": kpi_name(r["kpi"], lang),
            "kpi_id": r["kpi"],
            "unit": unit_label(r["kpi"], lang),
            "value": table_value(r["kpi"], r["value"], lang),
            "interval": r["interval"],
            "cases": r["denominator"] if info(r["kpi"]).kind != "per_lakh" else None,
            "rank": r["rank"],
            "note": note_text(r, lang),
            "state": table_value(r["kpi"], r["state"], lang),
            "best_district": (
                district_name(r["best_district"], lang)
                + (f" (=1, +{r['best_shared']})" if r["best_shared"] else "")
                if r["best_district"]
                else ""
            ),
            "best_value": table_value(r["kpi"], r["best_value"], lang),
        }
        for r in rows
    ]
    return html.Div(
        [
            figure_block(
                "district-dots", figures.profile_dots(rows, district, lang), dots_caption, lang=lang
            ),
            html.H3(t("h.kpi_table", lang)),
            data_table(
                "district-table",
                table_rows,
                [
                    ("kpi", t("col.kpi", lang), "text"),
                    ("unit", "Unit" if lang != "hi" else "इकाई", "text"),
                    ("value", district_name(district, lang), "figure"),
                    ("interval", t("col.interval", lang), "text"),
                    ("cases", t("col.cases", lang), "int"),
                    ("rank", t("col.rank", lang), "text"),
                    ("note", t("col.status", lang), "text"),
                    ("state", t("col.state", lang), "figure"),
                    ("best_district", t("col.best_district", lang), "text"),
                    ("best_value", t("col.best_value", lang), "figure"),
                    ("kpi_id", "KPI id" if lang != "hi" else "संकेतक आईडी", "text"),
                ],
                f"{district_name(district, lang)} — {period_label(period, grain, lang)}. "
                + (
                    "गिनती वाले संकेतकों (ज़िले का आकार अलग है) और बिना बेहतर दिशा वाले हिस्सों "
                    "(जैसे कॉल का मिश्रण) की रैंक या सर्वश्रेष्ठ नहीं दिखाया जाता; "
                    "अनंतिम, अपूर्ण या बहुत कम मामलों वाले मान रैंक नहीं होते। "
                    if lang == "hi"
                    else "Counts (they follow the district's size) and shares with no better "
                    "direction (the mix of calls) have no rank or best district. "
                    "Provisional, partial and too-few-cases values are not ranked and have no "
                    "best district. "
                )
                + t("rank.how", lang, min_cases=data.min_cases(warehouse)),
                page_size=60,
                lang=lang,
                download=("district", district, grain, period, "indicators"),
            ),
        ]
    )


def update_periods(grain: str, period: str | None, lang: str):
    grain = choose(grain, GRAINS, "month")
    return period_choices(current_warehouse(), grain, iso_period(period), lang)


def _selection(district: str, grain: str, period: str | None, lang: str):
    """The inputs made safe: a known district, grain and ISO period, a known language."""
    grain = choose(grain, GRAINS, "month")
    district = district if district in district_names() else DEFAULT_DISTRICT
    return district, grain, iso_period(period), lang_or_default(lang)


def update_url(district: str, grain: str, period: str | None, lang: str):
    """The URL's query string for the chosen district, grain and period."""
    district, grain, period, lang = _selection(district, grain, period, lang)
    return serialise_state(UrlState(lang=lang, district=district, grain=grain, period=period))


# Each block has a callback of its own, fired only by the inputs it reads: the blocks are
# drawn as each is ready and in parallel, and a new period does not redraw the funnels.
def update_profile(district: str, grain: str, period: str | None, lang: str):
    district, grain, period, lang = _selection(district, grain, period, lang)
    if not period:
        return message(t("msg.no_rows", lang))
    warehouse = current_warehouse()
    return guarded(lambda: profile_block(warehouse, district, grain, period, lang), lang)


def update_mix(district: str, grain: str, lang: str):
    district, grain, _, lang = _selection(district, grain, None, lang)
    return guarded(lambda: mix_block(current_warehouse(), district, grain, lang), lang)


def update_funnels(district: str, lang: str):
    district, _, _, lang = _selection(district, None, None, lang)
    return guarded(lambda: funnels_block(current_warehouse(), district, lang), lang)


def update_attribution(district: str, grain: str, period: str | None, lang: str):
    district, grain, period, lang = _selection(district, grain, period, lang)
    if not period:
        return None
    warehouse = current_warehouse()
    return guarded(lambda: attribution_block(warehouse, district, grain, period, lang), lang)


def update_gaming(district: str, lang: str):
    district, _, _, lang = _selection(district, None, None, lang)
    return guarded(lambda: gaming_block(current_warehouse(), district, lang), lang)


def update_eoffice(district: str, grain: str, period: str | None, lang: str):
    district, grain, period, lang = _selection(district, grain, period, lang)
    if not period:
        return message(t("msg.no_rows", lang))
    warehouse = current_warehouse()
    return guarded(lambda: eoffice_block(warehouse, district, grain, period, lang), lang)


def update_control_room(district: str, grain: str, period: str | None, lang: str):
    district, grain, period, lang = _selection(district, grain, period, lang)
    if not period:
        return message(t("msg.no_rows", lang))
    warehouse = current_warehouse()
    return guarded(lambda: control_room_block(warehouse, district, grain, period, lang), lang)


def register_callbacks(app: dash.Dash) -> None:
    register_period_banner(app, PAGE, GRAINS)
    app.callback(
        Output("district-period", "options"),
        Output("district-period", "value"),
        Input("district-grain", "value"),
        State("district-period", "value"),
        State("district-lang", "data"),
        prevent_initial_call=True,
    )(update_periods)
    district = Input("district-district", "value")
    grain = Input("district-grain", "value")
    period = Input("district-period", "value")
    lang = State("district-lang", "data")
    app.callback(Output({"type": "url-sync", "page": PAGE}, "data"), district, grain, period, lang)(
        update_url
    )
    app.callback(Output("district-profile-block", "children"), district, grain, period, lang)(
        update_profile
    )
    app.callback(Output("district-mix-block", "children"), district, grain, lang)(update_mix)
    app.callback(Output("district-funnels-block", "children"), district, lang)(update_funnels)
    app.callback(Output("district-attribution-block", "children"), district, grain, period, lang)(
        update_attribution
    )
    app.callback(Output("district-gaming-block", "children"), district, lang)(update_gaming)
    app.callback(Output("district-eoffice-block", "children"), district, grain, period, lang)(
        update_eoffice
    )
    app.callback(Output("district-control-room-block", "children"), district, grain, period, lang)(
        update_control_room
    )


dash.register_page(
    __name__,
    path="/district",
    name="District profile",
    title="Jansewa: district profile",
    layout=layout,
)
