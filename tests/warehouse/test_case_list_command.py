"""`jansewa cases` and query_cases on the hand-made case lists
(tests/warehouse/case_list_records.py): filters, refusals as one line, and CSV, JSON and
Excel files named after what they hold."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import polars as pl
import pytest

from jansewa.cli import main
from tests.warehouse.case_list_records import J, keyed, published_cases
from warehouse.cases import COLUMNS, query_cases


@pytest.fixture(scope="module")
def published(mini_module):
    return published_cases(mini_module)


def test_query_cases_filters_and_refuses(published):
    frame = query_cases(published, "JHAJJAR ", kinds=["rts_overdue"], bucket="8-30")
    assert frame.columns == COLUMNS
    assert frame["record_id"].to_list() == ["ST-d30", "ST-d8"]  # most days overdue first
    assert query_cases(published, "haryana", kinds=["pass_pending"]).height == 2
    police = query_cases(published, "Jhajjar", department="POLICE")
    assert set(police["kind"]) == {"grievance_pending_30d"}
    assert query_cases(published, "Jhajjar", department="Health").height == 0  # none listed
    for bad in (
        {"district": "Gotham"},
        {"district": J, "kinds": ["overdue"]},
        {"district": J, "bucket": "90+"},
        {"district": J, "department": "Ministry of Magic"},
    ):
        with pytest.raises(ValueError):
            query_cases(published, **bad)


def test_jansewa_cases_writes_a_file_named_after_what_it_holds(
    published, tmp_path, monkeypatch, capsys
):
    monkeypatch.chdir(tmp_path)
    argv = ["cases", "--warehouse", str(published), "--district", "jhajjar"]
    assert main([*argv, "--kind", "rts_overdue"]) == 0
    name = "jansewa-cases-Jhajjar-rts_overdue-2020-07-01.csv"
    assert capsys.readouterr().out == f"7 case(s) written to {name}\n"
    frame = pl.read_csv(tmp_path / name)
    assert frame.columns == COLUMNS
    assert frame["record_id"].to_list()[:2] == ["ST-d91", "ST-d90"]
    assert frame["as_of"].unique().to_list() == ["2020-07-01"]

    assert main([*argv, "--kind", "pass_pending", "eoffice_idle", "--format", "xlsx"]) == 0
    book = tmp_path / "jansewa-cases-Jhajjar-pass_pending+eoffice_idle-2020-07-01.xlsx"
    sheet = pl.read_excel(book, sheet_name="cases")
    assert sheet["record_id"].to_list() == ["MP-j1", "EF-j31", "EF-j17"]
    assert sheet["due_on"].to_list()[0] == dt.date(2020, 6, 30)  # a date cell, not text

    assert main([*argv, "--department", "police", "--bucket", ">90"]) == 0
    assert (tmp_path / "jansewa-cases-Jhajjar-Police-all-over-90-days-2020-07-01.csv").exists()
    capsys.readouterr()

    assert main([*argv, "--kind", "relief_unpaid", "--format", "json", "--out", "-"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [r["days_overdue"] for r in records] == [30, 26, 0]
    assert {r["record_id"] for r in records} == {
        keyed(n)[:12] for n in ("ben-j26", "ben-j30", "ben-jlate")
    }

    out = tmp_path / "mine.csv"
    assert main([*argv, "--kind", "grievance_pending_30d", "--out", str(out)]) == 0
    assert pl.read_csv(out)["record_id"].to_list() == ["GR-j91", "GR-j31"]


@pytest.mark.parametrize(
    "extra, message",
    [
        (["--district", "Gotham"], "jansewa cases: error: unknown district 'Gotham'"),
        (["--district", J, "--department", "Ministry of Magic"], "unknown department"),
        (["--district", J, "--format", "xlsx", "--out", "-"], "cannot go to stdout"),
    ],
)
def test_jansewa_cases_mistakes_are_one_line(published, capsys, extra, message):
    assert main(["cases", "--warehouse", str(published), *extra]) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_an_unknown_kind_is_one_line_from_the_real_command(published, tmp_path):
    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-c", "from jansewa.cli import run; run()", "cases", *args],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            timeout=60,
        )

    bad = run("--warehouse", str(published), "--district", J, "--kind", "overdue")
    assert bad.returncode == 2 and "invalid choice: 'overdue'" in bad.stderr
    assert bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr
    good = run("--warehouse", str(published), "--district", "Hisar", "--kind", "rts_overdue")
    assert good.returncode == 0, good.stderr
    assert (tmp_path / "jansewa-cases-Hisar-rts_overdue-2020-07-01.csv").exists()
