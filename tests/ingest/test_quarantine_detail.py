"""The details a quarantine row may show: Polars' search of them must hide every value
Python's ``looks_personal`` would, and more only where the two regex engines differ."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.ingest.pii import PERSONAL_SHAPE, looks_personal
from pipelines.ingest.quarantine_detail import personal_details, safe_details

# Pieces of personal values and of the codes around them, in printable ASCII.
_FRAGMENTS = [
    "9876543210", "98765", "43210", "+91", "91", "0", "6", "1234", "5678", "9012",
    "a", "b.in", "@", ".", "-", "(", ")", " ", "_", "x", "Rs 1,000", "2020-05-28 14:03",
]  # fmt: skip
_ASCII_TEXT = st.lists(st.sampled_from(_FRAGMENTS), max_size=6).map("".join)


_PRINTABLE = st.characters(min_codepoint=32, max_codepoint=126)


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(
        _ASCII_TEXT,
        st.text(_PRINTABLE),
        st.from_regex(PERSONAL_SHAPE, alphabet=_PRINTABLE),  # values that are personal
    )
)
def test_polars_and_python_agree_on_printable_ascii(text):
    """The claim the module rests on: for printable ASCII, one engine's answer is the
    other's, so Python need not search those values."""
    assert pl.Series([text]).str.contains(PERSONAL_SHAPE)[0] is looks_personal(text)


def test_values_the_engines_disagree_on_are_hidden_all_the_same():
    python_only = ["a\u00b2@b.in", "98765\x1c43210"]  # superscript two; a file separator
    polars_only = ["x\u093f@b.in"]  # a Devanagari vowel sign before the "@"
    for text in python_only:
        assert looks_personal(text)
        assert not pl.Series([text]).str.contains(PERSONAL_SHAPE)[0]
    assert not looks_personal(polars_only[0])
    plain = ["Atlantis", "Done", "\u0939\u093f\u0938\u093e\u0930", "28/05/2020 02:03 PM"]
    hashed = ["0123456789abcdef" * 4]
    details = pl.Series([*python_only, *polars_only, *plain, *hashed, None, "Atlantis"])
    assert sorted(personal_details(details).to_list()) == sorted(
        [*python_only, *polars_only, *hashed]
    )


def test_safe_details_keeps_a_detail_only_where_every_rule_allows():
    frame = pl.DataFrame(
        {
            "detail": ["Atlantis", "9876543210", "Atlantis", "Done", "a\u00b2@b.in", None],
            "__safe": [True, True, False, True, True, True],
            "__shifted": [False, False, False, True, False, False],
        }
    )
    shown = safe_details(frame)
    assert shown.columns == ["detail"]
    assert shown["detail"].to_list() == ["Atlantis", None, None, None, None, None]
