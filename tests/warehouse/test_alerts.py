"""Alert rules on warehouses small enough to work out by hand, one kind at a time. Each
warehouse is a real DuckDB file built by the mart models (`mini`). The `alerts` table's
lifecycle and the rules file's checks: test_alert_lifecycle.py."""

from __future__ import annotations

import pytest

from tests.warehouse.alert_cases import (
    NO_NEAR,
    below_target_warehouse,
    by_district,
    eoffice,
    figures,
    rule,
)
from tests.warehouse.conftest import day, ts
from warehouse.alerts.evaluate import evaluate_alerts

# kpi_below_target ------------------------------------------------------------------------


@pytest.fixture
def below_target(mini):
    return below_target_warehouse(mini)


def test_below_target_for_k_final_months_and_never_a_partial_one(below_target):
    status = below_target.rows(
        "select period_start, status from kpi_period_status where grain = 'month' "
        "and kpi = 'eoffice_electronic_share' order by 1"
    )
    assert [s for _, s in status] == ["final", "final", "final", "partial"]

    rows = evaluate_alerts(below_target.con, rule("kpi_below_target", periods=3, **NO_NEAR))
    assert [r["district"] for r in rows] == ["Jhajjar"]  # Rohtak met May; Sonipat is near
    (jhajjar,) = rows
    assert jhajjar["alert_key"] == "r|Jhajjar|2020-03-01|eoffice_electronic_share"
    assert jhajjar["period_start"] == day("2020-03-01")  # the first month of the run
    assert jhajjar["kpi"] == "eoffice_electronic_share"
    assert figures(jhajjar) == {
        "value": 0.5,
        "target": 0.8,
        "direction": "higher",
        "status": "missed",
        "periods": 3,
        "from": "2020-03-01",
        "to": "2020-05-01",
    }
    assert jhajjar["page"] == "/district?district=Jhajjar&grain=month&period=2020-05-01"

    # Four months are asked for; June is below target too, but partial: it does not count.
    assert evaluate_alerts(below_target.con, rule("kpi_below_target", periods=4, **NO_NEAR)) == []


def test_near_counts_only_when_the_rule_says_so(below_target):
    near = {"kpis": ["eoffice_electronic_share"], "include_near": True}
    rows = evaluate_alerts(below_target.con, rule("kpi_below_target", periods=3, **near))
    assert sorted(r["district"] for r in rows) == ["Jhajjar", "Sonipat"]
    assert figures(by_district(rows)["Sonipat"])["status"] == "near"


# rank_drop -------------------------------------------------------------------------------

RANK_WEIGHTS = "kpis:\n  eoffice_electronic_share: {weight: 1, direction: higher}\n"
OTHERS = {"Ambala": 19, "Hisar": 17, "Karnal": 15, "Rohtak": 13, "Sirsa": 11, "Panipat": 9}


@pytest.fixture
def ranked(mini, tmp_path):
    """Seven districts ranked on one KPI in May and June (both final by 31 July). The six
    others keep their share (of 20 files, on one day): 0.95, 0.85, 0.75, 0.65, 0.55, 0.45,
    ranks 2-7 in May. Jhajjar is first in May (1.0, one day: range 1-1) and 0.5 in June:
    sixth, a fall of 5 places. How wide June's range is depends on its days (below)."""
    weights = tmp_path / "weights.yml"
    weights.write_text(RANK_WEIGHTS, encoding="utf-8")
    for district, electronic in OTHERS.items():
        for month in ("05", "06"):
            eoffice(mini, district, f"2020-{month}-01", electronic, 20 - electronic)
    eoffice(mini, "Jhajjar", "2020-05-01", 20, 0)

    def build(june_days: list[tuple[str, int, int]]):
        for when, electronic, physical in june_days:
            eoffice(mini, "Jhajjar", when, electronic, physical)
        mini.build(as_of=day("2020-07-31"), weights=weights)
        return mini

    return build


def test_a_rank_drop_outside_the_noise_is_an_alert(ranked):
    wh = ranked([("2020-06-01", 10, 10)])  # one day at 0.5: June's range is 6-6
    rows = evaluate_alerts(wh.con, rule("rank_drop", places=5))
    assert [(r["district"], r["period_start"], r["kpi"]) for r in rows] == [
        ("Jhajjar", day("2020-06-01"), "composite_rank")
    ]
    assert figures(rows[0]) == {
        "rank_from": 1,
        "rank_to": 6,
        "range_from": [1, 1],
        "range_to": [6, 6],
        "month_from": "2020-05-01",
    }
    assert rows[0]["alert_key"] == "r|Jhajjar|2020-06-01|"
    assert evaluate_alerts(wh.con, rule("rank_drop", places=6)) == []  # 5 places < 6


def test_a_rank_drop_inside_overlapping_ranges_is_not(ranked):
    # June at 0.5 again, but from a day at 1.0 and a day at 0.0: resampling the two days
    # gives 1.0 (first) or 0.0 (last) a quarter of the time each, so June's range is 1-7,
    # which overlaps May's 1-1: the fall cannot be told from noise.
    wh = ranked([("2020-06-01", 10, 0), ("2020-06-02", 0, 10)])
    card = wh.rows(
        "select s.composite_rank, r.rank_low, r.rank_high from kpi_scorecard as s "
        "join kpi_scorecard_rank_ranges as r using (grain, period_start, district) "
        "where s.grain = 'month' and s.district = 'Jhajjar' order by s.period_start"
    )
    assert card == [(1, 1, 1), (6, 1, 7)]
    assert evaluate_alerts(wh.con, rule("rank_drop", places=5)) == []


# overdue_growth --------------------------------------------------------------------------


def pending_grievances(wh, district: str, when: str, count: int) -> None:
    for _ in range(count):
        wh.add(
            "grievances",
            district=district,
            channel="cm_window",
            department="Revenue",
            received_on=ts(when),
            status="pending",
        )


def test_overdue_growth_needs_the_growth_and_the_minimum_count(mini):
    # Pending over 30 days on 31 July, by month of receipt (May, June: both final):
    #   Jhajjar 20 -> 30  +50 %              alert
    #   Rohtak   1 ->  2  +100 %, but 2 < 20  no alert
    #   Sonipat  0 -> 25  from none           alert (growth not a number)
    #   Panipat 24 -> 29  +20.8 % < 25 %      no alert
    for district, may, june in (
        ("Jhajjar", 20, 30),
        ("Rohtak", 1, 2),
        ("Sonipat", 0, 25),
        ("Panipat", 24, 29),
    ):
        pending_grievances(mini, district, "2020-05-05 10:00", may)
        pending_grievances(mini, district, "2020-06-05 10:00", june)
    mini.build(as_of=day("2020-07-31"))
    params = {"kpis": ["grievance_pending_over_30d"], "growth_pct": 25, "min_count": 20}
    rows = by_district(evaluate_alerts(mini.con, rule("overdue_growth", **params)))
    assert sorted(rows) == ["Jhajjar", "Sonipat"]
    assert figures(rows["Jhajjar"]) == {
        "value": 30,
        "previous": 20,
        "growth_pct": 50.0,
        "month_from": "2020-05-01",
        "min_count": 20,
    }
    assert figures(rows["Sonipat"])["growth_pct"] is None
    assert rows["Jhajjar"]["alert_key"] == "r|Jhajjar|2020-06-01|grievance_pending_over_30d"
    # With a lower minimum, Rohtak's 1 -> 2 is an alert too: the minimum is what keeps it quiet.
    low = evaluate_alerts(mini.con, rule("overdue_growth", **{**params, "min_count": 2}))
    assert "Rohtak" in by_district(low)


# data_quality and stale_source -----------------------------------------------------------


def calls_on(wh, district: str, days: range, month: str = "06") -> None:
    for d in days:
        wh.add(
            "helpline_calls",
            district=district,
            call_received_at=ts(f"2020-{month}-{d:02d} 10:00"),
            category="ration",
            status="resolved",
        )


def test_data_quality_flags_of_the_latest_month_and_stale_sources(mini):
    # Calls: Jhajjar every day to 20 June, Rohtak until 1 June (19 days behind: stale).
    # Grievances: Jhajjar until 1 June; the newest record anywhere is 20 June.
    calls_on(mini, "Jhajjar", range(1, 21))
    calls_on(mini, "Rohtak", range(1, 2))
    pending_grievances(mini, "Jhajjar", "2020-06-01 10:00", 1)
    mini.build()
    flags = rule("data_quality", flags=["stale"], scored_sources_only=True)
    rows = {(r["district"], figures(r)["source"]): r for r in evaluate_alerts(mini.con, flags)}
    rohtak = rows[("Rohtak", "helpline_calls")]
    assert rohtak["period_start"] == day("2020-06-01")
    assert rohtak["alert_key"] == "r|Rohtak|2020-06-01|helpline_calls"
    assert figures(rohtak)["reasons"] == ["stale: helpline_calls (no records for 19 days)"]
    assert figures(rohtak)["stale_days"] == 19
    assert ("Jhajjar", "helpline_calls") not in rows  # up to date
    assert ("Jhajjar", "grievances") not in rows  # only source of its kind: not behind itself
    # the 20 districts without a single call are flagged too ("no records")
    assert sum(source == "helpline_calls" for _, source in rows) == 21
    assert (
        evaluate_alerts(
            mini.con, rule("data_quality", flags=["quarantined"], scored_sources_only=True)
        )
        == []
    )

    (stale,) = evaluate_alerts(mini.con, rule("stale_source", "s", "critical", days=7))
    assert (stale["district"], stale["period_start"], stale["kpi"]) == ("Haryana", None, None)
    assert stale["alert_key"] == "s|Haryana||grievances"
    assert figures(stale) == {
        "source": "grievances",
        "last_event_day": "2020-06-01",
        "as_of": "2020-06-20",
        "days_behind": 19,
        "days": 7,
    }
    assert stale["severity"] == "critical" and stale["page"] == "/quality"
    assert evaluate_alerts(mini.con, rule("stale_source", days=19)) == []  # 19 is not > 19
