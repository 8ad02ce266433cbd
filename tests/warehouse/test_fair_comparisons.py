"""Fair comparisons over time, on small hand-made warehouses: a partial last period is
marked partial (and `jansewa kpis` says so beside each value), weekly relief payments are
dated by their last payment, and censored cohorts stay provisional until mature. Coverage
of the composite and the flags beside a rank: test_fair_rankings.py."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from jansewa.cli import main
from tests.warehouse.conftest import MiniWarehouse, day, reviewed_weights_with, ts
from warehouse.kpis import query_kpis
from warehouse.periods import latest_complete_period

MON, WED, SUN = day("2020-04-13"), day("2020-04-15"), day("2020-04-19")
PREVIOUS_MON = day("2020-04-06")


def call(wh, district, when, status="resolved"):
    wh.add(
        "helpline_calls",
        district=district,
        call_received_at=ts(f"{when} 10:00"),
        category="ration",
        status=status,
    )


def grievance(wh, district, when, status="pending"):
    wh.add(
        "grievances",
        district=district,
        channel="cm_window",
        department="D",
        received_on=ts(f"{when} 10:00"),
        status=status,
    )


def txn(wh, district, when, minutes):
    wh.add(
        "service_transactions",
        district=district,
        centre="C",
        department="D",
        service="S",
        token_issued_at=ts(f"{when} 10:00"),
        service_completed_at=ts(f"{when} 10:00") + dt.timedelta(minutes=minutes),
        status="delivered",
    )


# 1. A partial last week -------------------------------------------------------------------
# Helpline calls every day from Monday 6 April to Wednesday 15 April (its as_of); grievances
# every day to Sunday 19 April. The week of 13 April is exported to its end for grievances,
# not for the helpline: partial for the helpline's KPIs and for the period as a whole.


@pytest.fixture(scope="module")
def partial_week(mini_module):
    for n in range(10):  # 6 .. 15 April
        call(mini_module, "Ambala", (PREVIOUS_MON + dt.timedelta(days=n)).isoformat())
    for n in range(14):  # 6 .. 19 April
        grievance(mini_module, "Ambala", (PREVIOUS_MON + dt.timedelta(days=n)).isoformat())
    mini_module.build(weights=reviewed_weights_with(mini_module.path.with_name("w.yml")))
    return mini_module


def week_row(wh, kpi, monday):
    return wh.rows(
        "select complete, status from kpi_values where district = 'Ambala' and grain = 'week' "
        "and kpi = ? and period_start = ?",
        [kpi, monday],
    )[0]


def test_a_partial_last_week_is_marked_partial(partial_week):
    assert week_row(partial_week, "calls_received", MON) == (False, "partial")
    assert week_row(partial_week, "call_resolution_rate", MON) == (False, "partial")
    # The previous week (6-12 April) is complete. Counts are final at once; a call's
    # resolution needs 7 days: 12 + 7 = 19 April is after the helpline's as_of (15 April).
    assert week_row(partial_week, "calls_received", PREVIOUS_MON) == (True, "final")
    assert week_row(partial_week, "call_resolution_rate", PREVIOUS_MON) == (True, "provisional")
    # Grievances reach Sunday 19 April: their week of 13 April is complete.
    assert week_row(partial_week, "grievances_received", MON) == (True, "final")


def test_kpi_periods_say_the_same(partial_week):
    rows = partial_week.rows(
        "select grain, period_start, period_end, sources_with_data, sources_complete, complete "
        "from kpi_periods where grain in ('week', 'month', 'total') order by grain, period_start"
    )
    assert rows == [
        ("month", day("2020-04-01"), day("2020-04-30"), 2, 0, False),
        ("total", PREVIOUS_MON, SUN, 2, 1, False),
        ("week", PREVIOUS_MON, day("2020-04-12"), 2, 2, True),
        ("week", MON, SUN, 2, 1, False),
    ]
    days = partial_week.rows(
        "select period_start, complete from kpi_periods where grain = 'day' "
        "and period_start between ? and ? order by period_start",
        [WED, day("2020-04-16")],
    )
    assert days == [(WED, True), (day("2020-04-16"), False)]  # the helpline stops on the 15th
    assert latest_complete_period(partial_week.con, "week") == PREVIOUS_MON
    assert latest_complete_period(partial_week.con, "month") is None


def test_weekly_relief_payments_are_dated_by_their_last_payment(mini):
    """A payment of the week starting Monday 25 May, paid on Sunday 31 May, shows that the
    export reaches the 31st: May is complete, not held back by the week's first day."""
    for n in range(31):
        call(mini, "Ambala", (day("2020-05-01") + dt.timedelta(days=n)).isoformat())
    mini.add(
        "relief_payments",
        beneficiary_id="B-1",
        district="Ambala",
        week_starting=day("2020-05-25"),
        amount=1000.0,
        paid_on=day("2020-05-31"),
    )
    mini.add(  # not paid yet: dated by its week
        "relief_payments",
        beneficiary_id="B-2",
        district="Ambala",
        week_starting=day("2020-05-18"),
        amount=1000.0,
    )
    mini.build()
    assert mini.rows(
        "select last_event_day from kpi_source_freshness where source = 'relief_payments'"
    ) == [(day("2020-05-31"),)]
    assert latest_complete_period(mini.con, "month") == day("2020-05-01")


def test_jansewa_kpis_prints_complete_status_and_a_partial_range(partial_week, capsys):
    partial_week.publish()
    path = partial_week.path
    common = ["kpis", "--warehouse", str(path), "--district", "Ambala"]
    assert main([*common, "--grain", "week", "--kpi", "calls_received"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["period_start"], r["complete"], r["status"], r["quality_flags"]) for r in rows] == [
        ("2020-04-06", "true", "final", ""),
        ("2020-04-13", "false", "partial", ""),
    ]
    # A range ending on 16 April, a day the helpline's exports have not reached: partial.
    frame = query_kpis(path, date_to=day("2020-04-16"), district="Ambala", kpi="calls_received")
    assert frame.select("numerator", "complete", "status").rows() == [(10.0, False, "partial")]
    # Ending on the 15th it is complete; the resolution rate is still maturing (15 + 7 > 15).
    frame = query_kpis(path, date_to=WED, district="Ambala")
    status = {r["kpi"]: (r["complete"], r["status"]) for r in frame.iter_rows(named=True)}
    assert status["calls_received"] == (True, "final")
    assert status["call_resolution_rate"] == (True, "provisional")
    # A week cut at the range's end is judged on that end: 13-15 April is complete.
    frame = query_kpis(path, grain="week", date_to=WED, district="Ambala", kpi="calls_received")
    assert frame.select("period_start", "numerator", "complete").rows() == [
        (PREVIOUS_MON, 7.0, True),
        (MON, 3.0, True),
    ]


# 2. Censored grievances -------------------------------------------------------------------
# Ambala and Hisar: 5 grievances each received 21-30 April, none disposed yet (0 of 5), and
# counter transactions on 10 and 30 April (Ambala served in 20 minutes: 10 points; Hisar in
# 60: 0 points). One more grievance on the as_of day moves the grievances' as_of.
# April is complete; the disposal rate is final only from 30 April + 30 days = 30 May.

CENSORED_WEIGHTS = """
kpis:
  rts_score: {weight: 1, direction: higher}
  grievance_disposal_rate: {weight: 1, direction: higher}
"""


def censored(tmp_path, as_of: str) -> MiniWarehouse:
    wh = MiniWarehouse(tmp_path / f"censored-{as_of}.duckdb")
    for district, minutes in (("Ambala", 20), ("Hisar", 60)):
        for d in (21, 23, 25, 28, 30):
            grievance(wh, district, f"2020-04-{d}")
        txn(wh, district, "2020-04-10", minutes)
        txn(wh, district, "2020-04-30", minutes)
    grievance(wh, "Ambala", as_of)
    txn(wh, "Ambala", as_of, 20)  # the counters are exported as far
    weights = tmp_path / "censored.yml"
    weights.write_text(CENSORED_WEIGHTS)
    wh.build(weights=weights)
    return wh


@pytest.mark.parametrize(
    ("as_of", "status", "composites"),
    [
        # 29 days after 30 April: provisional, left out; the composite is rts_score alone.
        ("2020-05-29", "provisional", {"Ambala": 100.0, "Hisar": 0.0}),
        # exactly 30 days: final, scored; both 0 of 5 -> both 100; Hisar (0 + 100) / 2.
        ("2020-05-30", "final", {"Ambala": 100.0, "Hisar": 50.0}),
    ],
)
def test_censored_grievances_are_provisional_until_mature(tmp_path, as_of, status, composites):
    wh = censored(tmp_path, as_of)
    try:
        april = [day("2020-04-01")]
        assert wh.rows(
            "select value, complete, status from kpi_values where district = 'Ambala' "
            "and grain = 'month' and kpi = 'grievance_disposal_rate' and period_start = ?",
            april,
        ) == [(0.0, True, status)]
        assert wh.rows(
            "select as_of, status from kpi_period_status where kpi = 'grievance_disposal_rate' "
            "and grain = 'month' and period_start = ?",
            april,
        ) == [(day(as_of), status)]
        components = wh.rows(
            "select district, status, scaled_score from kpi_scorecard_components "
            "where grain = 'month' and period_start = ? and kpi = 'grievance_disposal_rate' "
            "and district in ('Ambala', 'Hisar') order by district",
            april,
        )
        score = None if status == "provisional" else 100.0
        assert components == [("Ambala", status, score), ("Hisar", status, score)]
        card = wh.rows(
            "select district, composite_index, kpis_scored, kpis_total from kpi_scorecard "
            "where grain = 'month' and period_start = ? and composite_index is not null",
            april,
        )
        kpis = 1 if status == "provisional" else 2
        assert {d: c for d, c, _, _ in card} == pytest.approx(composites)
        assert {(s, t) for _, _, s, t in card} == {(kpis, kpis)}
    finally:
        wh.con.close()
