"""How much to generate: the period, the export batches and the volumes of each scale.

Two scales share one model. `demo` is small enough to load in seconds (~300k rows, 23 March
to 31 July 2020); `state-year` is the size the refresh must handle (~20M rows over twelve
months). Both keep the calibrated districts' published figures exact, so only the volume of
the *other* (district, source) pairs changes between them: ``totals`` is the expected number
of valid rows of those pairs over the whole period.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# The sources in the order they are generated (relief_payments comes from beneficiaries).
GENERATED_SOURCES = (
    "helpline_calls",
    "movement_passes",
    "relief_beneficiaries",
    "migrant_registrations",
    "service_transactions",
    "grievances",
    "appointments",
    "eoffice_files",
    "control_room_roster",  # last: the other sources' random streams stay as they were
)


@dataclass(frozen=True)
class Period:
    """One regular export batch: the records whose event date falls in [start, end]."""

    index: int
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        return f"{self.start:%Y-%m-%d}_to_{self.end:%Y-%m-%d}"


@dataclass(frozen=True)
class Scale:
    """A generation size: the days covered, the export batches and the volumes."""

    name: str
    start: dt.date
    end: dt.date
    totals: dict[str, int]
    chunk_rows: int  # rows generated (and held in memory) at most per chunk, roughly

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def periods(self) -> list[Period]:
        """Monthly batches; the first one also holds the last days of March 2020."""
        periods: list[Period] = []
        start = self.start
        while start <= self.end:
            first_of_next = (start.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
            if start == self.start and start.day > 1:
                # 23-31 March is too short for a batch of its own: it goes with April.
                first_of_next = (first_of_next + dt.timedelta(days=32)).replace(day=1)
            end = min(first_of_next - dt.timedelta(days=1), self.end)
            periods.append(Period(len(periods), start, end))
            start = end + dt.timedelta(days=1)
        return periods


SCALES: dict[str, Scale] = {
    "demo": Scale(
        name="demo",
        start=dt.date(2020, 3, 23),
        end=dt.date(2020, 7, 31),
        totals={
            "helpline_calls": 20_000,
            "movement_passes": 16_000,
            "relief_beneficiaries": 9_000,
            "migrant_registrations": 8_000,
            "service_transactions": 12_000,
            "grievances": 7_000,
            "appointments": 2_000,
            "eoffice_files": 4_000,
        },
        chunk_rows=10_000_000,  # one chunk per batch: demo fits in memory easily
    ),
    "state-year": Scale(
        name="state-year",
        start=dt.date(2020, 3, 23),
        end=dt.date(2021, 3, 22),
        totals={
            "helpline_calls": 4_800_000,
            "movement_passes": 960_000,
            "relief_beneficiaries": 480_000,
            "migrant_registrations": 400_000,
            "service_transactions": 10_000_000,
            "grievances": 1_000_000,
            "appointments": 200_000,
            "eoffice_files": 300_000,
        },
        chunk_rows=300_000,
    ),
}


def get_scale(name: str, days: int | None = None) -> Scale:
    """The named scale; ``days`` shortens it (for cheap smoke tests), never below 23 March-28 May."""
    if name not in SCALES:
        raise ValueError(f"unknown scale {name!r}: choose one of {', '.join(SCALES)}")
    scale = SCALES[name]
    if days is None:
        return scale
    from pipelines.generate.calibration import CUTOFF

    end = max(scale.start + dt.timedelta(days=days - 1), CUTOFF)
    ratio = ((end - scale.start).days + 1) / scale.days
    totals = {k: int(v * ratio) for k, v in scale.totals.items()}
    return Scale(scale.name, scale.start, end, totals, scale.chunk_rows)
