"""The reviewed reference files read and checked: scorecard weights, themes, settings, targets.

Plain file loaders (no DuckDB): each refuses a malformed entry with a message naming the file
and the entry. warehouse.kpi_catalogue checks the KPI catalogue against them, and
warehouse.reference_tables loads them into the warehouse.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from warehouse.yaml_files import load_yaml

SCORECARD_WEIGHTS = Path(__file__).parent / "reference" / "scorecard_weights.yml"
KPI_TARGETS = Path(__file__).parent / "reference" / "targets.yml"
# Settings a weights file may leave out (a test's small file): no case minimum, no gate
# thresholds that would fire on hand-made data, ranks published, no coverage minimum.
DEFAULT_SETTINGS: dict[str, float] = {
    "min_cases": 1,
    "min_kpi_coverage": 0,
    "stale_days": 7,
    "quarantine_share_max": 0.05,
    "withhold_flagged_ranks": 0,
    "bootstrap_replicates": 400,
    "bootstrap_seed": 2020,
    "sensitivity_rank_spread": 3,
    "gaming_low_rated_disposed_max": 0.30,
    "gaming_reopened_share_max": 0.10,
    "gaming_month_end_share_max": 0.25,
    "gaming_food_2h_low_rated_max": 0.30,
}
DIRECTIONS = ("higher", "lower")


def load_scorecard_weights(path: Path = SCORECARD_WEIGHTS) -> list[tuple[str, float, str]]:
    """(kpi, weight, direction) from the reviewed weights file; refuses a malformed entry."""
    spec = load_yaml(path.read_text(encoding="utf-8")) or {}
    kpis = spec.get("kpis")
    if not isinstance(kpis, dict) or not kpis:
        raise ValueError(f"{path.name}: expected a non-empty 'kpis' mapping")
    rows = []
    for kpi, entry in kpis.items():
        weight = (entry or {}).get("weight")
        direction = (entry or {}).get("direction")
        if isinstance(weight, bool) or not isinstance(weight, int | float) or weight <= 0:
            raise ValueError(f"{path.name}: {kpi}: weight must be a number > 0, got {weight!r}")
        if direction not in DIRECTIONS:
            raise ValueError(
                f"{path.name}: {kpi}: direction must be higher or lower, got {direction!r}"
            )
        rows.append((str(kpi), float(weight), str(direction)))
    return rows


def load_scorecard_themes(path: Path = SCORECARD_WEIGHTS) -> dict[str, tuple[str, float]]:
    """{kpi: (theme, theme weight)} from the weights file's `themes`.

    A scored KPI listed in no theme is a theme of its own, named after the KPI, whose theme
    weight is the KPI's weight: a file without themes scores as it did before themes. Refuses a theme weight that is not > 0, a KPI listed
    in two themes, and a themed KPI that has no entry under `kpis`.
    """
    spec = load_yaml(path.read_text(encoding="utf-8")) or {}
    scored = {kpi for kpi, _, _ in load_scorecard_weights(path)}  # also validates the kpis
    themes = spec.get("themes") or {}
    if not isinstance(themes, dict):
        raise ValueError(f"{path.name}: 'themes' must be a mapping")
    out: dict[str, tuple[str, float]] = {}
    for theme, entry in themes.items():
        weight = (entry or {}).get("weight", 1)
        if isinstance(weight, bool) or not isinstance(weight, int | float) or weight <= 0:
            raise ValueError(f"{path.name}: theme {theme}: weight must be > 0, got {weight!r}")
        for kpi in (entry or {}).get("kpis") or []:
            if kpi in out:
                raise ValueError(f"{path.name}: {kpi} is in two themes")
            if kpi not in scored:
                raise ValueError(f"{path.name}: theme {theme}: {kpi} has no entry under kpis")
            out[str(kpi)] = (str(theme), float(weight))
    for kpi, weight, _ in load_scorecard_weights(path):
        out.setdefault(kpi, (kpi, weight))
    return out


def load_scorecard_settings(path: Path = SCORECARD_WEIGHTS) -> dict[str, float]:
    """The file's `settings` over DEFAULT_SETTINGS; refuses an unknown or non-numeric one."""
    spec = load_yaml(path.read_text(encoding="utf-8")) or {}
    settings = dict(DEFAULT_SETTINGS)
    for name, value in (spec.get("settings") or {}).items():
        if name not in DEFAULT_SETTINGS:
            raise ValueError(f"{path.name}: unknown setting {name!r}")
        if not isinstance(value, int | float):  # bool is an int: true / false -> 1 / 0
            raise ValueError(f"{path.name}: setting {name} must be a number, got {value!r}")
        if value < 0:
            raise ValueError(f"{path.name}: setting {name} must be >= 0, got {value!r}")
        settings[name] = float(value)
    return settings


def load_kpi_targets(path: Path = KPI_TARGETS) -> list[tuple[str, float, str, float, str]]:
    """(kpi, target, direction, near_band, source) from the reviewed targets file.

    Refuses a target that is not a number > 0, a direction other than higher / lower, a
    missing source, and a near band outside [0, 1).
    """
    spec = load_yaml(path.read_text(encoding="utf-8")) or {}
    band = spec.get("near_band", 0.1)
    if isinstance(band, bool) or not isinstance(band, int | float) or not 0 <= band < 1:
        raise ValueError(f"{path.name}: near_band must be in [0, 1), got {band!r}")
    rows = []
    for kpi, entry in (spec.get("targets") or {}).items():
        entry = entry or {}
        target, direction, source = entry.get("target"), entry.get("direction"), entry.get("source")
        if isinstance(target, bool) or not isinstance(target, int | float) or target <= 0:
            raise ValueError(f"{path.name}: {kpi}: target must be a number > 0, got {target!r}")
        if direction not in DIRECTIONS:
            raise ValueError(f"{path.name}: {kpi}: direction must be higher or lower")
        if not source:
            raise ValueError(f"{path.name}: {kpi}: say where the target comes from (source)")
        rows.append((str(kpi), float(target), str(direction), float(band), str(source)))
    return rows


def file_sha256(path: Path) -> str:
    """The SHA-256 of a reference file's bytes (recorded with every published scorecard)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()
