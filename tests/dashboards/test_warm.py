"""A dashboard worker readies itself before its first request (dashboards/warm.py)."""

from __future__ import annotations

from dashboards import data
from dashboards.warm import warm_up


def test_warm_up_caches_the_first_lookups_of_every_page(warehouse):
    data.clear_cache()
    warm_up(warehouse)
    warmed = data.cache_stats()["queries"]
    assert warmed >= 10  # ids, min cases, periods and status of four grains, departments
    data.periods(warehouse, "month")
    data.period_status(warehouse, "week")
    data.kpi_ids(warehouse)
    assert data.cache_stats()["queries"] == warmed  # answered from the cache


def test_warm_up_without_a_snapshot_leaves_it_to_the_pages(tmp_path):
    warm_up(tmp_path / "jansewa.duckdb")  # nothing published there: no error
