"""service_transactions: tokens at SARAL, Antyodaya SARAL and Atal Seva Kendra counters.

Waiting time (token to service) is lognormal around a district and centre median near the
RTS score's 30/45-minute marks; delivery falls within the service's notified RTS timeline
at a district's on-time rate; a few applications get stuck and show as pending past their
timeline (auto-appeal candidates) in every later export.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from pipelines.generate import catalog, fakes
from pipelines.generate.calendar import times_of_day
from pipelines.generate.families.base import NAT, Chunk, after, dates, lognormal, seconds, ts

SOURCE = "service_transactions"
CORRECTABLE = "centre_type"
_C_DISTRICT, _C_NAME, _C_KIND, _C_WEIGHT = catalog.centres()


def _pick_centres(c: Chunk) -> np.ndarray:
    """A centre per record, drawn among its district's centres by demand weight."""
    out = np.empty(c.n, dtype=np.int64)
    for i in np.unique(c.d):
        rows = np.flatnonzero(c.d == i)
        options = np.flatnonzero(i == _C_DISTRICT)
        w = _C_WEIGHT[options] / _C_WEIGHT[options].sum()
        out[rows] = options[c.rng.choice(len(options), size=len(rows), p=w)]
    return out


def generate(c: Chunk) -> pl.DataFrame:
    rng, n, p, d = c.rng, c.n, c.profile, c.d
    token = times_of_day(SOURCE, c.days, rng)
    centre = _pick_centres(c)
    # Each centre keeps its own pace: a fixed factor from its index (same in every chunk).
    centre_factor = 0.75 + 0.5 * ((centre * 7919) % 100) / 100
    wait = lognormal(rng, p.wait_minutes_median[d] * centre_factor, 0.55)
    completed = np.where(rng.random(n) < 0.97, token + seconds(wait * 60), NAT)
    svc = rng.choice(len(catalog.SERVICE_ROWS), size=n, p=catalog.SERVICE_WEIGHTS)
    timeline = catalog.SERVICE_DAYS[svc]
    rejected = rng.random(n) < 0.04
    stuck = ~rejected & (rng.random(n) < 0.03)
    on_time = rng.random(n) < p.rts_on_time[d]
    late_by = rng.integers(1, 21, n)
    days = np.where(on_time, np.floor(rng.random(n) * (timeline + 1)), timeline + late_by).astype(
        "timedelta64[D]"
    )
    delivered = np.where(rejected | stuck, np.datetime64("NaT", "D"), c.days + days)
    status = np.where(rejected, "rejected", np.where(stuck, "pending", "delivered"))
    sms = (status == "delivered") & (rng.random(n) < p.sms[d])
    rating = np.where(
        rng.random(n) < 0.25, rng.choice(5, size=n, p=[0.05, 0.07, 0.18, 0.4, 0.3]) + 1, 0
    )
    start = c.ids.take(n)
    return pl.DataFrame(
        {
            "token_no": fakes.sequence_ids("TK", start, n, 10),
            "district": c.district(),
            "centre": pl.Series(_C_NAME[centre], dtype=pl.String),
            "centre_type": pl.Series(_C_KIND[centre], dtype=pl.String),
            "department": pl.Series(catalog.SERVICE_DEPTS[svc], dtype=pl.String),
            "service": pl.Series(catalog.SERVICE_NAMES[svc], dtype=pl.String),
            "token_issued_at": ts(token),
            "service_completed_at": ts(completed),
            "rts_timeline_days": pl.Series(timeline).cast(pl.Int64),
            "delivered_on": dates(delivered),
            "status": pl.Series(status, dtype=pl.String),
            "sms_sent": pl.Series(sms),
            "feedback_rating": pl.Series(rating).cast(pl.Int64),
            "citizen_mobile": fakes.mobiles(rng, n),
        }
    ).with_columns(
        feedback_rating=pl.when(pl.col("feedback_rating") > 0).then(pl.col("feedback_rating"))
    )


def as_of(frame: pl.DataFrame, t: dt.datetime) -> pl.DataFrame:
    """An export at ``t``: later deliveries are Pending there, with no SMS yet."""
    late = after("delivered_on", t, frame.schema)
    return frame.with_columns(
        status=pl.when(late).then(pl.lit("pending")).otherwise(pl.col("status")),
        sms_sent=pl.when(late).then(False).otherwise(pl.col("sms_sent")),
        delivered_on=pl.when(late).then(None).otherwise(pl.col("delivered_on")),
        service_completed_at=pl.when(after("service_completed_at", t, frame.schema))
        .then(None)
        .otherwise(pl.col("service_completed_at")),
    )


finalize = as_of
