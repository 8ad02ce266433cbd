"""The look every figure shares: colour-blind-safe colours, fonts, titles and axes, Indian
number ticks, and the blank figure that says why it is blank.

Figures are plain dicts in Plotly's JSON form (``{"data": [trace, ...], "layout": {...}}``),
not ``go.Figure`` objects: a graph object parses and validates every property it is given,
which cost ~12 ms for a ranked bar chart against ~0.01 ms for the same dict, and serialises
20 times slower; a district page draws six charts per callback. Dash and Kaleido take the
dicts as they are; the tests validate every figure function's output with ``go.Figure`` once,
so a misspelt property still fails there. The helpers below do what ``update_layout``,
``update_xaxes`` and ``add_vline`` did, on dicts. The colour a scale gives a heatmap cell,
and the text colour that reads on it, are in dashboards/figures/cell_colours.py.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from dashboards.i18n import format_compact, format_day, format_month

# Okabe & Ito (2008): distinguishable under the common colour-vision deficiencies.
OKABE_ITO = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
)


STATE_COLOUR = "#000000"
TEXT = "#1a1a1a"  # the page's text colour, for labels written on white
NEUTRAL = "#7f7f7f"
# Values shown but not ranked: too few cases (grey) and provisional or partial ones (a pale
# shade of the ranked blue, hatched).
NEUTRAL_LIGHT = "#c8c8c8"
PALE = "#a6cee3"
SEQUENTIAL = "Viridis"
# Days behind: white when up to date, deepening red as a source falls behind.
STALENESS = [[0.0, "#f7f7f7"], [0.25, "#fddbc7"], [0.6, "#ef8a62"], [1.0, "#b2182b"]]
# Staffing against need: red where fewer are on duty than needed, blue where more, near white
# where about right (ColorBrewer RdBu, readable with the common colour-vision deficiencies).
DIVERGING = [
    [0.0, "#b2182b"],
    [0.25, "#ef8a62"],
    [0.5, "#f7f7f7"],
    [0.75, "#67a9cf"],
    [1.0, "#2166ac"],
]
# How often short: white never, deepening red the more often (ColorBrewer Reds).
SHORTAGE = [[0.0, "#fff5f0"], [0.25, "#fcbba1"], [0.5, "#fb6a4a"], [1.0, "#a50f15"]]
# Behind a heatmap's empty cells (no value): a grey no colour of the scales above comes near.
EMPTY_CELL = "#d4d4d4"
FONT = "Noto Sans, Noto Sans Devanagari, Arial, sans-serif"


Figure = dict[str, Any]  # {"data": [trace dicts], "layout": {...}}: Plotly's JSON form


def figure(*traces: dict, **layout: Any) -> Figure:
    """A figure of ``traces`` (dicts with their "type") and ``layout``."""
    return {"data": list(traces), "layout": dict(layout)}


def merge(target: dict, changes: dict) -> dict:
    """``changes`` merged into ``target`` in place, nested dicts key by key (as Plotly's
    ``update`` does: ``{"margin": {"t": 90}}`` keeps the other margins): ``target``."""
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            merge(target[key], value)
        else:
            target[key] = value
    return target


def update_layout(fig: Figure, **changes: Any) -> Figure:
    """The layout's properties merged with ``changes``: ``fig``."""
    merge(fig.setdefault("layout", {}), changes)
    return fig


def update_axis(fig: Figure, axis: str, **changes: Any) -> Figure:
    """The "xaxis" or "yaxis" merged with ``changes``: ``fig``."""
    return update_layout(fig, **{axis: changes})


def update_traces(fig: Figure, **changes: Any) -> Figure:
    """Every trace merged with ``changes``: ``fig``."""
    for trace in fig["data"]:
        merge(trace, changes)
    return fig


def add_vline(
    fig: Figure,
    x: float,
    label: str = "",
    side: str = "top right",
    colour: str = STATE_COLOUR,
    below: bool = False,
    shift: int = 0,
) -> Figure:
    """A dashed vertical line across the plot at ``x``, with ``label`` at its ``side``
    ("top right": right of the line, "top left": left of it) ``shift`` pixels up; ``below``
    draws it behind the traces."""
    layout = fig.setdefault("layout", {})
    line = {
        "type": "line",
        "xref": "x",
        "yref": "y domain",
        "x0": x,
        "x1": x,
        "y0": 0,
        "y1": 1,
        "line": {"color": colour, "dash": "dash"},
    }
    if below:
        line["layer"] = "below"
    layout.setdefault("shapes", []).append(line)
    if label:
        note = {
            "text": label,
            "showarrow": False,
            "x": x,
            "xref": "x",
            "y": 1,
            "yref": "y domain",
            "xanchor": "left" if side.endswith("right") else "right",
            "yanchor": "top",
        }
        if shift:
            note["yshift"] = shift
        layout.setdefault("annotations", []).append(note)
    return fig


def apply_layout(
    fig: Figure, title: str, x_title: str = "", y_title: str = "", height: int = 420
) -> Figure:
    """Title (naming the unit), fonts, margins, white background and light grid: ``fig``."""
    update_layout(
        fig,
        title={"text": title, "x": 0.01, "xanchor": "left", "font": {"size": 16}},
        font={"family": FONT, "size": 12},
        height=height,
        margin={"l": 10, "r": 40, "t": 70, "b": 40},
        modebar={"orientation": "v"},
        plot_bgcolor="white",
        paper_bgcolor="white",
        hoverlabel={"font": {"family": FONT}},
        legend={"orientation": "h", "y": -0.18},
    )
    grid = {"automargin": True, "gridcolor": "#e5e5e5", "zeroline": False}
    update_axis(fig, "xaxis", title={"text": x_title}, **grid)
    return update_axis(fig, "yaxis", title={"text": y_title}, **grid)


def nice_ticks(vmax: float, count: int = 5) -> list[float]:
    """Round tick positions from 0 to at least ``vmax`` (1, 2, 2.5 or 5 times a power of ten)."""
    if vmax is None or vmax <= 0 or math.isnan(vmax):
        return [0.0]
    raw = vmax / count
    power = 10 ** math.floor(math.log10(raw))
    step = max(1.0, next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw))
    ticks = [0.0]
    while ticks[-1] < vmax:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def indian_axis(values: list[float | None], lang: str) -> dict:
    """Tick values and Indian-grouped labels (lakh/crore) for a count or rupee axis."""
    finite = [v for v in values if v is not None]
    ticks = nice_ticks(max(finite) if finite else 0)
    return {"tickvals": ticks, "ticktext": [format_compact(v, lang) for v in ticks]}


def period_axis(periods: list, lang: str, max_ticks: int = 8) -> dict:
    """Ticks at the periods plotted, named as officials name them: months 'Jul 2020'
    ('जुलाई 2020'), days and weeks '6 Jul' with the year on the first tick of each year;
    at most ``max_ticks`` of them, evenly spaced (Plotly's own date ticks fall between
    periods and read 'Mar 1, Mar 31, Apr 30' for monthly values)."""
    dates = sorted({dt.date.fromisoformat(str(p)[:10]) for p in periods if p is not None})
    if not dates:
        return {}
    shown = dates[:: max(1, math.ceil(len(dates) / max_ticks))]
    if all(d.day == 1 for d in dates) and len(dates) > 1:
        text = [format_month(d, lang) for d in shown]
    else:
        text = [
            format_day(d, lang, year=i == 0 or d.year != shown[i - 1].year)
            for i, d in enumerate(shown)
        ]
    return {"tickvals": [d.isoformat() for d in shown], "ticktext": text, "tickangle": 0}


def wrap_label(text: str, width: int = 14) -> str:
    """A label broken into lines of about ``width`` characters at spaces ('Relief<br>
    beneficiaries'), so that long axis labels do not squeeze the plot on a phone."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


def empty_figure(message: str, title: str = "") -> Figure:
    """A blank figure that says why it is blank (no data for the selection)."""
    note = {"text": message, "showarrow": False, "x": 0.5, "y": 0.5}
    fig = figure(annotations=[{**note, "xref": "paper", "yref": "paper"}])
    apply_layout(fig, title, height=260)
    update_axis(fig, "xaxis", visible=False)
    return update_axis(fig, "yaxis", visible=False)
