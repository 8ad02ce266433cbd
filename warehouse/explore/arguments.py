"""What notebooks pass in, made canonical once for every helper: any spelling of a district
(or the state), ISO dates, one name or several."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from warehouse.districts import STATE, canonical_district, district_names, lookup_key

Day = dt.date | str | None

# State-level spellings accepted wherever a district is.
_STATE_KEYS = {lookup_key(s) for s in (STATE, "हरियाणा", "state", "all")}


def resolve_district(name: str) -> str:
    """The canonical name of any spelling of a district, or ``Haryana`` for the state.

    Raises UnknownDistrictError (a ValueError) for a name no reference alias matches: a
    misspelt district must not silently return an empty frame.
    """
    if lookup_key(str(name)) in _STATE_KEYS:
        return STATE
    return canonical_district(name)


def districts() -> list[str]:
    """The 22 canonical district names, alphabetical (the state is not included)."""
    return district_names()


def as_day(value: Day) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def as_list(value: str | Sequence[str] | None) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return list(value)
