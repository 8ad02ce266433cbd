"""data.py (caching per snapshot version, swaps, missing snapshot) and page callbacks called
directly, with their numbers checked against `jansewa kpis` (warehouse.kpis.query_kpis)."""

from __future__ import annotations

import shutil
import threading

import pytest

from dashboards import data
from dashboards.app import create_app
from dashboards.i18n import kpi_name
from pipelines.publication import publish_snapshot
from warehouse.kpis import query_kpis
from warehouse.snapshot import SnapshotMissingError, snapshot_path


def _kpis(warehouse, **kw) -> dict[str, float]:
    frame = query_kpis(warehouse, **kw)
    return {r["district"]: r["value"] for r in frame.iter_rows(named=True)}


def test_results_are_cached_per_snapshot_version(warehouse):
    data.clear_cache()
    first = data.kpi_by_district(
        warehouse, "rts_score", "total", data.periods(warehouse, "total")[0]
    )
    queries = data.cache_stats()["queries"]
    again = data.kpi_by_district(
        warehouse, "rts_score", "total", data.periods(warehouse, "total")[0]
    )
    assert again is first
    assert data.cache_stats()["queries"] == queries
    assert data.cache_stats()["hits"] >= 2


def test_a_new_snapshot_is_read_after_a_swap(warehouse, tmp_path):
    copy = tmp_path / "jansewa.duckdb"
    shutil.copyfile(warehouse, copy)
    publish_snapshot(copy)
    data.clear_cache()
    before = data.kpi_ids(copy)
    import duckdb

    con = duckdb.connect(str(copy))
    con.execute(
        "insert into kpi_values_stored (district, period_start, grain, kpi, numerator) "
        "values ('Haryana', date '2020-04-01', 'total', 'zz_new_kpi', 1)"
    )
    con.close()
    publish_snapshot(copy)  # os.replace: a new version
    after = data.kpi_ids(copy)
    assert "zz_new_kpi" not in before and "zz_new_kpi" in after


def test_queries_racing_swaps_never_fail(warehouse, tmp_path):
    copy = tmp_path / "jansewa.duckdb"
    shutil.copyfile(warehouse, copy)
    publish_snapshot(copy)
    data.clear_cache()
    errors: list[Exception] = []
    stop = threading.Event()

    def swapper():
        while not stop.is_set():
            publish_snapshot(copy)

    thread = threading.Thread(target=swapper)
    thread.start()
    try:
        for _ in range(30):
            try:
                assert len(data.kpi_ids(copy)) > 10
                data.period_values(copy, "total", data.periods(copy, "total")[0])
            except Exception as exc:  # pragma: no cover - what the test looks for
                errors.append(exc)
    finally:
        stop.set()
        thread.join()
    assert errors == []


def test_missing_snapshot_is_a_clear_error_and_a_page_message(tmp_path):
    nowhere = tmp_path / "none" / "jansewa.duckdb"
    with pytest.raises(SnapshotMissingError):
        data.kpi_ids(nowhere)
    app = create_app(nowhere)
    from dashboards.pages import explorer, overview

    with app.server.app_context():
        page = overview.layout()
        assert "jansewa refresh" in str(page)
        assert "no-snapshot" in str(explorer.layout(lang="hi"))
    client = app.server.test_client()
    assert client.get("/").status_code == 200
    assert not snapshot_path(nowhere).exists()


def test_explorer_callback_matches_jansewa_kpis(app, warehouse):
    from dashboards.explorer_callbacks import update_explorer
    from dashboards.pages import explorer

    period = explorer.resolve_state(warehouse, {"grain": "month"})[0].period
    with app.server.app_context():
        bar, tiles, table, search = update_explorer(
            "pass_approval_rate", "month", period, ["Jhajjar"], "en"
        )
    expected = {
        r["district"]: r["value"]
        for r in query_kpis(warehouse, grain="month", kpi="pass_approval_rate").iter_rows(
            named=True
        )
        if str(r["period_start"]) == period
    }
    fig = bar.children[0].figure
    shown = dict(zip(fig["data"][0]["y"], fig["data"][0]["x"], strict=True))
    assert shown.keys() == {d for d in expected if d != "Haryana"}
    for district, value in shown.items():
        assert value == pytest.approx(expected[district] * 100)
    assert search == f"?kpi=pass_approval_rate&grain=month&period={period}&districts=Jhajjar"
    rows = table.children[0].data
    assert rows[-1]["district"] == "Haryana"
    assert rows[-1]["value"] == pytest.approx(expected["Haryana"] * 100)


def test_explorer_callback_ignores_values_not_offered(app):
    from dashboards.explorer_callbacks import update_explorer

    with app.server.app_context():
        out = update_explorer("x'; drop table kpi_values;--", "month", "2020-05-01", ["<b>"], "en")
    assert "No data for this selection." in str(out[0])
    assert "drop" not in out[-1] or "%27" in out[-1]


def test_jhajjar_published_pass_figures(app, warehouse):
    from dashboards.pages import district

    with app.server.app_context():
        funnels = district.funnels_block(warehouse, "Jhajjar", "en")
    passes = funnels[0].children[0].figure["data"][0]
    assert list(passes["x"])[0] == 28629
    assert list(passes["x"])[-1] == 8304
    assert passes["text"][-1] == "8,304 (29.0 %)"


def test_overview_headline_against_state_rows(app, warehouse):
    from dashboards.pages import overview

    period = data.periods(warehouse, "total")[0]
    with app.server.app_context():
        cards, scorecard, alerts, search = overview.update_overview("total", period, "hi")
    expected = _kpis(warehouse, grain="total", kpi="calls_received", district="Haryana")["Haryana"]
    from dashboards.catalog import format_value

    assert format_value("calls_received", expected, "hi") in str(cards)
    assert "हेल्पलाइन पर प्राप्त कॉल" in str(cards)
    assert "decided_after_applied" in str(alerts)  # the latest run's warning
    assert "call_id_unique" not in str(alerts)  # failed in an older run only
    assert search.startswith("?lang=hi&grain=total")


def test_overview_standing_ranks_every_district_and_names_what_drives_the_best_and_worst(
    app, warehouse
):
    """The composite chart holds every district with a composite, in rank order; the best
    and worst lists name each district's strongest and weakest scored KPI, which are the
    highest and lowest scaled scores among its weighted KPIs in kpi_scorecard_components."""
    import duckdb

    from dashboards.pages import overview
    from warehouse.snapshot import snapshot_path

    with app.server.app_context():
        block = overview.update_standing("month", "2020-05-01", "en")
    chart = block.children[0].children[0].figure["data"][0]
    with duckdb.connect(str(snapshot_path(warehouse)), read_only=True) as con:
        ranked = con.execute(
            "select district from kpi_scorecard where grain = 'month' "
            "and period_start = '2020-05-01' and composite_rank is not null "
            "order by composite_rank, district"
        ).fetchall()
        best = ranked[0][0]
        low, high = con.execute(
            "select arg_min(kpi, scaled_score), arg_max(kpi, scaled_score) "
            "from kpi_scorecard_components where grain = 'month' and period_start = '2020-05-01' "
            "and district = ? and scaled_score is not null and effective_weight > 0",
            [best],
        ).fetchone()
    assert list(chart["y"])[: len(ranked)] == [d for (d,) in ranked]
    assert all(0 <= x <= 100 for x in chart["x"])
    lists = str(block.children[1])
    assert f"1. {best}" in lists
    assert f"strongest: {kpi_name(high)}" in lists and f"weakest: {kpi_name(low)}" in lists


def test_the_old_basic_auth_variables_stop_the_app_with_directions(warehouse, monkeypatch):
    """Earlier versions' shared password is no longer read: an installation that set it is
    told what to do instead of being served open (sign-in: tests/dashboards/test_sign_in.py)."""
    from dashboards.auth import AuthConfigError

    monkeypatch.setenv("JANSEWA_DASH_USER", "cell")
    monkeypatch.setenv("JANSEWA_DASH_PASSWORD", "s3cret")
    with pytest.raises(AuthConfigError, match="jansewa users add NAME --role state"):
        create_app(warehouse)


def test_data_docs_are_served_and_contained(warehouse, tmp_path):
    copy = tmp_path / "wh" / "jansewa.duckdb"
    copy.parent.mkdir()
    docs = copy.parent / "data_docs"
    docs.mkdir()
    (docs / "index.html").write_text("<h1>docs</h1>")
    (tmp_path / "secret.txt").write_text("no")
    client = create_app(copy).server.test_client()
    assert client.get("/data-docs/").data == b"<h1>docs</h1>"
    assert client.get("/data-docs/../secret.txt").status_code == 404
    assert client.get("/data-docs/%2e%2e/secret.txt").status_code == 404


def test_no_query_reads_staging_or_personal_columns():
    import inspect

    source = inspect.getsource(data)
    assert "from stg_" not in source and "join stg_" not in source
    for column in ("caller_mobile", "beneficiary_id", "applicant", "mobile", "phone"):
        assert column not in source


def test_every_app_in_a_process_gets_the_download_buttons(warehouse):
    """Two apps in one process (tests, a reloaded server): both wire the CSV buttons; Dash's
    module-level callbacks would have gone to the first app served only."""
    from dashboards.app import create_app

    for _ in range(2):
        client = create_app(warehouse).server.test_client()
        assert client.get("/").status_code == 200
        callbacks = client.get("/_dash-dependencies").get_json()
        assert any("table-csv-file" in c["output"] for c in callbacks)
