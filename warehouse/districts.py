"""The district reference: 22 canonical districts of Haryana (2020) and every alias exports use.

Exports spell districts many ways (old names, HQ towns, upper case, stray spaces, Devanagari).
Every spelling is folded to a *lookup key* (Unicode NFC, case-folded, with spaces, dots,
hyphens, underscores and brackets removed), so that "YAMUNA NAGAR ", "Yamuna-Nagar" and
"yamunanagar" are one key. An unknown key is refused with an error that names the value,
never guessed.

Population: Census of India 2011 (Primary Census Abstract). Charkhi Dadri was carved out of
Bhiwani in 2016; its 2011 population (502,276) is the sum of its tehsils Charkhi Dadri and
Badhra in that census, and Bhiwani keeps the rest (1,634,445 - 502,276 = 1,132,169).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

REFERENCE_CSV = Path(__file__).parent / "reference" / "districts.csv"
STATE = "Haryana"

_SEPARATORS = re.compile(r"[\s._\-()\[\]/,'\"]+")


class UnknownDistrictError(ValueError):
    """Raised when a district value matches no canonical name or alias."""


@dataclass(frozen=True)
class District:
    name: str
    name_hi: str
    division: str
    population_2011: int
    tile_x: int
    tile_y: int
    aliases: tuple[str, ...]


def lookup_key(value: str) -> str:
    """Fold a spelling to the key used for matching (NFC, case-folded, no separators)."""
    text = unicodedata.normalize("NFC", value).casefold()
    # Devanagari nukta forms: NFC keeps ड़ decomposed, so precomposed and decomposed input agree.
    return _SEPARATORS.sub("", text)


@cache
def districts() -> tuple[District, ...]:
    """The 22 districts as read from the reviewed reference file, in alphabetical order."""
    with REFERENCE_CSV.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return tuple(
        District(
            name=row["district"],
            name_hi=row["district_hi"],
            division=row["division"],
            population_2011=int(row["population_2011"]),
            tile_x=int(row["tile_x"]),
            tile_y=int(row["tile_y"]),
            aliases=tuple(a for a in row["aliases"].split("|") if a),
        )
        for row in rows
    )


@cache
def alias_table() -> dict[str, str]:
    """Every lookup key -> canonical name: names, Hindi names and aliases.

    Raises if two districts claim one key, so an ambiguous reference file never loads.
    """
    table: dict[str, str] = {}
    for d in districts():
        for spelling in (d.name, d.name_hi, *d.aliases):
            key = lookup_key(spelling)
            if table.get(key, d.name) != d.name:
                raise ValueError(f"alias {spelling!r} is claimed by {table[key]} and {d.name}")
            table[key] = d.name
    return table


def canonical_district(value: str | None) -> str:
    """The canonical district for any spelling; raises UnknownDistrictError when there is none."""
    if value is None or not str(value).strip():
        raise UnknownDistrictError("district is empty")
    name = alias_table().get(lookup_key(str(value)))
    if name is None:
        raise UnknownDistrictError(f"unknown district {value!r}")
    return name


def district_names() -> list[str]:
    """Canonical names, alphabetical."""
    return [d.name for d in districts()]


def by_name(name: str) -> District:
    """The reference row of a canonical district name."""
    for d in districts():
        if d.name == name:
            return d
    raise UnknownDistrictError(f"unknown district {name!r}")
