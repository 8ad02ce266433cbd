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
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import duckdb
import plotly.graph_objects as go
import polars as pl

from pipelines.settings import resolve_warehouse
from pipelines.snapshot import connect_snapshot, snapshot_path
from pipelines.sources import HELPLINE_CATEGORIES, SOURCES
from warehouse.districts import STATE, canonical_district, district_names, lookup_key
from warehouse.kpis import query_kpis

Day = dt.date | str | None
GRAINS = ("day", "week", "month", "total")
CATEGORY_PREFIX = "call_category_share."

# Names a notebook may read. Marts are kpi_* (daily facts, kpi_values, the scorecard and the
# small per-centre / histogram / funnel marts); the rest are the validation and load summaries
# that carry counts and reasons, never rows of an export.
_ALLOWED_TABLE = re.compile(r"^(kpi_[a-z0-9_]+|dq_results)$")
# Never readable, even if a future rename made them match the pattern above.
_REFUSED_PREFIXES = ("raw_", "stg_")

# State-level spellings accepted wherever a district is.
_STATE_KEYS = {lookup_key(s) for s in (STATE, "हरियाणा", "state", "all")}


class TableNotAllowedError(ValueError):
    """A table name outside the notebook allow-list (or absent from the snapshot)."""


# --- connections and names ----------------------------------------------------------------


def snapshot_file(warehouse: str | Path | None = None) -> Path:
    """The published snapshot a notebook reads: beside $JANSEWA_WAREHOUSE or the default."""
    return snapshot_path(resolve_warehouse(warehouse))


@contextmanager
def connect(warehouse: str | Path | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the published snapshot, closed when the block ends.

    For the rare question the helpers below do not answer; prefer them, since they keep to
    the allow-list. Raises SnapshotMissingError (a FileNotFoundError) before any refresh.
    """
    with connect_snapshot(resolve_warehouse(warehouse)) as con:
        yield con


def _frame(
    con: duckdb.DuckDBPyConnection, sql: str, params: Sequence | None = None
) -> pl.DataFrame:
    return con.sql(sql, params=list(params or [])).pl()


def _query(warehouse: str | Path | None, sql: str, params: Sequence | None = None) -> pl.DataFrame:
    with connect(warehouse) as con:
        return _frame(con, sql, params)


def resolve_district(name: str) -> str:
    """The canonical name of any spelling of a district, or ``Haryana`` for the state.

    Raises UnknownDistrictError (a ValueError) for a name no reference alias matches: a
    misspelt district must not silently return an empty frame.
    """
    if lookup_key(str(name)) in _STATE_KEYS:
        return STATE
    return canonical_district(name)


def districts() -> list[str]:
    """The 22 canonical district names, alphabetical (the state is not included)."""
    return district_names()


def _day(value: Day) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def _table_columns(con: duckdb.DuckDBPyConnection, name: str) -> dict[str, str]:
    rows = con.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_name = ? order by ordinal_position",
        [name],
    ).fetchall()
    return {column: type_ for column, type_ in rows}


def check_table(name: str) -> str:
    """Return ``name`` if notebooks may read it; raise TableNotAllowedError otherwise.

    Allowed: the marts (``kpi_*``, which include the quarantine summary and source
    freshness) and ``dq_results``. Refused: raw and staging tables, the row-level
    quarantine, the load manifest, anything else.
    """
    if (
        not isinstance(name, str)
        or name.startswith(_REFUSED_PREFIXES)
        or not _ALLOWED_TABLE.match(name)
    ):
        raise TableNotAllowedError(
            f"table {name!r} is not open to notebooks: they read the kpi_* marts and dq_results"
        )
    return name


def list_tables(warehouse: str | Path | None = None) -> list[str]:
    """The allow-listed tables and views this snapshot actually has, alphabetical."""
    names = _query(warehouse, "select table_name from information_schema.tables order by 1")
    out = []
    for name in names.get_column("table_name").to_list():
        try:
            out.append(check_table(name))
        except TableNotAllowedError:
            continue
    return out


# --- catalogue: sources and KPIs -------------------------------------------------------------


def list_sources(warehouse: str | Path | None = None) -> pl.DataFrame:
    """One row per export source: records staged, files loaded, first and last event day.

    Answers "how much is there, and how fresh is it?" before any KPI is read. Reads the
    ``kpi_source_freshness`` mart (per source x district) and counts files in the load
    manifest; sources with nothing loaded yet still get a row, with nulls.
    """
    with connect(warehouse) as con:
        fresh = _frame(
            con,
            "select source, sum(records)::bigint as records, "
            "min(first_event_day) as first_event_day, max(last_event_day) as last_event_day, "
            "max(last_loaded_at) as last_loaded_at "
            "from kpi_source_freshness group by source",
        )
        files = _frame(
            con,
            "select source, count(*) filter (where status <> 'rejected')::bigint as files "
            "from ingest_manifest group by source",
        )
    catalogue = pl.DataFrame(
        {
            "source": list(SOURCES),
            "title": [s.title for s in SOURCES.values()],
        }
    )
    return (
        catalogue.join(fresh, on="source", how="left")
        .join(files, on="source", how="left")
        .select(
            "source",
            "title",
            "records",
            "files",
            "first_event_day",
            "last_event_day",
            "last_loaded_at",
        )
    )


def list_kpis(warehouse: str | Path | None = None) -> pl.DataFrame:
    """Every KPI id with its plain label, kind, unit, direction and source (``kpi_catalog``).

    ``direction`` says which way is better (higher / lower), null where neither is (counts,
    category shares, and the pass approval rate, which is a policy outcome, not a target).
    """
    return _query(
        warehouse, "select kpi, label, kind, unit, direction, source from kpi_catalog order by kpi"
    )


# --- reading KPIs and marts -------------------------------------------------------------------


def kpis(
    district: str | Sequence[str] | None = None,
    kpi: str | Sequence[str] | None = None,
    grain: str = "month",
    date_from: Day = None,
    date_to: Day = None,
    warehouse: str | Path | None = None,
) -> pl.DataFrame:
    """The long KPI table (district, period_start, grain, kpi, numerator, denominator, value).

    Exactly what `jansewa kpis` prints (it is ``warehouse.kpis.query_kpis``), with two
    conveniences for notebooks: ``district`` may be several names (any spelling, ``Haryana``
    for the state) and ``kpi`` several ids or a prefix ending in ``.``
    (``"call_category_share."``). With ``date_from``/``date_to`` only records of those days
    count, re-aggregated at the grain (medians and the composite are then left out).
    """
    names = [resolve_district(n) for n in _as_list(district)]
    ids = _as_list(kpi)
    # KPI ids are filtered here rather than by query_kpis(kpi=...): one code path for one id,
    # several ids and prefixes, and the frame is small once the district is fixed.
    frame = query_kpis(
        resolve_warehouse(warehouse),
        grain=grain,
        date_from=_day(date_from),
        date_to=_day(date_to),
        district=names[0] if len(names) == 1 else None,
    )
    if len(names) > 1:
        frame = frame.filter(pl.col("district").is_in(names))
    if ids:
        wanted = pl.lit(False)
        for k in ids:
            wanted = wanted | (
                pl.col("kpi").str.starts_with(k) if k.endswith(".") else (pl.col("kpi") == k)
            )
        frame = frame.filter(wanted)
        unknown = {k for k in ids if not k.endswith(".")} - set(list_kpis(warehouse)["kpi"])
        if unknown:
            raise ValueError(f"unknown KPI id(s) {', '.join(sorted(unknown))} (see list_kpis())")
    return frame


def _as_list(value: str | Sequence[str] | None) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return list(value)


def table(
    name: str,
    district: str | Sequence[str] | None = None,
    date_from: Day = None,
    date_to: Day = None,
    warehouse: str | Path | None = None,
    **equals: object,
) -> pl.DataFrame:
    """Any allow-listed mart as a Polars frame, filtered.

    ``district`` filters a ``district`` column (any spelling); ``date_from``/``date_to`` filter
    the table's date column (day, period_start, month, week_start or date); other keyword
    arguments are equality filters on columns the table has (``kpi="rts_score"``). Unknown
    tables and unknown filter columns are refused, not ignored.
    """
    check_table(name)
    with connect(warehouse) as con:
        columns = _table_columns(con, name)
        if not columns:
            raise TableNotAllowedError(f"table {name!r} is not in this snapshot")
        where, params = [], []
        names = _as_list(district)
        if names:
            if "district" not in columns:
                raise ValueError(f"{name} has no district column")
            canon = [resolve_district(n) for n in names]
            where.append(f"district in ({', '.join('?' * len(canon))})")
            params += canon
        if date_from is not None or date_to is not None:
            date_col = next(
                (c for c in ("day", "period_start", "month", "week_start", "date") if c in columns),
                None,
            )
            if date_col is None:
                raise ValueError(f"{name} has no date column to filter on")
            if date_from is not None:
                where.append(f'"{date_col}" >= ?')
                params.append(_day(date_from))
            if date_to is not None:
                where.append(f'"{date_col}" <= ?')
                params.append(_day(date_to))
        for column, value in equals.items():
            if column not in columns:
                raise ValueError(f"{name} has no column {column!r}")
            where.append(f'"{column}" = ?')
            params.append(value)
        sql = f'select * from "{name}"' + (f" where {' and '.join(where)}" if where else "")
        return _frame(con, sql, params)


# --- answers two notebooks need ---------------------------------------------------------------


def call_mix(
    district: str, date_from: Day = None, date_to: Day = None, warehouse: str | Path | None = None
) -> pl.DataFrame:
    """Calls by category for one district (or Haryana) over a range, largest first.

    Columns: category, label, calls, share. Counts come from the numerators of the
    ``call_category_share.*`` KPIs at grain total, so they add up to ``calls_received``.
    """
    frame = kpis(district, CATEGORY_PREFIX, "total", date_from, date_to, warehouse)
    return (
        frame.select(
            pl.col("kpi").str.strip_prefix(CATEGORY_PREFIX).alias("category"),
            pl.col("numerator").cast(pl.Int64).alias("calls"),
        )
        .with_columns(
            pl.col("category")
            .replace_strict(
                {k: v[0] for k, v in HELPLINE_CATEGORIES.items()}, default=pl.col("category")
            )
            .alias("label"),
            (pl.col("calls") / pl.col("calls").sum()).alias("share"),
        )
        .select("category", "label", "calls", "share")
        .sort("calls", "category", descending=[True, False])
    )


def ranking(
    kpi: str, date_from: Day = None, date_to: Day = None, warehouse: str | Path | None = None
) -> pl.DataFrame:
    """The 22 districts ranked on one KPI over a range (grain total), best first.

    The direction comes from ``kpi_catalog`` (lower is better for backlogs, medians and
    ranks; higher where the catalogue names no direction); districts with no value (a zero
    denominator) come last, unranked.
    """
    directions = list_kpis(warehouse).filter(pl.col("kpi") == kpi)["direction"].to_list()
    lower_is_better = bool(directions) and directions[0] == "lower"
    frame = kpis(None, kpi, "total", date_from, date_to, warehouse).filter(
        pl.col("district") != STATE
    )
    return (
        frame.sort("value", descending=not lower_is_better, nulls_last=True)
        .with_columns(
            pl.when(pl.col("value").is_not_null())
            .then(pl.col("value").rank("min", descending=not lower_is_better))
            .cast(pl.Int64)
            .alias("rank")
        )
        .select("rank", "district", "kpi", "numerator", "denominator", "value")
    )


def best_district(
    kpi: str, date_from: Day = None, date_to: Day = None, warehouse: str | Path | None = None
) -> str | None:
    """The district that ranks first on a KPI over the range; None if no district has a value."""
    top = ranking(kpi, date_from, date_to, warehouse).filter(pl.col("rank") == 1)
    return top["district"][0] if top.height else None


def trend_vs_state_and_best(
    district: str,
    kpi: str,
    grain: str = "week",
    date_from: Day = None,
    date_to: Day = None,
    warehouse: str | Path | None = None,
) -> go.Figure:
    """A district's trend on a KPI against the state and the best district over the range.

    The question a district office asks first: are we above the state, and how far from the
    best? The best district is ranked at grain total over the same range.
    """
    name = resolve_district(district)
    best = best_district(kpi, date_from, date_to, warehouse)
    names = list(dict.fromkeys(n for n in (STATE, name, best) if n))
    frame = kpis(names, kpi, grain, date_from, date_to, warehouse)
    title = f"{kpi}: {name} vs Haryana" + (f" and the best district ({best})" if best else "")
    return trend_figure(frame, kpi, title=title, highlight=name)


def centre_scores(
    district: str | None = None,
    date_from: Day = None,
    date_to: Day = None,
    warehouse: str | Path | None = None,
) -> pl.DataFrame:
    """Counter service per centre: RTS waiting-time score, on-time and SMS rates, best first.

    From ``kpi_service_centres_monthly`` summed over the months whose first day falls in the
    range (the mart is monthly: a range is counted in whole months). Scores are sums of
    points over sums of scored transactions, never means of monthly scores.
    """
    where, params = ["true"], []
    if district is not None:
        where.append("district = ?")
        params.append(resolve_district(district))
    if date_from is not None:
        where.append("month >= date_trunc('month', ?::date)")
        params.append(_day(date_from))
    if date_to is not None:
        where.append("month <= ?::date")
        params.append(_day(date_to))
    sql = f"""
        select
            district,
            centre,
            any_value(centre_type) as centre_type,
            sum(transactions)::bigint as transactions,
            sum(rts_scored)::bigint as rts_scored,
            sum(rts_points) / nullif(sum(rts_scored), 0) as rts_score,
            sum(on_time) / nullif(sum(delivered_with_timeline), 0) as rts_on_time_rate,
            sum(overdue_pending)::bigint as rts_overdue_pending,
            sum(sms_sent) / nullif(sum(completed), 0) as sms_coverage
        from kpi_service_centres_monthly
        where {" and ".join(where)}
        group by district, centre
        order by rts_score desc nulls last, transactions desc, district, centre
    """
    return _query(warehouse, sql, params)


def wait_histogram(
    district: str | None = None,
    date_from: Day = None,
    date_to: Day = None,
    warehouse: str | Path | None = None,
) -> pl.DataFrame:
    """Counter waiting times in 5-minute buckets, with the share done by each bucket's end.

    From ``kpi_service_wait_histogram`` (monthly, whole months as in ``centre_scores``);
    ``district`` None or ``Haryana`` sums every district. The 30- and 45-minute marks of the
    RTS score fall on bucket edges, so ``share_by_end`` at 30 and 45 reads off directly.
    """
    where, params = ["true"], []
    if district is not None and resolve_district(district) != STATE:
        where.append("district = ?")
        params.append(resolve_district(district))
    if date_from is not None:
        where.append("month >= date_trunc('month', ?::date)")
        params.append(_day(date_from))
    if date_to is not None:
        where.append("month <= ?::date")
        params.append(_day(date_to))
    sql = f"""
        with buckets as (
            select
                bucket_lower_min,
                any_value(bucket_upper_min) as bucket_upper_min,
                bool_or(is_overflow) as is_overflow,
                any_value(rts_points) as rts_points,
                sum(transactions)::bigint as transactions
            from kpi_service_wait_histogram
            where {" and ".join(where)}
            group by bucket_lower_min
        )
        select
            *,
            transactions / sum(transactions) over () as share,
            sum(transactions) over (order by bucket_lower_min)
                / sum(transactions) over () as share_by_end
        from buckets
        order by bucket_lower_min
    """
    return _query(warehouse, sql, params)


def share_within(hist: pl.DataFrame, minutes: int) -> float | None:
    """Share of scored transactions done within ``minutes`` (a bucket edge) of the token."""
    rows = hist.filter(pl.col("bucket_upper_min") == minutes)
    return rows["share_by_end"][0] if rows.height else None


# KPIs whose weekly trend the district report draws against the state and the best district.
REPORT_TREND_KPIS = (
    "call_resolution_rate",
    "food_within_2h_rate",
    "pass_approval_rate",
    "relief_disbursal_coverage",
    "rts_score",
    "grievance_disposal_rate",
)


def report_heading(
    district: str, date_from: Day = None, date_to: Day = None, warehouse: str | Path | None = None
) -> str:
    """The report's title in Markdown: district, the days actually covered, snapshot time.

    An open range is shown as the first/last day the data has, so a printed report says
    what it covers without its reader knowing the parameters.
    """
    name = resolve_district(district)
    first, last = _query(
        warehouse,
        "select min(day) as first, max(day) as last from kpi_daily "
        "where (?::date is null or day >= ?::date) and (?::date is null or day <= ?::date)",
        [_day(date_from), _day(date_from), _day(date_to), _day(date_to)],
    ).row(0)
    published = dt.datetime.fromtimestamp(snapshot_file(warehouse).stat().st_mtime)
    span = f"{first:%d %B %Y} to {last:%d %B %Y}" if first and last else "no data in range"
    return (
        f"# District report: {name}\n\n"
        f"**Period:** {span} · **Data:** published snapshot of {published:%d %B %Y, %H:%M}\n\n"
        "Counts and rates from the Jansewa warehouse; rates carry their numerator and "
        "denominator, and a rate with nothing to count is shown as a dash, not zero."
    )


# --- display ----------------------------------------------------------------------------------


def setup_notebook() -> None:
    """Make charts survive export: Plotly's "notebook" renderer embeds plotly.js in the output.

    Under the default renderer an executed figure is dropped from nbconvert's HTML, and the
    "notebook_connected" one fetches plotly.js from a CDN that district offices cannot reach.
    """
    import plotly.io as pio

    pio.renderers.default = "notebook"
    pl.Config.set_tbl_rows(40)
    pl.Config.set_tbl_cols(12)
    pl.Config.set_fmt_str_lengths(80)


class KpiTable:
    """A KPI long table shown in full (every row, exact counts), for reports and notebooks.

    Polars' own HTML shows a bounded number of rows and rounds; a district report must show
    every KPI with its numerator and denominator, exactly as `jansewa kpis` prints them.
    Rows carry ``data-kpi`` attributes so that tests can read the numbers back from HTML.
    """

    def __init__(
        self, frame: pl.DataFrame, labels: dict[str, str] | None = None, caption: str = ""
    ):
        self.frame = frame
        self.labels = labels or {}
        self.caption = caption

    def _repr_html_(self) -> str:
        heads = ("KPI", "what it measures", "numerator", "denominator", "value")
        head = "".join(f"<th>{c}</th>" for c in heads)
        body = []
        for row in self.frame.iter_rows(named=True):
            kpi = html.escape(row["kpi"])
            body.append(
                f'<tr data-kpi="{kpi}"><td><code>{kpi}</code></td>'
                f"<td>{html.escape(self.labels.get(row['kpi'], ''))}</td>"
                f'<td class="num">{_number(row["numerator"])}</td>'
                f'<td class="num">{_number(row["denominator"])}</td>'
                f'<td class="num">{_number(row["value"], 4)}</td></tr>'
            )
        caption = f"<caption>{html.escape(self.caption)}</caption>" if self.caption else ""
        return (
            '<table class="jansewa-kpis">'
            f"{caption}<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
        )


def kpi_table(
    frame: pl.DataFrame, caption: str = "", warehouse: str | Path | None = None
) -> KpiTable:
    """Wrap a ``kpis`` frame for display, each id with its plain label from ``kpi_catalog``."""
    labels = dict(list_kpis(warehouse).select("kpi", "label").iter_rows())
    return KpiTable(frame, labels, caption)


def _number(value: float | int | None, decimals: int = 0) -> str:
    if value is None:
        return "&ndash;"
    if decimals and float(value) != int(value):
        return f"{value:,.{decimals}f}"
    return f"{value:,.0f}"


# --- figures (pure: frame in, go.Figure out) ----------------------------------------------------

STATE_COLOUR = "#444444"
HIGHLIGHT_COLOUR = "#d62728"
OTHER_COLOUR = "#9ecae1"


def trend_figure(
    frame: pl.DataFrame, kpi: str, title: str | None = None, highlight: str | None = None
) -> go.Figure:
    """One line per district in ``frame`` (a ``kpis`` result), the state dashed and grey."""
    data = frame.filter(pl.col("kpi") == kpi).sort("period_start")
    fig = go.Figure()
    for name in data["district"].unique(maintain_order=True).to_list():
        part = data.filter(pl.col("district") == name)
        is_state = name == STATE
        fig.add_trace(
            go.Scatter(
                x=part["period_start"].to_list(),
                y=part["value"].to_list(),
                mode="lines+markers",
                name=name,
                line={"dash": "dash", "color": STATE_COLOUR}
                if is_state
                else {"color": HIGHLIGHT_COLOUR, "width": 3}
                if name == highlight
                else {},
            )
        )
    fig.update_layout(
        title=title or kpi,
        xaxis_title="period",
        yaxis_title=kpi,
        height=380,
        margin={"l": 60, "r": 20, "t": 60, "b": 40},
    )
    return fig


def ranked_bar(
    ranked: pl.DataFrame, kpi: str, highlight: str | None = None, title: str | None = None
) -> go.Figure:
    """Horizontal bars of a ``ranking`` frame, best at the top, one district highlighted."""
    rows = ranked.filter(pl.col("value").is_not_null())
    names = rows["district"].to_list()
    colours = [HIGHLIGHT_COLOUR if n == highlight else OTHER_COLOUR for n in names]
    fig = go.Figure(
        go.Bar(
            x=rows["value"].to_list(),
            y=names,
            orientation="h",
            marker={"color": colours},
        )
    )
    fig.update_layout(
        title=title or kpi,
        yaxis={"autorange": "reversed"},
        height=max(300, 24 * len(names) + 100),
        margin={"l": 120, "r": 20, "t": 60, "b": 40},
    )
    return fig


def category_mix_figure(mix: pl.DataFrame, title: str = "Calls by category") -> go.Figure:
    """Bars of a ``call_mix`` frame: calls per category, largest first, share in the label."""
    fig = go.Figure(
        go.Bar(
            x=mix["calls"].to_list(),
            y=mix["label"].to_list(),
            orientation="h",
            text=[f"{c:,} ({s:.1%})" for c, s in zip(mix["calls"], mix["share"], strict=True)],
            textposition="auto",
        )
    )
    fig.update_layout(
        title=title,
        yaxis={"autorange": "reversed"},
        height=max(300, 36 * mix.height + 100),
        margin={"l": 160, "r": 20, "t": 60, "b": 40},
    )
    return fig


def bar_figure(
    frame: pl.DataFrame, x: str, y: str, title: str, color: str | None = None
) -> go.Figure:
    """A plain bar chart of two columns (stacked by ``color`` when given), for small marts."""
    fig = go.Figure()
    if color is None:
        fig.add_trace(go.Bar(x=frame[x].to_list(), y=frame[y].to_list(), name=y))
    else:
        for key in frame[color].unique(maintain_order=True).to_list():
            part = frame.filter(pl.col(color) == key)
            fig.add_trace(go.Bar(x=part[x].to_list(), y=part[y].to_list(), name=str(key)))
        fig.update_layout(barmode="stack")
    fig.update_layout(title=title, height=380, margin={"l": 60, "r": 20, "t": 60, "b": 40})
    return fig


def heatmap_figure(
    frame: pl.DataFrame,
    x: str,
    y: str,
    z: str,
    title: str,
    zmin: float | None = None,
    zmax: float | None = None,
) -> go.Figure:
    """A grid of ``z`` by ``x`` (columns) and ``y`` (rows), e.g. scaled KPI scores by district."""
    xs = frame[x].unique(maintain_order=True).to_list()
    ys = frame[y].unique(maintain_order=True).to_list()
    cells = {(r[x], r[y]): r[z] for r in frame.select(x, y, z).iter_rows(named=True)}
    grid = [[cells.get((cx, cy)) for cx in xs] for cy in ys]
    fig = go.Figure(go.Heatmap(x=xs, y=ys, z=grid, zmin=zmin, zmax=zmax, colorscale="RdYlGn"))
    fig.update_layout(
        title=title,
        height=max(350, 22 * len(ys) + 150),
        yaxis={"autorange": "reversed"},
        margin={"l": 140, "r": 20, "t": 60, "b": 120},
    )
    return fig


def funnel_figure(
    funnels: pl.DataFrame, funnel: str, district: str, title: str | None = None
) -> go.Figure:
    """One funnel of ``kpi_funnels`` (``passes`` or ``relief``) for one district (or Haryana).

    One district per chart: the state's counts are ~20 times a district's, so two funnels on
    one axis would hide the district; compare shares with ``share_of_first`` instead.
    """
    name = resolve_district(district)
    data = funnels.filter(pl.col("funnel") == funnel, pl.col("district") == name).sort("step_order")
    fig = go.Figure(
        go.Funnel(
            y=data["step"].to_list(),
            x=data["records"].to_list(),
            textinfo="value+percent initial",
            marker={"color": HIGHLIGHT_COLOUR if name != STATE else STATE_COLOUR},
        )
    )
    fig.update_layout(
        title=title or f"{name}: {funnel} funnel",
        height=320,
        margin={"l": 120, "r": 20, "t": 60, "b": 40},
    )
    return fig


def waiting_time_figure(
    hist: pl.DataFrame, title: str = "Waiting time at the counter"
) -> go.Figure:
    """Bars of a ``wait_histogram`` frame coloured by RTS points, with the 30/45-minute marks."""
    colours = {10: "#2ca02c", 5: "#ff7f0e", 0: "#d62728"}
    labels = [
        f"> {lo:.0f}" if over else f"{lo:.0f}-{up:.0f}"
        for lo, up, over in hist.select(
            "bucket_lower_min", "bucket_upper_min", "is_overflow"
        ).iter_rows()
    ]
    fig = go.Figure(
        go.Bar(
            x=labels,
            y=hist["transactions"].to_list(),
            marker={"color": [colours.get(p, OTHER_COLOUR) for p in hist["rts_points"].to_list()]},
            customdata=hist["share_by_end"].to_list(),
            hovertemplate="%{x} min: %{y:,} transactions<br>done by then: %{customdata:.1%}<extra></extra>",
        )
    )
    for minutes, text in ((30, "30 min: 10 points"), (45, "45 min: 5 points")):
        if minutes in hist["bucket_upper_min"].to_list():
            position = hist["bucket_upper_min"].to_list().index(minutes) + 0.5
            fig.add_vline(x=position, line_dash="dot", annotation_text=text)
    fig.update_layout(
        title=title,
        xaxis_title="minutes from token to completion",
        yaxis_title="transactions",
        height=380,
        margin={"l": 60, "r": 20, "t": 60, "b": 60},
    )
    return fig


class Markdown:
    """Markdown a notebook can display (a report heading that names its district and range)."""

    def __init__(self, text: str):
        self.text = text

    def _repr_markdown_(self) -> str:
        return self.text
