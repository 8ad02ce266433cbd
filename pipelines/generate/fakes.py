"""Plausible fake personal values, generated vectorised: never real people.

Mobile numbers are 10 digits starting 6-9 (Indian mobile series); names are common Haryanvi
and north-Indian first names and surnames in Latin script (so they also fit Windows-1252
files); vehicle numbers follow the HR-<RTO>-<series>-<number> plate format with each
district's RTO code; family IDs look like Parivar Pehchan Patra numbers.
"""

from __future__ import annotations

import numpy as np
import polars as pl

FIRST_NAMES = [
    "Aarti",
    "Ajay",
    "Amit",
    "Anil",
    "Anita",
    "Ankit",
    "Anju",
    "Ashok",
    "Babita",
    "Balwan",
    "Bimla",
    "Deepak",
    "Dharambir",
    "Dinesh",
    "Geeta",
    "Hari",
    "Jagdish",
    "Jyoti",
    "Kamla",
    "Kavita",
    "Krishan",
    "Kuldeep",
    "Mahesh",
    "Manoj",
    "Meena",
    "Mohit",
    "Naresh",
    "Neelam",
    "Neha",
    "Om",
    "Pooja",
    "Pradeep",
    "Pramod",
    "Raj",
    "Rajbir",
    "Rajesh",
    "Rakesh",
    "Ramesh",
    "Rekha",
    "Ritu",
    "Rohit",
    "Sandeep",
    "Santosh",
    "Sarita",
    "Satbir",
    "Satish",
    "Savita",
    "Seema",
    "Sonia",
    "Sunil",
    "Sunita",
    "Suresh",
    "Sushila",
    "Vijay",
    "Vikas",
    "Vinod",
    "Yogesh",
    "Zakir",
    "Imran",
    "Salma",
    "Gurpreet",
    "Harpreet",
    "Manjeet",
]
SURNAMES = [
    "Ahlawat",
    "Beniwal",
    "Chauhan",
    "Dahiya",
    "Dalal",
    "Deswal",
    "Gahlot",
    "Goyal",
    "Grewal",
    "Gupta",
    "Hooda",
    "Jakhar",
    "Jangra",
    "Kadian",
    "Kaushik",
    "Khan",
    "Kumar",
    "Kumari",
    "Lather",
    "Malik",
    "Mann",
    "Nain",
    "Nandal",
    "Phogat",
    "Punia",
    "Rana",
    "Rathee",
    "Saini",
    "Sangwan",
    "Sharma",
    "Sheoran",
    "Sihag",
    "Singh",
    "Sindhu",
    "Tanwar",
    "Tyagi",
    "Verma",
    "Yadav",
    "Ansari",
    "Qureshi",
]
# Haryana RTO codes by district (first registering office), as plates print them.
RTO = {
    "Ambala": "01",
    "Bhiwani": "16",
    "Charkhi Dadri": "84",
    "Faridabad": "51",
    "Fatehabad": "22",
    "Gurugram": "26",
    "Hisar": "20",
    "Jhajjar": "14",
    "Jind": "31",
    "Kaithal": "08",
    "Karnal": "05",
    "Kurukshetra": "07",
    "Mahendragarh": "34",
    "Nuh": "27",
    "Palwal": "30",
    "Panchkula": "03",
    "Panipat": "06",
    "Rewari": "36",
    "Rohtak": "12",
    "Sirsa": "24",
    "Sonipat": "10",
    "Yamunanagar": "02",
}
_LETTERS = np.array(list("ABCDEFGHJKLMNPRSTUVWXYZ"))
_ALNUM = np.array(list("0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"))


def mobiles(rng: np.random.Generator, n: int) -> pl.Series:
    """10-digit Indian mobile numbers starting 6, 7, 8 or 9."""
    numbers = rng.integers(6, 10, size=n) * 1_000_000_000 + rng.integers(0, 1_000_000_000, size=n)
    return pl.Series(numbers).cast(pl.String)


def names(rng: np.random.Generator, n: int) -> pl.Series:
    first = np.array(FIRST_NAMES)[rng.integers(0, len(FIRST_NAMES), size=n)]
    last = np.array(SURNAMES)[rng.integers(0, len(SURNAMES), size=n)]
    return pl.Series(np.char.add(np.char.add(first, " "), last).astype(object)).cast(pl.String)


def vehicle_numbers(rng: np.random.Generator, district: pl.Series) -> pl.Series:
    """HR-26-AB-1234 style plates, with the district's RTO code."""
    n = len(district)
    series = np.char.add(
        _LETTERS[rng.integers(0, len(_LETTERS), n)], _LETTERS[rng.integers(0, len(_LETTERS), n)]
    )
    frame = pl.DataFrame(
        {"d": district, "s": series.astype(object), "n": rng.integers(1, 10_000, size=n)}
    )
    return frame.select(
        pl.concat_str(
            pl.lit("HR-"),
            pl.col("d").replace_strict(RTO, return_dtype=pl.String),
            pl.lit("-"),
            pl.col("s"),
            pl.lit("-"),
            pl.col("n").cast(pl.String).str.zfill(4),
        )
    ).to_series()


def codes(rng: np.random.Generator, n: int, length: int) -> pl.Series:
    """Random upper-case alphanumeric codes (family IDs, UTR numbers)."""
    chars = np.ascontiguousarray(_ALNUM[rng.integers(0, len(_ALNUM), size=(n, length))])
    return pl.Series(chars.view(f"<U{length}").ravel().astype(object), dtype=pl.String)


def sequence_ids(prefix: str, start: int, n: int, width: int = 8) -> pl.Series:
    """IDs prefix + zero-padded running number: unique within a source across all files."""
    numbers = pl.Series("id", np.arange(start, start + n, dtype=np.int64))
    return pl.select(
        pl.concat_str(pl.lit(prefix), numbers.cast(pl.String).str.zfill(width))
    ).to_series()
