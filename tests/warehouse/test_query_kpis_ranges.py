"""A restricted range of whole periods gives exactly the kpi_values rows of those periods.

`jansewa kpis --from/--to` re-aggregates kpi_daily in Python-free SQL of its own
(warehouse.kpis); kpi_values is built by the SQL models. Over whole weeks or months the two
paths must agree row for row -- numerators, denominators, values and Wilson intervals -- for
every KPI a restricted query carries (medians and the composite are left out of those).
Hypothesis draws the ranges over the demo warehouse.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from warehouse.kpis import query_kpis

COMPARED = ["numerator", "denominator", "value", "ci_low", "ci_high"]
KEY = ["district", "period_start", "grain", "kpi"]
MONTHS = [dt.date(2020, m, 1) for m in range(3, 8)]  # the demo exports: 23 Mar - 31 Jul 2020
WEEKS = [dt.date(2020, 3, 23) + dt.timedelta(weeks=i) for i in range(19)]  # Mondays


def _month_end(first: dt.date) -> dt.date:
    return (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


@pytest.fixture(scope="module")
def unrestricted(demo_warehouse) -> dict[str, pl.DataFrame]:
    return {
        grain: query_kpis(demo_warehouse.warehouse, grain=grain).select(KEY + COMPARED)
        for grain in ("month", "week")
    }


def _compare(restricted: pl.DataFrame, built: pl.DataFrame, first: dt.date, last: dt.date):
    restricted = restricted.select(KEY + COMPARED)
    assert restricted.height > 0
    expected = built.filter(
        pl.col("period_start").is_between(first, last)
        & pl.col("kpi").is_in(restricted["kpi"].unique().implode())
    )
    joined = expected.join(restricted, on=KEY, how="full", suffix="_range", coalesce=True)
    assert joined.height == expected.height == restricted.height
    for column in COMPARED:
        a, b = joined[column], joined[f"{column}_range"]
        same = (a.is_null() & b.is_null()) | ((a - b).abs() <= 1e-9 * (1 + a.abs()))
        bad = joined.filter(~same.fill_null(False))
        assert bad.is_empty(), bad.select(KEY + [column, f"{column}_range"]).head(5)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.integers(0, len(MONTHS) - 1), st.integers(0, len(MONTHS) - 1))
def test_whole_months(demo_warehouse, unrestricted, i, j):
    first, last = MONTHS[min(i, j)], MONTHS[max(i, j)]
    restricted = query_kpis(
        demo_warehouse.warehouse, grain="month", date_from=first, date_to=_month_end(last)
    )
    _compare(restricted, unrestricted["month"], first, last)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.integers(0, len(WEEKS) - 1), st.integers(0, 3))
def test_whole_weeks(demo_warehouse, unrestricted, i, length):
    first = WEEKS[i]
    last = WEEKS[min(i + length, len(WEEKS) - 1)]
    restricted = query_kpis(
        demo_warehouse.warehouse,
        grain="week",
        date_from=first,
        date_to=last + dt.timedelta(days=6),
    )
    _compare(restricted, unrestricted["week"], first, last)
