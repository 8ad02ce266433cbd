"""The `alerts` table's lifecycle (opened once, kept open, closed, reopened, closed when the
rule changes) and the rules file's checks, on the e-Office warehouse below target
(tests/warehouse/alert_cases.py)."""

from __future__ import annotations

import pytest

from tests.warehouse.alert_cases import NO_NEAR, T1, T2, T3, T4, below_target_warehouse, rule
from tests.warehouse.conftest import day
from warehouse.alerts.evaluate import evaluate_alerts
from warehouse.alerts.lifecycle import read_table, write_alerts
from warehouse.alerts.rules import ALERTS_FILE, AlertRulesError, load_rules
from warehouse.alerts.update import update_alerts


@pytest.fixture
def below_target(mini):
    return below_target_warehouse(mini)


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
