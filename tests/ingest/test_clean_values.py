"""clean_export's output schemas, empty files and frames, typed values (dates against
timestamps, amounts, integer ranges), the personal key's hash as the record id, and the
details a quarantine row may show. Reasons and duplicates: test_clean.py."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from pipelines.ingest import clean_export, hash_personal, read_export
from pipelines.ingest.clean import QUARANTINE_SCHEMA, accepted_schema
from pipelines.ingest.pii import hash_series
from warehouse.sources import (
    EOFFICE_FILES,
    HELPLINE_CALLS,
    RELIEF_BENEFICIARIES,
    RELIEF_PAYMENTS,
    SERVICE_TRANSACTIONS,
    SOURCES,
)

from .exportkit import CALL_HEADERS, KEY
from .test_clean import TODAY, clean_rows, row


def test_output_schemas(tmp_path):
    _, result = clean_rows(tmp_path, [row(), row(Call_ID="C9", District="?")])
    assert result.accepted.schema == pl.Schema(accepted_schema(HELPLINE_CALLS))
    assert result.quarantined.schema == pl.Schema(QUARANTINE_SCHEMA)
    assert "caller_mobile" not in result.accepted.columns  # pii without keep is never staged


def test_header_only_file_cleans_to_nothing(tmp_path):
    raw, result = clean_rows(tmp_path, [])
    assert raw.rows_read == 0
    assert result.accepted.height == result.quarantined.height == result.duplicates == 0
    assert result.accepted.schema == pl.Schema(accepted_schema(HELPLINE_CALLS))


def test_date_column_against_timestamp_compares_dates_and_types_every_kind(tmp_path):
    headers = [c.header for c in SERVICE_TRANSACTIONS.columns]
    base = {
        "Token No": "T1",
        "District": "Rohtak",
        "Centre": "SARAL Rohtak",
        "Centre Type": "अटल सेवा केंद्र",
        "Department": "Revenue",
        "Service": "Caste certificate",
        "Token Issued At": "28/05/2020 10:15",
        "Service Completed At": "28/05/2020 10:40",
        "RTS Timeline (days)": "7.0",
        "Delivered On": "28/05/2020",  # same day as a later timestamp: not backwards
        "Status": "वितरित",
        "SMS Sent": "हाँ",
        "Feedback Rating": "5",
        "Citizen Mobile": "98765 43210",
    }
    backwards = {**base, "Token No": "T2", "Delivered On": "27-05-2020"}
    no_sms = {
        **base,
        "Token No": "T3",
        "SMS Sent": "n",
        "Centre Type": "",
        "RTS Timeline (days)": "400",
    }
    rows = [[r[h] for h in headers] for r in (base, backwards, no_sms)]
    _, result = clean_rows(tmp_path, rows, SERVICE_TRANSACTIONS, headers)
    rec = result.accepted.row(0, named=True)
    assert rec["centre_type"] == "atal_seva_kendra" and rec["status"] == "delivered"
    assert rec["sms_sent"] is True and rec["rts_timeline_days"] == 7
    assert rec["delivered_on"] == date(2020, 5, 28)
    assert result.quarantined.select("record_id", "reason").rows() == [
        ("T2", "times run backwards"),
        ("T3", "out of range number"),
    ]


def test_number_amounts_and_pii_key(tmp_path):
    headers = [c.header for c in RELIEF_PAYMENTS.columns]
    rows = [
        ["P1", "B-17", "Jhajjar", "04/05/2020", "1,000", "06/05/2020", "DBT"],
        ["P2", "b-17", "Jhajjar", "04/05/2020", "Rs 1000.00", "", "नकद"],
        ["P3", "B-18", "Jhajjar", "04/05/2020", "0", "", ""],
        ["P4", "B-18", "Jhajjar", "04/05/2020", "1.000,00", "", ""],
    ]
    _, result = clean_rows(tmp_path, rows, RELIEF_PAYMENTS, headers)
    acc = result.accepted
    assert acc["amount"].to_list() == [1000.0, 1000.0]
    assert acc["mode"].to_list() == ["dbt", "cash"]
    # the beneficiary id is personal: its (case-folded) hash is kept for the join
    assert acc["beneficiary_id"].n_unique() == 1 and len(acc["beneficiary_id"][0]) == 64
    assert result.quarantined["reason"].to_list() == ["out of range number", "unparseable number"]


def test_pii_key_column_hash_is_the_record_id(tmp_path):
    headers = [c.header for c in RELIEF_BENEFICIARIES.columns]
    rows = [
        [
            "BEN-1",
            "Hisar",
            "2020-04-01",
            "Ram Kumar",
            "9876543210",
            "FAM-1",
            "Eligible",
            "2020-03-01",
        ]
    ]
    _, result = clean_rows(tmp_path, rows, RELIEF_BENEFICIARIES, headers)
    q = result.quarantined.row(0, named=True)
    assert q["reason"] == "times run backwards" and len(q["record_id"]) == 64
    assert "BEN-1" not in str(q) and "Ram Kumar" not in str(q)
    assert q["record_id"] == hash_series(pl.Series(["BEN-1"]), KEY)[0]
    assert (q["district"], q["event_day"]) == ("Hisar", date(2020, 4, 1))


@pytest.mark.parametrize("source", list(SOURCES.values()), ids=list(SOURCES))
def test_every_source_cleans_an_empty_frame(source):
    empty = pl.DataFrame(
        schema={
            **{c.name: pl.String for c in source.columns},
            "_line": pl.Int64,
            "_extra": pl.String,
        }
    )
    result = clean_export(empty, source, today=TODAY)
    assert result.accepted.schema == pl.Schema(accepted_schema(source))
    assert result.quarantined.height == 0


def test_int_range_of_eoffice_movements_and_dates(tmp_path):
    headers = [c.header for c in EOFFICE_FILES.columns]
    rows = [
        ["F1", "Karnal", "DC Office", "", "2020-01-05", "Electronic", "10", "2020-02-01 10:00", ""],
        ["F2", "Karnal", "DC Office", "", "2020-01-05", "physical", "-1", "", ""],
        ["F3", "Karnal", "DC Office", "", "2020-01-05", "Paper", "1", "", ""],
    ]
    _, result = clean_rows(tmp_path, rows, EOFFICE_FILES, headers)
    assert result.accepted.row(0, named=True)["last_movement_on"] == date(2020, 2, 1)
    assert result.quarantined.select("record_id", "reason", "column_name").rows() == [
        ("F2", "out of range number", "movements"),
        ("F3", "unknown value", "mode"),
    ]


DETAIL_CASES = [
    # (change to the crafted row, reason, column, detail kept)
    ({"District": "Atlantis"}, "unknown district", "district", "Atlantis"),
    ({"Feedback Rating": "good"}, "unparseable number", "feedback_rating", "good"),
    ({"Status": "Done"}, "unknown value", "status", "Done"),
    ({"Resolved At": "28/05/2020 14:02"}, "times run backwards", "resolved_at",
     "resolved_at 28/05/2020 14:02 is before call_received_at 2020-05-28 14:03"),
    # personal-looking values in a code column: hashed at read, never shown
    ({"Resolved At": "98765 43210"}, "unparseable date", "resolved_at", None),
    ({"Status": "asha@example.in"}, "unknown value", "status", None),
    ({"Feedback Rating": "2345 6789 0123"}, "unparseable number", "feedback_rating", None),
    ({"District": "+91 70123-45678"}, "unknown district", "district", None),
]  # fmt: skip


@pytest.mark.parametrize(("changes", "reason", "column", "detail"), DETAIL_CASES)
def test_a_detail_is_shown_only_when_safe(tmp_path, changes, reason, column, detail):
    _, result = clean_rows(tmp_path, [row(**{k.replace(" ", "_"): v for k, v in changes.items()})])
    (q,) = result.quarantined.to_dicts()
    assert (q["reason"], q["column_name"], q["detail"]) == (reason, column, detail)


def test_no_detail_for_an_id_or_a_shifted_line(tmp_path):
    # two different rows with one ID: the id is not a code column, its detail is null
    _, result = clean_rows(tmp_path, [row(), row(Status="Open")])
    assert result.quarantined.select("reason", "detail").rows() == [
        ("conflicting duplicate id", None),
        ("conflicting duplicate id", None),
    ]
    # an unquoted comma in Operator ID shifts "Kamla Devi" into Feedback Rating
    path = tmp_path / "shifted.csv"
    good = ",".join(row(Call_ID="C2"))
    # (the surplus field is what tells a shifted line: here the Food Delivered At value)
    shifted = ",".join(
        row(Operator_ID="OP1, Kamla Devi", Feedback_Rating="", Food_Delivered_At="2020-05-28")
    )
    path.write_text(",".join(CALL_HEADERS) + "\n" + good + "\n" + shifted + "\n")
    raw = read_export(path, HELPLINE_CALLS)
    frame = hash_personal(raw.frame, HELPLINE_CALLS, KEY)
    assert frame["feedback_rating"].to_list() == [
        "4",
        hash_series(pl.Series(["Kamla Devi"]), KEY)[0],  # fails its parse on a shifted line
    ]
    # text values of a shifted line may be anything: hashed; the key and parsed values stay
    assert frame["operator_id"].to_list() == ["OP1", hash_series(pl.Series(["OP1"]), KEY)[0]]
    assert frame["call_id"].to_list() == ["C2", "C1"]
    assert frame["resolved_at"].to_list() == ["2020-05-28 15:00"] * 2
    result = clean_export(frame, HELPLINE_CALLS, today=TODAY)
    (q,) = result.quarantined.to_dicts()
    assert (q["record_id"], q["reason"], q["column_name"], q["detail"]) == (
        "C1",
        "unparseable number",
        "feedback_rating",
        None,
    )
    assert "Kamla" not in str(q) and "Kamla" not in frame.write_csv()
