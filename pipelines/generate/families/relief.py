"""relief_beneficiaries and relief_payments: the CM relief fund (Rs 1,000 a week).

Beneficiaries come first; payments are derived from their final versions, so that a
beneficiary is "paid" exactly when one of its payment rows has a paid_on date. Jhajjar's
registrations up to 28 May take the published split: 5,120 eligible, of whom 3,164 paid at
least once; the other eligible ones have no paid row at all (some have an unpaid one).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from pipelines.generate import fakes
from pipelines.generate.families.base import Chunk, after, clip_after, dates

SOURCE = "relief_beneficiaries"
PAYMENTS = "relief_payments"
CORRECTABLE = None


def generate(c: Chunk) -> pl.DataFrame:
    rng, n, p, d = c.rng, c.n, c.profile, c.d
    eligible = rng.random(n) < p.relief_eligible[d]
    status = np.where(
        eligible, "eligible", np.where(rng.random(n) < 0.65, "not_eligible", "under_verification")
    ).astype(object)
    jhajjar = c.calibrated("Jhajjar")
    status[jhajjar] = c.cursors["jhajjar_relief_eligibility"].take(int(jhajjar.sum()))
    paid = (status == "eligible") & (rng.random(n) < p.relief_paid[d])
    cal_eligible = jhajjar & (status == "eligible")
    paid[cal_eligible] = c.cursors["jhajjar_relief_paid"].take(int(cal_eligible.sum())) == "paid"
    wait = rng.integers(1, 21, n).astype("timedelta64[D]")
    verified = np.where(status != "under_verification", c.days + wait, np.datetime64("NaT", "D"))
    start = c.ids.take(n)
    return pl.DataFrame(
        {
            "beneficiary_id": fakes.sequence_ids("CMRF", start, n, 8),
            "district": c.district(),
            "registered_on": dates(c.days),
            "name": fakes.names(rng, n),
            "mobile": fakes.mobiles(rng, n),
            "family_id": fakes.codes(rng, n, 8),
            "eligibility": pl.Series(status, dtype=pl.String),
            "verified_on": dates(verified),
            "_paid": paid,
        }
    )


def as_of(frame: pl.DataFrame, t: dt.datetime) -> pl.DataFrame:
    """An export at ``t``: registrations verified later are Under Verification there."""
    late = after("verified_on", t, frame.schema)
    return frame.with_columns(
        eligibility=pl.when(late)
        .then(pl.lit("under_verification"))
        .otherwise(pl.col("eligibility")),
        verified_on=pl.when(late).then(None).otherwise(pl.col("verified_on")),
    )


def finalize(frame: pl.DataFrame, t: dt.datetime) -> pl.DataFrame:
    """The last export keeps the (calibrated) eligibility; verification moves before it."""
    return clip_after(frame, "verified_on", "registered_on", t)


def payments(
    beneficiaries: pl.DataFrame, rng: np.random.Generator, ids, end: dt.date
) -> pl.DataFrame:
    """Weekly payment rows of final beneficiary versions (week starts on the Monday after
    verification). Paid beneficiaries get 1-3 weeks, the first always paid; some eligible but
    unpaid ones get one row without a paid_on date. Weeks after ``end`` are dropped, except a
    paid beneficiary's first week, which moves back to the last Monday of the period."""
    b = beneficiaries.filter(pl.col("eligibility") == "eligible")
    paid = b["_paid"].to_numpy()
    pending_only = ~paid & (rng.random(len(b)) < 0.3)
    weeks = np.where(paid, 1 + rng.binomial(2, 0.5, len(b)), np.where(pending_only, 1, 0))
    idx = np.repeat(np.arange(len(b)), weeks)
    k = np.arange(len(idx)) - np.repeat(
        np.cumsum(weeks) - weeks, weeks
    )  # week number per beneficiary
    verified = b["verified_on"].to_numpy().astype("datetime64[D]")[idx]
    # numpy weekday: 1970-01-01 was a Thursday (3); Monday = 0.
    dow = (verified.astype(np.int64) + 3) % 7
    first_monday = verified + ((7 - dow) % 7).astype("timedelta64[D]")
    last_monday = np.datetime64(end, "D") - np.timedelta64((end.weekday()), "D")
    week = first_monday + (k * 7).astype("timedelta64[D]")
    is_paid = paid[idx] & ((k == 0) | (rng.random(len(idx)) < 0.9))
    week = np.where((k == 0) & is_paid, np.minimum(week, last_monday), week)
    keep = week <= np.datetime64(end, "D")
    paid_on = np.where(
        is_paid,
        week + rng.integers(0, 5, len(idx)).astype("timedelta64[D]"),
        np.datetime64("NaT", "D"),
    )
    idx, week, paid_on = idx[keep], week[keep], paid_on[keep]
    n = len(idx)
    start = ids.take(n)
    amount = np.where(rng.random(n) < 0.04, 2000.0, 1000.0)
    return pl.DataFrame(
        {
            "payment_id": fakes.sequence_ids("PAY", start, n, 9),
            "beneficiary_id": b["beneficiary_id"].gather(idx),
            "district": b["district"].gather(idx),
            "week_starting": dates(week),
            "amount": amount,
            "paid_on": dates(paid_on),
            "mode": pl.Series(np.where(rng.random(n) < 0.88, "dbt", "cash"), dtype=pl.String),
        }
    ).with_columns(mode=pl.when(pl.col("paid_on").is_not_null()).then(pl.col("mode")))


def finalize_payments(frame: pl.DataFrame, t: dt.datetime) -> pl.DataFrame:
    """A payment in an export is dated before the export (never dropped: coverage is calibrated)."""
    return clip_after(frame, "paid_on", "week_starting", t)


def payments_as_of(frame: pl.DataFrame, t: dt.datetime) -> pl.DataFrame:
    late = after("paid_on", t, frame.schema)
    return frame.with_columns(
        paid_on=pl.when(late).then(None).otherwise(pl.col("paid_on")),
        mode=pl.when(late).then(None).otherwise(pl.col("mode")),
    )
