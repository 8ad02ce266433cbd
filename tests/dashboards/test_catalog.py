"""dashboards.catalog and the KPI names: everything comes from the KPI catalogue, and every id
the marts produce is in it (so the fallback for unknown ids is never used in practice)."""

from __future__ import annotations

import polars as pl

from dashboards.catalog import (
    DEFAULT_KPI,
    HEADLINE_KPIS,
    UNKNOWN,
    direction_text,
    format_value,
    info,
    unit_label,
)
from dashboards.controls import kpi_options
from dashboards.explorer_blocks import ranking_caption
from dashboards.i18n import kpi_name
from warehouse.kpi_catalogue import catalogue
from warehouse.reference_files import load_scorecard_weights
from warehouse.snapshot import connect_snapshot


def _snapshot_rows(warehouse, sql: str) -> list[tuple]:
    with connect_snapshot(warehouse) as con:
        return con.execute(sql).fetchall()


def test_every_kpi_of_the_fixture_warehouse_is_in_the_catalogue(warehouse):
    produced = {r[0] for r in _snapshot_rows(warehouse, "select distinct kpi from kpi_values")}
    assert len(produced) == 67
    assert produced == set(catalogue())
    assert all(info(kpi) is not UNKNOWN for kpi in produced)
    # The snapshot's kpi_catalog is the same list.
    described = {r[0] for r in _snapshot_rows(warehouse, "select kpi from kpi_catalog")}
    assert described == produced


def test_pages_use_only_catalogued_ids():
    assert set(HEADLINE_KPIS) <= set(catalogue())
    assert DEFAULT_KPI in catalogue()


def test_pass_approval_rate_has_one_direction_everywhere(warehouse, app):
    assert info("pass_approval_rate").direction == "none"
    assert direction_text("pass_approval_rate") == "neither higher nor lower is better"
    stored = _snapshot_rows(
        warehouse, "select direction from kpi_catalog where kpi = 'pass_approval_rate'"
    )
    assert stored == [(None,)]
    assert "pass_approval_rate" not in {kpi for kpi, _, _ in load_scorecard_weights()}
    values = pl.DataFrame(
        {"district": ["Jhajjar", "Hisar", "Haryana"], "value": [0.29, 0.61, 0.45]}
    )
    caption = ranking_caption(values, "pass_approval_rate", "2020-05-01", "month", "en")
    assert "(dashed line). Neither higher nor lower is better." in caption
    assert "Hisar leads" in caption  # with no better direction, the largest value comes first


def test_directions_and_kinds_come_from_the_catalogue():
    pending = info("grievance_pending_over_30d_share")
    assert (pending.kind, pending.direction, pending.higher_is_better) == ("rate", "lower", False)
    assert direction_text("grievance_pending_over_30d_share", "hi") == "कम बेहतर"
    assert direction_text("rts_score") == "higher is better"
    # An amount in rupees is written in lakh / crore of rupees.
    assert info("relief_amount_disbursed").kind == "rupees"
    assert format_value("relief_amount_disbursed", 31_640_000) == "Rs 3.16 crore"
    # Medians carry their unit from the catalogue.
    assert unit_label("call_median_hours_to_resolve") == "hours"
    assert unit_label("grievance_median_days_to_dispose", "hi") == "दिन"
    assert unit_label("calls_resolved") == "calls"
    assert unit_label("pass_issued") == "count"
    # The call mix is a share, with no better direction.
    share = info("call_category_share.ration")
    assert (share.kind, share.direction) == ("rate", "none")


def test_an_unknown_id_is_a_plain_number_with_no_direction():
    assert info("brand_new_kpi") == UNKNOWN
    assert (UNKNOWN.kind, UNKNOWN.direction) == ("number", "none")
    assert direction_text("brand_new_kpi") == "neither higher nor lower is better"
    assert format_value("brand_new_kpi", 1_234_567) == "12.35 lakh"
    assert kpi_name("brand_new_kpi") == "Brand new kpi"


def test_picker_names_come_from_the_catalogue_in_both_languages_grouped_by_export():
    options = kpi_options("hi", ["rts_on_time_rate", "pass_approval_rate", "composite_rank"])
    assert options == [
        {"label": "— ज़िला स्कोरकार्ड —", "value": "group:scorecard", "disabled": True},
        {"label": "समग्र रैंक", "value": "composite_rank"},
        {"label": "— मूवमेंट पास —", "value": "group:movement_passes", "disabled": True},
        {"label": "मूवमेंट पास स्वीकृति दर", "value": "pass_approval_rate"},
        {
            "label": "— सेवा वितरण (सरल, आरटीएस) —",
            "value": "group:service_transactions",
            "disabled": True,
        },
        {"label": "आरटीएस समय-सीमा में प्रदान सेवाएँ", "value": "rts_on_time_rate"},
    ]
    assert kpi_options("en", ["rts_on_time_rate"]) == [
        {
            "label": "— Service delivery (SARAL, RTS) —",
            "value": "group:service_transactions",
            "disabled": True,
        },
        {"label": "Delivered within the RTS timeline", "value": "rts_on_time_rate"},
    ]
    for kpi, entry in catalogue().items():
        assert kpi_name(kpi, "hi") == entry.name_hi
        assert kpi_name(kpi, "en") == entry.name
