"""The district scorecard on four districts, ranked by hand; the append-only history."""

from __future__ import annotations

import pytest

from tests.warehouse.conftest import day, ts
from warehouse.reference_files import load_scorecard_weights
from warehouse.scorecard import published_scorecard, record_published_scorecard
from warehouse.snapshot import connect_snapshot

WEIGHTS = """
kpis:
  call_resolution_rate: {weight: 2, direction: higher}
  rts_score: {weight: 1, direction: higher}
  grievance_pending_over_30d_share: {weight: 1, direction: lower}
"""
AS_OF = day("2020-07-31")  # every pending grievance of April and May is over 30 days old


def calls(wh, district, month, resolved, unresolved):
    for i in range(resolved + unresolved):
        wh.add(
            "helpline_calls",
            district=district,
            call_received_at=ts(f"{month}-10 10:00"),
            category="ration",
            status="resolved" if i < resolved else "open",
        )


def late_call(wh, district, when):
    wh.add(
        "helpline_calls",
        district=district,
        call_received_at=ts(f"{when} 10:00"),
        category="ration",
        status="resolved",
    )


def txn(wh, district, month, minutes):
    wh.add(
        "service_transactions",
        district=district,
        centre="C",
        department="D",
        service="S",
        token_issued_at=ts(f"{month}-10 10:00"),
        service_completed_at=ts(f"{month}-10 {10 + minutes // 60:02d}:{minutes % 60:02d}"),
        status="delivered",
    )


def grievances(wh, district, month, disposed, pending):
    for i in range(disposed + pending):
        wh.add(
            "grievances",
            district=district,
            channel="cm_window",
            department="D",
            received_on=ts(f"{month}-10 10:00"),
            status="disposed" if i < disposed else "pending",
        )


def april_and_may(wh):
    # April.                      resolution  rts        pending share
    calls(wh, "Ambala", "2020-04", 1, 1)  # 0.5
    calls(wh, "Hisar", "2020-04", 1, 0)  # 1.0
    calls(wh, "Karnal", "2020-04", 0, 1)  # 0.0
    calls(wh, "Rohtak", "2020-04", 1, 0)  # 1.0
    txn(wh, "Ambala", "2020-04", 20)  #               10
    txn(wh, "Hisar", "2020-04", 40)  #                5
    txn(wh, "Karnal", "2020-04", 60)  #               0
    grievances(wh, "Ambala", "2020-04", 1, 0)  #                 0.0
    grievances(wh, "Hisar", "2020-04", 1, 1)  #                  0.5
    # May.
    calls(wh, "Ambala", "2020-05", 1, 0)  # 1.0
    calls(wh, "Hisar", "2020-05", 0, 1)  # 0.0
    calls(wh, "Karnal", "2020-05", 1, 0)  # 1.0
    calls(wh, "Rohtak", "2020-05", 1, 1)  # 0.5
    txn(wh, "Ambala", "2020-05", 30)  #               10
    txn(wh, "Hisar", "2020-05", 50)  #                0
    txn(wh, "Karnal", "2020-05", 10)  #               10
    grievances(wh, "Ambala", "2020-05", 1, 0)  #                 0.0
    grievances(wh, "Hisar", "2020-05", 0, 1)  #                  1.0
    grievances(wh, "Karnal", "2020-05", 1, 0)  #                 0.0


@pytest.fixture
def scored(mini, tmp_path):
    weights = tmp_path / "weights.yml"
    weights.write_text(WEIGHTS)
    april_and_may(mini)
    mini.build(as_of=AS_OF, weights=weights)
    mini.weights = weights
    return mini


def card(wh, period_start):
    return {
        r[0]: r[1:]
        for r in wh.rows(
            "select district, composite_index, composite_rank, previous_rank, rank_change, "
            "kpis_scored, kpis_missing from kpi_scorecard where grain = 'month' "
            "and period_start = ? and composite_index is not null",
            [day(period_start)],
        )
    }


def test_scaling_and_direction(scored):
    scaled = dict(
        scored.rows(
            "select district || ' ' || kpi, scaled_score from kpi_scorecard_components "
            "where grain = 'month' and period_start = ? and value is not null",
            [day("2020-04-01")],
        )
    )
    # resolution (higher): min 0 (Karnal), max 1 -> Ambala 0.5 scores 50.
    assert scaled["Ambala call_resolution_rate"] == 50
    assert scaled["Karnal call_resolution_rate"] == 0
    assert scaled["Rohtak call_resolution_rate"] == 100
    # rts (higher): 10 / 5 / 0 -> 100 / 50 / 0.
    assert scaled["Hisar rts_score"] == 50
    # pending share (lower is better): Ambala 0 -> 100, Hisar 0.5 -> 0.
    assert scaled["Ambala grievance_pending_over_30d_share"] == 100
    assert scaled["Hisar grievance_pending_over_30d_share"] == 0


def test_april_composite_and_rank_by_hand(scored):
    april = card(scored, "2020-04-01")
    # Ambala (2*50 + 100 + 100) / 4 = 75; Hisar (2*100 + 50 + 0) / 4 = 62.5;
    # Karnal (2*0 + 0) / 3 = 0 (no grievances: weights re-normalised over 3);
    # Rohtak 2*100 / 2 = 100 (resolution only).
    assert april == {
        "Rohtak": (100.0, 1, None, None, 1, "grievance_pending_over_30d_share,rts_score"),
        "Ambala": (75.0, 2, None, None, 3, ""),
        "Hisar": (62.5, 3, None, None, 3, ""),
        "Karnal": (0.0, 4, None, None, 2, "grievance_pending_over_30d_share"),
    }


def test_may_ties_share_the_better_rank_and_rank_change(scored):
    may = card(scored, "2020-05-01")
    # Ambala and Karnal best on all three -> 100, tied at rank 1; Rohtak 50 (resolution 0.5
    # between 0 and 1) -> 3; Hisar worst on all -> 0 -> 4.
    # rank_change = previous - current: Ambala 2->1 (+1), Karnal 4->1 (+3), Rohtak 1->3 (-2),
    # Hisar 3->4 (-1).
    assert may == {
        "Ambala": (100.0, 1, 2, 1, 3, ""),
        "Karnal": (100.0, 1, 4, 3, 3, ""),
        "Rohtak": (50.0, 3, 1, -2, 1, "grievance_pending_over_30d_share,rts_score"),
        "Hisar": (0.0, 4, 3, -1, 3, ""),
    }


def test_district_without_data_is_marked_not_zero(scored):
    row = scored.rows(
        "select composite_index, composite_rank, kpis_scored, kpis_missing from kpi_scorecard "
        "where grain = 'month' and period_start = ? and district = 'Sirsa'",
        [day("2020-04-01")],
    )
    assert row == [
        (None, None, 0, "call_resolution_rate,grievance_pending_over_30d_share,rts_score")
    ]
    missing = scored.rows(
        "select value, scaled_score from kpi_scorecard_components where grain = 'month' "
        "and period_start = ? and district = 'Rohtak' and kpi = 'rts_score'",
        [day("2020-04-01")],
    )
    assert missing == [(None, None)]


def test_composite_in_kpi_values_at_month_and_total(scored):
    assert scored.kpi("Rohtak", "composite_rank", "month", "2020-04-01") == (None, None, 1)
    assert scored.kpi("Ambala", "composite_index", "month", "2020-04-01") == (None, None, 75)
    # Total (10 Apr - 10 May): resolution Ambala 2/3, Hisar 1/2, Karnal 1/2, Rohtak 2/3;
    # rts Ambala 10, Hisar 2.5, Karnal 5; pending share Ambala 0, Hisar 2/3, Karnal 0.
    # Scaled: resolution A 100, H 0, K 0, R 100; rts A 100, H 0, K 100/3; pending A 100,
    # H 0, K 100. Composite A 100, H 0, K (0 + 100/3 + 100) / 4 = 33.33, R 100.
    total = dict(
        scored.rows(
            "select district, value from kpi_values where grain = 'total' and kpi = ?",
            ["composite_rank"],
        )
    )
    assert total == {"Ambala": 1, "Rohtak": 1, "Karnal": 3, "Hisar": 4}
    assert scored.kpi("Karnal", "composite_index", "total")[2] == pytest.approx(100 / 3)


def test_reviewed_weights_file_is_valid_and_scores_rates():
    rows = load_scorecard_weights()
    assert {direction for _, _, direction in rows} == {"higher", "lower"}
    assert all(weight > 0 for _, weight, _ in rows)


def test_weights_must_name_rate_kpis(mini, tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("kpis:\n  calls_received: {weight: 1, direction: higher}\n")
    with pytest.raises(ValueError, match="calls_received"):
        mini.build(weights=bad)
    bad.write_text("kpis:\n  rts_score: {weight: 0, direction: higher}\n")
    with pytest.raises(ValueError, match="weight"):
        mini.build(weights=bad)


def test_history_keeps_first_published_ranks(scored):
    # The data reach 10 May: April is complete, May in progress and not frozen yet.
    assert record_published_scorecard(scored.con, "snap-1", "v1") == 22
    # Late data: three more open April calls in Rohtak (resolution 1/4 -> scaled 25): its
    # live April rank falls from 1 to 3 ...
    calls(scored, "Rohtak", "2020-04", 0, 3)
    scored.build(as_of=AS_OF, weights=scored.weights)
    assert card(scored, "2020-04-01")["Rohtak"][:2] == (25.0, 3)
    # ... but the recorded April stays; May is added once the data reach 31 May, June once
    # they reach 30 June.
    assert record_published_scorecard(scored.con, "snap-2", "v2") == 0
    late_call(scored, "Karnal", "2020-05-31")
    scored.build(as_of=AS_OF, weights=scored.weights)
    assert record_published_scorecard(scored.con, "snap-2b", "v2") == 22
    calls(scored, "Ambala", "2020-06", 1, 0)
    scored.build(as_of=AS_OF, weights=scored.weights)
    assert record_published_scorecard(scored.con, "snap-3", "v3") == 0  # 10 June: in progress
    late_call(scored, "Ambala", "2020-06-30")
    scored.build(as_of=AS_OF, weights=scored.weights)
    assert record_published_scorecard(scored.con, "snap-4", "v4") == 22
    scored.publish()

    april = published_scorecard(scored.path, "2020-04")
    top = april.row(0, named=True)
    assert (top["district"], top["composite_rank"], top["snapshot_id"]) == ("Rohtak", 1, "snap-1")
    karnal = april.filter(april["district"] == "Karnal").row(0, named=True)
    assert (karnal["composite_rank"], karnal["code_version"]) == (4, "v1")
    # Karnal was scored on resolution and rts (no grievances) of the 3 KPIs: ranked.
    assert (karnal["kpis_scored"], karnal["kpis_total"], karnal["ranked"]) == (2, 3, True)
    assert karnal["unranked_reason"] is None
    assert published_scorecard(scored.path, "2020-06")["snapshot_id"][0] == "snap-4"
    with connect_snapshot(scored.path) as con:
        hashes = con.execute("select count(distinct weights_hash) from scorecard_history")
        assert hashes.fetchall()[0][0] == 1
    with pytest.raises(ValueError, match="2021-01"):
        published_scorecard(scored.path, "2021-01")
