"""Exact duplicates and conflicting ids, found among the rows whose key repeats only
(pipelines/ingest/record_keys.py ``repeated_keys``), against the rule worked out row by row over the
whole file: a row equal to an earlier one is a copy; a key left on two or more rows once
copies are dropped is a conflict, on every one of those rows."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.ingest.record_keys import repeated_keys

COLUMNS = ["id", "district", "status"]
ROWS = st.lists(
    st.tuples(
        st.sampled_from(["A", "B", "C", "D", None]),
        st.sampled_from(["Ambala", "Hisar", None]),
        st.sampled_from(["open", "closed"]),
    ),
    max_size=40,
)


def _by_hand(rows: list[tuple]) -> tuple[list[bool], list[bool]]:
    copy = [r[0] is not None and r in rows[:i] for i, r in enumerate(rows)]
    left = [r[0] for r, c in zip(rows, copy, strict=True) if not c]
    twice = {k for k in left if k is not None and left.count(k) > 1}
    return copy, [not c and r[0] in twice for r, c in zip(rows, copy, strict=True)]


@settings(max_examples=300, deadline=None)
@given(ROWS)
def test_copies_and_conflicts_match_the_whole_file_rule(rows):
    frame = pl.DataFrame(rows, schema=dict.fromkeys(COLUMNS, pl.String), orient="row")
    keys = frame.get_column("id")
    repeated = keys.is_duplicated() & keys.is_not_null()
    copy, conflicting = _by_hand(rows)
    if not repeated.any():  # clean_export does not call it then: nothing repeats
        assert not any(copy) and not any(conflicting)
        return
    duplicate, conflict = repeated_keys(frame, repeated, COLUMNS, "id")
    assert duplicate.to_list() == copy
    assert conflict.to_list() == conflicting
