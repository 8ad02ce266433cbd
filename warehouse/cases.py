"""Read the case lists from the published snapshot: `jansewa cases` and the dashboard.

A case list is the set of records behind one breach -- RTS applications past their timeline,
grievances pending over 30 days, appointment requests with no slot in 24 hours, eligible
relief beneficiaries never paid, passes undecided, e-Office files idle -- listed by id with
their district, department, place, dates, days overdue and ageing bucket, so that an office
can chase them. The rules are the int_ models' (each written once); the lists are the SQL
models warehouse/models/marts/case_<kind>.sql, one table per list, case_list.sql, the view
over them that ages every record to the as-of date, and case_summary.sql; the catalogue of
kinds is warehouse/case_kinds.py.

Why readers query one long relation (case_list, key kind + record_id) and a summary rather
than a table per list: the claim the lists must keep is "the count on the page equals the
KPI numerator it explains", and with one relation that is a single group-by per district
and kind, compared with
kpi_values in one test for all six kinds, and the same query serves every filter of
`jansewa cases` (district, department, kinds, bucket). The columns every list shares (dates,
days overdue, the ageing bucket, the as-of date) are then worked out once, in one place, not
six times; what differs between lists is carried in three generic columns (place_type,
place, detail) that the model header defines per kind. case_summary (counts per district,
kind, department and bucket) lets a page show the counts without reading the records.

Readers never open the pipeline's own file: queries go to the snapshot, read-only, with
values as parameters. No personal field is in a case list: ids only, and the relief
beneficiary's id (personal, kept hashed by the contract) only as a 12-character prefix of
its keyed hash.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

import duckdb
import polars as pl

from warehouse.case_kinds import BUCKETS, CASE_KINDS
from warehouse.departments import department_hindi, department_key
from warehouse.districts import STATE
from warehouse.kpis import resolve_district
from warehouse.snapshot import connect_snapshot
from warehouse.table_output import write_table

FORMATS = ("csv", "json", "xlsx")
COLUMNS = [
    "kind",
    "record_id",
    "district",
    "department",
    "place_type",
    "place",
    "detail",
    "status",
    "opened_on",
    "due_on",
    "last_action_on",
    "days_overdue",
    "ageing_bucket",
    "as_of",
]

_CASES = f"""
select {", ".join(COLUMNS)}
from case_list
where ($district::varchar is null or district = $district)
    and list_contains($kinds, kind)
    and ($departments::varchar[] is null or list_contains($departments::varchar[], department))
    and ($bucket::varchar is null or ageing_bucket = $bucket)
order by district, list_position($kinds, kind), days_overdue desc, record_id
"""


def _check_kinds(kinds: list[str] | None) -> list[str]:
    """The kinds asked for, in catalogue order (every kind when none is named)."""
    unknown = [k for k in kinds or () if k not in CASE_KINDS]
    if unknown:
        raise ValueError(
            f"unknown case kind {unknown[0]!r}: expected one of {', '.join(CASE_KINDS)}"
        )
    return [k for k in CASE_KINDS if not kinds or k in kinds]


def _departments(con: duckdb.DuckDBPyConnection, department: str) -> list[str]:
    """The department values of case_list that spell ``department`` (case, spaces and
    punctuation ignored). Refuses a name that is neither in the reviewed department list nor
    on any case: a typo, not a department without cases."""
    key = department_key(department)
    values = [row[0] for row in con.execute("select distinct department from case_list").fetchall()]
    matches = [v for v in values if v is not None and department_key(v) == key]
    if not matches and key not in department_hindi():
        raise ValueError(f"unknown department {department!r}: no case in any district names it")
    return matches


def _read(
    con: duckdb.DuckDBPyConnection,
    district: str,
    department: str | None,
    kinds: list[str],
    bucket: str | None,
) -> pl.DataFrame:
    present = con.execute(
        "select count(*) from information_schema.tables where table_name = 'case_list'"
    ).fetchall()[0][0]
    if not present:
        raise ValueError(
            "the published snapshot has no case lists (it predates them): run `jansewa refresh`"
        )
    params = {
        "district": None if district == STATE else district,
        "kinds": kinds,
        "departments": None if department is None else _departments(con, department),
        "bucket": bucket,
    }
    return con.sql(_CASES, params=params).pl()


def _check(district: str, kinds: list[str] | None, bucket: str | None) -> tuple[str, list[str]]:
    if bucket is not None and bucket not in BUCKETS:
        raise ValueError(f"unknown ageing bucket {bucket!r}: expected one of {', '.join(BUCKETS)}")
    return resolve_district(district), _check_kinds(kinds)


def query_cases(
    warehouse: Path,
    district: str,
    department: str | None = None,
    kinds: list[str] | None = None,
    bucket: str | None = None,
) -> pl.DataFrame:
    """The records on the case lists of one district (any spelling; 'Haryana' for all),
    read from the published snapshot: COLUMNS, by kind (catalogue order), most days overdue
    first. ``kinds`` (default: every list), ``department`` (matched ignoring case and
    punctuation) and ``bucket`` (one of BUCKETS) narrow it. Refuses, with a one-line
    ValueError, an unknown district, kind, bucket or department."""
    district, kinds = _check(district, kinds, bucket)
    with connect_snapshot(warehouse) as con:
        return _read(con, district, department, kinds, bucket)


def _as_of(con: duckdb.DuckDBPyConnection, kinds: list[str]) -> dt.date | None:
    """The latest as-of date of the sources of ``kinds`` (ref_as_of)."""
    sources = sorted({CASE_KINDS[k].source for k in kinds})
    rows = con.execute(
        "select max(as_of) from ref_as_of where list_contains($sources, source)",
        {"sources": sources},
    ).fetchall()
    return rows[0][0]


def _slug(text: str) -> str:
    return re.sub(r"[^\w]+", "-", text).strip("-")


def case_file_name(
    district: str,
    kinds: list[str],
    as_of: dt.date | None,
    fmt: str,
    department: str | None = None,
    bucket: str | None = None,
) -> str:
    """A file name that says what the file holds: district, department, kinds (or 'all'),
    bucket and as-of date, e.g. jansewa-cases-Jhajjar-rts_overdue-2020-05-28.csv."""
    parts = ["jansewa-cases", _slug(district)]
    if department:
        parts.append(_slug(department))
    parts.append("all" if set(kinds) == set(CASE_KINDS) else "+".join(kinds))
    if bucket:
        parts.append(bucket.replace(">", "over-") + "-days")
    parts.append(as_of.isoformat() if as_of else "undated")
    return "-".join(parts) + f".{fmt}"


def write_cases(frame: pl.DataFrame, fmt: str, out: Path | None) -> None:
    """Write ``frame`` as CSV, JSON or an Excel workbook (sheet "cases", dates as dates) to
    ``out``; CSV and JSON go to stdout when ``out`` is None, a workbook never does."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: expected one of {', '.join(FORMATS)}")
    if fmt == "xlsx":
        if out is None:
            raise ValueError("an Excel workbook cannot go to stdout: name a file with --out")
        frame.write_excel(out, worksheet="cases", autofit=True, freeze_panes="A2")
    elif out is None:
        write_table(frame, fmt, sys.stdout)
    else:
        with out.open("w", encoding="utf-8", newline="") as stream:
            write_table(frame, fmt, stream)


def export_cases(
    warehouse: Path,
    district: str,
    fmt: str = "csv",
    out: Path | str | None = None,
    department: str | None = None,
    kinds: list[str] | None = None,
    bucket: str | None = None,
) -> tuple[Path | None, int]:
    """`jansewa cases`: query the lists (`query_cases`) and write them (`write_cases`) to
    ``out``; '-' is stdout, None a file in the current folder named by `case_file_name`
    after the lists' as-of date. Returns (the file written or None for stdout, cases)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: expected one of {', '.join(FORMATS)}")
    district, kinds = _check(district, kinds, bucket)
    with connect_snapshot(warehouse) as con:
        frame = _read(con, district, department, kinds, bucket)
        as_of = _as_of(con, kinds)
        if department is not None:  # named as the exports spell it, when they agree
            spellings = _departments(con, department)
            department = spellings[0] if len(spellings) == 1 else department
    if out == "-":
        path = None
    elif out is None:
        path = Path(case_file_name(district, kinds, as_of, fmt, department, bucket))
    else:
        path = Path(out)
    write_cases(frame, fmt, path)
    return path, frame.height
