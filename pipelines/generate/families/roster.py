"""control_room_roster: who was on duty in each district control room, shift by shift.

The rows are the run's roster plan (pipelines/generate/staffing.py), the one the helpline's
calls are answered by: one row per listed shift and day (morning, the peak desk where there
is one, evening, the night shift that ends the next morning), operators on duty as planned
(0 for a room shut at night), the other staff in free text and the supervisor on duty.
Jhajjar's rows carry the published roster (8 computer operators per shift, a clerk and
officers of police, health and food supply), Gurugram's 40 operators round the clock during
the lockdown. Rosters are drawn up in advance and do not change, so an export at any time
shows the same rows.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from pipelines.generate import fakes
from pipelines.generate.calibration import JHAJJAR_OTHER_STAFF
from pipelines.generate.families.base import DISTRICT_INDEX, Chunk, ts
from pipelines.generate.staffing import SLOTS, RosterPlan

SOURCE = "control_room_roster"
CORRECTABLE = None
HELPLINE = "1950"  # the room answers 1950 and the district's own number
OTHER_STAFF = (
    "1 clerk",
    "1 clerk, police",
    "police, health, food supply",
    "1 clerk; police and health officers",
    "",
)
NAMED_SHARE = 0.05  # rows whose Other Staff names a person ("1 clerk (Sunita Rana)")


def daily_counts(plan: RosterPlan) -> np.ndarray:
    """Rows per (district, day): the listed shifts of the plan."""
    return plan.rows_per_day()


def generate(c: Chunk) -> pl.DataFrame:
    assert c.roster is not None, "the roster family needs the run's roster plan"
    plan, rng, n = c.roster, c.rng, c.n
    day = plan.day_index(c.days)
    # The k-th row of a (district, day) is its k-th listed shift.
    rank = (
        pl.DataFrame({"d": c.d, "t": day})
        .select(pl.int_range(pl.len()).over("d", "t"))
        .to_series()
        .to_numpy()
    )
    listed = plan.listed[c.d, day]  # (n, slots)
    position = np.cumsum(listed, axis=1) - 1
    slot = np.argmax(listed & (position == rank[:, None]), axis=1)
    operators = plan.operators[c.d, day, slot]
    hours = np.array([start for _, start, _ in SLOTS])[slot]
    length = np.array([h for _, _, h in SLOTS])[slot]
    start = c.days.astype("datetime64[s]") + (hours * 3600).astype("timedelta64[s]")
    end = start + (length * 3600).astype("timedelta64[s]")

    other = np.asarray(OTHER_STAFF, dtype=object)[rng.integers(0, len(OTHER_STAFF), n)]
    named = rng.random(n) < NAMED_SHARE
    who = fakes.names(rng, n).to_numpy()
    other = np.where(named, np.char.add(np.char.add("1 clerk (", who.astype(str)), ")"), other)
    other[c.d == DISTRICT_INDEX["Jhajjar"]] = JHAJJAR_OTHER_STAFF
    return pl.DataFrame(
        {
            "district": c.district(),
            "helpline": pl.Series([HELPLINE] * n, dtype=pl.String),
            "shift_start": ts(start),
            "shift_end": ts(end),
            "operators_on_duty": pl.Series(operators).cast(pl.Int64),
            "other_staff": pl.Series(other, dtype=pl.String).replace("", None),
            "supervisor": fakes.names(rng, n),
        }
    ).with_columns(shift_key=_shift_key())


def _shift_key() -> pl.Expr:
    """The record's key as staging derives it (only the bad-row generator reads it here)."""
    return pl.concat_str(
        pl.col("district"),
        pl.col("helpline"),
        pl.col("shift_start").dt.strftime("%Y-%m-%d %H:%M:%S"),
        pl.col("shift_end").dt.strftime("%Y-%m-%d %H:%M:%S"),
        separator=" | ",
    )


def as_of(frame: pl.DataFrame, t: dt.datetime) -> pl.DataFrame:
    """A roster is drawn up in advance: every export shows the same rows."""
    return frame


finalize = as_of
