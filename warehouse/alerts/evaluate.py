"""Which alert rules hold now: one query per kind over the marts a refresh has just built.

Each kind's query is a file beside this one, ``<kind>.sql``, with a header saying what it
returns; values reach it as parameters.

``evaluate_alerts`` returns the alerts that hold on the warehouse's current marts, as rows of
the ``alerts`` table without their lifecycle (status and times: warehouse/alerts/lifecycle.py
adds those). It reads only district-level marts -- kpi_values, kpi_target_attainment,
kpi_period_status, kpi_scorecard and its rank ranges, kpi_data_quality, kpi_source_freshness
-- so no record, id or name can reach an alert. A month counts only once it is *final*
(kpi_period_status: complete and mature), as for the scorecard: a partial or provisional
month would raise alerts about figures that are still filling in. ``refresh_failed`` is not
evaluated here: a refresh that runs this is succeeding (warehouse/alerts/failures.py).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from pathlib import Path
from urllib.parse import urlencode

import duckdb

from warehouse.alerts.rules import Rule
from warehouse.districts import STATE

SQL_DIR = Path(__file__).resolve().parent


@functools.cache
def kind_sql(kind: str) -> str:
    """The query of a rule kind: warehouse/alerts/<kind>.sql (its header says what it returns)."""
    if kind not in _KINDS:
        raise ValueError(f"no query for alert kind {kind!r}")
    return (SQL_DIR / f"{kind}.sql").read_text(encoding="utf-8")


def alert_key(rule: str, district: str, period: dt.date | None, subject: str | None) -> str:
    """'rule|district|period|subject': what an alert is about, stable across refreshes
    (subject: the KPI or source, where one rule watches several)."""
    return "|".join([rule, district, period.isoformat() if period else "", subject or ""])


def figures_json(figures: dict) -> str:
    """The numbers behind an alert as a JSON object: keys sorted, floats rounded to 4 places,
    dates as ISO text, so an unchanged alert is written with the same bytes."""

    def clean(value):
        if isinstance(value, float):
            return round(value, 4)
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, list | tuple):
            return [clean(v) for v in value]
        return value

    return json.dumps({k: clean(v) for k, v in figures.items()}, sort_keys=True)


def page(path: str, **query: object) -> str:
    """A dashboard link: '/district?district=Jhajjar&grain=month&period=2020-05-01'."""
    pairs = [(k, v.isoformat() if isinstance(v, dt.date) else str(v)) for k, v in query.items()]
    return f"{path}?{urlencode(pairs)}" if pairs else path


def _row(rule: Rule, district: str, period, kpi, subject, figures: dict, link: str) -> dict:
    return {
        "alert_key": alert_key(rule.id, district, period, subject),
        "rule": rule.id,
        "kind": rule.kind,
        "severity": rule.severity,
        "district": district,
        "period_start": period,
        "kpi": kpi,
        "figures": figures_json(figures),
        "page": link,
    }


def _district_page(district: str, month: dt.date) -> str:
    return page("/district", district=district, grain="month", period=month)


def _below_target(con: duckdb.DuckDBPyConnection, rule: Rule) -> list[dict]:
    p = rule.params
    args = {"kpis": p["kpis"], "include_near": p["include_near"], "periods": p["periods"]}
    out = []
    for d, kpi, first, latest, periods, value, target, direction, status in con.execute(
        kind_sql("kpi_below_target"), args
    ).fetchall():
        figures = {
            "value": value,
            "target": target,
            "direction": direction,
            "status": status,
            "periods": periods,
            "from": first,
            "to": latest,
        }
        out.append(_row(rule, d, first, kpi, kpi, figures, _district_page(d, latest)))
    return out


def _rank_drop(con: duckdb.DuckDBPyConnection, rule: Rule) -> list[dict]:
    out = []
    for d, m_from, m_to, r_from, r_to, lo_f, hi_f, lo_t, hi_t in con.execute(
        kind_sql("rank_drop"), {"places": rule.params["places"]}
    ).fetchall():
        figures = {
            "rank_from": r_from,
            "rank_to": r_to,
            "range_from": [lo_f, hi_f],
            "range_to": [lo_t, hi_t],
            "month_from": m_from,
        }
        out.append(_row(rule, d, m_to, "composite_rank", None, figures, _district_page(d, m_to)))
    return out


def _overdue_growth(con: duckdb.DuckDBPyConnection, rule: Rule) -> list[dict]:
    p = rule.params
    args = {"kpis": p["kpis"], "min_count": p["min_count"], "growth_pct": p["growth_pct"]}
    out = []
    for kpi, d, m_from, m_to, previous, current in con.execute(
        kind_sql("overdue_growth"), args
    ).fetchall():
        growth = (current - previous) * 100.0 / previous if previous else None
        figures = {
            "value": int(current),  # counts
            "previous": int(previous),
            "growth_pct": growth,
            "month_from": m_from,
            "min_count": p["min_count"],
        }
        out.append(_row(rule, d, m_to, kpi, kpi, figures, _district_page(d, m_to)))
    return out


def _data_quality(con: duckdb.DuckDBPyConnection, rule: Rule) -> list[dict]:
    p = rule.params
    args = {"flags": p["flags"], "scored_only": p["scored_sources_only"]}
    out = []
    for d, month, source, reasons, staged, quarantined, failed, stale in con.execute(
        kind_sql("data_quality"), args
    ).fetchall():
        figures = {
            "source": source,
            "reasons": [r for r in reasons if r.split(":")[0] in p["flags"]],
            "staged_rows": staged,
            "quarantined_rows": quarantined,
            "failed_checks": failed,
            "stale_days": stale,
        }
        link = page("/quality", district=d, grain="month", period=month)
        out.append(_row(rule, d, month, None, source, figures, link))
    return out


def _stale_source(con: duckdb.DuckDBPyConnection, rule: Rule) -> list[dict]:
    out = []
    for source, last_day, as_of, behind in con.execute(
        kind_sql("stale_source"), {"days": rule.params["days"]}
    ).fetchall():
        figures = {
            "source": source,
            "last_event_day": last_day,
            "as_of": as_of,
            "days_behind": behind,
            "days": rule.params["days"],
        }
        out.append(_row(rule, STATE, None, None, source, figures, "/quality"))
    return out


_KINDS = {
    "kpi_below_target": _below_target,
    "rank_drop": _rank_drop,
    "overdue_growth": _overdue_growth,
    "data_quality": _data_quality,
    "stale_source": _stale_source,
}


def evaluate_alerts(con: duckdb.DuckDBPyConnection, rules: list[Rule]) -> list[dict]:
    """The alerts that hold now on ``con``'s marts, one row per alert_key, in rule order:
    alert_key, rule, kind, severity, district, period_start, kpi, figures (JSON), page."""
    rows: list[dict] = []
    for rule in rules:
        evaluate = _KINDS.get(rule.kind)
        if evaluate is not None:
            rows.extend(evaluate(con, rule))
    return rows
