"""Validate and type one read export: accepted rows, quarantined rows and a duplicate count.

Input: ``RawExport.frame`` after ``hash_personal`` (contract columns as text, ``_line``,
``_extra``). Output (``CleanResult``):

    accepted     the staged columns of the source (``sources.staging_columns``), typed
                 (String / Datetime[us] / Date / Int32 / Float64 / Boolean), then ``_line``
                 (Int64); one row per record id.
    quarantined  line (Int64), record_id, reason, column_name, detail (Utf8), district
                 (Utf8), event_day (Date): never the rejected row itself (see 3.).
    duplicates   rows identical on every contract column to an earlier row of the file.

Rules, in the order they are applied:
1. Exact duplicates. A row whose contract columns (as read, trimmed, personal fields
   hashed) equal an earlier row's, key included, is counted in ``duplicates`` and
   dropped; only the first copy goes on (to acceptance or to quarantine).
2. Problems, per row. A row with several is quarantined once, with the FIRST of this list
   (and, within one reason, the first column in contract order):
       'missing required value'   a required column is empty
       'unknown district'         the district matches no name or alias
       'unparseable date'         a date/timestamp in no allowed format
       'date out of range'        before sources.EARLIEST_DATE or after today + 1 day
       'unparseable number'       a number/int that does not parse (or an int not whole)
       'out of range number'      outside Column.range
       'unknown value'            a label/flag that is not an accepted spelling
       'times run backwards'      a Source.ordering pair with the later value earlier
                                  (a date against a timestamp compares dates)
       'conflicting duplicate id' the key appears on two or more distinct rows of the
                                  file: every one of them is quarantined, since the file
                                  contradicts itself and neither version can be trusted
   An empty optional value is null, not a problem; a non-empty one that fails is.
3. What a quarantined row keeps. A rejected row may be rejected precisely because a value
   sits in the wrong column (a shifted line puts a phone number under "Resolved At"), so
   it is never kept whole. It keeps:
       record_id    the key as read (the keyed hash where the key is personal, e.g.
                    beneficiary_id: ``hash_personal`` ran before)
       district     the canonical district when the row's district parses, else null
       event_day    the date of the source's ``event_time`` when it parses, else null
                    (a per-period data-quality view counts rejections by these two)
       detail       the offending value as read (for 'times run backwards' both values)
                    only when it is safe to show: the column is of a kind that holds
                    codes, not people (``pii.CODE_KINDS``: district, label, flag, date,
                    timestamp, int, number), the value does not look like a personal
                    value (``pii.looks_personal``: a mobile number, a 12-digit
                    Aadhaar-like number, an e-mail) nor is a hash (``hash_personal``
                    hashed it at read for that reason), and the line did not have more
                    fields than the header (its values are shifted, so any of them may be
                    a name). Else null, and always null for 'missing required value'
                    (pipelines/ingest/quarantine_detail.py).

A derived key (``Column.derived_from``, a source without record ids) is built first, from
the parsed values of its columns (canonical district, trimmed text, ISO timestamps), and is
then the key every rule above uses; it is null when one of its columns is empty or does not
parse (the row is quarantined for that), so such a row is never a duplicate or a conflict.

Identity, asserted: rows in == accepted + duplicates + quarantined.

Rule 1 and the derived key are in record_keys.py, rule 2 in row_problems.py, rule 3 in
quarantine_columns.py and quarantine_detail.py; this module runs them over the table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import polars as pl

from pipelines.ingest.parse import parser_for
from pipelines.ingest.pii import shifted_lines
from pipelines.ingest.quarantine_columns import event_day_of, is_safe_column, row_district
from pipelines.ingest.quarantine_detail import safe_details
from pipelines.ingest.record_keys import derived_key, repeated_keys
from pipelines.ingest.row_problems import first_problem, problem_detail, problems_of, typed_column
from warehouse.sources import STAGED_TYPES, Source

POLARS_TYPES: dict[str, pl.DataType] = {
    "varchar": pl.String(),
    "timestamp": pl.Datetime("us"),
    "date": pl.Date(),
    "integer": pl.Int32(),
    "double": pl.Float64(),
    "boolean": pl.Boolean(),
}

QUARANTINE_SCHEMA: dict[str, pl.DataType] = {
    "line": pl.Int64(),
    "record_id": pl.String(),
    "reason": pl.String(),
    "column_name": pl.String(),
    "detail": pl.String(),
    "district": pl.String(),
    "event_day": pl.Date(),
}

IST = ZoneInfo("Asia/Kolkata")


@dataclass
class CleanResult:
    accepted: pl.DataFrame
    quarantined: pl.DataFrame
    duplicates: int


def accepted_schema(source: Source) -> dict[str, pl.DataType]:
    """Column -> Polars dtype of ``CleanResult.accepted`` for a source."""
    schema = {c.name: POLARS_TYPES[STAGED_TYPES[c.kind]] for c in source.staged_columns}
    schema["_line"] = pl.Int64()
    return schema


def clean_export(raw: pl.DataFrame, source: Source, today: date | None = None) -> CleanResult:
    """Split a read (and hashed) export into typed accepted rows and quarantined rows.

    See the module docstring for the rules; ``today`` bounds 'date out of range' (default:
    the current date in India).
    """
    today = today or datetime.now(IST).date()
    contract = [c.name for c in source.columns]
    missing = [c for c in contract if c not in raw.columns]
    if missing or "_line" not in raw.columns:
        raise ValueError(
            f"clean_export needs a read frame of {source.name}; missing {missing or ['_line']}"
        )
    key = source.key
    frame = raw.select(
        *[pl.col(c).cast(pl.String) for c in contract],
        pl.col("_line").cast(pl.Int64),
        pl.lit(shifted_lines(raw)).alias("__shifted"),
    )
    derived = derived_key(source)
    if derived is not None:
        frame = frame.with_columns(derived)

    # 1. exact duplicates (rows with a key only; a keyless row is quarantined as it is).
    repeated = frame.get_column(key).is_duplicated() & frame.get_column(key).is_not_null()
    duplicates, conflict = 0, pl.lit(False)
    if repeated.any():  # most files have unique keys: no row-wise comparison at all
        duplicate, conflicting = repeated_keys(frame, repeated, contract, key)
        duplicates = int(duplicate.sum())
        frame = frame.filter(~duplicate)
        conflict = pl.lit(conflicting.filter(~duplicate))

    # 2. typed values, conflicts, then the first problem of each row
    typed = []
    for col in source.columns:
        parser = parser_for(col)
        typed.append(
            (parser(pl.col(col.name)) if parser else pl.col(col.name)).alias(typed_column(col.name))
        )
    frame = frame.with_columns(*typed, conflict.alias("__conflict"))
    problems = problems_of(source, today)
    frame = frame.with_columns(first_problem(problems).alias("__problem"))

    ok = pl.col("__problem").is_null()
    schema = accepted_schema(source)
    accepted = (  # lazily, so only the typed columns are filtered, not the text as read too
        frame.lazy()
        .filter(ok)
        .select(
            *[
                pl.col(typed_column(name)).cast(dtype).alias(name)
                for name, dtype in schema.items()
                if name != "_line"
            ],
            pl.col("_line"),
        )
        .collect()
    )
    index = pl.Series([i for i in range(len(problems))], dtype=pl.UInt16)
    quarantined = frame.filter(~ok).select(
        pl.col("_line").alias("line"),
        pl.col(key).alias("record_id"),
        pl.col("__problem")
        .replace_strict(index, [p[0] for p in problems], return_dtype=pl.String)
        .alias("reason"),
        pl.col("__problem")
        .replace_strict(index, [p[1] for p in problems], return_dtype=pl.String)
        .alias("column_name"),
        problem_detail(problems).alias("detail"),
        pl.col("__problem")
        .replace_strict(index, [is_safe_column(source, p[1]) for p in problems])
        .alias("__safe"),
        row_district(source).alias("district"),
        event_day_of(source).alias("event_day"),
        pl.col("__shifted"),
    )
    quarantined = safe_details(quarantined).cast(QUARANTINE_SCHEMA)  # type: ignore[arg-type]
    assert raw.height == accepted.height + duplicates + quarantined.height, (
        f"{source.name}: {raw.height} rows in != {accepted.height} accepted + {duplicates} "
        f"duplicates + {quarantined.height} quarantined"
    )
    return CleanResult(accepted=accepted, quarantined=quarantined, duplicates=duplicates)
