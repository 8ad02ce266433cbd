"""State overview (/): headline KPIs against the previous period, the district scorecard and
alerts from the latest data checks. URL: ?grain=month&period=2020-05-01&lang=hi."""

from __future__ import annotations

from pathlib import Path

import dash
from dash import Input, Output, State, dcc, html

from dashboards import data
from dashboards.alerts import alerts
from dashboards.catalog import (
    HEADLINE_KPIS,
    change_verdict,
    format_change,
    value_on_scale,
)
from dashboards.comparison import coverage_text, interval_text, unranked_text
from dashboards.controls import controls_row, url_sync
from dashboards.i18n import district_name, kpi_name, lang_or_default, t
from dashboards.messages import message
from dashboards.overview_standing import standing_block
from dashboards.periods import (
    default_period,
    grain_and_period,
    period_banner_block,
    period_choices,
    period_label,
    period_status_or_none,
    register_period_banner,
)
from dashboards.reasons import flag_reasons_text
from dashboards.snapshot_guard import consistent_page, current_warehouse, guarded
from dashboards.table_block import data_table
from dashboards.urlstate import Allowed, UrlState, choose, iso_period, parse_state, serialise_state

PAGE = "overview"
GRAINS = ("month", "week", "total")


def resolve_state(warehouse: Path, query: dict) -> tuple[UrlState, list[str], dict | None]:
    """The page state from the URL, defaults filled in from the snapshot (the period: the
    latest complete one of the grain); the periods and their status."""
    first = parse_state(query, Allowed())
    grain = first.grain if first.grain in GRAINS else "month"
    plist = data.periods(warehouse, grain)
    state = parse_state(query, Allowed(periods=frozenset(plist)))
    period, status = default_period(warehouse, grain, plist, state.period)
    return state.with_(grain=grain, period=period), plist, status


@consistent_page
def layout(**query) -> html.Div:
    lang = lang_or_default(query.get("lang"))
    return html.Div(
        [
            html.H2(t("nav.overview", lang)),
            guarded(lambda: _body(current_warehouse(), query), lang),
        ],
        className="page",
    )


def _body(warehouse: Path, query: dict) -> html.Div:
    state, plist, status = resolve_state(warehouse, query)
    lang = state.lang
    return html.Div(
        [
            dcc.Store(id="overview-lang", data=lang),
            url_sync(PAGE, serialise_state(state)),
            controls_row(
                *grain_and_period(
                    "overview", lang, GRAINS, state.grain, plist, state.period, status
                ),
            ),
            period_banner_block(PAGE),
            html.H3(t("h.headline", lang)),
            html.Div(id="overview-headline"),
            html.H3(t("h.standing", lang)),
            html.Div(id="overview-standing"),
            html.H3(t("h.scorecard", lang), id="overview-scorecard-heading"),
            html.Div(id="overview-scorecard"),
            html.H3(t("h.alerts", lang)),
            html.Div(id="overview-alerts"),
        ]
    )


def previous_period(plist: list[str], period: str) -> str | None:
    """The period before ``period`` in a newest-first list."""
    if period in plist:
        i = plist.index(period)
        return plist[i + 1] if i + 1 < len(plist) else None
    return None


VERDICT_MARK = {"better": "▲", "worse": "▼", "same": "="}


def headline_cards(warehouse: Path, grain: str, period: str, lang: str) -> html.Div:
    """A card per headline KPI: the state's value and its change against the previous period."""
    plist = data.periods(warehouse, grain)
    prev = previous_period(plist, period)
    rows = data.state_values(warehouse, grain, [p for p in (period, prev) if p])
    found = {(r["kpi"], r["period_start"]): r for r in rows.iter_rows(named=True)}
    cards = []
    for kpi in HEADLINE_KPIS:
        if (kpi, period) not in found:
            continue
        row = found[(kpi, period)]
        current = row["value"]
        before = found.get((kpi, prev), {}).get("value") if prev else None
        change = format_change(kpi, current, before, lang)
        since = f"{t('vs.previous', lang)} ({period_label(prev, grain, lang)})" if prev else ""
        verdict = change_verdict(kpi, current, before) if prev else None
        text = f"{change} {since}" if prev else ""
        cards.append(headline_card(kpi, row, text, lang, verdict))
    return html.Div(cards or [message(t("msg.no_rows", lang))], className="cards")


def headline_card(
    kpi: str, row: dict, change: str, lang: str, verdict: str | None = None
) -> html.Div:
    """One headline: the state's value (on its scale, for scores) with its 95 % interval
    (rates), a 'provisional' / 'partial period' mark when it is not final, and its change,
    said to be better or worse by the KPI's direction in words and an arrow, not by colour
    alone."""
    interval = interval_text(kpi, row.get("ci_low"), row.get("ci_high"))
    status = row.get("status") or "final"
    children = [
        html.Div(kpi_name(kpi, lang), className="card-label"),
        html.Div(
            value_on_scale(kpi, row["value"], lang),
            className="card-value",
            id=f"overview-card-{kpi}",
        ),
        html.Div(f"({interval})" if interval else "", className="card-interval"),
        html.Div(
            [
                html.Span(
                    f"{VERDICT_MARK[verdict]} {t(f'verdict.{verdict}', lang)}",
                    className=f"verdict verdict-{verdict}",
                )
                if verdict
                else None,
                html.Span(change),
            ],
            className="card-change",
        ),
    ]
    if status != "final":
        key = "card.provisional" if status == "provisional" else "note.partial"
        children.append(html.Div(t(key, lang), className="card-status"))
    return html.Div(children, className=f"card card-{status}")


def scorecard_period(warehouse: Path, grain: str, period: str) -> tuple[str, str] | None:
    """The scorecard shown for a choice: that month, the whole period, or (for a week) the
    latest complete month."""
    if grain == "total":
        totals = data.scorecard_periods(warehouse, "total")
        if totals:
            return "total", totals[0]
    months = data.scorecard_periods(warehouse, "month")
    if not months:
        return None
    if grain == "month" and period in months:
        return "month", period
    status = period_status_or_none(warehouse, "month")
    return "month", data.latest_complete(months, status) if status is not None else months[0]


def scorecard_table(warehouse: Path, grain: str, period: str, lang: str) -> html.Div:
    """The district scorecard of the chosen month (the latest month for weeks; the whole
    period for the total grain)."""
    chosen = scorecard_period(warehouse, grain, period)
    if chosen is None:
        return message(t("msg.no_rows", lang))
    sc_grain, sc_period = chosen
    frame = data.scorecard(warehouse, sc_grain, sc_period)
    rows = [
        {
            "rank": r["composite_rank"],
            "district": district_name(r["district"], lang),
            "composite_index": r["composite_index"],
            "kpis_scored": coverage_text(r, lang),
            "rank_change": r["rank_change"] if r["composite_rank"] is not None else None,
            "previous_rank": r["previous_rank"],
            "unranked_reason": unranked_text(r, lang),
            "gate": flag_reasons_text(r["gate_reasons"], lang),
        }
        for r in frame.iter_rows(named=True)
    ]
    caption = f"{period_label(sc_period, sc_grain, lang)}: " + (
        "समग्र सूचकांक हर दर संकेतक को ज़िलों में 0-100 पर मापकर (दिशा के अनुसार) भारित औसत है; "
        "रैंक 1 सर्वश्रेष्ठ है और धनात्मक बदलाव का अर्थ है कि ज़िला पिछले माह से ऊपर आया।"
        if lang == "hi"
        else "The composite index scales each scored KPI 0-100 across districts (direction-"
        "aware) and takes the weighted mean; rank 1 is best, and a positive rank change means "
        "the district moved up since the previous month."
    )
    return data_table(
        "overview-scorecard-table",
        rows,
        [
            ("rank", t("col.rank", lang), "int"),
            ("district", t("col.district", lang), "text"),
            ("composite_index", t("col.composite_index", lang), "number1"),
            ("kpis_scored", t("col.kpis_scored", lang), "text"),
            ("rank_change", t("col.rank_change", lang), "int"),
            ("previous_rank", t("col.previous_rank", lang), "int"),
            ("unranked_reason", t("col.unranked_reason", lang), "text"),
            ("gate", t("col.gate", lang), "text"),
        ],
        caption + " " + t("sc.coverage_caption", lang),
        lang=lang,
        download=("overview", grain, period, "scorecard"),
    )


def update_periods(grain: str, period: str | None, lang: str):
    """Period choices for a grain; keeps the chosen period when the new grain has it."""
    grain = choose(grain, GRAINS, "month")
    return period_choices(current_warehouse(), grain, iso_period(period), lang)


def update_overview(grain: str, period: str | None, lang: str):
    """Headline cards, scorecard and alerts for the chosen period; the URL's query string."""
    warehouse = current_warehouse()
    lang = lang_or_default(lang)
    grain = choose(grain, GRAINS, "month")
    period = iso_period(period)
    search = serialise_state(UrlState(lang=lang, grain=grain, period=period))
    if not period:
        empty = message(t("msg.no_rows", lang))
        return empty, empty, guarded(lambda: alerts(warehouse, grain, None, lang), lang), search
    return (
        guarded(lambda: headline_cards(warehouse, grain, period, lang), lang),
        guarded(lambda: scorecard_table(warehouse, grain, period, lang), lang),
        guarded(lambda: alerts(warehouse, grain, period, lang), lang),
        search,
    )


def update_standing(grain: str, period: str | None, lang: str):
    """The composite chart and the best and worst districts, for the scorecard period the
    table below shows."""
    warehouse = current_warehouse()
    lang = lang_or_default(lang)
    chosen = scorecard_period(warehouse, choose(grain, GRAINS, "month"), iso_period(period) or "")
    if chosen is None:
        return message(t("msg.no_rows", lang))
    return guarded(lambda: standing_block(warehouse, *chosen, lang), lang)


def register_callbacks(app: dash.Dash) -> None:
    register_period_banner(app, PAGE, GRAINS)
    app.callback(
        Output("overview-period", "options"),
        Output("overview-period", "value"),
        Input("overview-grain", "value"),
        State("overview-period", "value"),
        State("overview-lang", "data"),
        prevent_initial_call=True,
    )(update_periods)
    app.callback(
        Output("overview-standing", "children"),
        Input("overview-grain", "value"),
        Input("overview-period", "value"),
        State("overview-lang", "data"),
    )(update_standing)
    app.callback(
        Output("overview-headline", "children"),
        Output("overview-scorecard", "children"),
        Output("overview-alerts", "children"),
        Output({"type": "url-sync", "page": PAGE}, "data"),
        Input("overview-grain", "value"),
        Input("overview-period", "value"),
        State("overview-lang", "data"),
    )(update_overview)


dash.register_page(
    __name__,
    path="/",
    name="State overview",
    title="Jansewa: state overview",
    order=0,
    layout=layout,
)
