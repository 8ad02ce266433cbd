"""Who is on duty in each district control room: the roster plan behind the sample exports.

One plan per run serves two families: the control-room roster (its rows) and the helpline
(which operators were there to answer each call, pipelines/generate/telephony.py), so the
calls' waits follow the staffing the roster shows.

Shifts (IST): morning 06:00-14:00, evening 14:00-22:00, night 22:00-06:00 (it crosses
midnight), and in some districts a peak desk 10:00-18:00 that overlaps both day shifts (so
overlapping shifts add up). A room shut at night lists its night shift with 0 operators.

Published rosters (DOMAIN.md, pipelines/generate/calibration.py): Jhajjar 8 computer
operators per shift, with a clerk and officers of police, health and food supply, on every
day generated; Gurugram 40 operators round the clock during the lockdown (to 31 May 2020).

Every other room (and Gurugram after the lockdown) is planned as a district administration
would plan it: each week, from the calls it expects (population x the phase of the
lockdown, at the scale's volume, without knowing its own district's surprise factor), each
shift gets the operators Erlang C asks for at the shift's *average* hour (so peak hours
queue), times the district's staffing knob (some plan lean, some generously), at least one;
rooms with a peak desk staff it with the operators the busiest hour lacks (at least one
during the lockdown). After the lockdown some rooms close at night.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from pipelines.generate import calendar
from pipelines.generate.calibration import (
    CALIBRATED_COUNTS,
    CUTOFF,
    GURUGRAM_OPERATORS,
    JHAJJAR_OPERATORS_PER_SHIFT,
    LOCKDOWN_END,
)
from pipelines.generate.profiles import DistrictProfile
from pipelines.generate.scale import Scale
from warehouse.districts import districts
from warehouse.erlang import operators_needed

CALLS = "helpline_calls"
# (name, start hour, hours); the order is the order of a day's roster rows.
SLOTS: tuple[tuple[str, int, int], ...] = (
    ("morning", 6, 8),
    ("peak", 10, 8),
    ("evening", 14, 8),
    ("night", 22, 8),
)
PEAK = 1
NIGHT = 3
MEAN_TALK_FACTOR = 1.2  # mean / median of the lognormal talk time (sigma 0.6)


class RosterPlan:
    """Operators per (district, day, slot) over a scale, and whether the row is listed."""

    def __init__(self, scale: Scale, profile: DistrictProfile) -> None:
        ds = districts()
        names = [d.name for d in ds]
        self.start = scale.start
        n, days = len(ds), scale.days
        self.operators = np.zeros((n, days, len(SLOTS)), dtype=np.int64)
        self.listed = np.zeros((n, days, len(SLOTS)), dtype=bool)
        expected = _expected_calls(scale, names)  # (district, day)
        day = np.arange(days)
        dates = np.datetime64(scale.start, "D") + day
        unlocked = dates >= np.datetime64(calendar.UNLOCK_START, "D")
        hours = calendar.HOURS[CALLS]
        for i in range(n):
            weekly = _weekly_mean(expected[i])
            handle = profile.call_talk_seconds[i] * MEAN_TALK_FACTOR
            morning = None
            for s, (slot, start, length) in enumerate(SLOTS):
                share = hours[(start + np.arange(length)) % 24].mean()
                need = operators_needed(weekly * share, handle)
                staffed = np.maximum(1, np.round(need * profile.roster_staffing[i]))
                if slot == "morning":
                    morning = staffed
                elif slot == "peak":  # the operators the busiest hour lacks, on a desk of its own
                    peak = operators_needed(weekly * hours.max(), handle)
                    extra = np.maximum(np.where(unlocked, 0, 1), peak - morning)
                    staffed = np.where(profile.peak_desk[i], extra, 0)
                elif slot == "night" and profile.night_closed[i]:
                    staffed = np.where(unlocked, 0, staffed)
                self.operators[i, :, s] = staffed
                self.listed[i, :, s] = slot != "peak" or profile.peak_desk[i]
            self.listed[i, :, PEAK] &= self.operators[i, :, PEAK] > 0
        self._published(names, dates)

    def _published(self, names: list[str], dates: np.ndarray) -> None:
        jhajjar, gurugram = names.index("Jhajjar"), names.index("Gurugram")
        shifts = [s for s, (slot, _, _) in enumerate(SLOTS) if slot != "peak"]
        self.operators[jhajjar] = 0
        self.listed[jhajjar] = False
        self.operators[jhajjar][:, shifts] = JHAJJAR_OPERATORS_PER_SHIFT
        self.listed[jhajjar][:, shifts] = True
        lockdown = dates <= np.datetime64(LOCKDOWN_END, "D")
        for s in range(len(SLOTS)):
            on = s in shifts
            self.operators[gurugram, lockdown, s] = GURUGRAM_OPERATORS if on else 0
            self.listed[gurugram, lockdown, s] = on

    def rows_per_day(self) -> np.ndarray:
        """Roster rows per (district, day): the listed shifts."""
        return self.listed.sum(axis=2)

    def day_index(self, days: np.ndarray) -> np.ndarray:
        return (days.astype("datetime64[D]") - np.datetime64(self.start, "D")).astype(np.int64)

    def shift_times(self, district: int, day: int, slot: int) -> tuple[dt.datetime, dt.datetime]:
        _, start, length = SLOTS[slot]
        begin = dt.datetime.combine(self.start + dt.timedelta(days=int(day)), dt.time(start))
        return begin, begin + dt.timedelta(hours=length)

    def windows(
        self, district: int, first_day: int, last_day: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """(start, end) as datetime64[s] of every operator's shift in the district whose day
        is in [first_day - 1, last_day] (yesterday's night shift reaches into today)."""
        lo, hi = max(first_day - 1, 0), min(last_day, self.operators.shape[1] - 1)
        starts, ends = [], []
        for day in range(lo, hi + 1):
            base = np.datetime64(self.start, "s") + np.timedelta64(day * 86_400, "s")
            for s, (_, start, length) in enumerate(SLOTS):
                k = int(self.operators[district, day, s])
                if k:
                    begin = base + np.timedelta64(start * 3600, "s")
                    starts += [begin] * k
                    ends += [begin + np.timedelta64(length * 3600, "s")] * k
        return np.asarray(starts, dtype="datetime64[s]"), np.asarray(ends, dtype="datetime64[s]")


def _expected_calls(scale: Scale, names: list[str]) -> np.ndarray:
    """Calls a district expects per day, from the volume model without its random factor."""
    pop = np.array([d.population_2011 for d in districts()], dtype=float)
    level = calendar.phase(CALLS, scale) * calendar.weekday(CALLS, scale)
    free = np.array([(CALLS, name) not in CALIBRATED_COUNTS for name in names])
    expected = np.outer(pop / pop[free].sum(), level / level.sum()) * scale.totals[CALLS]
    cut = calendar.day_index(scale, CUTOFF) + 1
    for i, name in enumerate(names):
        target = CALIBRATED_COUNTS.get((CALLS, name))
        if target is not None:
            expected[i] = target * level / level[:cut].sum()
    return expected


def _weekly_mean(daily: np.ndarray) -> np.ndarray:
    """Each day gets the mean of its 7-day block (rosters are drawn up a week at a time)."""
    weeks = np.arange(len(daily)) // 7
    sums = np.bincount(weeks, weights=daily)
    counts = np.bincount(weeks)
    return (sums / counts)[weeks]
