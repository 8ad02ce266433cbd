"""The plain personal values of a folder of exports, and a scanner that finds them in text.

Personal values are read straight from the files (csv module, fastexcel), from the columns of
kind "pii" or "freetext" (warehouse.sources.HASHED_KINDS), without the project's reader. Mobile numbers are also kept as
their bare 10 digits, so "+91 98765-43210" is found as 9876543210 anywhere. Values shorter than
five characters, or that also occur in a non-personal column (a subject that is also a
service name, say), cannot be told apart from ordinary text and are left out (and counted).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from warehouse.sources import HASHED_KINDS, SOURCES, header_key

HEX64 = re.compile(r"[0-9a-f]{64}")  # keyed hashes and file hashes
MOBILE = re.compile(r"(?<!\d)(?:\+?91|0)?([6-9]\d{9})(?!\d)")
PHONE_NOISE = re.compile(r"(?<=\d)[\s\-.()]+(?=\d)")
WORD = re.compile(r"[^\s\"',:;{}\[\]()<>=|\\]+")
MIN_LENGTH = 5


def _normal(value: str) -> str:
    return " ".join(value.split())


def _bare_mobile(value: str) -> str | None:
    digits = re.sub(r"\D", "", value)
    return digits[-10:] if len(digits) >= 10 and digits[-10] in "6789" else None


def _csv_rows(path: Path) -> Iterator[list[str]]:
    data = path.read_bytes()
    for encoding in ("utf-16", "utf-8-sig", "cp1252"):
        if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    yield from csv.reader(io.StringIO(text.replace("\x00", "")))


def _xlsx_rows(path: Path) -> Iterator[list[str]]:
    import fastexcel

    reader = fastexcel.read_excel(path)
    for index in range(len(reader.sheet_names)):
        sheet = reader.load_sheet(index, header_row=None, dtypes="string").to_polars()
        for row in sheet.rows():
            yield [cell or "" for cell in row]


def export_rows(path: Path) -> Iterator[list[str]]:
    """Every row of an export file, as text cells."""
    return _xlsx_rows(path) if path.suffix.lower() == ".xlsx" else _csv_rows(path)


@dataclass
class PersonalValues:
    values: set[str] = field(default_factory=set)  # normalised plain values
    mobiles: set[str] = field(default_factory=set)  # bare 10-digit mobile numbers
    by_column: dict[str, int] = field(default_factory=dict)
    left_out: int = 0
    longest: int = 1  # words in the longest value: the n-grams to try
    firsts: set[str] = field(default_factory=set)  # first words of multi-word values

    def __len__(self) -> int:
        return len(self.values | self.mobiles)

    def find(self, text: str) -> set[str]:
        """The personal values that occur in ``text`` (hashes are not searched)."""
        text = HEX64.sub(" ", text)
        found = {m for m in MOBILE.findall(PHONE_NOISE.sub("", text)) if m in self.mobiles}
        words = WORD.findall(text)
        for i, word in enumerate(words):
            if word in self.values:
                found.add(word)
            if word in self.firsts:
                for n in range(2, self.longest + 1):
                    gram = " ".join(words[i : i + n])
                    if gram in self.values:
                        found.add(gram)
        return found

    def find_all(self, texts: Iterable[str]) -> set[str]:
        found: set[str] = set()
        for text in texts:
            found |= self.find(text)
        return found


def collect_personal_values(exports: Path) -> PersonalValues:
    """The plain values of every personal column of every export under ``exports``."""
    personal: dict[str, set[str]] = {}
    ordinary: set[str] = set()
    mobiles: set[str] = set()
    for source in SOURCES.values():
        lookup = {header_key(c.header): c for c in source.columns}
        key = source.column(source.key)  # a derived key is not in the file: anchor elsewhere
        key_header = header_key((key if key.read else source.required[0]).header)
        for path in sorted((exports / source.name).rglob("*")):
            if path.suffix.lower() not in (".csv", ".xlsx"):
                continue
            columns = None
            for cells in export_rows(path):
                if columns is None:
                    keys = [header_key(c) for c in cells]
                    if key_header in keys:
                        columns = [lookup.get(k) for k in keys]
                    continue
                for column, cell in zip(columns, cells, strict=False):
                    if column is None or not cell:
                        continue
                    value = _normal(cell)
                    if column.kind not in HASHED_KINDS:
                        ordinary.add(value)
                        continue
                    personal.setdefault(f"{source.name}.{column.name}", set()).add(value)
                    if "mobile" in column.name and (bare := _bare_mobile(value)):
                        mobiles.add(bare)
    result = PersonalValues(mobiles=mobiles)
    for name, values in personal.items():
        kept = {v for v in values if len(v) >= MIN_LENGTH and v not in ordinary}
        result.left_out += len(values) - len(kept)
        result.by_column[name] = len(values)
        result.values |= kept
    result.longest = max((len(v.split()) for v in result.values), default=1)
    result.firsts = {v.split()[0] for v in result.values if " " in v}
    return result


def every_value_as_text(con: duckdb.DuckDBPyConnection) -> tuple[list[str], list[str]]:
    """Every distinct non-null value of every column of every table and view ``con`` sees
    (its temporary views too), as text; and the tables' names."""
    columns = con.execute(
        "select table_name, column_name from duckdb_columns() where not internal order by all"
    ).fetchall()
    texts: list[str] = []
    for table, column in columns:
        texts += [
            r[0]
            for r in con.execute(
                f'select distinct cast("{column}" as varchar) from "{table}" '
                f'where "{column}" is not null'
            ).fetchall()
        ]
    return texts, sorted({t for t, _ in columns})
