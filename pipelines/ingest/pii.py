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

Speed: only the distinct raw values are normalised and hashed (``hmac_hex_series``, the
same digests as ``hmac.digest``), then mapped back onto the column.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re

import polars as pl

from pipelines.ingest.parse import parser_for
from warehouse.sources import HASHED_KINDS, Source

_MOBILE = r"^(?:\+?91|0)?[6-9]\d{9}$"
_PHONE_NOISE = r"[\s\-.()]"


def normalise_personal_series(values: pl.Series) -> pl.Series:
    """The normalised text of personal values (see module docstring); empty -> null."""
    text = values.cast(pl.String).str.normalize("NFC").str.strip_chars()
    digits = text.str.replace_all(_PHONE_NOISE, "")
    generic = text.str.to_lowercase().str.replace_all(r"\s+", " ")
    mobile = digits.str.contains(_MOBILE).fill_null(False)
    out = generic.zip_with(~mobile, digits.str.slice(-10))
    return out.set(out == "", None).alias(values.name)  # type: ignore[arg-type]


def _hmac_pads(key: bytes) -> tuple[bytes, bytes]:
    """The inner and outer padded keys of HMAC-SHA256 (RFC 2104, block size 64 bytes)."""
    if not key:
        raise ValueError("an empty PII key would make the hash an unkeyed one")
    if len(key) > 64:
        key = hashlib.sha256(key).digest()
    key = key.ljust(64, b"\0")
    return bytes(b ^ 0x36 for b in key), bytes(b ^ 0x5C for b in key)


def hmac_hex(key: bytes, value: str) -> str:
    """HMAC-SHA256 of an already normalised value, lower-case hex (the reference digest)."""
    return hmac.digest(key, value.encode("utf-8"), hashlib.sha256).hex()


def hmac_hex_series(values: pl.Series, key: bytes) -> pl.Series:
    """HMAC-SHA256 hex of each value of a String Series (null stays null), in order.

    HMAC-SHA256 = sha256(outer pad || sha256(inner pad || message)); each pad fills one
    64-byte block, so both are hashed once here and every value continues from a copy of
    those states. That is 2.2x faster than ``hmac.digest`` per value, and takes less CPU
    than the same two hashes in DuckDB's sha256 (0.19 s on one core against 0.26-0.35 s
    on two, for 240k mobile numbers): the raw step of three state-year helpline exports
    (3.4M calls) went from 16.1-16.6 s to 15.2-15.3 s with the change below to
    ``shifted_lines``. Values come one slice at a time, so the list stays small.
    """
    inner_pad, outer_pad = _hmac_pads(key)
    inner, outer = hashlib.sha256(inner_pad), hashlib.sha256(outer_pad)
    digests: list[str | None] = []
    for value in values.to_list():
        if value is None:
            digests.append(None)
            continue
        first = inner.copy()
        first.update(value.encode("utf-8"))
        second = outer.copy()
        second.update(first.digest())
        digests.append(second.hexdigest())
    return pl.Series(values.name, digests, dtype=pl.String)


def hash_series(values: pl.Series, key: bytes) -> pl.Series:
    """Normalise and hash a Series of personal values; null (and empty) -> null.

    Only distinct raw values are normalised and hashed; the result is joined back.
    """
    name = values.name or "value"
    values = values.cast(pl.String).alias("raw")
    distinct = values.drop_nulls().unique()
    hashed = hmac_hex_series(normalise_personal_series(distinct), key)
    table = pl.DataFrame({"raw": distinct, "hash": hashed})
    joined = values.to_frame().join(table, on="raw", how="left", maintain_order="left")
    return joined.get_column("hash").alias(name)


def _hash_extras(extra: pl.Series, key: bytes) -> pl.Series:
    """Every value of every ``_extra`` key -> its keyed hash (null stays null; keys kept)."""
    first = extra.drop_nulls().head(1).to_list()
    if not first:
        return extra
    names = list(json.loads(first[0]))
    dtype = pl.Struct({n: pl.String for n in names})
    fields = extra.str.json_decode(dtype).struct.unnest()
    fields = fields.with_columns(hash_series(fields.get_column(n), key) for n in names)
    encoded = fields.select(pl.struct(names).struct.json_encode()).to_series()
    return encoded.set(extra.is_null(), None).alias(extra.name)  # type: ignore[arg-type]


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


def shifted_lines(frame: pl.DataFrame) -> pl.Series:
    """True for a line that had more fields than its header (``_extra._overflow`` set).

    An unquoted comma shifts every later value one column right, so any of them may be
    the name or number of a personal column.
    """
    none = pl.Series([False] * frame.height, dtype=pl.Boolean)
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
    lines = frame[rows]
    for col in source.columns:
        if col.name == source.key or col.kind in HASHED_KINDS or col.name not in frame.columns:
            continue
        parser = parser_for(col)
        values = lines.get_column(col.name)
        bad = values.is_not_null()
        if parser is not None:
            bad = bad & lines.select(parser(pl.col(col.name))).to_series().is_null()
        mask = masks.get(col.name, pl.Series([False] * frame.height, dtype=pl.Boolean))
        masks[col.name] = mask.scatter(rows, mask.gather(rows) | bad)
    return masks


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
            none = pl.Series([False] * frame.height, dtype=pl.Boolean)
            masks[name] = none.scatter(rows, inside)
    return masks


def _hash_where(values: pl.Series, mask: pl.Series, key: bytes) -> pl.Series:
    rows = mask.arg_true()
    return values.scatter(rows, hash_series(values.gather(rows), key))
