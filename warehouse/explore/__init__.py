"""A small helper API for notebooks: read the published snapshot, get Polars frames, plot.

Notebooks only consume (STYLE.md): they import this module, never open DuckDB files or
write SQL of their own. That keeps three promises in one place:

* readers open the *published snapshot* read-only, never the pipeline's own file, and
  close every connection at once (a DuckDB process keeps seeing an old snapshot while any
  connection to it is open) -- every function here connects, reads and closes;
* notebooks see marts only: table names are checked against an allow-list, so no notebook
  output can show a raw or staging row (personal fields are hashed there, but a notebook has
  no reason to look);
* values reach SQL as parameters, identifiers only after the allow-list and the snapshot's
  own catalogue have vouched for them.

Every function takes ``warehouse=None``: the pipeline's path from ``$JANSEWA_WAREHOUSE`` or
the default ``data/warehouse/jansewa.duckdb``; the snapshot beside it is what is opened.

The package is split by job -- ``connection`` (opening the snapshot), ``arguments``
(district spellings, dates), ``allow_list`` (which tables), ``catalogue`` (sources and KPIs),
``marts`` (reading KPIs and marts), ``answers`` (what several notebooks ask), ``figures``
(frame in, go.Figure out) and ``display`` -- and re-exports every public name, so notebooks
simply `from warehouse import explore as jx`.
"""

from warehouse.explore.allow_list import TableNotAllowedError, check_table, list_tables
from warehouse.explore.answers import (
    REPORT_TREND_KPIS,
    best_district,
    call_mix,
    centre_scores,
    ranking,
    report_heading,
    service_summary,
    trend_vs_state_and_best,
    wait_histogram,
)
from warehouse.explore.arguments import Day, districts, resolve_district
from warehouse.explore.catalogue import list_kpis, list_sources
from warehouse.explore.connection import connect, snapshot_file
from warehouse.explore.display import (
    KpiTable,
    Markdown,
    kpi_table,
    setup_notebook,
)
from warehouse.explore.figures import (
    HIGHLIGHT_COLOUR,
    OTHER_COLOUR,
    STATE_COLOUR,
    bar_figure,
    category_mix_figure,
    funnel_figure,
    heatmap_figure,
    ranked_bar,
    trend_figure,
    waiting_time_figure,
)
from warehouse.explore.marts import CATEGORY_PREFIX, GRAINS, kpis, latest_complete_period, table

__all__ = [
    "CATEGORY_PREFIX",
    "Day",
    "GRAINS",
    "HIGHLIGHT_COLOUR",
    "KpiTable",
    "Markdown",
    "OTHER_COLOUR",
    "REPORT_TREND_KPIS",
    "STATE_COLOUR",
    "TableNotAllowedError",
    "bar_figure",
    "best_district",
    "call_mix",
    "category_mix_figure",
    "centre_scores",
    "check_table",
    "connect",
    "districts",
    "funnel_figure",
    "heatmap_figure",
    "kpi_table",
    "kpis",
    "latest_complete_period",
    "list_kpis",
    "list_sources",
    "list_tables",
    "ranked_bar",
    "ranking",
    "report_heading",
    "resolve_district",
    "setup_notebook",
    "service_summary",
    "snapshot_file",
    "table",
    "trend_figure",
    "trend_vs_state_and_best",
    "wait_histogram",
    "waiting_time_figure",
]
