"""Build the KPI marts: the SQL models of warehouse/models/marts/, in dependency order.

Each model is one file holding one `select` (the file name is the table name). `build_marts`
first loads the reference tables the SQL reads (districts, scorecard weights, the as-of dates),
then replaces each mart table in its own transaction, so a failing model leaves the previous
version of its table in place. Values reach SQL as parameters, never by string building.

Reference tables:
    ref_districts          district, district_hi, division, population_2011, tile_x, tile_y
    ref_scorecard_weights  kpi, weight, direction   (from reference/scorecard_weights.yml)
    ref_as_of              source, as_of, from_parameter: the date against which "pending
                           past a deadline" is judged (grievances: latest received_on;
                           service_transactions: latest token day; or the `as_of` argument)
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import yaml

from warehouse.districts import districts

MARTS_DIR = Path(__file__).parent / "models" / "marts"
SCORECARD_WEIGHTS = Path(__file__).parent / "reference" / "scorecard_weights.yml"

# Dependency order: daily facts, the long table, medians, the scorecard, kpi_values (which
# reads the scorecard), then the small dashboard marts.
MART_MODELS: list[str] = [
    "kpi_catalog",
    "kpi_helpline_daily",
    "kpi_passes_daily",
    "kpi_relief_daily",
    "kpi_migrants_daily",
    "kpi_service_daily",
    "kpi_grievances_daily",
    "kpi_appointments_daily",
    "kpi_eoffice_daily",
    "kpi_daily",
    "kpi_medians",
    "kpi_scorecard_components",
    "kpi_scorecard",
    "kpi_values",
    "kpi_service_centres_monthly",
    "kpi_service_wait_histogram",
    "kpi_funnels",
    "kpi_grievances_monthly",
    "kpi_source_freshness",
    "kpi_quarantine_summary",
]

REFERENCE_TABLES = ("ref_districts", "ref_scorecard_weights", "ref_as_of")
DIRECTIONS = ("higher", "lower")

# The as-of date of each source whose KPIs judge "still pending past a deadline".
_AS_OF_DDL = "create or replace table ref_as_of (source varchar primary key, as_of date, from_parameter boolean)"
_AS_OF_INSERTS = (
    "insert into ref_as_of select 'grievances', "
    "coalesce(?::date, (select max(received_on)::date from stg_grievances)), ?",
    "insert into ref_as_of select 'service_transactions', "
    "coalesce(?::date, (select max(token_issued_at)::date from stg_service_transactions)), ?",
)


def model_sql(name: str) -> str:
    """The `select` of one mart model; refuses names that are not in MART_MODELS."""
    if name not in MART_MODELS:
        raise ValueError(f"unknown mart model {name!r}")
    return (MARTS_DIR / f"{name}.sql").read_text(encoding="utf-8").strip().rstrip(";")


def load_scorecard_weights(path: Path = SCORECARD_WEIGHTS) -> list[tuple[str, float, str]]:
    """(kpi, weight, direction) from the reviewed weights file; refuses a malformed entry."""
    spec = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    kpis = spec.get("kpis")
    if not isinstance(kpis, dict) or not kpis:
        raise ValueError(f"{path.name}: expected a non-empty 'kpis' mapping")
    rows = []
    for kpi, entry in kpis.items():
        weight = (entry or {}).get("weight")
        direction = (entry or {}).get("direction")
        if isinstance(weight, bool) or not isinstance(weight, int | float) or weight <= 0:
            raise ValueError(f"{path.name}: {kpi}: weight must be a number > 0, got {weight!r}")
        if direction not in DIRECTIONS:
            raise ValueError(
                f"{path.name}: {kpi}: direction must be higher or lower, got {direction!r}"
            )
        rows.append((str(kpi), float(weight), str(direction)))
    return rows


def load_reference_tables(
    con: duckdb.DuckDBPyConnection,
    as_of: dt.date | None = None,
    weights: Path = SCORECARD_WEIGHTS,
) -> None:
    """(Re)create ref_districts, ref_scorecard_weights and ref_as_of in one transaction."""
    weight_rows = load_scorecard_weights(weights)  # refuse a bad file before touching tables
    con.begin()
    try:
        con.execute(
            "create or replace table ref_districts (district varchar primary key, "
            "district_hi varchar, division varchar, population_2011 bigint, "
            "tile_x integer, tile_y integer)"
        )
        con.executemany(
            "insert into ref_districts values (?, ?, ?, ?, ?, ?)",
            [
                (d.name, d.name_hi, d.division, d.population_2011, d.tile_x, d.tile_y)
                for d in districts()
            ],
        )
        con.execute(
            "create or replace table ref_scorecard_weights "
            "(kpi varchar primary key, weight double not null, direction varchar not null)"
        )
        con.executemany("insert into ref_scorecard_weights values (?, ?, ?)", weight_rows)
        con.execute(_AS_OF_DDL)
        for insert in _AS_OF_INSERTS:
            con.execute(insert, [as_of, as_of is not None])
        con.commit()
    except Exception:
        con.rollback()
        raise


def _check_weights_are_scorable(con: duckdb.DuckDBPyConnection) -> None:
    """Every weighted KPI must be a ratio KPI of the catalogue (not a count or a median)."""
    bad = con.execute(
        "select kpi from ref_scorecard_weights where kpi not in "
        "(select kpi from kpi_catalog where kind in ('rate', 'score', 'mean')) order by kpi"
    ).fetchall()
    if bad:
        names = ", ".join(row[0] for row in bad)
        raise ValueError(f"scorecard_weights.yml: not a rate KPI of kpi_catalog: {names}")


def build_model(con: duckdb.DuckDBPyConnection, name: str) -> int:
    """Create or replace one mart table in its own transaction; returns its row count."""
    sql = model_sql(name)  # also validates the name, which is then safe as an identifier
    con.begin()
    try:
        con.execute(f"create or replace table {name} as\n{sql}")
        rows = con.execute(f"select count(*) from {name}").fetchone()[0]
        con.commit()
    except Exception:
        con.rollback()
        raise
    return int(rows)


def build_marts(
    con: duckdb.DuckDBPyConnection,
    as_of: dt.date | None = None,
    weights: Path = SCORECARD_WEIGHTS,
) -> dict[str, int]:
    """Load the reference tables, then build every mart in MART_MODELS order.

    ``as_of`` fixes the date against which pending grievances and service applications are
    aged; by default each source's latest event day. ``weights`` is the scorecard weights
    file (the reviewed one by default). Returns {table: row count}.
    """
    load_reference_tables(con, as_of, weights)
    counts: dict[str, int] = {}
    for name in MART_MODELS:
        counts[name] = build_model(con, name)
        if name == "kpi_catalog":
            _check_weights_are_scorable(con)
    return counts
