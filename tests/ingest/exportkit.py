"""Build small export files for the ingest tests: CSV in any encoding, and .xlsx."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import xlsxwriter

KEY = b"test-ingest-key"
TODAY_ISO = "2020-06-30"

CALL_HEADERS = [
    "Call ID",
    "District",
    "Call Received At",
    "Helpline",
    "Caller Mobile",
    "Category",
    "Status",
    "Resolved At",
    "Operator ID",
    "Feedback Rating",
    "Food Delivered At",
]


def csv_bytes(
    rows: Sequence[Sequence[object]], encoding: str = "utf-8", newline: str = "\n"
) -> bytes:
    """Rows (header first) as CSV bytes; ``encoding`` may be utf-8-sig, cp1252, utf-16."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator=newline)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buf.getvalue().encode(encoding)


def write_csv(
    path: Path, rows: Sequence[Sequence[object]], encoding: str = "utf-8", newline: str = "\n"
) -> Path:
    path.write_bytes(csv_bytes(rows, encoding, newline))
    return path


def write_xlsx(
    path: Path,
    rows: Sequence[Sequence[object]],
    *,
    title_rows: Sequence[Sequence[object]] = (),
    first_sheet: Sequence[Sequence[object]] | None = None,
    start_col: int = 0,
) -> Path:
    """Rows (header first) into a sheet, below ``title_rows``; datetimes become date cells,
    numbers numeric cells, everything else text. ``first_sheet`` adds a sheet before it."""
    wb = xlsxwriter.Workbook(str(path))
    stamp = wb.add_format({"num_format": "dd/mm/yyyy hh:mm"})
    if first_sheet is not None:
        notes = wb.add_worksheet("Notes")
        for r, row in enumerate(first_sheet):
            notes.write_row(r, 0, list(row))
    ws = wb.add_worksheet("Export")
    for r, row in enumerate([*title_rows, *rows]):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, datetime):
                ws.write_datetime(r, start_col + c, value, stamp)
            elif isinstance(value, int | float):
                ws.write_number(r, start_col + c, value)
            else:
                ws.write_string(r, start_col + c, str(value))
    wb.close()
    return path
