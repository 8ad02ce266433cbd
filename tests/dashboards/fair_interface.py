"""The fair-comparison columns of issue 16, added to a test warehouse whose marts lack them.

The dashboard reads `kpi_periods`, `kpi_period_status`, `kpi_values.complete / status` and
`kpi_scorecard.ranked / unranked_reason` (the interface agreed with the warehouse side).
While the warehouse's own models do not write them yet, :func:`add_fair_interface` derives
them here from the marts that exist, with the interface's definitions:

- a source's ``as_of`` is its latest event day statewide (max last_event_day of
  kpi_source_freshness); a period is complete for a source when period_end <= as_of, and
  complete when it is complete for every source with a record on or before period_end;
- a KPI's period is 'partial' (not complete for its source; the composite: every scored
  source), 'provisional' (complete, but as_of < period_end + maturity_days) or 'final';
- a district's composite is ranked when it is scored on at least ``min_kpi_coverage`` of
  the KPIs scored for anyone in the period.

Each step runs only when the table or column is missing, so a warehouse built by models that
already write them is left exactly as built.
"""

from __future__ import annotations

import duckdb


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    rows = con.execute(
        "select column_name from information_schema.columns where table_name = ? "
        "order by ordinal_position",
        [table],
    ).fetchall()
    return [r[0] for r in rows]


def add_fair_interface(con: duckdb.DuckDBPyConnection, min_kpi_coverage: float = 0.75) -> None:
    """Add kpi_periods, kpi_period_status and the new kpi_values / kpi_scorecard columns."""
    if not _columns(con, "kpi_periods"):
        _kpi_periods(con)
    if not _columns(con, "kpi_period_status"):
        _kpi_period_status(con)
    values = _columns(con, "kpi_values")
    if "status" not in values:
        _kpi_values_status(con, values)
    if "ranked" not in _columns(con, "kpi_scorecard"):
        _scorecard_coverage(con, min_kpi_coverage)


def _kpi_periods(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        """
        create or replace table kpi_periods as
        with as_of as (
            select source, min(first_event_day) as first_day, max(last_event_day) as as_of
            from kpi_source_freshness group by source
        ),
        data_end as (select max(day) as last_day from kpi_daily),
        periods as (
            select distinct grain, period_start,
                case grain
                    when 'day' then period_start
                    when 'week' then (period_start + 6)::date
                    when 'month' then last_day(period_start)
                    else (select last_day from data_end)
                end as period_end
            from kpi_values
        )
        select p.grain, p.period_start, p.period_end,
            count(a.source) filter (where a.first_day <= p.period_end)::integer
                as sources_with_data,
            count(a.source) filter (where a.first_day <= p.period_end
                and p.period_end <= a.as_of)::integer as sources_complete,
            count(a.source) filter (where a.first_day <= p.period_end)
                = count(a.source) filter (where a.first_day <= p.period_end
                    and p.period_end <= a.as_of) as complete
        from periods as p cross join as_of as a
        group by all
        order by grain, period_start
        """
    )


def _kpi_period_status(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        """
        create or replace table kpi_period_status as
        with as_of as (
            select source, max(last_event_day) as as_of from kpi_source_freshness group by source
        ),
        scored_as_of as (
            select min(a.as_of) as as_of
            from kpi_catalog as c
            inner join ref_scorecard_weights as w on w.kpi = c.kpi
            inner join as_of as a on a.source = c.source
        ),
        kpi_as_of as (
            select c.kpi, c.maturity_days,
                case when c.source = 'scorecard' then (select as_of from scored_as_of)
                     else a.as_of end as as_of
            from kpi_catalog as c left join as_of as a on a.source = c.source
        ),
        periods as (select distinct v.kpi, p.grain, p.period_start, p.period_end
            from kpi_values as v
            inner join kpi_periods as p on p.grain = v.grain and p.period_start = v.period_start
        )
        select p.kpi, p.grain, p.period_start, p.period_end, k.as_of,
            coalesce(p.period_end <= k.as_of, false) as complete,
            case when not coalesce(p.period_end <= k.as_of, false) then 'partial'
                 when k.as_of < p.period_end + coalesce(k.maturity_days, 0) then 'provisional'
                 else 'final' end as status
        from periods as p left join kpi_as_of as k on k.kpi = p.kpi
        """
    )


def _kpi_values_status(con: duckdb.DuckDBPyConnection, columns: list[str]) -> None:
    before = [c for c in columns if c not in ("ci_low", "ci_high")]
    rest = [c for c in columns if c in ("ci_low", "ci_high")] or [
        "cast(null as double) as ci_low",
        "cast(null as double) as ci_high",
    ]
    select = ", ".join(
        [f"v.{c}" for c in before]
        + ["coalesce(s.complete, false) as complete", "coalesce(s.status, 'partial') as status"]
        + [c if " as " in c else f"v.{c}" for c in rest]
    )
    con.execute(
        f"create or replace table kpi_values_fair as select {select} from kpi_values as v "
        "left join kpi_period_status as s on s.kpi = v.kpi and s.grain = v.grain "
        "and s.period_start = v.period_start"
    )
    con.execute("drop table kpi_values")
    con.execute("alter table kpi_values_fair rename to kpi_values")


def _scorecard_coverage(con: duckdb.DuckDBPyConnection, share: float) -> None:
    con.execute(
        """
        create or replace table kpi_scorecard_fair as
        with needed as (
            select grain, period_start, max(kpis_scored) as kpis_total
            from kpi_scorecard group by all
        )
        select s.* replace (
                n.kpis_total::integer as kpis_total,
                case when s.kpis_scored >= ceil(? * n.kpis_total)
                    and s.composite_index is not null then rank() over (
                        partition by s.grain, s.period_start,
                            s.kpis_scored >= ceil(? * n.kpis_total)
                            and s.composite_index is not null
                        order by round(s.composite_index, 6) desc
                    ) end as composite_rank
            ),
            s.kpis_scored >= ceil(? * n.kpis_total) as ranked,
            case when s.kpis_scored < ceil(? * n.kpis_total) then
                'scored on ' || s.kpis_scored || ' of ' || n.kpis_total
                || ' KPIs, fewer than the ' || ceil(? * n.kpis_total)::integer || ' required'
            end as unranked_reason
        from kpi_scorecard as s
        inner join needed as n on n.grain = s.grain and n.period_start = s.period_start
        """,
        [share] * 5,
    )
    con.execute("drop table kpi_scorecard")
    con.execute("alter table kpi_scorecard_fair rename to kpi_scorecard")
