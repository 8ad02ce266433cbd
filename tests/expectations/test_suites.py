"""The suite files: valid JSON that GX loads, named and graded checks, true to the contracts."""

from __future__ import annotations

import json

import pytest

from expectations.catalog import SUITES_DIR, check_specs, load_suite_dict, suite_path
from warehouse.districts import district_names
from warehouse.schema import LINEAGE
from warehouse.sources import SOURCES

SOURCE_NAMES = list(SOURCES)


def test_one_suite_file_per_source():
    assert sorted(p.stem for p in SUITES_DIR.glob("*.json")) == sorted(SOURCE_NAMES)


@pytest.mark.parametrize("source", SOURCE_NAMES)
def test_suite_is_json_that_gx_loads(source):
    from great_expectations.core import ExpectationSuite

    data = json.loads(suite_path(source).read_text(encoding="utf-8"))
    suite = ExpectationSuite(**data)
    assert suite.name == source
    assert len(suite.expectations) == len(data["expectations"]) > 0


@pytest.mark.parametrize("source", SOURCE_NAMES)
def test_every_expectation_is_named_graded_and_explained(source):
    gx_severity = {"blocking": "critical", "warning": "warning"}
    for exp in load_suite_dict(source)["expectations"]:
        meta = exp["meta"]
        assert meta["severity"] in ("blocking", "warning"), exp
        assert meta["why"].strip(), exp
        assert exp["severity"] == gx_severity[meta["severity"]], exp
    names = [s.name for s in check_specs(source)]
    assert len(names) == len(set(names))
    assert all(n.replace("_", "").isalnum() and n == n.lower() for n in names)


@pytest.mark.parametrize("source", SOURCE_NAMES)
def test_named_columns_exist_in_staging(source):
    spec = SOURCES[source]
    staged = {c.name for c in spec.staged_columns} | {name for name, _ in LINEAGE}
    for exp in load_suite_dict(source)["expectations"]:
        column = exp["kwargs"].get("column")
        if column is not None:
            assert column in staged, (source, column)
        query = exp["kwargs"].get("unexpected_rows_query")
        if query is not None:
            assert "{batch}" in query
            # Columns a query reports must not be personal (the key's hash included).
            select_list = query.split("from", 1)[0]
            for col in spec.personal:
                assert col.name not in select_list.replace(f"where {col.name}", ""), (
                    source,
                    exp["meta"]["check"],
                )


@pytest.mark.parametrize("source", SOURCE_NAMES)
def test_suite_covers_the_contract(source):
    spec = SOURCES[source]
    by_name = {e["meta"]["check"]: e for e in load_suite_dict(source)["expectations"]}
    for col in spec.required:
        assert by_name[f"{col.name}_not_null"]["meta"]["severity"] == "blocking"
    assert f"{spec.key}_unique" in by_name
    assert by_name["district_in_set"]["kwargs"]["value_set"] == district_names()
    for col in spec.staged_columns:
        if col.kind == "label":
            assert set(by_name[f"{col.name}_in_set"]["kwargs"]["value_set"]) == set(col.labels)
        if col.kind in ("timestamp", "date"):
            assert f"{col.name}_not_before_2015" in by_name
            assert f"{col.name}_not_in_future" in by_name
        if col.name.endswith("rating"):
            rule = by_name[f"{col.name}_in_range"]["kwargs"]
            assert (rule["min_value"], rule["max_value"]) == (1, 5)
        if col.multiple_of:
            assert by_name[f"{col.name}_multiple_of_{col.multiple_of}"]["meta"]["severity"] == (
                "warning"
            )
    for earlier, later in spec.ordering:
        assert f"{later}_not_before_{earlier}" in by_name
    volume = [n for n in by_name if "volume" in n]
    assert len(volume) == 1 and by_name[volume[0]]["meta"]["severity"] == "warning"
