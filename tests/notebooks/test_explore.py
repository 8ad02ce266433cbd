"""warehouse.explore: filters, district spellings, the table allow-list, shared answers, figures."""

from __future__ import annotations

import datetime as dt

import duckdb
import plotly.graph_objects as go
import polars as pl
import pytest

from warehouse import explore
from warehouse.districts import UnknownDistrictError
from warehouse.snapshot import SnapshotMissingError


def test_district_spellings_and_the_state():
    assert explore.resolve_district("gurgaon") == "Gurugram"
    assert explore.resolve_district(" MEWAT ") == "Nuh"
    assert explore.resolve_district("झज्जर") == "Jhajjar"
    assert explore.resolve_district("HARYANA") == "Haryana"
    with pytest.raises(UnknownDistrictError):
        explore.resolve_district("Atlantis")


def test_kpis_filter_by_alias_kpi_grain_and_period(tiny_warehouse):
    frame = explore.kpis("JHAJJAR ", "calls_received", "month", warehouse=tiny_warehouse)
    assert frame.columns == [
        "district",
        "period_start",
        "grain",
        "kpi",
        "numerator",
        "denominator",
        "value",
        "complete",
        "status",
        "ci_low",
        "ci_high",
        "quality_flags",
    ]
    assert frame["district"].unique().to_list() == ["Jhajjar"]
    assert frame["value"].to_list() == [10.0, 30.0]

    may = explore.kpis(
        "Jhajjar", "calls_received", "month", date_from="2020-05-01", warehouse=tiny_warehouse
    )
    assert may["period_start"].to_list() == [dt.date(2020, 5, 1)]
    april = explore.kpis(
        "Jhajjar", "calls_received", "month", date_to=dt.date(2020, 4, 30), warehouse=tiny_warehouse
    )
    assert april["value"].to_list() == [10.0]


def test_kpis_several_districts_and_a_kpi_prefix(tiny_warehouse):
    frame = explore.kpis(
        ["Gurgaon", "Haryana"], "call_category_share.", "total", warehouse=tiny_warehouse
    )
    assert sorted(frame["district"].unique().to_list()) == ["Gurugram", "Haryana"]
    assert sorted(frame["kpi"].unique().to_list()) == [
        "call_category_share.food_not_received",
        "call_category_share.ration",
    ]
    state = frame.filter(
        pl.col("district") == "Haryana", pl.col("kpi").str.ends_with("food_not_received")
    )
    assert state["numerator"].to_list() == [96.0] and state["denominator"].to_list() == [140.0]


def test_kpis_refuse_unknown_grain_and_district(tiny_warehouse):
    with pytest.raises(ValueError, match="grain"):
        explore.kpis(grain="year", warehouse=tiny_warehouse)
    with pytest.raises(UnknownDistrictError):
        explore.kpis("Atlantis", warehouse=tiny_warehouse)


def test_allow_list_refuses_raw_staging_and_row_level_tables(tiny_warehouse):
    for name in (
        "stg_helpline_calls",
        "raw_helpline_calls",
        "quarantine",
        "ingest_manifest",
        "x; drop table kpi_values",
        "KPI_VALUES",
    ):
        with pytest.raises(explore.TableNotAllowedError):
            explore.table(name, warehouse=tiny_warehouse)
    with pytest.raises(explore.TableNotAllowedError, match="not in this snapshot"):
        explore.table("kpi_nothing_here", warehouse=tiny_warehouse)
    tables = explore.list_tables(tiny_warehouse)
    assert "kpi_values" in tables and "dq_results" in tables
    assert not {"quarantine", "stg_helpline_calls", "ingest_manifest"} & set(tables)


@pytest.mark.parametrize(
    "name", ["raw_helpline_calls", "stg_grievances", "stg_grievances_versions", "quarantine"]
)
def test_a_raw_or_staging_table_is_refused_with_a_message_that_says_where_to_look(
    tiny_warehouse, name
):
    with pytest.raises(explore.TableNotAllowedError) as refused:
        explore.table(name, warehouse=tiny_warehouse)
    message = str(refused.value)
    assert message.startswith(f"{name} is internal to the pipeline")
    assert "kpi_" in message and "\n" not in message
    # ... and the table is not in the snapshot at all, so raw SQL cannot reach it either.
    with explore.connect(tiny_warehouse) as con, pytest.raises(duckdb.CatalogException):
        con.execute(f"select * from {name}")


def test_table_filters(tiny_warehouse):
    frame = explore.table(
        "kpi_daily", district="gurgaon", kpi="rts_score", warehouse=tiny_warehouse
    )
    assert frame.height == 1 and frame["numerator"][0] == 90
    frame = explore.table("kpi_daily", date_from="2020-05-01", warehouse=tiny_warehouse)
    assert frame["day"].unique().to_list() == [dt.date(2020, 5, 1)]
    with pytest.raises(ValueError, match="no column"):
        explore.table("kpi_daily", colour="red", warehouse=tiny_warehouse)
    with pytest.raises(ValueError, match="no date column"):
        explore.table("dq_results", date_from="2020-05-01", warehouse=tiny_warehouse)


def test_catalogue_of_sources_and_kpis(tiny_warehouse):
    sources = explore.list_sources(tiny_warehouse)
    assert sources.height == 10  # every source of the contracts, loaded or not
    calls = sources.filter(pl.col("source") == "helpline_calls").row(0, named=True)
    assert calls["records"] == 140 and calls["files"] == 1
    assert calls["last_event_day"] == dt.date(2020, 5, 1)
    assert sources.filter(pl.col("source") == "grievances")["records"].to_list() == [None]

    kpis = explore.list_kpis(tiny_warehouse)
    assert {"kpi", "label", "label_hi", "direction", "maturity_days"} <= set(kpis.columns)
    assert kpis.height == 67  # the whole catalogue, not only the snapshot's few rows
    approval = kpis.filter(pl.col("kpi") == "pass_approval_rate").row(0, named=True)
    assert (approval["label"], approval["direction"], approval["maturity_days"]) == (
        "Movement-pass approval rate",
        None,
        2,
    )


def test_call_mix_counts_add_up(tiny_warehouse):
    mix = explore.call_mix("Jhajjar", warehouse=tiny_warehouse)
    assert mix["category"].to_list() == ["food_not_received", "ration"]
    assert mix["calls"].to_list() == [26, 14]
    assert mix["label"].to_list() == ["Food not received", "Ration"]
    assert mix["share"].sum() == pytest.approx(1.0)


def test_ranking_follows_the_kpi_direction(tiny_warehouse):
    rts = explore.ranking("rts_score", warehouse=tiny_warehouse)
    # Nuh has no scored transaction: no value, last and unranked.
    assert rts["district"].to_list() == ["Gurugram", "Jhajjar", "Nuh"]
    assert rts["rank"].to_list() == [1, 2, None]
    backlog = explore.ranking("grievance_pending_over_30d", warehouse=tiny_warehouse)
    assert backlog["district"].to_list() == ["Gurugram", "Jhajjar", "Nuh"]  # lower is better
    assert explore.best_district("rts_score", warehouse=tiny_warehouse) == "Gurugram"
    assert "Haryana" not in rts["district"].to_list()


def test_kpi_table_shows_every_row_with_labels(tiny_warehouse):
    frame = explore.kpis("Jhajjar", grain="total", warehouse=tiny_warehouse)
    page = explore.kpi_table(frame, "Jhajjar", warehouse=tiny_warehouse)._repr_html_()
    assert page.count("<tr data-kpi=") == frame.height
    # The name is the catalogue's (kpis.yml), not the snapshot's.
    assert "<td>RTS waiting-time score</td>" in page and "8.0000" not in page and ">8<" in page


def test_figures_are_plain_go_figures(tiny_warehouse):
    trend = explore.trend_figure(
        explore.kpis(["Jhajjar", "Haryana"], "calls_received", "month", warehouse=tiny_warehouse),
        "calls_received",
    )
    assert isinstance(trend, go.Figure)
    assert [t.name for t in trend.data] == ["Haryana", "Jhajjar"]
    assert trend.data[0].line.dash == "dash"
    bar = explore.ranked_bar(
        explore.ranking("rts_score", warehouse=tiny_warehouse), "rts_score", highlight="Jhajjar"
    )
    assert list(bar.data[0].y) == ["Gurugram", "Jhajjar"]
    assert bar.data[0].marker.color[1] == explore.HIGHLIGHT_COLOUR
    mix = explore.category_mix_figure(explore.call_mix("Jhajjar", warehouse=tiny_warehouse))
    assert "26 (65.0%)" in mix.data[0].text


def test_connections_are_closed_and_the_snapshot_is_required(tiny_warehouse, tmp_path):
    explore.kpis(warehouse=tiny_warehouse)
    # With every connection closed, a writer may open the snapshot file again.
    import duckdb

    duckdb.connect(str(explore.snapshot_file(tiny_warehouse))).close()
    with pytest.raises(SnapshotMissingError):
        explore.kpis(warehouse=tmp_path / "none.duckdb")


def test_default_path_comes_from_the_environment(tiny_warehouse, monkeypatch):
    monkeypatch.setenv("JANSEWA_WAREHOUSE", str(tiny_warehouse))
    assert explore.snapshot_file() == tiny_warehouse.with_name("jansewa.published.duckdb")
    assert explore.kpis("Nuh", "rts_score", "total")["value"].to_list() == [None]
