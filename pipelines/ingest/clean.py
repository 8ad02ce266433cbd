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
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import polars as pl

from pipelines.ingest.parse import parser_for
from pipelines.ingest.pii import CODE_KINDS, shifted_lines
from pipelines.ingest.quarantine_detail import safe_details
from warehouse.sources import EARLIEST_DATE, STAGED_TYPES, Column, Source

REASONS: tuple[str, ...] = (
    "missing required value",
    "unknown district",
    "unparseable date",
    "date out of range",
    "unparseable number",
    "out of range number",
    "unknown value",
    "times run backwards",
    "conflicting duplicate id",
)

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
_INT32 = (-(2**31), 2**31 - 1)


@dataclass
class CleanResult:
    accepted: pl.DataFrame
    quarantined: pl.DataFrame
    duplicates: int


def _typed(name: str) -> str:
    return f"__typed_{name}"


def accepted_schema(source: Source) -> dict[str, pl.DataType]:
    """Column -> Polars dtype of ``CleanResult.accepted`` for a source."""
    schema = {c.name: POLARS_TYPES[STAGED_TYPES[c.kind]] for c in source.staged_columns}
    schema["_line"] = pl.Int64()
    return schema


def _problems(source: Source, today: date) -> list[tuple[str, str, pl.Expr, pl.Expr]]:
    """(reason, column, condition, detail) in the order that picks a row's one reason."""
    cols = source.columns
    raw = pl.col
    typed = [(c, pl.col(_typed(c.name))) for c in cols]
    earliest = pl.lit(date.fromisoformat(EARLIEST_DATE))
    latest = pl.lit(today + timedelta(days=1))

    def failed(c: Column, t: pl.Expr) -> pl.Expr:
        return raw(c.name).is_not_null() & t.is_null()

    def as_date(c: Column, t: pl.Expr) -> pl.Expr:
        return t if c.kind == "date" else t.dt.date()

    def out_of_range(c: Column, t: pl.Expr) -> pl.Expr:
        low, high = c.range
        if c.kind == "int":
            low = _INT32[0] if low is None else max(low, _INT32[0])
            high = _INT32[1] if high is None else min(high, _INT32[1])
        cond = pl.lit(False)
        if low is not None:
            cond = cond | (t < low)
        if high is not None:
            cond = cond | (t > high)
        return cond.fill_null(False)

    found: list[tuple[str, str, pl.Expr, pl.Expr]] = []
    add = found.append
    for c, _ in typed:
        if c.required:
            add(("missing required value", c.name, raw(c.name).is_null(), pl.lit(None, pl.String)))
    for c, t in typed:
        if c.kind == "district":
            add(("unknown district", c.name, failed(c, t), raw(c.name)))
    for c, t in typed:
        if c.kind in ("date", "timestamp"):
            add(("unparseable date", c.name, failed(c, t), raw(c.name)))
    for c, t in typed:
        if c.kind in ("date", "timestamp"):
            d = as_date(c, t)
            add(
                (
                    "date out of range",
                    c.name,
                    ((d < earliest) | (d > latest)).fill_null(False),
                    raw(c.name),
                )
            )
    for c, t in typed:
        if c.kind in ("int", "number"):
            add(("unparseable number", c.name, failed(c, t), raw(c.name)))
    for c, t in typed:
        if c.kind in ("int", "number"):
            add(("out of range number", c.name, out_of_range(c, t), raw(c.name)))
    for c, t in typed:
        if c.kind in ("label", "flag"):
            add(("unknown value", c.name, failed(c, t), raw(c.name)))
    for earlier, later in source.ordering:
        ce, cl = source.column(earlier), source.column(later)
        te, tl = pl.col(_typed(earlier)), pl.col(_typed(later))
        if ce.kind == "date" or cl.kind == "date":
            te, tl = as_date(ce, te), as_date(cl, tl)
        detail = pl.format(
            "{} {} is before {} {}", pl.lit(later), raw(later), pl.lit(earlier), raw(earlier)
        )
        add(("times run backwards", later, (tl < te).fill_null(False), detail))
    add(("conflicting duplicate id", source.key, pl.col("__conflict"), raw(source.key)))
    return found


def _first_problem(problems: list[tuple[str, str, pl.Expr, pl.Expr]]) -> pl.Expr:
    """Index (into ``problems``) of a row's first problem, null when it has none."""
    expr: pl.Expr | pl.When | pl.Then = pl
    for index, problem in enumerate(problems):
        expr = expr.when(problem[2]).then(pl.lit(index, pl.UInt16))  # type: ignore[union-attr]
    return expr.otherwise(pl.lit(None, pl.UInt16))  # type: ignore[union-attr]


def _problem_detail(problems: list[tuple[str, str, pl.Expr, pl.Expr]]) -> pl.Expr:
    expr: pl.Expr | pl.When | pl.Then = pl
    for index, problem in enumerate(problems):
        expr = expr.when(pl.col("__problem") == index).then(problem[3])  # type: ignore[union-attr]
    return expr.otherwise(pl.lit(None, pl.String))  # type: ignore[union-attr]


def _safe_column(source: Source, column: str) -> bool:
    return source.column(column).kind in CODE_KINDS


def _row_district(source: Source) -> pl.Expr:
    """The row's canonical district (the typed district column), null when it did not parse."""
    district = next((c for c in source.columns if c.kind == "district"), None)
    if district is None:
        return pl.lit(None, pl.String)
    return pl.col(_typed(district.name)).cast(pl.String)


def _event_day(source: Source) -> pl.Expr:
    """The date of the source's event time, null when it did not parse."""
    event = source.column(source.event_time)
    typed = pl.col(_typed(event.name))
    return typed if event.kind == "date" else typed.dt.date()


def _repeats(
    frame: pl.DataFrame, repeated: pl.Series, contract: list[str], key: str
) -> tuple[pl.Series, pl.Series]:
    """(exact duplicate, conflicting duplicate id) for every row of ``frame``, compared
    among the rows whose key repeats (``repeated``) only.

    Rows equal on every contract column share their key, so all copies of a row are among
    them, in file order, and so are all rows of a key left twice once copies are dropped:
    the answer is the one the whole file would give. Comparing whole rows of the whole file
    and counting every key took a quarter of the cleaning's CPU time (0.55 of 2.0 s a
    million service transactions), where a file has some hundreds of repeated keys.
    """
    positions = repeated.arg_true()
    rows = frame.select(contract).gather(positions)
    copy = ~rows.select(pl.struct(contract).is_first_distinct()).to_series()
    kept = rows.filter(~copy)
    twice = kept.select(pl.len().over(key) > 1).to_series()
    duplicate = pl.repeat(False, frame.height, eager=True).scatter(positions, copy)
    conflicting = pl.repeat(False, frame.height, eager=True)
    return duplicate, conflicting.scatter(positions.filter(~copy), twice)


def _derived_key(source: Source) -> pl.Expr | None:
    """The key built from the parsed values of ``derived_from`` (null if any part is null),
    or None when the source's key is read from the export."""
    key = source.column(source.key)
    if not key.derived_from:
        return None
    parts = []
    for name in key.derived_from:
        col = source.column(name)
        parser = parser_for(col)
        value = parser(pl.col(name)) if parser else pl.col(name)
        if col.kind == "timestamp":
            value = value.dt.strftime("%Y-%m-%d %H:%M:%S")
        elif col.kind == "date":
            value = value.dt.strftime("%Y-%m-%d")
        parts.append(value.cast(pl.String))
    return pl.concat_str(parts, separator=" | ").alias(source.key)


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
    derived = _derived_key(source)
    if derived is not None:
        frame = frame.with_columns(derived)

    # 1. exact duplicates (rows with a key only; a keyless row is quarantined as it is).
    repeated = frame.get_column(key).is_duplicated() & frame.get_column(key).is_not_null()
    duplicates, conflict = 0, pl.lit(False)
    if repeated.any():  # most files have unique keys: no row-wise comparison at all
        duplicate, conflicting = _repeats(frame, repeated, contract, key)
        duplicates = int(duplicate.sum())
        frame = frame.filter(~duplicate)
        conflict = pl.lit(conflicting.filter(~duplicate))

    # 2. typed values, conflicts, then the first problem of each row
    typed = []
    for col in source.columns:
        parser = parser_for(col)
        typed.append(
            (parser(pl.col(col.name)) if parser else pl.col(col.name)).alias(_typed(col.name))
        )
    frame = frame.with_columns(*typed, conflict.alias("__conflict"))
    problems = _problems(source, today)
    frame = frame.with_columns(_first_problem(problems).alias("__problem"))

    ok = pl.col("__problem").is_null()
    schema = accepted_schema(source)
    accepted = (  # lazily, so only the typed columns are filtered, not the text as read too
        frame.lazy()
        .filter(ok)
        .select(
            *[
                pl.col(_typed(name)).cast(dtype).alias(name)
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
        _problem_detail(problems).alias("detail"),
        pl.col("__problem")
        .replace_strict(index, [_safe_column(source, p[1]) for p in problems])
        .alias("__safe"),
        _row_district(source).alias("district"),
        _event_day(source).alias("event_day"),
        pl.col("__shifted"),
    )
    quarantined = safe_details(quarantined).cast(QUARANTINE_SCHEMA)  # type: ignore[arg-type]
    assert raw.height == accepted.height + duplicates + quarantined.height, (
        f"{source.name}: {raw.height} rows in != {accepted.height} accepted + {duplicates} "
        f"duplicates + {quarantined.height} quarantined"
    )
    return CleanResult(accepted=accepted, quarantined=quarantined, duplicates=duplicates)
