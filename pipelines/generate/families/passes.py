"""movement_passes: SARAL movement-pass applications.

Jhajjar's applications up to 28 May take the published split (8,304 of 28,629 approved in
their final version). Final versions keep their decision (its time is only moved before the
export), so re-exports turn an earlier Pending into Approved/Rejected, never the reverse.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from pipelines.generate import fakes
from pipelines.generate.calendar import times_of_day
from pipelines.generate.families.base import NAT, Chunk, after, clip_after, lognormal, seconds, ts

SOURCE = "movement_passes"
CORRECTABLE = "pass_type"

PURPOSES = {
    "individual": ["Medical emergency", "Death in family", "Return to home town", "Essential duty"],
    "vehicle": ["Medical emergency", "Essential duty", "Agricultural work"],
    "goods": ["Essential goods supply", "Milk and vegetables", "Medicines supply"],
    "industry": ["Industrial unit staff", "Factory reopening", "Construction site staff"],
}


def generate(c: Chunk) -> pl.DataFrame:
    rng, n, p, d = c.rng, c.n, c.profile, c.d
    applied = times_of_day(SOURCE, c.days, rng)
    kind = c.choice(["individual", "vehicle", "goods", "industry"], [0.45, 0.3, 0.15, 0.1])
    purpose = np.empty(n, dtype=object)
    for k, options in PURPOSES.items():
        m = kind == k
        purpose[m] = np.asarray(options, dtype=object)[rng.integers(0, len(options), int(m.sum()))]
    approved = rng.random(n) < p.pass_approval[d]
    status = np.where(
        approved, "approved", np.where(rng.random(n) < 0.88, "rejected", "pending")
    ).astype(object)
    jhajjar = c.calibrated("Jhajjar")
    status[jhajjar] = c.cursors["jhajjar_pass_status"].take(int(jhajjar.sum()))
    hours = lognormal(rng, p.pass_hours_median[d], 0.9)
    decision = np.where(status != "pending", applied + seconds(hours * 3600 + 60), NAT)
    district = c.district()
    vehicle = fakes.vehicle_numbers(rng, district)
    start = c.ids.take(n)
    return pl.DataFrame(
        {
            "application_no": fakes.sequence_ids("MP2020", start, n, 7),
            "district": district,
            "applied_on": ts(applied),
            "applicant_name": fakes.names(rng, n),
            "mobile": fakes.mobiles(rng, n),
            "vehicle_no": vehicle,
            "pass_type": pl.Series(kind, dtype=pl.String),
            "purpose": pl.Series(purpose, dtype=pl.String),
            "status": pl.Series(status, dtype=pl.String),
            "decision_on": ts(decision),
        }
    ).with_columns(
        vehicle_no=pl.when(pl.col("pass_type").is_in(["vehicle", "goods"])).then(
            pl.col("vehicle_no")
        )
    )


def as_of(frame: pl.DataFrame, t: dt.datetime) -> pl.DataFrame:
    """An export at ``t``: applications decided later are Pending there."""
    late = after("decision_on", t, frame.schema)
    return frame.with_columns(
        status=pl.when(late).then(pl.lit("pending")).otherwise(pl.col("status")),
        decision_on=pl.when(late).then(None).otherwise(pl.col("decision_on")),
    )


def finalize(frame: pl.DataFrame, t: dt.datetime) -> pl.DataFrame:
    """The last export keeps every decision (calibrated): late decision times move before it."""
    return clip_after(frame, "decision_on", "applied_on", t)
