"""Parsers from export text to typed values, one per kind of column.

Every parser takes a string column (already trimmed, empty -> null) and returns the typed
value, or null where the text does not parse; the caller tells "empty" (null in, null out)
from "unparseable" (text in, null out). Parsers are Polars expressions so that a whole
column is parsed at once; where a column has few distinct values (districts, labels, flags)
the distinct values are mapped in Python and joined back, which keeps the matching exactly
equal to the reference functions (``warehouse.districts.canonical_district``) at no cost.

Decisions:
    timestamps  the formats of EXPORTS.md (ISO with or without seconds or "T", day-first
                slash/dash forms with 24-hour or AM/PM clock, and date-only forms meaning
                midnight), plus what Excel date cells render as ("2020-05-28 14:03:27.500").
                Slash and dash forms are always day-first: "05/06/2020" is 5 June.
                A year before 1 is no date: Polars reads "0-1-1" as year 0 (and "-5-1-1"
                as 6 BC), which neither Python nor the contract's dates know.
    numbers     plain decimals with an optional sign; thousands separators in Western
                ("1,000,000") or Indian ("10,00,000") grouping; a leading currency marker
                "Rs", "Rs.", "INR" or "₹" is accepted (exports of the relief fund print
                amounts that way); anything else (units, "1,5", "1e3") is unparseable.
    ints        a number that is whole: "3" and "3.0" are 3 (Excel renders whole numbers
                either way); "3.5" is unparseable, not rounded.
    labels      accepted spellings and the canonical key itself, ignoring case, surrounding
                space and space/underscore/hyphen differences, after Unicode NFC.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Mapping

import polars as pl

from warehouse.districts import alias_table, lookup_key
from warehouse.sources import Column

DATETIME = pl.Datetime("us")
_FIRST_DAY = dt.datetime(1, 1, 1)  # of year 1: anything earlier is no date (see above)

# Tried in this order (after sniffing which ones the column mostly uses, see below).
TIMESTAMP_FORMATS: tuple[str, ...] = (
    "%Y-%m-%d %H:%M:%S",  # first: Polars has a fast path for it
    "%Y-%m-%d %H:%M:%S%.f",  # Excel date cells with fractions of a second
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %I:%M %p",
    "%d/%m/%Y %I:%M:%S %p",
    "%d/%m/%Y",
    "%d-%m-%Y %H:%M",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %I:%M %p",
    "%d-%m-%Y %I:%M:%S %p",
    "%d-%m-%Y",
)

_SNIFF_ROWS = 2_000
_DISTINCT_MIN_ROWS = 50_000  # below this, parsing everything is as cheap as anything


def by_distinct(values: pl.Series, parse: Callable[[pl.Series], pl.Series]) -> pl.Series:
    """``parse(values)``, computed on the distinct values only when they are few.

    Dates, ratings, amounts and codes repeat a lot: parsing a few hundred distinct texts
    and mapping them back beats parsing ten million. A sample decides, so a column of
    mostly distinct values (timestamps with seconds) pays nothing for the attempt.
    """
    n = len(values)
    if n >= _DISTINCT_MIN_ROWS and values.head(10_000).n_unique() <= 500:
        distinct = values.drop_nulls().unique()
        if len(distinct) <= n // 20:
            parsed = parse(distinct)
            return values.replace_strict(distinct, parsed, default=None, return_dtype=parsed.dtype)
    return parse(values)


def _parse_with(values: pl.Series, fmt: str) -> pl.Series:
    parsed = values.str.strptime(DATETIME, fmt, strict=False, exact=True)
    return pl.select(pl.when(parsed >= _FIRST_DAY).then(parsed)).to_series().alias(values.name)


def parse_timestamp_series(values: pl.Series) -> pl.Series:
    """Parse a string Series to naive IST datetimes; null where no allowed format matches.

    Each format is tried only on the values that are still unparsed, starting with the
    formats a sample of the column uses, so a file in one format costs one pass.
    """
    return by_distinct(values.cast(pl.String), _parse_timestamps).alias(values.name)


def _parse_timestamps(values: pl.Series) -> pl.Series:
    out = pl.Series(values.name, [None] * len(values), dtype=DATETIME)
    todo = values.is_not_null()
    if not todo.any():
        return out
    sample = values.filter(todo).head(_SNIFF_ROWS)
    hits = {fmt: _parse_with(sample, fmt).is_not_null().sum() for fmt in TIMESTAMP_FORMATS}
    order = sorted(TIMESTAMP_FORMATS, key=lambda f: -hits[f])  # stable: ties keep order
    for fmt in order:
        idx = todo.arg_true()
        if idx.len() == 0:
            break
        if idx.len() == len(values):
            parsed = _parse_with(values, fmt)
            out = parsed
        else:
            parsed = _parse_with(values.gather(idx), fmt)
            out = out.scatter(idx, parsed)
        todo = out.is_null() & values.is_not_null()
    return out.alias(values.name)


def parse_timestamp(expr: pl.Expr) -> pl.Expr:
    """Expression: text -> Datetime (IST wall clock); date-only input means midnight."""
    return expr.map_batches(parse_timestamp_series, return_dtype=DATETIME)


def parse_date(expr: pl.Expr) -> pl.Expr:
    """Expression: text in any timestamp format -> Date (a time part is dropped)."""
    return parse_timestamp(expr).dt.date()


# Thousands separators: Western (1,000,000) or Indian (10,00,000) grouping only.
_NUMBER = (
    r"^[+-]?(?:\d+|\d{1,3}(?:,\d{3})+|\d{1,2}(?:,\d{2})+,\d{3})(?:\.\d*)?$"
    r"|^[+-]?\.\d+$"
)
_CURRENCY = r"^(?i:rs\.?|inr|₹)\s*"


def _parse_numbers(values: pl.Series) -> pl.Series:
    text = values.cast(pl.String).str.strip_chars().str.replace(_CURRENCY, "")
    number = text.str.replace_all(",", "", literal=True).cast(pl.Float64, strict=False)
    return number.set(~text.str.contains(_NUMBER).fill_null(False), None)  # type: ignore[arg-type]


def parse_number_series(values: pl.Series) -> pl.Series:
    """Parse a string Series to Float64; null when not a plain decimal (module docstring)."""
    return by_distinct(values.cast(pl.String), _parse_numbers).alias(values.name)


def parse_number(expr: pl.Expr) -> pl.Expr:
    """Expression: text -> Float64; null when not a plain decimal (see module docstring)."""
    return expr.map_batches(parse_number_series, return_dtype=pl.Float64)


def parse_int(expr: pl.Expr) -> pl.Expr:
    """Expression: text -> whole number as Float64 (the caller range-checks, then casts).

    "3" and "3.0" are 3; "3.5" is null (unparseable): a count or rating is never rounded.
    """
    number = parse_number(expr)
    return pl.when(number == number.floor()).then(number).otherwise(None)


def label_key(value: str) -> str:
    """Fold a label spelling: NFC, case-folded, trimmed, without space/underscore/hyphen."""
    return re.sub(r"[\s_\-]+", "", unicodedata.normalize("NFC", value).strip().casefold())


def label_lookup(labels: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    """Folded spelling -> canonical value, for every spelling and each canonical key itself."""
    table: dict[str, str] = {}
    for canonical, spellings in labels.items():
        for spelling in (canonical, *spellings):
            key = label_key(spelling)
            if table.get(key, canonical) != canonical:
                raise ValueError(f"label {spelling!r} is claimed by {table[key]} and {canonical}")
            table[key] = canonical
    return table


def _map_distinct(expr: pl.Expr, fn: Callable[[str], str | None], dtype: pl.DataType) -> pl.Expr:
    """Map each distinct value through ``fn`` in Python and broadcast back (null -> null)."""

    def apply(values: pl.Series) -> pl.Series:
        values = values.cast(pl.String)
        distinct = values.drop_nulls().unique()
        mapped = pl.Series([fn(v) for v in distinct.to_list()], dtype=dtype)
        return values.replace_strict(distinct, mapped, default=None, return_dtype=dtype)

    return expr.map_batches(apply, return_dtype=dtype)


def parse_label(expr: pl.Expr, labels: Mapping[str, tuple[str, ...]]) -> pl.Expr:
    """Expression: any accepted spelling (English or Hindi) -> canonical value, else null."""
    table = label_lookup(labels)
    return _map_distinct(expr, lambda v: table.get(label_key(v)), pl.String())


def parse_flag(expr: pl.Expr, labels: Mapping[str, tuple[str, ...]]) -> pl.Expr:
    """Expression: yes/no in English or Hindi (labels "true"/"false") -> Boolean, else null."""
    return parse_label(expr, labels).replace_strict(
        {"true": True, "false": False}, default=None, return_dtype=pl.Boolean
    )


def canonical_district_or_none(value: str) -> str | None:
    """Like ``canonical_district`` but None for an unknown or empty spelling."""
    if not value.strip():
        return None
    return alias_table().get(lookup_key(value))


def parse_district(expr: pl.Expr) -> pl.Expr:
    """Expression: any district spelling -> canonical name, else null (unknown)."""
    return _map_distinct(expr, canonical_district_or_none, pl.String())


def parser_for(column: Column) -> Callable[[pl.Expr], pl.Expr] | None:
    """The parser of a column's kind, or None for kinds kept as text (id, text, pii)."""
    match column.kind:
        case "timestamp":
            return parse_timestamp
        case "date":
            return parse_date
        case "number":
            return parse_number
        case "int":
            return parse_int
        case "label":
            return lambda e: parse_label(e, column.labels)
        case "flag":
            return lambda e: parse_flag(e, column.labels)
        case "district":
            return parse_district
    return None
