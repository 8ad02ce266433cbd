"""The published figures of DOMAIN.md, counted back from the written files by an independent
reader (tests/generate/reader.py): valid rows only, newest export of each record winning."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from pipelines.generate import generate_exports
from tests.generate.reader import final_records

CUTOFF = dt.date(2020, 5, 28)
FROM = ("helpline_calls", "movement_passes", "relief_beneficiaries", "relief_payments")


def figures(out):
    calls = final_records(out, "helpline_calls")
    jhajjar = [
        r
        for r in calls.values()
        if r["district"] == "Jhajjar" and r["call_received_at"].date() <= CUTOFF
    ]
    gurugram = [
        r
        for r in calls.values()
        if r["district"] == "Gurugram" and r["call_received_at"].date() <= CUTOFF
    ]
    passes = [
        r
        for r in final_records(out, "movement_passes").values()
        if r["district"] == "Jhajjar" and r["applied_on"].date() <= CUTOFF
    ]
    eligible = {
        k
        for k, r in final_records(out, "relief_beneficiaries").items()
        if r["district"] == "Jhajjar"
        and r["registered_on"] <= CUTOFF
        and r["eligibility"] == "eligible"
    }
    paid = {
        r["beneficiary_id"]
        for r in final_records(out, "relief_payments").values()
        if r["paid_on"] is not None
    }
    return {
        "jhajjar_calls": len(jhajjar),
        "jhajjar_categories": dict(Counter(r["category"] for r in jhajjar)),
        "gurugram_calls": len(gurugram),
        "jhajjar_passes": len(passes),
        "jhajjar_approved": sum(r["status"] == "approved" for r in passes),
        "jhajjar_eligible": len(eligible),
        "jhajjar_paid": len(eligible & paid),
    }


PUBLISHED = {
    "jhajjar_calls": 5_195,
    "jhajjar_categories": {
        "food_not_received": 3_888,
        "covid_prevention": 64,
        "ration": 75,
        "law_and_order": 90,
        "other_essentials": 1_078,
    },
    "gurugram_calls": 103_515,
    "jhajjar_passes": 28_629,
    "jhajjar_approved": 8_304,
    "jhajjar_eligible": 5_120,
    "jhajjar_paid": 3_164,
}


def test_published_figures_hold_after_cleaning(demo):
    out, _ = demo
    assert figures(out) == PUBLISHED


@pytest.mark.slow
def test_another_seed_changes_the_data_but_not_the_figures(tmp_path, demo):
    summary = generate_exports(tmp_path, scale="demo", seed=7)
    assert figures(tmp_path) == PUBLISHED
    assert summary.rows_per_source != demo[1].rows_per_source


@pytest.mark.slow(seconds=150)
def test_shortened_state_year_keeps_the_figures(tmp_path):
    """The state-year volume model on its first ~10 weeks (an internal ``days`` parameter),
    for the four sources the published figures come from."""
    summary = generate_exports(tmp_path, scale="state-year", seed=2020, days=70, sources=FROM)
    assert figures(tmp_path) == PUBLISHED
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(FROM)
    assert summary.rows_per_source["helpline_calls"] > 1_000_000  # state-year volumes


def test_a_source_written_alone_is_the_same_bytes(tmp_path):
    generate_exports(tmp_path / "all", scale="demo", seed=11)
    generate_exports(tmp_path / "one", scale="demo", seed=11, sources=("grievances",))
    one = sorted((tmp_path / "one" / "grievances").iterdir())
    assert one and [p.read_bytes() for p in one] == [
        (tmp_path / "all" / "grievances" / p.name).read_bytes() for p in one
    ]


def _on_duty_by_hour(rows) -> dict[dt.datetime, int]:
    """Operators on duty in each clock hour a room's shifts cover (overlapping shifts add
    up; a shift ending at midnight or later counts in the next day's hours)."""
    on_duty: Counter = Counter()
    for r in rows:
        hour = r["shift_start"].replace(minute=0, second=0)
        while hour < r["shift_end"]:
            on_duty[hour] += int(r["operators_on_duty"])
            hour += dt.timedelta(hours=1)
    return on_duty


def test_published_rosters(demo):
    """DOMAIN.md: Jhajjar's control room had 8 computer operators per shift by roster, plus a
    clerk and officers of police, health and food supply; Gurugram's 40 operators, 24x7
    (the lockdown). Counted from the written roster files, to 28 May."""
    out, _ = demo
    rows = [
        r
        for r in final_records(out, "control_room_roster").values()
        if r["shift_start"].date() <= CUTOFF
    ]
    jhajjar = [r for r in rows if r["district"] == "Jhajjar"]
    assert jhajjar and {r["operators_on_duty"] for r in jhajjar} == {8}
    for r in jhajjar:
        staff = r["other_staff"].lower()
        assert all(word in staff for word in ("clerk", "police", "health", "food supply"))
    shifts_per_day = Counter(r["shift_start"].date() for r in jhajjar)
    assert set(shifts_per_day.values()) == {3}  # three 8-hour shifts: round the clock
    gurugram = _on_duty_by_hour(r for r in rows if r["district"] == "Gurugram")
    first = min(gurugram)  # the exports begin with the morning shift of 23 March
    hours = [
        first + dt.timedelta(hours=h)
        for h in range(int((dt.datetime(2020, 5, 29) - first).total_seconds()) // 3600)
    ]
    assert {gurugram[h] for h in hours} == {40}  # every hour of every day: 24x7
