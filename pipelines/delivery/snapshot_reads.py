"""What delivery reads from the published snapshot: the alerts, and a district's overdue cases.

Both are other parts' tables, read through their own readers, each called in one function
here -- the seam to adapt when either changes: the alerts through
`warehouse.alerts.published.read_alerts` (the snapshot's ``alerts`` table plus the open
alert of a refresh failing right now, as the dashboard shows them), the cases through
`warehouse.cases.query_cases` (the ``case_list`` table). Only the reader snapshot is read,
read-only, never the pipeline's file: delivery runs after publication, and a digest may run
while a refresh writes.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from warehouse.alerts.lifecycle import COLUMNS as ALERT_TABLE_COLUMNS

ALERT_COLUMNS = ALERT_TABLE_COLUMNS  # the alerts table as warehouse/alerts writes it
SEVERITY_ORDER = {"critical": 0, "warning": 1}
CASE_COLUMNS = ("record_id", "kind", "days_overdue", "ageing_bucket")


@dataclass(frozen=True)
class Alert:
    """One row of the ``alerts`` table; ``figures`` parsed from its JSON."""

    alert_key: str
    rule: str
    kind: str
    severity: str
    district: str
    period_start: dt.date | None
    kpi: str | None
    status: str
    opened_at: dt.datetime | None
    closed_at: dt.datetime | None
    last_seen_at: dt.datetime | None
    figures: dict = field(default_factory=dict)
    page: str | None = None


def _figures(raw: object) -> dict:
    if isinstance(raw, dict):
        return raw
    try:
        value = json.loads(raw) if raw else {}
    except (TypeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def read_alerts(
    warehouse: Path, district: str | None = None, status: str | None = None
) -> list[Alert]:
    """The alerts readers see (of one district, of one status when given), critical first,
    then oldest first; none before the snapshot had an ``alerts`` table."""
    from warehouse.alerts.published import read_alerts as published_alerts

    frame = published_alerts(warehouse)
    alerts = []
    for row in frame.select(ALERT_COLUMNS).to_dicts():
        if (district and row["district"] != district) or (status and row["status"] != status):
            continue
        alerts.append(Alert(**{**row, "figures": _figures(row["figures"])}))
    return sorted(
        alerts,
        key=lambda a: (
            SEVERITY_ORDER.get(a.severity, 9),
            a.opened_at or dt.datetime.min,
            a.alert_key,
        ),
    )


@dataclass(frozen=True)
class OverdueCases:
    """A district's most overdue cases of each list (CASE_COLUMNS), the count of each list,
    and the count of all; ``total`` is None when the snapshot holds no case lists."""

    rows: list[dict]
    by_kind: dict[str, int]
    total: int | None


def top_overdue_cases(warehouse: Path, district: str, per_kind: int = 3) -> OverdueCases:
    """The ``per_kind`` cases of each list of ``district`` most days overdue, with their
    record id (a hash prefix where the id is personal), list, days overdue and ageing
    bucket: no other column of the case list leaves here."""
    from warehouse.cases import query_cases  # imported when a digest is made, not before

    try:
        frame = query_cases(warehouse, district)  # by list (catalogue order), most overdue first
    except ValueError as exc:
        if "no case lists" in str(exc):
            return OverdueCases(rows=[], by_kind={}, total=None)
        raise
    kinds = list(dict.fromkeys(frame.get_column("kind").to_list()))
    counts = dict(frame.group_by("kind").len().iter_rows())
    top = frame.group_by("kind", maintain_order=True).head(per_kind).select(CASE_COLUMNS)
    return OverdueCases(
        rows=top.to_dicts(), by_kind={k: counts[k] for k in kinds}, total=frame.height
    )
