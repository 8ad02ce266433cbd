"""RTS, SMS and grievance KPIs, their boundaries and the as-of date; the service marts."""

from __future__ import annotations

import pytest

from tests.warehouse.conftest import day, ts

J = "Jhajjar"


def txn(
    wh,
    completed_after_min,
    status="delivered",
    delivered=None,
    timeline=None,
    sms=None,
    centre="SARAL Jhajjar",
    department="Revenue",
):
    issued = ts("2020-04-01 10:00")
    completed = None
    if completed_after_min is not None:
        completed = ts(
            f"2020-04-01 {10 + completed_after_min // 60:02d}:{completed_after_min % 60:02d}"
        )
    wh.add(
        "service_transactions",
        district=J,
        centre=centre,
        centre_type="saral_kendra",
        department=department,
        service="Income certificate",
        token_issued_at=issued,
        service_completed_at=completed,
        status=status,
        delivered_on=day(delivered) if delivered else None,
        rts_timeline_days=timeline,
        sms_sent=sms,
    )


def add_transactions(mini):
    # Tokens issued 1 Apr 10:00.
    #  t1 done at 30 min -> 10 points; delivered 3 Apr, timeline 2 (due 3 Apr): on time; SMS
    #  t2 done at 45 min -> 5; delivered 4 Apr, timeline 2: late; no SMS
    #  t3 done at 46 min -> 0; pending, timeline 3 (due 4 Apr); SMS
    #  t4 not done -> not scored; pending, timeline 30 (due 1 May); SMS flag but not completed
    #  t5 done at 10 min -> 10; delivered 2 Apr without a timeline (not judged); SMS unknown
    #  t6 done at 180 min -> 0; delivered 1 Apr, timeline 1: on time; SMS
    txn(mini, 30, "delivered", "2020-04-03", 2, True)
    txn(mini, 45, "delivered", "2020-04-04", 2, False)
    txn(mini, 46, "pending", None, 3, True)
    txn(mini, None, "pending", None, 30, True, centre="ASK Beri")
    txn(mini, 10, "delivered", "2020-04-02", None, None, centre="ASK Beri")
    txn(mini, 180, "delivered", "2020-04-01", 1, True)


@pytest.fixture(scope="module")
def service(mini_module):
    add_transactions(mini_module)
    mini_module.build()
    return mini_module


def test_rts_score_boundaries_30_45_46(service):
    # points 10 + 5 + 0 + 10 + 0 = 25 over 5 scored transactions (t4 has no completion).
    assert service.kpi(J, "rts_score") == (25, 5, 5.0)
    assert service.kpi(J, "service_transactions") == (6, None, 6)


def test_rts_on_time_rate(service):
    # delivered with a timeline: t1 (on time), t2 (late), t6 (on time) -> 2 of 3.
    assert service.kpi(J, "rts_on_time_rate") == pytest.approx((2, 3, 2 / 3))


def test_sms_coverage_over_completed(service):
    # completed: t1, t2, t3, t5, t6; with SMS: t1, t3, t6 -> 3 of 5.
    assert service.kpi(J, "sms_coverage") == (3, 5, 0.6)


def test_rts_overdue_pending_uses_the_as_of_date(mini):
    add_transactions(mini)
    service = mini
    # Default as-of = latest token day, 1 Apr: nothing is past its due date yet.
    service.build()
    assert service.kpi(J, "rts_overdue_pending") == (0, None, 0)
    # As of 10 Apr: t3 (due 4 Apr) is overdue, t4 (due 1 May) is not.
    service.build(as_of=day("2020-04-10"))
    assert service.kpi(J, "rts_overdue_pending") == (1, None, 1)
    assert service.rows(
        "select as_of, from_parameter from ref_as_of where source = ?", ["service_transactions"]
    ) == [(day("2020-04-10"), True)]


def test_service_centres_monthly(service):
    rows = service.rows(
        "select centre, transactions, rts_points, rts_scored, delivered, delivered_with_timeline,"
        " on_time, completed, sms_sent from kpi_service_centres_monthly"
        " where month = ? order by centre",
        [day("2020-04-01")],
    )
    assert rows == [
        # t4, t5: 10 points over 1 scored; t5 delivered without timeline; t5 completed, no SMS
        ("ASK Beri", 2, 10, 1, 1, 0, 0, 1, 0),
        # t1, t2, t3, t6
        ("SARAL Jhajjar", 4, 15, 4, 3, 3, 2, 4, 3),
    ]


def test_wait_histogram_buckets_line_up_with_points(service):
    rows = service.rows(
        "select bucket_lower_min, bucket_upper_min, is_overflow, rts_points, transactions"
        " from kpi_service_wait_histogram where district = ? order by bucket_lower_min",
        [J],
    )
    assert rows == [
        (5, 10, False, 10, 1),  # t5: 10 min
        (25, 30, False, 10, 1),  # t1: exactly 30 min stays with the 10-point waits
        (40, 45, False, 5, 1),  # t2: exactly 45 min
        (45, 50, False, 0, 1),  # t3: 46 min
        (120, None, True, 0, 1),  # t6: 180 min, the overflow bucket
    ]


def add_grievances(mini):
    # Jhajjar. g1 disposed after 2 days; g2 pending and g3 reopened (1 Apr); g4 rejected;
    # g6 pending from 4 Apr; g7 pending from 5 Apr; g5 pending from 5 May. The latest
    # received_on is 5 May = the default as-of date: g2, g3 are 34 days old, g6 31 (over 30),
    # g7 exactly 30 (not over), g5 0.
    def add(received, status, disposed=None, channel="cm_window"):
        mini.add(
            "grievances",
            district=J,
            channel=channel,
            department="Police",
            received_on=ts(received),
            status=status,
            disposed_on=ts(disposed) if disposed else None,
        )

    add("2020-04-01 10:00", "disposed", "2020-04-03 10:00")
    add("2020-04-01 10:00", "pending")
    add("2020-04-01 10:00", "reopened", channel="smgt")
    add("2020-04-01 10:00", "rejected")
    add("2020-05-05 10:00", "pending")
    add("2020-04-04 10:00", "pending", channel="cpgrams")
    add("2020-04-05 10:00", "pending")


@pytest.fixture(scope="module")
def grievances(mini_module):
    add_grievances(mini_module)
    mini_module.build()
    return mini_module


def test_grievance_disposal_rate(grievances):
    # 1 disposed of 7 received (rejected is not disposed).
    assert grievances.kpi(J, "grievance_disposal_rate") == pytest.approx((1, 7, 1 / 7))
    assert grievances.kpi(J, "grievances_received") == (7, None, 7)
    assert grievances.kpi(J, "grievance_median_days_to_dispose") == (None, None, 2.0)


def test_grievance_pending_over_30d_counted_on_the_received_day(grievances):
    assert grievances.kpi(J, "grievance_pending_over_30d") == (3, None, 3)  # g2, g3, g6
    assert grievances.kpi(J, "grievance_pending_over_30d", "day", "2020-04-01") == (2, None, 2)
    assert grievances.kpi(J, "grievance_pending_over_30d", "day", "2020-04-04") == (1, None, 1)
    assert grievances.kpi(J, "grievance_pending_over_30d", "day", "2020-04-05") == (0, None, 0)
    assert grievances.kpi(J, "grievance_pending_over_30d_share") == pytest.approx((3, 7, 3 / 7))


def test_grievance_as_of_parameter(mini):
    add_grievances(mini)
    grievances = mini
    # As of 2 May: g2, g3 (31 days) are over 30; g6 (28), g7 (27) are not; g5 is in the future.
    grievances.build(as_of=day("2020-05-02"))
    assert grievances.kpi(J, "grievance_pending_over_30d") == (2, None, 2)


def test_grievances_monthly_by_channel(grievances):
    rows = grievances.rows(
        "select channel, month, received, disposed, rejected, pending, pending_over_30d,"
        " median_days_to_dispose from kpi_grievances_monthly order by month, channel"
    )
    assert rows == [
        ("cm_window", day("2020-04-01"), 4, 1, 1, 2, 1, 2.0),  # g1, g2, g4, g7
        ("cpgrams", day("2020-04-01"), 1, 0, 0, 1, 1, None),  # g6
        ("smgt", day("2020-04-01"), 1, 0, 0, 1, 1, None),  # g3
        ("cm_window", day("2020-05-01"), 1, 0, 0, 1, 0, None),  # g5
    ]


def test_service_groups_rates_per_scope_centre_and_department(service):
    rows = service.rows(
        "select grain, scope, dimension, member, transactions, rts_points, rts_scored,"
        " rts_score, within_30_min_share, within_45_min_share, rts_on_time_rate, sms_coverage,"
        " overdue_pending from kpi_service_groups where period_start = ?"
        " order by grain, scope, dimension, member",
        [day("2020-04-01")],
    )
    # Jhajjar, all six tokens: 25 points over 5 scored = 5.0; within 30 min t1 and t5 (2 of
    # 5), within 45 also t2 (3 of 5); on time 2 of 3 delivered with a timeline; SMS 3 of 5
    # completed. Centres: ASK Beri t4, t5 (10 points over t5 alone); SARAL Jhajjar t1, t2,
    # t3, t6 (15 over 4; within 30 t1; within 45 t1, t2). Haryana is Jhajjar's sum, and
    # lists no centres.
    jhajjar = (6, 25, 5, 5.0, 0.4, 0.6, pytest.approx(2 / 3), 0.6, 0)
    expected = []
    for grain in ("month", "total"):
        expected += [
            (grain, "Haryana", "department", "Revenue", *jhajjar),
            (grain, "Haryana", "scope", "Haryana", *jhajjar),
            (grain, J, "centre", "ASK Beri", 2, 10, 1, 10.0, 1.0, 1.0, None, 0.0, 0),
            (
                grain,
                J,
                "centre",
                "SARAL Jhajjar",
                4,
                15,
                4,
                3.75,
                0.25,
                0.5,
                pytest.approx(2 / 3),
                0.75,
                0,
            ),
            (grain, J, "department", "Revenue", *jhajjar),
            (grain, J, "scope", J, *jhajjar),
        ]
    assert rows == expected
