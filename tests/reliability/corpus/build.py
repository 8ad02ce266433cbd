"""Writers for corpus files: rows of a source as CSV bytes in any encoding, and .xlsx sheets.

Rows are written from the contract (warehouse.sources): ``row("helpline_calls", district="Nuh")``
is a valid record with one value changed, so each case states only what makes it malformed.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Sequence
from pathlib import Path

import xlsxwriter

from warehouse.sources import SOURCES

EXPORTED_AT = 1_590_000_000  # 2020-05-20: every corpus file gets this modified time

# One valid record per source used by the corpus (values as an export prints them).
VALID: dict[str, dict[str, str]] = {
    "helpline_calls": {
        "call_id": "C1",
        "district": "Jhajjar",
        "call_received_at": "2020-04-01 10:00:00",
        "helpline": "1950",
        "caller_mobile": "9876543210",
        "category": "Ration",
        "status": "Resolved",
        "resolved_at": "2020-04-01 12:30:00",
        "operator_id": "OP1",
        "feedback_rating": "4",
        "food_delivered_at": "",
        "answered_at": "2020-04-01 10:00:12",
        "call_ended_at": "2020-04-01 10:04:02",
        "abandoned": "N",
    },
    "service_transactions": {
        "token_no": "T1",
        "district": "Panchkula",
        "centre": "SARAL Kendra Panchkula",
        "centre_type": "SARAL Kendra",
        "department": "Revenue",
        "service": "Income certificate",
        "token_issued_at": "2020-06-02 10:00:00",
        "service_completed_at": "2020-06-02 10:20:00",
        "rts_timeline_days": "7",
        "delivered_on": "2020-06-05",
        "status": "Delivered",
        "sms_sent": "Y",
        "feedback_rating": "5",
        "citizen_mobile": "9812345678",
    },
    "relief_payments": {
        "payment_id": "P1",
        "beneficiary_id": "B1",
        "district": "Jhajjar",
        "week_starting": "2020-04-06",
        "amount": "1000",
        "paid_on": "2020-04-08",
        "mode": "DBT",
    },
}


def header(source: str) -> list[str]:
    """The contract's header labels, in contract order."""
    return [c.header for c in SOURCES[source].columns]


def row(source: str, **values: str) -> list[str]:
    """A valid record of ``source`` (contract order) with the given columns replaced."""
    unknown = set(values) - set(VALID[source])
    assert not unknown, f"{source} has no column {unknown}"
    return [values.get(name, default) for name, default in VALID[source].items()]


def csv_bytes(
    rows: Sequence[Sequence[str]], encoding: str = "utf-8", newline: str = "\r\n"
) -> bytes:
    """Rows (header first) as CSV text, quoted where needed, encoded."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator=newline).writerows(rows)
    return buf.getvalue().encode(encoding)


def table(source: str, *rows: Sequence[str]) -> list[list[str]]:
    """The header of ``source`` followed by ``rows``."""
    return [header(source), *[list(r) for r in rows]]


def xlsx_bytes(folder: Path, sheets: dict[str, Sequence[Sequence[object]]]) -> bytes:
    """A workbook with one sheet per entry (rows from A1; None = empty cell)."""
    path = folder / ".building.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    for name, rows in sheets.items():
        ws = wb.add_worksheet(name)
        for r, cells in enumerate(rows):
            for c, value in enumerate(cells):
                if value is not None and value != "":
                    ws.write(r, c, value)
    wb.close()
    data = path.read_bytes()
    path.unlink()
    return data


def place(exports: Path, source: str, name: str, data: bytes) -> Path:
    """Write ``data`` to <exports>/<source>/<name> with the corpus's export time."""
    path = exports / source / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    os.utime(path, (EXPORTED_AT, EXPORTED_AT))
    return path
