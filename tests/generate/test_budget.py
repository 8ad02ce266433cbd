"""Demo size and coverage: the row budget, all 22 districts in every source, the summary."""

from __future__ import annotations

from tests.generate.reader import final_records
from warehouse.districts import district_names
from warehouse.sources import SOURCE_NAMES


def test_demo_stays_within_the_row_budget(demo):
    _, summary = demo
    assert 200_000 <= summary.total_rows <= 310_000
    assert summary.seconds < 60  # 20 s on a quiet 2-core machine; CI boxes are noisier


def test_every_source_has_files_and_all_22_districts(demo):
    out, summary = demo
    assert set(summary.rows_per_source) == set(SOURCE_NAMES)
    for source in SOURCE_NAMES:
        districts = {r["district"] for r in final_records(out, source).values()}
        assert districts == set(district_names()), source


def test_describe_names_every_source(demo):
    text = demo[1].describe()
    assert all(source in text for source in SOURCE_NAMES)
    assert "bad" in text and " s" in text
