"""Pure functions: small frames in, figures out as plain dicts in Plotly's JSON form (no
plotly.express, ~110 ms a figure, and no graph objects, ~12 ms: see ``style``).

Every figure has a title that names its unit, axis titles with units, colours that stay
readable with colour-blindness (Okabe-Ito for categories, Viridis for sequences) and hover
text written the Indian way (dashboards.i18n). District names follow the chosen language.
No function here touches the warehouse.

Pages import this package (``from dashboards import figures``); the figures live by job in
``style`` (the shared look), ``ranking`` (one KPI across districts), ``profile`` (one
district), ``service``, ``quality``, ``scorecard``, ``cases``, ``eoffice`` (a district's
offices) and ``control_room`` (staffing against need, by hour).
"""

from __future__ import annotations

from dashboards.figures.cases import case_ageing_bars
from dashboards.figures.control_room import staffing_heatmap, understaffed_heatmap
from dashboards.figures.eoffice import office_share_bars
from dashboards.figures.profile import category_mix_bars, funnel, profile_dots
from dashboards.figures.quality import freshness_heatmap, quarantine_bars
from dashboards.figures.ranking import kpi_title, ranked_bar, tile_map, trend_lines
from dashboards.figures.scorecard import (
    attribution_bars,
    composite_bars,
    rank_ranges,
    theme_heatmap,
)
from dashboards.figures.service import category_bar, waiting_histogram
from dashboards.figures.style import (
    FONT,
    NEUTRAL,
    OKABE_ITO,
    SEQUENTIAL,
    STATE_COLOUR,
    empty_figure,
    nice_ticks,
)

__all__ = [
    "FONT",
    "NEUTRAL",
    "OKABE_ITO",
    "SEQUENTIAL",
    "STATE_COLOUR",
    "attribution_bars",
    "case_ageing_bars",
    "category_bar",
    "category_mix_bars",
    "composite_bars",
    "empty_figure",
    "freshness_heatmap",
    "funnel",
    "kpi_title",
    "nice_ticks",
    "office_share_bars",
    "profile_dots",
    "quarantine_bars",
    "rank_ranges",
    "ranked_bar",
    "staffing_heatmap",
    "theme_heatmap",
    "tile_map",
    "trend_lines",
    "understaffed_heatmap",
    "waiting_histogram",
]
