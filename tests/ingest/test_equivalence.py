"""Every contract variation of one set of records loads to the same staged values.

The same helpline calls are written as UTF-8, UTF-8 with BOM, Windows-1252 and UTF-16 CSV and
as .xlsx (title and blank rows above the header, dates as real date cells and as text), with
header spellings varied, columns reordered, an extra column, every allowed date format,
Hindi and English labels and district aliases (Devanagari too); the accepted frames must be
identical to the one built directly from the records.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from pipelines.ingest import clean_export, hash_personal, read_export
from pipelines.ingest.clean import accepted_schema
from warehouse.sources import HELPLINE_CALLS

from .equivalence_records import RECORDS, TODAY, render
from .exportkit import KEY, write_csv, write_xlsx


def expected_accepted() -> pl.DataFrame:
    columns = list(zip(*RECORDS, strict=True))
    names = [c.name for c in HELPLINE_CALLS.columns]
    data = dict(zip(names[: len(columns)], columns, strict=True))
    # these exports lack the optional telephony columns (EXPORTS.md): staged as empty
    data |= {name: [None] * len(RECORDS) for name in names[len(columns) :]}
    data.pop("caller_mobile")
    frame = pl.DataFrame(
        data, schema={k: v for k, v in accepted_schema(HELPLINE_CALLS).items() if k != "_line"}
    )
    return frame


def load(path: Path) -> pl.DataFrame:
    raw = read_export(path, HELPLINE_CALLS)
    assert raw.rows_read == len(RECORDS)
    result = clean_export(
        hash_personal(raw.frame, HELPLINE_CALLS, KEY), HELPLINE_CALLS, today=TODAY
    )
    assert result.quarantined.height == 0, result.quarantined.to_dicts()
    assert result.duplicates == 0
    return result.accepted


CSV_VARIANTS = [
    (enc, variant, hindi)
    for enc, hindi in (("utf-8", True), ("utf-8-sig", True), ("cp1252", False), ("utf-16", True))
    for variant in range(6)
]


@pytest.mark.parametrize(("encoding", "variant", "hindi"), CSV_VARIANTS)
def test_csv_variants_load_to_the_same_staged_values(tmp_path, encoding, variant, hindi):
    path = write_csv(
        tmp_path / "calls.csv",
        render(variant, hindi),
        encoding=encoding,
        newline="\r\n" if variant % 2 else "\n",
    )
    accepted = load(path)
    assert_frame_equal(accepted.drop("_line"), expected_accepted())
    assert accepted["_line"].to_list() == list(range(2, 2 + len(RECORDS)))


def test_encodings_are_reported(tmp_path):
    seen = {}
    for enc, hindi in (("utf-8", True), ("utf-8-sig", True), ("cp1252", False), ("utf-16", True)):
        path = write_csv(tmp_path / f"{enc}.csv", render(0, hindi), encoding=enc)
        seen[enc] = read_export(path, HELPLINE_CALLS).encoding
    assert seen == {
        "utf-8": "utf-8",
        "utf-8-sig": "utf-8-sig",
        "cp1252": "cp1252",
        "utf-16": "utf-16",
    }


@pytest.mark.parametrize("variant", range(6))
def test_xlsx_with_title_rows_and_date_cells_loads_to_the_same_staged_values(tmp_path, variant):
    title = [["Helpline 1950: call log"], [], ["Exported on", "01/06/2020"], []]
    path = write_xlsx(
        tmp_path / "calls.xlsx",
        render(variant, excel=True),
        title_rows=title,
        first_sheet=[["This workbook holds the call log on the next sheet"]]
        if variant % 2
        else None,
        start_col=variant % 3,
    )
    raw = read_export(path, HELPLINE_CALLS)
    assert raw.sheet == "Export" and raw.header_line == len(title) + 1
    accepted = load(path)
    assert_frame_equal(accepted.drop("_line"), expected_accepted())
    first_data_row = len(title) + 2
    assert accepted["_line"].to_list() == list(range(first_data_row, first_data_row + len(RECORDS)))


def test_extra_column_is_kept_in_extra_as_json(tmp_path):
    raw = read_export(write_csv(tmp_path / "c.csv", render(0)), HELPLINE_CALLS)
    assert raw.frame["_extra"].str.json_decode().struct.field("Remarks").to_list()[:2] == [
        "remark 0",
        "remark 1",
    ]
    assert raw.frame.columns == [c.name for c in HELPLINE_CALLS.columns] + ["_line", "_extra"]
    assert all(dtype == pl.String for name, dtype in raw.frame.schema.items() if name != "_line")
    assert raw.frame.schema["_line"] == pl.Int64
