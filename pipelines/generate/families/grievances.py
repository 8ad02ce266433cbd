"""grievances: CM Window, SMGT and CPGRAMS complaints.

Disposal time is lognormal around a district median (days); some stay pending past 30
days, a few are rejected or reopened. The free-text subject sometimes names the
complainant, which is why the contract treats it as personal data.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from pipelines.generate import catalog, fakes
from pipelines.generate.calendar import times_of_day
from pipelines.generate.families.base import NAT, Chunk, after, lognormal, seconds, ts

SOURCE = "grievances"
CORRECTABLE = "channel"
_MONTHS = ("March", "April", "May", "June", "July")


def generate(c: Chunk) -> pl.DataFrame:
    rng, n, p, d = c.rng, c.n, c.profile, c.d
    received = times_of_day(SOURCE, c.days, rng)
    channel = c.choice(["cm_window", "smgt", "cpgrams"], [0.55, 0.15, 0.3])
    dept = np.asarray(catalog.DEPARTMENTS, dtype=object)[
        rng.integers(0, len(catalog.DEPARTMENTS), n)
    ]
    r = rng.random(n)
    rejected = r < 0.06
    disposed = ~rejected & (rng.random(n) < p.grievance_disposal[d])
    reopened = disposed & (rng.random(n) < 0.03)
    days = lognormal(rng, p.grievance_days_median[d], 0.8)
    closed_at = np.where(rejected | disposed, received + seconds(days * 86400 + 600), NAT)
    status = np.where(
        rejected,
        "rejected",
        np.where(reopened, "reopened", np.where(disposed, "disposed", "pending")),
    )
    rating = np.where(
        disposed & (rng.random(n) < 0.35),
        rng.choice(5, size=n, p=[0.15, 0.1, 0.2, 0.3, 0.25]) + 1,
        0,
    )
    complainant = fakes.names(rng, n)
    template = np.asarray(catalog.GRIEVANCE_SUBJECTS, dtype=object)[
        rng.integers(0, len(catalog.GRIEVANCE_SUBJECTS), n)
    ]
    month = np.asarray(_MONTHS, dtype=object)[rng.integers(0, len(_MONTHS), n)]
    start = c.ids.take(n)
    frame = pl.DataFrame(
        {
            "grievance_no": fakes.sequence_ids("GRV", start, n, 9),
            "channel": pl.Series(channel, dtype=pl.String),
            "district": c.district(),
            "department": pl.Series(dept, dtype=pl.String),
            "received_on": ts(received),
            "status": pl.Series(status, dtype=pl.String),
            "disposed_on": ts(closed_at),
            "citizen_rating": pl.Series(rating).cast(pl.Int64),
            "complainant_name": complainant,
            "mobile": fakes.mobiles(rng, n),
            "subject": pl.Series(template, dtype=pl.String),
            "_m": pl.Series(month, dtype=pl.String),
        }
    )
    return frame.with_columns(
        citizen_rating=pl.when(pl.col("citizen_rating") > 0).then(pl.col("citizen_rating")),
        subject=pl.col("subject")
        .str.replace("{m}", pl.col("_m"), literal=True)
        .str.replace("{name}", pl.col("complainant_name"), literal=True),
    ).drop("_m")


def as_of(frame: pl.DataFrame, t: dt.datetime) -> pl.DataFrame:
    late = after("disposed_on", t, frame.schema)
    return frame.with_columns(
        status=pl.when(late).then(pl.lit("pending")).otherwise(pl.col("status")),
        citizen_rating=pl.when(late).then(None).otherwise(pl.col("citizen_rating")),
        disposed_on=pl.when(late).then(None).otherwise(pl.col("disposed_on")),
    )


finalize = as_of
