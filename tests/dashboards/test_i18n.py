"""Indian number formats and the English/Hindi labels."""

from __future__ import annotations

import pytest

from dashboards.catalog import format_change, format_value
from dashboards.i18n import (
    district_name,
    format_compact,
    format_indian,
    format_percent,
    format_rupees,
    kpi_name,
    t,
)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0, "0"),
        (999, "999"),
        (1000, "1,000"),
        (99999, "99,999"),
        (100000, "1,00,000"),
        (103515, "1,03,515"),
        (12345678, "1,23,45,678"),
        (25351462, "2,53,51,462"),
        (-103515, "-1,03,515"),
        (None, "–"),
        (float("nan"), "–"),
    ],
)
def test_indian_grouping(value, text):
    assert format_indian(value) == text


def test_indian_grouping_with_decimals():
    assert format_indian(1234567.891, 2) == "12,34,567.89"
    assert format_indian(-0.04, 1) == "0.0"


def test_lakh_and_crore():
    assert format_compact(12345678) == "1.23 crore"
    assert format_compact(250000) == "2.50 lakh"
    assert format_compact(103515) == "1.04 lakh"
    assert format_compact(99999) == "99,999"
    assert format_compact(12345678, "hi") == "1.23 करोड़"
    assert format_compact(250000, "hi") == "2.50 लाख"
    assert format_rupees(31640000) == "Rs 3.16 crore"


def test_percent_and_kpi_values():
    assert format_percent(0.29) == "29.0 %"
    assert format_value("pass_approval_rate", 8304 / 28629) == "29.0 %"
    assert format_value("calls_received", 103515) == "1.04 lakh"
    assert format_value("rts_score", 7.25) == "7.2" or format_value("rts_score", 7.25) == "7.3"
    assert format_change("pass_approval_rate", 0.30, 0.29, "en") == "+1.0 points"
    assert format_change("calls_received", 90, 100, "en") == "-10.0 %"


def test_hindi_labels_and_district_names():
    assert district_name("Jhajjar", "hi") == "झज्जर"
    assert district_name("Gurugram", "hi") == "गुरुग्राम"
    assert district_name("Haryana", "hi") == "हरियाणा"
    assert district_name("Jhajjar", "en") == "Jhajjar"
    assert t("nav.explorer", "hi") == "संकेतक विश्लेषण"
    assert t("nav.explorer", "xx") == "KPI explorer"  # unknown language -> English
    assert kpi_name("pass_approval_rate", "hi") == "मूवमेंट पास स्वीकृति दर"
    assert kpi_name("call_category_share.ration", "en") == "Share of calls: ration"
    assert "राशन" in kpi_name("call_category_share.ration", "hi")
    assert kpi_name("brand_new_kpi") == "Brand new kpi"


def test_per_lakh_kpis_have_their_own_unit_and_one_decimal():
    from dashboards.catalog import format_value, info, unit_label

    assert info("calls_per_lakh").kind == "per_lakh"
    assert unit_label("calls_per_lakh") == "per lakh residents"
    assert unit_label("grievances_per_lakh", "hi") == "प्रति लाख निवासी"
    assert format_value("calls_per_lakh", 542.04) == "542.0"
