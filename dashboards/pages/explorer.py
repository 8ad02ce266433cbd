"""KPI explorer (/explorer): pick any KPI -> districts ranked, a tile-grid map coloured by it,
its trend for chosen districts against the state, and for a control-room KPI the districts'
short-staffed hours by hour of the day.
URL: ?kpi=pass_approval_rate&grain=month&period=2020-05-01&districts=Jhajjar,Gurugram&lang=hi."""

from __future__ import annotations

from pathlib import Path

import dash
import polars as pl
from dash import Input, Output, State, dcc, html

from dashboards import data, figures
from dashboards.catalog import (
    DEFAULT_KPI,
    direction_text,
    format_value,
    info,
    plot_value,
    unit_label,
)
from dashboards.comparison import compare, interval_text, note_text, rank_text
from dashboards.components import (
    consistent_page,
    controls_row,
    current_warehouse,
    data_table,
    district_options,
    dropdown_labels,
    figure_block,
    guarded,
    kpi_options,
    labelled,
    message,
    url_sync,
)
from dashboards.control_room_panel import hours_panel, is_control_room_kpi
from dashboards.i18n import district_name, kpi_name, lang_or_default, t
from dashboards.periods import (
    default_period,
    grain_and_period,
    period_banner_block,
    period_choices,
    period_label,
    register_period_banner,
)
from dashboards.urlstate import Allowed, UrlState, choose, iso_period, parse_state, serialise_state
from warehouse.districts import STATE, district_names

PAGE = "explorer"
GRAINS = ("month", "week", "day", "total")
DEFAULT_DISTRICTS = ("Jhajjar", "Gurugram")
TILE_MAP_MIN_WIDTH = 560  # pixels: narrower, the tiles' labels run into each other


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


def ranking_caption(
    values: pl.DataFrame, kpi: str, period: str, grain: str, lang: str, min_cases: int = 30
) -> str:
    """A sentence naming the leading and trailing district among those ranked (never one
    whose value is provisional, partial or on too few cases), the state value, and how ranks
    and ties are decided."""
    rows = compare(values, kpi, min_cases)
    ranked = [r for r in rows if r["rank"] is not None]
    state = values.filter(pl.col("district") == STATE)["value"].to_list()
    state_text = format_value(kpi, state[0], lang) if state else "–"
    when = period_label(period, grain, lang)
    how = t("rank.how", lang, min_cases=min_cases)
    if not ranked:
        shown = [r for r in rows if r["value"] is not None]
        if not shown:
            return t("msg.no_rows", lang)
        return f"{t('rank.none', lang, when=when, kpi=kpi_name(kpi, lang), note=note_text(shown[0], lang), state=state_text)} {how}"
    best, worst = ranked[0], ranked[-1]
    direction = direction_text(kpi, lang)
    tied = sum(1 for r in ranked if r["rank"] == 1) - 1
    too_few = sum(1 for r in rows if r["note"] == "too_few")
    extra = (t("rank.tied", lang, n=tied) + " " if tied else "") + (
        t("rank.too_few", lang, n=too_few, min_cases=min_cases) + " " if too_few else ""
    )
    best_text = format_value(kpi, best["value"], lang)
    worst_text = format_value(kpi, worst["value"], lang)
    if lang == "hi":
        head = (
            f"{when}: {kpi_name(kpi, lang)} में {district_name(best['district'], lang)} सबसे आगे "
            f"({best_text}) और {district_name(worst['district'], lang)} "
            f"सबसे पीछे ({worst_text}) है; राज्य का मान {state_text} (डैश रेखा)। {direction}।"
        )
    else:
        head = (
            f"{when}: {district_name(best['district'], lang)} leads on "
            f"{kpi_name(kpi, lang).lower()} ({best_text}) and "
            f"{district_name(worst['district'], lang)} trails ({worst_text}); the state as a "
            f"whole is at {state_text} (dashed line). {direction.capitalize()}."
        )
    return f"{head} {extra}{how}"


def explorer_figures(warehouse: Path, kpi: str, grain: str, period: str, lang: str):
    """(bar block, map block, table block) for one KPI and period."""
    values = data.kpi_by_district(warehouse, kpi, grain, period)
    if values.is_empty():
        empty = message(t("msg.no_rows", lang))
        return empty, empty, empty
    min_cases = data.min_cases(warehouse)
    caption = ranking_caption(values, kpi, period, grain, lang, min_cases)
    bar = figure_block(
        "explorer-bar", figures.ranked_bar(values, kpi, lang, min_cases), caption, lang=lang
    )
    map_caption = (
        "हर वर्ग एक ज़िला है, लगभग मानचित्र पर उसकी जगह (उत्तर ऊपर); रंग जितना पीला, मान उतना बेहतर; धूसर = कोई मान नहीं।"
        if lang == "hi"
        else "Each square is a district, placed roughly where it lies (north at the top); the "
        "yellower the square, the better the value; grey means no value."
    )
    # on a phone the map keeps its width and scrolls sideways inside its box
    tiles = figure_block(
        "explorer-map",
        figures.tile_map(values, kpi, lang, min_cases),
        map_caption,
        lang=lang,
        min_width=TILE_MAP_MIN_WIDTH,
    )
    state_rows = values.filter(pl.col("district") == STATE).to_dicts()
    rows = [
        {
            "rank": rank_text(r),
            "district": district_name(r["district"], lang),
            "value": plot_value(kpi, r["value"]),
            "interval": interval_text(kpi, r.get("ci_low"), r.get("ci_high")),
            "numerator": r["numerator"],
            "denominator": r["denominator"],
            "note": note_text(r, lang),
        }
        for r in [*compare(values, kpi, min_cases), *({**s, "note": None} for s in state_rows)]
    ]
    unit = unit_label(kpi, lang)
    # Numerators and denominators are counts (points, calls, residents) printed whole;
    # one decimal only where the data hold fractions (operator-hours of part-hour shifts).
    whole = all(
        float(r[c]).is_integer()
        for r in rows
        for c in ("numerator", "denominator")
        if r[c] is not None
    )
    counts = "int" if whole else "number1"
    decimals = (
        "number2" if info(kpi).kind in ("rate", "score", "index", "median", "mean") else "int"
    )
    table = data_table(
        "explorer-table",
        rows,
        [
            ("rank", t("col.rank", lang), "text"),
            ("district", t("col.district", lang), "text"),
            ("value", f"{kpi_name(kpi, lang)} ({unit})", decimals),
            ("interval", t("col.interval", lang), "text"),
            ("numerator", t("col.numerator", lang), counts),
            ("denominator", t("col.denominator", lang), counts),
            ("note", t("col.status", lang), "text"),
        ],
        f"{kpi_name(kpi, lang)} — {period_label(period, grain, lang)}. "
        + (
            "दर = अंश / हर; CSV में सटीक संख्याएँ हैं।"
            if lang == "hi"
            else "Rates are numerator / denominator; the CSV export carries the exact numbers."
        ),
        lang=lang,
        download=("explorer", kpi, grain, period),
    )
    return bar, tiles, table


def trend_block(warehouse: Path, kpi: str, grain: str, districts: list[str], lang: str):
    """The chosen districts' trend of one KPI against the state, by the grain's periods
    (months for the whole-period grain)."""
    trend_grain = "month" if grain == "total" else grain
    series = data.kpi_trend(warehouse, kpi, trend_grain, districts)
    trend_caption = (
        "चुने गए ज़िलों का रुझान, राज्य (काली डैश रेखा) की तुलना में।"
        if lang == "hi"
        else f"How the chosen districts moved, {t(f'grain.{trend_grain}', lang).lower()} by "
        f"{t(f'grain.{trend_grain}', lang).lower()}, against the state (black dashed line)."
    )
    trend = figure_block(
        "explorer-trend", figures.trend_lines(series, kpi, lang), trend_caption, lang=lang
    )
    return trend


def update_periods(grain: str, period: str | None, lang: str):
    grain = choose(grain, GRAINS, "month")
    return period_choices(current_warehouse(), grain, iso_period(period), lang)


def _selection(kpi, grain, period, districts, lang):
    """The inputs made safe: a known grain, an ISO period, up to 8 known districts."""
    grain = choose(grain, GRAINS, "month")
    allowed = set(district_names())
    chosen = districts if isinstance(districts, list) else []  # anything else is ignored
    picked = tuple(d for d in chosen if d in allowed)[:8]
    return kpi, grain, iso_period(period), picked, lang_or_default(lang)


def update_explorer(
    kpi: str, grain: str, period: str | None, districts: list[str] | None, lang: str
):
    """The ranked bars, the tile map and the table for the chosen KPI and period; the URL's
    query string (the chosen districts go there too; only the trend draws them)."""
    warehouse = current_warehouse()
    kpi, grain, period, picked, lang = _selection(kpi, grain, period, districts, lang)

    def render():
        if kpi not in data.kpi_ids(warehouse) or not period:
            empty = message(t("msg.no_rows", lang))
            return empty, empty, empty
        return explorer_figures(warehouse, kpi, grain, period, lang)

    result = guarded(render, lang)
    if not isinstance(result, tuple):
        result = (result, None, None)
    search = serialise_state(
        UrlState(lang=lang, kpi=kpi, grain=grain, period=period, districts=picked)
    )
    return (*result, search)


def update_trend(kpi: str, grain: str, districts: list[str] | None, lang: str):
    """The trend of the chosen districts: a callback of its own, as it does not change with
    the period and is the heaviest block at a daily grain."""
    warehouse = current_warehouse()
    kpi, grain, _, picked, lang = _selection(kpi, grain, None, districts, lang)

    def render():
        if kpi not in data.kpi_ids(warehouse):
            return message(t("msg.no_rows", lang))
        return trend_block(warehouse, kpi, grain, list(picked), lang)

    return guarded(render, lang)


def update_control_room(kpi: str, grain: str, period: str | None, lang: str):
    """The control-room panel (its children, hidden): a callback of its own, fired by the
    KPI, grain and period only; for any other KPI hidden, and nothing is queried."""
    if not is_control_room_kpi(kpi):
        return None, True
    warehouse = current_warehouse()
    kpi, grain, period, _, lang = _selection(kpi, grain, period, None, lang)

    def render():
        if kpi not in data.kpi_ids(warehouse) or not period:
            return message(t("msg.no_rows", lang))
        return hours_panel(warehouse, kpi, grain, period, lang)

    return guarded(render, lang), False


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
