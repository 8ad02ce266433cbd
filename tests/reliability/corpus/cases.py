"""The corpus: malformed exports, each with the outcome the load path must reach.

A case builds its file(s) under an exports folder at test time (nothing binary is
committed; the 50 MB file exists only in the test's tmp_path) and states one outcome:

    Rejected(says)   the whole file is refused: manifest status 'rejected', a message that
                     starts with the file's path and contains ``says``; no raw rows kept
    Staged(...)      the file loads: how many rows are accepted and exact duplicates, and
                     every quarantined row as (line, record_id, reason, column); optional
                     SQL checks on the raw/staging tables with their expected rows
    Ignored()        the file is not an export at all (an Excel lock file): never listed

For every staged file the audit identity must hold in ingest_manifest:
rows_read = rows_accepted + rows_duplicate + rows_quarantined.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipelines.ingest.pii import hmac_hex
from tests.reliability.corpus.build import csv_bytes, header, place, row, table, xlsx_bytes

KEY = b"corpus-key"  # the key the corpus is loaded with (test_malformed_exports)

H, S, P = "helpline_calls", "service_transactions", "relief_payments"

Quarantined = tuple[int | None, str | None, str, str]  # line, record_id, reason, column


@dataclass(frozen=True)
class Rejected:
    says: str


@dataclass(frozen=True)
class Staged:
    accepted: int
    duplicates: int = 0
    quarantined: tuple[Quarantined, ...] = ()
    checks: tuple[tuple[str, list[tuple]], ...] = ()  # (sql, expected rows)


@dataclass(frozen=True)
class Ignored:
    pass


@dataclass(frozen=True)
class Case:
    name: str
    source: str
    build: Callable[[Path], Path]  # writes the file(s) under the exports folder
    expect: Rejected | Staged | Ignored
    xfail: str | None = None  # a production bug: why the outcome is wrong (strict xfail)


CASES: list[Case] = []


def case(name, source, expect, xfail=None):
    """Register ``build(exports) -> bytes`` (written as <name>.csv) or a full builder."""

    def register(fn):
        def build(exports: Path) -> Path:
            out = fn(exports)
            if isinstance(out, bytes):
                return place(exports, source, f"{name}.csv", out)
            return out

        CASES.append(Case(name, source, build, expect, xfail))
        return fn

    return register


def q(line, record_id, reason, column) -> Quarantined:
    return (line, record_id, reason, column)


def stg(source: str, columns: str) -> str:
    first = columns.split(",")[0]
    return f"select {columns} from stg_{source} order by {first}"


def raw(source: str, columns: str) -> str:
    return f"select {columns} from raw_{source} order by _line"


# ---------------------------------------------------------------- whole-file problems


@case("empty_file", H, Rejected("empty file"))
def _(exports):
    return b""


@case("only_blank_lines", H, Rejected("empty file"))
def _(exports):
    return b"\r\n\r\n   \n\t\n\n"


@case("header_only", H, Staged(0))
def _(exports):
    return csv_bytes(table(H))


@case("wrong_delimiter", H, Rejected("the header seems to be ';'-separated"))
def _(exports):
    return b"\r\n".join(";".join(r).encode() for r in table(H, row(H), row(H, call_id="C2")))


@case("missing_required_column", H, Rejected("missing required column 'Status'"))
def _(exports):
    keep = [i for i, h in enumerate(header(H)) if h != "Status"]
    return csv_bytes([[r[i] for i in keep] for r in table(H, row(H))])


@case("duplicated_header", H, Rejected("column 'District' appears twice"))
def _(exports):
    return csv_bytes([[*header(H), "DISTRICT"], [*row(H), "Gurugram"]])


@case("unknown_suffix", H, Rejected("unsupported file type '.txt'"))
def _(exports):
    return place(exports, H, "unknown_suffix.txt", csv_bytes(table(H, row(H))))


@case("corrupt_xlsx", H, Rejected("cannot open the Excel file"))
def _(exports):
    good = xlsx_bytes(exports, {"Export": table(H, row(H), row(H, call_id="C2"))})
    return place(exports, H, "corrupt.xlsx", good[: len(good) // 2])


@case("xlsx_not_a_zip", H, Rejected("cannot open the Excel file"))
def _(exports):
    return place(exports, H, "not_a_zip.xlsx", b"PK\x03\x04 not really a workbook")


@case("empty_workbook", H, Rejected("empty workbook"))
def _(exports):
    return place(exports, H, "empty.xlsx", xlsx_bytes(exports, {"Sheet1": []}))


@case("unclosed_quote", H, Rejected("a quoted value is never closed"))
def _(exports):
    text = csv_bytes(table(H, row(H))).decode() + 'C2,Jhajjar,"2020-04-01 10:00:00,1950\r\n'
    return text.encode() + csv_bytes([row(H, call_id="C3")])


@case("neither_utf8_nor_cp1252", H, Rejected("neither UTF-8 nor Windows-1252"))
def _(exports):
    return csv_bytes(table(H, row(H, operator_id="OP\x811")), encoding="latin-1")


@case("single_line_50mb", H, Rejected("missing required columns"))
def _(exports):
    return b"abc," * (50 * 1024 * 1024 // 4)  # one 50 MB line, no header, no newline


@case(
    "line_of_50mb_among_records",
    H,
    Staged(2, checks=((stg(H, "call_id, length(operator_id)"), [("C1", 3), ("C2", 50 * 2**20)]),)),
)
def _(exports):
    return csv_bytes(table(H, row(H), row(H, call_id="C2", operator_id="x" * 50 * 2**20)))


@case("symlink_outside_exports", H, Rejected("a link to a file outside the exports folder"))
def _(exports):
    outside = exports.parent / "elsewhere" / "secret.csv"
    outside.parent.mkdir(parents=True, exist_ok=True)
    outside.write_bytes(csv_bytes(table(H, row(H))))
    link = exports / H / "link.csv"
    link.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(outside, link)
    return link


@case("excel_lock_file", H, Ignored())
def _(exports):
    return place(exports, H, "~$calls.xlsx", b"\x0bcell\x00lock")


# ---------------------------------------------------------------- encodings and line ends


@case(
    "utf16_with_devanagari",
    H,
    Staged(2, checks=((stg(H, "call_id, district"), [("C1", "Jhajjar"), ("C2", "Gurugram")]),)),
)
def _(exports):
    return csv_bytes(
        table(H, row(H, district="झज्जर"), row(H, call_id="C2", district="गुरुग्राम")), "utf-16"
    )


@case("cp1252", H, Staged(1, checks=((stg(H, "call_id, operator_id"), [("C1", "José")]),)))
def _(exports):
    return csv_bytes(table(H, row(H, operator_id="José")), encoding="cp1252")


@case(
    "bom_then_cp1252",
    H,
    Staged(1, checks=((stg(H, "call_id, operator_id"), [("C1", "José")]),)),
)
def _(exports):
    return b"\xef\xbb\xbf" + csv_bytes(table(H, row(H, operator_id="José")), encoding="cp1252")


@case("mixed_line_endings", H, Staged(3))
def _(exports):
    rows = [",".join(r).encode() for r in table(H, row(H), row(H, call_id="C2"))]
    return (
        rows[0]
        + b"\r\n"
        + rows[1]
        + b"\n"
        + rows[2]
        + b"\r\n"
        + b",".join(x.encode() for x in row(H, call_id="C3"))
        + b"\n"
    )


@case(
    "lone_cr_among_lf_line_ends",
    H,
    Staged(3, checks=((stg(H, "call_id"), [("C1",), ("C2",), ("C3",)]),)),
)
def _(exports):
    rows = [
        ",".join(r).encode() for r in table(H, row(H), row(H, call_id="C2"), row(H, call_id="C3"))
    ]
    return rows[0] + b"\n" + rows[1] + b"\r" + rows[2] + b"\n" + rows[3] + b"\n"


@case(
    "bom_inside_file",
    H,
    Staged(2, checks=((stg(H, "call_id"), [("C1",), ("C2",)]),)),
)
def _(exports):
    return csv_bytes(table(H, row(H))) + b"\xef\xbb\xbf" + csv_bytes([row(H, call_id="C2")])


@case("old_mac_cr_only", H, Staged(2, checks=((stg(H, "call_id"), [("C1",), ("C2",)]),)))
def _(exports):
    return csv_bytes(table(H, row(H), row(H, call_id="C2")), newline="\r")


@case(
    "nul_bytes",
    H,
    Staged(2, checks=((stg(H, "call_id, district"), [("C1", "Jhajjar"), ("C2", "Nuh")]),)),
)
def _(exports):
    data = csv_bytes(table(H, row(H), row(H, call_id="C2", district="Nuh")))
    return data.replace(b"Jhajjar", b"Jhaj\x00jar").replace(b"C2", b"C\x002") + b"\x00\x00"


# ---------------------------------------------------------------- shape of lines and header


@case(
    "truncated_last_line",
    H,
    Staged(1, quarantined=(q(3, "C2", "missing required value", "category"),)),
)
def _(exports):
    return csv_bytes(table(H, row(H))) + b"C2,Jhajjar,2020-04-01 1"


@case(
    "extra_columns",
    H,
    Staged(
        2,
        checks=(
            (
                # every extra is kept as its keyed hash, whatever its header says
                raw(
                    H,
                    "json_extract_string(_extra, '$.Remarks'), "
                    "json_extract_string(_extra, '$.\"Caller Name\"'), "
                    "_extra like '%Ram Kumar%' or _extra like '%called%'",
                ),
                [
                    (hmac_hex(KEY, "called twice"), hmac_hex(KEY, "ram kumar"), False),
                    (None, hmac_hex(KEY, "sita devi"), False),
                ],
            ),
        ),
    ),
)
def _(exports):
    return csv_bytes(
        [
            [*header(H), "Remarks", "Caller Name"],
            [*row(H), "called twice", "Ram Kumar"],
            [*row(H, call_id="C2"), "", "Sita Devi"],
        ]
    )


@case("header_trailing_commas", H, Staged(2, checks=((raw(H, "_extra"), [(None,), (None,)]),)))
def _(exports):
    rows = table(H, row(H), row(H, call_id="C2"))
    return b"".join(",".join(r).encode() + b",,,\r\n" for r in rows)


@case(
    "more_fields_than_header",
    H,
    Staged(
        2,
        checks=(
            (
                raw(H, "json_extract_string(_extra, '$._overflow')"),
                [(hmac_hex(KEY, "surplus"),), (None,)],
            ),
        ),
    ),
)
def _(exports):
    return csv_bytes([header(H), [*row(H), "surplus"], row(H, call_id="C2")])


@case(
    "unquoted_comma_shifts_values",
    H,
    Staged(1, quarantined=(q(2, "C1", "unparseable date", "resolved_at"),)),
)
def _(exports):
    bad = ",".join(row(H, category="Food, not received")).encode()
    return csv_bytes([header(H)]) + bad + b"\r\n" + csv_bytes([row(H, call_id="C2")])


@case(
    "quoted_field_with_newlines",
    H,
    Staged(
        1,
        quarantined=(q(4, "C2", "unknown district", "district"),),
        checks=((stg(H, "call_id, operator_id"), [("C1", "OP1\nnight shift")]),),
    ),
)
def _(exports):
    return csv_bytes(
        table(H, row(H, operator_id="OP1\nnight shift"), row(H, call_id="C2", district="Delhi"))
    )


@case(
    "header_in_other_case_and_spacing",
    H,
    Staged(1, checks=((stg(H, "call_id, district, category"), [("C1", "Jhajjar", "ration")]),)),
)
def _(exports):
    labels = ["call_id", " DISTRICT ", "call-received-at", "helpline", "CALLER.MOBILE"]
    labels += ["category", "Status", "resolved_at", "Operator  ID", "feedback rating"]
    labels += ["Food_Delivered_At"]
    return csv_bytes([labels, row(H)])


@case(
    "title_rows_above_header",
    H,
    Staged(1, quarantined=(q(6, "C2", "unknown district", "district"),)),
)
def _(exports):
    titles = [["Helpline 1950 call log"], ["District control room, exported 20/05/2020"], []]
    return csv_bytes([*titles, *table(H, row(H), row(H, call_id="C2", district="Delhi"))])


# ---------------------------------------------------------------- Excel layouts


@case(
    "xlsx_header_on_row_5_of_second_sheet",
    H,
    Staged(1, quarantined=(q(7, "C2", "unknown district", "district"),)),
)
def _(exports):
    notes = [["About this export"], ["Generated by the control room"]]
    export = [
        ["Helpline 1950"],
        ["Call log"],
        [],
        [],
        *table(H, row(H), row(H, call_id="C2", district="Delhi")),
    ]
    return place(
        exports, H, "second_sheet.xlsx", xlsx_bytes(exports, {"Notes": notes, "Export": export})
    )


@case(
    "xlsx_two_header_rows",
    H,
    # The repeated header is a record like any other: its 'District' is not a district.
    Staged(2, quarantined=(q(2, "Call ID", "unknown district", "district"),)),
)
def _(exports):
    sheet = [header(H), header(H), row(H), row(H, call_id="C2")]
    return place(exports, H, "two_headers.xlsx", xlsx_bytes(exports, {"Export": sheet}))


@case(
    "xlsx_numbers_as_numeric_cells",
    P,
    Staged(1, checks=((stg(P, "payment_id, amount"), [("P1", 1000.0)]),)),
)
def _(exports):
    sheet = [header(P), [*row(P)[:4], 1000, *row(P)[5:]]]
    return place(exports, P, "numeric.xlsx", xlsx_bytes(exports, {"Payments": sheet}))


# ---------------------------------------------------------------- values


@case("unknown_district", H, Staged(1, quarantined=(q(3, "C2", "unknown district", "district"),)))
def _(exports):
    return csv_bytes(table(H, row(H), row(H, call_id="C2", district="Delhi")))


@case(
    "devanagari_english_mixed",
    H,
    Staged(
        3,
        checks=(
            (
                stg(H, "call_id, district, category, status"),
                [
                    ("C1", "Jhajjar", "food_not_received", "resolved"),
                    ("C2", "Gurugram", "ration", "open"),
                    ("C3", "Gurugram", "law_and_order", "resolved"),
                ],
            ),
        ),
    ),
)
def _(exports):
    return csv_bytes(
        table(
            H,
            row(H, district="झज्जर", category="भोजन न मिलने बारे", status="हल किया गया"),
            row(H, call_id="C2", district="Gurgaon", status="Open", resolved_at=""),
            row(H, call_id="C3", district=" गुरुग्राम ", category="कानून व्यवस्था से संबंधित"),
        )
    )


@case(
    "label_in_unexpected_case_and_spacing",
    H,
    Staged(
        2,
        checks=(
            (
                stg(H, "call_id, district, category, status"),
                [
                    ("C1", "Jhajjar", "food_not_received", "resolved"),
                    ("C2", "Yamunanagar", "law_and_order", "open"),
                ],
            ),
        ),
    ),
)
def _(exports):
    return csv_bytes(
        table(
            H,
            row(H, district=" JHAJJAR  ", category="  FOOD NOT RECEIVED ", status="RESOLVED"),
            row(
                H,
                call_id="C2",
                district="yamuna nagar",
                category="law_and-order",
                status="  open",
                resolved_at="",
            ),
        )
    )


@case(
    "date_in_the_future",
    H,
    Staged(0, quarantined=(q(2, "C1", "date out of range", "call_received_at"),)),
)
def _(exports):
    return csv_bytes(table(H, row(H, call_received_at="2099-01-01 10:00:00", resolved_at="")))


@case(
    "date_before_2015",
    H,
    Staged(1, quarantined=(q(2, "C1", "date out of range", "call_received_at"),)),
)
def _(exports):
    early = row(H, call_received_at="31/12/2014 23:59", resolved_at="")
    return csv_bytes(table(H, early, row(H, call_id="C2", call_received_at="01/01/2015")))


@case(
    "unparseable_date",
    H,
    Staged(0, quarantined=(q(2, "C1", "unparseable date", "call_received_at"),)),
)
def _(exports):
    return csv_bytes(table(H, row(H, call_received_at="31/02/2020 10:00")))


@case(
    "completion_before_start",
    S,
    Staged(1, quarantined=(q(2, "T1", "times run backwards", "service_completed_at"),)),
)
def _(exports):
    return csv_bytes(
        table(S, row(S, service_completed_at="2020-06-02 09:59:00"), row(S, token_no="T2"))
    )


@case(
    "resolved_before_received",
    H,
    Staged(0, quarantined=(q(2, "C1", "times run backwards", "resolved_at"),)),
)
def _(exports):
    return csv_bytes(table(H, row(H, resolved_at="01/04/2020 09:59")))


@case(
    "negative_and_non_numeric_amounts",
    P,
    Staged(
        1,
        quarantined=(
            q(2, "P1", "out of range number", "amount"),
            q(3, "P2", "unparseable number", "amount"),
            q(4, "P3", "unparseable number", "amount"),
            q(5, "P4", "out of range number", "amount"),
        ),
    ),
)
def _(exports):
    return csv_bytes(
        table(
            P,
            row(P, amount="-1000"),
            row(P, payment_id="P2", amount="one thousand"),
            row(P, payment_id="P3", amount="1,000 Rs"),
            row(P, payment_id="P4", amount="0"),
            row(P, payment_id="P5", amount="1000.00"),
        )
    )


@case(
    "amount_with_currency_and_grouping",
    P,
    Staged(
        3,
        checks=(
            (stg(P, "payment_id, amount"), [("P1", 1000.0), ("P2", 2000.0), ("P3", 100000.0)]),
        ),
    ),
)
def _(exports):
    return csv_bytes(
        table(
            P,
            row(P, amount="Rs 1,000"),
            row(P, payment_id="P2", amount="₹2,000"),
            row(P, payment_id="P3", amount="INR 1,00,000"),
        )
    )


@case(
    "ratings_0_and_9",
    H,
    Staged(
        2,
        quarantined=(
            q(2, "C1", "out of range number", "feedback_rating"),
            q(3, "C2", "out of range number", "feedback_rating"),
        ),
    ),
)
def _(exports):
    return csv_bytes(
        table(
            H,
            row(H, feedback_rating="0"),
            row(H, call_id="C2", feedback_rating="9"),
            row(H, call_id="C3", feedback_rating="1"),
            row(H, call_id="C4", feedback_rating="5.0"),
        )
    )


@case(
    "rating_not_whole",
    H,
    Staged(0, quarantined=(q(2, "C1", "unparseable number", "feedback_rating"),)),
)
def _(exports):
    return csv_bytes(table(H, row(H, feedback_rating="4.5")))


@case(
    "duplicate_ids_with_conflicting_values",
    H,
    Staged(
        1,
        duplicates=1,
        quarantined=(
            q(2, "C1", "conflicting duplicate id", "call_id"),
            q(3, "C1", "conflicting duplicate id", "call_id"),
        ),
    ),
)
def _(exports):
    return csv_bytes(
        table(
            H,
            row(H),
            row(H, status="Open", resolved_at=""),
            row(H, call_id="C2"),
            row(H, call_id="C2"),
        )
    )


@case(
    "missing_required_values",
    H,
    Staged(
        0,
        quarantined=(
            q(2, "C1", "missing required value", "district"),
            q(3, None, "missing required value", "call_id"),
        ),
    ),
)
def _(exports):
    return csv_bytes(table(H, row(H, district=""), row(H, call_id="  ")))


@case(
    "unknown_label_values",
    H,
    Staged(0, quarantined=(q(2, "C1", "unknown value", "category"),)),
)
def _(exports):
    return csv_bytes(table(H, row(H, category="Food not recieved")))
