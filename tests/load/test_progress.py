"""Progress on long refreshes: one line per file with rows per second and what is left."""

from __future__ import annotations

import queue
import re
import threading
from types import SimpleNamespace

import pytest

from pipelines.progress import BuildMeter, FileMeter, SourceReport, StepLog, layer_time_left
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


def _dagster_log() -> tuple[SimpleNamespace, list[str]]:
    logged: list[str] = []
    return SimpleNamespace(log=SimpleNamespace(info=logged.append)), logged


def test_a_layer_steps_lines_share_dagster_events_but_are_shown_at_once(shown_progress):
    context, logged = _dagster_log()
    now = [0.0]
    lines = StepLog(context, seconds=1.0, clock=lambda: now[0])
    lines.say("a")
    now[0] = 0.5
    lines.say("b")
    assert logged == [] and shown_progress == ["a", "b"]
    now[0] = 1.0  # the first line has waited its time: all held go as one event
    lines.say("c")
    assert logged == ["a\nb\nc"]
    now[0] = 9.0
    lines.say("d")
    lines.flush()
    lines.flush()  # nothing held: nothing logged
    assert logged == ["a\nb\nc", "d"] and shown_progress == ["a", "b", "c", "d"]


def test_lines_held_are_logged_when_the_queue_stays_empty_for_their_time():
    context, logged = _dagster_log()
    lines = StepLog(context, seconds=0.05)
    events: queue.Queue = queue.Queue()
    lines.say("held")
    events.put("ready")
    assert lines.next_from(events) == "ready" and logged == []  # something came: still held
    logged_before_late: list[list[str]] = []

    def put_late():
        logged_before_late.append(list(logged))
        events.put("late")

    late = threading.Timer(0.5, put_late)
    late.start()
    assert lines.next_from(events) == "late"
    late.join()
    assert logged_before_late == [["held"]]  # logged after 0.05 s of waiting, before "late"
    assert logged == ["held"]


def test_a_long_build_says_every_few_seconds_what_is_built_and_left():
    now, lines = [0.0], []
    meter = BuildMeter(lines.append, "kpi marts", 5, every=3.0, clock=lambda: now[0])
    built = [  # (clock, table, build seconds, partitions rebuilt)
        (1.0, "a", 1.0, None),
        (3.6, "b", 2.5, "from 2020-05-01"),  # 3.6 s since the start: the first line
        (4.0, "b_statistics", None, None),  # timed with b: no time of its own
        (7.0, "c", 3.0, "unchanged"),  # 3.4 s since the last line: the next
        (8.0, "d", 0.5, None),  # the last table: the closing line says the rest
    ]
    for clock, table, seconds, rebuilt in built:
        now[0] = clock
        meter.done(table, seconds, rebuilt)
    assert lines == [
        "kpi marts: 2 of 5 tables built after 4 s, 3 left; slowest so far: b 2.5 s, a 1.0 s",
        "kpi marts: 4 of 5 tables built after 7 s, 1 left; "
        "slowest so far: c 3.0 s, b 2.5 s, a 1.0 s",
    ]
    assert meter.finish() == (
        "kpi marts: 5 tables built in 8.0 s (2 rebuilt in part); slowest: c 3.0 s, b 2.5 s, a 1.0 s"
    )


def test_a_layer_steps_time_left_comes_from_the_work_done_so_far():
    weights = {"a": 100, "b": 300, "c": 200, "d": 100, "empty": 0}
    # a's 100 units took 2 s: 50 a second. b, with no file done after 1 s, has 6 s of work
    # at that pace, 5 of them left; c (4 s) goes to the free worker, then d (2 s) to
    # whichever is free first: that one, at 4 s.
    left = layer_time_left(weights, {"a": 2.0}, {"b": (1.0, 0, 0.0)}, ["c", "d"], workers=2)
    assert left == pytest.approx(6.0)
    one_worker = layer_time_left(weights, {"a": 2.0}, {"b": (1.0, 0, 0.0)}, ["c", "d"], 1)
    assert one_worker == pytest.approx(11.0)
    # b's first file, 25 units, took it 1 s: its 275 left take 11 s at its own pace, less the
    # 0.5 s its next file has run; the common pace is 125 units in 3 s
    left = layer_time_left(weights, {"a": 2.0}, {"b": (1.5, 25, 1.0)}, ["c", "d"], workers=2)
    assert left == pytest.approx(10.5)
    # a source that has run longer than the pace says, with no file done, has nothing left
    assert layer_time_left(weights, {"b": 1.0}, {"d": (10.0, 0, 0.0)}, [], workers=2) == 0.0
    # nothing to go by before some work is done
    assert layer_time_left(weights, {}, {"b": (1.0, 0, 0.0)}, ["c"], workers=2) is None
    assert layer_time_left(weights, {"empty": 0.1}, {"b": (1.0, 0, 0.0)}, ["c"], 2) is None


def test_a_file_meter_tells_a_layer_step_the_work_each_file_was():
    lines, advanced = [], []
    report = SourceReport(lines.append, advanced.append)
    meter = FileMeter(report, "stg_calls", {"a": 120, "b": 80})
    meter.done("a", 120)
    meter.done("b", 80)
    assert advanced == [120, 80] and len(lines) == 2
