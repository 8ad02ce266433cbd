"""Readying a dashboard process before its first request: the first callbacks a fresh
worker served took 25-50 ms more than the same callbacks later (opening the snapshot's
reader, Babel's locale data, the KPI catalogue, the small lookups every page makes first).
After a restart or a deployment, that cost fell on the first officials to open a page; the
WSGI entry point (dashboards/wsgi.py) pays it once, before the worker takes requests.

Nothing here is required: a missing snapshot or mart is left for the pages to report.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from dashboards import data
from dashboards.data.optional_columns import OPTIONAL, present
from dashboards.data.readers import wait_for_copies
from dashboards.figures.cell_colours import warm_colour_scales
from dashboards.i18n import LANGS, format_compact, format_day, format_month, format_percent
from warehouse.kpi_catalogue import catalogue
from warehouse.snapshot import SnapshotMissingError

log = logging.getLogger(__name__)


def warm_up(warehouse: Path) -> None:
    """Open the snapshot's reader and run the lookups every page makes first (KPI ids,
    periods and their status per grain, the minimum case count, the case lists' departments,
    the columns of the tables whose newer columns are optional), and wait for the reader's
    copy of the KPI values (dashboards/data/reader_copies.py); load the number and date
    formats of both languages, the KPI catalogue and the colours of the heatmaps' scales."""
    catalogue()
    warm_colour_scales()
    day = dt.date(2020, 5, 28)
    for lang in LANGS:
        format_compact(103515, lang), format_percent(0.5), format_day(day, lang)
        format_month(day, lang)
    try:
        data.kpi_ids(warehouse)
        data.min_cases(warehouse)
        for grain in ("day", "week", "month", "total"):
            data.periods(warehouse, grain)
            data.period_status(warehouse, grain)
        data.case_departments(warehouse, None)
        for table in OPTIONAL:  # information_schema took ~10 ms on a worker's first ask
            present(warehouse, table)
        wait_for_copies(warehouse)
    except (SnapshotMissingError, data.MartMissingError) as exc:
        log.info("dashboard warm-up stopped early: %s", exc)
