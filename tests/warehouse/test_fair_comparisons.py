"""Fair comparisons: complete periods, mature cohorts, coverage of the composite, and the
figures `jansewa kpis` prints beside each value, on small hand-made warehouses."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from jansewa.cli import main
from tests.warehouse.conftest import MiniWarehouse, day, reviewed_weights_with, ts
from tests.warehouse.test_kpi_values import one_of_each_source
from warehouse.kpis import query_kpis
from warehouse.periods import latest_complete_period
from warehouse.scorecard import record_published_scorecard

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


# 3. A 20-case district against a 7,000-case one ----------------------------------------------


def bulk_calls(wh, district, resolved, unresolved):
    """Many calls on 10 April in one statement (the reviewed min_cases is 30)."""
    wh.con.execute(
        "insert into stg_helpline_calls_versions (call_id, district, call_received_at, "
        "category, status, _file, _line, _file_hash, _exported_at, _loaded_at, _newest) "
        "select ? || i, ?, timestamp '2020-04-10 10:00', 'ration', "
        "case when i < ? then 'resolved' else 'open' end, 'h.csv', i, 'h', "
        "timestamp '2020-06-01 09:00', timestamp '2020-06-01 09:00', true from range(?) as t (i)",
        [district, district, resolved, resolved + unresolved],
    )


def test_twenty_cases_are_too_few_against_seven_thousand(mini, tmp_path):
    bulk_calls(mini, "Charkhi Dadri", 20, 0)  # 100 % of 20
    bulk_calls(mini, "Gurugram", 6300, 700)  # 90 % of 7,000
    weights = reviewed_weights_with(tmp_path / "w.yml")  # min_cases 30, coverage 0.75
    mini.build(as_of=day("2020-06-30"), weights=weights)
    rows = mini.rows(
        "select district, value, too_few_cases, scaled_score from kpi_scorecard_components "
        "where grain = 'month' and kpi = 'call_resolution_rate' "
        "and district in ('Charkhi Dadri', 'Gurugram') order by district"
    )
    assert rows == [("Charkhi Dadri", 1.0, True, None), ("Gurugram", 0.9, False, 100.0)]
    card = mini.rows(
        "select district, composite_rank, ranked, unranked_reason from kpi_scorecard "
        "where grain = 'month' and district in ('Charkhi Dadri', 'Gurugram') order by district"
    )
    assert card == [
        ("Charkhi Dadri", None, False, "no KPI scored"),
        ("Gurugram", 1, True, None),
    ]
    # The 20 calls keep their value and its width: Wilson 20 of 20 = [20 / (20 + z²), 1].
    (low,) = mini.rows(
        "select ci_low from kpi_values where district = 'Charkhi Dadri' and grain = 'total' "
        "and kpi = 'call_resolution_rate'"
    )[0]
    assert low == pytest.approx(20 / (20 + 1.959964**2), abs=1e-6)


# 4. A district scored on 6 of 13 KPIs --------------------------------------------------------


def food_call(wh, district, on="2020-04-01"):
    wh.add(
        "helpline_calls",
        district=district,
        call_received_at=ts(f"{on} 10:00"),
        category="food_not_received",
        status="resolved",
        food_delivered_at=ts(f"{on} 11:00"),
    )


def test_a_district_with_6_of_13_kpis_is_listed_not_ranked(mini, tmp_path):
    for district in ("Ambala", "Hisar"):
        one_of_each_source(mini, district, "2020-04-01")
        food_call(mini, district)
    # Karnal has only the helpline (3 scored KPIs) and the counters (3): 6 of 13.
    food_call(mini, "Karnal")
    mini.add(
        "service_transactions",
        district="Karnal",
        centre="C",
        department="D",
        service="S",
        token_issued_at=ts("2020-04-01 10:00"),
        service_completed_at=ts("2020-04-01 10:50"),  # 50 minutes: 0 points
        status="delivered",
        delivered_on=day("2020-04-01"),
        rts_timeline_days=1,
        sms_sent=True,
    )
    weights = reviewed_weights_with(tmp_path / "w.yml", min_cases=1)
    mini.build(as_of=day("2020-06-30"), weights=weights)
    card = mini.rows(
        "select district, composite_index is not null, composite_rank, kpis_scored, "
        "kpis_total, ranked, unranked_reason from kpi_scorecard where grain = 'month' "
        "and district in ('Ambala', 'Hisar', 'Karnal') order by district"
    )
    assert card == [
        ("Ambala", True, 1, 13, 13, True, None),
        ("Hisar", True, 1, 13, 13, True, None),
        ("Karnal", True, None, 6, 13, False, "scored on 6 of 13 KPIs, fewer than the 10 required"),
    ]
    # Nor does Karnal take a place in the rankings computed beside the composite: no bootstrap
    # rank range, no rank under another weighting, and no ties with the ranked districts.
    ranges = mini.rows(
        "select district, computed_rank, rank_low, rank_high, tied_with "
        "from kpi_scorecard_rank_ranges where grain = 'month' order by district"
    )
    assert ranges == [("Ambala", 1, 1, 1, "Hisar"), ("Hisar", 1, 1, 1, "Ambala")]
    sensitivity = mini.rows(
        "select district, rank_reviewed, rank_equal, rank_theme_equal "
        "from kpi_scorecard_sensitivity where grain = 'month' order by district"
    )
    assert sensitivity == [("Ambala", 1, 1, 1), ("Hisar", 1, 1, 1)]


def test_improvement_is_ranked_only_between_months_both_ranked(mini, tmp_path):
    """Karnal is scored on 6 of 13 KPIs in April and on all 13 in May: its change of
    composite is shown, but it does not compete on improvement against districts ranked in
    both months."""
    for month in ("2020-04-01", "2020-05-01"):
        for district in ("Ambala", "Hisar"):
            one_of_each_source(mini, district, month)
            food_call(mini, district, month)
    food_call(mini, "Karnal", "2020-04-01")
    mini.add(
        "service_transactions",
        district="Karnal",
        centre="C",
        department="D",
        service="S",
        token_issued_at=ts("2020-04-01 10:00"),
        service_completed_at=ts("2020-04-01 10:50"),
        status="delivered",
        delivered_on=day("2020-04-01"),
        rts_timeline_days=1,
        sms_sent=True,
    )
    one_of_each_source(mini, "Karnal", "2020-05-01")
    food_call(mini, "Karnal", "2020-05-01")
    weights = reviewed_weights_with(tmp_path / "w.yml", min_cases=1)
    mini.build(as_of=day("2020-07-31"), weights=weights)
    may = mini.rows(
        "select district, ranked, previous_rank, composite_change is not null, improvement_rank "
        "from kpi_scorecard where grain = 'month' and period_start = date '2020-05-01' "
        "and district in ('Ambala', 'Hisar', 'Karnal') order by district"
    )
    assert may == [
        ("Ambala", True, 1, True, 1),
        ("Hisar", True, 1, True, 1),
        ("Karnal", True, None, True, None),
    ]


# 5. A quarantine burst in one month: jansewa kpis agrees with kpi_data_quality ---------------


def test_quality_flags_agree_with_kpi_data_quality(mini, tmp_path):
    for month in ("2020-04", "2020-05", "2020-06"):
        for _ in range(10):
            call(mini, "Hisar", f"{month}-10")
            call(mini, "Ambala", f"{month}-10")
    for line in range(3):  # 3 of Hisar's 13 May rows quarantined: 23.1 % > 5 %
        mini.con.execute(
            "insert into quarantine (source, file, line, reason, district, event_day) "
            "values ('helpline_calls', 'h.csv', ?, 'unknown status', 'Hisar', date '2020-05-20')",
            [line],
        )
    mini.build(weights=reviewed_weights_with(tmp_path / "w.yml"))
    path = mini.path
    mini.publish()
    flag = "quarantined: helpline_calls (23.1 % of 13 rows)"
    months = query_kpis(path, grain="month", kpi="call_resolution_rate")
    flags = {
        (r["district"], r["period_start"].month): r["quality_flags"]
        for r in months.iter_rows(named=True)
    }
    assert flags[("Hisar", 5)] == flag
    assert [flags[("Hisar", 4)], flags[("Hisar", 6)], flags[("Ambala", 5)]] == ["", "", ""]
    # The week of 4 May touches May only; the total every month, each reason with its month.
    weeks = query_kpis(path, grain="week", district="Hisar", kpi="calls_received")
    assert dict(weeks.select("period_start", "quality_flags").rows()) == {
        day("2020-04-06"): "",
        day("2020-05-04"): "2020-05: " + flag,
        day("2020-06-08"): "",
    }
    total = query_kpis(path, district="Hisar", kpi="calls_received")
    assert total["quality_flags"].to_list() == ["2020-05: " + flag]
    # A restricted range of April only carries none.
    april = query_kpis(path, date_to=day("2020-04-30"), district="Hisar", kpi="calls_received")
    assert april["quality_flags"].to_list() == [""]


# 6. `jansewa scorecard` defaults to the latest complete month ---------------------------------


def test_jansewa_scorecard_defaults_to_the_latest_complete_month(mini, tmp_path, capsys):
    # The helpline's exports reach 3 May: April is complete, May is not.
    for district in ("Ambala", "Hisar"):
        call(mini, district, "2020-04-10")
        call(mini, district, "2020-05-03", status="open")
    mini.build(weights=reviewed_weights_with(tmp_path / "w.yml"))
    assert record_published_scorecard(mini.con, "snap-1", "v1") == 22  # April only
    path = mini.path
    mini.publish()
    assert main(["scorecard", "--warehouse", str(path)]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {r["period"] for r in rows} == {"2020-04"}
    # April's helpline KPIs need 7 days to mature (30 April + 7 = 7 May, after 3 May): they
    # are provisional, so nobody is scored and nobody is ranked, each with the reason.
    ambala = next(r for r in rows if r["district"] == "Ambala")
    assert (ambala["kpis_scored"], ambala["ranked"], ambala["unranked_reason"]) == (
        "0",
        "false",
        "no KPI scored",
    )
