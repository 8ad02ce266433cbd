"""Every kind of messiness real exports have is in at least one file (see the report in
pipelines/generate/plan.py for which file carries which)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import fastexcel
import polars as pl
import pytest

from pipelines.generate.messiness import kinds_for
from tests.generate.reader import check, decode, norm, read_rows, record_key
from warehouse.sources import SOURCE_NAMES, SOURCES


@pytest.fixture(scope="module")
def raw(demo):
    """path -> (encoding, text) for every CSV file."""
    out, _ = demo
    return {p: decode(p.read_bytes())[::-1] for p in sorted(out.rglob("*.csv"))}


def test_encodings_bom_utf8_and_cp1252(raw):
    encodings = Counter(enc for enc, _ in raw.values())
    assert min(encodings["utf-8-sig"], encodings["utf-8"], encodings["cp1252"]) > 0, encodings
    for enc, text in raw.values():
        if enc == "cp1252":
            assert "\u2013" in text  # a cp1252-only character, so the file is not plain UTF-8
            assert not re.search("[\u0900-\u097f]", text)


def test_all_four_date_formats(raw):
    text = "\n".join(t for _, t in raw.values())
    assert re.search(r"\b\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\b", text)
    assert re.search(r"\b\d{2}/\d{2}/\d{4} \d{2}:\d{2}\b", text)
    assert re.search(r"\b\d{2}-\d{2}-\d{4} \d{2}:\d{2} [AP]M\b", text)
    # the date-only form in a timestamp column (grievances: Received On)
    date_only = [
        r["received_on"]
        for p in raw
        if p.parent.name == "grievances"
        for r in read_rows(p, "grievances")
        if re.fullmatch(r"\d{2}/\d{2}/\d{4}", str(r["received_on"]))
    ]
    assert len(date_only) > 100


def test_header_spellings_and_an_extra_column(raw):
    headers = {t.splitlines()[0] for _, t in raw.values()}
    joined = "\n".join(headers)
    assert (
        "call_received_at" in joined
        and "CALL RECEIVED AT" in joined
        and "Call.Received.At" in joined
    )
    contract = {norm(c.header) for s in SOURCES.values() for c in s.columns}
    extras = {h for line in headers for h in line.split(",") if norm(h) not in contract}
    assert {"Remarks", "UTR No"} <= extras | {h.strip() for h in extras}


def test_xlsx_title_rows_and_date_cells_or_text(demo):
    out, _ = demo
    books = sorted(out.rglob("*.xlsx"))
    assert len({p.parent.name for p in books}) >= 2
    kinds = set()
    for p in books:
        sheet = fastexcel.read_excel(str(p)).load_sheet(0, header_row=None).to_polars()
        assert sheet.row(0)[0] and all(v is None for v in sheet.row(1))  # title, then blank
        typed = fastexcel.read_excel(str(p)).load_sheet(0, header_row=2).to_polars()
        source = SOURCES[p.parent.name]
        event = next(
            c for c in typed.columns if norm(c) == norm(source.column(source.event_time).header)
        )
        kinds.add("cells" if typed.schema[event] in (pl.Datetime, pl.Date) else "text")
    assert kinds == {"cells", "text"}


def test_district_spellings(demo):
    out, _ = demo
    seen = Counter()
    for source in SOURCE_NAMES:
        for p in sorted((out / source).iterdir()):
            seen.update(str(r.get("district", "")) for r in read_rows(p, source))
    for spelling in (
        "Gurgaon",
        "Mewat",
        "Narnaul",
        "JHAJJAR",
        "Jhajjar ",
        "झज्जर",
        "गुरुग्राम",
        "Yamuna Nagar",
    ):
        assert seen[spelling] > 0, spelling
    assert seen["Delhi"] + seen["Chandigarh"] > 0


def test_hindi_labels(raw):
    text = "\n".join(t for _, t in raw.values())
    for label in ("भोजन न मिलने बारे", "स्वीकृत", "पात्र", "लंबित"):
        assert label in text, label


def test_bad_rows_of_each_kind_and_exact_duplicates(demo):
    out, summary = demo
    reasons: dict[str, Counter] = defaultdict(Counter)
    conflicts = duplicates = 0
    for source in SOURCE_NAMES:
        for p in sorted((out / source).iterdir()):
            rows = read_rows(p, source)
            by_id = defaultdict(list)
            for r in rows:
                by_id[record_key(source, r)].append(
                    tuple(sorted((k, str(v)) for k, v in r.items()))
                )
                _, reason = check(source, r)
                if reason:
                    reasons[source][reason] += 1
            conflicts += sum(len(set(v)) > 1 for v in by_id.values())
            duplicates += sum(len(v) > len(set(v)) for v in by_id.values())
    every = {
        "unknown district",
        "unparseable date",
        "missing required",
        "times backwards",
        "unknown label",
    }
    for source in SOURCE_NAMES:
        # a source without a label column (the roster) cannot hold an unknown label
        expected = every - (set() if "unknown_label" in kinds_for(source) else {"unknown label"})
        assert expected <= set(reasons[source]), (source, reasons[source])
    for source in (
        "helpline_calls",
        "relief_payments",
        "service_transactions",
        "grievances",
        "eoffice_files",
        "control_room_roster",
    ):
        assert reasons[source]["out of range"] > 0, source
    assert conflicts >= len(SOURCE_NAMES) and duplicates > 100
    # about 0.5 % of each kind, as the summary reports
    calls_bad = summary.bad_rows["helpline_calls"]
    assert 0.003 < calls_bad["unknown_district"] / summary.rows_per_source["helpline_calls"] < 0.008


def test_reexports_correct_earlier_values(demo):
    out, summary = demo
    changes = Counter()
    for source, col in (
        ("movement_passes", "status"),
        ("helpline_calls", "status"),
        ("relief_beneficiaries", "eligibility"),
    ):
        key = SOURCES[source].key
        files = [f for f in summary.files if f.source == source]
        old, new = {}, {}
        for f in files:
            target = new if f.kind == "reexport" else old
            for r in read_rows(f.path, source):
                target[r[key]] = str(r[col]).strip()
        overlap = old.keys() & new.keys()
        assert len(overlap) > 500, source
        changes.update(f"{source}:{old[k]}->{new[k]}" for k in overlap if old[k] != new[k])
    assert (
        changes["movement_passes:Pending->Approved"] > 0
        and changes["movement_passes:Pending->Rejected"] > 0
    )
    assert changes["helpline_calls:Open->Resolved"] > 0
    assert changes["relief_beneficiaries:Under Verification->Eligible"] > 0
