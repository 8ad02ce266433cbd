"""appointments: e-Sachivalaya requests for a meeting slot with an officer.

The slot SLA is 24 hours; the share met is a district knob. Status follows the times as of
the export: Pending until a slot is sent, Scheduled until the meeting, then Completed.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from pipelines.generate import fakes
from pipelines.generate.calendar import times_of_day
from pipelines.generate.families.base import NAT, Chunk, lognormal, median_for_share, seconds, ts

SOURCE = "appointments"
CORRECTABLE = "officer_level"
LEVELS = ["cm", "deputy_cm", "minister", "administrative_secretary", "hod", "dc"]


def generate(c: Chunk) -> pl.DataFrame:
    rng, n, p, d = c.rng, c.n, c.profile, c.d
    requested = times_of_day(SOURCE, c.days, rng)
    level = c.choice(LEVELS, [0.05, 0.05, 0.15, 0.2, 0.25, 0.3])
    hours = lognormal(rng, median_for_share(24.0, p.slot_24h, 1.0)[d], 1.0)
    answered = rng.random(n) < 0.93
    slot = np.where(answered, requested + seconds(hours * 3600 + 300), NAT)
    meeting = slot.astype("datetime64[D]") + rng.integers(1, 15, n).astype("timedelta64[D]")
    meeting = meeting.astype("datetime64[s]") + seconds((10 + rng.integers(0, 7, n)) * 3600.0)
    meeting = np.where(answered, meeting, NAT)
    cancelled = answered & (rng.random(n) < 0.06)
    start = c.ids.take(n)
    frame = pl.DataFrame(
        {
            "request_id": fakes.sequence_ids("ESR", start, n, 8),
            "district": c.district(),
            "officer_level": pl.Series(level, dtype=pl.String),
            "requested_at": ts(requested),
            "slot_communicated_at": ts(slot),
            "meeting_at": ts(meeting),
            "status": pl.Series(np.where(cancelled, "cancelled", "completed"), dtype=pl.String),
        }
    )
    return frame


def as_of(frame: pl.DataFrame, t: dt.datetime) -> pl.DataFrame:
    """Status from the times as seen at ``t``; cancelled requests stay cancelled."""
    lit = pl.lit(t)
    no_slot = pl.col("slot_communicated_at").is_null() | (pl.col("slot_communicated_at") > lit)
    before_meeting = pl.col("meeting_at").is_null() | (pl.col("meeting_at") > lit)
    return frame.with_columns(
        status=pl.when(pl.col("status") == "cancelled")
        .then(pl.lit("cancelled"))
        .when(no_slot)
        .then(pl.lit("pending"))
        .when(before_meeting)
        .then(pl.lit("scheduled"))
        .otherwise(pl.lit("completed")),
        slot_communicated_at=pl.when(no_slot).then(None).otherwise(pl.col("slot_communicated_at")),
    )


finalize = as_of
