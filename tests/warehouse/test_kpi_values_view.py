"""The view kpi_values works out values and Wilson intervals from kpi_values_stored.

It must give the same doubles as warehouse.wilson, the numpy closed form `jansewa kpis`
applies to the totals of a date range (otherwise a month read whole and the same month read
as a range would differ in their last digits), the intervals of the statsmodels reference,
and the value rules of the KPI contract: a ratio, null on a zero denominator, the count
itself when there is no denominator, the stored value when there is no numerator; and
each period's status from kpi_period_status, which moves with the as-of date.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np
import pytest
from statsmodels.stats.proportion import proportion_confint

from warehouse.model_files import model_sql
from warehouse.wilson import wilson_interval

DAY = dt.date(2020, 5, 1)


@pytest.fixture()
def con():
    con = duckdb.connect()
    con.execute("create table kpi_catalog (kpi varchar, kind varchar)")
    con.execute(
        "insert into kpi_catalog values ('call_resolution_rate', 'rate'), "
        "('calls_received', 'count'), ('rts_score', 'score'), ('calls_per_lakh', 'per_lakh'), "
        "('median_hours_to_resolve', 'median')"
    )
    con.execute(
        "create table kpi_values_stored (district varchar, period_start date, grain varchar, "
        "kpi varchar, numerator double, denominator double, value double)"
    )
    con.execute(
        "create table kpi_period_status (kpi varchar, grain varchar, period_start date, "
        "complete boolean, status varchar)"
    )
    con.execute(
        "insert into kpi_period_status values ('call_resolution_rate', 'month', ?, true, "
        "'final'), ('calls_received', 'month', ?, true, 'provisional')",
        [DAY, DAY],
    )
    con.execute(f"create view kpi_values as {model_sql('kpi_values')}")
    yield con
    con.close()


def _add(con, kpi, numerator, denominator, value=None, district="Jhajjar"):
    con.execute(
        "insert into kpi_values_stored values (?, ?, 'month', ?, ?, ?, ?)",
        [district, DAY, kpi, numerator, denominator, value],
    )


def test_intervals_are_the_same_doubles_as_numpy_and_match_statsmodels(con):
    rng = np.random.default_rng(7)
    drawn = rng.integers(1, 2_000_000, 400)
    nobs = np.concatenate([[1, 2, 7, 30, 5_195, 103_515], drawn])
    count = np.concatenate([[0, 2, 3, 0, 3_888, 103_515], rng.integers(0, drawn + 1)])
    con.executemany(
        "insert into kpi_values_stored values (?, ?, 'month', 'call_resolution_rate', ?, ?, null)",
        [
            [f"d{i}", DAY, float(c), float(n)]
            for i, (c, n) in enumerate(zip(count, nobs, strict=True))
        ],
    )
    rows = con.execute(
        "select numerator, denominator, value, ci_low, ci_high from kpi_values "
        "order by try_cast(substr(district, 2) as integer)"
    ).fetchnumpy()
    low, high = wilson_interval(count, nobs)
    assert np.array_equal(rows["ci_low"], low) and np.array_equal(rows["ci_high"], high)
    assert np.array_equal(rows["value"], count / nobs)
    ref_low, ref_high = proportion_confint(count, nobs, alpha=0.05, method="wilson")
    assert np.allclose(rows["ci_low"], ref_low, rtol=0, atol=1e-12)
    assert np.allclose(rows["ci_high"], ref_high, rtol=0, atol=1e-12)


def test_published_jhajjar_figures_and_hand_worked_interval(con):
    _add(con, "call_resolution_rate", 3, 4)
    _add(con, "call_resolution_rate", 3_164, 5_120, district="Haryana")  # relief coverage
    rows = {
        r[0]: r[1:]
        for r in con.execute("select district, value, ci_low, ci_high from kpi_values").fetchall()
    }
    # Wilson 3/4 worked by hand: centre (0.75 + 0.4802) / 1.9604, half 0.6271 / 1.9604
    assert rows["Jhajjar"] == pytest.approx((0.75, 0.3006, 0.9544), abs=1e-4)
    value, low, high = rows["Haryana"]
    assert value == pytest.approx(0.618, abs=5e-4)  # the published 61.8 %
    assert low < value < high


def test_values_follow_the_contract_and_only_proportions_get_intervals(con):
    _add(con, "call_resolution_rate", 0, 0, district="Ambala")  # zero denominator: null
    _add(con, "call_resolution_rate", 12, 10, district="Bhiwani")  # over 1: clipped interval
    _add(con, "calls_received", 5_195, None, district="Jhajjar")  # a count: its numerator
    _add(con, "rts_score", 87, 10, district="Hisar")  # a score: ratio, no interval
    _add(con, "calls_per_lakh", 5_195, 9.58405, district="Jind")  # per lakh: ratio
    _add(con, "median_hours_to_resolve", None, None, 6.5, district="Karnal")  # stored value
    _add(con, "not_in_the_catalogue", 1, 2, district="Rohtak")  # unknown kind: no interval
    rows = {
        r[0]: r[1:]
        for r in con.execute("select district, value, ci_low, ci_high from kpi_values").fetchall()
    }
    assert rows["Ambala"] == (None, None, None)
    clipped_low, clipped_high = wilson_interval(np.array([10]), np.array([10]))
    assert rows["Bhiwani"] == (1.2, clipped_low[0], clipped_high[0])
    assert rows["Jhajjar"] == (5_195, None, None)
    assert rows["Hisar"] == (8.7, None, None)
    assert rows["Jind"] == (5_195 / 9.58405, None, None)
    assert rows["Karnal"] == (6.5, None, None)
    assert rows["Rohtak"] == (0.5, None, None)


def test_a_period_takes_its_status_and_one_not_listed_is_partial(con):
    _add(con, "call_resolution_rate", 3, 4)
    _add(con, "calls_received", 5_195, None)
    _add(con, "rts_score", 87, 10)  # its period is not in kpi_period_status
    rows = dict(
        ((kpi, (complete, status)))
        for kpi, complete, status in con.execute(
            "select kpi, complete, status from kpi_values"
        ).fetchall()
    )
    assert rows == {
        "call_resolution_rate": (True, "final"),
        "calls_received": (True, "provisional"),
        "rts_score": (False, "partial"),
    }
