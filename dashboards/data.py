"""Every query the dashboard runs: read-only, parameterised, cached per snapshot version.

Rules this module keeps (DESIGN.md):
- Only the published snapshot is opened, through ``warehouse.snapshot.connect_snapshot``: one
  short-lived read-only connection per query, closed before the result is used.
- Values from the page (KPI ids, districts, periods) reach SQL only as ``?`` parameters. Table
  names are constants of this module, never taken from a request.
- Only small marts are read (kpi_values, the scorecard, the per-district marts, dq_results,
  quarantine): no query scans a ``stg_`` fact table or a personal column.
- Results are cached per (snapshot version, query, parameters). A refresh swaps the snapshot
  with ``os.replace``; a query that raced the swap (the version changed while it ran, or the
  old file vanished under it) is run once more on the new file and only a result read from a
  stable version is cached, so a page never mixes two snapshots from the cache.
- Queries run one at a time per process: DuckDB hands a new ``connect()`` the database a
  still-open connection holds, which after a swap is the *old* file.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TypeVar

import duckdb
import polars as pl

from warehouse.districts import STATE
from warehouse.snapshot import SnapshotMissingError, connect_snapshot, snapshot_version

# The marts this module reads (names and columns as written by warehouse/models/marts/).
KPI_VALUES = "kpi_values"
KPI_CATALOG = "kpi_catalog"
SCORECARD = "kpi_scorecard"
SERVICE_CENTRES = "kpi_service_centres_monthly"
SERVICE_GROUPS = "kpi_service_groups"
WAIT_HISTOGRAM = "kpi_service_wait_histogram"
FUNNELS = "kpi_funnels"
GRIEVANCES = "kpi_grievances_monthly"
FRESHNESS = "kpi_source_freshness"
QUARANTINE_SUMMARY = "kpi_quarantine_summary"
DQ_RESULTS = "dq_results"

CACHE_SIZE = 512
T = TypeVar("T")

_lock = threading.Lock()
_cache: OrderedDict[tuple, pl.DataFrame] = OrderedDict()
_stats = {"queries": 0, "hits": 0}


class MartMissingError(RuntimeError):
    """The snapshot has no such table (a mart not built yet): pages say so instead of failing."""

    def __init__(self, table: str):
        super().__init__(f"the published snapshot has no table {table}")
        self.table = table


def clear_cache() -> None:
    """Forget every cached result (tests; the cache also drops old versions by itself)."""
    with _lock:
        _cache.clear()
        _stats.update(queries=0, hits=0)


def cache_stats() -> dict[str, int]:
    """How many queries reached DuckDB and how many were served from the cache."""
    return dict(_stats)


def snapshot_exists(warehouse: Path) -> bool:
    """Whether a snapshot has been published beside ``warehouse``."""
    return snapshot_version(warehouse) is not None


# The snapshot version a callback reads, when it renders inside `one_snapshot`.
_pinned: ContextVar[tuple[str, str] | None] = ContextVar("jansewa_pinned_snapshot", default=None)


class SnapshotChanged(RuntimeError):
    """A refresh swapped the snapshot in the middle of a block pinned to the old one."""


@contextmanager
def one_snapshot(warehouse: Path) -> Iterator[None]:
    """Every `fetch` inside the block answers from one snapshot version, or the block fails
    with SnapshotChanged (see `render_consistently`). Nested blocks share the outer one.

    No connection is held across the block: while any connection to a path is open, DuckDB
    hands new connections that same (old) file, which would poison the cache for other
    threads.
    """
    if _pinned.get() is not None:
        yield
        return
    version = snapshot_version(warehouse)
    if version is None:
        raise SnapshotMissingError(f"no published snapshot beside {warehouse}")
    token = _pinned.set((str(Path(warehouse)), version))
    try:
        yield
    finally:
        _pinned.reset(token)


def render_consistently(warehouse: Path, render: Callable[[], T]) -> T:
    """``render()`` with all its queries from one snapshot: a callback that draws a ranking
    and a trend from two queries never shows one from the old snapshot beside one from the
    new. A swap mid-render starts the render again on the new snapshot."""
    if _pinned.get() is not None:  # inside a pinned page: a swap re-renders the whole page
        return render()
    for _ in range(3):
        try:
            with one_snapshot(warehouse):
                return render()
        except SnapshotChanged:
            continue
    with one_snapshot(warehouse):  # three swaps in a row: a last try, errors surface
        return render()


def _run(warehouse: Path, sql: str, params: tuple) -> pl.DataFrame:
    with connect_snapshot(warehouse) as con:
        cur = con.execute(sql, list(params))
        columns = [d[0] for d in cur.description]
        rows = cur.fetchall()
    return pl.DataFrame(rows, schema=columns, orient="row", infer_schema_length=None)


def _missing_table(exc: duckdb.Error) -> str | None:
    text = str(exc)
    if isinstance(exc, duckdb.CatalogException) and "Table with name" in text:
        return text.split("Table with name", 1)[1].split("does not exist", 1)[0].strip()
    return None


def fetch(warehouse: Path, sql: str, params: tuple = ()) -> pl.DataFrame:
    """Rows of one parameterised query on the snapshot, cached per snapshot version.

    Raises SnapshotMissingError when nothing is published and MartMissingError when the
    snapshot lacks a table the query reads.
    """
    warehouse = Path(warehouse)
    params = tuple(params)
    frozen = tuple(tuple(p) if isinstance(p, list) else p for p in params)
    pinned = _pinned.get()
    pinned_version = pinned[1] if pinned is not None and pinned[0] == str(warehouse) else None
    for attempt in range(2):
        before = snapshot_version(warehouse)
        if before is None:
            raise SnapshotMissingError(f"no published snapshot beside {warehouse}")
        if pinned_version is not None and before != pinned_version:
            key = (str(warehouse), pinned_version, sql, frozen)
            with _lock:
                if key in _cache:  # answered from the pinned snapshot before the swap
                    _stats["hits"] += 1
                    return _cache[key]
            raise SnapshotChanged(str(warehouse))
        key = (str(warehouse), before, sql, frozen)
        with _lock:
            if key in _cache:
                _stats["hits"] += 1
                _cache.move_to_end(key)
                return _cache[key]
            try:
                _stats["queries"] += 1
                frame = _run(warehouse, sql, params)
            except (duckdb.Error, FileNotFoundError) as exc:
                table = _missing_table(exc) if isinstance(exc, duckdb.Error) else None
                if snapshot_version(warehouse) != before:
                    if pinned_version is not None:
                        raise SnapshotChanged(str(warehouse)) from exc
                    if attempt == 0:
                        continue  # the snapshot was swapped under the query: once more
                if table:
                    raise MartMissingError(table) from exc
                raise
            after = snapshot_version(warehouse)
            if after != before:
                if pinned_version is not None:
                    raise SnapshotChanged(str(warehouse))
                if attempt == 0:
                    continue
                return frame  # swapped twice in a row: answer, but do not cache
            for old in [k for k in _cache if k[0] == key[0] and k[1] != before]:
                del _cache[old]
            _cache[key] = frame
            while len(_cache) > CACHE_SIZE:
                _cache.popitem(last=False)
            return frame
    raise RuntimeError("unreachable")  # pragma: no cover


def table_exists(warehouse: Path, table: str) -> bool:
    """Whether the snapshot has ``table`` (a constant of this module)."""
    frame = fetch(
        warehouse,
        "select count(*) as n from information_schema.tables where table_name = ?",
        (table,),
    )
    return bool(frame["n"][0])


def data_docs_published(warehouse: Path) -> bool:
    """Whether the snapshot was published with Data Docs (recorded in the snapshot itself,
    so the page's answer changes exactly when the data does)."""
    try:
        frame = fetch(
            warehouse,
            "select data_docs from publications order by published_at desc limit 1",
        )
    except (MartMissingError, SnapshotMissingError, duckdb.BinderException):
        return False
    return bool(frame.height and frame["data_docs"][0])


def published_at(warehouse: Path) -> dt.datetime | None:
    """When the current snapshot was swapped in (its file time), for the page footer."""
    from warehouse.snapshot import snapshot_path

    try:
        return dt.datetime.fromtimestamp(snapshot_path(warehouse).stat().st_mtime)
    except FileNotFoundError:
        return None


# ---------------------------------------------------------------- kpi_values


def kpi_ids(warehouse: Path) -> list[str]:
    """Every KPI id the snapshot has."""
    frame = fetch(warehouse, f"select distinct kpi from {KPI_VALUES} order by kpi")
    return frame["kpi"].to_list()


def periods(warehouse: Path, grain: str) -> list[str]:
    """Period starts (ISO dates) of a grain, newest first."""
    frame = fetch(
        warehouse,
        f"select distinct strftime(period_start, '%Y-%m-%d') as period_start from {KPI_VALUES} "
        "where grain = ? order by period_start desc",
        (grain,),
    )
    return frame["period_start"].to_list()


def kpi_by_district(warehouse: Path, kpi: str, grain: str, period: str) -> pl.DataFrame:
    """One KPI for one period: a row per district and the state row (district = Haryana)."""
    return fetch(
        warehouse,
        f"select district, numerator, denominator, value from {KPI_VALUES} "
        "where kpi = ? and grain = ? and period_start = try_cast(? as date) order by district",
        (kpi, grain, period),
    )


def kpi_trend(warehouse: Path, kpi: str, grain: str, districts: list[str]) -> pl.DataFrame:
    """One KPI over time for the chosen districts and the state."""
    names = sorted(set(districts) | {STATE})
    return fetch(
        warehouse,
        f"select district, strftime(period_start, '%Y-%m-%d') as period_start, numerator, "
        f"denominator, value from {KPI_VALUES} "
        "where kpi = ? and grain = ? and list_contains(cast(? as varchar[]), district) "
        "order by district, period_start",
        (kpi, grain, names),
    )


def period_values(warehouse: Path, grain: str, period: str) -> pl.DataFrame:
    """Every KPI of every district (and the state) for one period: ~1,000 rows."""
    return fetch(
        warehouse,
        f"select district, kpi, numerator, denominator, value from {KPI_VALUES} "
        "where grain = ? and period_start = try_cast(? as date) order by kpi, district",
        (grain, period),
    )


def state_values(warehouse: Path, grain: str, period_list: list[str]) -> pl.DataFrame:
    """The state row of every KPI for the given periods (current and previous)."""
    return fetch(
        warehouse,
        f"select strftime(period_start, '%Y-%m-%d') as period_start, kpi, numerator, "
        f"denominator, value from {KPI_VALUES} "
        "where district = ? and grain = ? "
        "and list_contains(try_cast(? as date[]), period_start) order by kpi, period_start",
        (STATE, grain, list(period_list)),
    )


def category_mix(warehouse: Path, district: str, grain: str) -> pl.DataFrame:
    """Share of calls per category over time for one district (or the state)."""
    return fetch(
        warehouse,
        f"select strftime(period_start, '%Y-%m-%d') as period_start, "
        "substr(kpi, length('call_category_share.') + 1) as category, numerator, denominator, value "
        f"from {KPI_VALUES} where district = ? and grain = ? "
        "and starts_with(kpi, 'call_category_share.') order by period_start, category",
        (district, grain),
    )


# ---------------------------------------------------------------- scorecard


def kpi_catalog(warehouse: Path) -> pl.DataFrame:
    """Every KPI id with its kind, unit and direction (higher | lower | null)."""
    return fetch(
        warehouse, f"select kpi, label, kind, unit, direction from {KPI_CATALOG} order by kpi"
    )


def scorecard_periods(warehouse: Path, grain: str) -> list[str]:
    """Period starts (ISO) the scorecard covers at a grain ('month' or 'total'), newest first."""
    frame = fetch(
        warehouse,
        f"select distinct strftime(period_start, '%Y-%m-%d') as period_start from {SCORECARD} "
        "where grain = ? order by period_start desc",
        (grain,),
    )
    return frame["period_start"].to_list()


def scorecard(warehouse: Path, grain: str, period: str) -> pl.DataFrame:
    """The district scorecard of one period: composite index, rank, rank change, missing KPIs."""
    return fetch(
        warehouse,
        "select district, composite_index, composite_rank, previous_rank, rank_change, "
        f"kpis_scored, kpis_total, kpis_missing from {SCORECARD} "
        "where grain = ? and period_start = try_cast(? as date) "
        "order by composite_rank nulls last, district",
        (grain, period),
    )


# ---------------------------------------------------------------- funnels, service, grievances


def funnels(warehouse: Path, district: str) -> pl.DataFrame:
    """Pass (applied, decided, approved) and relief (registered, eligible, paid) funnel steps."""
    return fetch(
        warehouse,
        f"select funnel, step_order, step, records, share_of_first from {FUNNELS} "
        "where district = ? order by funnel, step_order",
        (district,),
    )


def service_months(warehouse: Path) -> list[str]:
    """Months of the counter-service marts, newest first."""
    frame = fetch(
        warehouse,
        f"select distinct strftime(month, '%Y-%m-%d') as month from {SERVICE_CENTRES} "
        "order by month desc",
    )
    return frame["month"].to_list()


def service_centres(warehouse: Path, month: str, district: str | None) -> pl.DataFrame:
    """RTS figures per centre and department of one month (one district, or all)."""
    return fetch(
        warehouse,
        "select district, centre, coalesce(centre_type, '') as centre_type, department, "
        "transactions, rts_score, rts_on_time_rate, overdue_pending "
        f"from {SERVICE_CENTRES} where month = try_cast(? as date) "
        "and (cast(? as varchar) is null or district = ?) "
        "order by district, centre, department",
        (month, district, district),
    )


def service_groups(warehouse: Path, month: str, scope: str | None, dimension: str) -> pl.DataFrame:
    """RTS score, on-time rate, within-30/45 shares and overdue of one month per member of a
    dimension ('scope', 'centre' or 'department') of one scope (a district or Haryana); scope
    None means every district (each district's own rows, the state's left out)."""
    return fetch(
        warehouse,
        "select scope as district, member, transactions, rts_scored, rts_score, "
        "within_30_min_share, within_45_min_share, rts_on_time_rate, overdue_pending "
        f"from {SERVICE_GROUPS} where grain = 'month' and period_start = try_cast(? as date) "
        "and dimension = ? "
        "and (scope = ? or (cast(? as varchar) is null and scope <> ?)) "
        "order by scope, member",
        (month, dimension, scope, scope, STATE),
    )


def wait_histogram(warehouse: Path, month: str, district: str | None) -> pl.DataFrame:
    """Completed transactions per 5-minute waiting-time bucket (one district, or all summed);
    the overflow bucket (> 120 min) has bucket_upper_min null."""
    return fetch(
        warehouse,
        "select bucket_lower_min, bucket_upper_min, is_overflow, rts_points, "
        "sum(transactions) as transactions "
        f"from {WAIT_HISTOGRAM} where month = try_cast(? as date) "
        "and (cast(? as varchar) is null or district = ?) "
        "group by all order by bucket_lower_min",
        (month, district, district),
    )


def grievances(warehouse: Path, month: str, district: str | None) -> pl.DataFrame:
    """Grievances received, disposed and pending over 30 days per channel (month received)."""
    return fetch(
        warehouse,
        "select channel, sum(received) as received, sum(disposed) as disposed, "
        "sum(pending) as pending, sum(pending_over_30d) as pending_over_30d "
        f"from {GRIEVANCES} where month = try_cast(? as date) "
        "and (cast(? as varchar) is null or district = ?) "
        "group by channel order by channel",
        (month, district, district),
    )


# ---------------------------------------------------------------- data quality


def dq_latest(warehouse: Path) -> pl.DataFrame:
    """Each source's results from its latest validation run, failures first. Example values
    are not read: they may carry record ids."""
    return fetch(
        warehouse,
        "with latest as (select source, arg_max(run_id, validated_at) as run_id "
        f"from {DQ_RESULTS} group by source) "
        "select d.source, d.expectation, d.severity, d.success, d.unexpected_count, "
        "d.observed_value, strftime(d.validated_at, '%Y-%m-%d %H:%M') as validated_at "
        f"from {DQ_RESULTS} as d join latest as l on l.source = d.source and l.run_id = d.run_id "
        "order by d.success, d.severity, d.source, d.expectation",
    )


def freshness(warehouse: Path) -> pl.DataFrame:
    """Newest record per source and district, and how many days it trails the source's
    freshest district (0 = as fresh as any)."""
    return fetch(
        warehouse,
        "select source, district, records, strftime(last_event_day, '%Y-%m-%d') as last_event_day, "
        "strftime(last_loaded_at, '%Y-%m-%d %H:%M') as last_loaded_at, "
        "date_diff('day', last_event_day, max(last_event_day) over (partition by source)) as age_days "
        f"from {FRESHNESS} order by source, district",
    )


def quarantine_summary(warehouse: Path) -> pl.DataFrame:
    """Quarantined rows per source, reason and file (counts only, never row contents)."""
    return fetch(
        warehouse,
        f"select source, reason, file, rows, columns from {QUARANTINE_SUMMARY} "
        "order by rows desc, source, reason, file",
    )


# ---------------------------------------------------------------- the defensible scorecard

SCORECARD_THEMES = "kpi_scorecard_themes"
SCORECARD_RANGES = "kpi_scorecard_rank_ranges"
SCORECARD_SENSITIVITY = "kpi_scorecard_sensitivity"
SCORECARD_KENDALL = "kpi_scorecard_kendall"
SCORECARD_ATTRIBUTION = "kpi_scorecard_attribution"
TARGET_ATTAINMENT = "kpi_target_attainment"
GAMING_FLAGS = "kpi_gaming_flags"


def scorecard_choices(warehouse: Path) -> list[tuple[str, str]]:
    """(grain, period_start ISO) the scorecard covers: months newest first, then the total."""
    frame = fetch(
        warehouse,
        f"select distinct grain, strftime(period_start, '%Y-%m-%d') as period_start "
        f"from {SCORECARD} order by grain = 'total', period_start desc",
    )
    return list(zip(frame["grain"].to_list(), frame["period_start"].to_list(), strict=True))


def scorecard_full(warehouse: Path, grain: str, period: str) -> pl.DataFrame:
    """One period's scorecard with rank ranges, ties, gate flags and target status counts."""
    return fetch(
        warehouse,
        "select s.district, s.division, s.composite_index, s.composite_rank, s.division_rank, "
        "s.rank_change, s.composite_change, s.improvement_rank, s.kpis_too_few, "
        "s.gate_flagged, s.gate_reasons, s.rank_withheld, r.rank_low, r.rank_high, "
        "r.tied_with, t.met, t.near, t.missed "
        f"from {SCORECARD} as s left join {SCORECARD_RANGES} as r "
        "on r.grain = s.grain and r.period_start = s.period_start and r.district = s.district "
        "left join (select district, count(*) filter (where status = 'met') as met, "
        "count(*) filter (where status = 'near') as near, "
        "count(*) filter (where status = 'missed') as missed "
        f"from {TARGET_ATTAINMENT} where grain = ? and period_start = try_cast(? as date) "
        "group by district) as t on t.district = s.district "
        "where s.grain = ? and s.period_start = try_cast(? as date) "
        "order by s.composite_rank nulls last, s.district",
        (grain, period, grain, period),
    )


def scorecard_themes(warehouse: Path, grain: str, period: str) -> pl.DataFrame:
    """Theme sub-indices and ranks (statewide and within the division) of one period."""
    return fetch(
        warehouse,
        "select district, division, theme, sub_index, theme_rank, theme_division_rank "
        f"from {SCORECARD_THEMES} where grain = ? and period_start = try_cast(? as date) "
        "order by theme, district",
        (grain, period),
    )


def scorecard_sensitivity(warehouse: Path, grain: str, period: str) -> pl.DataFrame:
    """Ranks under the reviewed, equal and theme-equal weights, and their spread."""
    return fetch(
        warehouse,
        "select district, rank_reviewed, rank_equal, rank_theme_equal, rank_spread, "
        f"weighting_dependent from {SCORECARD_SENSITIVITY} "
        "where grain = ? and period_start = try_cast(? as date) order by rank_reviewed, district",
        (grain, period),
    )


def scorecard_kendall(warehouse: Path, grain: str, period: str) -> pl.DataFrame:
    """Kendall's tau between each pair of weightings' rankings."""
    return fetch(
        warehouse,
        f"select weighting_a, weighting_b, kendall_tau, districts from {SCORECARD_KENDALL} "
        "where grain = ? and period_start = try_cast(? as date) order by weighting_a, weighting_b",
        (grain, period),
    )


def attribution(warehouse: Path, district: str, period: str) -> pl.DataFrame:
    """Each scored KPI's contribution to one district's composite change in a month."""
    return fetch(
        warehouse,
        "select kpi, theme, score_before, score_now, contribution, composite_change "
        f"from {SCORECARD_ATTRIBUTION} where district = ? and period_start = try_cast(? as date) "
        "order by abs(contribution) desc, kpi",
        (district, period),
    )


def latest_attribution_month(warehouse: Path, district: str) -> str | None:
    """The newest month with an attribution for a district (ISO), or None."""
    frame = fetch(
        warehouse,
        "select max(strftime(period_start, '%Y-%m-%d')) as period_start "
        f"from {SCORECARD_ATTRIBUTION} where district = ?",
        (district,),
    )
    return frame["period_start"][0] if frame.height else None


def gaming_flags(warehouse: Path, district: str) -> pl.DataFrame:
    """The gaming cross-checks of one district, month by month, newest first."""
    return fetch(
        warehouse,
        "select strftime(period_start, '%Y-%m-%d') as period_start, check_name, numerator, "
        f"denominator, share, threshold, flagged from {GAMING_FLAGS} where district = ? "
        "order by period_start desc, check_name",
        (district,),
    )
