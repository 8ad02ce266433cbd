"""Progress on long refreshes: one line per file with rows per second and what is left."""

from __future__ import annotations

import re

from pipelines.progress import FileMeter
from tests.load.conftest import CALL_HEADER, call, write_csv

BASE = 1_590_000_000


def test_time_left_is_weighed_by_the_work_done_not_the_file_count():
    ticks = iter([0.0, 2.0, 8.0, 20.0])
    lines: list[str] = []
    meter = FileMeter(
        lines.append, "raw_calls", {"a": 100, "b": 300, "c": 600}, clock=ticks.__next__
    )
    meter.done("a", 1_000)
    meter.done("b", 3_000, " (rejected)")
    meter.done("c", 9_000)
    assert lines == [
        # 900 of 1,000 units left after 100 took 2 s: 18 s
        "raw_calls: file 1 of 3, a: 1,000 rows in 2.0 s (500 rows/s); 2 file(s) left, about 18 s",
        # 600 left after 400 took 8 s: 12 s
        "raw_calls: file 2 of 3, b: 3,000 rows (rejected) in 6.0 s (500 rows/s); 1 file(s) left, about 12 s",
        "raw_calls: file 3 of 3, c: 9,000 rows in 12.0 s (750 rows/s)",
    ]


def test_the_load_steps_report_every_file_with_its_counts(loader):
    write_csv(loader.exports / "helpline_calls/a.csv", CALL_HEADER, [call("C1"), call("C2")], BASE)
    write_csv(
        loader.exports / "helpline_calls/b.csv",
        CALL_HEADER,
        [call("C3"), call("C3"), call("C4", district="Atlantis")],
        BASE + 60,
    )
    lines: list[str] = []
    loader.run(report=lines.append)
    pattern = (
        r"(raw|stg)_helpline_calls: file (\d) of 2, helpline_calls/(\w)\.csv: (\d) rows(.*?) in "
    )
    found = [re.match(pattern, line).groups() for line in lines]
    assert found == [
        ("raw", "1", "a", "2", ""),
        ("raw", "2", "b", "3", ""),
        ("stg", "1", "a", "2", " (2 accepted, 0 duplicates, 0 quarantined)"),
        ("stg", "2", "b", "3", " (1 accepted, 1 duplicates, 1 quarantined)"),
    ]
    assert "1 file(s) left" in lines[0] and "left" not in lines[1]
