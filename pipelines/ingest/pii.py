"""Personal fields, free text and extra columns -> keyed hashes, at the first step after reading.

What is hashed: every contract column of kind ``pii`` or ``freetext`` (``Source.personal``),
the value of every extra column (every column the contract does not name), and values that
sit in the wrong column: a phone number, Aadhaar-like number or e-mail in a date, number,
label or district column, and the unparseable or text values of a line whose unquoted
comma shifted it (``_misplaced``). What such a column holds otherwise (a date, a district
spelling, a status) stays readable, so a quarantine can say what was wrong. No
list of header words decides anything: exports put phone numbers under "Contact",
"Alt. No.", "Sampark Sutra" or "संपर्क", identity numbers under "UID" or "PPP ID", and
"call 98765 43210" into a remark; no header can be trusted to announce personal data.

Why extras are hashed rather than dropped: the raw layer stays a faithful record of the
file -- which columns it carried (the header labels stay as the JSON keys), which rows
had a value, and which values repeat -- so a changed export can be diagnosed and a new
column proposed for the contract without anyone seeing a value. The digests are those of
``hash_series``, the same as a contract pii column's: if a column is later named in the
contract (say as a pii column kept for a join), the hashes already in raw agree with the
new ones, so history need not be re-read. Dropping would lose that and gain nothing a
keyed hash does not already give: without the key the hash says nothing about the value.
A header label that itself looks like a personal value (a phone number typed into the
header row) is not kept either: ``read.py`` names that column ``column_<n>``.

Why keyed: a plain SHA-256 of a 10-digit mobile number is reversed by hashing all 10^10
candidates (minutes on one GPU, hours on a laptop); the same holds for vehicle numbers and
ID numbers with a known pattern. HMAC-SHA256 with a key kept outside the repository
(``JANSEWA_PII_KEY``, see ``warehouse.settings.pii_key``) makes that search useless without
the key, while the same person still hashes alike across exports, so joins and distinct
counts keep working.

Normalisation before hashing, so that spellings of one value agree:
    every value   Unicode NFC, trimmed
    mobile-like   a value that is, after dropping spaces, hyphens, dots and brackets, an Indian
                  mobile number (10 digits starting 6-9) with an optional +91 / 91 / 0 prefix
                  becomes the bare 10 digits: " +91 98765-43210" == "9876543210"
    anything else case-folded, runs of whitespace collapsed to one space (names, vehicle
                  numbers, IDs: "RAM  Kumar" == "ram kumar")

Speed: bare mobile numbers are hashed as they stand; of the other values only the distinct
ones are normalised and hashed, then mapped back onto the column (``hash_series``). The
HMAC itself is polars-hash's (``hmac_hex_series``), the same digests as ``hmac.digest``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re

import polars as pl
import polars_hash  # noqa: F401 -- registers the `chash` expressions used below

from pipelines.ingest.parse import parser_for
from warehouse.sources import HASHED_KINDS, Column, Source

_MOBILE = r"^(?:\+?91|0)?[6-9]\d{9}$"
_PHONE_NOISE = r"[\s\-.()]"
_BARE_MOBILE = r"^[6-9]\d{9}$"  # already in normal form


def normalise_personal_series(values: pl.Series) -> pl.Series:
    """The normalised text of personal values (see module docstring); empty -> null."""
    text = values.cast(pl.String).str.normalize("NFC").str.strip_chars()
    digits = text.str.replace_all(_PHONE_NOISE, "")
    generic = text.str.to_lowercase().str.replace_all(r"\s+", " ")
    mobile = digits.str.contains(_MOBILE).fill_null(False)
    out = generic.zip_with(~mobile, digits.str.slice(-10))
    return out.set(out == "", None).alias(values.name)  # type: ignore[arg-type]


def hmac_hex(key: bytes, value: str) -> str:
    """HMAC-SHA256 of an already normalised value, lower-case hex (the reference digest)."""
    return hmac.digest(key, value.encode("utf-8"), hashlib.sha256).hex()


def hmac_hex_series(values: pl.Series, key: bytes) -> pl.Series:
    """HMAC-SHA256 hex of each value of a String Series (null stays null), in order: the
    digests of ``hmac_hex``, computed by polars-hash in Rust.

    The keyed hash was a Python loop over the distinct values, the largest single cost of
    reading a state-year (about 40 s of a full refresh); polars-hash computes the same
    digests about 3.4 times faster (0.24 s against 0.82 s for a month's 1M service
    transactions), and ``tests/ingest/test_pii.py`` holds it to the standard library's.
    The key reaches the plugin as text, as it was configured (``pipelines/keys.py``).
    """
    if not key:
        raise ValueError("an empty PII key would make the hash an unkeyed one")
    try:
        text_key = key.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError("the PII key must be text (UTF-8)") from None
    digests = values.to_frame("value").select(pl.col("value").chash.hmac_sha256(key=text_key))
    return digests.to_series().alias(values.name)


def hash_series(values: pl.Series, key: bytes) -> pl.Series:
    """Normalise and hash a Series of personal values; null (and empty) -> null.

    A bare mobile number (10 digits from 6 to 9, most of a state-year's personal values)
    is its own normal form and is hashed as it stands. Other values -- names, IDs, free
    text, numbers spelt with a prefix or spaces -- repeat more and cost more to normalise:
    only their distinct values are normalised and hashed, and joined back. For a month's
    1M service transactions that took 0.19 s against 0.47 s with every value through the
    distinct path; for a month of pass applications' three personal columns, 0.51 s
    against 1.45 s with every value normalised and hashed.
    """
    name = values.name or "value"
    text = values.cast(pl.String).alias("raw")
    bare = text.str.contains(_BARE_MOBILE).fill_null(False)
    hashed = hmac_hex_series(text.zip_with(bare, pl.Series([None], dtype=pl.String)), key)
    others = (~bare & text.is_not_null()).arg_true()
    if not others.is_empty():
        hashed = hashed.scatter(others, _hash_distinct(text.gather(others), key))
    return hashed.alias(name)


def _hash_distinct(text: pl.Series, key: bytes) -> pl.Series:
    """Each value's hash, normalising and hashing each distinct value once."""
    distinct = text.unique()
    table = pl.DataFrame(
        {"raw": distinct, "hash": hmac_hex_series(normalise_personal_series(distinct), key)}
    )
    joined = text.to_frame("raw").join(table, on="raw", how="left", maintain_order="left")
    return joined.get_column("hash")


def _hash_extras(extra: pl.Series, key: bytes) -> pl.Series:
    """Every value of every ``_extra`` key -> its keyed hash (null stays null; keys kept).

    Only the lines with a value are decoded, hashed and encoded again. A file with an
    unnamed column (a surplus field on some lines) gives every line an ``_extra``, mostly
    ``{"_overflow":null}``: in a month of service transactions with 5 % shifted lines,
    decoding every line cost 0.39 s of the 1.8 s spent hashing 1M lines. A line left as it
    is equals the encoding of a record of nulls, which is what the decoding would give back.
    """
    first = extra.drop_nulls().head(1).to_list()
    if not first:
        return extra
    names = list(json.loads(first[0]))
    dtype = pl.Struct({n: pl.String for n in names})
    nothing = _encoded(pl.DataFrame({n: [None] for n in names}, schema=dtype.to_schema()), names)
    rows = (extra.is_not_null() & (extra != nothing[0])).arg_true()
    if rows.is_empty():
        return extra
    fields = extra.gather(rows).str.json_decode(dtype).struct.unnest()
    fields = fields.with_columns(hash_series(fields.get_column(n), key) for n in names)
    return extra.scatter(rows, _encoded(fields, names))


def _encoded(fields: pl.DataFrame, names: list[str]) -> pl.Series:
    """Each row of ``fields`` as a JSON object of ``names``."""
    return fields.select(pl.struct(names).struct.json_encode()).to_series()


def hash_personal(frame: pl.DataFrame, source: Source, key: bytes) -> pl.DataFrame:
    """Replace every pii and freetext column of ``source``, and every extra, by its hash.

    Contract columns of kind pii or freetext (``Source.personal``) become their keyed hash;
    so do values that sit in the wrong column (``_misplaced``). ``_extra`` keeps its keys (the header labels, see ``read.py``) and every value becomes
    the same keyed hash, whatever the header says: see the module docstring.
    """
    replaced = [
        hash_series(frame.get_column(col.name), key)
        for col in source.personal
        if col.name in frame.columns
    ]
    replaced += [
        _hash_where(frame.get_column(name), mask, key)
        for name, mask in _misplaced(frame, source).items()
        if mask.any()
    ]
    if "_extra" in frame.columns:
        replaced.append(_hash_extras(frame.get_column("_extra"), key))
    return frame.with_columns(replaced) if replaced else frame


# What a personal value looks like inside any text: an Indian mobile number (10 digits from
# 6-9, optional +91/91/0 prefix), a 12-digit Aadhaar-like number -- digits in either may be
# split by spaces, hyphens, dots or brackets ("98765 43210", "1234-5678-9012") -- or an
# e-mail address. One pattern, valid for Python's re and for Polars (no look-around).
_NOISE = r"[\s\-.()]*"
PERSONAL_SHAPE = (
    rf"(?:^|\D)(?:(?:\+?91|0){_NOISE})?[6-9](?:{_NOISE}\d){{9}}(?:\D|$)"
    rf"|(?:^|\D)\d(?:{_NOISE}\d){{11}}(?:\D|$)"
    r"|[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+"
)
_SHAPE = re.compile(PERSONAL_SHAPE)

# Contract kinds whose values are codes, dates or numbers, never a person's: kept in clear
# (and shown in a quarantine detail) unless the value itself looks personal.
CODE_KINDS = frozenset({"district", "label", "flag", "date", "timestamp", "int", "number"})


def looks_personal(text: str) -> bool:
    """Whether ``text`` holds something shaped like a personal value (``PERSONAL_SHAPE``).

    Names cannot be recognised by shape; nothing relies on this alone to keep a value out
    of the warehouse: it catches numbers and addresses that sit in the wrong column.
    """
    return bool(_SHAPE.search(text))


def _nowhere(height: int) -> pl.Series:
    """A mask that is false on every line (built in Polars: from a Python list, ten of them
    cost a 250,000-line slice 0.03 s)."""
    return pl.zeros(height, pl.Boolean, eager=True)


def shifted_lines(frame: pl.DataFrame) -> pl.Series:
    """True for a line that had more fields than its header (``_extra._overflow`` set).

    An unquoted comma shifts every later value one column right, so any of them may be
    the name or number of a personal column.
    """
    none = _nowhere(frame.height)
    if "_extra" not in frame.columns:
        return none
    # Parsing every line's JSON cost 0.06 s a 250k-line slice, twice per file (hashing and
    # cleaning): only lines whose text names the key with a value other than null are parsed.
    extra = frame.get_column("_extra")
    candidates = (
        extra.str.contains('"_overflow"', literal=True)
        & ~extra.str.contains('"_overflow":null', literal=True)
    ).fill_null(False)
    rows = candidates.arg_true()
    if rows.is_empty():
        return none
    overflow = extra.gather(rows).str.json_path_match("$._overflow")
    return none.scatter(rows, overflow.is_not_null().fill_null(False))


def _misplaced(frame: pl.DataFrame, source: Source) -> dict[str, pl.Series]:
    """Column -> mask of the contract values that are kept only as their hash.

    A value of a code column (``CODE_KINDS``) that looks personal; and on a shifted line,
    every value except the key's that fails its kind's parse or is text (a centre, an
    operator ID): there it may be anything. Values that parse are dates, numbers and
    labels, and stay, so the row's quarantine reason is the one it would have had.
    """
    codes = [c.name for c in source.columns if c.kind in CODE_KINDS and c.name in frame.columns]
    masks = _personal_in_codes(frame, codes)
    shifted = shifted_lines(frame)
    if not shifted.any():
        return masks
    rows = shifted.arg_true()
    checked = [
        col
        for col in source.columns
        if col.name != source.key and col.kind not in HASHED_KINDS and col.name in frame.columns
    ]
    # One select for every column, so that Polars parses them side by side: column by
    # column, the shifted lines of a month of service transactions took 0.42 s.
    bad = frame[rows].select(_unparseable(col).alias(col.name) for col in checked)
    for col in checked:
        mask = masks.get(col.name, _nowhere(frame.height))
        masks[col.name] = mask.scatter(rows, mask.gather(rows) | bad.get_column(col.name))
    return masks


def _unparseable(col: Column) -> pl.Expr:
    """A value of ``col`` that its kind's parser refuses, or any value of a text column."""
    parser = parser_for(col)
    present = pl.col(col.name).is_not_null()
    return present if parser is None else present & parser(pl.col(col.name)).is_null()


# Joins a row's code values for one search of PERSONAL_SHAPE: neither a digit, nor a
# separator the pattern allows inside a number, nor part of an e-mail address, so a value
# that matches alone still matches joined, and a match across two values is impossible.
_JOIN = "|"


def _personal_in_codes(frame: pl.DataFrame, codes: list[str]) -> dict[str, pl.Series]:
    """Column -> mask of the values of ``codes`` that look personal (only columns with one).

    The pattern is searched once per row over the row's code values joined, then value by
    value on the rare rows that match. Searched column by column, the new rows of a
    state-year day (57,789 in ten sources) took 38.6 ms and a 250,000-line helpline slice
    48.8 ms; joined, 19.0 and 26.2 ms (first search in a fresh process).
    """
    if not codes or frame.is_empty():
        return {}
    joined = pl.concat_str([pl.col(c) for c in codes], separator=_JOIN, ignore_nulls=True)
    hit = frame.select(joined.str.contains(PERSONAL_SHAPE).fill_null(False)).to_series()
    rows = hit.arg_true()
    if rows.is_empty():
        return {}
    found = frame[rows]
    masks = {}
    for name in codes:
        inside = found.get_column(name).str.contains(PERSONAL_SHAPE).fill_null(False)
        if inside.any():
            none = _nowhere(frame.height)
            masks[name] = none.scatter(rows, inside)
    return masks


def _hash_where(values: pl.Series, mask: pl.Series, key: bytes) -> pl.Series:
    rows = mask.arg_true()
    return values.scatter(rows, hash_series(values.gather(rows), key))
