"""e-Office queries on `kpi_eoffice_offices`: one district's offices, and each office's
departments, for one month or the whole period, with the electronic share's Wilson interval
as the mart computed it. Every value is a parameter; results are cached per snapshot
version."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from dashboards.access import require_district_detail
from dashboards.data.cache import fetch

EOFFICE_OFFICES = "kpi_eoffice_offices"


def eoffice_offices(warehouse: Path, district: str, grain: str, month: str | None) -> pl.DataFrame:
    """The rows of one district for grain 'month' (``month``: the month's first day, ISO) or
    'total' (``month`` ignored): level 'office' (all the office's departments together) and
    'department' (one department of it; department null when the export left it empty),
    ordered by office, the office's own row first."""
    require_district_detail(district)
    return fetch(
        warehouse,
        "select office, level, department, files, electronic, electronic_share, ci_low, "
        "ci_high, files_moved, median_days_per_movement, files_idle, "
        "strftime(as_of, '%Y-%m-%d') as as_of "
        f"from {EOFFICE_OFFICES} where district = ? and grain = ? "
        "and (grain = 'total' or period_start = try_cast(? as date)) "
        "order by office, level desc, department nulls last",
        (district, grain, month),
    )
