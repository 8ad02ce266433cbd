"""Every contract variation of one set of records loads to the same staged values.

The same helpline calls are written as UTF-8, UTF-8 with BOM, Windows-1252 and UTF-16 CSV and
as .xlsx (title and blank rows above the header, dates as real date cells and as text), with
header spellings varied, columns reordered, an extra column, every allowed date format,
Hindi and English labels and district aliases (Devanagari too); the accepted frames must be
identical to the one built directly from the records.
"""

from __future__ import annotations

import random
from datetime import date, datetime
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from pipelines.ingest import clean_export, hash_personal, read_export
from pipelines.ingest.clean import accepted_schema
from warehouse.sources import HELPLINE_CALLS, HELPLINE_CATEGORIES

from .exportkit import CALL_HEADERS, KEY, write_csv, write_xlsx

TODAY = date(2020, 6, 30)

# call_id, district, received, helpline, mobile, category, status, resolved, operator, rating, food
RECORDS = [
    (
        "C001",
        "Jhajjar",
        datetime(2020, 5, 28, 14, 3),
        "1950",
        "9876543210",
        "food_not_received",
        "resolved",
        datetime(2020, 5, 28, 15, 30),
        "OP7",
        5,
        datetime(2020, 5, 28, 15, 0),
    ),
    (
        "C002",
        "Gurugram",
        datetime(2020, 4, 2, 9, 45),
        "1950",
        "9812345678",
        "ration",
        "open",
        None,
        "OP1",
        None,
        None,
    ),
    (
        "C003",
        "Mahendragarh",
        datetime(2020, 4, 3),
        "0128-1234",
        None,
        "law_and_order",
        "closed",
        datetime(2020, 4, 4),
        None,
        1,
        None,
    ),
    (
        "C004",
        "Nuh",
        datetime(2020, 5, 1, 0, 15),
        None,
        "7011122233",
        "covid_prevention",
        "escalated",
        datetime(2020, 5, 1, 23, 59),
        "OP3",
        3,
        None,
    ),
    (
        "C005",
        "Charkhi Dadri",
        datetime(2020, 5, 10, 12, 0),
        "1950",
        "6000000001",
        "other_essentials",
        "resolved",
        datetime(2020, 5, 10, 12, 1),
        "OP3",
        4,
        None,
    ),
    (
        "C006",
        "Yamunanagar",
        datetime(2020, 5, 11, 23, 30),
        "1950",
        None,
        "general_enquiry",
        "resolved",
        datetime(2020, 5, 12, 1, 0),
        "OP9",
        2,
        None,
    ),
    (
        "C007",
        "Panchkula",
        datetime(2020, 5, 12),
        "1950",
        "9000000009",
        "movement_pass",
        "open",
        None,
        None,
        None,
        None,
    ),
    (
        "C008",
        "Sonipat",
        datetime(2020, 5, 13, 8, 8),
        "1950",
        "8888888888",
        "relief_fund",
        "resolved",
        datetime(2020, 5, 13, 18, 8),
        "OP2",
        5,
        None,
    ),
    (
        "C009",
        "Hisar",
        datetime(2020, 5, 14, 17, 20),
        "1950",
        "9999999999",
        "migrant_registration",
        "closed",
        datetime(2020, 5, 15),
        "OP2",
        None,
        None,
    ),
    (
        "C010",
        "Gurugram",
        datetime(2020, 5, 15, 6, 5),
        "1950",
        "9876500000",
        "food_not_received",
        "resolved",
        datetime(2020, 5, 15, 7, 5),
        "OP4",
        4,
        datetime(2020, 5, 15, 7, 0),
    ),
    (
        "C011",
        "Faridabad",
        datetime(2020, 5, 16, 13, 0),
        "1950",
        None,
        "ration",
        "open",
        None,
        None,
        None,
        None,
    ),
    (
        "C012",
        "Rewari",
        datetime(2020, 5, 17, 0, 0),
        "1950",
        "9000011111",
        "covid_prevention",
        "resolved",
        datetime(2020, 5, 17, 0, 30),
        "OP5",
        3,
        None,
    ),
]

STATUS_SPELLINGS = {
    "resolved": ("Resolved", "हल किया गया"),
    "open": ("Open", "खुला"),
    "closed": ("Closed", "बंद"),
    "escalated": ("Escalated", "आगे भेजा गया"),
}
DISTRICT_SPELLINGS = {
    "Jhajjar": ("JHAJJAR ", "Jhajhar", "झज्जर"),
    "Gurugram": ("Gurgaon", "gurugram", "गुड़गांव"),
    "Mahendragarh": ("Narnaul", "Mahendragarh (Narnaul)", "महेंद्रगढ़"),
    "Nuh": ("Mewat", "NUH", "नूंह"),
    "Charkhi Dadri": ("Ch. Dadri", "charkhi-dadri", "चरखी दादरी"),
    "Yamunanagar": ("Yamuna Nagar", "Jagadhri", "यमुना नगर"),
    "Panchkula": ("Panchkulla", " panchkula", "पंचकूला"),
    "Sonipat": ("Sonepat", "Sonipath", "सोनीपत"),
    "Hisar": ("Hissar", "HISAR", "हिसार"),
    "Faridabad": ("Faridabaad", "faridabad", "फ़रीदाबाद"),
    "Rewari": ("Rewadi", "rewari", "रेवाड़ी"),
}
TIME_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d-%m-%Y %I:%M %p",
)
DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d")

HEADER_STYLES = {
    "as printed": lambda h: h,
    "upper": str.upper,
    "snake": lambda h: h.lower().replace(" ", "_"),
    "dots": lambda h: h.replace(" ", "."),
    "hyphens": lambda h: h.replace(" ", "-"),
    "padded": lambda h: f"  {h.lower()}   ",
}


def _stamp(value: datetime | None, n: int) -> str | None:
    if value is None:
        return None
    formats = TIME_FORMATS + (DATE_FORMATS if value.hour == value.minute == 0 else ())
    return value.strftime(formats[n % len(formats)])


def _label(canonical: str, spellings: tuple[str, ...], n: int, hindi: bool) -> str:
    english = spellings[0]
    options = [english, canonical, english.upper().replace(" ", "_"), f"  {english.lower()}  "]
    if hindi:
        options += [s for s in spellings[1:] if not s.isascii()]
    return options[n % len(options)]


def _district(name: str, n: int, hindi: bool) -> str:
    options = [name, *DISTRICT_SPELLINGS[name]]
    if not hindi:
        options = [o for o in options if o.isascii()]
    return options[n % len(options)]


def _mobile(value: str | None, n: int) -> str | None:
    if value is None:
        return None
    return (value, f"+91 {value[:5]} {value[5:]}", f"0{value}", f"91-{value}")[n % 4]


def render(variant: int, hindi: bool = True, excel: bool = False) -> list[list[object]]:
    """The records as one export's rows (header first), in the style of ``variant``."""
    style = list(HEADER_STYLES.values())[variant % len(HEADER_STYLES)]
    headers = [style(h) for h in CALL_HEADERS] + ["Remarks"]
    order = list(range(len(headers)))
    random.Random(variant).shuffle(order)
    rows: list[list[object]] = [[headers[i] for i in order]]
    for k, (cid, dist, rec, line, mob, cat, status, res, op, rating, food) in enumerate(RECORDS):
        n = variant + k
        stamp = (lambda v: v) if excel and n % 2 == 0 else (lambda v, n=n: _stamp(v, n))
        values = [
            f" {cid} " if n % 3 == 0 else cid,
            _district(dist, n, hindi),
            stamp(rec),
            line,
            _mobile(mob, n),
            _label(cat, HELPLINE_CATEGORIES[cat], n, hindi),
            _label(status, STATUS_SPELLINGS[status], n, hindi),
            stamp(res),
            op,
            (rating if excel else (f"{rating}.0" if n % 2 else str(rating)))
            if rating is not None
            else None,
            stamp(food),
            "note é – €" if k == 0 and not hindi else f"remark {k}",
        ]
        rows.append([values[i] for i in order])
    return rows


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
