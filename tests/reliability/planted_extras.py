"""Exports carrying personal data where the contract does not announce it, and the scans
that look for it, for tests/reliability/test_extras_and_free_text.py.

Each planted value is a `Planted`: phone and identity numbers are compared as digits only,
so a scan finds them however they were written; names and free text are compared casefolded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from tests.ingest.exportkit import CALL_HEADERS, write_csv, write_xlsx
from tests.reliability.personal import every_value_as_text, export_rows
from warehouse.raw_files import create_raw_views
from warehouse.sources import GRIEVANCES, MOVEMENT_PASSES, RELIEF_BENEFICIARIES

KEY = b"extras-key"
HEX64 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Planted:
    value: str
    number: bool = False  # compared as digits only (phone and identity numbers)

    @property
    def needle(self) -> str:
        if not self.number:
            return self.value.casefold()
        digits = re.sub(r"\D", "", self.value)
        # a mobile is found as its bare 10 digits, whatever prefix it was written with
        return digits[-10:] if len(digits) in (11, 12) and digits[-10] in "6789" else digits


def num(value: str) -> Planted:
    return Planted(value, number=True)


# Extra columns of the helpline export: header -> planted value (14 spellings).
CALL_EXTRAS: dict[str, Planted] = {
    "Contact": num("98123 45678"),
    "Alt. No.": num("+91-70123-45678"),
    "Sampark Sutra": num("(0)8123456780"),
    "संपर्क": num("9988776655"),
    "UID": num("2345 6789 0123"),
    "Voter ID": Planted("HRX1234567"),
    "PPP ID": Planted("8RKD7734"),
    "E-mail": Planted("sunita.rani@example.in"),
    "ईमेल": Planted("mohan.lal@example.org"),
    "Guardian": Planted("Baldev Singh Rana"),
    "Remarks": num("call 98765 43210 after 5"),
    "टिप्पणी": Planted("पड़ोसी रमेश कुमार"),
    "WhatsApp": num("7766554433"),
    "": num("9345678120"),  # a column without a header
}
# Personal values in the wrong contract column: the row is quarantined.
WRONG_COLUMN = {
    "Resolved At": num("9812312312"),
    "Status": Planted("ravi.k@example.com"),
    "Feedback Rating": num("4567 8901 2345"),
}
SHIFTED_NAME = Planted("Kamla Devi")  # an unquoted comma pushes it into Feedback Rating
PASS_PURPOSE = Planted("Wedding of Rekha Devi, call 9811122233")
PASS_EXTRAS = {"Contact Person": Planted("Suresh Chand Yadav"), "Mob.": num("8899001122")}
SUBJECT = Planted("Harassment by neighbour Mahavir Prasad, 7012398765")
GRIEVANCE_EXTRAS = {"Sampark No": num("9000012345"), "Aadhaar/UID": num("3456-7890-1234")}
BENEFICIARY = {
    "id": Planted("BEN-88231"),
    "names": (Planted("Prem Lata Sharma"), Planted("Prem Lata Verma")),
    "mobile": num("9123400000"),
    "family": Planted("FAM-5521"),
    "extra": Planted("HR-RC-00991122"),
}


def all_planted() -> list[Planted]:
    return [
        *CALL_EXTRAS.values(),
        *WRONG_COLUMN.values(),
        SHIFTED_NAME,
        PASS_PURPOSE,
        Planted("Rekha Devi"),
        num("9811122233"),
        *PASS_EXTRAS.values(),
        SUBJECT,
        Planted("Mahavir Prasad"),
        num("7012398765"),
        *GRIEVANCE_EXTRAS.values(),
        BENEFICIARY["id"],
        *BENEFICIARY["names"],
        BENEFICIARY["mobile"],
        BENEFICIARY["family"],
        BENEFICIARY["extra"],
    ]


def found_in(texts: list[str], planted: list[Planted]) -> set[str]:
    """Planted values occurring in any text: substring (case-folded), numbers as digits."""
    found: set[str] = set()
    for text in texts:
        plain = HEX64.sub(" ", text)  # keyed hashes and file hashes are not values
        folded, digits = plain.casefold(), re.sub(r"\D", "", plain)
        for p in planted:
            if p.needle in (digits if p.number else folded):
                found.add(p.value)
    return found


def call_row(call_id: str, **changes: str) -> list[str]:
    base = dict(
        zip(
            CALL_HEADERS,
            [call_id, "Jhajjar", "2020-04-01 10:00", "1950", "9876501234", "Ration",
             "Resolved", "2020-04-01 12:00", "OP1", "4", ""],
            strict=True,
        )
    )  # fmt: skip
    base.update(changes)
    return [base[h] for h in CALL_HEADERS]


def write_exports(exports: Path) -> list[Path]:
    """The four exports; returns their paths."""
    extras_header = list(CALL_EXTRAS)
    extras = [p.value for p in CALL_EXTRAS.values()]
    calls = [
        [*CALL_HEADERS, *extras_header],
        [*call_row("C1"), *extras],
        [*call_row("C2", District="Atlantis"), *extras],  # a safe detail, kept
        *[
            [*call_row(f"C{3 + i}", **{header: p.value}), *extras]
            for i, (header, p) in enumerate(WRONG_COLUMN.items())
        ],
    ]
    (exports / "helpline_calls").mkdir(parents=True)
    calls_csv = write_csv(exports / "helpline_calls" / "calls.csv", calls)
    # A line whose Operator ID holds an unquoted comma: every later value shifts right.
    # (no rating: the name lands in Feedback Rating and the empty rating in Food Delivered At)
    shifted = ",".join(
        call_row("C9", **{"Operator ID": f"OP2, {SHIFTED_NAME.value}", "Feedback Rating": ""})
    )
    with calls_csv.open("a", encoding="utf-8") as fh:
        fh.write(shifted + "," + ",".join(e.replace(",", " ") for e in extras) + "\n")

    pass_headers = [c.header for c in MOVEMENT_PASSES.columns]
    pass_row = ["A1", "Karnal", "2020-05-01 10:00", "Asha Rani", "9812000000", "HR26AB1234",
                "Vehicle", PASS_PURPOSE.value, "Approved", "2020-05-02 10:00"]  # fmt: skip
    (exports / "movement_passes").mkdir()
    passes = write_xlsx(
        exports / "movement_passes" / "passes.xlsx",
        [
            [*pass_headers, *PASS_EXTRAS],
            [*pass_row, *(p.value for p in PASS_EXTRAS.values())],
            [*pass_row[:7], "Medical", *pass_row[8:], "", ""],
        ],
    )

    g_headers = [c.header for c in GRIEVANCES.columns]
    g_row = ["G1", "CM Window", "Rohtak", "Revenue", "2020-05-01", "Pending", "", "",
             "Mahesh", "9876000011", SUBJECT.value]  # fmt: skip
    (exports / "grievances").mkdir()
    grievances = write_csv(
        exports / "grievances" / "g.csv",
        [[*g_headers, *GRIEVANCE_EXTRAS], [*g_row, *(p.value for p in GRIEVANCE_EXTRAS.values())]],
    )

    b_headers = [c.header for c in RELIEF_BENEFICIARIES.columns]
    b = BENEFICIARY
    (exports / "relief_beneficiaries").mkdir()
    beneficiaries = write_xlsx(
        exports / "relief_beneficiaries" / "b.xlsx",
        [
            [*b_headers, "Ration Card"],
            *[
                [b["id"].value, "Hisar", "2020-04-01", name.value, b["mobile"].value,
                 b["family"].value, "Eligible", "", b["extra"].value]
                for name in b["names"]
            ],  # one ID, two different rows: a conflicting duplicate
        ],
    )  # fmt: skip
    return [calls_csv, passes, grievances, beneficiaries]


def file_texts(paths: list[Path]) -> list[str]:
    return [",".join(cells) for path in paths for cells in export_rows(path)]


def warehouse_texts(con: duckdb.DuckDBPyConnection) -> tuple[list[str], list[str]]:
    """Every distinct non-null value of every column of every table, and of the raw rows
    (Parquet files read through the views of warehouse.raw_files), as text; the tables."""
    create_raw_views(con)
    return every_value_as_text(con)
