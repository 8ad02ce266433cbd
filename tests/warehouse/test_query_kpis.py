"""query_kpis / write_table / `jansewa kpis` over a published snapshot of a small warehouse."""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys

import polars as pl
import pytest

from jansewa.cli import main
from tests.warehouse.conftest import reviewed_weights_with, ts
from warehouse.kpis import COLUMNS, query_kpis
from warehouse.table_output import write_table


@pytest.fixture(scope="module")
def published(mini_module):
    # Jhajjar: 1 Apr two calls (one resolved), 2 Apr one resolved call, 3 May one open call.
    # Hisar: 2 Apr one resolved call.
    for district, when, status in (
        ("Jhajjar", "2020-04-01 10:00", "resolved"),
        ("Jhajjar", "2020-04-01 11:00", "open"),
        ("Jhajjar", "2020-04-02 10:00", "resolved"),
        ("Jhajjar", "2020-05-03 10:00", "open"),
        ("Hisar", "2020-04-02 10:00", "resolved"),
    ):
        mini_module.add(
            "helpline_calls",
            district=district,
            call_received_at=ts(when),
            category="ration",
            status=status,
        )
    weights = reviewed_weights_with(mini_module.path.with_name("weights.yml"), min_cases=1)
    # Judged at the end of June: April and May are final, so April has a composite.
    mini_module.build(as_of=dt.date(2020, 6, 30), weights=weights)
    mini_module.publish()
    return mini_module.path


def test_total_without_range_reads_kpi_values(published):
    frame = query_kpis(published, kpi="call_resolution_rate")
    assert frame.columns == COLUMNS
    assert frame["district"].to_list() == ["Haryana", "Hisar", "Jhajjar"]  # sorted
    jhajjar = frame.row(2, named=True)
    assert (jhajjar["numerator"], jhajjar["denominator"], jhajjar["value"]) == (2, 4, 0.5)
    assert jhajjar["period_start"] == dt.date(2020, 4, 1)
    assert jhajjar["grain"] == "total"


def test_from_to_restricts_the_total_to_the_range(published):
    # 2 Apr - 3 May in Jhajjar: the 2 Apr resolved call and the 3 May open call -> 1 of 2.
    frame = query_kpis(
        published,
        date_from=dt.date(2020, 4, 2),
        date_to=dt.date(2020, 5, 3),
        district="Jhajjar",
        kpi="call_resolution_rate",
    )
    # The interval is recomputed on the restricted 1 of 2: Wilson (0.0945, 0.9055).
    assert frame.rows()[0][:7] == (
        "Jhajjar",
        dt.date(2020, 4, 2),
        "total",
        "call_resolution_rate",
        1.0,
        2.0,
        0.5,
    )
    row = frame.row(0, named=True)
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((0.094531, 0.905469), abs=1e-6)
    # Only --to: 1-2 Apr, 3 calls, 2 resolved.
    frame = query_kpis(
        published, date_to=dt.date(2020, 4, 2), district="Jhajjar", kpi="call_resolution_rate"
    )
    assert frame["numerator"].to_list() == [2] and frame["denominator"].to_list() == [3]


def test_from_to_at_month_grain_sums_only_days_in_range(published):
    frame = query_kpis(
        published,
        grain="month",
        date_from=dt.date(2020, 4, 2),
        district="Haryana",
        kpi="calls_received",
    )
    # April from the 2nd: Jhajjar 1 + Hisar 1 = 2; May: 1. Counts have no denominator.
    assert frame.select("period_start", "numerator", "denominator", "value").rows() == [
        (dt.date(2020, 4, 1), 2.0, None, 2.0),
        (dt.date(2020, 5, 1), 1.0, None, 1.0),
    ]


def test_a_range_rebuilds_the_per_lakh_rate_from_its_own_counts(published):
    frame = query_kpis(
        published, date_from=dt.date(2020, 4, 2), district="Jhajjar", kpi="calls_per_lakh"
    )
    # From 2 April Jhajjar has 2 calls; Census 2011: 958,405 residents = 9.58405 lakh.
    ((numerator, denominator, value),) = frame.select("numerator", "denominator", "value").rows()
    assert (numerator, denominator) == (2, pytest.approx(9.58405))
    assert value == pytest.approx(2 / 9.58405)


def test_restricted_range_leaves_out_composite_and_medians(published):
    frame = query_kpis(published, date_from=dt.date(2020, 4, 1))
    assert not frame.filter(pl.col("kpi").is_in(["composite_index", "composite_rank"])).height
    assert query_kpis(published, kpi="composite_index").height  # unrestricted: present


@pytest.mark.parametrize("spelling", ["JHAJJAR ", "झज्जर", "jhajjar"])
def test_district_aliases(published, spelling):
    frame = query_kpis(published, district=spelling, kpi="calls_received")
    assert frame["district"].to_list() == ["Jhajjar"]
    assert frame["value"].to_list() == [4]


def test_state_by_name(published):
    frame = query_kpis(published, district="haryana", kpi="calls_received")
    assert frame.rows() == [
        (
            "Haryana",
            dt.date(2020, 4, 1),
            "total",
            "calls_received",
            5.0,
            None,
            5.0,
            True,  # the data end on 3 May; judged as of 30 June: complete and final
            "final",
            None,
            None,
            "",
        )
    ]


def test_unknown_district_and_kpi_raise_one_line_errors(published):
    with pytest.raises(ValueError, match="unknown district 'Atlantis'"):
        query_kpis(published, district="Atlantis")
    with pytest.raises(ValueError, match="unknown KPI id 'happiness'"):
        query_kpis(published, kpi="happiness")
    with pytest.raises(ValueError, match="after"):
        query_kpis(published, date_from=dt.date(2020, 5, 1), date_to=dt.date(2020, 4, 1))


def test_reads_the_snapshot_not_the_warehouse(tmp_path):
    with pytest.raises(FileNotFoundError, match="no published snapshot"):
        query_kpis(tmp_path / "nothing.duckdb")


def test_write_table_csv_and_json():
    frame = pl.DataFrame(
        {"district": ["Jhajjar"], "period_start": [dt.date(2020, 4, 1)], "value": [None]},
        schema={"district": pl.String, "period_start": pl.Date, "value": pl.Float64},
    )
    out = io.StringIO()
    write_table(frame, "csv", out)
    assert out.getvalue() == "district,period_start,value\nJhajjar,2020-04-01,\n"
    out = io.StringIO()
    write_table(frame, "json", out)
    assert json.loads(out.getvalue()) == [
        {"district": "Jhajjar", "period_start": "2020-04-01", "value": None}
    ]


def test_cli_kpis_csv(published, capsys):
    code = main(
        [
            "kpis",
            "--warehouse",
            str(published),
            "--district",
            "Hisar",
            "--kpi",
            "calls_received",
            "--grain",
            "day",
        ]
    )
    assert code == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == ",".join(COLUMNS)
    # complete and final (judged as of 30 June); no interval for a count; no quality flag.
    assert lines[1:] == ['Hisar,2020-04-02,day,calls_received,1.0,,1.0,true,final,,,""']


def test_cli_kpis_json_with_range(published, capsys):
    code = main(
        [
            "kpis",
            "--warehouse",
            str(published),
            "--from",
            "2020-04-02",
            "--to",
            "2020-04-02",
            "--kpi",
            "calls_received",
            "--format",
            "json",
        ]
    )
    assert code == 0
    records = json.loads(capsys.readouterr().out)
    assert [(r["district"], r["numerator"]) for r in records] == [
        ("Haryana", 2.0),
        ("Hisar", 1.0),
        ("Jhajjar", 1.0),
    ]
    assert {r["period_start"] for r in records} == {"2020-04-02"}
    # A range ending on 2 April is judged on that day: complete, and a count is final at once.
    assert {(r["complete"], r["status"], r["quality_flags"]) for r in records} == {
        (True, "final", "")
    }


def test_cli_unknown_kpi_is_one_line_on_stderr(published, capsys):
    code = main(["kpis", "--warehouse", str(published), "--kpi", "nope"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and "unknown KPI id 'nope'" in err


def test_cli_kpis_prints_what_query_kpis_returns_without_importing_polars(published):
    """`jansewa kpis` as a user runs it: a new process, whose output is query_kpis' table.

    Polars and pyarrow are not imported on the way (half of the command's time was theirs).
    """
    argv = ["--grain", "month", "--from", "2020-04-02", "--district", "Jhajjar"]
    script = (
        "import sys\n"
        "from jansewa.cli import main\n"
        f"code = main(['kpis', '--warehouse', {str(published)!r}, *{argv!r}])\n"
        "loaded = sorted({m.split('.')[0] for m in sys.modules} & {'polars', 'pyarrow', 'pandas'})\n"
        "print('loaded:', loaded, file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "loaded: []" in done.stderr
    frame = query_kpis(published, grain="month", date_from=dt.date(2020, 4, 2), district="Jhajjar")
    expected = io.StringIO()
    write_table(frame, "csv", expected)
    assert frame.height > 5
    assert done.stdout == expected.getvalue()
