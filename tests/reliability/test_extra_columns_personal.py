"""Personal data in columns the contract does not name, and in free text, never reaches a
reader: exports carry planted phone numbers, identity numbers, e-mail addresses and names
under many header spellings (no list of "personal words" could know them all) and inside
free-text cells; after a real `jansewa refresh`, none of them is found in clear in any
table of the snapshot or of the pipeline's own warehouse, the refresh's output, the Data
Docs or the dashboard's answers."""

from __future__ import annotations

import csv
import json
import re
import subprocess
from pathlib import Path

import duckdb
import pytest
import xlsxwriter

from tests.reliability.dashclient import (
    CALLBACK,
    client_post,
    control_values,
    page_body,
    page_callbacks,
)
from tests.reliability.personal import every_value_as_text, export_rows
from tests.reliability.workspace import Workspace, refresh_command
from warehouse.raw_files import create_raw_views

# Header spellings a word list would miss, in English and Hindi, and the obvious ones too.
EXTRA_HEADERS = (
    "Contact",
    "Alt. No.",
    "Sampark Sutra",
    "संपर्क नंबर",
    "UID",
    "Voter ID",
    "PPP ID",
    "E-mail",
    "Remarks",
    "टिप्पणी",
    "Informant",
    "Ref",
)
PAGES = ("/", "/explorer", "/district", "/service", "/quality", "/scorecard")
ROWS_PER_FILE = 400


def _planted(i: int) -> dict[str, str]:
    """Values for row ``i``: unique, and easy to find again in any text."""
    phone = f"9{713_000_000 + i:09d}"
    return {
        "Contact": f"+91 {phone[:5]}-{phone[5:]}",
        "Alt. No.": f"0{6_400_000_000 + i}",
        "Sampark Sutra": phone,
        "संपर्क नंबर": f"{8_200_000_000 + i}",
        "UID": f"{4321_0000_0000 + i:012d}",
        "Voter ID": f"HRV{5_100_000 + i}",
        "PPP ID": f"PPP{7_700_000 + i}X",
        "E-mail": f"citizen{i}.kumar@example.in",
        "Remarks": f"call back on {7_300_000_000 + i} re Savitri Devi Malik{i}",
        "टिप्पणी": f"श्रीमती कमला{i} से {6_900_000_000 + i} पर बात करें",
        "Informant": f"Rajbir Singh Dahiya{i}",
        "Ref": f"ACK{9_900_000 + i}",
    }


def _needles(values: list[dict[str, str]]) -> tuple[set[str], set[str]]:
    """(digit runs of 10+ digits, distinctive words) planted, to search any text for."""
    digits, words = set(), set()
    for row in values:
        for text in row.values():
            for run in re.findall(r"\d[\d\s\-]{8,}\d", text):
                bare = re.sub(r"\D", "", run)
                digits.add(bare[-10:])
            words |= set(re.findall(r"[A-Za-z]*\d{3,}[A-Za-z]*|\S+@\S+", text))
            words |= {w for w in re.findall(r"[A-Z][a-z]+\d+", text)}
            words |= {w for w in re.findall(r"कमला\d+", text)}
    words = {w for w in words if not w.isdigit()}
    return digits, words


_TOKEN = re.compile(r"[\w.@\u0900-\u097f]*\d{3,}[\w.@\u0900-\u097f]*|\S+@\S+")
_NAMES = ("Savitri", "Dahiya", "Rajbir")


def _find(text: str, digits: set[str], words: set[str]) -> set[str]:
    """The planted values in ``text``: 10-digit windows of digit runs (spaces and hyphens
    between digits removed), planted tokens, and the planted names."""
    found = {name for name in _NAMES if name in text}
    found |= set(_TOKEN.findall(text)) & words
    squeezed = re.sub(r"(?<=\d)[\s\-.()]+(?=\d)", "", text)
    for run in re.findall(r"\d{10,}", squeezed):
        found |= {run[i : i + 10] for i in range(len(run) - 9)} & digits
    return found


def _with_extras(source: Path, target: Path, purpose_column: str | None, first: int) -> list[dict]:
    """Copy the first rows of a demo export, adding the extra columns (and planting values in
    a free-text contract column); returns the planted values."""
    rows = list(export_rows(source))
    header, body = rows[0], rows[1 : ROWS_PER_FILE + 1]
    planted = []
    free = header.index(purpose_column) if purpose_column in header else None
    out_rows = [header + list(EXTRA_HEADERS)]
    for i, row in enumerate(body):
        values = _planted(first + i)
        planted.append(values)
        if free is not None:
            row[free] = f"{row[free]} - contact {values['Sampark Sutra']} Savitri Devi"
        out_rows.append(row + [values[h] for h in EXTRA_HEADERS])
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.suffix == ".xlsx":
        book = xlsxwriter.Workbook(str(target))
        sheet = book.add_worksheet()
        for r, row in enumerate(out_rows):
            sheet.write_row(r, 0, row)
        book.close()
    else:
        with target.open("w", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows(out_rows)
    return planted


@pytest.fixture(scope="module")
def planted_refresh(demo_warehouse, tmp_path_factory):
    root = tmp_path_factory.mktemp("planted")
    exports = root / "exports"
    planted: list[dict] = []
    for source, suffix, free in (
        ("helpline_calls", ".csv", None),
        ("movement_passes", ".csv", "Purpose"),
        ("grievances", ".xlsx", "Subject"),
        ("service_transactions", ".csv", None),
    ):
        export = sorted((demo_warehouse.exports / source).glob("*.csv"))[0]
        planted += _with_extras(
            export, exports / source / f"planted{suffix}", free, first=len(planted)
        )
    ws = Workspace(exports, root / "wh" / "jansewa.duckdb")
    done = subprocess.run(refresh_command(ws), capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    digits, words = _needles(planted)
    assert len(digits) > 5 * ROWS_PER_FILE and len(words) > ROWS_PER_FILE
    return ws, done, exports, digits, words


def _database_texts(path: Path) -> list[str]:
    """Every distinct value of every column of every table, as text; of a pipeline
    warehouse, its raw rows too (Parquet files read through the views of
    warehouse.raw_files)."""
    with duckdb.connect(str(path), read_only=True) as con:
        if con.execute(
            "select count(*) from duckdb_tables() where table_name = 'raw_files'"
        ).fetchone()[0]:
            create_raw_views(con)
        return every_value_as_text(con)[0]


@pytest.mark.slow
def test_the_planted_values_are_in_the_exports_to_begin_with(planted_refresh):
    """The scan below can fail: the exports do hold every kind of planted value."""
    _, _, exports, digits, words = planted_refresh
    text = "\n".join(
        "\n".join(",".join(r) for r in export_rows(p)) for p in exports.rglob("planted.*")
    )
    found = _find(text, digits, words)
    assert len(found & digits) == len(digits)
    assert {"Savitri", "Dahiya"} <= found


@pytest.mark.slow
@pytest.mark.parametrize("which", ["snapshot", "pipeline warehouse"])
def test_no_planted_value_in_any_table(planted_refresh, which):
    ws, _, _, digits, words = planted_refresh
    path = ws.snapshot if which == "snapshot" else ws.warehouse
    texts = _database_texts(path)
    assert len(texts) > 1000
    found = set().union(*(_find(t, digits, words) for t in texts))
    assert not found, sorted(found)[:20]


@pytest.mark.slow
def test_no_planted_value_in_the_logs_or_the_data_docs(planted_refresh):
    ws, done, _, digits, words = planted_refresh
    assert "Published snapshot" in done.stdout
    assert not _find(done.stdout + done.stderr, digits, words)
    docs = [p for p in (ws.warehouse.parent / "data_docs").rglob("*") if p.is_file()]
    assert docs
    for page in docs:
        assert not _find(page.read_text(errors="replace"), digits, words), page


@pytest.mark.slow
def test_no_planted_value_in_the_dashboard(planted_refresh):
    from dashboards.app import create_app

    ws, _, _, digits, words = planted_refresh
    client = create_app(ws.warehouse).server.test_client()
    post = client_post(client)
    dependencies = client.get("/_dash-dependencies").get_json()
    texts = []
    for lang in ("en", "hi"):
        for page in PAGES:
            status, text = post(CALLBACK, page_body(page, f"?lang={lang}"))
            assert status == 200
            texts.append(text)
            for body in page_callbacks(dependencies, control_values(json.loads(text))):
                status, answer = post(CALLBACK, body)
                assert status == 200, answer[:300]
                texts.append(answer)
    assert len(texts) > 20
    found = set().union(*(_find(t, digits, words) for t in texts))
    assert not found, sorted(found)[:20]
