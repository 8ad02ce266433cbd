"""Whatever order exports arrive in, the incremental path ends where a load from scratch does.

Hypothesis draws a pool of helpline-call exports -- new files, corrected re-exports of the
same calls, files that arrive after newer ones (late), files missing a required column
(rejected), rows in unknown districts or with broken dates (quarantined), rows repeated in a
file (duplicates) -- and an order in which they land, a few at a time, with one file rewritten
in place along the way. After every landing the raw and staging steps run, as a refresh would;
at the end every staging table, the quarantine, the load balance and every mart built from
that warehouse must equal, row for row, those of a fresh warehouse that loads the final folder
in one go. Validation runs after every landing too, incrementally where it can
(expectations/incremental.py): its last results, and where their failing rows are, must equal
a whole-table validation of the fresh warehouse. So do the marts: they are built after every
landing, rebuilding only the partitions staging changed (warehouse/partitioned_build.py),
and at the end, with the as-of date moved, every kpi_ table, case list and stored
intermediate must equal a full build of the fresh warehouse.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from expectations.validation import FULL, validate_or_carry_over
from pipelines.load.raw import load_raw
from pipelines.load.stage import stage_source
from tests.load.conftest import CALL_HEADER, KEY, call, write_csv
from warehouse.build import STORED_INTERMEDIATES, build_steps
from warehouse.schema import create_load_tables
from warehouse.sources import SOURCES

BASE = 1_590_000_000  # 2020-05-20, the first export's time
SOURCE = SOURCES["helpline_calls"]
TODAY = dt.date(2020, 8, 1)
AS_OF = dt.date(2020, 6, 30)

calls = st.builds(
    lambda n, district, day, hour, status, bad_date: call(
        f"C{n}",
        district=district,
        at="31/02/2020 10:00"
        if bad_date
        else f"2020-{4 + day // 28:02d}-{1 + day % 28:02d} {hour:02d}:00:00",
        status=status,
        resolved=f"2020-{4 + day // 28:02d}-{1 + day % 28:02d} 23:30:00"
        if status == "Resolved"
        else "",
        rating="4" if status == "Resolved" else "",
    ),
    n=st.integers(1, 12),  # few ids: files overlap, so later exports correct earlier ones
    district=st.sampled_from(["Jhajjar", "Gurgaon", "Rohtak", "Atlantis"]),
    day=st.integers(0, 55),
    hour=st.integers(0, 22),
    status=st.sampled_from(["Open", "Resolved"]),
    bad_date=st.sampled_from([False] * 5 + [True]),  # quarantined: no such day
)
export = st.fixed_dictionaries(
    {
        "rows": st.lists(calls, min_size=1, max_size=6).map(lambda r: r + r[:1]),  # a duplicate
        "hours_later": st.integers(0, 400),  # export time after BASE: who wins on overlap
        "rejected": st.sampled_from([False] * 4 + [True]),
    }
)


def _write(folder: Path, name: str, spec: dict) -> None:
    header, rows = CALL_HEADER, spec["rows"]
    if spec["rejected"]:  # no "Call Received At": the whole file is refused
        drop = CALL_HEADER.index("Call Received At")
        header = [h for i, h in enumerate(CALL_HEADER) if i != drop]
        rows = [[v for i, v in enumerate(r) if i != drop] for r in rows]
    write_csv(folder / SOURCE.name / name, header, rows, BASE + 3600 * spec["hours_later"])


def _load(db: Path, exports: Path, run_id: str) -> list[tuple]:
    """Load and stage what landed, then validate; returns the validation's results."""
    with duckdb.connect(str(db)) as con:
        create_load_tables(con)
        load_raw(con, SOURCE, exports, KEY, run_id)
        stage_source(con, SOURCE, run_id, today=TODAY)
        if run_id != "scratch":
            for _built in build_steps(con, incremental=True):
                pass
    validation = validate_or_carry_over(db, SOURCE.name, run_id)
    if run_id == "scratch":
        assert validation.mode == FULL
    return sorted(
        (r.expectation, r.success, r.unexpected_count, r.observed_value, tuple(r.examples))
        + tuple(r.failures)
        for r in validation.results
    )


# When a run happened is not what it loaded: load times and run ids differ by design.
WHEN = (
    "columns(lambda c: c not like '%loaded_at' and c not like '%quarantined_at' and c <> 'run_id')"
)


def _state(db: Path, incremental: bool) -> dict[str, list]:
    """Everything a reader could see, and the bookkeeping behind it, without run times."""
    with duckdb.connect(str(db)) as con:
        built = list(build_steps(con, as_of=AS_OF, incremental=incremental))
        marts = {b.table for b in built}
        tables = {
            "stg_helpline_calls": f"select {WHEN} from stg_helpline_calls",
            "quarantine": f"select {WHEN} from quarantine",
            "balance": "select sum(rows_read), sum(rows_accepted), sum(rows_duplicate), "
            "sum(rows_quarantined) from ingest_manifest where status = 'staged'",
            "manifest": "select path, content_hash, status from ingest_manifest",
        } | {
            table: f"select {WHEN} from {table}"
            for table in marts
            if table.startswith(("kpi_", "case_")) or table in STORED_INTERMEDIATES
        }
        return {name: con.execute(f"{sql} order by all").fetchall() for name, sql in tables.items()}


@pytest.mark.slow(seconds=120)
@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    pool=st.lists(export, min_size=2, max_size=6),
    order=st.randoms(use_true_random=False),
    batch=st.integers(1, 3),
    rewrite=st.one_of(st.none(), export),
)
def test_incremental_loads_equal_a_load_from_scratch(tmp_path_factory, pool, order, batch, rewrite):
    root = tmp_path_factory.mktemp("arrivals")
    exports, incremental, scratch = root / "exports", root / "inc.duckdb", root / "scratch.duckdb"
    (exports / SOURCE.name).mkdir(parents=True)
    names = [f"calls_{i:02d}.csv" for i in range(len(pool))]
    arrival = list(range(len(pool)))
    order.shuffle(arrival)  # late files: a lower export time may land after a higher one
    for start in range(0, len(arrival), batch):
        for i in arrival[start : start + batch]:
            _write(exports, names[i], pool[i])
        validated = _load(incremental, exports, run_id=f"r{start}")
        if rewrite is not None and start == 0:  # the first file corrected in place
            grown = {**rewrite, "rows": pool[arrival[0]]["rows"] + rewrite["rows"]}
            _write(exports, names[arrival[0]], grown)
            validated = _load(incremental, exports, run_id="rewrite")
    assert validated == _load(scratch, exports, run_id="scratch")
    assert _state(incremental, incremental=True) == _state(scratch, incremental=False)
    shutil.rmtree(root)
