"""e-Office figures: a district's offices ranked on the share of their files moved
electronically, drawn as the districts are (ranking.ranked_bar), by the same rule."""

from __future__ import annotations

import polars as pl

from dashboards.catalog import format_value, plot_value
from dashboards.figures.ranking import kpi_title, ranked_bar
from dashboards.figures.style import STATE_COLOUR, Figure, add_vline, update_layout
from dashboards.i18n import data_name, district_name, t

KPI = "eoffice_electronic_share"


def office_share_bars(
    offices: pl.DataFrame,
    district: str,
    district_share: float | None,
    lang: str = "en",
    min_cases: int = 30,
    status: str | None = "final",
) -> Figure:
    """The offices of one district ranked on their electronic share, best at the top, with
    the district's own share as a dashed line.

    ``offices`` has one row per office: office, electronic, files, electronic_share, ci_low,
    ci_high. ``status`` is the period's (final | provisional | partial): the rule of
    dashboards.comparison ranks the offices as it ranks districts (Wilson intervals, shared
    ranks; fewer than ``min_cases`` files: grey, with the count, not ranked). Office names are
    data, written by i18n.data_name (quoted on a Hindi page).
    """
    names = [data_name(office, lang) for office in offices["office"].to_list()]
    values = offices.select(
        pl.Series("district", names, dtype=pl.Utf8),
        pl.col("electronic_share").alias("value"),
        pl.col("electronic").cast(pl.Float64).alias("numerator"),
        pl.col("files").cast(pl.Float64).alias("denominator"),
        "ci_low",
        "ci_high",
        pl.lit(status, dtype=pl.Utf8).alias("status"),
    )
    fig = ranked_bar(values, KPI, lang, min_cases)
    where = district_name(district, lang)
    title = kpi_title(KPI, lang, t("eo.chart_title", lang, district=where))
    update_layout(fig, title={"text": title})
    if district_share is not None:
        add_vline(
            fig,
            plot_value(KPI, district_share),
            f"{where}: {format_value(KPI, district_share, lang)}",
            colour=STATE_COLOUR,
            below=True,
            shift=18,
        )
    return fig
