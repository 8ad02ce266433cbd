"""URL query strings: parsed against allow-lists, written back; junk and injections ignored."""

from __future__ import annotations

import pytest

from dashboards.urlstate import Allowed, UrlState, parse_state, query_from_search, serialise_state

ALLOWED = Allowed(
    kpis=frozenset({"pass_approval_rate", "calls_received"}), periods=frozenset({"2020-05-01"})
)


def test_round_trip():
    state = UrlState(
        lang="hi",
        kpi="pass_approval_rate",
        grain="month",
        period="2020-05-01",
        districts=("Jhajjar", "Charkhi Dadri"),
    )
    search = serialise_state(state)
    assert search.startswith("?lang=hi&kpi=pass_approval_rate&grain=month&period=2020-05-01")
    assert parse_state(query_from_search(search), ALLOWED) == state


def test_defaults_are_left_out():
    assert serialise_state(UrlState()) == ""


@pytest.mark.parametrize(
    "search",
    [
        "?kpi=pass_approval_rate'%20or%201=1--",
        "?kpi=;drop table kpi_values",
        "?kpi=unknown_kpi",
        "?grain=year",
        "?period=2020-05-01'); drop table x;--",
        "?period=1999-01-01",
        "?lang=fr",
        "?district=Narnia",
        "?district=<script>alert(1)</script>",
        "?districts=Jhajjar,<img src=x>,Jhajjar",
        "?kpi=" + "a" * 500,
        "?unknown=1&kpi",
    ],
)
def test_unknown_or_malicious_values_are_ignored(search):
    state = parse_state(query_from_search(search), ALLOWED)
    assert state.kpi in (None,)
    assert state.grain is None
    assert state.period is None
    assert state.lang == "en"
    assert state.district is None
    assert set(state.districts) <= {"Jhajjar"}


def test_repeated_keys_take_the_first_value():
    state = parse_state({"kpi": ["calls_received", "x"], "grain": ["week"]}, ALLOWED)
    assert state.kpi == "calls_received"
    assert state.grain == "week"


def test_district_list_is_deduplicated_and_capped():
    many = ",".join(
        [
            "Jhajjar",
            "Jhajjar",
            "Ambala",
            "Bhiwani",
            "Hisar",
            "Jind",
            "Karnal",
            "Nuh",
            "Palwal",
            "Rohtak",
        ]
    )
    state = parse_state({"districts": many}, ALLOWED)
    assert state.districts[0] == "Jhajjar"
    assert len(state.districts) == 8
