"""Personal fields: keyed, normalised, deterministic hashes (the hash itself: HMAC, normal
forms, refusals). That no plaintext survives a file's read and cleaning:
test_pii_files.py."""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.ingest.pii import (
    hash_series,
    hmac_hex,
    hmac_hex_series,
)

from .exportkit import KEY


def hashed(values, key=KEY):
    return hash_series(pl.Series("v", values, dtype=pl.String), key).to_list()


def test_keyed_different_key_different_hash():
    assert hashed(["9876543210"], b"one") != hashed(["9876543210"], b"two")
    assert hashed(["9876543210"])[0] != hashlib.sha256(b"9876543210").hexdigest()
    assert hashed(["9876543210"])[0] == hmac.new(KEY, b"9876543210", hashlib.sha256).hexdigest()


def test_series_hmac_equals_the_standard_one():
    values = ["", "9876543210", "राम कुमार", "a" * 200, None, "9876543210"]
    for key in (b"k", KEY, b"x" * 64, b"y" * 65, "कुंजी".encode()):
        expected = [None if v is None else hmac_hex(key, v) for v in values]
        assert hmac_hex_series(pl.Series("v", values, dtype=pl.String), key).to_list() == expected


@settings(max_examples=200, deadline=None)
@given(
    key=st.text(min_size=1, max_size=80).map(str.encode),
    values=st.lists(st.text(max_size=40) | st.none(), max_size=20),
)
def test_series_hmac_equals_the_standard_one_for_any_text_key_and_value(key, values):
    expected = [None if v is None else hmac_hex(key, v) for v in values]
    assert hmac_hex_series(pl.Series("v", values, dtype=pl.String), key).to_list() == expected


_MOBILES = st.from_regex(r"\A[6-9][0-9]{9}\Z") | st.from_regex(
    r"\A(\+91|0)[ -]?[6-9][0-9]{4}[ -]?[0-9]{5}\Z"
)
_OTHER_VALUES = st.text(alphabet="aAbB 12\t-.+कुमार", max_size=16)


def _normal_form(value: str) -> str | None:
    """The module docstring's normalisation, written out in plain Python as the oracle."""
    text = unicodedata.normalize("NFC", value).strip()
    digits = re.sub(r"[\s\-.()]", "", text)
    if re.fullmatch(r"(?:\+?91|0)?[6-9]\d{9}", digits):
        return digits[-10:]
    return re.sub(r"\s+", " ", text.lower()) or None


@settings(max_examples=300, deadline=None)
@given(values=st.lists(_MOBILES | _OTHER_VALUES | st.none(), max_size=25))
def test_each_value_hashes_to_the_hmac_of_its_normal_form(values):
    """Bare mobile numbers and other values take different paths (``hash_series``); every
    value still gets the HMAC of its normal form, whatever else the column holds."""
    normal = [None if v is None else _normal_form(v) for v in values]
    assert hashed(values) == [None if n is None else hmac_hex(KEY, n) for n in normal]


def test_empty_key_is_refused():
    with pytest.raises(ValueError):
        hashed(["x"], b"")


def test_a_key_that_is_not_text_is_refused():
    with pytest.raises(ValueError, match="UTF-8"):
        hashed(["x"], b"\xff\xfe")


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
