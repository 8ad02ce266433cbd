"""The case lists' figure: how many cases each list holds, and how long they are overdue."""

from __future__ import annotations

from dashboards.figures.style import (
    TEXT,
    Figure,
    apply_layout,
    figure,
    indian_axis,
    update_axis,
    update_layout,
    wrap_label,
)
from dashboards.i18n import format_compact

# Older is darker, and each age has its own hatching too: the bars read without colour.
AGE_COLOURS = ("#fdd49e", "#fc8d59", "#d7301f", "#7f0000")
AGE_PATTERNS = ("", "/", "x", ".")


def case_ageing_bars(
    lists: list[str],
    buckets: list[str],
    counts: list[list[int]],
    title: str,
    x_title: str,
    lang: str = "en",
    total_name: str = "",
) -> Figure:
    """Horizontal bars, one per list (``lists``, top to bottom), stacked by age: ``counts``
    holds one row per bucket (``buckets``, youngest first) with a count per list. Each bar
    ends in its total, so that a short bar beside a long one still reads (one list can hold
    a hundred times another's cases)."""
    lists = [wrap_label(name, 22) for name in lists]
    fig = figure(barmode="stack")
    for i, (bucket, row) in enumerate(zip(buckets, counts, strict=True)):
        fig["data"].append(
            {
                "type": "bar",
                "orientation": "h",
                "x": row,
                "y": lists,
                "name": bucket,
                "marker": {
                    "color": AGE_COLOURS[i % len(AGE_COLOURS)],
                    "pattern": {"shape": AGE_PATTERNS[i % len(AGE_PATTERNS)]},
                    "line": {"color": "#ffffff", "width": 0.5},
                },
                "hovertemplate": f"%{{y}} · {bucket}: %{{x}}<extra></extra>",
            }
        )
    totals = [sum(column) for column in zip(*counts, strict=True)] if counts else []
    fig["data"].append(
        {
            "type": "scatter",
            "mode": "text",
            "x": totals,
            "y": lists,
            "text": [format_compact(n, lang) for n in totals],
            "textposition": "middle right",
            "textfont": {"color": TEXT},
            "cliponaxis": False,
            "name": total_name,
            "showlegend": False,
            "hoverinfo": "skip",
        }
    )
    apply_layout(fig, title, x_title, "", height=max(300, 64 * len(lists) + 160))
    update_layout(fig, legend={"traceorder": "normal"}, margin={"r": 60})
    update_axis(fig, "yaxis", autorange="reversed", type="category", automargin=True)
    return update_axis(fig, "xaxis", **indian_axis(totals, lang))
