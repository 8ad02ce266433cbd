"""Quarantine reasons, duplicates and the row identity of clean_export. Output schemas, empty
files, typed values and the details a quarantine row may show: test_clean_values.py."""

from __future__ import annotations

from datetime import date

import pytest

from pipelines.ingest import REASONS, clean_export, hash_personal, read_export
from warehouse.sources import (
    HELPLINE_CALLS,
)

from .exportkit import CALL_HEADERS, KEY, write_csv

TODAY = date(2020, 6, 30)
GOOD = [
    "C1",
    "Jhajjar",
    "2020-05-28 14:03",
    "1950",
    "9876543210",
    "Ration",
    "Resolved",
    "2020-05-28 15:00",
    "OP1",
    "4",
    "",
]


def row(**changes: str) -> list[str]:
    values = dict(zip(CALL_HEADERS, GOOD, strict=True))
    values.update({k.replace("_", " "): v for k, v in changes.items()})
    return [values[h] for h in CALL_HEADERS]


def clean_rows(tmp_path, rows, source=HELPLINE_CALLS, headers=CALL_HEADERS):
    path = write_csv(tmp_path / "x.csv", [headers, *rows])
    raw = read_export(path, source)
    return raw, clean_export(hash_personal(raw.frame, source, KEY), source, today=TODAY)


def assert_identity(raw, result):
    assert (
        raw.frame.height == result.accepted.height + result.duplicates + result.quarantined.height
    )


CASES = [
    ("missing required value", "district", {"District": ""}),
    ("missing required value", "category", {"Category": "  "}),
    ("unknown district", "district", {"District": "Atlantis"}),
    ("unparseable date", "call_received_at", {"Call Received At": "28/13/2020 10:00"}),
    ("unparseable date", "resolved_at", {"Resolved At": "yesterday"}),
    (
        "date out of range",
        "call_received_at",
        {"Call Received At": "2014-12-31 23:59", "Resolved At": ""},
    ),
    (
        "date out of range",
        "call_received_at",
        {"Call Received At": "02/07/2020 00:00", "Resolved At": ""},
    ),
    ("unparseable number", "feedback_rating", {"Feedback Rating": "good"}),
    ("unparseable number", "feedback_rating", {"Feedback Rating": "3.5"}),
    ("out of range number", "feedback_rating", {"Feedback Rating": "6"}),
    ("out of range number", "feedback_rating", {"Feedback Rating": "0"}),
    ("unknown value", "category", {"Category": "Weather"}),
    ("unknown value", "status", {"Status": "Done"}),
    ("times run backwards", "resolved_at", {"Resolved At": "28/05/2020 14:02"}),
    ("times run backwards", "food_delivered_at", {"Food Delivered At": "2020-05-27"}),
]


@pytest.mark.parametrize(
    ("reason", "column", "changes"), CASES, ids=[f"{r}-{c}" for r, c, _ in CASES]
)
def test_each_reason_is_raised_by_a_crafted_row(tmp_path, reason, column, changes):
    rows = [row(Call_ID="C0"), row(Call_ID="C1", **changes), row(Call_ID="C2")]
    raw, result = clean_rows(tmp_path, rows)
    assert_identity(raw, result)
    assert result.accepted["call_id"].to_list() == ["C0", "C2"]
    q = result.quarantined.to_dicts()
    assert len(q) == 1
    assert q[0]["line"] == 3 and q[0]["record_id"] == "C1"
    assert (q[0]["reason"], q[0]["column_name"]) == (reason, column)
    raw_value = next(iter(changes.values())).strip() or None
    if reason == "times run backwards":
        assert raw_value in q[0]["detail"]
    elif reason != "missing required value":
        assert q[0]["detail"] == raw_value
    assert "row_json" not in q[0]
    # district and event day where they parse: the crafted row is Jhajjar, 28 May 2020
    district = None if "District" in changes else "Jhajjar"
    event_day = {
        "28/13/2020 10:00": None,  # unparseable
        "2014-12-31 23:59": date(2014, 12, 31),  # parses, out of range: still its day
        "02/07/2020 00:00": date(2020, 7, 2),
    }.get(changes.get("Call Received At"), date(2020, 5, 28))
    assert (q[0]["district"], q[0]["event_day"]) == (district, event_day)


def test_a_row_with_several_problems_gets_the_first_reason_in_order(tmp_path):
    rows = [
        row(District="Atlantis", Category="", Feedback_Rating="9"),  # missing required first
        row(Call_ID="C2", District="Atlantis", Feedback_Rating="9"),  # district before number
        row(Call_ID="C3", Feedback_Rating="9", Status="Done", Resolved_At="2020-01-01"),
    ]
    _, result = clean_rows(tmp_path, rows)
    assert result.quarantined["reason"].to_list() == [
        "missing required value",
        "unknown district",
        "out of range number",
    ]
    assert (
        REASONS.index("out of range number")
        < REASONS.index("unknown value")
        < REASONS.index("times run backwards")
    )


def test_conflicting_duplicate_ids_are_all_quarantined_and_exact_duplicates_counted(tmp_path):
    rows = [
        row(Call_ID="A"),
        row(Call_ID="B"),
        row(Call_ID="A"),  # exact copy of line 2: counted
        row(Call_ID="B", Status="Open", Resolved_At=""),  # conflicts with line 3
        row(Call_ID="B", Status="Open", Resolved_At=""),  # exact copy of line 5: counted
        row(Call_ID="A"),  # another exact copy
        row(Call_ID="C"),
    ]
    raw, result = clean_rows(tmp_path, rows)
    assert_identity(raw, result)
    assert result.duplicates == 3
    assert result.accepted["call_id"].to_list() == ["A", "C"]
    assert result.accepted["_line"].to_list() == [2, 8]
    q = result.quarantined
    assert q["reason"].to_list() == ["conflicting duplicate id"] * 2
    assert q["record_id"].to_list() == ["B", "B"] and q["line"].to_list() == [3, 5]


def test_optional_values_empty_are_null_not_problems(tmp_path):
    _, result = clean_rows(
        tmp_path,
        [row(Helpline="", Caller_Mobile="", Resolved_At="", Operator_ID="", Feedback_Rating="")],
    )
    assert result.quarantined.height == 0
    rec = result.accepted.row(0, named=True)
    assert rec["resolved_at"] is None and rec["feedback_rating"] is None and rec["helpline"] is None
