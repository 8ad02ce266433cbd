"""The case-list page (/cases): its counts are the KPI numerators they explain, its filters
live in the URL, and its downloads hold every matching record in files named after them."""

from __future__ import annotations

import io

import polars as pl
import pytest

from dashboards.i18n import t
from tests.warehouse.case_list_records import kpi_counts
from warehouse.case_kinds import BUCKETS, CASE_KINDS
from warehouse.cases import COLUMNS, query_cases


@pytest.fixture
def cases(app):
    from dashboards.pages import cases  # pages register themselves once an app exists

    return cases


def _rows(block) -> list[dict]:
    """The DataTable rows of a block (a table block, or a chart followed by its table)."""
    for child in block.children:
        table = child.children[0] if hasattr(child, "children") else None
        if getattr(table, "data", None) is not None and hasattr(table, "columns"):
            return table.data
    return block.children[0].data


def test_the_state_table_counts_equal_the_kpi_numerators(app, warehouse, cases):
    with app.server.app_context():
        rows = _rows(cases.update_summary(None, None, "en"))
    shown = {(r["district"], kind): r[kind] for r in rows for kind in CASE_KINDS}
    expected = kpi_counts(warehouse)
    districts = {d for d, _ in expected if d != "Haryana"}
    assert districts and {r["district"] for r in rows} <= districts | {"Haryana"}
    checked = 0
    for (district, kind), count in expected.items():
        if district == "Haryana":
            continue
        assert shown.get((district, kind), 0) == count, (district, kind)
        checked += count
    assert checked > 0  # the fixture has cases to count


def test_a_districts_counts_by_age_add_up_to_its_kpi(app, warehouse, cases):
    expected = kpi_counts(warehouse)
    district = max(
        {d for d, _ in expected if d != "Haryana"},
        key=lambda d: expected.get((d, "rts_overdue"), 0),
    )
    with app.server.app_context():
        block = cases.update_summary(district, None, "en")
    rows = {r["list"]: r for r in _rows(block)}
    from dashboards.case_blocks import kind_name

    for kind, spec in CASE_KINDS.items():
        row = rows[kind_name(kind, "en")]
        assert row["cases"] == sum(row[b] for b in BUCKETS)
        if spec.kpi is not None:
            assert row["cases"] == expected.get((district, kind), 0), kind
    chart = block.children[0].children[0].figure
    assert [trace["name"] for trace in chart["data"] if trace["type"] == "bar"] == [
        "0-7 days",
        "8-30 days",
        "31-90 days",
        "over 90 days",
    ]


def test_the_records_follow_the_filters_most_overdue_first(app, warehouse, cases):
    from dashboards.case_blocks import bucket_name

    district = query_cases(warehouse, "Haryana")["district"].mode()[0]
    truth = query_cases(warehouse, district)
    oldest = truth.sort("days_overdue", descending=True)["ageing_bucket"][0]
    with app.server.app_context():
        every = _rows(cases.update_records(district, None, None, None, "en"))
        older = _rows(cases.update_records(district, None, None, oldest, "hi"))
    assert len(every) == min(truth.height, 1000)
    days = [r["days_overdue"] for r in every]
    assert days == sorted(days, reverse=True)
    aged = set(truth.filter(pl.col("ageing_bucket") == oldest)["record_id"])
    assert len(older) == min(len(aged), 1000) and {r["record_id"] for r in older} <= aged
    assert older and all(r["bucket"] == bucket_name(oldest, "hi") for r in older)


def test_filters_round_trip_through_the_url(app, warehouse, cases):
    from dashboards.urlstate import parse_state, query_from_search

    with app.server.app_context():
        search = cases.update_url("Jhajjar", "<script>", "rts_overdue", ">90", "hi")
        allowed = cases._allowed(warehouse)
    state = parse_state(query_from_search(search), allowed)
    assert (state.district, state.kind, state.bucket, state.lang) == (
        "Jhajjar",
        "rts_overdue",
        ">90",
        "hi",
    )
    assert state.department is None and "script" not in search


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_download_holds_every_matching_record_and_says_what_in_its_name(
    app, warehouse, cases, fmt
):
    import base64

    from dashboards.case_blocks import download

    district = query_cases(warehouse, "Haryana")["district"].mode()[0]
    with app.server.app_context():
        sent = download(warehouse, district, None, list(CASE_KINDS), None, fmt)
    content = base64.b64decode(sent["content"])
    frame = (
        pl.read_excel(io.BytesIO(content), sheet_name="cases")
        if fmt == "xlsx"
        else pl.read_csv(io.BytesIO(content.removeprefix("\ufeff".encode())))
    )
    truth = query_cases(warehouse, district)
    assert frame.columns == COLUMNS
    assert sorted(frame["record_id"].to_list()) == sorted(truth["record_id"].to_list())
    assert sent["filename"].startswith(f"jansewa-cases-{district}-all-")
    assert sent["filename"].endswith(f".{fmt}")


def test_a_snapshot_from_before_the_case_lists_says_so_and_nothing_fails(warehouse, tmp_path):
    """A snapshot published before the case lists existed: every callback of the page
    answers (no server error) and the page says which table is missing."""
    import json
    import shutil

    import duckdb

    from dashboards.app import create_app
    from tests.benchmarks.callback_requests import every_callback_plan
    from warehouse.snapshot import snapshot_path

    older = tmp_path / "jansewa.duckdb"
    shutil.copyfile(snapshot_path(warehouse), snapshot_path(older))
    with duckdb.connect(str(snapshot_path(older))) as con:
        con.execute("drop table case_summary")
        con.execute("drop view case_list")
    client = create_app(older).server.test_client()
    answers = {}
    for name, body in every_callback_plan(older, 3, seed=5):
        if name.startswith("cases."):
            answer = client.post(
                "/_dash-update-component", data=body, content_type="application/json"
            )
            assert answer.status_code in (200, 204), (name, answer.data[:300])
            answers[name] = answer.get_data(as_text=True)
    # The plan draws the language at random: the message is the missing-table one in either.
    summary = json.loads(answers["cases.summary"])["response"]["cases-summary-block"]
    assert summary["children"]["props"]["children"] in {
        t("msg.no_mart", lang, table="case_summary") for lang in ("en", "hi")
    }
    assert json.loads(answers["cases.departments"])["response"]["cases-department"] == {
        "options": []
    }
