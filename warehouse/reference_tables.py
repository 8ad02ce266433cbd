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
                           past a deadline" is judged (grievances: latest received_on;
                           service_transactions: latest token day; or the `as_of` argument)

Each loader refuses a malformed file with a message naming the file and the entry, before
any table is touched.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import duckdb
import yaml

from warehouse.districts import alias_table, districts
from warehouse.schema import SHARED_DDL, create_dq_results

SCORECARD_WEIGHTS = Path(__file__).parent / "reference" / "scorecard_weights.yml"
KPI_TARGETS = Path(__file__).parent / "reference" / "targets.yml"
# Settings a weights file may leave out (a test's small file): no case minimum, no gate
# thresholds that would fire on hand-made data, ranks published.
DEFAULT_SETTINGS: dict[str, float] = {
    "min_cases": 1,
    "stale_days": 7,
    "quarantine_share_max": 0.05,
    "withhold_flagged_ranks": 0,
    "bootstrap_replicates": 400,
    "bootstrap_seed": 2020,
    "sensitivity_rank_spread": 3,
    "gaming_low_rated_disposed_max": 0.30,
    "gaming_reopened_share_max": 0.10,
    "gaming_month_end_share_max": 0.25,
    "gaming_food_2h_low_rated_max": 0.30,
}
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
DIRECTIONS = ("higher", "lower")

_REF_KPIS_DDL = (
    "create or replace table ref_kpis (kpi varchar primary key, label varchar not null, "
    "label_hi varchar not null, definition varchar not null, definition_hi varchar not null, "
    "kind varchar not null, unit varchar not null, direction varchar, theme varchar, "
    "source varchar not null, target varchar, maturity_days integer not null)"
)

# The as-of date of each source whose KPIs judge "still pending past a deadline".
_AS_OF_DDL = "create or replace table ref_as_of (source varchar primary key, as_of date, from_parameter boolean)"
_AS_OF_INSERTS = (
    "insert into ref_as_of select 'grievances', "
    "coalesce(?::date, (select max(received_on)::date from stg_grievances)), ?",
    "insert into ref_as_of select 'service_transactions', "
    "coalesce(?::date, (select max(token_issued_at)::date from stg_service_transactions)), ?",
)


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


def load_scorecard_themes(path: Path = SCORECARD_WEIGHTS) -> dict[str, tuple[str, float]]:
    """{kpi: (theme, theme weight)} from the weights file's `themes`.

    A scored KPI listed in no theme is a theme of its own, named after the KPI, whose theme
    weight is the KPI's weight: a file without themes scores as it did before themes. Refuses a theme weight that is not > 0, a KPI listed
    in two themes, and a themed KPI that has no entry under `kpis`.
    """
    spec = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    scored = {kpi for kpi, _, _ in load_scorecard_weights(path)}  # also validates the kpis
    themes = spec.get("themes") or {}
    if not isinstance(themes, dict):
        raise ValueError(f"{path.name}: 'themes' must be a mapping")
    out: dict[str, tuple[str, float]] = {}
    for theme, entry in themes.items():
        weight = (entry or {}).get("weight", 1)
        if isinstance(weight, bool) or not isinstance(weight, int | float) or weight <= 0:
            raise ValueError(f"{path.name}: theme {theme}: weight must be > 0, got {weight!r}")
        for kpi in (entry or {}).get("kpis") or []:
            if kpi in out:
                raise ValueError(f"{path.name}: {kpi} is in two themes")
            if kpi not in scored:
                raise ValueError(f"{path.name}: theme {theme}: {kpi} has no entry under kpis")
            out[str(kpi)] = (str(theme), float(weight))
    for kpi, weight, _ in load_scorecard_weights(path):
        out.setdefault(kpi, (kpi, weight))
    return out


def load_scorecard_settings(path: Path = SCORECARD_WEIGHTS) -> dict[str, float]:
    """The file's `settings` over DEFAULT_SETTINGS; refuses an unknown or non-numeric one."""
    spec = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    settings = dict(DEFAULT_SETTINGS)
    for name, value in (spec.get("settings") or {}).items():
        if name not in DEFAULT_SETTINGS:
            raise ValueError(f"{path.name}: unknown setting {name!r}")
        if not isinstance(value, int | float):  # bool is an int: true / false -> 1 / 0
            raise ValueError(f"{path.name}: setting {name} must be a number, got {value!r}")
        if value < 0:
            raise ValueError(f"{path.name}: setting {name} must be >= 0, got {value!r}")
        settings[name] = float(value)
    return settings


def load_kpi_targets(path: Path = KPI_TARGETS) -> list[tuple[str, float, str, float, str]]:
    """(kpi, target, direction, near_band, source) from the reviewed targets file.

    Refuses a target that is not a number > 0, a direction other than higher / lower, a
    missing source, and a near band outside [0, 1).
    """
    spec = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    band = spec.get("near_band", 0.1)
    if isinstance(band, bool) or not isinstance(band, int | float) or not 0 <= band < 1:
        raise ValueError(f"{path.name}: near_band must be in [0, 1), got {band!r}")
    rows = []
    for kpi, entry in (spec.get("targets") or {}).items():
        entry = entry or {}
        target, direction, source = entry.get("target"), entry.get("direction"), entry.get("source")
        if isinstance(target, bool) or not isinstance(target, int | float) or target <= 0:
            raise ValueError(f"{path.name}: {kpi}: target must be a number > 0, got {target!r}")
        if direction not in DIRECTIONS:
            raise ValueError(f"{path.name}: {kpi}: direction must be higher or lower")
        if not source:
            raise ValueError(f"{path.name}: {kpi}: say where the target comes from (source)")
        rows.append((str(kpi), float(target), str(direction), float(band), str(source)))
    return rows


def file_sha256(path: Path) -> str:
    """The SHA-256 of a reference file's bytes (recorded with every published scorecard)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_reference_tables(
    con: duckdb.DuckDBPyConnection,
    as_of: dt.date | None = None,
    weights: Path = SCORECARD_WEIGHTS,
    targets: Path = KPI_TARGETS,
) -> None:
    """(Re)create the reference tables (REFERENCE_TABLES) in one transaction.

    Also creates the pipeline tables the scorecard's data-quality gate reads (quarantine,
    dq_results) when a warehouse has none yet, empty. The KPI catalogue is the reviewed one,
    checked against the reviewed weights and targets; the ``weights`` and ``targets`` given
    (a test's small files) must agree with it on every direction they name.
    """
    # The catalogue module reads this module's weights and targets loaders, hence the late
    # import.
    from warehouse import kpi_catalogue

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
    con.execute(next(ddl for ddl in SHARED_DDL if " quarantine (" in ddl))
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
            "(kpi varchar primary key, weight double not null, direction varchar not null, "
            "theme varchar not null, theme_weight double not null)"
        )
        con.executemany(
            "insert into ref_scorecard_weights values (?, ?, ?, ?, ?)",
            [(kpi, w, d, *themes[kpi]) for kpi, w, d in weight_rows],
        )
        con.execute(
            "create or replace table ref_scorecard_settings "
            "(setting varchar primary key, value double not null)"
        )
        con.executemany(
            "insert into ref_scorecard_settings values (?, ?)", sorted(settings.items())
        )
        con.execute(
            "create or replace table ref_kpi_targets (kpi varchar primary key, "
            "target double not null, direction varchar not null, near_band double not null, "
            "source varchar not null)"
        )
        con.executemany("insert into ref_kpi_targets values (?, ?, ?, ?, ?)", target_rows)
        con.execute(_REF_KPIS_DDL)
        con.executemany(
            "insert into ref_kpis values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            kpi_catalogue.catalogue_rows(kpis),
        )
        con.execute(
            "create or replace table ref_reference_files (file varchar primary key, "
            "sha256 varchar not null)"
        )
        con.executemany(
            "insert into ref_reference_files values (?, ?)",
            [("scorecard_weights", file_sha256(weights)), ("targets", file_sha256(targets))],
        )
        con.execute(
            "create or replace table ref_district_aliases (alias_key varchar primary key, "
            "district varchar not null)"
        )
        con.executemany(
            "insert into ref_district_aliases values (?, ?)", sorted(alias_table().items())
        )
        con.execute(_AS_OF_DDL)
        for insert in _AS_OF_INSERTS:
            con.execute(insert, [as_of, as_of is not None])
        con.commit()
    except Exception:
        con.rollback()
        raise
