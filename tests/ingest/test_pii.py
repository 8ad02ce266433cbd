"""Personal fields: keyed, normalised, deterministic hashes; no plaintext anywhere downstream."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import date

import polars as pl
import pytest

from pipelines.ingest import clean_export, hash_personal, read_export
from pipelines.ingest.pii import _Hmac, hash_series, hmac_hex
from warehouse.sources import GRIEVANCES, MOVEMENT_PASSES

from .exportkit import KEY, write_csv, write_xlsx


def hashed(values, key=KEY):
    return hash_series(pl.Series("v", values, dtype=pl.String), key).to_list()


def test_keyed_different_key_different_hash():
    assert hashed(["9876543210"], b"one") != hashed(["9876543210"], b"two")
    assert hashed(["9876543210"])[0] != hashlib.sha256(b"9876543210").hexdigest()
    assert hashed(["9876543210"])[0] == hmac.new(KEY, b"9876543210", hashlib.sha256).hexdigest()


def test_precomputed_hmac_equals_the_standard_one():
    for key in (b"k", KEY, b"x" * 64, b"y" * 65, "कुंजी".encode()):
        for value in ("", "9876543210", "राम कुमार", "a" * 200):
            assert _Hmac(key).hexdigest(value) == hmac_hex(key, value)


def test_empty_key_is_refused():
    with pytest.raises(ValueError):
        hashed(["x"], b"")


@pytest.mark.parametrize(
    "spelling",
    [
        " +91 98765 43210",
        "9876543210",
        "09876543210",
        "919876543210",
        "+91-98765-43210",
        "(+91) 98765.43210",
    ],
)
def test_mobile_numbers_are_normalised(spelling):
    assert hashed([spelling]) == hashed(["9876543210"])


def test_names_are_case_folded_and_spaces_collapsed():
    assert len(set(hashed(["Ram  Kumar", " ram kumar ", "RAM KUMAR"]))) == 1
    assert hashed(["Ram Kumar"]) != hashed(["Ram Kumari"])


def test_deterministic_lowercase_hex_and_nulls_stay_null():
    first = hashed(["9876543210", None, "", "HR26AB1234"])
    assert first == hashed(["9876543210", None, "", "HR26AB1234"])
    assert first[1] is None and first[2] is None
    assert all(len(h) == 64 and h == h.lower() for h in (first[0], first[3]))


def test_other_numbers_are_not_mangled_as_mobiles():
    # 10 digits not starting 6-9, and 12-digit IDs, keep their digits
    assert hashed(["1234567890"]) != hashed(["911234567890"])
    assert hashed(["5876543210"]) != hashed(["05876543210"])


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


def test_hash_personal_leaves_other_columns_alone():
    frame = pl.DataFrame(
        {"application_no": ["A1"], "mobile": ["9876543210"], "purpose": ["9876543210"]}
    )
    out = hash_personal(frame, MOVEMENT_PASSES, KEY)
    assert out["application_no"].to_list() == ["A1"] and out["purpose"].to_list() == ["9876543210"]
    assert out["mobile"].to_list() == hashed(["9876543210"])


def test_personal_looking_extra_columns_are_hashed_others_kept(tmp_path):
    headers = [*PASS_HEADERS, "Father Name", "Alt. Mobile No", "Remarks", ""]
    rows = [
        [*PASS_ROWS[0], "Kishan Lal Yadav", "98111 22233", "urgent", ""],
        [*PASS_ROWS[1], "", "", "", ""],
    ]
    raw = read_export(write_csv(tmp_path / "p.csv", [headers, *rows]), MOVEMENT_PASSES)
    frame = hash_personal(raw.frame, MOVEMENT_PASSES, KEY)
    extras = [json.loads(v) for v in frame["_extra"]]
    assert list(extras[0]) == [
        "Father Name",
        "Alt. Mobile No",
        "Remarks",
    ]  # empty unnamed column dropped
    assert extras[0]["Remarks"] == "urgent"
    assert extras[0]["Alt. Mobile No"] == hashed(["9811122233"])[0]
    assert extras[0]["Father Name"] == hashed(["kishan lal yadav"])[0]
    assert extras[1] == {"Father Name": None, "Alt. Mobile No": None, "Remarks": None}
    assert "Kishan Lal" not in frame.write_csv() and "98111" not in frame.write_csv()
