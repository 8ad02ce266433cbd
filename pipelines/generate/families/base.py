"""What every family generator gets: the chunk's events, its random stream and the knobs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
import polars as pl

from pipelines.generate.calibration import CUTOFF, LabelCursor
from pipelines.generate.profiles import DistrictProfile
from pipelines.generate.staffing import RosterPlan
from warehouse.districts import district_names

NAMES = np.array(district_names(), dtype=object)
CODES = np.array([n.replace(" ", "")[:3].upper() for n in NAMES], dtype=object)
DISTRICT_INDEX = {name: i for i, name in enumerate(NAMES)}
_CUTOFF = np.datetime64(CUTOFF, "D")


@dataclass
class IdCounter:
    """The next running number of each source: IDs stay unique across chunks and files."""

    next: int = 1

    def take(self, n: int) -> int:
        start = self.next
        self.next += n
        return start


@dataclass
class Chunk:
    """Events of one chunk: a district index and a day per record, in chronological order."""

    source: str
    rng: np.random.Generator
    d: np.ndarray  # district index per record
    days: np.ndarray  # datetime64[D] per record
    profile: DistrictProfile
    cursors: dict[str, LabelCursor]
    ids: IdCounter
    scale_end: dt.date
    roster: RosterPlan | None = None  # who is on duty in the control rooms (one per run)

    @property
    def n(self) -> int:
        return len(self.d)

    def district(self) -> pl.Series:
        return pl.Series(NAMES[self.d], dtype=pl.String)

    def calibrated(self, district: str) -> np.ndarray:
        """Rows of the district dated up to the cutoff (their labels come from a cursor)."""
        return (self.d == DISTRICT_INDEX[district]) & (self.days <= _CUTOFF)

    def choice(self, labels: list[str], p: list[float]) -> np.ndarray:
        p_arr = np.asarray(p, dtype=float)
        return np.asarray(labels, dtype=object)[
            self.rng.choice(len(labels), size=self.n, p=p_arr / p_arr.sum())
        ]


def lognormal(rng: np.random.Generator, median: np.ndarray, sigma: float) -> np.ndarray:
    return median * np.exp(rng.normal(0.0, sigma, size=np.shape(median)))


def median_for_share(limit: float, share: np.ndarray, sigma: float) -> np.ndarray:
    """The lognormal median that puts ``share`` of values at or below ``limit``."""
    z = np.array([NormalDist().inv_cdf(float(s)) for s in np.ravel(share)]).reshape(np.shape(share))
    return limit * np.exp(-sigma * z)


def ts(values: np.ndarray) -> pl.Series:
    """numpy datetime64 (NaT = missing) -> polars Datetime(us)."""
    return pl.Series(values.astype("datetime64[us]")).cast(pl.Datetime("us"))


def dates(values: np.ndarray) -> pl.Series:
    return pl.Series(values.astype("datetime64[D]")).cast(pl.Date)


def seconds(x: np.ndarray) -> np.ndarray:
    return np.round(x).astype("timedelta64[s]")


NAT = np.datetime64("NaT", "s")


def clip_after(frame: pl.DataFrame, col: str, earliest: str, t: dt.datetime) -> pl.DataFrame:
    """Move a later time to just before ``t`` (never before ``earliest``): exports hold no future."""
    limit = pl.lit(t - dt.timedelta(minutes=1))
    if frame.schema[col] == pl.Date:
        limit = pl.lit(t.date() - dt.timedelta(days=1))
    clipped = pl.min_horizontal(pl.col(col), limit)
    return frame.with_columns(
        pl.when(pl.col(col).is_null())
        .then(None)
        .otherwise(pl.max_horizontal(clipped, pl.col(earliest).cast(frame.schema[col])))
        .alias(col)
    )


def after(col: str, t: dt.datetime, schema: pl.Schema) -> pl.Expr:
    """Whether a later time had not happened yet when an export was written at ``t``."""
    if schema[col] == pl.Date:
        return pl.col(col).is_not_null() & (pl.col(col) >= pl.lit(t.date()))
    return pl.col(col).is_not_null() & (pl.col(col) > pl.lit(t))
