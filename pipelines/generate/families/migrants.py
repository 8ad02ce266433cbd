"""migrant_registrations: workers registered to travel home (peak in May 2020).

Most go by Shramik trains, some by state buses; the dispatch rate is a district knob.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from pipelines.generate import fakes
from pipelines.generate.families.base import Chunk, after, dates

SOURCE = "migrant_registrations"
CORRECTABLE = "mode"
STATES = [
    "Uttar Pradesh",
    "Bihar",
    "Madhya Pradesh",
    "Jharkhand",
    "West Bengal",
    "Rajasthan",
    "Odisha",
    "Uttarakhand",
]
STATE_SHARE = [0.38, 0.34, 0.08, 0.06, 0.05, 0.04, 0.03, 0.02]


def generate(c: Chunk) -> pl.DataFrame:
    rng, n, p, d = c.rng, c.n, c.profile, c.d
    dispatched = rng.random(n) < p.migrant_dispatch[d]
    cancelled = ~dispatched & (rng.random(n) < 0.25)
    status = np.where(dispatched, "dispatched", np.where(cancelled, "cancelled", "registered"))
    on = np.where(
        dispatched,
        c.days + rng.integers(1, 16, n).astype("timedelta64[D]"),
        np.datetime64("NaT", "D"),
    )
    start = c.ids.take(n)
    return pl.DataFrame(
        {
            "registration_no": fakes.sequence_ids("MW20", start, n, 7),
            "district": c.district(),
            "registered_on": dates(c.days),
            "name": fakes.names(rng, n),
            "mobile": fakes.mobiles(rng, n),
            "home_state": pl.Series(c.choice(STATES, STATE_SHARE), dtype=pl.String),
            "status": pl.Series(status, dtype=pl.String),
            "dispatched_on": dates(on),
            "mode": pl.Series(np.where(rng.random(n) < 0.78, "train", "bus"), dtype=pl.String),
        }
    ).with_columns(mode=pl.when(pl.col("status") == "dispatched").then(pl.col("mode")))


def as_of(frame: pl.DataFrame, t: dt.datetime) -> pl.DataFrame:
    late = after("dispatched_on", t, frame.schema)
    return frame.with_columns(
        status=pl.when(late).then(pl.lit("registered")).otherwise(pl.col("status")),
        dispatched_on=pl.when(late).then(None).otherwise(pl.col("dispatched_on")),
        mode=pl.when(late).then(None).otherwise(pl.col("mode")),
    )


finalize = as_of
