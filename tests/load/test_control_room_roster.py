"""The tenth source, control_room_roster, through the same contract-driven load path, and
helpline exports with and without the optional telephony columns."""

from __future__ import annotations

import datetime as dt

from tests.load.conftest import CALL_HEADER, call, write_csv

ROSTER_HEADER = [
    "District", "Helpline", "Shift Start", "Shift End", "Operators On Duty", "Other Staff",
    "Supervisor",
]  # fmt: skip
BASE = 1_590_000_000


def test_roster_rows_load_keyed_by_room_and_shift_and_bad_rows_are_quarantined(loader):
    write_csv(
        loader.exports / "control_room_roster" / "may.csv",
        ROSTER_HEADER,
        [
            [
                "Jhajjar",
                "1950",
                "2020-05-01 06:00",
                "2020-05-01 14:00",
                "8",
                "1 clerk; officers of police, health and food supply",
                "Ram Kumar",
            ],
            # across midnight, a Devanagari spelling and a day-first date
            ["झज्जर", "1950", "01/05/2020 22:00", "02/05/2020 06:00", "8", "", "Sita Devi"],
            ["Gurgaon", "1950", "2020-05-01 06:00", "2020-05-01 14:00", "40", "", ""],
            # the same shift as the row above, spelt another way, another count: a conflict
            ["Gurugram", "1950", "01-05-2020 06:00 AM", "2020-05-01 14:00", "41", "", ""],
            ["Delhi", "1950", "2020-05-01 06:00", "2020-05-01 14:00", "3", "", ""],
            ["Rohtak", "1950", "2020-05-01 22:00", "2020-05-01 06:00", "3", "", ""],
            ["Rohtak", "1950", "2020-05-01 06:00", "2020-05-01 14:00", "-1", "", ""],
            ["Rohtak", "", "2020-05-01 14:00", "2020-05-01 22:00", "2", "", ""],
            ["Sirsa", "1950", "2020-05-01 06:00", "2020-05-01 14:00", "0", "", ""],
        ],  # fmt: skip
        BASE,
    )
    raw, staged = loader.run("control_room_roster")
    assert (raw.rows_read, staged.accepted, staged.quarantined) == (9, 3, 6)
    assert loader.query(
        "select shift_key, operators_on_duty from stg_control_room_roster order by shift_key"
    ) == [
        ("Jhajjar | 1950 | 2020-05-01 06:00:00 | 2020-05-01 14:00:00", 8),
        ("Jhajjar | 1950 | 2020-05-01 22:00:00 | 2020-05-02 06:00:00", 8),
        ("Sirsa | 1950 | 2020-05-01 06:00:00 | 2020-05-01 14:00:00", 0),
    ]
    assert loader.query("select file, line, reason, column_name from quarantine order by line") == [
        ("control_room_roster/may.csv", 4, "conflicting duplicate id", "shift_key"),
        ("control_room_roster/may.csv", 5, "conflicting duplicate id", "shift_key"),
        ("control_room_roster/may.csv", 6, "unknown district", "district"),
        ("control_room_roster/may.csv", 7, "times run backwards", "shift_end"),
        ("control_room_roster/may.csv", 8, "out of range number", "operators_on_duty"),
        ("control_room_roster/may.csv", 9, "missing required value", "helpline"),
    ]


def test_a_later_export_of_a_shift_replaces_it_and_free_text_is_never_kept(loader):
    rows = [["Jhajjar", "1950", "2020-05-01 06:00", "2020-05-01 14:00", "8",
             "1 clerk (Sunita Rana, 9876543210)", "Ram Kumar"]]  # fmt: skip
    write_csv(loader.exports / "control_room_roster" / "a.csv", ROSTER_HEADER, rows, BASE)
    corrected = [["JHAJJAR ", "1950", "01/05/2020 06:00", "01/05/2020 14:00", "7", "", ""]]
    write_csv(loader.exports / "control_room_roster" / "b.csv", ROSTER_HEADER, corrected, BASE + 60)
    loader.run("control_room_roster")
    assert loader.query(
        "select district, operators_on_duty, _file from stg_control_room_roster"
    ) == [("Jhajjar", 7, "control_room_roster/b.csv")]
    staged = {c for (c,) in loader.query(
        "select column_name from duckdb_columns() where table_name = 'stg_control_room_roster'"
    )}  # fmt: skip
    assert not staged & {"other_staff", "supervisor"}
    raw = loader.query("select other_staff, supervisor from raw_control_room_roster")
    assert all(len(v) == 64 for row in raw for v in row if v)  # keyed hashes, never the text
    assert "Sunita" not in str(raw) and "9876543210" not in str(raw)


def test_helpline_exports_with_and_without_the_telephony_columns(loader):
    old = [call("C1"), call("C2", at="2020-04-01 10:05:00")]
    write_csv(loader.exports / "helpline_calls" / "old.csv", CALL_HEADER, old, BASE)
    header = [*CALL_HEADER, "Answered At", "Call Ended At", "Abandoned"]
    new = [
        [*call("C3", at="2020-05-01 10:00:00"), "2020-05-01 10:00:20", "2020-05-01 10:03:00", "N"],
        [*call("C4", at="2020-05-01 10:01:00"), "", "2020-05-01 10:01:40", "हाँ"],
        # answered before it came in: times run backwards
        [*call("C5", at="2020-05-01 10:02:00"), "2020-05-01 10:01:00", "2020-05-01 10:03:00", "N"],
    ]
    write_csv(loader.exports / "helpline_calls" / "new.csv", header, new, BASE + 60)
    loader.run("helpline_calls")
    got = loader.query(
        "select call_id, answered_at, call_ended_at, abandoned from stg_helpline_calls "
        "order by call_id"
    )
    assert got == [
        ("C1", None, None, None),
        ("C2", None, None, None),
        ("C3", dt.datetime(2020, 5, 1, 10, 0, 20), dt.datetime(2020, 5, 1, 10, 3), False),
        ("C4", None, dt.datetime(2020, 5, 1, 10, 1, 40), True),
    ]
    assert loader.query("select record_id, reason, column_name, line from quarantine") == [
        ("C5", "times run backwards", "answered_at", 4)
    ]
