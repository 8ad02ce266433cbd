"""The export contracts of the ten sources (shared EXPORTS.md), as data.

Everything that differs between sources lives in these contracts: the columns with their
header label, kind, whether they are required, the accepted labels (English and Hindi) of
categorical columns, the record key, the personal fields, the ordering rules ("times running
backwards") and the numeric ranges. The ingest code, the staging schema, the sample generator
and the validation suites all read these specs, so a source is added or changed in one place.
What a column kind means is documented in warehouse/contract.py.

The contracts are written by area (sources_control_room.py, sources_relief.py,
sources_governance.py); this module gathers them into SOURCES, the one place the rest of the
code imports them from.
"""

from __future__ import annotations

from warehouse.contract import (
    HASHED_KINDS,
    STAGED_TYPES,
    YES_NO,
    Column,
    Kind,
    Source,
    header_key,
    staging_columns,
)
from warehouse.sources_control_room import (
    CONTROL_ROOM_ROSTER,
    HELPLINE_CALLS,
    HELPLINE_CATEGORIES,
)
from warehouse.sources_governance import (
    APPOINTMENTS,
    EOFFICE_FILES,
    GRIEVANCES,
    SERVICE_TRANSACTIONS,
)
from warehouse.sources_relief import (
    MIGRANT_REGISTRATIONS,
    MOVEMENT_PASSES,
    RELIEF_BENEFICIARIES,
    RELIEF_PAYMENTS,
)

__all__ = [
    "EARLIEST_DATE",
    "HASHED_KINDS",
    "HELPLINE_CATEGORIES",
    "SOURCES",
    "SOURCE_NAMES",
    "STAGED_TYPES",
    "YES_NO",
    "Column",
    "Kind",
    "Source",
    "header_key",
    "staging_columns",
]

# Keyed by name, in this order: SOURCE_NAMES and every loop over SOURCES follow it.
SOURCES: dict[str, Source] = {
    source.name: source
    for source in (
        HELPLINE_CALLS,
        CONTROL_ROOM_ROSTER,
        MOVEMENT_PASSES,
        RELIEF_BENEFICIARIES,
        RELIEF_PAYMENTS,
        MIGRANT_REGISTRATIONS,
        SERVICE_TRANSACTIONS,
        GRIEVANCES,
        APPOINTMENTS,
        EOFFICE_FILES,
    )
}

SOURCE_NAMES: tuple[str, ...] = tuple(SOURCES)

# Earliest and latest plausible dates: anything outside is "out of range", not a record.
EARLIEST_DATE = "2015-01-01"
