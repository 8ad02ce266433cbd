"""The per-record rules of the int_ models, at their boundaries, read from the models directly.

Every mart counts these flags, so a boundary moved here moves every KPI built on it; the
expected values are worked by hand from the rules (DOMAIN.md) written beside each case.
"""

from __future__ import annotations

import pytest

from tests.warehouse.conftest import day, ts

J = "Jhajjar"


@pytest.fixture(scope="module")
def built(mini_module):
    wh = mini_module
    # Counter transactions, tokens at 1 Apr 10:00 (token_no STxx sorts in this order).
    for token, completed, status, delivered, timeline in (
        ("ST01", "2020-04-01 10:30:00", "delivered", "2020-04-03", 2),  # 30 min; due 3 Apr
        ("ST02", "2020-04-01 10:30:01", "delivered", "2020-04-04", 2),  # 30 min 1 s; late
        ("ST03", "2020-04-01 10:45:00", "pending", None, 9),  # 45 min; due 10 Apr = as-of
        ("ST04", "2020-04-01 10:46:00", "pending", None, 8),  # 46 min; due 9 Apr < as-of
        ("ST05", None, "pending", None, None),  # not completed, no timeline
    ):
        wh.add(
            "service_transactions",
            token_no=token,
            district=J,
            centre="SARAL Jhajjar",
            centre_type="saral_kendra",
            department="Revenue",
            service="Income certificate",
            token_issued_at=ts("2020-04-01 10:00"),
            service_completed_at=ts(completed) if completed else None,
            status=status,
            delivered_on=day(delivered) if delivered else None,
            rts_timeline_days=timeline,
            sms_sent=True,
        )
    # Grievances; the as-of date is 10 Apr.
    for number, received, status, disposed, rating in (
        ("GR01", "2020-03-11 09:00", "pending", None, None),  # 30 days: not over 30
        ("GR02", "2020-03-10 18:00", "pending", None, None),  # 31 days: over 30
        ("GR03", "2020-03-01 09:00", "reopened", None, None),  # 40 days, reopened: pending
        ("GR04", "2020-03-01 09:00", "disposed", "2020-03-29 21:00", 2),  # 29 Mar: month end
        ("GR05", "2020-03-01 09:00", "disposed", "2020-03-28 00:00", 3),  # 28 Mar: not yet
        ("GR06", "2020-03-01 09:00", "disposed", "2020-03-31 12:00", None),  # last day
        ("GR07", "2020-03-01 09:00", "rejected", None, 1),  # neither pending nor disposed
    ):
        wh.add(
            "grievances",
            grievance_no=number,
            channel="cm_window",
            district=J,
            department="Police",
            received_on=ts(received),
            status=status,
            disposed_on=ts(disposed) if disposed else None,
            citizen_rating=rating,
        )
    # Helpline calls at 1 Apr 08:00.
    for call, category, food_at, resolved_at, rating in (
        ("HC01", "food_not_received", "2020-04-01 10:00", "2020-04-01 11:30", 1),  # 120 min
        ("HC02", "food_not_received", "2020-04-01 10:01", None, None),  # 121 min
        ("HC03", "food_not_received", None, None, None),  # no delivery time
        ("HC04", "ration", "2020-04-01 08:30", "2020-04-01 09:00", 4),  # not a food request
    ):
        wh.add(
            "helpline_calls",
            call_id=call,
            district=J,
            call_received_at=ts("2020-04-01 08:00"),
            category=category,
            status="resolved" if resolved_at else "open",
            resolved_at=ts(resolved_at) if resolved_at else None,
            feedback_rating=rating,
            food_delivered_at=ts(food_at) if food_at else None,
        )
    # Appointment requests at 1 Apr 11:00.
    for request, slot, status in (
        ("AP01", "2020-04-02 11:00", "completed"),  # exactly 24 h
        ("AP02", "2020-04-02 11:01", "completed"),  # 24 h 1 min
        ("AP03", None, "cancelled"),  # no slot
    ):
        wh.add(
            "appointments",
            request_id=request,
            district=J,
            officer_level="DC",
            requested_at=ts("2020-04-01 11:00"),
            slot_communicated_at=ts(slot) if slot else None,
            status=status,
        )
    wh.build(as_of=day("2020-04-10"))
    return wh


def test_rts_points_at_30_45_46_minutes(built):
    rows = built.rows(
        "select token_no, wait_minutes, is_within_30_min, is_within_45_min, rts_points,"
        " is_completed from int_service_transactions_scored order by token_no"
    )
    assert rows == [
        ("ST01", 30.0, True, True, 10, True),  # exactly 30 min keeps the 10 points
        ("ST02", pytest.approx(30 + 1 / 60), False, True, 5, True),  # one second over
        ("ST03", 45.0, False, True, 5, True),  # exactly 45 min keeps the 5 points
        ("ST04", 46.0, False, False, 0, True),
        ("ST05", None, False, False, None, False),  # not completed: not scored
    ]


def test_rts_on_time_and_overdue_at_the_due_date(built):
    rows = built.rows(
        "select token_no, due_on, is_delivered_with_timeline, is_on_time, is_overdue_pending"
        " from int_service_transactions_scored order by token_no"
    )
    assert rows == [
        ("ST01", day("2020-04-03"), True, True, False),  # delivered on its due day
        ("ST02", day("2020-04-03"), True, False, False),  # delivered a day late
        ("ST03", day("2020-04-10"), False, False, False),  # due on the as-of day
        ("ST04", day("2020-04-09"), False, False, True),  # a day past due at the as-of
        ("ST05", None, False, False, False),  # no timeline: never overdue
    ]


def test_grievance_pending_at_30_and_31_days(built):
    rows = built.rows(
        "select grievance_no, is_pending, days_pending, is_pending_over_30d, is_disposed,"
        " is_closed_once from int_grievances_status where not is_disposed"
        " order by grievance_no"
    )
    assert rows == [
        ("GR01", True, 30, False, False, False),  # 11 Mar -> 10 Apr: exactly 30 days
        ("GR02", True, 31, True, False, False),  # 10 Mar (18:00) -> 10 Apr: 31 days
        ("GR03", True, 40, True, False, True),  # reopened counts as pending
        ("GR07", False, None, False, False, False),  # rejected
    ]


def test_grievance_disposal_days_and_month_end(built):
    rows = built.rows(
        "select grievance_no, days_to_dispose, disposed_month, is_month_end_disposal,"
        " is_low_rated from int_grievances_status where is_disposed order by grievance_no"
    )
    # March has 31 days: its last three calendar days are 29, 30 and 31 March. Received
    # 1 Mar 09:00: 29 Mar 21:00 is 28.5 days later, 28 Mar 00:00 26 d 15 h, 31 Mar 12:00
    # 30 d 3 h. Rated 2 is low rated, 3 is not, no rating is neither.
    assert rows == [
        ("GR04", 28.5, day("2020-03-01"), True, True),
        ("GR05", 26.625, day("2020-03-01"), False, False),
        ("GR06", 30.125, day("2020-03-01"), True, None),
    ]


def test_food_within_2h_at_120_and_121_minutes(built):
    rows = built.rows(
        "select call_id, is_food_request, minutes_to_food, is_food_within_2h, is_resolved,"
        " hours_to_resolve from int_helpline_calls_flags order by call_id"
    )
    assert rows == [
        ("HC01", True, 120.0, True, True, 3.5),  # exactly 120 minutes counts
        ("HC02", True, 121.0, False, False, None),
        ("HC03", True, None, False, False, None),  # no delivery time: not met
        ("HC04", False, None, False, True, 1.0),  # delivered fast, but not a food request
    ]


def test_slot_within_24h_at_exactly_24_hours(built):
    rows = built.rows(
        "select request_id, hours_to_slot, is_slot_within_24h, is_cancelled"
        " from int_appointments_sla order by request_id"
    )
    assert rows == [
        ("AP01", 24.0, True, False),  # exactly 24 h counts
        ("AP02", pytest.approx(24 + 1 / 60), False, False),
        ("AP03", None, False, True),  # no slot yet: not within 24 h, still counted
    ]
