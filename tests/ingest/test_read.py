"""File-level behaviour of read_export: rejections and awkward but loadable files."""

from __future__ import annotations

import json

import pytest

from pipelines.ingest import ExportRejected, read_export
from warehouse.sources import HELPLINE_CALLS, MOVEMENT_PASSES

from .exportkit import CALL_HEADERS, csv_bytes, write_csv, write_xlsx

ROW = [
    "C1",
    "Jhajjar",
    "2020-05-28 14:03",
    "1950",
    "9876543210",
    "Ration",
    "Open",
    "",
    "OP1",
    "4",
    "",
]


def rejected(path, source=HELPLINE_CALLS, name=None) -> str:
    with pytest.raises(ExportRejected) as info:
        read_export(path, source, name)
    return str(info.value)


def test_missing_required_column_names_file_and_column(tmp_path):
    headers = [h for h in CALL_HEADERS if h != "Call Received At"]
    row = [v for h, v in zip(CALL_HEADERS, ROW, strict=True) if h != "Call Received At"]
    path = write_csv(tmp_path / "calls_may.csv", [headers, row])
    message = rejected(path, name="helpline_calls/calls_may.csv")
    assert message == "helpline_calls/calls_may.csv: missing required column 'Call Received At'"


def test_missing_optional_column_is_fine(tmp_path):
    headers = [h for h in CALL_HEADERS if h not in ("Helpline", "Food Delivered At")]
    row = [
        v
        for h, v in zip(CALL_HEADERS, ROW, strict=True)
        if h not in ("Helpline", "Food Delivered At")
    ]
    raw = read_export(write_csv(tmp_path / "c.csv", [headers, row]), HELPLINE_CALLS)
    assert raw.frame["helpline"].to_list() == [None] and raw.frame[
        "food_delivered_at"
    ].to_list() == [None]
    assert raw.frame["_extra"].to_list() == [None]


def test_unknown_suffix(tmp_path):
    path = tmp_path / "calls.json"
    path.write_text("{}")
    assert "unsupported file type '.json'" in rejected(path)
    (tmp_path / "calls.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    assert "unsupported file type '.xls'" in rejected(tmp_path / "calls.xls")


def test_corrupt_xlsx(tmp_path):
    path = tmp_path / "calls.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip file")
    assert "cannot open the Excel file" in rejected(path)
    good = write_xlsx(tmp_path / "good.xlsx", [CALL_HEADERS, ROW])
    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(good.read_bytes()[:-200])
    assert str(truncated) in rejected(truncated)


def test_xlsx_without_the_header_names_the_missing_columns(tmp_path):
    path = write_xlsx(tmp_path / "c.xlsx", [["Call ID", "District"], ["C1", "Jind"]])
    message = rejected(path)
    assert "missing required columns 'Call Received At', 'Category', 'Status'" in message


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"\n\n  \r\n"])
def test_empty_file(tmp_path, content):
    path = tmp_path / "c.csv"
    path.write_bytes(content)
    assert rejected(path).endswith("empty file")


def test_header_only_is_zero_rows_not_an_error(tmp_path):
    for newline in ("\n", ""):
        path = tmp_path / "c.csv"
        path.write_bytes(csv_bytes([CALL_HEADERS]).rstrip(b"\n") + newline.encode())
        raw = read_export(path, HELPLINE_CALLS)
        assert raw.rows_read == 0 and raw.frame.height == 0
        assert raw.frame.columns[-2:] == ["_line", "_extra"]
    raw = read_export(write_xlsx(tmp_path / "c.xlsx", [CALL_HEADERS]), HELPLINE_CALLS)
    assert raw.rows_read == 0


def test_wrong_delimiter_is_rejected_with_a_hint(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text(";".join(CALL_HEADERS) + "\n" + ";".join(ROW) + "\n", encoding="utf-8")
    message = rejected(path)
    assert "missing required columns 'Call ID', 'District'" in message
    assert "';'-separated" in message


def test_duplicated_contract_header_is_rejected_and_duplicated_extras_kept(tmp_path):
    path = write_csv(tmp_path / "c.csv", [[*CALL_HEADERS, "call_id"], [*ROW, "C2"]])
    assert "column 'Call ID' appears twice" in rejected(path)
    raw = read_export(
        write_csv(tmp_path / "d.csv", [[*CALL_HEADERS, "Note", "Note", ""], [*ROW, "a", "b", "c"]]),
        HELPLINE_CALLS,
    )
    assert json.loads(raw.frame["_extra"][0]) == {"Note": "a", "Note_2": "b", "column_14": "c"}


def test_truncated_last_line_loads_what_is_there(tmp_path):
    data = csv_bytes([CALL_HEADERS, ROW, ROW]).rstrip(b"\n")
    path = tmp_path / "c.csv"
    path.write_bytes(data[: data.rfind(b",2020-05-28") + 8])  # the last line stops mid-date
    raw = read_export(path, HELPLINE_CALLS)
    assert raw.rows_read == 2
    assert raw.frame["call_received_at"].to_list() == ["2020-05-28 14:03", "2020-05"]
    assert raw.frame["status"].to_list() == ["Open", None]


def test_unclosed_quote_is_rejected_without_quoting_the_data(tmp_path):
    path = tmp_path / "c.csv"
    path.write_bytes(csv_bytes([CALL_HEADERS, ROW]) + b'C2,"Jhajjar,2020-05-28,9876543210\n')
    message = rejected(path)
    assert message == f"{path}: cannot parse the CSV: a quoted value is never closed"


def test_mixed_line_endings_blank_lines_and_quoted_newlines_keep_line_numbers(tmp_path):
    path = tmp_path / "c.csv"
    body = (
        ",".join(CALL_HEADERS).encode()
        + b"\r\n"
        + ",".join(ROW).encode()
        + b"\n\n"  # line 3 blank
        + b'C2,Jind,2020-05-28 14:03,1950,,Ration,Open,,"two\nlines",4,\r\n'  # lines 4-5
        + ",".join(["C3", *ROW[1:]]).encode()
        + b"\r\n"
    )
    path.write_bytes(body)
    raw = read_export(path, HELPLINE_CALLS)
    assert raw.frame["call_id"].to_list() == ["C1", "C2", "C3"]
    assert raw.frame["_line"].to_list() == [2, 4, 6]
    assert raw.frame["operator_id"][1] == "two\nlines"
    assert raw.frame["feedback_rating"].to_list() == ["4", "4", "4"]


def test_cr_only_line_endings(tmp_path):
    path = tmp_path / "c.csv"
    path.write_bytes(csv_bytes([CALL_HEADERS, ROW, ROW], newline="\r"))
    raw = read_export(path, HELPLINE_CALLS)
    assert raw.rows_read == 2 and raw.frame["_line"].to_list() == [2, 3]


def test_nul_bytes_are_dropped(tmp_path):
    path = tmp_path / "c.csv"
    path.write_bytes(csv_bytes([CALL_HEADERS, ROW]).replace(b"Jhajjar", b"Jhaj\x00jar"))
    raw = read_export(path, HELPLINE_CALLS)
    assert raw.frame["district"].to_list() == ["Jhajjar"]


def test_more_fields_than_header_keeps_the_surplus_in_extra(tmp_path):
    path = tmp_path / "c.csv"
    path.write_bytes(csv_bytes([CALL_HEADERS, ROW, [*ROW, "surplus"]]))
    raw = read_export(path, HELPLINE_CALLS)
    assert [json.loads(v) for v in raw.frame["_extra"]] == [
        {"_overflow": None},
        {"_overflow": "surplus"},
    ]


def test_title_lines_above_a_csv_header_are_skipped(tmp_path):
    path = write_csv(tmp_path / "c.csv", [["Helpline call log, May 2020"], [], CALL_HEADERS, ROW])
    raw = read_export(path, HELPLINE_CALLS)
    assert raw.header_line == 3 and raw.frame["_line"].to_list() == [4]


def test_invalid_bytes_in_every_encoding_are_rejected(tmp_path):
    path = tmp_path / "c.csv"
    path.write_bytes(csv_bytes([CALL_HEADERS, ROW]) + b"C2,\x81\x8d,x\n")  # undefined in cp1252
    assert "neither UTF-8 nor Windows-1252" in rejected(path)


def test_cp1252_detected_late_in_a_file(tmp_path):
    rows = (
        [CALL_HEADERS]
        + [ROW] * 50
        + [["C9", "Jind", "2020-05-28 14:03", "", "", "Ration", "Open", "", "Café", "", ""]]
    )
    raw = read_export(write_csv(tmp_path / "c.csv", rows, encoding="cp1252"), HELPLINE_CALLS)
    assert raw.encoding == "cp1252" and raw.frame["operator_id"][-1] == "Café"


def test_xlsx_first_sheet_with_the_header_wins_and_blank_rows_keep_row_numbers(tmp_path):
    path = write_xlsx(
        tmp_path / "c.xlsx",
        [CALL_HEADERS, ROW, [], ["C2", *ROW[1:]]],
        title_rows=[["Call log"], []],
        first_sheet=[["Call ID", "District"], ["not", "this"]],
    )
    raw = read_export(path, HELPLINE_CALLS)
    assert raw.sheet == "Export" and raw.header_line == 3
    assert raw.frame["_line"].to_list() == [4, 6]
    assert raw.frame["feedback_rating"].to_list() == ["4", "4"]


def test_xlsx_numbers_and_dates_render_as_text(tmp_path):
    from datetime import datetime

    headers = [c.header for c in MOVEMENT_PASSES.columns]
    row = [
        "A1",
        "Karnal",
        datetime(2020, 5, 1),
        "Ram",
        9876543210,
        "HR26AB1234",
        "Goods",
        "x",
        "Approved",
        datetime(2020, 5, 2, 14, 3),
    ]
    raw = read_export(write_xlsx(tmp_path / "p.xlsx", [headers, row]), MOVEMENT_PASSES)
    rec = raw.frame.row(0, named=True)
    assert rec["applied_on"] == "2020-05-01 00:00:00"
    assert rec["decision_on"] == "2020-05-02 14:03:00"
    assert rec["mobile"] == "9876543210"
