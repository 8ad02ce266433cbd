"""Fair rankings, on small hand-made warehouses: too few cases against many, a district
scored on too few KPIs listed but not ranked, improvement ranked only between months both
ranked, quality flags that agree with kpi_data_quality, and `jansewa scorecard`'s default
month. Complete periods and mature cohorts: test_fair_comparisons.py."""

from __future__ import annotations

import csv
import io

import pytest

from jansewa.cli import main
from tests.warehouse.conftest import day, reviewed_weights_with, ts
from tests.warehouse.test_fair_comparisons import call
from tests.warehouse.test_kpi_values import one_of_each_source
from warehouse.kpis import query_kpis
from warehouse.scorecard import record_published_scorecard

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
