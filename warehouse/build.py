"""Build the KPI marts: the SQL models of warehouse/models/marts/, in dependency order.

Each model is one file holding one `select` (the file name is the table name). `build_marts`
first loads the reference tables the SQL reads (warehouse/reference_tables.py), then replaces
each mart table in its own transaction, so a failing model leaves the previous version of its
table in place. Values reach SQL as parameters, never by string building.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from warehouse.reference_tables import (
    KPI_TARGETS,
    SCORECARD_WEIGHTS,
    load_reference_tables,
)

MARTS_DIR = Path(__file__).parent / "models" / "marts"

# Dependency order: daily facts, the long table, medians, the scorecard (components, the
# data-quality gate, composite and peer-group ranks, themes, attribution), kpi_values (which
# reads the scorecard), targets, gaming flags, then the small dashboard marts. The statistics
# in Python run right after the model they read (STATISTICS below).
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
    "kpi_data_quality",
    "kpi_scorecard_gate",
    "kpi_scorecard",
    "kpi_scorecard_themes",
    "kpi_scorecard_attribution",
    "kpi_values",
    "kpi_target_attainment",
    "kpi_gaming_flags",
    "kpi_service_centres_monthly",
    "kpi_service_wait_histogram",
    "kpi_funnels",
    "kpi_grievances_monthly",
    "kpi_source_freshness",
    "kpi_quarantine_summary",
    "kpi_source_loads",
]


def model_sql(name: str) -> str:
    """The `select` of one mart model; refuses names that are not in MART_MODELS."""
    if name not in MART_MODELS:
        raise ValueError(f"unknown mart model {name!r}")
    return (MARTS_DIR / f"{name}.sql").read_text(encoding="utf-8").strip().rstrip(";")


def _check_weights_are_scorable(con: duckdb.DuckDBPyConnection) -> None:
    """Every weighted KPI must be a ratio KPI of the catalogue (not a count or a median)."""
    bad = con.execute(
        "select kpi from ref_scorecard_weights where kpi not in "
        "(select kpi from kpi_catalog where kind in ('rate', 'score', 'mean')) order by kpi"
    ).fetchall()
    if bad:
        names = ", ".join(row[0] for row in bad)
        raise ValueError(f"scorecard_weights.yml: not a rate KPI of kpi_catalog: {names}")


# The statistics SQL does not do well, in Python, run right after the model they read
# (warehouse/uncertainty.py, warehouse/sensitivity.py):
#   kpi_scorecard -> kpi_scorecard_rank_ranges (bootstrap), kpi_scorecard_sensitivity and
#                    kpi_scorecard_kendall (three weightings)
#   kpi_values    -> kpi_values.ci_low / ci_high (Wilson intervals)
STATISTICS: dict[str, tuple[str, ...]] = {
    "kpi_scorecard": (
        "warehouse.uncertainty:build_rank_ranges",
        "warehouse.sensitivity:build_sensitivity",
    ),
    "kpi_values": ("warehouse.uncertainty:add_wilson_intervals",),
}
STATISTICS_TABLES = (
    "kpi_scorecard_rank_ranges",
    "kpi_scorecard_sensitivity",
    "kpi_scorecard_kendall",
)


def _statistics_after(model: str) -> list:
    import importlib

    runs = []
    for target in STATISTICS.get(model, ()):
        module, function = target.split(":")
        runs.append(getattr(importlib.import_module(module), function))
    return runs


def build_model(con: duckdb.DuckDBPyConnection, name: str) -> int:
    """Create or replace one mart table in its own transaction; returns its row count.

    Then runs the statistics that depend on that model (STATISTICS), each writing its own
    tables in its own transaction, so every caller that builds MART_MODELS in order (the
    pipeline's mart asset too) gets them.
    """
    sql = model_sql(name)  # also validates the name, which is then safe as an identifier
    con.begin()
    try:
        con.execute(f"create or replace table {name} as\n{sql}")
        rows = con.execute(f"select count(*) from {name}").fetchone()[0]
        con.commit()
    except Exception:
        con.rollback()
        raise
    for run in _statistics_after(name):
        run(con)
    return int(rows)


def build_marts(
    con: duckdb.DuckDBPyConnection,
    as_of: dt.date | None = None,
    weights: Path = SCORECARD_WEIGHTS,
    targets: Path = KPI_TARGETS,
) -> dict[str, int]:
    """Load the reference tables, build every mart in MART_MODELS order, with the statistics.

    ``as_of`` fixes the date against which pending grievances and service applications are
    aged; by default each source's latest event day. ``weights`` is the scorecard weights
    file and ``targets`` the KPI targets file (the reviewed ones by default). The statistics
    (STATISTICS: Wilson intervals into kpi_values.ci_low / ci_high, the bootstrap rank
    ranges, the weighting sensitivity) run right after the model they read. Returns
    {table: row count}, the statistics tables included.
    """
    load_reference_tables(con, as_of, weights, targets)
    counts: dict[str, int] = {}
    for name in MART_MODELS:
        counts[name] = build_model(con, name)
        if name == "kpi_catalog":
            _check_weights_are_scorable(con)
    for table in STATISTICS_TABLES:
        counts[table] = con.execute(f"select count(*) from {table}").fetchall()[0][0]
    return counts
