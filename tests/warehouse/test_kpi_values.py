"""The long tables: every DOMAIN.md KPI id present, the state row, week/month/total roll-ups."""

from __future__ import annotations

import pytest

from tests.warehouse.conftest import day, reviewed_weights_with, ts

DOMAIN_KPIS = (
    "calls_received",
    *(
        f"call_category_share.{c}"
        for c in (
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
    ),
    "call_resolution_rate",
    "food_within_2h_rate",
    "feedback_coverage",
    "pass_applications",
    "pass_approval_rate",
    "relief_eligible",
    "relief_disbursal_coverage",
    "relief_amount_disbursed",
    "migrant_dispatch_rate",
    "rts_score",
    "rts_on_time_rate",
    "sms_coverage",
    "grievance_disposal_rate",
    "grievance_pending_over_30d",
    "appointment_slot_24h_rate",
    "eoffice_electronic_share",
    "composite_index",
    "composite_rank",
)


def one_of_each_source(wh, district, when):
    """One record per source on day `when`, enough for every KPI to have a row."""
    t = ts(f"{when} 10:00")
    d = day(when)
    wh.add(
        "helpline_calls",
        district=district,
        call_received_at=t,
        category="ration",
        status="resolved",
    )
    wh.add("movement_passes", district=district, applied_on=t, status="approved")
    wh.add(
        "relief_beneficiaries",
        beneficiary_id=f"B-{district}-{when}",
        district=district,
        registered_on=d,
        eligibility="eligible",
    )
    wh.add(
        "relief_payments",
        beneficiary_id=f"B-{district}-{when}",
        district=district,
        week_starting=d,
        amount=1000.0,
        paid_on=d,
    )
    wh.add("migrant_registrations", district=district, registered_on=d, status="dispatched")
    wh.add(
        "service_transactions",
        district=district,
        centre="C",
        department="D",
        service="S",
        token_issued_at=t,
        service_completed_at=ts(f"{when} 10:20"),
        status="delivered",
        delivered_on=d,
        rts_timeline_days=1,
        sms_sent=True,
    )
    wh.add(
        "grievances",
        district=district,
        channel="cm_window",
        department="D",
        received_on=t,
        status="disposed",
        disposed_on=ts(f"{when} 12:00"),
    )
    wh.add(
        "appointments",
        district=district,
        officer_level="dc",
        requested_at=t,
        slot_communicated_at=ts(f"{when} 11:00"),
        status="scheduled",
    )
    wh.add(
        "eoffice_files",
        district=district,
        office="O",
        created_on=d,
        mode="electronic",
        movements=1,
        last_movement_on=d,
    )


@pytest.fixture(scope="module")
def everything(mini_module):
    for district in ("Ambala", "Hisar"):
        one_of_each_source(mini_module, district, "2020-04-01")
    weights = reviewed_weights_with(mini_module.path.with_name("weights.yml"), min_cases=1)
    # Judged two months on, so that April is final for every KPI and has a composite.
    mini_module.build(as_of=day("2020-06-30"), weights=weights)
    return mini_module


def test_every_domain_kpi_id_is_produced(everything):
    produced = {r[0] for r in everything.rows("select distinct kpi from kpi_values")}
    assert set(DOMAIN_KPIS) <= produced
    catalog = {r[0] for r in everything.rows("select kpi from kpi_catalog")}
    assert produced <= catalog  # every id that can appear is described


def test_every_kpi_at_every_grain_for_a_district(everything):
    for grain in ("day", "week", "month", "total"):
        ids = {
            r[0]
            for r in everything.rows(
                "select kpi from kpi_values where district = 'Ambala' and grain = ?", [grain]
            )
        }
        wanted = set(DOMAIN_KPIS)
        if grain in ("day", "week"):  # the composite is monthly (and total) only
            wanted -= {"composite_index", "composite_rank"}
        assert wanted <= ids, (grain, wanted - ids)


def test_haryana_row_is_the_sum_of_districts(everything):
    mismatches = everything.rows(
        """
        select s.kpi, s.day
        from kpi_daily as s
        join (
            select day, kpi, sum(numerator) as n, sum(denominator) as d
            from kpi_daily where district <> 'Haryana' group by day, kpi
        ) as t on t.day = s.day and t.kpi = s.kpi
        where s.district = 'Haryana'
            and (s.numerator <> t.n or s.denominator is distinct from t.d)
        """
    )
    assert mismatches == []
    assert everything.kpi("Haryana", "pass_applications") == (2, None, 2)
    assert everything.kpi("Haryana", "relief_amount_disbursed") == (2000, None, 2000)
    # No composite for the state: the ranking is among districts.
    assert everything.kpi("Haryana", "composite_index", "month", "2020-04-01") is None


@pytest.fixture
def spread(mini):
    # Jhajjar calls on Mon 30 Mar (1, resolved), Sun 5 Apr (2, one resolved), Mon 6 Apr (1, open).
    for when, status in (
        ("2020-03-30 10:00", "resolved"),
        ("2020-04-05 10:00", "resolved"),
        ("2020-04-05 11:00", "open"),
        ("2020-04-06 10:00", "open"),
    ):
        mini.add(
            "helpline_calls",
            district="Jhajjar",
            call_received_at=ts(when),
            category="ration",
            status=status,
        )
    mini.build()
    return mini


def test_week_rollup_is_iso_monday_and_sums_not_means(spread):
    # Week of Mon 30 Mar holds 30 Mar and 5 Apr: 2 resolved of 3 (not the mean 0.75 of rates).
    assert spread.kpi("Jhajjar", "call_resolution_rate", "week", "2020-03-30") == pytest.approx(
        (2, 3, 2 / 3)
    )
    assert spread.kpi("Jhajjar", "calls_received", "week", "2020-04-06") == (1, None, 1)


def test_month_numerator_is_the_sum_of_its_days(spread):
    assert spread.kpi("Jhajjar", "calls_received", "month", "2020-03-01") == (1, None, 1)
    assert spread.kpi("Jhajjar", "call_resolution_rate", "month", "2020-04-01") == pytest.approx(
        (1, 3, 1 / 3)
    )
    days = spread.rows(
        "select sum(numerator), sum(denominator) from kpi_values where grain = 'day' "
        "and district = 'Jhajjar' and kpi = 'call_resolution_rate' and period_start >= ?",
        [day("2020-04-01")],
    )
    assert days == [(1, 3)]


def test_total_starts_on_the_first_day_of_the_data(spread):
    assert spread.kpi("Jhajjar", "call_resolution_rate", "total", "2020-03-30") == (2, 4, 0.5)


def test_rebuild_is_idempotent(spread):
    before = spread.rows("select * from kpi_values order by all")
    spread.build()
    assert spread.rows("select * from kpi_values order by all") == before


def test_empty_staging_builds_empty_marts(mini):
    counts = mini.build()
    assert counts["kpi_values"] == 0
    assert counts["kpi_catalog"] > 0
    assert counts["kpi_scorecard"] == 0


def test_source_freshness_and_quarantine_summary(mini):
    mini.add(
        "grievances",
        district="Rohtak",
        channel="smgt",
        department="D",
        received_on=ts("2020-04-03 10:00"),
        status="pending",
    )
    mini.add(
        "grievances",
        district="Rohtak",
        channel="smgt",
        department="D",
        received_on=ts("2020-04-07 10:00"),
        status="pending",
    )
    mini.con.execute(
        "insert into quarantine (source, file, line, reason, column_name) values "
        "('grievances', 'g.csv', 4, 'unknown district', 'district'), "
        "('grievances', 'g.csv', 9, 'unknown district', 'district'), "
        "('grievances', 'g.csv', 5, 'unparseable date', 'received_on')"
    )
    mini.build()
    assert mini.rows(
        "select source, district, records, first_event_day, last_event_day "
        "from kpi_source_freshness"
    ) == [("grievances", "Rohtak", 2, day("2020-04-03"), day("2020-04-07"))]
    assert mini.rows(
        "select reason, file, rows, first_line, last_line, columns from kpi_quarantine_summary"
    ) == [
        ("unknown district", "g.csv", 2, 4, 9, "district"),
        ("unparseable date", "g.csv", 1, 5, 5, "received_on"),
    ]
