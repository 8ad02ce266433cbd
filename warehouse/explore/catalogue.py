"""What there is to read before any KPI: the sources with their volume and freshness, and
the KPI catalogue."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from warehouse.explore.connection import connect, read_frame
from warehouse.kpi_catalogue import catalogue, catalogue_rows
from warehouse.sources import SOURCES


def list_sources(warehouse: str | Path | None = None) -> pl.DataFrame:
    """One row per export source: records staged, files loaded, first and last event day.

    Answers "how much is there, and how fresh is it?" before any KPI is read. Reads the
    ``kpi_source_freshness`` mart (per source x district) and counts files in the load
    manifest; sources with nothing loaded yet still get a row, with nulls.
    """
    with connect(warehouse) as con:
        fresh = read_frame(
            con,
            "select source, sum(records)::bigint as records, "
            "min(first_event_day) as first_event_day, max(last_event_day) as last_event_day, "
            "max(last_loaded_at) as last_loaded_at "
            "from kpi_source_freshness group by source",
        )
        files = read_frame(
            con, "select source, files_loaded::bigint as files from kpi_source_loads"
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
    """Every KPI id with its label, Hindi label, definition, kind, unit, direction and more.

    Read from the KPI catalogue (warehouse/reference/kpis.yml), the one list the snapshot's
    ``kpi_catalog`` is built from, so it needs no snapshot (``warehouse`` is accepted like
    everywhere in this helper, and not opened). ``direction`` says which way is better
    (higher / lower), null where neither is (counts, category shares, and the pass approval
    rate, which is a policy outcome, not a target); ``maturity_days`` how many days after a
    period its value is final.
    """
    del warehouse  # the catalogue is the same for every snapshot
    return pl.DataFrame(
        catalogue_rows(catalogue()),
        schema=[
            ("kpi", pl.String),
            ("label", pl.String),
            ("label_hi", pl.String),
            ("definition", pl.String),
            ("definition_hi", pl.String),
            ("kind", pl.String),
            ("unit", pl.String),
            ("direction", pl.String),
            ("theme", pl.String),
            ("source", pl.String),
            ("target", pl.String),
            ("maturity_days", pl.Int64),
        ],
        orient="row",
    ).sort("kpi")
