"""The reference tables the SQL models read, loaded from the reviewed files.

Reference tables:
    ref_districts          district, district_hi, division, population_2011, tile_x, tile_y
    ref_scorecard_weights  kpi, weight, direction, theme, theme_weight
                           (from reference/scorecard_weights.yml: `kpis` and `themes`; a KPI
                           in no theme is its own theme, named after it, weighted as the KPI)
    ref_scorecard_settings setting, value (the file's `settings`; booleans as 0 / 1)
    ref_kpi_targets        kpi, target, direction, near_band, source (reference/targets.yml)
    ref_kpis               kpi, label, label_hi, definition, definition_hi, kind, unit,
                           direction, theme, source, target, maturity_days: the KPI catalogue
                           (reference/kpis.yml, read and checked by warehouse.kpi_catalogue;
                           `none` as null); kpi_catalog selects from it
    ref_reference_files    file, sha256: the hashes of the weights and targets files used
    ref_district_aliases   alias_key, district: every spelling's lookup key (as
                           warehouse.districts.lookup_key folds it) -> canonical name
    ref_as_of              source, as_of, from_parameter: the date against which "pending
                           past a deadline" is judged, per source whose int_ model ages its
                           records: the latest day of the source's event time (grievances:
                           received_on; service_transactions: the token day; appointments:
                           the request day; movement_passes: the application day;
                           eoffice_files: created_on; relief_beneficiaries: registered_on),
                           or the `as_of` argument for every source

Each loader refuses a malformed file with a message naming the file and the entry, before
any table is touched.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from warehouse import kpi_catalogue
from warehouse.bulk_insert import insert_rows
from warehouse.districts import alias_table, districts
from warehouse.reference_files import (
    KPI_TARGETS,
    SCORECARD_WEIGHTS,
    file_sha256,
    load_kpi_targets,
    load_scorecard_settings,
    load_scorecard_themes,
    load_scorecard_weights,
)
from warehouse.schema import SHARED_DDL, create_dq_results

REFERENCE_TABLES = (
    "ref_districts",
    "ref_scorecard_weights",
    "ref_scorecard_settings",
    "ref_kpi_targets",
    "ref_kpis",
    "ref_reference_files",
    "ref_district_aliases",
    "ref_as_of",
)

_REF_KPIS_DDL = (
    "create or replace table ref_kpis (kpi varchar primary key, label varchar not null, "
    "label_hi varchar not null, definition varchar not null, definition_hi varchar not null, "
    "kind varchar not null, unit varchar not null, direction varchar, theme varchar, "
    "source varchar not null, target varchar, maturity_days integer not null)"
)

# The as-of date of each source whose int_ model judges "still pending past a deadline"
# (the KPIs and the case lists, warehouse/models/marts/case_list.sql).
_AS_OF_DDL = "create or replace table ref_as_of (source varchar primary key, as_of date, from_parameter boolean)"
_AS_OF_INSERTS = (
    "insert into ref_as_of select 'grievances', "
    "coalesce(?::date, (select max(received_on)::date from stg_grievances)), ?",
    "insert into ref_as_of select 'service_transactions', "
    "coalesce(?::date, (select max(token_issued_at)::date from stg_service_transactions)), ?",
    "insert into ref_as_of select 'appointments', "
    "coalesce(?::date, (select max(requested_at)::date from stg_appointments)), ?",
    "insert into ref_as_of select 'movement_passes', "
    "coalesce(?::date, (select max(applied_on)::date from stg_movement_passes)), ?",
    "insert into ref_as_of select 'eoffice_files', "
    "coalesce(?::date, (select max(created_on) from stg_eoffice_files)), ?",
    "insert into ref_as_of select 'relief_beneficiaries', "
    "coalesce(?::date, (select max(registered_on) from stg_relief_beneficiaries)), ?",
)


def load_reference_tables(
    con: duckdb.DuckDBPyConnection,
    as_of: dt.date | None = None,
    weights: Path = SCORECARD_WEIGHTS,
    targets: Path = KPI_TARGETS,
) -> None:
    """(Re)create the reference tables (REFERENCE_TABLES) in one transaction.

    Also creates the pipeline tables the marts read besides staging (the load manifest and
    audit, the quarantine, dq_results) when a warehouse has none yet, empty. The KPI
    catalogue is the reviewed one, checked against the reviewed weights and targets; the
    ``weights`` and ``targets`` given (a test's small files) must agree with it on every
    direction they name.
    """
    # Refuse a bad file before touching tables.
    weight_rows = load_scorecard_weights(weights)
    themes = load_scorecard_themes(weights)
    settings = load_scorecard_settings(weights)
    target_rows = load_kpi_targets(targets)
    kpis = kpi_catalogue.load_catalogue()  # read afresh: a long-running refresher sees edits
    if weights != SCORECARD_WEIGHTS:  # the reviewed files were checked with the catalogue
        kpi_catalogue.check_scored_kpis(kpis, weights)
    if targets != KPI_TARGETS:
        kpi_catalogue.check_targets(kpis, targets)
    create_dq_results(con)
    for ddl in SHARED_DDL:
        con.execute(ddl)
    con.begin()
    try:
        con.execute(
            "create or replace table ref_districts (district varchar primary key, "
            "district_hi varchar, division varchar, population_2011 bigint, "
            "tile_x integer, tile_y integer)"
        )
        insert_rows(
            con,
            "ref_districts",
            [
                (d.name, d.name_hi, d.division, d.population_2011, d.tile_x, d.tile_y)
                for d in districts()
            ],
            6,
        )
        con.execute(
            "create or replace table ref_scorecard_weights "
            "(kpi varchar primary key, weight double not null, direction varchar not null, "
            "theme varchar not null, theme_weight double not null)"
        )
        insert_rows(
            con,
            "ref_scorecard_weights",
            [(kpi, w, d, *themes[kpi]) for kpi, w, d in weight_rows],
            5,
        )
        con.execute(
            "create or replace table ref_scorecard_settings "
            "(setting varchar primary key, value double not null)"
        )
        insert_rows(con, "ref_scorecard_settings", sorted(settings.items()), 2)
        con.execute(
            "create or replace table ref_kpi_targets (kpi varchar primary key, "
            "target double not null, direction varchar not null, near_band double not null, "
            "source varchar not null)"
        )
        insert_rows(con, "ref_kpi_targets", target_rows, 5)
        con.execute(_REF_KPIS_DDL)
        insert_rows(con, "ref_kpis", kpi_catalogue.catalogue_rows(kpis), 12)
        con.execute(
            "create or replace table ref_reference_files (file varchar primary key, "
            "sha256 varchar not null)"
        )
        insert_rows(
            con,
            "ref_reference_files",
            [("scorecard_weights", file_sha256(weights)), ("targets", file_sha256(targets))],
            2,
        )
        con.execute(
            "create or replace table ref_district_aliases (alias_key varchar primary key, "
            "district varchar not null)"
        )
        insert_rows(con, "ref_district_aliases", sorted(alias_table().items()), 2)
        con.execute(_AS_OF_DDL)
        for insert in _AS_OF_INSERTS:
            con.execute(insert, [as_of, as_of is not None])
        con.commit()
    except Exception:
        con.rollback()
        raise
