"""An independent reader of export files, written for the tests from EXPORTS.md alone.

It shares nothing with the generator: its own encoding sniffing, header matching, date
parsing and validity rules (the contract's quarantine reasons), and the district reference
(warehouse.districts.canonical_district) plus the contract data of warehouse.sources.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
from collections import defaultdict
from pathlib import Path

import fastexcel

from warehouse.districts import UnknownDistrictError, canonical_district
from warehouse.sources import SOURCES, YES_NO

FORMATS = ("%Y-%m-%d %H:%M:%S", "%d/%m/%Y %H:%M", "%d-%m-%Y %I:%M %p", "%d/%m/%Y", "%Y-%m-%d")


def norm(header: str) -> str:
    return re.sub(r"[\s_.\-]+", "", str(header).strip().lower())


def decode(raw: bytes) -> tuple[str, str]:
    """(text, encoding name): BOM -> utf-8-sig, valid UTF-8 -> utf-8, else cp1252."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8"), "utf-8-sig"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("cp1252"), "cp1252"


def read_rows(path: Path, source: str) -> list[dict[str, object]]:
    """Rows as {contract column name: value}; header found as the first row with all required."""
    spec = SOURCES[source]
    by_key = {norm(c.header): c.name for c in spec.columns}
    required = {norm(c.header) for c in spec.required}
    if path.suffix == ".xlsx":
        sheet = fastexcel.read_excel(str(path)).load_sheet(0, header_row=None)
        table = sheet.to_polars().rows()
    else:
        text, _ = decode(path.read_bytes())
        table = list(csv.reader(io.StringIO(text, newline="")))
    for i, row in enumerate(table):
        keys = [norm(v) if v is not None else "" for v in row]
        if required <= set(keys):
            names = [by_key.get(k) for k in keys]
            out = []
            for data in table[i + 1 :]:
                rec = {n: ("" if v is None else v) for n, v in zip(names, data, strict=False) if n}
                out.append(rec)
            return out
    raise AssertionError(f"{path}: no header row with every required column")


# The two commonest layouts, "%Y-%m-%d[ %H:%M:%S]" and "%d/%m/%Y[ %H:%M]", parsed without
# strptime (the state-scale test reads millions of rows); anything else goes through FORMATS.
ISO = re.compile(r"\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?")
DMY = re.compile(r"(\d{2})/(\d{2})/(\d{4})(?: (\d{2}):(\d{2}))?")


def _fast_time(text: str) -> dt.datetime | None:
    try:
        if ISO.fullmatch(text):
            return dt.datetime.fromisoformat(text)
        match = DMY.fullmatch(text)
        if match:
            day, month, year, hour, minute = match.groups()
            return dt.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0))
    except ValueError:
        return None  # the slow path decides
    return None


def parse_time(value: object) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value
    text = str(value).strip()
    fast = _fast_time(text)
    if fast is not None:
        return fast
    for fmt in FORMATS:
        try:
            return dt.datetime.strptime(text, fmt)
        except ValueError:
            continue
    return None


_LABEL_TABLES: dict[int, dict[str, str]] = {}  # by id() of the contract's column object


def _label_table(col) -> dict[str, str]:
    if id(col) not in _LABEL_TABLES:
        _LABEL_TABLES[id(col)] = _spellings(col)
    return _LABEL_TABLES[id(col)]


def _spellings(col) -> dict[str, str]:
    return {
        spelling.strip().lower(): key
        for key, spellings in col.labels.items()
        for spelling in spellings
    }


def clean(source: str, row: dict[str, object]) -> dict[str, object] | None:
    """The typed record, or None when the contract quarantines the row."""
    rec, _ = check(source, row)
    return rec


def check(source: str, row: dict[str, object]) -> tuple[dict[str, object] | None, str | None]:
    """(typed record, None) or (None, the quarantine reason)."""
    spec = SOURCES[source]
    rec: dict[str, object] = {}
    for col in spec.columns:
        raw = row.get(col.name, "")
        text = str(raw).strip() if raw is not None else ""
        if not text:
            if col.required:
                return None, "missing required"
            rec[col.name] = None
            continue
        if col.kind == "district":
            try:
                rec[col.name] = canonical_district(text)
            except UnknownDistrictError:
                return None, "unknown district"
        elif col.kind in ("timestamp", "date"):
            t = parse_time(raw)
            if t is None:
                return None, "unparseable date"
            rec[col.name] = t if col.kind == "timestamp" else t.date()
        elif col.kind == "label":
            key = _label_table(col).get(text.lower())
            if key is None:
                return None, "unknown label"
            rec[col.name] = key
        elif col.kind == "flag":
            rec[col.name] = text in YES_NO["true"]
        elif col.kind in ("int", "number"):
            try:
                value = float(text)
            except ValueError:
                return None, "not a number"
            lo, hi = col.range
            if (lo is not None and value < lo) or (hi is not None and value > hi):
                return None, "out of range"
            rec[col.name] = value
        else:
            rec[col.name] = text
    for earlier, later in spec.ordering:
        a, b = rec.get(earlier), rec.get(later)
        if a is not None and b is not None:
            a_cmp = a if isinstance(a, dt.datetime) else dt.datetime.combine(a, dt.time())
            b_cmp = b if isinstance(b, dt.datetime) else dt.datetime.combine(b, dt.time())
            if isinstance(b, dt.date) and not isinstance(b, dt.datetime):
                a_cmp = dt.datetime.combine(a_cmp.date(), dt.time())
            if b_cmp < a_cmp:
                return None, "times backwards"
    return rec, None


def record_key(source: str, row: dict[str, object]) -> str:
    """A row's record id: its key column, or for a source without ids (the roster) the
    columns the key is derived from, as read (trimmed)."""
    key = SOURCES[source].column(SOURCES[source].key)
    if not key.derived_from:
        return str(row.get(key.name, "")).strip()
    return " | ".join(str(row.get(name, "")).strip() for name in key.derived_from)


def final_records(out: Path, source: str) -> dict[str, dict[str, object]]:
    """Valid records by ID, the newest file (modified time, then path) winning; IDs with two
    different rows in one file are quarantined (both rows)."""
    files = sorted((out / source).iterdir(), key=lambda p: (os.stat(p).st_mtime, str(p)))
    final: dict[str, dict[str, object]] = {}
    for path in files:
        seen: dict[str, list[tuple]] = defaultdict(list)
        valid: dict[str, dict[str, object]] = {}
        for row in read_rows(path, source):
            key = record_key(source, row)
            seen[key].append(tuple(map(str, row.values())))  # a file's rows share its header
            rec = clean(source, row)
            if rec is not None:
                valid[key] = rec
        for key, rec in valid.items():
            if len(set(seen[key])) == 1:
                final[key] = rec
    return final
