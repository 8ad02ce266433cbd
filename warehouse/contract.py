"""What an export contract is made of: columns, their kinds, and the staging types.

The contracts themselves are data in warehouse/sources_*.py, gathered in warehouse/sources.py.

Everything that differs between sources lives here: the columns with their header label,
kind, whether they are required, the accepted labels (English and Hindi) of categorical
columns, the record key, the personal fields, the ordering rules ("times running backwards")
and the numeric ranges. The ingest code, the staging schema, the sample generator and the
validation suites all read these specs, so a source is added or changed in one place.

Column kinds:
    id         text identifier, required where marked; trimmed
    district   any spelling of a district; canonical name in staging
    timestamp  IST date-time in one of the allowed formats (date-only input means midnight)
    date       IST calendar date (a time part, if present, is dropped)
    int        whole number within ``range``
    number     decimal number within ``range``
    label      one of ``labels`` (canonical value -> accepted spellings)
    flag       yes/no in English or Hindi -> boolean
    text       the name of a place or unit, kept as is (trimmed): centre, office,
               department, service, helpline, operator ID, home state. The KPIs group by
               these, and what they hold is chosen from a short list by the source system,
               not typed by a citizen; a column a citizen or clerk types into is not "text"
    freetext   what someone typed (a purpose, a subject, a remark): it may hold a name or a
               phone number whatever the header says, so it is treated like ``pii`` --
               replaced by a keyed hash at the first step after reading -- and never staged
    pii        personal data: replaced by a keyed hash at the first step after reading;
               carried into staging only where ``keep`` is set (as the hash), else dropped

A derived key (``Column.derived_from``): a source whose exports carry no record id (the
control-room roster: one row per room and shift) names the columns that identify a record
instead. Its key column is never read from a file (header matching ignores it); staging
builds it from those columns' parsed values -- the canonical district, the text as trimmed,
timestamps in ISO form -- so two spellings of one shift are one record, and a later export of
the same shift replaces it as a re-exported record with an id would (pipelines/ingest/record_keys.py).

Columns an export has beyond its contract ("extras") have no kind: they are kept in the raw
layer only as keyed hashes (pipelines/ingest/pii.py says why), never as exported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal[
    "id",
    "district",
    "timestamp",
    "date",
    "int",
    "number",
    "label",
    "flag",
    "text",
    "freetext",
    "pii",
]

# Kinds whose values are replaced by a keyed hash at the first step after reading.
HASHED_KINDS: tuple[str, ...] = ("pii", "freetext")

YES_NO = {"true": ("Y", "Yes", "1", "True", "हाँ", "हां"), "false": ("N", "No", "0", "False", "नहीं")}


@dataclass(frozen=True)
class Column:
    """One column of an export contract."""

    name: str  # snake_case name used in the warehouse
    header: str  # the header label as EXPORTS.md prints it
    kind: Kind
    required: bool = False
    labels: dict[str, tuple[str, ...]] = field(default_factory=dict)
    range: tuple[float | None, float | None] = (None, None)
    keep: bool = True  # for pii: keep the hash in staging (only where a KPI or join needs it)
    # (freetext is never staged, whatever ``keep`` says)
    multiple_of: int | None = None  # a validation rule (GX), not an ingest rule
    derived_from: tuple[str, ...] = ()  # a derived key: built from these columns, never read

    @property
    def read(self) -> bool:
        """Whether the column comes from the export file (a derived key does not)."""
        return not self.derived_from

    @property
    def staged(self) -> bool:
        """Whether the column reaches the staging table."""
        if self.kind == "freetext":
            return False
        return self.kind != "pii" or self.keep


@dataclass(frozen=True)
class Source:
    """One operational export: its folder name under the exports tree and its contract."""

    name: str
    title: str
    columns: tuple[Column, ...]
    key: str
    event_time: str  # the column that dates a record for daily facts and volume checks
    ordering: tuple[tuple[str, str], ...] = ()  # (earlier, later): later may not precede earlier

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(f"{self.name} has no column {name!r}")

    @property
    def required(self) -> list[Column]:
        return [c for c in self.columns if c.required]

    @property
    def personal(self) -> list[Column]:
        """Columns that may hold personal data (pii and freetext): hashed at read."""
        return [c for c in self.columns if c.kind in HASHED_KINDS]

    @property
    def staged_columns(self) -> list[Column]:
        return [c for c in self.columns if c.staged]

    @property
    def read_columns(self) -> list[Column]:
        """The columns an export file carries (every contract column but a derived key)."""
        return [c for c in self.columns if c.read]


def header_key(header: str) -> str:
    """Header matching ignores case, surrounding spaces and space/underscore/dot/hyphen."""
    return re.sub(r"[\s_.\-]+", "", header.strip().casefold())


# The DuckDB type of each kind in staging.
STAGED_TYPES: dict[str, str] = {
    "id": "varchar",
    "district": "varchar",
    "timestamp": "timestamp",
    "date": "date",
    "int": "integer",
    "number": "double",
    "label": "varchar",
    "flag": "boolean",
    "text": "varchar",
    "pii": "varchar",
}


def staging_columns(source: Source) -> list[tuple[str, str]]:
    """(name, duckdb type) of the staging table's business columns, in contract order."""
    return [(c.name, STAGED_TYPES[c.kind]) for c in source.staged_columns]
