"""Property tests of the parsers: dates, districts, labels and numbers round-trip."""

from __future__ import annotations

import unicodedata
from datetime import datetime

import polars as pl
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pipelines.ingest.parse import (
    canonical_district_or_none,
    parse_date,
    parse_district,
    parse_int,
    parse_label,
    parse_number_series,
    parse_timestamp_series,
)
from warehouse.districts import alias_table, canonical_district, districts, lookup_key
from warehouse.sources import SOURCES, YES_NO

settings.register_profile("ingest", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ingest")

# (strftime format, precision): the allowed export formats of EXPORTS.md and their variants
FORMATS = [
    ("%Y-%m-%d %H:%M:%S", "second"),
    ("%Y-%m-%d %H:%M", "minute"),
    ("%Y-%m-%dT%H:%M:%S", "second"),
    ("%Y-%m-%dT%H:%M", "minute"),
    ("%d/%m/%Y %H:%M", "minute"),
    ("%d/%m/%Y %H:%M:%S", "second"),
    ("%d-%m-%Y %I:%M %p", "minute"),
    ("%d/%m/%Y %I:%M %p", "minute"),
    ("%d-%m-%Y %H:%M", "minute"),
    ("%d/%m/%Y", "day"),
    ("%d-%m-%Y", "day"),
    ("%Y-%m-%d", "day"),
]

moments = st.datetimes(min_value=datetime(2015, 1, 1), max_value=datetime(2030, 12, 31, 23, 59, 59))


def truncate(value: datetime, precision: str) -> datetime:
    if precision == "day":
        return datetime(value.year, value.month, value.day)
    if precision == "minute":
        return value.replace(second=0, microsecond=0)
    return value.replace(microsecond=0)


def render(value: datetime, fmt: str, lower_ampm: bool) -> str:
    text = value.strftime(fmt)
    return text.lower() if lower_ampm and "%p" in fmt else text


@given(moments, st.sampled_from(FORMATS), st.booleans())
def test_any_datetime_in_any_format_parses_back(value, spec, lower_ampm):
    fmt, precision = spec
    parsed = parse_timestamp_series(pl.Series([render(value, fmt, lower_ampm)]))
    assert parsed.to_list() == [truncate(value, precision)]


@given(st.lists(st.tuples(moments, st.sampled_from(FORMATS)), min_size=1, max_size=40))
def test_a_column_mixing_formats_parses_every_value(items):
    texts = [render(v, fmt, False) for v, (fmt, _) in items]
    parsed = parse_timestamp_series(pl.Series(texts, dtype=pl.String))
    assert parsed.to_list() == [truncate(v, p) for v, (_, p) in items]
    dates = pl.DataFrame({"t": texts}).select(parse_date(pl.col("t"))).to_series()
    assert dates.to_list() == [v.date() for v, _ in items]


@given(st.text(alphabet="0123456789/-: TAPMapm", max_size=22))
@example("0-1-1")  # year 0: Polars' strptime reads it, Python has no such date
@example("-5-1-1 10:00")
def test_timestamp_parser_never_crashes_and_accepts_only_real_dates(text):
    parsed = parse_timestamp_series(pl.Series([text])).to_list()[0]
    if parsed is not None:
        assert datetime(1, 1, 1) <= parsed


def test_a_year_before_the_first_is_no_date_and_the_first_is():
    texts = ["0-1-1", "0000-05-28 14:03:00", "-5-1-1", "28/05/0000", "0001-01-01", "1-1-1"]
    parsed = parse_timestamp_series(pl.Series(texts)).to_list()
    assert parsed == [None, None, None, None, datetime(1, 1, 1), datetime(1, 1, 1)]


SEPARATORS = [" ", "  ", ".", "-", "_", "(", ")", "/", ",", "'", "\t"]


@st.composite
def decorated(draw, spelling: str, separators=SEPARATORS) -> str:
    """The spelling with random case and separators between characters (not before marks)."""
    out = [draw(st.sampled_from(["", " ", "  ", "\t"]))]
    for ch in spelling:
        if unicodedata.category(ch)[0] != "M" and draw(st.integers(0, 5)) == 0:
            out.append(draw(st.sampled_from(separators)))
        out.append(ch.upper() if ch.isascii() and draw(st.booleans()) else ch)
    out.append(draw(st.sampled_from(["", " ", "   "])))
    return "".join(out)


ALIASES = sorted({(s, d.name) for d in districts() for s in (d.name, d.name_hi, *d.aliases)})


@given(st.sampled_from(ALIASES).flatmap(lambda a: st.tuples(decorated(a[0]), st.just(a[1]))))
def test_any_decorated_alias_maps_to_its_district(case):
    text, district = case
    out = pl.DataFrame({"d": [text]}).select(parse_district(pl.col("d"))).to_series().to_list()
    assert out == [district] == [canonical_district(text)]


@given(st.text(max_size=30).filter(lambda t: lookup_key(t) not in alias_table()))
def test_random_text_never_maps_to_a_district(text):
    out = pl.DataFrame({"d": [text]}, schema={"d": pl.String}).select(parse_district(pl.col("d")))
    assert out.to_series().to_list() == [None]


@given(
    st.lists(st.one_of(st.text(max_size=12), st.sampled_from([a for a, _ in ALIASES])), max_size=30)
)
def test_vectorised_districts_equal_canonical_district(values):
    out = pl.DataFrame({"d": values}, schema={"d": pl.String}).select(parse_district(pl.col("d")))
    expected = [canonical_district_or_none(v) for v in values]
    assert out.to_series().to_list() == expected
    for value, name in zip(values, expected, strict=True):
        if name is not None:
            assert canonical_district(value) == name


LABEL_COLUMNS = [
    (f"{s.name}.{c.name}", c.labels) for s in SOURCES.values() for c in s.columns if c.labels
]
LABEL_CASES = sorted(
    {
        (column, canonical, spelling)
        for column, labels in LABEL_COLUMNS
        for canonical, spellings in labels.items()
        for spelling in (canonical, *spellings)
    }
)
LABELS = dict(LABEL_COLUMNS)


@given(
    st.sampled_from(LABEL_CASES).flatmap(
        lambda c: st.tuples(
            st.just(c), decorated(c[2], separators=[" ", "_", "-", "  ", " _ "]), st.booleans()
        )
    )
)
def test_any_accepted_label_with_random_case_and_spacing_maps_to_its_value(case):
    (column, canonical, _), text, decompose = case
    if decompose:
        text = unicodedata.normalize("NFD", text)
    out = pl.DataFrame({"v": [text]}).select(parse_label(pl.col("v"), LABELS[column]))
    assert out.to_series().to_list() == [canonical]


@given(st.text(max_size=20))
def test_labels_accept_nothing_else(text):
    from pipelines.ingest.parse import label_key

    folded = {label_key(s) for _, c, s in LABEL_CASES if _ == "helpline_calls.category"}
    folded |= {label_key(c) for _, c, _s in LABEL_CASES if _ == "helpline_calls.category"}
    out = pl.DataFrame({"v": [text]}).select(
        parse_label(pl.col("v"), LABELS["helpline_calls.category"])
    )
    assert (out.item() is not None) == (label_key(text) in folded)


def indian(n: int) -> str:
    digits = str(n)
    if len(digits) <= 3:
        return digits
    head, tail = digits[:-3], digits[-3:]
    groups = []
    while len(head) > 2:
        groups.insert(0, head[-2:])
        head = head[:-2]
    return ",".join([head, *groups, tail])


@given(
    st.integers(min_value=0, max_value=10**12),
    st.sampled_from(["plain", "western", "indian"]),
    st.sampled_from(["", "Rs ", "Rs.", "₹", "INR "]),
    st.sampled_from(["", ".0", ".00"]),
    st.booleans(),
)
def test_numbers_with_or_without_thousands_separators_parse_back(n, style, prefix, decimals, pad):
    body = {"plain": str(n), "western": f"{n:,}", "indian": indian(n)}[style]
    text = f"{prefix}{body}{decimals}"
    if pad:
        text = f"  {text} "
    assert parse_number_series(pl.Series([text])).to_list() == [float(n)]
    assert pl.DataFrame({"v": [text]}).select(parse_int(pl.col("v"))).item() == float(n)


@given(st.integers(min_value=-(10**9), max_value=10**9), st.integers(min_value=1, max_value=99))
def test_decimals_parse_and_fractions_are_not_ints(whole, cents):
    text = f"{whole}.{cents:02d}"
    assert parse_number_series(pl.Series([text])).to_list() == [float(text)]
    assert pl.DataFrame({"v": [text]}).select(parse_int(pl.col("v"))).item() is None


@given(st.text(alphabet="0123456789,. -+abcRs₹e", max_size=15))
def test_number_parser_accepts_only_well_formed_numbers(text):
    parsed = parse_number_series(pl.Series([text])).to_list()[0]
    if parsed is not None:
        cleaned = text.strip()
        for prefix in ("Rs.", "Rs", "₹"):
            cleaned = cleaned.removeprefix(prefix)
        assert float(cleaned.strip().replace(",", "")) == parsed
        assert "e" not in cleaned and ",," not in cleaned


@given(st.sampled_from([(s, k) for k, spellings in YES_NO.items() for s in spellings]))
def test_flags(case):
    from pipelines.ingest.parse import parse_flag

    spelling, key = case
    out = pl.DataFrame({"v": [f" {spelling.upper() if spelling.isascii() else spelling} "]})
    assert out.select(parse_flag(pl.col("v"), YES_NO)).item() is (key == "true")
