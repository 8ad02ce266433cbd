"""helpline_calls: the 1950 and district control-room call log.

Categories follow the phase (food and ration dominate the lockdown, enquiries and covid
prevention the unlock); Jhajjar's calls up to 28 May take the published category split.
Resolution, food-within-2h and feedback rates come from the district profile. Answer and
end times and abandonment come from a queue served by the roster plan's operators
(pipelines/generate/telephony.py); they are drawn last from the chunk's stream, so the
calls' other values are those drawn before the control-room columns existed (the draws made
after them -- spellings, bad rows -- moved, not the published figures). An abandoned call
keeps its category and status: the room called missed callers back (2020 practice) and
logged the call-back on the call.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from pipelines.generate import fakes, telephony
from pipelines.generate.calendar import UNLOCK_START
from pipelines.generate.families.base import (
    CODES,
    NAT,
    Chunk,
    after,
    lognormal,
    median_for_share,
    seconds,
    ts,
)

SOURCE = "helpline_calls"
CORRECTABLE = "category"

CATEGORIES = [
    "food_not_received",
    "covid_prevention",
    "ration",
    "law_and_order",
    "other_essentials",
    "movement_pass",
    "relief_fund",
    "migrant_registration",
    "general_enquiry",
]
MIX_LOCKDOWN = [0.34, 0.06, 0.1, 0.03, 0.16, 0.11, 0.07, 0.05, 0.08]
MIX_UNLOCK = [0.12, 0.2, 0.1, 0.04, 0.1, 0.04, 0.08, 0.06, 0.26]
RATINGS = [0.06, 0.08, 0.18, 0.35, 0.33]


def generate(c: Chunk) -> pl.DataFrame:
    rng, n, p, d = c.rng, c.n, c.profile, c.d
    from pipelines.generate.calendar import times_of_day

    received = times_of_day(SOURCE, c.days, rng)
    unlocked = c.days >= np.datetime64(UNLOCK_START, "D")
    category = np.where(
        unlocked, c.choice(CATEGORIES, MIX_UNLOCK), c.choice(CATEGORIES, MIX_LOCKDOWN)
    )
    jhajjar = c.calibrated("Jhajjar")
    category[jhajjar] = c.cursors["jhajjar_call_category"].take(int(jhajjar.sum()))

    r = rng.random(n)
    resolved = r < p.call_resolved[d]
    escalated = ~resolved & (rng.random(n) < 0.4)
    closed = resolved & (rng.random(n) < 0.15)
    status = np.where(
        closed, "closed", np.where(resolved, "resolved", np.where(escalated, "escalated", "open"))
    )

    food = (category == "food_not_received") & resolved
    food_minutes = lognormal(rng, median_for_share(120.0, p.food_2h, 0.6)[d], 0.6)
    food_at = np.where(food, received + seconds(food_minutes * 60), NAT)
    hours = lognormal(rng, p.call_hours_median[d], 1.0)
    resolved_at = np.where(
        food, food_at + seconds(rng.uniform(60, 1800, n)), received + seconds(hours * 3600)
    )
    resolved_at = np.where(resolved, resolved_at, NAT)

    rated = resolved & (rng.random(n) < p.feedback[d])
    rating = np.where(rated, rng.choice(5, size=n, p=RATINGS) + 1, 0)
    operators = np.where(CODES[d] == "GUR", 40, 12)
    operator = pl.concat_str(
        pl.lit("OP-"),
        pl.Series(CODES[d], dtype=pl.String),
        pl.lit("-"),
        pl.Series(rng.integers(0, 10_000, n) % operators + 1).cast(pl.String).str.zfill(2),
    )
    start = c.ids.take(n)
    frame = pl.DataFrame(
        {
            "call_id": fakes.sequence_ids("HL20", start, n),
            "district": c.district(),
            "call_received_at": ts(received),
            "helpline": pl.Series(
                np.where(rng.random(n) < 0.78, "1950", "District control room"), dtype=pl.String
            ),
            "caller_mobile": fakes.mobiles(rng, n),
            "category": pl.Series(category, dtype=pl.String),
            "status": pl.Series(status, dtype=pl.String),
            "resolved_at": ts(resolved_at),
            "feedback_rating": pl.Series(rating).cast(pl.Int64),
            "food_delivered_at": ts(food_at),
        }
    )
    frame = frame.with_columns(
        operator_id=pl.select(operator).to_series(),
        feedback_rating=pl.when(pl.col("feedback_rating") > 0).then(pl.col("feedback_rating")),
    )
    if c.roster is None:  # no roster plan given: calls without the telephony columns
        return frame.with_columns(
            answered_at=pl.lit(None, pl.Datetime("us")),
            call_ended_at=pl.lit(None, pl.Datetime("us")),
            abandoned=pl.lit(None, pl.Boolean),
        )
    patience, ring, talk = telephony.caller_draws(rng, p.call_talk_seconds[d])
    answered_at, ended_at, abandoned = telephony.answer_calls(
        c.roster, d, received, patience, ring, talk
    )
    return frame.with_columns(
        answered_at=ts(answered_at), call_ended_at=ts(ended_at), abandoned=pl.Series(abandoned)
    )


def as_of(frame: pl.DataFrame, t: dt.datetime) -> pl.DataFrame:
    """An export at ``t``: calls resolved later are still open there, without rating."""
    late = after("resolved_at", t, frame.schema)
    return frame.with_columns(
        status=pl.when(late).then(pl.lit("open")).otherwise(pl.col("status")),
        feedback_rating=pl.when(late).then(None).otherwise(pl.col("feedback_rating")),
        food_delivered_at=pl.when(after("food_delivered_at", t, frame.schema))
        .then(None)
        .otherwise(pl.col("food_delivered_at")),
        resolved_at=pl.when(late).then(None).otherwise(pl.col("resolved_at")),
        # a call still ringing or talking at ``t`` has no outcome in that export yet
        answered_at=pl.when(after("call_ended_at", t, frame.schema))
        .then(None)
        .otherwise(pl.col("answered_at")),
        abandoned=pl.when(after("call_ended_at", t, frame.schema))
        .then(None)
        .otherwise(pl.col("abandoned")),
        call_ended_at=pl.when(after("call_ended_at", t, frame.schema))
        .then(None)
        .otherwise(pl.col("call_ended_at")),
    )


finalize = as_of
