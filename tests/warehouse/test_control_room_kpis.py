"""Control-room staffing KPIs at their boundaries, worked by hand from DOMAIN.md's rules.

One small warehouse, built once, holds a district per case (4 May 2020 unless said):
  Ambala      answered at exactly 20 s (counts), at 21 s (does not), an abandoned call with
              no Answered At; one 08:00-16:00 shift of 2 operators
  Bhiwani     a night shift 22:00 4 May - 06:00 5 May of 3 operators (crosses midnight)
  Dadri       overlapping shifts 06-14 (4) and 10-18 (2), and 08:30-09:30 (2, half hours)
  Faridabad   calls at 03:00 and 04:00 with no roster at all (rostered 0: understaffed); the
              04:00 call abandoned, so its hour has no handle time of its own
  Hisar       calls from an export without the telephony columns, and a roster: the
              control-room KPIs are empty, not zero
  Gurugram    200 calls in each of two hours, 180 s each, answered at once: Erlang C asks
              for 14 operators (the Call Centre Helper example); 13 rostered at 10:00
              (understaffed), 15 at 11:00 (overstaffed)
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.warehouse.conftest import ts

DAY = "2020-05-04"


def call(wh, district: str, received: str, answered: str | None, ended: str | None, **kw):
    wh.add(
        "helpline_calls",
        district=district,
        call_received_at=ts(received),
        category="general_enquiry",
        status="resolved",
        answered_at=ts(answered) if answered else None,
        call_ended_at=ts(ended) if ended else None,
        **kw,
    )


def shift(wh, district: str, start: str, end: str, operators: int):
    wh.add(
        "control_room_roster",
        district=district,
        helpline="1950",
        shift_start=ts(start),
        shift_end=ts(end),
        operators_on_duty=operators,
    )


@pytest.fixture(scope="module")
def built(mini_module):
    wh = mini_module
    d = DAY
    # Ambala: 20 s exactly, 21 s, abandoned before answer (no Answered At).
    call(wh, "Ambala", f"{d} 10:00:00", f"{d} 10:00:20", f"{d} 10:03:20", abandoned=False)
    call(wh, "Ambala", f"{d} 10:05:00", f"{d} 10:05:21", f"{d} 10:06:21", abandoned=False)
    call(wh, "Ambala", f"{d} 10:10:00", None, f"{d} 10:10:45", abandoned=True)
    shift(wh, "Ambala", f"{d} 08:00", f"{d} 16:00", 2)
    # Bhiwani: a shift across midnight; calls on both days.
    shift(wh, "Bhiwani", f"{d} 22:00", "2020-05-05 06:00", 3)
    call(wh, "Bhiwani", f"{d} 22:30:00", f"{d} 22:30:05", f"{d} 22:32:05", abandoned=False)
    call(wh, "Bhiwani", "2020-05-05 02:30:00", "2020-05-05 02:30:05", "2020-05-05 02:31:45")
    # Charkhi Dadri: overlapping shifts add up; a half-hour overlap counts half.
    shift(wh, "Charkhi Dadri", f"{d} 06:00", f"{d} 14:00", 4)
    shift(wh, "Charkhi Dadri", f"{d} 10:00", f"{d} 18:00", 2)
    shift(wh, "Charkhi Dadri", f"{d} 08:30", f"{d} 09:30", 2)
    call(wh, "Charkhi Dadri", f"{d} 11:00:00", f"{d} 11:00:10", f"{d} 11:02:10", abandoned=False)
    # Faridabad: no roster; 03:00 one answered (100 s) and one abandoned, 04:00 abandoned.
    call(wh, "Faridabad", f"{d} 03:00:00", f"{d} 03:00:30", f"{d} 03:02:10", abandoned=False)
    call(wh, "Faridabad", f"{d} 03:20:00", None, f"{d} 03:21:00", abandoned=True)
    call(wh, "Faridabad", f"{d} 04:10:00", None, f"{d} 04:11:00", abandoned=True)
    # Hisar: an older export (no telephony columns), and a roster.
    call(wh, "Hisar", f"{d} 10:00:00", None, None)
    call(wh, "Hisar", f"{d} 10:30:00", None, None)
    shift(wh, "Hisar", f"{d} 08:00", f"{d} 16:00", 2)
    # Gurugram: 200 calls an hour at 180 s, answered after 5 s.
    for hour, operators in ((10, 13), (11, 15)):
        for i in range(200):
            at = dt.datetime(2020, 5, 4, hour) + dt.timedelta(seconds=18 * i)
            wh.add(
                "helpline_calls",
                district="Gurugram",
                call_received_at=at,
                category="ration",
                status="resolved",
                answered_at=at + dt.timedelta(seconds=5),
                call_ended_at=at + dt.timedelta(seconds=185),
                abandoned=False,
            )
        shift(wh, "Gurugram", f"{d} {hour:02d}:00", f"{d} {hour + 1:02d}:00", operators)
    wh.build()
    return wh


def hour_row(wh, district: str, hour: str) -> dict:
    rows = wh.con.execute(
        "select * from kpi_control_room_hourly where district = ? and hour = ?",
        [district, ts(hour)],
    )
    names = [c[0] for c in rows.description]
    found = rows.fetchall()
    assert len(found) == 1, (district, hour, found)
    return dict(zip(names, found[0], strict=True))


def test_answered_at_exactly_20_seconds_counts_and_21_does_not(built):
    row = hour_row(built, "Ambala", f"{DAY} 10:00")
    assert (row["calls_offered"], row["calls_answered"], row["calls_abandoned"]) == (3, 2, 1)
    assert row["answered_within_20s"] == 1
    assert built.kpi("Ambala", "call_service_level_20s", "day", DAY) == (1, 3, pytest.approx(1 / 3))
    assert built.kpi("Ambala", "call_abandonment_rate", "day", DAY) == (1, 3, pytest.approx(1 / 3))


def test_an_abandoned_call_has_no_handle_time(built):
    # handle time over answered calls only: 180 s + 60 s over 2 calls
    assert built.kpi("Ambala", "call_avg_handle_seconds", "day", DAY) == (240, 2, 120)
    assert built.kpi("Ambala", "calls_abandoned", "day", DAY) == (1, None, 1)
    assert built.kpi("Ambala", "calls_answered", "day", DAY) == (2, None, 2)


def test_per_operator_hour_occupancy_and_staffing_of_one_day(built):
    # 2 operators x 8 hours = 16 operator-hours; 2 calls answered, 240 s of talk
    assert built.kpi("Ambala", "calls_per_operator_hour", "day", DAY) == (2, 16, 0.125)
    assert built.kpi("Ambala", "operator_occupancy", "day", DAY) == (
        240,
        16 * 3600,
        pytest.approx(240 / 57_600),
    )
    # judged hours: the shift's 8 (the calls' hour is one of them); 1 operator needed at
    # 10:00 (3 calls at 120 s), none in the others; 2 on duty in every one: 8 over, 0 under
    assert built.kpi("Ambala", "operators_needed_80_20", "day", DAY) == (1, 8, 0.125)
    assert built.kpi("Ambala", "understaffed_hours", "day", DAY)[0] == 0
    assert built.kpi("Ambala", "overstaffed_hours", "day", DAY)[0] == 8


def test_a_shift_that_crosses_midnight(built):
    for hour in ("2020-05-04 22:00", "2020-05-04 23:00", "2020-05-05 00:00", "2020-05-05 05:00"):
        assert hour_row(built, "Bhiwani", hour)["rostered_operator_hours"] == 3
    # 2 hours on the 4th, 6 on the 5th: the shift's operator-hours fall on the day they work
    assert built.kpi("Bhiwani", "calls_per_operator_hour", "day", DAY) == (
        1,
        6,
        pytest.approx(1 / 6),
    )
    assert built.kpi("Bhiwani", "calls_per_operator_hour", "day", "2020-05-05") == (
        1,
        18,
        pytest.approx(1 / 18),
    )
    assert built.rows(
        "select count(*) from kpi_control_room_hourly where district = 'Bhiwani' "
        "and hour >= '2020-05-05 06:00' and rostered_operator_hours > 0"
    ) == [(0,)]


def test_overlapping_shifts_add_up(built):
    assert hour_row(built, "Charkhi Dadri", f"{DAY} 07:00")["rostered_operator_hours"] == 4
    assert (
        hour_row(built, "Charkhi Dadri", f"{DAY} 08:00")["rostered_operator_hours"] == 5
    )  # 4 + 2 x 1/2
    assert hour_row(built, "Charkhi Dadri", f"{DAY} 09:00")["rostered_operator_hours"] == 5
    assert hour_row(built, "Charkhi Dadri", f"{DAY} 11:00")["rostered_operator_hours"] == 6  # 4 + 2
    assert hour_row(built, "Charkhi Dadri", f"{DAY} 15:00")["rostered_operator_hours"] == 2
    # 4 x 8 + 2 x 8 + 2 x 1 operator-hours in the day
    assert built.kpi("Charkhi Dadri", "calls_per_operator_hour", "day", DAY)[1] == 50


def test_a_room_with_no_roster_is_understaffed_when_calls_come(built):
    three = hour_row(built, "Faridabad", f"{DAY} 03:00")
    assert three["rostered_operator_hours"] == 0
    assert three["operators_needed"] == 1 and three["understaffed"]
    # every call abandoned at 04:00: the day's handle time (100 s) sizes the hour
    four = hour_row(built, "Faridabad", f"{DAY} 04:00")
    assert four["erlang_handle_seconds"] == 100 and four["operators_needed"] == 1
    assert four["understaffed"]
    assert built.kpi("Faridabad", "understaffed_hours", "day", DAY)[0] == 2
    # no operator-hour rostered: calls per operator-hour has no value, not zero
    assert built.kpi("Faridabad", "calls_per_operator_hour", "day", DAY) == (1, 0, None)


def test_exports_without_telephony_leave_the_kpis_empty(built):
    assert built.kpi("Hisar", "calls_received", "day", DAY)[0] == 2
    for kpi in (
        "calls_offered",
        "call_service_level_20s",
        "call_abandonment_rate",
        "calls_per_operator_hour",
        "operators_needed_80_20",
        "understaffed_hours",
    ):
        assert built.kpi("Hisar", kpi, "day", DAY) is None, kpi
        assert built.kpi("Hisar", kpi, "month", "2020-05-01") is None, kpi
    row = hour_row(built, "Hisar", f"{DAY} 10:00")
    assert (row["measured"], row["calls_received"], row["calls_offered"]) == (False, 2, None)
    assert row["rostered_operator_hours"] == 2 and row["operators_needed"] is None


def test_erlang_c_sizes_the_hour_and_judges_the_roster(built):
    ten, eleven = (hour_row(built, "Gurugram", f"{DAY} {h}:00") for h in (10, 11))
    assert ten["erlang_handle_seconds"] == 180 and ten["operators_needed"] == 14
    assert ten["understaffed"] and not ten["overstaffed"]  # 13 < 14
    assert eleven["overstaffed"] and not eleven["understaffed"]  # 15 > 14
    assert built.kpi("Gurugram", "operators_needed_80_20", "day", DAY) == (28, 2, 14)
    assert built.kpi("Gurugram", "call_service_level_20s", "day", DAY)[2] == 1


def test_days_roll_up_to_the_month_and_the_state_by_sums(built):
    month = built.kpi("Bhiwani", "calls_per_operator_hour", "month", "2020-05-01")
    assert month == (2, 24, pytest.approx(2 / 24))
    state = built.kpi("Haryana", "call_service_level_20s", "day", DAY)
    # Ambala 1/3, Bhiwani 1/1, Dadri 1/1, Faridabad 0/3, Gurugram 400/400 (Hisar not measured)
    assert state[:2] == (403, 408)
