"""The alert rules (reference/alerts.yml): read and checked before anything is evaluated.

A reviewed file, like the weights and targets: a rule that cannot be evaluated as written is
refused with one line naming the file and the rule ("alerts.yml: rule rank_drop_5: places
must be an integer >= 1, got 'five'"), so a bad edit fails the refresh's alerts step with a
message saying what to fix, instead of raising no alert at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from warehouse.kpi_catalogue import catalogue
from warehouse.reference_files import KPI_TARGETS, load_kpi_targets
from warehouse.yaml_files import load_yaml

ALERTS_FILE = Path(__file__).resolve().parent.parent / "reference" / "alerts.yml"
SEVERITIES = ("warning", "critical")
DQ_FLAGS = ("stale", "quarantined", "check failed")
OVERDUE_KPIS = ("rts_overdue_pending", "grievance_pending_over_30d")
_RULE_ID = re.compile(r"^[a-z][a-z0-9_]{0,60}$")


class AlertRulesError(ValueError):
    """The rules file is malformed; the message names the file and the rule."""


def _count(value: object, minimum: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= minimum


def _positive(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value > 0


def _targeted_kpis() -> set[str]:
    return {row[0] for row in load_kpi_targets(KPI_TARGETS)}


def _count_kpis() -> set[str]:
    return {k.id for k in catalogue().values() if k.kind == "count"}


# kind -> {parameter: (required, check, what a good value is, default)}
_PARAMETERS: dict[str, dict[str, tuple]] = {
    "kpi_below_target": {
        "periods": (True, lambda v: _count(v, 1), "an integer >= 1", None),
        "kpis": (False, "targeted", "a list of KPIs with a target in targets.yml", None),
        "include_near": (False, lambda v: isinstance(v, bool), "true or false", False),
    },
    "rank_drop": {
        "places": (True, lambda v: _count(v, 1), "an integer >= 1", None),
    },
    "overdue_growth": {
        "growth_pct": (True, _positive, "a number > 0", None),
        "min_count": (True, lambda v: _count(v, 1), "an integer >= 1", None),
        "kpis": (False, "counts", "a list of count KPIs of kpis.yml", list(OVERDUE_KPIS)),
    },
    "data_quality": {
        "flags": (False, "flags", f"a list of {', '.join(DQ_FLAGS)}", list(DQ_FLAGS)),
        "scored_sources_only": (False, lambda v: isinstance(v, bool), "true or false", True),
    },
    "stale_source": {
        "days": (True, lambda v: _count(v, 1), "an integer >= 1", None),
    },
    "refresh_failed": {},
}
KINDS = tuple(_PARAMETERS)


@dataclass(frozen=True)
class Rule:
    """One rule of the file: its id, kind, severity and its kind's parameters (defaults
    filled in)."""

    id: str
    kind: str
    severity: str
    params: dict = field(default_factory=dict, compare=False, hash=False)


def _check_list(value: object, allowed: set[str] | tuple[str, ...]) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(v, str) and v in allowed for v in value)
        and len(set(value)) == len(value)
    )


def _rule(where: str, item: object) -> Rule:
    if not isinstance(item, dict):
        raise AlertRulesError(f"{where}: expected a mapping with id, kind and severity")
    rule_id = item.get("id")
    if not isinstance(rule_id, str) or not _RULE_ID.match(rule_id):
        raise AlertRulesError(
            f"{where}: id must be lower case letters, digits and _, got {rule_id!r}"
        )
    where = f"{where.split(': ')[0]}: rule {rule_id}"
    kind, severity = item.get("kind"), item.get("severity")
    if kind not in _PARAMETERS:
        raise AlertRulesError(f"{where}: kind must be one of {', '.join(KINDS)}, got {kind!r}")
    if severity not in SEVERITIES:
        raise AlertRulesError(f"{where}: severity must be warning or critical, got {severity!r}")
    spec = _PARAMETERS[kind]
    unknown = sorted(set(item) - {"id", "kind", "severity"} - set(spec))
    if unknown:
        raise AlertRulesError(f"{where}: unknown parameter(s) for {kind}: {', '.join(unknown)}")
    lists = {"targeted": _targeted_kpis, "counts": _count_kpis, "flags": lambda: DQ_FLAGS}
    params = {}
    for name, (required, check, good, default) in spec.items():
        if name not in item:
            if required:
                raise AlertRulesError(f"{where}: {kind} needs {name} ({good})")
            params[name] = default
            continue
        value = item[name]
        ok = _check_list(value, lists[check]()) if isinstance(check, str) else check(value)
        if not ok:
            raise AlertRulesError(f"{where}: {name} must be {good}, got {value!r}")
        params[name] = value
    return Rule(id=rule_id, kind=kind, severity=severity, params=params)


def load_rules(path: Path = ALERTS_FILE) -> list[Rule]:
    """The rules of ``path`` in file order, each checked (AlertRulesError names the file and
    the rule). An empty list is allowed: no rule, no alert."""
    path = Path(path)
    try:
        spec = load_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" (line {mark.line + 1})" if mark is not None else ""
        raise AlertRulesError(f"{path.name}: not valid YAML{line}") from None
    if not isinstance(spec, dict) or not isinstance(spec.get("rules"), list | None):
        raise AlertRulesError(f"{path.name}: expected a 'rules' list")
    rules: list[Rule] = []
    for position, item in enumerate(spec.get("rules") or [], start=1):
        rule = _rule(f"{path.name}: rule #{position}", item)
        if any(r.id == rule.id for r in rules):
            raise AlertRulesError(f"{path.name}: rule {rule.id}: the id is used twice")
        rules.append(rule)
    return rules
