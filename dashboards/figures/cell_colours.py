"""The colour a colour scale gives a value, and the text colour that reads on it.

A heatmap's cell labels are a text trace of their own, each label black or white by WCAG
contrast with its cell, so the cell's colour has to be known outside Plotly: the scale is
sampled once per process, as Plotly interpolates it, and each value looks its colour up.
"""

from __future__ import annotations

from functools import lru_cache

from dashboards.figures.style import DIVERGING, SEQUENTIAL, SHORTAGE


def _luminance(hex_colour: str) -> float:
    """WCAG relative luminance of '#rrggbb'."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@lru_cache(maxsize=4096)
def text_on(colour: str) -> str:
    """Black or white, whichever reads better on ``colour`` ('#rrggbb') by WCAG contrast:
    Plotly's own choice wrote grey on sky blue (4.2:1) and white on green (3.4:1), under
    the 4.5:1 that AA asks of small text. Black for anything that is not '#rrggbb'."""
    if not (isinstance(colour, str) and len(colour) == 7 and colour.startswith("#")):
        return "#000000"
    light = _luminance(colour)
    return "#ffffff" if 1.05 / (light + 0.05) > (light + 0.05) / 0.05 else "#000000"


def scale_colour(
    value: float, low: float, high: float, scale: str = SEQUENTIAL, reverse: bool = False
) -> str:
    """The colour '#rrggbb' a colour scale gives ``value`` on [low, high], as Plotly draws a
    heatmap cell (for the text written on it: see cell_labels)."""
    return scale_colours([value], low, high, scale, reverse)[0]


def scale_colours(
    values: list[float], low: float, high: float, scale: str = SEQUENTIAL, reverse: bool = False
) -> list[str]:
    """scale_colour of each of ``values``, the scale looked up once: a heatmap of 22
    districts by 24 hours has 528 cells, and making a scale's key cost 2 µs a cell."""
    samples = _scale_samples(_scale_key(scale))
    span = high - low
    out = []
    for value in values:
        share = 0.5 if span == 0 else min(1.0, max(0.0, (value - low) / span))
        out.append(samples[round((1 - share if reverse else share) * _STEPS)])
    return out


# A scale is sampled at every thousandth of its range, in one call per scale and process:
# Plotly validates the whole scale (and rebuilds its table of named scales) on every call,
# ~0.5 ms each, so sampling cell by cell cost a fresh dashboard worker 20-40 ms per heatmap.
_STEPS = 1000


@lru_cache(maxsize=32)
def _scale_samples(scale) -> tuple[str, ...]:
    """'#rrggbb' at shares 0, 0.001, ..., 1 of ``scale`` (a Plotly name or (stop, colour)
    pairs), as Plotly interpolates a heatmap's colours."""
    from plotly.colors import sample_colorscale

    points = [i / _STEPS for i in range(_STEPS + 1)]
    stops = scale if isinstance(scale, str) else [list(p) for p in scale]
    return tuple(_hex(rgb) for rgb in sample_colorscale(stops, points))


def _hex(rgb: str) -> str:
    """'#rrggbb' of Plotly's 'rgb(r, g, b)' (channels may be fractional)."""
    channels = [round(float(c)) for c in rgb[rgb.index("(") + 1 : -1].split(",")]
    return "#" + "".join(f"{c:02x}" for c in channels)


def warm_colour_scales() -> None:
    """Sample the dashboard's own scales before the first request (dashboards/warm.py)."""
    for scale in (SEQUENTIAL, DIVERGING, SHORTAGE):
        _scale_samples(_scale_key(scale))


def _scale_key(scale) -> str | tuple:
    """A scale as a hashable key: its Plotly name, or its (stop, colour) pairs."""
    return scale if isinstance(scale, str) else tuple((float(p), str(c)) for p, c in scale)


def cell_labels(x: list, y: list, text: list[str], colours: list[str], size: int = 12) -> dict:
    """The labels of heatmap cells as a text trace, each black or white by WCAG contrast
    with its cell (text_on): a heatmap's own texttemplate has one colour for every cell, or
    Plotly's choice by brightness, which put white on mid-green at 3.9:1, under AA's 4.5."""
    return {
        "type": "scatter",
        "mode": "text",
        "x": x,
        "y": y,
        "text": text,
        "textfont": {"color": [text_on(c) for c in colours], "size": size},
        "hoverinfo": "skip",
        "showlegend": False,
    }
