r"""Which offending values a quarantine row may show (rule 3 of pipelines/ingest/clean.py).

A quarantined row keeps the value that failed as its ``detail`` only when it is safe to
show: the column holds codes, not people; the line was not shifted; and the value neither
looks personal (``pii.looks_personal``: a mobile number, an Aadhaar-like number, an e-mail)
nor is a keyed hash (a value hashed at read because it sat in the wrong column is not worth
showing either).

The values are searched by Polars, not one by one in Python: the state-year's staging
searched about 2,250 distinct details per slice of service transactions, which cost 1.0 s
of Python per 10.8M records, holding the lock the other source's thread needs. Python's and
Polars' regex engines agree on printable ASCII (tests/ingest/test_quarantine_detail.py);
beyond it their Unicode classes (``\s``, ``\w``) have different edges -- Python finds an
e-mail in "a²@b.in" and a number in "98765\x1c43210", Polars does not, and the other way
round for a Devanagari vowel sign before an "@" -- so a value holding any other character is
searched by both, and hidden when either finds something personal in it.
"""

from __future__ import annotations

import polars as pl

from pipelines.ingest.pii import PERSONAL_SHAPE, looks_personal

# A keyed hash as hash_personal writes it, and a character outside printable ASCII.
HASH_SHAPE = r"[0-9a-f]{64}"
_NOT_PRINTABLE_ASCII = r"[^ -~]"


def personal_details(details: pl.Series) -> pl.Series:
    """The distinct values of ``details`` that look personal or are a hash."""
    details = details.drop_nulls().unique()
    found = details.str.contains(PERSONAL_SHAPE) | details.str.contains(HASH_SHAPE)
    unusual = details.filter(~found & details.str.contains(_NOT_PRINTABLE_ASCII))
    also = [text for text in unusual.to_list() if looks_personal(text)]
    return pl.concat([details.filter(found), pl.Series(also, dtype=pl.String)])


def safe_details(quarantined: pl.DataFrame) -> pl.DataFrame:
    """``detail`` kept only where it is safe to show, else null; the two flags it is
    decided by (``__safe``: a code column; ``__shifted``: a shifted line) dropped."""
    personal = personal_details(quarantined.get_column("detail"))
    keep = pl.col("__safe") & ~pl.col("__shifted") & ~pl.col("detail").is_in(personal)
    return quarantined.with_columns(
        pl.when(keep).then(pl.col("detail")).otherwise(pl.lit(None, pl.String)).alias("detail")
    ).drop("__safe", "__shifted")
