"""One set of helpline calls, and every contract variation it can be written in: encodings,
header spellings and orders, date formats, Hindi and English labels, district aliases, and
Excel with title rows and date cells (tests/ingest/test_equivalence.py loads each)."""

from __future__ import annotations

import random
from datetime import date, datetime

from warehouse.sources import HELPLINE_CATEGORIES

from .exportkit import CALL_HEADERS

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
