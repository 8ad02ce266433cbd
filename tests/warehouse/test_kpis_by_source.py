"""Every KPI of DOMAIN.md on hand-written staging rows; expected values worked out by hand."""

from __future__ import annotations

import pytest

from tests.warehouse.conftest import day, ts

J = "Jhajjar"
CATEGORIES = (
    "food_not_received",
    "covid_prevention",
    "ration",
    "law_and_order",
    "other_essentials",
    "movement_pass",
    "relief_fund",
    "migrant_registration",
    "general_enquiry",
)


def call(wh, received, category="general_enquiry", status="open", district=J, **kw):
    wh.add(
        "helpline_calls",
        district=district,
        call_received_at=ts(received),
        category=category,
        status=status,
        **kw,
    )


@pytest.fixture(scope="module")
def helpline(mini_module):
    mini = mini_module
    # 1 Apr: five calls in Jhajjar.
    #  c1 food, resolved, food at +120 min (in), rating 5, resolved after 1 h
    #  c2 food, closed, food at +121 min (out), no rating, resolved after 3 h
    #  c3 food, open, no food delivered (out)
    #  c4 ration, escalated
    #  c5 law and order, resolved, rating 3, resolved after 30 min
    call(
        mini,
        "2020-04-01 10:00",
        "food_not_received",
        "resolved",
        feedback_rating=5,
        food_delivered_at=ts("2020-04-01 12:00"),
        resolved_at=ts("2020-04-01 11:00"),
    )
    call(
        mini,
        "2020-04-01 10:00",
        "food_not_received",
        "closed",
        food_delivered_at=ts("2020-04-01 12:01"),
        resolved_at=ts("2020-04-01 13:00"),
    )
    call(mini, "2020-04-01 10:00", "food_not_received", "open")
    call(mini, "2020-04-01 10:00", "ration", "escalated")
    call(
        mini,
        "2020-04-01 10:00",
        "law_and_order",
        "resolved",
        feedback_rating=3,
        resolved_at=ts("2020-04-01 10:30"),
    )
    # 2 Apr: one open call of each of the six other categories (no food request that day).
    for category in CATEGORIES:
        if category not in ("food_not_received", "ration", "law_and_order"):
            call(mini, "2020-04-02 09:00", category)
    # Hisar, 1 Apr: one resolved general enquiry.
    call(
        mini,
        "2020-04-01 18:00",
        "general_enquiry",
        "resolved",
        district="Hisar",
        resolved_at=ts("2020-04-01 20:00"),
    )
    mini.build()
    return mini


def test_calls_received_is_a_count_with_no_denominator(helpline):
    # 5 calls on 1 Apr + 6 on 2 Apr = 11; Haryana adds Hisar's 1.
    assert helpline.kpi(J, "calls_received") == (11, None, 11)
    assert helpline.kpi("Haryana", "calls_received") == (12, None, 12)
    assert helpline.kpi(J, "calls_received", "day", "2020-04-02") == (6, None, 6)


@pytest.mark.parametrize("category", CATEGORIES)
def test_call_category_share_for_each_category(helpline, category):
    # food 3 of 11; every other category 1 of 11.
    expected = 3 if category == "food_not_received" else 1
    assert helpline.kpi(J, f"call_category_share.{category}") == pytest.approx(
        (expected, 11, expected / 11)
    )


def test_call_category_shares_sum_to_one(helpline):
    total = sum(helpline.kpi(J, f"call_category_share.{c}")[2] for c in CATEGORIES)
    assert total == pytest.approx(1.0)


def test_call_resolution_rate_counts_resolved_and_closed(helpline):
    # resolved c1, c5 + closed c2 = 3 of 11; escalated and open are not resolved.
    assert helpline.kpi(J, "call_resolution_rate") == pytest.approx((3, 11, 3 / 11))
    assert helpline.kpi(J, "calls_resolved") == (3, None, 3)
    # Haryana: 3 + Hisar's 1 = 4 of 12.
    assert helpline.kpi("Haryana", "call_resolution_rate") == pytest.approx((4, 12, 4 / 12))


def test_food_within_2h_boundary_120_in_121_out(helpline):
    # c1 at exactly 120 min counts, c2 at 121 min does not, c3 has no delivery: 1 of 3.
    assert helpline.kpi(J, "food_within_2h_rate") == pytest.approx((1, 3, 1 / 3))
    assert helpline.kpi(J, "food_requests") == (3, None, 3)


def test_zero_denominator_gives_null_not_zero(helpline):
    # 2 Apr has calls but no food request: 0 / 0 -> null value, the row is kept.
    assert helpline.kpi(J, "food_within_2h_rate", "day", "2020-04-02") == (0, 0, None)
    # 2 Apr has no resolved call: feedback coverage 0 / 0 -> null.
    assert helpline.kpi(J, "feedback_coverage", "day", "2020-04-02") == (0, 0, None)


def test_feedback_coverage_and_mean_rating(helpline):
    # resolved calls c1 (rated 5), c2 (no rating), c5 (rated 3): 2 of 3; mean rating 8 / 2.
    assert helpline.kpi(J, "feedback_coverage") == pytest.approx((2, 3, 2 / 3))
    assert helpline.kpi(J, "call_mean_feedback_rating") == pytest.approx((8, 2, 4.0))


def test_call_median_hours_to_resolve_has_only_a_value(helpline):
    # resolved after 1 h, 3 h, 0.5 h -> median 1.0; Hisar adds 2 h -> state median 1.5.
    assert helpline.kpi(J, "call_median_hours_to_resolve") == (None, None, 1.0)
    assert helpline.kpi("Haryana", "call_median_hours_to_resolve") == (None, None, 1.5)


def test_passes(mini):
    # Applied 1 Apr 10:00: two approved (decided +2 h, +6 h), one rejected (+4 h), one pending.
    for status, decided in (("approved", "12:00"), ("approved", "16:00"), ("rejected", "14:00")):
        mini.add(
            "movement_passes",
            district=J,
            applied_on=ts("2020-04-01 10:00"),
            status=status,
            decision_on=ts(f"2020-04-01 {decided}"),
        )
    mini.add("movement_passes", district=J, applied_on=ts("2020-04-01 10:00"), status="pending")
    mini.build()
    assert mini.kpi(J, "pass_applications") == (4, None, 4)
    assert mini.kpi(J, "pass_issued") == (2, None, 2)
    assert mini.kpi(J, "pass_approval_rate") == (2, 4, 0.5)
    assert mini.kpi(J, "pass_decision_rate") == (3, 4, 0.75)
    assert mini.kpi(J, "pass_pending_share") == (1, 4, 0.25)
    assert mini.kpi(J, "pass_median_hours_to_decide") == (None, None, 4.0)  # of 2, 4, 6 h
    funnel = mini.rows(
        "select step, records from kpi_funnels where district = ? and funnel = 'passes' "
        "order by step_order",
        [J],
    )
    assert funnel == [("applied", 4), ("decided", 3), ("approved", 2)]


@pytest.fixture(scope="module")
def relief(mini_module):
    mini = mini_module
    # Registered 1 Apr: B1 eligible, paid 5 Apr and 12 Apr; B2 eligible, its only payment has
    # no paid_on (not disbursed); B3 not eligible; B4 under verification.
    # Registered 2 Apr: B5 eligible (verified 3 Apr), paid 10 Apr.
    for bid, registered, eligibility, verified in (
        ("B1", "2020-04-01", "eligible", None),
        ("B2", "2020-04-01", "eligible", None),
        ("B3", "2020-04-01", "not_eligible", None),
        ("B4", "2020-04-01", "under_verification", None),
        ("B5", "2020-04-02", "eligible", "2020-04-03"),
    ):
        mini.add(
            "relief_beneficiaries",
            beneficiary_id=bid,
            district=J,
            registered_on=day(registered),
            eligibility=eligibility,
            verified_on=day(verified) if verified else None,
        )
    for bid, week, paid in (
        ("B1", "2020-04-01", "2020-04-05"),
        ("B1", "2020-04-08", "2020-04-12"),
        ("B2", "2020-04-01", None),
        ("B5", "2020-04-08", "2020-04-10"),
    ):
        mini.add(
            "relief_payments",
            beneficiary_id=bid,
            district=J,
            week_starting=day(week),
            amount=1000.0,
            paid_on=day(paid) if paid else None,
        )
    mini.build()
    return mini


def test_relief_eligible_paid_and_coverage(relief):
    assert relief.kpi(J, "relief_registered") == (5, None, 5)
    assert relief.kpi(J, "relief_eligible") == (3, None, 3)  # B1, B2, B5
    assert relief.kpi(J, "relief_paid") == (2, None, 2)  # B1, B5 (B2's payment has no paid_on)
    assert relief.kpi(J, "relief_disbursal_coverage") == pytest.approx((2, 3, 2 / 3))
    # Cohort: the 1 Apr registrations are B1 (paid) and B2 (not): 1 of 2.
    assert relief.kpi(J, "relief_disbursal_coverage", "day", "2020-04-01") == (1, 2, 0.5)


def test_relief_amount_disbursed_on_the_paid_day(relief):
    # 1000 on 5 Apr, 10 Apr and 12 Apr = 3000; the unpaid 1000 is not disbursed.
    assert relief.kpi(J, "relief_amount_disbursed") == (3000, None, 3000)
    assert relief.kpi(J, "relief_amount_disbursed", "day", "2020-04-10") == (1000, None, 1000)
    assert relief.kpi(J, "relief_amount_disbursed", "day", "2020-04-01") == (0, None, 0)
    assert relief.kpi(J, "relief_payments") == (3, None, 3)


def test_relief_median_days_to_first_payment(relief):
    # B1: 1 Apr -> 5 Apr = 4 days; B5: verified 3 Apr -> 10 Apr = 7 days; median 5.5.
    assert relief.kpi(J, "relief_median_days_to_first_payment") == (None, None, 5.5)
    funnel = relief.rows(
        "select step, records, share_of_first from kpi_funnels "
        "where district = ? and funnel = 'relief' order by step_order",
        [J],
    )
    assert funnel == [("registered", 5, 1.0), ("eligible", 3, 0.6), ("paid", 2, 0.4)]


def test_migrant_dispatch_rate(mini):
    for status in ("dispatched", "dispatched", "registered", "cancelled"):
        mini.add(
            "migrant_registrations", district=J, registered_on=day("2020-05-01"), status=status
        )
    mini.build()
    # 2 dispatched of 4 registered (cancelled and waiting stay in the denominator).
    assert mini.kpi(J, "migrant_dispatch_rate") == (2, 4, 0.5)
    assert mini.kpi(J, "migrants_registered") == (4, None, 4)
    assert mini.kpi(J, "migrants_dispatched") == (2, None, 2)


def test_appointment_slot_within_24h_boundary(mini):
    # Slot at exactly +24 h (in), at +24 h 1 min (out), none yet (out): 1 of 3.
    for slot in ("2020-04-02 10:00", "2020-04-02 10:01", None):
        mini.add(
            "appointments",
            district=J,
            officer_level="dc",
            requested_at=ts("2020-04-01 10:00"),
            slot_communicated_at=ts(slot) if slot else None,
            status="scheduled",
        )
    mini.build()
    assert mini.kpi(J, "appointment_slot_24h_rate") == pytest.approx((1, 3, 1 / 3))
    assert mini.kpi(J, "appointment_requests") == (3, None, 3)


def test_eoffice_electronic_share_and_days_per_movement(mini):
    # F1 electronic, 4 movements, last 9 Apr: 8 days / 4 = 2; F2 physical, no movement;
    # F3 electronic, 2 movements, last 2 Apr: 1 day / 2 = 0.5. Share 2 of 3; median 1.25.
    for mode, movements, last in (
        ("electronic", 4, "2020-04-09"),
        ("physical", 0, None),
        ("electronic", 2, "2020-04-02"),
    ):
        mini.add(
            "eoffice_files",
            district=J,
            office="DC Office",
            created_on=day("2020-04-01"),
            mode=mode,
            movements=movements,
            last_movement_on=day(last) if last else None,
        )
    mini.build()
    assert mini.kpi(J, "eoffice_electronic_share") == pytest.approx((2, 3, 2 / 3))
    assert mini.kpi(J, "eoffice_files") == (3, None, 3)
    assert mini.kpi(J, "eoffice_median_days_per_movement") == (None, None, 1.25)
