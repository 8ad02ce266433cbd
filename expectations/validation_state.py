"""What the last validation of each source saw, kept for the next one to start from.

Two pipeline-internal tables (the ``validation_`` prefix is outside the readers' allow-list,
so the reader snapshot never holds them):

    validation_files        per source: the run whose results the state belongs to, the
                            rules key they were computed under (expectations/inputs.py) and
                            every staged file's fingerprint (expectations/staged_files.py)
    validation_volume_rows  per source and volume check: every district-period the rule
                            flagged, with the example text the results show for it

A source's state is replaced as a whole after each validation, and re-labelled with the new
run when its results are carried over, so it always describes the source's latest results.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import duckdb

from expectations.staged_files import StagedFile
from warehouse.bulk_insert import insert_rows

DDL = """
create table if not exists validation_files (
  source varchar not null,
  run_id varchar not null,          -- the run whose dq_results this state belongs to
  rules_key varchar not null,       -- suite, reference, code and GX version (inputs.py)
  file varchar not null,
  fingerprint varchar not null,
  first_day date,
  last_day date
);
create table if not exists validation_volume_rows (
  source varchar not null,
  expectation varchar not null,
  district varchar,
  period date,
  example varchar not null          -- the row as the results' examples print it
);
"""


@dataclass(frozen=True)
class VolumeRow:
    """One district-period a volume rule flagged."""

    district: str | None
    period: dt.date | None
    example: str


@dataclass(frozen=True)
class ValidationState:
    """A source's state after its latest validation."""

    run_id: str
    rules_key: str
    files: dict[str, StagedFile]
    volume: dict[str, list[VolumeRow]] = field(default_factory=dict)


def create_state_tables(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(DDL)


def load_state(con: duckdb.DuckDBPyConnection, source: str) -> ValidationState | None:
    """The source's recorded state; None when there is none (or it is not one run's)."""
    create_state_tables(con)
    rows = con.execute(
        "select run_id, rules_key, file, fingerprint, first_day, last_day "
        "from validation_files where source = ?",
        [source],
    ).fetchall()
    if not rows or len({(r[0], r[1]) for r in rows}) != 1:
        return None
    volume: dict[str, list[VolumeRow]] = {}
    for name, district, period, example in con.execute(
        "select expectation, district, period, example from validation_volume_rows "
        "where source = ? order by expectation, district, period",
        [source],
    ).fetchall():
        volume.setdefault(name, []).append(VolumeRow(district, period, example))
    files = {file: StagedFile(fp, first, last) for _, _, file, fp, first, last in rows}
    return ValidationState(rows[0][0], rows[0][1], files, volume)


def save_state(con: duckdb.DuckDBPyConnection, source: str, state: ValidationState) -> None:
    """Replace the source's state, in one transaction. A source with no staged file keeps
    none (its next validation runs whole)."""
    create_state_tables(con)
    con.execute("begin transaction")
    try:
        con.execute("delete from validation_files where source = ?", [source])
        con.execute("delete from validation_volume_rows where source = ?", [source])
        files = [
            [source, state.run_id, state.rules_key, file, f.fingerprint, f.first_day, f.last_day]
            for file, f in sorted(state.files.items())
        ]
        flagged = [
            [source, name, row.district, row.period, row.example]
            for name, rows in sorted(state.volume.items())
            for row in rows
        ]
        insert_rows(con, "validation_files", files, 7)
        insert_rows(con, "validation_volume_rows", flagged, 5)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise


def relabel_state(con: duckdb.DuckDBPyConnection, source: str, run_id: str) -> None:
    """Carried-over results: the state now belongs to ``run_id`` as well."""
    create_state_tables(con)
    con.execute("update validation_files set run_id = ? where source = ?", [run_id, source])
