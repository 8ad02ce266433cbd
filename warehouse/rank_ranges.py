"""kpi_scorecard_rank_ranges, redrawn only for the periods whose inputs changed.

The bootstrap of the ranks (warehouse/uncertainty.py) resamples every scored district-day of
a period 400 times; over a state-year's 14 periods that took about half a second of every
build, though a day of new exports changes the inputs of two periods only: its month and
the total. Each period is drawn from a stream of its own (``period_seed``), so its ranges
depend on its own inputs alone, and a build redraws only the periods whose inputs differ
from those the stored ranges were drawn from; the others keep their rows, which are what a
redraw would give.

What "inputs" means: a fingerprint per period (``int_rank_range_inputs``, a pipeline-only
table) of every daily row and scorecard component the bootstrap reads, the replicates and
the seed, and a digest of the code and library versions that draw (``_code_version``): a new
release redraws every period once. A build with no stored fingerprints (the first, or after
the table was lost) draws every period.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

import duckdb
import numpy as np
import polars as pl

from warehouse.composite_math import RANKABLE_SQL
from warehouse.uncertainty import RANGE_SCHEMA, bootstrap_rank_ranges

RANGES = "kpi_scorecard_rank_ranges"
INPUTS = "int_rank_range_inputs"

# The daily numerators and denominators the bootstrap resamples: every weighted KPI's day of
# every district, once under its month and once under the total.
DAILY_SQL = """
select c.grain, c.period_start, d.district, d.kpi, d.day, d.numerator, d.denominator
from kpi_daily as d
inner join ref_scorecard_weights as w on w.kpi = d.kpi
inner join (select distinct grain, period_start from kpi_scorecard_components) as c
  on (c.grain = 'month' and c.period_start = date_trunc('month', d.day)) or c.grain = 'total'
where d.district <> 'Haryana'
"""

# kpi_scorecard_components with `rankable`: the district met the KPI coverage that period.
COMPONENTS_SQL = f"""
select c.grain, c.period_start, c.district, c.kpi, c.direction, c.effective_weight,
  c.scaled_score is not null as scorable, r.district is not null as rankable
from kpi_scorecard_components as c
left join ({RANKABLE_SQL}) as r
  on r.grain = c.grain and r.period_start = c.period_start and r.district = c.district
"""

# One fingerprint per period: row count and sum of row hashes (exact, in a HUGEINT) of each
# input, so the order rows come in does not matter.
FINGERPRINT_SQL = """
select grain, period_start,
  coalesce(d.fingerprint, '-') || '/' || coalesce(c.fingerprint, '-') as fingerprint
from (
  select grain, period_start,
    count(*) || ':' || sum(hash(district, kpi, day, numerator, denominator)) as fingerprint
  from _range_daily group by grain, period_start
) as d
full join (
  select grain, period_start,
    count(*) || ':' || sum(hash(district, kpi, direction, effective_weight, scorable, rankable))
      as fingerprint
  from _range_components group by grain, period_start
) as c using (grain, period_start)
"""


@functools.cache
def _code_version() -> str:
    """A digest of the code that draws and of the libraries whose results it depends on."""
    digest = hashlib.sha256()
    here = Path(__file__).parent
    for name in ("rank_ranges.py", "uncertainty.py", "composite_math.py"):
        digest.update((here / name).read_bytes())
    digest.update(f"{np.__version__} {pl.__version__} {duckdb.__version__}".encode())
    return digest.hexdigest()[:16]


def _setting(con: duckdb.DuckDBPyConnection, name: str) -> int:
    return int(
        con.execute(
            "select value from ref_scorecard_settings where setting = ?", [name]
        ).fetchall()[0][0]
    )


def _stored_fingerprints(con: duckdb.DuckDBPyConnection) -> dict[tuple, str]:
    """(grain, period_start) -> fingerprint the stored ranges were drawn from ({} if none)."""
    present = {
        name
        for (name,) in con.execute(
            "select table_name from duckdb_tables() "
            "where database_name = current_database() and schema_name = 'main'"
        ).fetchall()
    }
    if not {RANGES, INPUTS} <= present:
        return {}
    rows = con.execute(f"select grain, period_start, fingerprint from {INPUTS}").fetchall()
    return {(grain, start): fingerprint for grain, start, fingerprint in rows}


def build_rank_ranges(con: duckdb.DuckDBPyConnection) -> int:
    """Bring kpi_scorecard_rank_ranges up to date with kpi_daily; returns its row count.

    One row per grain × period × district with a composite (key: grain, period_start,
    district). Replicates and seed come from the weights file's settings. Only the periods
    whose fingerprint changed (or is new) are drawn; periods gone lose their rows.
    """
    replicates = _setting(con, "bootstrap_replicates")
    seed = _setting(con, "bootstrap_seed")
    con.execute(f"create or replace temp table _range_daily as {DAILY_SQL}")
    con.execute(f"create or replace temp table _range_components as {COMPONENTS_SQL}")
    salt = f"{replicates}:{seed}:{_code_version()}:"
    current = {
        (grain, start): salt + fingerprint
        for grain, start, fingerprint in con.execute(FINGERPRINT_SQL).fetchall()
    }
    stored = _stored_fingerprints(con)
    redraw = sorted(period for period, value in current.items() if stored.get(period) != value)
    gone = sorted(period for period in stored if period not in current)
    periods = pl.DataFrame(
        redraw + gone, schema={"grain": pl.String, "period_start": pl.Date}, orient="row"
    )
    con.register("_range_periods", periods.to_arrow())
    try:
        inputs = [
            con.sql(
                f"select * from {table} semi join _range_periods using (grain, period_start)"
            ).pl()
            for table in ("_range_daily", "_range_components")
        ]
        frame = bootstrap_rank_ranges(*inputs, replicates=replicates, seed=seed)
        _write(con, frame, current, whole=not stored)
    finally:
        con.unregister("_range_periods")
        con.execute("drop table if exists _range_daily")
        con.execute("drop table if exists _range_components")
    return con.execute(f"select count(*) from {RANGES}").fetchall()[0][0]


def _write(
    con: duckdb.DuckDBPyConnection, frame: pl.DataFrame, current: dict[tuple, str], whole: bool
) -> None:
    """In one transaction: the redrawn periods' rows replace theirs (and those of periods
    gone), or make the whole table; the fingerprints become ``current``."""
    fingerprints = pl.DataFrame(
        [(grain, start, value) for (grain, start), value in current.items()],
        schema={"grain": pl.String, "period_start": pl.Date, "fingerprint": pl.String},
        orient="row",
    )
    con.register("_range_rows", frame.select(list(RANGE_SCHEMA)).to_arrow())
    con.register("_range_fingerprints", fingerprints.to_arrow())
    con.begin()
    try:
        if whole:
            con.execute(f"create or replace table {RANGES} as select * from _range_rows")
        else:
            con.execute(
                f"delete from {RANGES} as r using _range_periods as p "
                "where r.grain = p.grain and r.period_start = p.period_start"
            )
            con.execute(f"insert into {RANGES} by name select * from _range_rows")
        con.execute(f"create or replace table {INPUTS} as select * from _range_fingerprints")
        con.commit()
    except Exception:
        con.rollback()
        raise
    finally:
        con.unregister("_range_rows")
        con.unregister("_range_fingerprints")
