"""Personal fields, free text and extra columns -> keyed hashes, at the first step after reading.

What is hashed: every contract column of kind ``pii`` or ``freetext`` (``Source.personal``)
and the value of every extra column, i.e. every column the contract does not name. No
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

Speed: only the distinct normalised values are hashed (in Python, with the one-shot
``hmac.digest``), then mapped back onto the column; see the module's test for a measure.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re

import polars as pl

from warehouse.sources import Source

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


class _Hmac:
    """HMAC-SHA256 (RFC 2104) with the padded-key states computed once.

    Equal to ``hmac.digest(key, msg, "sha256")`` (a test checks it) but ~2.5x faster per
    call, because each value only copies two prepared SHA-256 states.
    """

    def __init__(self, key: bytes) -> None:
        if not key:
            raise ValueError("an empty PII key would make the hash an unkeyed one")
        if len(key) > 64:
            key = hashlib.sha256(key).digest()
        key = key.ljust(64, b"\0")
        self._inner = hashlib.sha256(bytes(b ^ 0x36 for b in key)).copy
        self._outer = hashlib.sha256(bytes(b ^ 0x5C for b in key)).copy

    def hexdigest(self, value: str) -> str:
        inner = self._inner()
        inner.update(value.encode("utf-8"))
        outer = self._outer()
        outer.update(inner.digest())
        return outer.hexdigest()


def hmac_hex(key: bytes, value: str) -> str:
    """HMAC-SHA256 of an already normalised value, lower-case hex."""
    return hmac.digest(key, value.encode("utf-8"), hashlib.sha256).hex()


def hash_series(values: pl.Series, key: bytes) -> pl.Series:
    """Normalise and hash a Series of personal values; null (and empty) -> null.

    Only distinct raw values are normalised and hashed; the result is joined back.
    """
    mac = _Hmac(key)
    name = values.name or "value"
    values = values.cast(pl.String).alias("raw")
    distinct = values.drop_nulls().unique()
    normal = normalise_personal_series(distinct)
    hexdigest = mac.hexdigest
    hashed = [None if v is None else hexdigest(v) for v in normal.to_list()]
    table = pl.DataFrame({"raw": distinct, "hash": pl.Series(hashed, dtype=pl.String)})
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

    Contract columns of kind pii or freetext (``Source.personal``) become their keyed hash.
    ``_extra`` keeps its keys (the header labels, see ``read.py``) and every value becomes
    the same keyed hash, whatever the header says: see the module docstring.
    """
    replaced = [
        hash_series(frame.get_column(col.name), key)
        for col in source.personal
        if col.name in frame.columns
    ]
    if "_extra" in frame.columns:
        replaced.append(_hash_extras(frame.get_column("_extra"), key))
    return frame.with_columns(replaced) if replaced else frame


# What a personal value looks like inside any text: used where a value could be shown
# (a quarantine detail, an extra's header label), never to decide what gets hashed.
_DIGIT_NOISE = re.compile(r"(?<=\d)[\s\-.()]+(?=\d)")
_MOBILE_IN = re.compile(r"(?<!\d)(?:\+?91|0)?[6-9]\d{9}(?!\d)")
_AADHAAR_IN = re.compile(r"(?<!\d)\d{12}(?!\d)")
_EMAIL_IN = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")


def looks_personal(text: str) -> bool:
    """Whether ``text`` holds something shaped like a personal value.

    An Indian mobile number (10 digits from 6-9, with an optional +91/91/0 prefix), a
    12-digit Aadhaar-like number (digits may be split by spaces, hyphens, dots or
    brackets: "98765 43210", "1234-5678-9012"), or an e-mail address. Names cannot be
    recognised by shape; that is why nothing relies on this function alone to keep a
    value out of the warehouse: it only narrows what a diagnostic may show.
    """
    joined = _DIGIT_NOISE.sub("", text)
    return bool(_MOBILE_IN.search(joined) or _AADHAAR_IN.search(joined) or _EMAIL_IN.search(text))
