"""Control-room figures: a district's operators rostered against needed by weekday and hour,
and every district's share of hours short-staffed by hour of the day.

Both are heatmaps whose cells carry their figure as text (black or white by contrast with
the cell: cell_colours.cell_labels) and a hover sentence; a cell with nothing to judge is left
empty on a grey ground, never drawn as zero."""

from __future__ import annotations

import polars as pl

from dashboards.figures.cell_colours import cell_labels, scale_colours
from dashboards.figures.style import (
    DIVERGING,
    EMPTY_CELL,
    SHORTAGE,
    Figure,
    apply_layout,
    empty_figure,
    figure,
    update_axis,
    update_layout,
    wrap_label,
)
from dashboards.i18n import (
    district_name,
    format_compact,
    format_indian,
    format_percent,
    hour_span,
    t,
    weekday_name,
)

HOURS = list(range(24))
WEEKDAYS = list(range(1, 8))  # ISO: 1 = Monday


def operators_text(value: float | None) -> str:
    """Operators to one decimal, without a trailing '.0': 3 -> '3', 3.64 -> '3.6'."""
    text = format_indian(value, 1)
    return text[:-2] if text.endswith(".0") else text


def gap_text(gap: float, lang: str) -> str:
    """'short by 1.4', '0.6 more than needed' or 'as many as needed' (to one decimal)."""
    n = operators_text(abs(gap))
    if n == "0":
        return t("cr.gap_even", lang)
    return t("cr.gap_short" if gap < 0 else "cr.gap_over", lang, n=n)


def colour_reach(gaps: list[float]) -> tuple[float, bool]:
    """(reach, whether a surplus passes it): the colours run from −reach (deepest red) to
    +reach (deepest blue), reach being the largest shortfall (at least one operator), so the
    worst short hour is always the deepest red; a larger surplus (a big night roster, say)
    is drawn as deep a blue as ``reach`` and its tick reads 'or more'. With no shortfall, the
    largest surplus."""
    short = [-g for g in gaps if g < 0]
    reach = max([1.0, *short]) if short else max([1.0, *gaps])
    return reach, any(g > reach for g in gaps)


def has_calls(row: dict) -> bool:
    """Whether a weekday-and-hour cell is drawn: some call with an answer time came then."""
    return bool(row.get("calls_offered"))


def _colour_bar(title: str, **ticks) -> dict:
    """A horizontal colour bar at the bottom left of the figure, its title before it: beside
    the plot it would sit under the chart's toolbar, and on a phone, where the chart scrolls
    sideways in its box, the left end is the part in view."""
    return {
        "title": {"text": title, "side": "right"},
        "orientation": "h",
        "yref": "container",
        "y": 0.01,
        "yanchor": "bottom",
        "x": 0,
        "xanchor": "left",
        "len": 0.34,
        "thickness": 12,
        **ticks,
    }


def _frame(fig: Figure, title: str, rows: list[str], lang: str, y_title: str = "") -> Figure:
    """Layout shared by both heatmaps: the title on lines short enough for a phone, hours
    along the bottom, ``rows`` top to bottom with no margin above or below them, and a grey
    ground that shows through the empty cells."""
    apply_layout(fig, wrap_label(title, 34), height=30 * len(rows) + 240)
    update_layout(fig, margin={"t": 90, "b": 130}, plot_bgcolor=EMPTY_CELL)
    _hour_axis(fig, lang)
    return update_axis(
        fig,
        "yaxis",
        title={"text": y_title},
        type="category",
        range=[len(rows) - 0.5, -0.5],
        autorange=False,
        showgrid=False,
    )


def _hour_axis(fig: Figure, lang: str) -> None:
    update_axis(
        fig,
        "xaxis",
        title={"text": t("cr.axis_hour", lang)},
        tickmode="array",
        tickvals=HOURS,
        ticktext=[str(h) for h in HOURS],
        tickangle=0,
        range=[-0.5, 23.5],
        showgrid=False,
    )


def staffing_heatmap(cells: pl.DataFrame, district: str, lang: str = "en") -> Figure:
    """Weekday (rows, Monday at the top) x hour of the day (columns): operators rostered
    against needed, each the mean over the period's judged hours of that weekday and hour.

    ``cells`` is data.staffing_by_weekday_hour's frame. The colour is rostered − needed on a
    diverging scale centred on 0 (red short, blue over); the text 'rostered/needed'; a cell
    without calls is left empty (grey), as there was nothing to staff for."""
    if cells.is_empty():
        return empty_figure(t("cr.no_telephony", lang))
    lookup = {(r["weekday"], r["hour_of_day"]): r for r in cells.iter_rows(named=True)}
    days = [weekday_name(w, lang) for w in WEEKDAYS]
    z, text, hover = [], [], []
    for w, day in zip(WEEKDAYS, days, strict=True):
        z_row, text_row, hover_row = [], [], []
        for h in HOURS:
            r = lookup.get((w, h))
            if r is None or not has_calls(r):
                z_row.append(None)
                text_row.append("")
                hover_row.append(t("cr.hover_empty", lang, day=day, hours=hour_span(h)))
                continue
            gap = r["rostered"] - r["needed"]
            z_row.append(gap)
            text_row.append(f"{operators_text(r['rostered'])}/{operators_text(r['needed'])}")
            hover_row.append(
                t(
                    "cr.hover",
                    lang,
                    day=day,
                    hours=hour_span(h),
                    rostered=operators_text(r["rostered"]),
                    needed=operators_text(r["needed"]),
                    n=r["hours_judged"],
                    calls=format_compact(r["calls_offered"], lang),
                    gap=gap_text(gap, lang),
                )
            )
        z.append(z_row)
        text.append(text_row)
        hover.append(hover_row)
    reach, beyond = colour_reach([v for row in z for v in row if v is not None])
    fig = figure(
        {
            "type": "heatmap",
            "z": z,
            "x": HOURS,
            "y": days,
            "customdata": hover,
            "hovertemplate": "%{customdata}<extra></extra>",
            "colorscale": DIVERGING,
            "zmin": -reach,
            "zmid": 0,
            "zmax": reach,
            "xgap": 1,
            "ygap": 1,
            "colorbar": _colour_bar(
                t("cr.colorbar", lang),
                tickmode="array",
                tickvals=[-reach, 0, reach],
                ticktext=[
                    t("cr.tick_short", lang, n=operators_text(reach)),
                    "0",
                    t(
                        "cr.tick_over_more" if beyond else "cr.tick_over",
                        lang,
                        n=operators_text(reach),
                    ),
                ],
            ),
        }
    )
    places = [(i, j) for i in range(len(days)) for j in HOURS if z[i][j] is not None]
    fig["data"].append(
        cell_labels(
            [j for _, j in places],
            [days[i] for i, _ in places],
            [text[i][j] for i, j in places],
            scale_colours([z[i][j] for i, j in places], -reach, reach, DIVERGING),
            size=11,
        )
    )
    title = t("cr.chart_title", lang, district=district_name(district, lang))
    return _frame(fig, title, days, lang, t("cr.axis_weekday", lang))


def understaffed_heatmap(shares: pl.DataFrame, order: list[str], lang: str = "en") -> Figure:
    """Districts (rows, in ``order``: the ranking's, top first) x hour of the day (columns):
    the share of the period's judged hours that were short-staffed, 0-100 %.

    ``shares`` is data.understaffed_by_hour's frame. The text is the share in whole per
    cent; a district and hour without a judged hour is left empty (grey)."""
    if shares.is_empty() or not order:
        return empty_figure(t("cr.no_telephony_any", lang))
    lookup = {(r["district"], r["hour_of_day"]): r for r in shares.iter_rows(named=True)}
    names = [district_name(d, lang) for d in order]
    z, hover = [], []
    for d, name in zip(order, names, strict=True):
        z_row, hover_row = [], []
        for h in HOURS:
            r = lookup.get((d, h))
            if r is None or not r["hours_judged"]:
                z_row.append(None)
                hover_row.append(t("cr.share_hover_empty", lang, district=name, hours=hour_span(h)))
                continue
            z_row.append(r["understaffed_share"] * 100)
            hover_row.append(
                t(
                    "cr.share_hover",
                    lang,
                    district=name,
                    hours=hour_span(h),
                    n=r["understaffed_hours"],
                    judged=r["hours_judged"],
                    share=format_percent(r["understaffed_share"], 0),
                )
            )
        z.append(z_row)
        hover.append(hover_row)
    fig = figure(
        {
            "type": "heatmap",
            "z": z,
            "x": HOURS,
            "y": names,
            "customdata": hover,
            "hovertemplate": "%{customdata}<extra></extra>",
            "colorscale": SHORTAGE,
            "zmin": 0,
            "zmax": 100,
            "xgap": 1,
            "ygap": 1,
            "colorbar": _colour_bar(t("cr.share_colorbar", lang), ticksuffix=" %"),
        }
    )
    places = [(i, j) for i in range(len(names)) for j in HOURS if z[i][j] is not None]
    fig["data"].append(
        cell_labels(
            [j for _, j in places],
            [names[i] for i, _ in places],
            [f"{z[i][j]:.0f}" for i, j in places],
            scale_colours([z[i][j] for i, j in places], 0, 100, SHORTAGE),
            size=10,
        )
    )
    return _frame(fig, t("cr.share_title", lang), names, lang)
