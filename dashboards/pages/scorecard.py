"""The district scorecard (/scorecard): ranks with their 95 % rank ranges and ties, theme
sub-indices, peer groups (statewide or one division), target status, data-quality flags with
their reasons, most / least improved, and how much the ranks depend on the weights.
URL: ?period=2020-05-01&grain=month&lang=hi (the division is a control, not in the URL)."""

from __future__ import annotations

from pathlib import Path

import dash
from dash import Input, Output, State, dcc, html

from dashboards import data, figures
from dashboards.comparison import coverage_text, unranked_text
from dashboards.controls import controls_row, dropdown_labels, labelled, url_sync
from dashboards.figure_block import figure_block
from dashboards.i18n import district_name, lang_or_default, t
from dashboards.messages import message
from dashboards.periods import (
    period_banner,
    period_options,
    period_status_or_none,
)
from dashboards.reasons import flag_reasons_text
from dashboards.scorecard_blocks import (
    STATEWIDE,
    improved_block,
    in_peer_group,
    sensitivity_block,
    themes_block,
)
from dashboards.snapshot_guard import consistent_page, current_warehouse, guarded
from dashboards.table_block import data_table
from dashboards.urlstate import UrlState, iso_period, serialise_state
from warehouse.districts import districts

PAGE = "scorecard"


def divisions() -> list[str]:
    return sorted({d.division for d in districts()})


def _choice_value(grain: str, period: str) -> str:
    return f"{grain}:{period}"


@consistent_page
def layout(**query) -> html.Div:
    lang = lang_or_default(query.get("lang"))
    return html.Div(
        [
            html.H2(t("nav.scorecard", lang)),
            guarded(lambda: _body(current_warehouse(), query, lang), lang),
        ],
        className="page",
    )


def default_choice(warehouse: Path, choices: list[tuple[str, str]]) -> str | None:
    """The latest complete month the scorecard covers (kpi_periods), else its first choice."""
    months = [p for g, p in choices if g == "month"]
    status = period_status_or_none(warehouse, "month")
    if months and status is not None:
        return _choice_value("month", data.latest_complete(months, status))
    return _choice_value(*choices[0]) if choices else None


def choice_options(warehouse: Path, choices: list[tuple[str, str]], lang: str) -> list[dict]:
    """The period picker's options, a partial period marked as such."""
    status = {g: period_status_or_none(warehouse, g) for g in {g for g, _ in choices}}
    return [
        {
            "label": period_options([p], g, lang, status[g])[0]["label"],
            "value": _choice_value(g, p),
        }
        for g, p in choices
    ]


def _body(warehouse: Path, query: dict, lang: str) -> html.Div:
    choices = data.scorecard_choices(warehouse)
    values = [_choice_value(g, p) for g, p in choices]
    wanted = _choice_value(query.get("grain", "month"), query.get("period", ""))
    value = wanted if wanted in values else default_choice(warehouse, choices)
    return html.Div(
        [
            dcc.Store(id="scorecard-lang", data=lang),
            url_sync(PAGE, serialise_state(UrlState(lang=lang))),
            controls_row(
                labelled(
                    t("ctl.period", lang),
                    dcc.Dropdown(
                        labels=dropdown_labels(lang),
                        id="scorecard-period",
                        options=choice_options(warehouse, choices, lang),
                        value=value,
                        clearable=False,
                    ),
                ),
                labelled(
                    t("ctl.division", lang),
                    dcc.RadioItems(
                        id="scorecard-division",
                        options=[{"label": t("ctl.statewide", lang), "value": STATEWIDE}]
                        # A division is named after its headquarters district.
                        + [{"label": district_name(d, lang), "value": d} for d in divisions()],
                        value=STATEWIDE,
                        inline=True,
                    ),
                ),
            ),
            html.Div(id="scorecard-period-banner"),
            html.H3(t("h.sc_ranks", lang)),
            html.Div(id="scorecard-ranks"),
            html.H3(t("h.sc_improved", lang)),
            html.Div(id="scorecard-improved"),
            html.H3(t("h.sc_themes", lang)),
            html.Div(id="scorecard-themes"),
            html.H3(t("h.sc_sensitivity", lang)),
            html.Div(id="scorecard-sensitivity"),
        ]
    )


def ranks_block(warehouse: Path, grain: str, period: str, division: str, lang: str):
    frame = in_peer_group(data.scorecard_full(warehouse, grain, period), division)
    if frame.is_empty():
        return message(t("msg.no_rows", lang))
    peer = division != STATEWIDE
    rank_col = "division_rank" if peer else "composite_rank"
    frame = frame.sort(rank_col, nulls_last=True)
    rows = []
    for r in frame.iter_rows(named=True):
        rng = "" if r["rank_low"] is None else f"{r['rank_low']}–{r['rank_high']}"
        # An unranked district (too low a KPI coverage) is listed, never tied with anyone.
        tied = (
            [d for d in (r["tied_with"] or "").split(",") if d] if r["ranked"] is not False else []
        )
        if peer:
            tied = [d for d in tied if d in set(frame["district"])]
        rows.append(
            {
                "rank": r[rank_col],
                "district": district_name(r["district"], lang),
                "division": district_name(r["division"], lang) if r["division"] else "",
                "composite_index": r["composite_index"],
                "kpis_scored": coverage_text(r, lang),
                "unranked_reason": unranked_text(r, lang),
                "rank_range": rng,
                "tied_with": (
                    ", ".join(district_name(d, lang) for d in tied)
                    if len(tied) <= 3
                    else f"{len(tied)} " + ("ज़िले" if lang == "hi" else "districts")
                ),
                "targets": f"{r['met'] or 0} / {r['near'] or 0} / {r['missed'] or 0}",
                "gate": (
                    (f"{t('word.withheld', lang)}: " if r["rank_withheld"] else "")
                    + flag_reasons_text(r["gate_reasons"], lang)
                ),
            }
        )
    caption = (
        "रैंक सीमा: ज़िले के रिकॉर्ड के दिनों के 400 बूटस्ट्रैप नमूनों में रैंक का 95 % दायरा; "
        "जिन ज़िलों की सीमाएँ मिलती हैं उन्हें एक-दूसरे से अलग नहीं बताया जा सकता (अंतिम कॉलम)। "
        "लक्ष्य: targets.yml के "
        "लक्ष्य के मुक़ाबले संकेतक। चेतावनी: पुराना स्रोत, अधिक क्वारंटीन, या विफल जाँच।"
        if lang == "hi"
        else "Rank range: the 95 % range of the district's rank over a seeded bootstrap of its "
        "days of records; districts whose ranges overlap cannot be told apart (last column): "
        "read a few places' difference as no difference. Targets: its KPIs against the "
        "reviewed targets file. Flag: a stale "
        "source, too many quarantined rows or a failed check, with the reason."
    )
    caption += " " + t("sc.coverage_caption", lang)
    table = data_table(
        "scorecard-table",
        rows,
        [
            ("rank", t("col.division_rank", lang) if peer else t("col.rank", lang), "int"),
            ("district", t("col.district", lang), "text"),
            ("division", t("col.division", lang), "text"),
            ("composite_index", t("col.composite_index", lang), "number1"),
            ("kpis_scored", t("col.kpis_scored", lang), "text"),
            ("unranked_reason", t("col.unranked_reason", lang), "text"),
            ("rank_range", t("col.rank_range", lang), "text"),
            ("targets", t("col.targets", lang), "text"),
            ("gate", t("col.gate", lang), "text"),
            ("tied_with", t("col.tied_with", lang), "text"),
        ],
        caption,
        lang=lang,
        download=("scorecard", grain, period, division, "ranks"),
    )
    return html.Div(
        [
            table,
            figure_block(
                "scorecard-ranges",
                figures.rank_ranges(frame, lang),
                (
                    "बिंदु: राज्य में रैंक; पट्टी: 95 % रैंक सीमा।"
                    if lang == "hi"
                    else "Dot: the statewide rank; bar: its 95 % rank range."
                ),
                lang=lang,
            ),
        ]
    )


def update_scorecard(choice: str | None, division: str | None, lang: str):
    """Every block of the page for the chosen period and peer group."""
    warehouse = current_warehouse()
    lang = lang_or_default(lang)
    division = division if division in divisions() else STATEWIDE
    if not choice or ":" not in choice:
        empty = message(t("msg.no_rows", lang))
        return empty, empty, empty, empty, None
    grain, period = choice.split(":", 1)
    grain = "total" if grain == "total" else "month"
    period = iso_period(period)
    if period is None:
        empty = message(t("msg.no_rows", lang))
        return empty, empty, empty, empty, None
    args = (warehouse, grain, period, division, lang)
    return (
        guarded(lambda: ranks_block(*args), lang),
        guarded(lambda: improved_block(*args), lang),
        guarded(lambda: themes_block(*args), lang),
        guarded(lambda: sensitivity_block(*args), lang),
        guarded(lambda: period_banner(warehouse, grain, period, lang), lang),
    )


def register_callbacks(app: dash.Dash) -> None:
    app.callback(
        Output("scorecard-ranks", "children"),
        Output("scorecard-improved", "children"),
        Output("scorecard-themes", "children"),
        Output("scorecard-sensitivity", "children"),
        Output("scorecard-period-banner", "children"),
        Input("scorecard-period", "value"),
        Input("scorecard-division", "value"),
        State("scorecard-lang", "data"),
    )(update_scorecard)


dash.register_page(
    __name__,
    path="/scorecard",
    name="Scorecard",
    title="Jansewa: district scorecard",
    order=1,
    layout=layout,
)
