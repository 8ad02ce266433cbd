"""The KPI catalogue (reference/kpis.yml): read, checked, and the one list every reader uses.

The warehouse's ``kpi_catalog`` table (through ``ref_kpis``), the dashboard's names, number
formats and directions, the notebook helper's labels, ``jansewa kpis --help`` and README's KPI
table all come from here, so two lists can no longer disagree (as the SQL catalogue and the
dashboard's once did on the direction of ``pass_approval_rate``).

The file is checked against the other reviewed files it must agree with, and refused with a
message naming the file and the entry when:

* an entry lacks a field or has an unknown one, a name or definition is empty, a Hindi one
  holds no Devanagari, an id is malformed or given twice;
* a kind, direction, source or theme is not one of those allowed (themes: the scorecard themes
  of scorecard_weights.yml, or ``none``);
* a KPI scored in scorecard_weights.yml is missing, has another direction, or another theme;
* a ``target`` is not in targets.yml, or a KPI of targets.yml does not name its target or
  disagrees on the direction;
* the call-mix family (``call_category_share.<category>``) differs from the categories of the
  export contract (warehouse.sources.HELPLINE_CATEGORIES): each share is listed explicitly, so
  its names are reviewed text, and a new category fails here until someone writes them;
* the composite would be final (maturity_days) before one of the KPIs it is computed from.

``python -m warehouse.kpi_table --markdown`` prints README's KPI table; ``--write-readme``
rewrites it between its markers (warehouse/kpi_table.py).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from warehouse.reference_files import (
    KPI_TARGETS,
    SCORECARD_WEIGHTS,
    load_kpi_targets,
    load_scorecard_themes,
    load_scorecard_weights,
)
from warehouse.sources import HELPLINE_CATEGORIES, SOURCE_NAMES
from warehouse.yaml_files import load_yaml

KPIS_FILE = Path(__file__).parent / "reference" / "kpis.yml"

KINDS = ("count", "amount", "rate", "score", "mean", "median", "index", "rank", "per_lakh")
DIRECTIONS = ("higher", "lower", "none")
NONE = "none"
# The source of the KPIs computed from other KPIs (the composite), not from one export.
SCORECARD_SOURCE = "scorecard"
CATEGORY_SHARE_PREFIX = "call_category_share."
COMPOSITE_KPIS = ("composite_index", "composite_rank")
FIELDS = (
    "id",
    "name",
    "name_hi",
    "definition",
    "definition_hi",
    "kind",
    "unit",
    "direction",
    "theme",
    "source",
    "target",
    "maturity_days",
)
_KPI_ID = re.compile(r"^[a-z][a-z0-9_]{0,60}(\.[a-z][a-z0-9_]{0,60})?$")
_DEVANAGARI = re.compile(r"[\u0900-\u097f]")


@dataclass(frozen=True)
class Kpi:
    """One KPI of the catalogue; ``theme`` and ``target`` are None where the file says none."""

    id: str
    name: str
    name_hi: str
    definition: str
    definition_hi: str
    kind: str
    unit: str
    direction: str  # higher | lower | none
    theme: str | None
    source: str
    target: str | None
    maturity_days: int

    def name_in(self, lang: str) -> str:
        """The name in 'hi' or, for any other language, English."""
        return self.name_hi if lang == "hi" else self.name


class CatalogueError(ValueError):
    """The catalogue file is malformed or disagrees with the weights or targets file."""


def load_catalogue(
    path: Path = KPIS_FILE, weights: Path = SCORECARD_WEIGHTS, targets: Path = KPI_TARGETS
) -> dict[str, Kpi]:
    """{id: Kpi} in file order, after every check listed in the module docstring."""
    spec = load_yaml(path.read_text(encoding="utf-8")) or {}
    raw = spec.get("kpis") if isinstance(spec, dict) else None
    if not isinstance(raw, list) or not raw:
        raise CatalogueError(f"{path.name}: expected a non-empty list under 'kpis'")
    weight_rows = load_scorecard_weights(weights)
    themed = load_scorecard_themes(weights)
    themes = {theme for theme, _ in themed.values()}
    target_rows = load_kpi_targets(targets)
    target_ids = {row[0] for row in target_rows}
    entries: dict[str, Kpi] = {}
    for position, item in enumerate(raw, start=1):
        kpi = _entry(path.name, position, item, themes, target_ids)
        if kpi.id in entries:
            raise CatalogueError(f"{path.name}: {kpi.id} is listed twice")
        entries[kpi.id] = kpi
    _check_category_family(path.name, entries)
    _check_scored(entries, weights.name, weight_rows, themed)
    _check_targets(entries, targets.name, target_rows)
    _check_composite_maturity(path.name, entries, weight_rows)
    return entries


@functools.cache
def catalogue() -> dict[str, Kpi]:
    """The reviewed catalogue, checked against the reviewed weights and targets (cached)."""
    return load_catalogue()


def check_scored_kpis(entries: dict[str, Kpi], weights: Path, themes: bool = False) -> None:
    """Every KPI scored in ``weights`` is in the catalogue with the same direction.

    With ``themes``, a scored KPI the weights file puts in a theme must carry that theme here
    too (a test's small weights file without themes is checked on directions only).
    """
    themed = load_scorecard_themes(weights) if themes else None
    _check_scored(entries, weights.name, load_scorecard_weights(weights), themed)


def check_targets(entries: dict[str, Kpi], targets: Path) -> None:
    """Every KPI of ``targets`` names its target here and agrees on the direction."""
    _check_targets(entries, targets.name, load_kpi_targets(targets))


def _check_scored(
    entries: dict[str, Kpi],
    file: str,
    weight_rows: list[tuple[str, float, str]],
    themed: dict[str, tuple[str, float]] | None,
) -> None:
    for kpi, _, direction in weight_rows:
        entry = entries.get(kpi)
        if entry is None:
            raise CatalogueError(f"{file}: scores {kpi}, which is not in the catalogue")
        if entry.direction != direction:
            raise CatalogueError(
                f"{file}: {kpi} is scored with direction {direction}, but the "
                f"catalogue says {entry.direction}"
            )
        theme = themed[kpi][0] if themed else kpi
        if theme != kpi and entry.theme != theme:
            raise CatalogueError(
                f"{file}: {kpi} is in theme {theme}, but the catalogue says {entry.theme}"
            )


def _check_targets(entries: dict[str, Kpi], file: str, target_rows: list[tuple]) -> None:
    for kpi, _, direction, _, _ in target_rows:
        entry = entries.get(kpi)
        if entry is None:
            raise CatalogueError(f"{file}: {kpi} is not in the catalogue")
        if entry.target != kpi:
            raise CatalogueError(f"{file}: {kpi} has a target; the catalogue says none")
        if entry.direction != direction:
            raise CatalogueError(
                f"{file}: {kpi} has direction {direction}, but the catalogue says {entry.direction}"
            )


def catalogue_rows(entries: dict[str, Kpi]) -> list[tuple]:
    """Rows of ref_kpis (the columns of kpi_catalog, in its order): ``none`` becomes a null."""
    return [
        (
            k.id,
            k.name,
            k.name_hi,
            k.definition,
            k.definition_hi,
            k.kind,
            k.unit,
            None if k.direction == NONE else k.direction,
            k.theme,
            k.source,
            k.target,
            k.maturity_days,
        )
        for k in entries.values()
    ]


def _entry(file: str, position: int, item: object, themes: set[str], targets: set[str]) -> Kpi:
    if not isinstance(item, dict):
        raise CatalogueError(f"{file}: entry {position} is not a mapping")
    where = f"{file}: {item.get('id', f'entry {position}')}"
    missing = [f for f in FIELDS if f not in item]
    unknown = sorted(set(item) - set(FIELDS))
    if missing or unknown:
        raise CatalogueError(f"{where}: missing fields {missing}, unknown fields {unknown}")
    kpi_id = item["id"]
    if not isinstance(kpi_id, str) or not _KPI_ID.match(kpi_id):
        raise CatalogueError(f"{where}: not a KPI id (lower-case words, at most one dot)")
    for field in ("name", "definition", "unit", "name_hi", "definition_hi"):
        value = item[field]
        if not isinstance(value, str) or not value.strip():
            raise CatalogueError(f"{where}: {field} must be a non-empty text")
        if field.endswith("_hi") and not _DEVANAGARI.search(value):
            raise CatalogueError(f"{where}: {field} must be written in Devanagari")
    _one_of(where, "kind", item["kind"], KINDS)
    _one_of(where, "direction", item["direction"], DIRECTIONS)
    _one_of(where, "theme", item["theme"], (*sorted(themes), NONE))
    _one_of(where, "source", item["source"], (*SOURCE_NAMES, SCORECARD_SOURCE))
    if item["target"] != NONE and item["target"] not in targets:
        raise CatalogueError(f"{where}: target {item['target']!r} is not in targets.yml")
    days = item["maturity_days"]
    if isinstance(days, bool) or not isinstance(days, int) or days < 0:
        raise CatalogueError(f"{where}: maturity_days must be a whole number >= 0, got {days!r}")
    return Kpi(
        id=kpi_id,
        name=item["name"].strip(),
        name_hi=item["name_hi"].strip(),
        definition=item["definition"].strip(),
        definition_hi=item["definition_hi"].strip(),
        kind=item["kind"],
        unit=item["unit"].strip(),
        direction=item["direction"],
        theme=None if item["theme"] == NONE else item["theme"],
        source=item["source"],
        target=None if item["target"] == NONE else item["target"],
        maturity_days=days,
    )


def _one_of(where: str, field: str, value: object, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise CatalogueError(f"{where}: {field} must be one of {', '.join(allowed)}; got {value!r}")


def _check_category_family(file: str, entries: dict[str, Kpi]) -> None:
    listed = {
        k[len(CATEGORY_SHARE_PREFIX) :] for k in entries if k.startswith(CATEGORY_SHARE_PREFIX)
    }
    contract = set(HELPLINE_CATEGORIES)
    if listed != contract:
        raise CatalogueError(
            f"{file}: the {CATEGORY_SHARE_PREFIX}<category> entries must be the contract's "
            f"categories; missing {sorted(contract - listed)}, not in the contract "
            f"{sorted(listed - contract)}"
        )


def _check_composite_maturity(
    file: str, entries: dict[str, Kpi], weight_rows: list[tuple[str, float, str]]
) -> None:
    longest = max(entries[kpi].maturity_days for kpi, _, _ in weight_rows)
    for kpi in COMPOSITE_KPIS:
        if kpi in entries and entries[kpi].maturity_days < longest:
            raise CatalogueError(
                f"{file}: {kpi}: maturity_days must be at least {longest}, the longest of the "
                "scored KPIs it is computed from"
            )
