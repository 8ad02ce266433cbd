"""Personal data that the contract does not announce never lands in the warehouse in clear.

Exports are written (CSV and .xlsx) with phone numbers, identity numbers, e-mails and names
in extra columns under many header spellings -- English, Hindi, transliterated, and ones no
list of personal words would catch -- and inside free text (movement-pass Purpose, grievance
Subject, a "Remarks" extra). Some rows are rejected because a personal value sits in the
wrong column. The real load path runs (load_raw, then stage_source), and every value of
every column of every table of the warehouse is searched for every planted value.

The scan is shown able to fail twice: it finds every planted value in the exported files
first, and it finds one planted into a warehouse table afterwards.
"""

from __future__ import annotations

import json
import re

import duckdb
import pytest

from pipelines.ingest.pii import hmac_hex
from pipelines.load.raw import load_raw
from pipelines.load.stage import stage_source
from tests.ingest.exportkit import CALL_HEADERS
from tests.reliability.planted_extras import (
    BENEFICIARY,
    CALL_EXTRAS,
    KEY,
    PASS_PURPOSE,
    all_planted,
    file_texts,
    found_in,
    warehouse_texts,
    write_exports,
)
from warehouse.schema import create_load_tables
from warehouse.sources import SOURCES


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    root = tmp_path_factory.mktemp("extras")
    paths = write_exports(root / "exports")
    con = duckdb.connect(str(root / "wh.duckdb"))
    create_load_tables(con)
    audits = {}
    for name in ("helpline_calls", "movement_passes", "grievances", "relief_beneficiaries"):
        load_raw(con, SOURCES[name], root / "exports", KEY, "run-1")
        audits[name] = stage_source(con, SOURCES[name], "run-1").files
    yield con, paths, audits
    con.close()


def test_the_planted_values_are_in_the_exported_files(loaded):
    _, paths, _ = loaded
    planted = all_planted()
    assert len(CALL_EXTRAS) >= 10
    assert found_in(file_texts(paths), planted) == {p.value for p in planted}


def test_every_file_loaded_and_balanced(loaded):
    con, _, audits = loaded
    counts = {
        name: [(a.rows_read, a.accepted, a.duplicates, a.quarantined) for a in files]
        for name, files in audits.items()
    }
    assert counts == {
        "helpline_calls": [(6, 1, 0, 5)],  # C2..C4 wrong values, C9 shifted
        "movement_passes": [(2, 0, 0, 2)],  # same application twice, different purpose
        "grievances": [(1, 1, 0, 0)],
        "relief_beneficiaries": [(2, 0, 0, 2)],  # one ID on two different rows
    }
    statuses = con.execute("select distinct status from ingest_manifest").fetchall()
    assert statuses == [("staged",)]


def test_no_planted_value_anywhere_in_the_warehouse(loaded):
    con, _, _ = loaded
    texts, tables = warehouse_texts(con)
    for table in ("raw_helpline_calls", "stg_helpline_calls", "stg_helpline_calls_versions",
                  "raw_movement_passes", "raw_grievances", "raw_relief_beneficiaries",
                  "quarantine", "ingest_manifest", "load_audit"):  # fmt: skip
        assert table in tables
    assert not found_in(texts, all_planted())

    # Control: the same scan finds a value planted into a table of this warehouse.
    con.execute("create table planted (j varchar)")
    con.execute("""insert into planted values ('{"note": "ring +91 98123-45678"}')""")
    texts, _ = warehouse_texts(con)
    assert found_in(texts, all_planted()) == {"98123 45678"}
    con.execute("drop table planted")


def test_extras_keep_their_labels_and_the_keyed_hash_of_every_value(loaded):
    con, _, _ = loaded
    (extra,) = con.execute(
        "select _extra::json from raw_helpline_calls where call_id = 'C1'"
    ).fetchone()
    extra = json.loads(extra)
    unnamed = f"column_{len(CALL_HEADERS) + 14}"
    assert list(extra) == [*(h or unnamed for h in CALL_EXTRAS), "_overflow"]
    assert extra.pop("_overflow") is None  # the CSV reader's key for a surplus field
    assert extra["Contact"] == hmac_hex(KEY, "9812345678")
    assert extra["Alt. No."] == hmac_hex(KEY, "7012345678")
    assert extra["Guardian"] == hmac_hex(KEY, "baldev singh rana")
    assert all(re.fullmatch("[0-9a-f]{64}", v) for v in extra.values())
    (purpose,) = con.execute("select purpose from raw_movement_passes limit 1").fetchone()
    assert purpose == hmac_hex(KEY, PASS_PURPOSE.value.casefold())
    staged = {r[0] for r in con.execute("describe stg_movement_passes").fetchall()}
    assert "purpose" not in staged


def test_quarantine_rows_say_where_and_when_never_what(loaded):
    con, _, _ = loaded
    columns = [r[0] for r in con.execute("describe quarantine").fetchall()]
    assert "row_json" not in columns
    rows = con.execute(
        "select source, record_id, reason, column_name, detail, district, event_day::varchar "
        "from quarantine order by source, line"
    ).fetchall()
    ben = hmac_hex(KEY, BENEFICIARY["id"].value.casefold())
    assert rows == [
        ("helpline_calls", "C2", "unknown district", "district", "Atlantis", None, "2020-04-01"),
        ("helpline_calls", "C3", "unparseable date", "resolved_at", None, "Jhajjar", "2020-04-01"),
        ("helpline_calls", "C4", "unknown value", "status", None, "Jhajjar", "2020-04-01"),
        ("helpline_calls", "C5", "unparseable number", "feedback_rating", None, "Jhajjar",
         "2020-04-01"),
        # shifted right: the name landed in Feedback Rating; its detail is not kept
        ("helpline_calls", "C9", "unparseable number", "feedback_rating", None, "Jhajjar",
         "2020-04-01"),
        ("movement_passes", "A1", "conflicting duplicate id", "application_no", None, "Karnal",
         "2020-05-01"),
        ("movement_passes", "A1", "conflicting duplicate id", "application_no", None, "Karnal",
         "2020-05-01"),
        ("relief_beneficiaries", ben, "conflicting duplicate id", "beneficiary_id", None,
         "Hisar", "2020-04-01"),
        ("relief_beneficiaries", ben, "conflicting duplicate id", "beneficiary_id", None,
         "Hisar", "2020-04-01"),
    ]  # fmt: skip
