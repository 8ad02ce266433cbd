"""The control-room queries (dashboards/data/control_room_queries.py) worked out by hand: on
a tiny hourly mart written here, and on the dashboard warehouse (stg_warehouse.py: every
call has telephony, every room three 8-hour shifts of 1-3 operators) against a plain Python
aggregation of the mart's rows; and a period or district with no telephony gives no rows."""

from __future__ import annotations

import datetime as dt
import shutil
from collections import defaultdict

import duckdb
import pytest

from dashboards import data
from pipelines.publication import publish_snapshot
from warehouse.snapshot import connect_snapshot

# (district, hour, measured, calls offered, rostered, needed): a mart as the build writes it
# (understaffed: rostered < needed; overstaffed: rostered > needed; month: the hour's).
TINY = [
    ("Ambala", "2020-05-04 10:00", True, 40, 2.0, 5),  # Monday, short by 3
    ("Ambala", "2020-05-11 10:00", True, 20, 3.0, 3),  # Monday, even
    ("Ambala", "2020-05-04 11:00", False, None, 2.0, None),  # older telephony: not judged
    ("Ambala", "2020-05-05 03:00", True, 0, 1.0, 0),  # Tuesday night, no call: over by 1
    ("Ambala", "2020-06-01 10:00", True, 30, 1.0, 4),  # Monday in June
    ("Hisar", "2020-05-04 10:00", True, 5, 0.0, 2),  # calls and no roster: short
    ("Ambala", "2020-07-06 10:00", False, None, 2.0, None),  # July: older telephony only
]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """A warehouse whose only reader table is a hand-made kpi_control_room_hourly."""
    path = tmp_path_factory.mktemp("control-room-tiny") / "jansewa.duckdb"
    con = duckdb.connect(str(path))
    con.execute(
        "create table kpi_control_room_hourly (district varchar, hour timestamp, day date, "
        "month date, measured boolean, calls_offered bigint, rostered_operator_hours double, "
        "operators_needed integer, understaffed boolean, overstaffed boolean)"
    )
    for district, hour, measured, calls, rostered, needed in TINY:
        con.execute(
            "insert into kpi_control_room_hourly values (?, ?::timestamp, ?::timestamp::date, "
            "date_trunc('month', ?::timestamp)::date, ?, ?, ?, ?, ? < ?, ? > ?)",
            [district, hour, hour, hour, measured, calls, rostered, needed]
            + [rostered, needed, rostered, needed],
        )
    con.close()
    publish_snapshot(path)
    return path


def _cells(frame) -> dict:
    return {(r["weekday"], r["hour_of_day"]): r for r in frame.iter_rows(named=True)}


def test_a_month_of_the_tiny_mart_worked_by_hand(tiny):
    cells = _cells(data.staffing_by_weekday_hour(tiny, "Ambala", "month", "2020-05-01"))
    # Monday 10:00: the hours of 4 and 11 May (June's is another month); 11:00 not judged.
    assert cells.keys() == {(1, 10), (2, 3)}
    monday = cells[(1, 10)]
    assert monday["hours_judged"] == 2 and monday["calls_offered"] == 60
    assert monday["rostered"] == pytest.approx(2.5) and monday["needed"] == pytest.approx(4.0)
    assert (monday["understaffed_hours"], monday["overstaffed_hours"]) == (1, 0)
    night = cells[(2, 3)]
    assert (night["hours_judged"], night["calls_offered"], night["rostered"], night["needed"]) == (
        1,
        0,
        1.0,
        0,
    )
    assert (night["understaffed_hours"], night["overstaffed_hours"]) == (0, 1)


def test_weeks_days_and_the_whole_period_of_the_tiny_mart(tiny):
    week = _cells(data.staffing_by_weekday_hour(tiny, "Ambala", "week", "2020-05-04"))
    assert {k: r["hours_judged"] for k, r in week.items()} == {(1, 10): 1, (2, 3): 1}
    assert week[(1, 10)]["needed"] == 5
    day = _cells(data.staffing_by_weekday_hour(tiny, "Ambala", "day", "2020-05-11"))
    assert list(day) == [(1, 10)] and day[(1, 10)]["rostered"] == 3.0
    total = _cells(data.staffing_by_weekday_hour(tiny, "Ambala", "total", "2020-05-01"))
    assert total[(1, 10)]["hours_judged"] == 3  # 4 May, 11 May, 1 June
    assert total[(1, 10)]["needed"] == pytest.approx(4.0)  # (5 + 3 + 4) / 3


def test_understaffed_shares_of_the_tiny_mart(tiny):
    frame = data.understaffed_by_hour(tiny, "month", "2020-05-01")
    got = {
        (r["district"], r["hour_of_day"]): (
            r["hours_judged"],
            r["understaffed_hours"],
            r["understaffed_share"],
        )
        for r in frame.iter_rows(named=True)
    }
    assert got == {
        ("Ambala", 3): (1, 0, 0.0),
        ("Ambala", 10): (2, 1, 0.5),
        ("Hisar", 10): (1, 1, 1.0),
    }


def test_no_telephony_gives_no_rows(tiny):
    # July holds only an hour of older telephony; April no hour; Rohtak no hour at all.
    assert data.staffing_by_weekday_hour(tiny, "Ambala", "month", "2020-07-01").is_empty()
    assert data.understaffed_by_hour(tiny, "month", "2020-07-01").is_empty()
    assert data.staffing_by_weekday_hour(tiny, "Ambala", "month", "2020-04-01").is_empty()
    assert data.staffing_by_weekday_hour(tiny, "Rohtak", "month", "2020-05-01").is_empty()


def _mart_rows(warehouse, district: str | None = None) -> list[dict]:
    sql = (
        "select district, hour, operators_needed, calls_offered, rostered_operator_hours, "
        "understaffed, overstaffed from kpi_control_room_hourly"
    )
    with connect_snapshot(warehouse) as con:
        cur = con.execute(
            sql + (" where district = ?" if district else ""), [district] * bool(district)
        )
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def _in_may(hour: dt.datetime) -> bool:
    return hour.year == 2020 and hour.month == 5


def test_the_fixture_warehouse_by_a_plain_python_mean(warehouse):
    """Every weekday-and-hour cell of Jhajjar in May 2020, from the mart's rows alone."""
    groups: dict[tuple[int, int], list[dict]] = defaultdict(list)
    for r in _mart_rows(warehouse, "Jhajjar"):
        if _in_may(r["hour"]) and r["operators_needed"] is not None:
            groups[(r["hour"].isoweekday(), r["hour"].hour)].append(r)
    cells = _cells(data.staffing_by_weekday_hour(warehouse, "Jhajjar", "month", "2020-05-01"))
    assert cells.keys() == groups.keys() and len(cells) == 7 * 24
    for key, rows in groups.items():
        got = cells[key]
        assert got["hours_judged"] == len(rows)
        assert got["calls_offered"] == sum(r["calls_offered"] for r in rows)
        assert got["rostered"] == pytest.approx(
            sum(r["rostered_operator_hours"] for r in rows) / len(rows)
        )
        assert got["needed"] == pytest.approx(sum(r["operators_needed"] for r in rows) / len(rows))
        assert got["understaffed_hours"] == sum(r["understaffed"] for r in rows)
        assert got["overstaffed_hours"] == sum(r["overstaffed"] for r in rows)
    # One cell spelt out: Mondays 10:00-11:00 of May 2020 are the 4th, 11th, 18th and 25th.
    mondays = groups[(1, 10)]
    assert sorted(r["hour"].day for r in mondays) == [4, 11, 18, 25]
    # The fixture's calls come in the first 1,000 minutes of the day: none from 17:00.
    assert all(cells[(w, h)]["calls_offered"] == 0 for w in range(1, 8) for h in range(17, 24))


def test_the_fixture_shares_by_a_plain_python_count(warehouse):
    judged: dict[tuple[str, int], list[bool]] = defaultdict(list)
    for r in _mart_rows(warehouse):
        if _in_may(r["hour"]) and r["operators_needed"] is not None:
            judged[(r["district"], r["hour"].hour)].append(r["understaffed"])
    frame = data.understaffed_by_hour(warehouse, "month", "2020-05-01")
    got = {(r["district"], r["hour_of_day"]): r for r in frame.iter_rows(named=True)}
    assert got.keys() == judged.keys() and len({d for d, _ in got}) == 22
    for key, flags in judged.items():
        assert got[key]["hours_judged"] == len(flags)
        assert got[key]["understaffed_hours"] == sum(flags)
        assert got[key]["understaffed_share"] == pytest.approx(sum(flags) / len(flags))


def test_a_district_without_telephony_in_a_copy_of_the_fixture(warehouse, tmp_path):
    copy = tmp_path / "jansewa.duckdb"
    shutil.copyfile(warehouse, copy)
    con = duckdb.connect(str(copy))
    con.execute(
        "update kpi_control_room_hourly set measured = false, calls_offered = null, "
        "operators_needed = null, understaffed = null, overstaffed = null "
        "where district = 'Jhajjar'"
    )
    con.close()
    publish_snapshot(copy)
    assert data.staffing_by_weekday_hour(copy, "Jhajjar", "month", "2020-05-01").is_empty()
    assert not data.staffing_by_weekday_hour(copy, "Jind", "month", "2020-05-01").is_empty()
    shares = data.understaffed_by_hour(copy, "month", "2020-05-01")
    assert "Jhajjar" not in shares["district"].to_list()
    # A month the fixture's exports do not reach is not judged either.
    assert data.staffing_by_weekday_hour(warehouse, "Jhajjar", "month", "2020-03-01").is_empty()
