"""State overview (/): headline KPIs against the previous period, the district scorecard and
alerts from the latest data checks. URL: ?grain=month&period=2020-05-01&lang=hi."""

from __future__ import annotations

from pathlib import Path

import dash
from dash import Input, Output, State, dcc, html

from dashboards import data
from dashboards.catalog import HEADLINE_KPIS, format_change, format_value
from dashboards.components import (
    consistent_page,
    controls_row,
    current_warehouse,
    data_table,
    grain_and_period,
    guarded,
    message,
    period_choices,
    period_label,
    url_sync,
)
from dashboards.i18n import district_name, kpi_name, lang_or_default, t
from dashboards.urlstate import Allowed, UrlState, choose, iso_period, parse_state, serialise_state

PAGE = "overview"
GRAINS = ("month", "week", "total")


def resolve_state(warehouse: Path, query: dict) -> tuple[UrlState, list[str]]:
    """The page state from the URL, defaults filled in from the snapshot."""
    first = parse_state(query, Allowed())
    grain = first.grain if first.grain in GRAINS else "month"
    plist = data.periods(warehouse, grain)
    state = parse_state(query, Allowed(periods=frozenset(plist)))
    period = state.period if state.period in plist else (plist[0] if plist else None)
    return state.with_(grain=grain, period=period), plist


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
    state, plist = resolve_state(warehouse, query)
    lang = state.lang
    return html.Div(
        [
            dcc.Store(id="overview-lang", data=lang),
            url_sync(PAGE, serialise_state(state)),
            controls_row(
                *grain_and_period("overview", lang, GRAINS, state.grain, plist, state.period),
            ),
            html.H3(t("h.headline", lang)),
            html.Div(id="overview-headline"),
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


def headline_cards(warehouse: Path, grain: str, period: str, lang: str) -> html.Div:
    """A card per headline KPI: the state's value and its change against the previous period."""
    plist = data.periods(warehouse, grain)
    prev = previous_period(plist, period)
    rows = data.state_values(warehouse, grain, [p for p in (period, prev) if p])
    values: dict[tuple[str, str], float | None] = {
        (r["kpi"], r["period_start"]): r["value"] for r in rows.iter_rows(named=True)
    }
    cards = []
    for kpi in HEADLINE_KPIS:
        if (kpi, period) not in values:
            continue
        current = values[(kpi, period)]
        before = values.get((kpi, prev)) if prev else None
        change = format_change(kpi, current, before, lang)
        since = f"{t('vs.previous', lang)} ({period_label(prev, grain, lang)})" if prev else ""
        cards.append(
            html.Div(
                [
                    html.Div(kpi_name(kpi, lang), className="card-label"),
                    html.Div(
                        format_value(kpi, current, lang),
                        className="card-value",
                        id=f"overview-card-{kpi}",
                    ),
                    html.Div(f"{change} {since}" if prev else "", className="card-change"),
                ],
                className="card",
            )
        )
    return html.Div(cards or [message(t("msg.no_rows", lang))], className="cards")


def scorecard_period(warehouse: Path, grain: str, period: str) -> tuple[str, str] | None:
    """The scorecard shown for a choice: that month, the whole period, or the latest month."""
    if grain == "total":
        totals = data.scorecard_periods(warehouse, "total")
        if totals:
            return "total", totals[0]
    months = data.scorecard_periods(warehouse, "month")
    if not months:
        return None
    return "month", period if grain == "month" and period in months else months[0]


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
            "rank_change": r["rank_change"],
            "previous_rank": r["previous_rank"],
            "missing_kpis": ", ".join(
                kpi_name(k, lang) for k in (r["kpis_missing"] or "").split(",") if k
            ),
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
            ("rank_change", t("col.rank_change", lang), "int"),
            ("previous_rank", t("col.previous_rank", lang), "int"),
            ("missing_kpis", t("col.missing_kpis", lang), "text"),
        ],
        caption,
    )


def alerts(warehouse: Path, lang: str) -> html.Div:
    """Failed or warning checks of the latest validation run, one line each."""
    try:
        frame = data.dq_latest(warehouse)
    except data.MartMissingError:
        return message(t("h.no_checks", lang))
    if frame.is_empty():
        return message(t("h.no_checks", lang))
    failed = frame.filter(~frame["success"].fill_null(False))
    if failed.is_empty():
        return message(t("h.no_alerts", lang), "ok", id="overview-no-alerts")
    items = []
    for r in failed.iter_rows(named=True):
        kind = (
            "error"
            if str(r["severity"]).lower() in ("critical", "error", "blocking")
            else "warning"
        )
        count = r["unexpected_count"]
        rows = f" — {count} {t('unit.rows', lang)}" if count is not None else ""
        items.append(
            html.Li(
                [html.Strong(f"[{r['severity']}] {r['source']}: "), f"{r['expectation']}{rows}"],
                className=f"alert alert-{kind}",
            )
        )
    when = failed["validated_at"][0]
    return html.Div(
        [
            html.Ul(items, id="overview-alert-list"),
            html.P(f"{t('col.validated_at', lang)}: {when}", className="caption"),
        ]
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
        return empty, empty, guarded(lambda: alerts(warehouse, lang), lang), search
    return (
        guarded(lambda: headline_cards(warehouse, grain, period, lang), lang),
        guarded(lambda: scorecard_table(warehouse, grain, period, lang), lang),
        guarded(lambda: alerts(warehouse, lang), lang),
        search,
    )


def register_callbacks(app: dash.Dash) -> None:
    app.callback(
        Output("overview-period", "options"),
        Output("overview-period", "value"),
        Input("overview-grain", "value"),
        State("overview-period", "value"),
        State("overview-lang", "data"),
        prevent_initial_call=True,
    )(update_periods)
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
