"""Every query the dashboard runs: read-only, parameterised, cached per snapshot version.

Pages import this package (``from dashboards import data``; ``data.kpi_ids(...)``); the
modules behind it each have one job:

- ``cache``: `fetch`, the one way a query reaches the snapshot, and its per-version cache;
- ``pinning``: `render_consistently`, every query of a render from one snapshot version;
- ``snapshot_info``: whether a snapshot exists, when it was published, with Data Docs;
- ``period_queries``: which periods are complete, and the minimum number of cases;
- ``kpi_queries``, ``scorecard_queries``, ``service_queries``, ``quality_queries``,
  ``case_queries``, ``eoffice_queries``, ``control_room_queries``: the queries of the pages,
  one function per question.

Rules every module keeps (DESIGN.md):
- Only the published snapshot is opened, read-only: each thread queries through its cursor of
  the process's reader for the snapshot version it saw (``dashboards.data.readers``: the file
  ATTACHed to an in-memory DuckDB, one per version), with no lock held while DuckDB works.
- Values from the page (KPI ids, districts, periods) reach SQL only as ``?`` parameters. Table
  names are module constants, never taken from a request.
- Only small marts are read (kpi_values, the scorecard, the per-district marts, dq_results,
  quarantine): no query scans a ``stg_`` fact table or a personal column.
- A page never mixes two snapshots: see ``cache`` and ``pinning``.
"""

from __future__ import annotations

from dashboards.data.cache import (
    CACHE_SIZE,
    MartMissingError,
    cache_stats,
    clear_cache,
    fetch,
)
from dashboards.data.case_queries import (
    CASE_LIST,
    CASE_SUMMARY,
    case_as_of,
    case_counts,
    case_counts_by_district,
    case_departments,
    case_records,
)
from dashboards.data.control_room_queries import (
    CONTROL_ROOM_HOURLY,
    staffing_by_weekday_hour,
    understaffed_by_hour,
)
from dashboards.data.eoffice_queries import EOFFICE_OFFICES, eoffice_offices
from dashboards.data.kpi_queries import (
    KPI_CATALOG,
    KPI_VALUES,
    category_mix,
    kpi_by_district,
    kpi_catalog,
    kpi_ids,
    kpi_trend,
    period_values,
    periods,
    state_values,
)
from dashboards.data.period_queries import (
    DEFAULT_MIN_CASES,
    KPI_PERIODS,
    latest_complete,
    min_cases,
    period_status,
)
from dashboards.data.pinning import (
    RENDER_TRIES,
    SnapshotChanged,
    SnapshotUnsettled,
    one_snapshot,
    render_consistently,
)
from dashboards.data.quality_queries import (
    DATA_QUALITY,
    DQ_RESULTS,
    FRESHNESS,
    QUARANTINE_SUMMARY,
    dq_flag_history,
    dq_flags,
    dq_latest,
    freshness,
    quarantine_summary,
)
from dashboards.data.scorecard_queries import (
    GAMING_FLAGS,
    SCORECARD,
    SCORECARD_ATTRIBUTION,
    SCORECARD_KENDALL,
    SCORECARD_RANGES,
    SCORECARD_SENSITIVITY,
    SCORECARD_THEMES,
    TARGET_ATTAINMENT,
    attribution,
    gaming_flags,
    latest_attribution_month,
    scorecard,
    scorecard_choices,
    scorecard_drivers,
    scorecard_full,
    scorecard_kendall,
    scorecard_periods,
    scorecard_sensitivity,
    scorecard_themes,
)
from dashboards.data.service_queries import (
    FUNNELS,
    GRIEVANCES,
    SERVICE_CENTRES,
    SERVICE_GROUPS,
    WAIT_HISTOGRAM,
    funnels,
    grievances,
    service_centres,
    service_groups,
    service_months,
    wait_histogram,
)
from dashboards.data.snapshot_info import (
    data_docs_published,
    data_reaches,
    published_at,
    snapshot_exists,
    table_exists,
)

__all__ = [
    "CACHE_SIZE",
    "CASE_LIST",
    "CASE_SUMMARY",
    "CONTROL_ROOM_HOURLY",
    "case_as_of",
    "case_counts",
    "case_counts_by_district",
    "case_departments",
    "case_records",
    "DATA_QUALITY",
    "DEFAULT_MIN_CASES",
    "KPI_PERIODS",
    "DQ_RESULTS",
    "EOFFICE_OFFICES",
    "FRESHNESS",
    "FUNNELS",
    "GAMING_FLAGS",
    "GRIEVANCES",
    "KPI_CATALOG",
    "KPI_VALUES",
    "QUARANTINE_SUMMARY",
    "RENDER_TRIES",
    "SCORECARD",
    "SCORECARD_ATTRIBUTION",
    "SCORECARD_KENDALL",
    "SCORECARD_RANGES",
    "SCORECARD_SENSITIVITY",
    "SCORECARD_THEMES",
    "SERVICE_CENTRES",
    "SERVICE_GROUPS",
    "TARGET_ATTAINMENT",
    "WAIT_HISTOGRAM",
    "MartMissingError",
    "SnapshotChanged",
    "SnapshotUnsettled",
    "attribution",
    "cache_stats",
    "category_mix",
    "clear_cache",
    "data_docs_published",
    "dq_flag_history",
    "dq_flags",
    "dq_latest",
    "eoffice_offices",
    "fetch",
    "freshness",
    "funnels",
    "gaming_flags",
    "grievances",
    "kpi_by_district",
    "kpi_catalog",
    "kpi_ids",
    "kpi_trend",
    "latest_attribution_month",
    "latest_complete",
    "min_cases",
    "one_snapshot",
    "period_status",
    "period_values",
    "periods",
    "published_at",
    "data_reaches",
    "quarantine_summary",
    "render_consistently",
    "scorecard",
    "scorecard_choices",
    "scorecard_drivers",
    "scorecard_full",
    "scorecard_kendall",
    "scorecard_periods",
    "scorecard_sensitivity",
    "scorecard_themes",
    "service_centres",
    "service_groups",
    "service_months",
    "snapshot_exists",
    "staffing_by_weekday_hour",
    "state_values",
    "table_exists",
    "understaffed_by_hour",
    "wait_histogram",
]
