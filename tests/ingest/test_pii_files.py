"""Personal fields: no plaintext anywhere downstream of a file's read and cleaning -- not in
contract columns, free text, extra columns or lines with a surplus field. The hash itself:
test_pii.py."""

from __future__ import annotations

import json
from datetime import date

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.ingest import clean_export, hash_personal, read_export
from pipelines.ingest.pii import (
    hmac_hex,
    looks_personal,
    shifted_lines,
)
from warehouse.sources import GRIEVANCES, MOVEMENT_PASSES

from .exportkit import KEY, write_csv, write_xlsx
from .test_pii import hashed

PASS_HEADERS = [c.header for c in MOVEMENT_PASSES.columns]
PLAIN = {"Ram Kishan Yadav", "9812398123", "HR26AB1234", "Sunita Devi", "7012345678", "DL3CAB0001"}
PASS_ROWS = [
    [
        "A1",
        "Karnal",
        "2020-05-01 10:00",
        "Ram Kishan Yadav",
        "+91 98123 98123",
        "HR26AB1234",
        "Vehicle",
        "wedding",
        "Approved",
        "2020-05-02 10:00",
    ],
    [
        "A2",
        "Atlantis",
        "2020-05-01 10:00",
        "Sunita Devi",
        "7012345678",
        "DL3CAB0001",
        "Goods",
        "",
        "Pending",
        "",
    ],
    [
        "A3",
        "Karnal",
        "2020-05-01 10:00",
        "Sunita Devi",
        "07012345678",
        "",
        "Goods",
        "",
        "Rejected",
        "2020-04-01",
    ],
]


def _everything(raw, result) -> str:
    parts = [raw.write_csv(), result.accepted.write_csv(), result.quarantined.write_csv()]
    return "\n".join(parts)


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_no_plaintext_personal_value_survives(tmp_path, suffix):
    path = tmp_path / f"passes.{suffix}"
    if suffix == "csv":
        write_csv(path, [PASS_HEADERS, *PASS_ROWS])
    else:
        write_xlsx(path, [PASS_HEADERS, *PASS_ROWS])
    frame = hash_personal(read_export(path, MOVEMENT_PASSES).frame, MOVEMENT_PASSES, KEY)
    result = clean_export(frame, MOVEMENT_PASSES, today=date(2020, 6, 30))
    assert result.quarantined["reason"].to_list() == ["unknown district", "times run backwards"]
    text = _everything(frame, result)
    for value in PLAIN | {"98123 98123", "07012345678", "Ram", "Kishan", "Sunita"}:
        assert value not in text
    assert not {"applicant_name", "mobile", "vehicle_no"} & set(result.accepted.columns)
    # quarantine detail is the hash when the offending column is personal (a crafted case)
    assert all(len(h) == 64 for h in frame["mobile"].to_list())


def test_grievance_subject_is_hashed_and_never_staged(tmp_path):
    headers = [c.header for c in GRIEVANCES.columns]
    row = [
        "G1",
        "CM Window",
        "Rohtak",
        "Revenue",
        "2020-05-01",
        "Pending",
        "",
        "",
        "Asha",
        "9876543210",
        "My neighbour Asha, 9876543210, took my land",
    ]
    frame = hash_personal(
        read_export(write_csv(tmp_path / "g.csv", [headers, row]), GRIEVANCES).frame,
        GRIEVANCES,
        KEY,
    )
    result = clean_export(frame, GRIEVANCES, today=date(2020, 6, 30))
    assert "subject" not in result.accepted.columns
    assert "neighbour" not in frame.write_csv() and "Asha" not in frame.write_csv()


def test_hash_personal_hashes_free_text_and_leaves_ids_alone():
    frame = pl.DataFrame(
        {"application_no": ["A1"], "mobile": ["9876543210"], "purpose": ["call 98765 43210"]}
    )
    out = hash_personal(frame, MOVEMENT_PASSES, KEY)
    assert out["application_no"].to_list() == ["A1"]
    assert out["mobile"].to_list() == hashed(["9876543210"])
    # free text: the same keyed hash as a pii column, of the whole (normalised) text
    assert out["purpose"].to_list() == [hmac_hex(KEY, "call 98765 43210")]


def test_every_extra_column_is_hashed_whatever_its_header(tmp_path):
    headers = [*PASS_HEADERS, "Father Name", "Alt. Mobile No", "Remarks", "Contact", ""]
    rows = [
        [*PASS_ROWS[0], "Kishan Lal Yadav", "98111 22233", "urgent", "+91 70000-11111", ""],
        [*PASS_ROWS[1], "", "", "", "", ""],
    ]
    raw = read_export(write_csv(tmp_path / "p.csv", [headers, *rows]), MOVEMENT_PASSES)
    frame = hash_personal(raw.frame, MOVEMENT_PASSES, KEY)
    extras = [json.loads(v) for v in frame["_extra"]]
    # header labels kept as keys; the empty unnamed column dropped
    assert list(extras[0]) == ["Father Name", "Alt. Mobile No", "Remarks", "Contact"]
    assert extras[0] == {
        "Father Name": hmac_hex(KEY, "kishan lal yadav"),
        "Alt. Mobile No": hmac_hex(KEY, "9811122233"),
        "Remarks": hmac_hex(KEY, "urgent"),
        "Contact": hmac_hex(KEY, "7000011111"),
    }
    assert extras[1] == {
        "Father Name": None,
        "Alt. Mobile No": None,
        "Remarks": None,
        "Contact": None,
    }
    text = frame.write_csv()
    for plain in ("Kishan Lal", "98111", "urgent", "70000"):
        assert plain not in text


def test_extras_of_a_file_with_a_surplus_field_on_some_lines_are_hashed_line_by_line(tmp_path):
    # An unnamed column gives every line an _extra: {"_overflow":null} where it is empty.
    headers = [*PASS_HEADERS, ""]
    rows = [[*PASS_ROWS[0], ""], [*PASS_ROWS[1], "98111 22233"], [*PASS_ROWS[0], ""]]
    rows[2][0] = "MP-9"
    raw = read_export(write_csv(tmp_path / "p.csv", [headers, *rows]), MOVEMENT_PASSES)
    before = raw.frame["_extra"].to_list()
    after = hash_personal(raw.frame, MOVEMENT_PASSES, KEY)["_extra"].to_list()
    label = next(iter(json.loads(before[1])))
    assert [json.loads(v) for v in after] == [
        {label: None},
        {label: hmac_hex(KEY, "9811122233")},
        {label: None},
    ]
    assert after[0] == before[0] and after[2] == before[2]  # empty lines kept as they were
    assert "98111" not in "".join(after)


def test_a_header_label_that_looks_personal_is_not_kept(tmp_path):
    headers = [*PASS_HEADERS, "Prepared by 98765 43210", "Remarks"]
    rows = [[*PASS_ROWS[0], "x", "y"]]
    raw = read_export(write_csv(tmp_path / "p.csv", [headers, *rows]), MOVEMENT_PASSES)
    extras = json.loads(hash_personal(raw.frame, MOVEMENT_PASSES, KEY)["_extra"][0])
    assert list(extras) == [f"column_{len(PASS_HEADERS) + 1}", "Remarks"]


@pytest.mark.parametrize(
    ("text", "personal"),
    [
        ("9876543210", True),
        ("call +91 98765-43210 today", True),
        ("(0)98765.43210", True),
        ("1234 5678 9012", True),  # Aadhaar-like
        ("ram.kumar@example.in", True),
        ("5876543210", False),  # not a mobile: starts with 5
        ("98765432101", False),  # 11 digits, no prefix
        ("2020-05-28 14:03", False),
        ("28/05/2020 02:03 PM", False),
        ("Rs 1,000", False),
        ("Atlantis", False),
        ("4", False),
    ],
)
def test_looks_personal(text, personal):
    assert looks_personal(text) is personal


def test_shifted_lines_are_the_lines_whose_overflow_holds_a_value():
    extras = [
        None,
        '{"_overflow":null}',
        '{"_overflow":"surplus"}',
        '{"_overflow":"null"}',  # the text "null" is a value
        '{"Remarks":"ab12","_overflow":null}',
        '{"Remarks":"_overflow","_overflow":null}',  # the key's name as another key's value
        '{"Remarks":"cd34"}',
        '{"_overflow":"x","Remarks":null}',
    ]
    frame = pl.DataFrame({"_extra": extras}, schema={"_extra": pl.String})
    assert shifted_lines(frame).to_list() == [False, False, True, True, False, False, False, True]
    assert shifted_lines(pl.DataFrame({"a": ["1", "2"]})).to_list() == [False, False]


_FRAGMENTS = ["9876543210", "98765", "43210", "+91 ", "0", "5", "1234-5678-9012", "a@b.in"]
_CODE_TEXT = st.lists(st.sampled_from([*_FRAGMENTS, " ", "-", "(", "|", "x", "@"]), max_size=5).map(
    "".join
)


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(st.tuples(_CODE_TEXT | st.none(), _CODE_TEXT | st.none()), max_size=12))
def test_personal_values_in_code_columns_are_found_as_one_search_per_column_finds_them(rows):
    """The pattern is searched once over a row's code values joined (pii._personal_in_codes):
    the values it marks must be exactly those a search of each value marks."""
    from pipelines.ingest.pii import PERSONAL_SHAPE, _personal_in_codes

    frame = pl.DataFrame(rows, schema={"a": pl.String, "b": pl.String}, orient="row")
    masks = _personal_in_codes(frame, ["a", "b"])
    for name in ("a", "b"):
        one_by_one = frame.get_column(name).str.contains(PERSONAL_SHAPE).fill_null(False)
        expected = one_by_one.to_list() if one_by_one.any() else None
        found = masks[name].to_list() if name in masks else None
        assert found == expected, name
