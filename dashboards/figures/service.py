"""Service-delivery figures: bars per centre or department, the RTS waiting-time histogram."""

from __future__ import annotations

import polars as pl

from dashboards.figures.cell_colours import text_on
from dashboards.figures.style import (
    OKABE_ITO,
    STATE_COLOUR,
    TEXT,
    Figure,
    add_vline,
    apply_layout,
    figure,
    indian_axis,
    update_axis,
)
from dashboards.i18n import format_compact, t


def category_bar(
    labels: list[str],
    values: list[float | None],
    title: str,
    x_title: str,
    lang: str = "en",
    reference: float | None = None,
    reference_label: str = "",
    value_text: list[str] | None = None,
    x_range: tuple[float, float] | None = None,
) -> Figure:
    """Horizontal bars for named groups (centres, departments), with an optional reference
    line. Each value is written just past its bar, so a zero still reads "0.0" where its bar
    would be; ``x_range`` fixes the axis to the measure's scale (a score's 0-10)."""
    bars = {
        "type": "bar",
        "x": values,
        "y": labels,
        "orientation": "h",
        "marker": {"color": OKABE_ITO[4]},
        "textposition": "outside",
        # a bar that reaches the axis's end gets its value inside: readable there too
        "insidetextfont": {"color": text_on(OKABE_ITO[4])},
        "outsidetextfont": {"color": TEXT},
        "cliponaxis": False,
        "hovertemplate": "%{y}: %{x}<extra></extra>",
    }
    if value_text is not None:
        bars["text"] = value_text
    fig = figure(bars)
    update_axis(fig, "yaxis", autorange="reversed", type="category")
    apply_layout(fig, title, x_title, "", height=max(320, 24 * len(labels) + 120))
    if x_range is not None:
        update_axis(fig, "xaxis", range=list(x_range))
    if reference is not None:
        add_vline(fig, reference, reference_label, colour=STATE_COLOUR)
    return fig


def waiting_histogram(hist: pl.DataFrame, lang: str = "en", title_suffix: str = "") -> Figure:
    """Completed transactions per 5-minute waiting-time bucket, coloured by the RTS points the
    bucket earns (up to 30 min: 10, up to 45: 5, longer: 0), with the 30 and 45 minute marks.

    ``hist`` has bucket_lower_min, bucket_upper_min (null for the overflow bucket > 120 min),
    rts_points and transactions.
    """
    minutes, points = t("unit.min", lang), t("unit.rts_points", lang)
    lowers = hist["bucket_lower_min"].to_list()
    uppers = hist["bucket_upper_min"].to_list()
    counts = hist["transactions"].to_list()
    points = hist["rts_points"].to_list()
    colour = {10: OKABE_ITO[2], 5: OKABE_ITO[1]}
    labels = [
        f"> {lo}" if up is None else f"{lo}-{up}" for lo, up in zip(lowers, uppers, strict=True)
    ]
    fig = figure(
        {
            "type": "bar",
            "x": [lo + 2.5 for lo in lowers],
            "y": counts,
            "width": [5] * len(lowers),
            "marker": {
                "color": [colour.get(p, OKABE_ITO[5]) for p in points],
                "line": {"color": "white", "width": 0.5},
            },
            "customdata": [
                [label, format_compact(c, lang), p]
                for label, c, p in zip(labels, counts, points, strict=True)
            ],
            "hovertemplate": f"%{{customdata[0]}} {minutes}: %{{customdata[1]}} "
            f"(%{{customdata[2]}} {points})<extra></extra>",
        }
    )
    # the two labels on the outer sides of their lines: 15 minutes apart is narrow on a phone
    for mark, label, side in (
        (30, f"30 {minutes}: 10 → 5", "top left"),
        (45, f"45 {minutes}: 5 → 0", "top right"),
    ):
        add_vline(fig, mark, label, side, colour=STATE_COLOUR)
    head = (
        "टोकन से सेवा पूरी होने तक प्रतीक्षा" if lang == "hi" else "Waiting time from token to completion"
    )
    title = f"{head}{title_suffix} ({t('unit.transactions', lang)})"
    apply_layout(
        fig, title, t("unit.minutes", lang) + " (> 120 = 120+)", t("unit.transactions", lang)
    )
    return update_axis(fig, "yaxis", **indian_axis(counts, lang))
