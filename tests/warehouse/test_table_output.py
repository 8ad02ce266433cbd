"""write_rows prints what Polars' writers print for the same table, byte for byte.

`jansewa kpis` writes with write_rows so that it never imports Polars; the scorecard and the
case lists write frames with write_table. The two must not drift apart: the same rows give
the same CSV and JSON, whatever the floats, texts, dates and nulls.
"""

from __future__ import annotations

import datetime as dt
import io
import json

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warehouse.table_output import float_text, write_rows, write_table

SCHEMA = {
    "district": pl.String,
    "period_start": pl.Date,
    "value": pl.Float64,
    "complete": pl.Boolean,
    "count": pl.Int64,
}

# Floats everywhere, and many near where notation changes (1e-5 and 1e16).
_floats = (
    st.floats(allow_nan=True, allow_infinity=True)
    | st.floats(min_value=-1e-3, max_value=1e-3)
    | st.floats(min_value=1e15, max_value=1e17)
)

_rows = st.lists(
    st.tuples(
        st.none() | st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"])),
        st.none() | st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)),
        st.none() | _floats,
        st.none() | st.booleans(),
        st.none() | st.integers(-(2**62), 2**62),
    ),
    max_size=8,
)


def _both(rows: list[tuple], fmt: str) -> tuple[str, str]:
    frame = pl.DataFrame(rows, schema=SCHEMA, orient="row")
    polars_out, plain_out = io.StringIO(), io.StringIO()
    write_table(frame, fmt, polars_out)
    write_rows(list(SCHEMA), rows, fmt, plain_out)
    return polars_out.getvalue(), plain_out.getvalue()


@settings(max_examples=300, deadline=None)
@given(_rows)
def test_csv_is_polars_csv(rows):
    expected, written = _both(rows, "csv")
    assert written == expected


@settings(max_examples=300, deadline=None)
@given(_rows)
def test_json_is_polars_json(rows):
    expected, written = _both(rows, "json")
    assert written == expected
    assert len(json.loads(written)) == len(rows)


@settings(max_examples=500, deadline=None)
@given(_floats)
def test_float_text_is_polars_text(value):
    assert float_text(value) == pl.DataFrame({"x": [value]}).write_csv().splitlines()[1]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.5, "0.5"),
        (5.0, "5.0"),
        (1.5e-05, "0.000015"),  # Python's repr says 1.5e-05
        (-2.5e-05, "-0.000025"),
        (2.5e-07, "2.5e-7"),
        (1e16, "1e+16"),
        (float("nan"), "NaN"),
    ],
)
def test_float_text(value, text):
    assert float_text(value) == text


def test_unknown_format_is_refused():
    with pytest.raises(ValueError, match="unknown format 'xml'"):
        write_rows(["a"], [(1,)], "xml", io.StringIO())
