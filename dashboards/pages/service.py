"""Service delivery (/service): RTS waiting-time score by district, centre and department; the
waiting-time distribution against the 30 / 45 minute marks; RTS on-time rate and overdue
pendency. URL: ?period=2020-05-01&district=Jhajjar&lang=hi (no district = all districts)."""

from __future__ import annotations

from pathlib import Path

import dash
from dash import Input, Output, dcc, html

from dashboards import data, figures
from dashboards.components import (
    consistent_page,
    controls_row,
    current_warehouse,
    data_table,
    district_options,
    dropdown_labels,
    figure_block,
    guarded,
    labelled,
    message,
    url_sync,
)
from dashboards.i18n import (
    centre_type_name,
    data_name,
    department_name,
    district_name,
    format_compact,
    format_indian,
    lang_or_default,
    t,
)
from dashboards.periods import (
    default_period,
    period_banner,
    period_label,
    period_options,
)
from dashboards.urlstate import Allowed, UrlState, iso_period, parse_state, serialise_state
from warehouse.districts import STATE, district_names

PAGE = "service"
MAX_CENTRES = 25


def resolve_state(warehouse: Path, query: dict) -> tuple[UrlState, list[str], dict | None]:
    """The page state from the URL; the month defaults to the latest complete one."""
    months = data.service_months(warehouse)
    state = parse_state(query, Allowed(periods=frozenset(months)))
    period, status = default_period(warehouse, "month", months, state.period)
    return state.with_(period=period, grain="month"), months, status


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
                        options=district_options(lang, district_names()),
                        value=state.district,
                        placeholder=t("ctl.all_districts", lang),
                        clearable=True,
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


def service_blocks(warehouse: Path, month: str, district: str | None, lang: str) -> tuple:
    """Every block of the page for one month and district (None = all districts)."""
    where = district_name(district, lang) if district else t("ctl.all_districts", lang)
    when = period_label(month, "month", lang)
    scores = data.kpi_by_district(warehouse, "rts_score", "month", month)
    min_cases = data.min_cases(warehouse)
    rts_district = figure_block(
        "service-rts-district",
        figures.ranked_bar(scores, "rts_score", lang, min_cases),
        (
            f"{when}: हर लेनदेन को 30 मिनट में पूरा होने पर 10, 45 में 5, वरना 0 अंक; ज़िले का अंक औसत है।"
            if lang == "hi"
            else f"{when}: each counter transaction scores 10 points if completed within 30 minutes "
            "of the token, 5 within 45, else 0; a district's score is the mean (0-10)."
        ),
        lang=lang,
    )
    hist = data.wait_histogram(warehouse, month, district)
    summary = data.service_groups(warehouse, month, district or STATE, "scope")
    if hist.is_empty() or summary.is_empty():
        wait = message(t("msg.no_rows", lang))
    else:
        scored = summary["rts_scored"][0]
        share30 = (summary["within_30_min_share"][0] or 0) * 100
        share45 = (summary["within_45_min_share"][0] or 0) * 100
        wait = figure_block(
            "service-wait",
            figures.waiting_histogram(hist, lang, f" — {where}"),
            (
                f"{when}, {where}: {format_compact(scored, lang)} लेनदेन में से {share30:.1f} % 30 मिनट "
                f"में और {share45:.1f} % 45 मिनट में पूरे हुए (हरा = 10 अंक, नारंगी = 5, लाल = 0)।"
                if lang == "hi"
                else f"{when}, {where}: of {format_compact(scored, lang)} completed transactions, "
                f"{share30:.1f} % were done within 30 minutes and {share45:.1f} % within 45 "
                "(green = 10 points, orange = 5, red = 0)."
            ),
            lang=lang,
        )
    centres = data.service_centres(warehouse, month, district)
    if centres.is_empty():
        empty = message(t("msg.no_rows", lang))
        return rts_district, wait, empty, empty, empty, empty, empty
    by_centre = (
        data.service_groups(warehouse, month, district, "centre")
        .sort("rts_score", nulls_last=True)
        .head(MAX_CENTRES)
    )
    centre = figure_block(
        "service-centre",
        figures.category_bar(
            [data_name(c, lang) for c in by_centre["member"].to_list()],
            by_centre["rts_score"].to_list(),
            f"{t('col.rts_score', lang)} — {t('col.centre', lang)}, {where}",
            t("unit.score", lang),
            lang,
            value_text=[format_indian(v, 1) for v in by_centre["rts_score"].to_list()],
            x_range=(0, 10),
        ),
        (
            f"सबसे कम अंक वाले {MAX_CENTRES} केंद्र तक, सबसे कम ऊपर।"
            if lang == "hi"
            else f"Up to {MAX_CENTRES} centres, lowest score at the top: where waiting needs attention first."
        ),
        lang=lang,
    )
    by_dept = data.service_groups(warehouse, month, district or STATE, "department").sort(
        "rts_score", descending=True, nulls_last=True
    )
    department = figure_block(
        "service-department",
        figures.category_bar(
            [department_name(d, lang) for d in by_dept["member"].to_list()],
            by_dept["rts_score"].to_list(),
            f"{t('col.rts_score', lang)} — {t('col.department', lang)}, {where}",
            t("unit.score", lang),
            lang,
            value_text=[format_indian(v, 1) for v in by_dept["rts_score"].to_list()],
            x_range=(0, 10),
        ),
        "विभागवार औसत अंक (0-10)।"
        if lang == "hi"
        else "Mean waiting-time score per department (0-10).",
        lang=lang,
    )
    on_time = data.kpi_by_district(warehouse, "rts_on_time_rate", "month", month)
    ontime = figure_block(
        "service-ontime",
        figures.ranked_bar(on_time, "rts_on_time_rate", lang, min_cases),
        (
            f"{when}: अधिसूचित आरटीएस समयसीमा में दी गई सेवाओं का हिस्सा (दी गई सेवाओं में से)। "
            if lang == "hi"
            else f"{when}: share of delivered applications delivered within the notified RTS "
            "timeline. "
        )
        + t("rank.how", lang, min_cases=min_cases),
        lang=lang,
    )
    # With a district: its departments; for all districts: each district's total.
    overdue_rows = data.service_groups(
        warehouse, month, district, "department" if district else "scope"
    ).sort("overdue_pending", descending=True)
    labels = overdue_rows["member"].to_list()
    name = department_name if district else district_name
    labels = [name(label, lang) for label in labels]
    overdue = figure_block(
        "service-overdue",
        figures.category_bar(
            labels,
            overdue_rows["overdue_pending"].to_list(),
            f"{t('col.overdue', lang)} — {where} ({t('unit.count', lang)})",
            t("unit.count", lang),
            lang,
            value_text=[format_compact(v, lang) for v in overdue_rows["overdue_pending"].to_list()],
        ),
        (
            "टोकन इस माह के, जो आज भी लंबित हैं और समयसीमा पार कर चुके हैं: स्वतः अपील के उम्मीदवार।"
            if lang == "hi"
            else "Applications of this month's tokens still pending past their RTS timeline: "
            "candidates for auto-appeal."
        ),
        lang=lang,
    )
    # One row per centre (its departments together; they have their own chart above),
    # lowest waiting-time score first: the first page is where to act.
    kinds = dict(zip(centres["centre"].to_list(), centres["centre_type"].to_list(), strict=True))
    every_centre = data.service_groups(warehouse, month, district, "centre").sort(
        ["rts_score", "transactions"], descending=[False, True], nulls_last=True
    )
    table_rows = [
        {
            "district": district_name(r["district"], lang),
            "centre": data_name(r["member"], lang),
            "centre_type": centre_type_name(kinds.get(r["member"]), lang),
            "transactions": r["transactions"],
            "rts_score": r["rts_score"],
            "on_time": None if r["rts_on_time_rate"] is None else r["rts_on_time_rate"] * 100,
            "overdue": r["overdue_pending"],
        }
        for r in every_centre.iter_rows(named=True)
    ]
    table = data_table(
        "service-table",
        table_rows,
        [
            ("district", t("col.district", lang), "text"),
            ("centre", t("col.centre", lang), "text"),
            ("centre_type", t("col.centre_type", lang), "text"),
            ("transactions", t("col.transactions", lang), "int"),
            ("rts_score", t("col.rts_score", lang), "number2"),
            ("on_time", "On time (%)" if lang != "hi" else "समय पर (%)", "number1"),
            ("overdue", t("col.overdue", lang), "int"),
        ],
        f"{when}, {where}. "
        + (
            "हर केंद्र एक पंक्ति में (उसके सभी विभाग साथ), सबसे कम प्रतीक्षा अंक पहले; विभागवार अंक ऊपर के चार्ट में।"
            if lang == "hi"
            else "One row per centre (its departments together), lowest waiting-time score "
            "first; each department's score is in the chart above."
        ),
        lang=lang,
        download=("service", district or "all-districts", month, "centres"),
    )
    return rts_district, wait, centre, department, ontime, overdue, table


def update_service(month: str | None, district: str | None, lang: str):
    """Every block for the chosen month and district; the URL's query string."""
    warehouse = current_warehouse()
    lang = lang_or_default(lang)
    month = iso_period(month)
    district = district if district in district_names() else None
    search = serialise_state(UrlState(lang=lang, period=month, district=district))
    if not month:
        return (message(t("msg.no_rows", lang)), *([None] * 6), search, None)
    result = guarded(lambda: service_blocks(warehouse, month, district, lang), lang)
    if not isinstance(result, tuple):
        result = (result, *([None] * 6))
    banner = guarded(lambda: period_banner(warehouse, "month", month, lang), lang)
    return (*result, search, banner)


def register_callbacks(app: dash.Dash) -> None:
    app.callback(
        Output("service-rts-district-block", "children"),
        Output("service-wait-block", "children"),
        Output("service-centre-block", "children"),
        Output("service-department-block", "children"),
        Output("service-ontime-block", "children"),
        Output("service-overdue-block", "children"),
        Output("service-table-block", "children"),
        Output({"type": "url-sync", "page": PAGE}, "data"),
        Output("service-period-banner", "children"),
        Input("service-period", "value"),
        Input("service-district", "value"),
        dash.State("service-lang", "data"),
    )(update_service)


dash.register_page(
    __name__,
    path="/service",
    name="Service delivery",
    title="Jansewa: service delivery",
    layout=layout,
)
