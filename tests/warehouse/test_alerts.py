"""Alert rules on warehouses small enough to work out by hand, one kind at a time, then the
lifecycle of the `alerts` table (opened once, kept, closed, reopened) and the rules file's
checks. Each warehouse is a real DuckDB file built by the mart models (`mini`)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.warehouse.conftest import day, ts
from warehouse.alerts.evaluate import evaluate_alerts
from warehouse.alerts.lifecycle import read_table, write_alerts
from warehouse.alerts.rules import ALERTS_FILE, AlertRulesError, Rule, load_rules
from warehouse.alerts.update import update_alerts

T1, T2, T3, T4 = (dt.datetime(2020, 8, d, 9, 0) for d in (1, 2, 3, 4))


def rule(kind: str, rule_id: str = "r", severity: str = "warning", **params) -> list[Rule]:
    """One rule of ``kind`` as the rules file would give it (defaults filled in)."""
    return [Rule(rule_id, kind, severity, params)]


def figures(row: dict) -> dict:
    return json.loads(row["figures"])


def by_district(rows: list[dict]) -> dict[str, dict]:
    return {r["district"]: r for r in rows}


def eoffice(wh, district: str, when: str, electronic: int, physical: int) -> None:
    for i in range(electronic + physical):
        wh.add(
            "eoffice_files",
            district=district,
            office="DC office",
            created_on=day(when),
            mode="electronic" if i < electronic else "physical",
        )


# kpi_below_target ------------------------------------------------------------------------


@pytest.fixture
def below_target(mini):
    """e-Office electronic share (target 0.8, higher, final as soon as complete), by month.
    The exports reach 15 June: March-May are final, June is partial.
      Jhajjar  0.5  0.5  0.5  | 0.5   missed every month (0.5 / 0.8 = 0.625 < 0.9)
      Rohtak   0.5  0.5  1.0  | 0.5   met in May: the run is broken
      Sonipat  0.75 0.75 0.75 | 0.75  near (0.9375 >= 1 - 0.10) every month"""
    for month in ("03", "04", "05", "06"):
        eoffice(mini, "Jhajjar", f"2020-{month}-01", 1, 1)
        eoffice(mini, "Rohtak", f"2020-{month}-01", *((2, 0) if month == "05" else (1, 1)))
        eoffice(mini, "Sonipat", f"2020-{month}-01", 3, 1)
    eoffice(mini, "Jhajjar", "2020-06-15", 1, 1)
    mini.build()
    return mini


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


NO_NEAR = {"kpis": None, "include_near": False}


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
    rows = {
        (r["district"], json.loads(r["figures"])["source"]): r
        for r in evaluate_alerts(mini.con, flags)
    }
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


# the lifecycle ---------------------------------------------------------------------------


def test_opened_once_kept_open_closed_and_reopened(below_target):
    con = below_target.con
    rules = rule("kpi_below_target", "below", periods=3, **NO_NEAR)
    holding = evaluate_alerts(con, rules)
    key = "below|Jhajjar|2020-03-01|eoffice_electronic_share"

    first = write_alerts(con, holding, T1)
    assert (first.opened, first.kept, first.closed, first.open) == (1, 0, 0, 1)
    (row,) = read_table(con)
    assert (row["alert_key"], row["status"], row["opened_at"], row["closed_at"]) == (
        key,
        "open",
        T1,
        None,
    )

    # The same evaluation again changes nothing; a later one keeps opened_at.
    again = write_alerts(con, holding, T1)
    assert read_table(con) == [row] and (again.opened, again.kept) == (0, 1)
    write_alerts(con, evaluate_alerts(con, rules), T2)
    (kept,) = read_table(con)
    assert (kept["opened_at"], kept["last_seen_at"], kept["status"]) == (T1, T2, "open")
    assert {k: v for k, v in kept.items() if k != "last_seen_at"} == {
        k: v for k, v in row.items() if k != "last_seen_at"
    }

    # The data clears (as a corrected export would make it): Jhajjar's May files were
    # both moved electronically, so May meets the target and the run is broken.
    may = [day("2020-05-01")]
    con.execute(
        "update stg_eoffice_files_versions set mode = 'electronic' "
        "where district = 'Jhajjar' and created_on = ?",
        may,
    )
    below_target.build()
    cleared = write_alerts(con, evaluate_alerts(con, rules), T3)
    assert (cleared.closed, cleared.open) == (1, 0)
    (closed,) = read_table(con)
    assert (closed["status"], closed["opened_at"], closed["closed_at"]) == ("closed", T1, T3)

    # It breaks again with the same key (the same first month): the row is reopened.
    con.execute(
        "update stg_eoffice_files_versions set mode = 'physical' where file_no = (select min(file_no) "
        "from stg_eoffice_files where district = 'Jhajjar' and created_on = ?)",
        may,
    )
    below_target.build()
    write_alerts(con, evaluate_alerts(con, rules), T4)
    (reopened,) = read_table(con)
    assert (reopened["status"], reopened["opened_at"], reopened["closed_at"]) == ("open", T4, None)


def test_a_changed_threshold_closes_the_alert(below_target, tmp_path):
    wh = below_target.path
    rules_file = tmp_path / "alerts.yml"
    rules_file.write_text(
        "rules:\n  - {id: below, kind: kpi_below_target, severity: warning, periods: 3}\n"
    )
    update_alerts(below_target.con, wh, load_rules(rules_file), T1)
    assert [r["status"] for r in read_table(below_target.con)] == ["open"]
    rules_file.write_text(rules_file.read_text().replace("periods: 3", "periods: 4"))
    written = update_alerts(below_target.con, wh, load_rules(rules_file), T2)
    assert (written.closed, written.open) == (1, 0)
    assert [(r["status"], r["closed_at"]) for r in read_table(below_target.con)] == [("closed", T2)]


# the rules file --------------------------------------------------------------------------


def test_the_reviewed_rules_load_with_one_rule_of_every_kind():
    rules = load_rules(ALERTS_FILE)
    assert {r.kind for r in rules} == {
        "kpi_below_target",
        "rank_drop",
        "overdue_growth",
        "data_quality",
        "stale_source",
        "refresh_failed",
    }
    overdue = next(r for r in rules if r.kind == "overdue_growth")
    assert overdue.params["kpis"] == ["rts_overdue_pending", "grievance_pending_over_30d"]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("{id: drop, kind: rank_drop, severity: warning}", "rule drop: rank_drop needs places"),
        (
            "{id: drop, kind: rank_drop, severity: warning, places: five}",
            "rule drop: places must be an integer >= 1, got 'five'",
        ),
        ("{id: drop, kind: rank_fall, severity: warning, places: 5}", "rule drop: kind must be"),
        ("{id: drop, kind: rank_drop, severity: high, places: 5}", "rule drop: severity must be"),
        (
            "{id: drop, kind: rank_drop, severity: warning, places: 5, days: 3}",
            "rule drop: unknown parameter(s) for rank_drop: days",
        ),
        (
            "{id: low, kind: kpi_below_target, severity: warning, periods: 3, kpis: [calls_received]}",
            "rule low: kpis must be a list of KPIs with a target",
        ),
        (
            "{id: up, kind: overdue_growth, severity: warning, growth_pct: 0, min_count: 5}",
            "rule up: growth_pct must be a number > 0",
        ),
        ("{id: Bad-Id, kind: rank_drop, severity: warning}", "rule #1: id must be"),
    ],
)
def test_a_bad_rule_is_refused_in_one_line_naming_it(tmp_path, entry, message):
    path = tmp_path / "alerts.yml"
    path.write_text(f"rules:\n  - {entry}\n", encoding="utf-8")
    with pytest.raises(AlertRulesError) as error:
        load_rules(path)
    assert str(error.value).startswith("alerts.yml: ") and message in str(error.value)
    assert "\n" not in str(error.value)


def test_a_rule_id_used_twice_is_refused(tmp_path):
    path = tmp_path / "alerts.yml"
    path.write_text(
        "rules:\n  - {id: f, kind: refresh_failed, severity: critical}\n"
        "  - {id: f, kind: refresh_failed, severity: warning}\n"
    )
    with pytest.raises(AlertRulesError, match="rule f: the id is used twice"):
        load_rules(path)
