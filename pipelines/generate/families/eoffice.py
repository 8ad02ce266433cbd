"""eoffice_files: the e-Office file register.

The electronic share starts at a district's level and rises through 2020 (the COVID push to
e-Office); electronic files move more often and faster than physical ones. As the seed
review found, one office (the district information and public relations office, DIPRO) and
one department (social justice) lead on e-Office: in every district their odds of a file
being electronic are LEAD_ODDS times the other offices' (departments'), so they lead on the
electronic share in most districts, by chance not in all. Only the office and department a
file is put in lean so: its mode is drawn first, from its district's share, as before.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from pipelines.generate import catalog
from pipelines.generate.families.base import CODES, Chunk, dates

SOURCE = "eoffice_files"
CORRECTABLE = "mode"
LEADING_OFFICE = "DIPRO Office"
LEADING_DEPARTMENT = "Social Justice and Empowerment"
LEAD_ODDS = 4.0  # odds ratio of an electronic file, the leading office (department) to the others


def leaning(
    rng: np.random.Generator, labels: tuple[str, ...], leader: str, electronic: np.ndarray
) -> np.ndarray:
    """One of ``labels`` per file, uniform but for ``leader``, whose files lean electronic:
    an electronic file picks the leader with weight sqrt(LEAD_ODDS), a physical one with
    1 / sqrt(LEAD_ODDS) (the others 1 each), so the leader's odds of an electronic file are
    LEAD_ODDS times another label's, whatever the district's share."""
    lift = np.where(np.asarray(labels) == leader, np.sqrt(LEAD_ODDS), 1.0)
    to_electronic = np.cumsum(lift / lift.sum())
    to_physical = np.cumsum((1 / lift) / (1 / lift).sum())
    u = rng.random(len(electronic))
    pick = np.where(
        electronic,
        np.searchsorted(to_electronic, u, side="right"),
        np.searchsorted(to_physical, u, side="right"),
    )
    return np.asarray(labels, dtype=object)[np.minimum(pick, len(labels) - 1)]


def generate(c: Chunk) -> pl.DataFrame:
    rng, n, p, d = c.rng, c.n, c.profile, c.d
    age = (c.days - np.datetime64("2020-03-23", "D")).astype(np.int64)
    share = np.clip(p.eoffice_electronic[d] + 0.25 * age / 365, 0.05, 0.98)
    electronic = rng.random(n) < share
    moves = rng.poisson(np.where(electronic, 5.0, 3.0)) + 1
    per_move = np.where(electronic, 1.2, 3.5)
    span = np.ceil(moves * per_move * rng.exponential(1.0, n)).astype("timedelta64[D]")
    last = c.days + span
    closed = np.where(
        rng.random(n) < 0.55,
        last + rng.integers(0, 6, n).astype("timedelta64[D]"),
        np.datetime64("NaT", "D"),
    )
    office = leaning(rng, catalog.OFFICES, LEADING_OFFICE, electronic)
    dept = leaning(rng, catalog.EOFFICE_DEPARTMENTS, LEADING_DEPARTMENT, electronic)
    start = c.ids.take(n)
    number = pl.Series(np.arange(start, start + n)).cast(pl.String).str.zfill(7)
    district = c.district()
    return pl.DataFrame(
        {
            "file_no": pl.select(
                pl.concat_str(
                    pl.lit("EO/"), pl.Series(CODES[d], dtype=pl.String), pl.lit("/2020/"), number
                )
            ).to_series(),
            "district": district,
            "office": pl.select(
                pl.concat_str(pl.Series(office, dtype=pl.String), pl.lit(" "), district)
            ).to_series(),
            "department": pl.Series(dept, dtype=pl.String),
            "created_on": dates(c.days),
            "mode": pl.Series(np.where(electronic, "electronic", "physical"), dtype=pl.String),
            "movements": pl.Series(moves).cast(pl.Int64),
            "last_movement_on": dates(last),
            "closed_on": dates(closed),
        }
    )


def as_of(frame: pl.DataFrame, t: dt.datetime) -> pl.DataFrame:
    """An export at ``t``: files closed later are open; later movements are not yet there."""
    day = pl.lit(t.date())
    return frame.with_columns(
        closed_on=pl.when(pl.col("closed_on") >= day).then(None).otherwise(pl.col("closed_on")),
        last_movement_on=pl.max_horizontal(
            pl.min_horizontal(pl.col("last_movement_on"), day - pl.duration(days=1)),
            pl.col("created_on"),
        ),
    )


finalize = as_of
