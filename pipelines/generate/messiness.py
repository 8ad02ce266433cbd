"""Bad rows and duplicates: the rows the pipeline must quarantine or count as duplicates.

Every bad row is an EXTRA row with a fresh ID, copied from a valid record of a district
that carries no published figure and then broken in one way, so quarantining it never
moves a figure. A source without record ids (the control-room roster, whose key is derived
from its room and shift times) gets a fresh key instead: the copy is written for another
desk of the room ("1950 desk 17"), so it never collides with the shift it copies.
Kinds (the contract's quarantine reasons; a source without a label column has no
unknown_label):

    unknown_district   district "Delhi", "Chandigarh", ...
    unparseable_date   the event time is "31/02/2020 10:15", "##########", ...
    missing_required   a required value (not the ID, not the district) is empty
    times_backwards    a later time (resolved, decided, paid, ...) precedes the event time
    out_of_range       rating 0 or 9, amount 0 or negative, timeline 0, movements < 0
    unknown_label      a category/status/channel label the contract does not know
    conflicting_id     two rows of one file with one fresh ID and different values

Exact duplicates (same ID, identical text) are copies of valid rows: duplicates, not bad.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from pipelines.generate.calibration import CALIBRATED_DISTRICTS
from pipelines.generate.families.base import IdCounter
from warehouse.sources import SOURCES

BAD_KINDS = (
    "unknown_district",
    "unparseable_date",
    "missing_required",
    "times_backwards",
    "out_of_range",
    "unknown_label",
    "conflicting_id",
)
UNKNOWN_DISTRICTS = ("Delhi", "Chandigarh", "Noida", "Ghaziabad", "Alwar", "Saharanpur")
BAD_TIMESTAMPS = (
    "31/02/2020 10:15",
    "2020-04-31 09:00:00",
    "##########",
    "not recorded",
    "32-05-2020 11:00 AM",
)
BAD_DATES = ("31/02/2020", "2020-04-31", "##########", "not recorded")
UNKNOWN_LABELS = ("Forwarded", "N/A", "Transferred", "Misc")

# (column, bad values) per source; sources without a ranged number have none.
OUT_OF_RANGE: dict[str, tuple[str, tuple[float, ...]]] = {
    "helpline_calls": ("feedback_rating", (0, 9)),
    "service_transactions": ("feedback_rating", (0, 9)),
    "grievances": ("citizen_rating", (0, 9)),
    "relief_payments": ("amount", (-1000.0, 0.0)),
    "eoffice_files": ("movements", (-2,)),
    "control_room_roster": ("operators_on_duty", (-1, -8)),
}
# The column whose value differs between the two rows of a conflicting pair.
CONFLICT_COLUMN = {
    "helpline_calls": "caller_mobile",
    "movement_passes": "mobile",
    "relief_beneficiaries": "mobile",
    "relief_payments": "paid_on",
    "migrant_registrations": "mobile",
    "service_transactions": "citizen_mobile",
    "grievances": "mobile",
    "appointments": "officer_level",
    "eoffice_files": "movements",
    "control_room_roster": "operators_on_duty",
}


def kinds_for(source: str) -> tuple[str, ...]:
    """The bad-row kinds the contract of this source can quarantine."""
    labels = any(c.kind == "label" for c in SOURCES[source].columns)
    return tuple(
        k
        for k in BAD_KINDS
        if (k != "out_of_range" or source in OUT_OF_RANGE) and (k != "unknown_label" or labels)
    )


# Digits of the running number at the end of each source's IDs (the rest is the prefix).
ID_DIGITS = {
    "helpline_calls": 8,
    "movement_passes": 7,
    "relief_beneficiaries": 8,
    "relief_payments": 9,
    "migrant_registrations": 7,
    "service_transactions": 10,
    "grievances": 9,
    "appointments": 8,
    "eoffice_files": 7,
}


def _fresh_ids(template: pl.Series, ids: IdCounter, digits: int) -> pl.Series:
    """New IDs in the template's format: same prefix, the next running numbers."""
    n = len(template)
    start = ids.take(n)
    numbers = pl.Series(np.arange(start, start + n)).cast(pl.String).str.zfill(digits)
    prefix = template.str.slice(0, template.str.len_chars() - digits)
    return pl.DataFrame({"p": prefix, "n": numbers}).select(pl.concat_str("p", "n")).to_series()


def _fresh_keys(take: pl.DataFrame, source: str, ids: IdCounter) -> pl.DataFrame:
    """The copies with keys no other row has: fresh IDs, or for a derived key another desk
    in the first text column it is built from (the helpline)."""
    spec = SOURCES[source]
    key = spec.column(spec.key)
    if not key.derived_from:
        return take.with_columns(
            pl.Series(spec.key, _fresh_ids(take[spec.key], ids, ID_DIGITS[source]))
        )
    text = next(name for name in key.derived_from if spec.column(name).kind == "text")
    start = ids.take(take.height)
    desk = pl.Series(np.arange(start, start + take.height)).cast(pl.String)
    return take.with_columns(
        pl.concat_str(pl.col(text), pl.lit(" desk "), pl.lit(desk)).alias(text)
    )


def bad_rows(
    valid: pl.DataFrame,
    source: str,
    counts: dict[str, int],
    rng: np.random.Generator,
    ids: IdCounter,
) -> pl.DataFrame:
    """Typed bad rows (with ``_bad`` naming the kind); text-level damage comes in ``damage``."""
    spec = SOURCES[source]
    pool = valid.filter(~pl.col("district").is_in(list(CALIBRATED_DISTRICTS)))
    parts = []
    for kind, n in counts.items():
        if n <= 0 or pool.height == 0:
            continue
        take = pool.sample(n, with_replacement=True, seed=int(rng.integers(2**31)))
        take = _fresh_keys(take, source, ids).with_columns(_bad=pl.lit(kind))
        if kind == "times_backwards":
            earlier, later = spec.ordering[0]
            back = pl.duration(days=pl.lit(pl.Series(rng.integers(1, 6, n))))
            take = take.with_columns((pl.col(earlier) - back).cast(take.schema[later]).alias(later))
        elif kind == "out_of_range":
            col, values = OUT_OF_RANGE[source]
            bad = pl.Series(np.asarray(values)[rng.integers(0, len(values), n)]).cast(
                take.schema[col]
            )
            take = take.with_columns(pl.lit(bad).alias(col))
        elif kind == "conflicting_id":
            take = pl.concat([take, _conflict(take, source, rng)])
        parts.append(take)
    if not parts:
        return valid.clear().with_columns(_bad=pl.lit(None, dtype=pl.String))
    return pl.concat(parts)


def _conflict(first: pl.DataFrame, source: str, rng: np.random.Generator) -> pl.DataFrame:
    """The second row of each conflicting pair: same ID, one value changed (still valid)."""
    col = CONFLICT_COLUMN[source]
    c = pl.col(col)
    dtype = first.schema[col]
    if dtype == pl.Date:
        changed = pl.coalesce(c, pl.col("week_starting")) + pl.duration(days=1)
    elif dtype == pl.Int64:
        changed = c + 1
    elif col == "officer_level":
        changed = pl.when(c == "dc").then(pl.lit("hod")).otherwise(pl.lit("dc"))
    else:
        numbers = rng.integers(6_000_000_000, 9_999_999_999, first.height)
        changed = pl.lit(pl.Series(numbers).cast(pl.String))
    return first.with_columns(changed.alias(col))


def damage(text: pl.DataFrame, source: str, rng: np.random.Generator) -> pl.DataFrame:
    """Apply the text-level kinds to rendered rows marked in ``_bad``."""
    spec = SOURCES[source]
    n = text.height
    bad = pl.col("_bad")
    event = spec.column(spec.event_time)
    bad_dates = BAD_TIMESTAMPS if event.kind == "timestamp" else BAD_DATES
    required = [c for c in spec.required if c.name not in (spec.key, "district")]
    labels = [c for c in spec.required if c.kind == "label"] or [
        c for c in spec.columns if c.kind == "label"
    ]
    missing_col = np.asarray([c.name for c in required])[rng.integers(0, len(required), n)]
    label_col = (
        np.asarray([c.name for c in labels])[rng.integers(0, len(labels), n)]
        if labels
        else np.full(n, "")  # no label column: no unknown_label rows to damage
    )

    def pick(values: tuple[str, ...]) -> pl.Expr:
        return pl.lit(
            pl.Series(
                np.asarray(values, dtype=object)[rng.integers(0, len(values), n)], dtype=pl.String
            )
        )

    exprs = [
        pl.when(bad == "unknown_district")
        .then(pick(UNKNOWN_DISTRICTS))
        .otherwise(pl.col("district"))
        .alias("district"),
        pl.when(bad == "unparseable_date")
        .then(pick(bad_dates))
        .otherwise(pl.col(event.name))
        .alias(event.name),
    ]
    for col in spec.columns:
        if col.name == event.name or (col not in required and col not in labels):
            continue
        e = pl.col(col.name)
        if col in required:
            hit = (bad == "missing_required") & (pl.lit(pl.Series(missing_col)) == col.name)
            e = pl.when(hit).then(pl.lit("")).otherwise(e)
        if col in labels:
            hit = (bad == "unknown_label") & (pl.lit(pl.Series(label_col)) == col.name)
            e = pl.when(hit).then(pick(UNKNOWN_LABELS)).otherwise(e)
        exprs.append(e.alias(col.name))
    if event in required:
        exprs[1] = (
            pl.when((bad == "missing_required") & (pl.lit(pl.Series(missing_col)) == event.name))
            .then(pl.lit(""))
            .otherwise(exprs[1])
            .alias(event.name)
        )
    return text.with_columns(exprs)


def bad_counts(
    source: str, rows: int, rate: float, rng: np.random.Generator, force: bool
) -> dict[str, int]:
    """Bad rows per kind for a batch: ``rate`` of its rows, rounded at random (at least one
    of each kind when ``force``); a conflicting pair counts as one here, two rows in the file."""
    out = {}
    for kind in kinds_for(source):
        expected = rows * rate
        n = int(expected) + int(rng.random() < expected - int(expected))
        out[kind] = max(n, 1) if force else n
    return out


def exact_duplicates(text: pl.DataFrame, rate: float, rng: np.random.Generator) -> pl.DataFrame:
    """Copies of valid rendered rows (identical text): the pipeline counts them as duplicates."""
    valid = text.filter(pl.col("_bad").is_null())
    n = min(valid.height, max(1, int(round(valid.height * rate)))) if valid.height else 0
    return valid.sample(n, seed=int(rng.integers(2**31))) if n else valid.clear()
