"""The calendar and volume model: how many records each district produces on each day.

Volume = population x a district factor (some districts are busier) x a phase profile
(lockdown 25 March-31 May with helpline and pass peaks in April, unlock from 1 June with
falling helpline and pass volume, migrant registrations peaking in May, counters recovering)
x a day-of-week factor (Sundays are quiet at offices, less so on the helpline). Counts are
Poisson draws around that expectation, except for calibrated (district, source) pairs,
whose days up to the cutoff share an exact total (a multinomial draw) and continue after it
at the same per-day level.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from pipelines.generate.calibration import CALIBRATED_COUNTS, CUTOFF
from pipelines.generate.scale import Scale
from warehouse.districts import districts

LOCKDOWN_START = dt.date(2020, 3, 25)
UNLOCK_START = dt.date(2020, 6, 1)

# Knots (days since 23 March 2020 -> multiplier), linearly interpolated; flat after the last.
_PHASES: dict[str, list[tuple[int, float]]] = {
    # helpline: opens with the lockdown, peaks in April, falls through May and after unlock
    "helpline_calls": [
        (0, 0.35),
        (5, 0.9),
        (20, 1.0),
        (38, 0.85),
        (60, 0.55),
        (70, 0.3),
        (100, 0.15),
        (130, 0.1),
        (365, 0.08),
    ],
    # passes: the SARAL pass portal opens ~27 March, April peak, few needed after June
    "movement_passes": [
        (0, 0.05),
        (4, 0.6),
        (18, 1.0),
        (38, 0.8),
        (60, 0.5),
        (70, 0.18),
        (100, 0.05),
        (130, 0.02),
        (365, 0.01),
    ],
    # CM relief registrations: opened early April, heavy in April, tailing off
    "relief_beneficiaries": [
        (0, 0.02),
        (9, 0.3),
        (18, 1.0),
        (40, 0.6),
        (66, 0.25),
        (100, 0.08),
        (365, 0.03),
    ],
    # migrant workers: trains from early May, peak in May, few after July
    "migrant_registrations": [
        (0, 0.02),
        (30, 0.1),
        (42, 0.7),
        (52, 1.0),
        (66, 0.5),
        (80, 0.15),
        (130, 0.04),
        (365, 0.01),
    ],
    # counters: mostly shut in April, reopening in May, normal from unlock
    "service_transactions": [
        (0, 0.1),
        (3, 0.05),
        (35, 0.15),
        (45, 0.45),
        (70, 0.85),
        (100, 1.0),
        (365, 1.0),
    ],
    "grievances": [(0, 0.5), (20, 0.6), (50, 0.8), (70, 1.0), (365, 1.0)],
    "appointments": [(0, 0.1), (40, 0.2), (70, 0.7), (100, 1.0), (365, 1.0)],
    "eoffice_files": [(0, 0.4), (30, 0.6), (70, 1.0), (365, 1.0)],
}

# Monday..Sunday multipliers.
_WEEKDAY: dict[str, tuple[float, ...]] = {
    "helpline_calls": (1.05, 1.0, 1.0, 1.0, 1.0, 0.95, 0.85),
    "movement_passes": (1.1, 1.05, 1.0, 1.0, 1.0, 0.9, 0.55),
    "relief_beneficiaries": (1.05, 1.0, 1.0, 1.0, 1.0, 0.9, 0.45),
    "migrant_registrations": (1.0, 1.0, 1.0, 1.0, 1.0, 0.95, 0.8),
    "service_transactions": (1.15, 1.1, 1.05, 1.05, 1.05, 0.7, 0.08),
    "grievances": (1.2, 1.1, 1.05, 1.05, 1.0, 0.7, 0.35),
    "appointments": (1.2, 1.15, 1.1, 1.1, 1.05, 0.4, 0.02),
    "eoffice_files": (1.15, 1.1, 1.1, 1.1, 1.05, 0.45, 0.05),
}

# Hour-of-day weights (IST) for sources with a time of day.
_NIGHT_LOW = [
    0.25,
    0.15,
    0.1,
    0.08,
    0.1,
    0.2,
    0.5,
    1.0,
    1.6,
    2.0,
    2.2,
    2.1,
    2.0,
    1.8,
    1.7,
    1.7,
    1.6,
    1.6,
    1.7,
    1.8,
    1.5,
    1.1,
    0.7,
    0.4,
]
_ONLINE = [
    0.2,
    0.1,
    0.05,
    0.05,
    0.05,
    0.1,
    0.3,
    0.8,
    1.5,
    2.0,
    2.2,
    2.2,
    2.0,
    1.9,
    1.9,
    1.8,
    1.7,
    1.5,
    1.3,
    1.2,
    1.1,
    0.9,
    0.6,
    0.4,
]
_OFFICE = [0] * 9 + [1.6, 2.2, 2.2, 1.8, 1.2, 1.6, 1.5, 1.0, 0.3] + [0] * 6
HOURS: dict[str, np.ndarray] = {
    "helpline_calls": np.array(_NIGHT_LOW),
    "movement_passes": np.array(_ONLINE),
    "service_transactions": np.array(_OFFICE),
    "grievances": np.array(_ONLINE),
    "appointments": np.array(_OFFICE),
}
for _k, _v in HOURS.items():
    HOURS[_k] = _v / _v.sum()


def day_index(scale: Scale, day: dt.date) -> int:
    return (day - scale.start).days


def phase(source: str, scale: Scale) -> np.ndarray:
    """The phase multiplier of every day of the scale."""
    knots = _PHASES[source]
    x = np.arange(scale.days) + (scale.start - dt.date(2020, 3, 23)).days
    return np.interp(x, [k for k, _ in knots], [v for _, v in knots])


def weekday(source: str, scale: Scale) -> np.ndarray:
    first = scale.start.weekday()
    table = np.array(_WEEKDAY[source])
    return table[(np.arange(scale.days) + first) % 7]


def daily_counts(source: str, scale: Scale, rng: np.random.Generator) -> np.ndarray:
    """Counts per (district, day): int array of shape (22, days), in reference order."""
    ds = districts()
    pop = np.array([d.population_2011 for d in ds], dtype=float)
    factor = rng.lognormal(0.0, 0.3, size=len(ds))
    weights = np.outer(pop * factor, phase(source, scale) * weekday(source, scale))
    counts = np.zeros_like(weights, dtype=np.int64)
    cut = day_index(scale, CUTOFF) + 1
    free = np.ones(len(ds), dtype=bool)
    for i, d in enumerate(ds):
        target = CALIBRATED_COUNTS.get((source, d.name))
        if target is None:
            continue
        free[i] = False
        pre = weights[i, :cut]
        counts[i, :cut] = rng.multinomial(target, pre / pre.sum())
        level = target / pre.sum()  # records per unit of weight, kept after the cutoff
        counts[i, cut:] = rng.poisson(weights[i, cut:] * level)
    expected = weights[free] * (scale.totals[source] / weights[free].sum())
    counts[free] = rng.poisson(expected)
    return counts


def times_of_day(source: str, days: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """datetime64[s] for records on the given days (datetime64[D]), by the hour profile."""
    n = len(days)
    hours = rng.choice(24, size=n, p=HOURS[source])
    seconds = hours * 3600 + rng.integers(0, 3600, size=n)
    return days.astype("datetime64[s]") + seconds.astype("timedelta64[s]")
