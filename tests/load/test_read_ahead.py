"""read_ahead computes the next item while the caller works on this one, and keeps the
iterator's order, errors and clean-up (pipelines/load/read_ahead.py)."""

from __future__ import annotations

import threading

import pytest

from pipelines.load.read_ahead import read_ahead

WAIT_SECONDS = 10  # a hang is a failure, not a stuck test run


def _items(log: list[str], fail_at: int | None = None, count: int = 4):
    try:
        for n in range(1, count + 1):
            log.append(f"computing {n} on {threading.current_thread().name}")
            if n == fail_at:
                raise ValueError(f"item {n} cannot be read")
            yield n
    finally:
        log.append("closed")


def test_items_come_in_order_and_are_computed_on_another_thread():
    log: list[str] = []
    assert list(read_ahead(_items(log))) == [1, 2, 3, 4]
    assert log[-1] == "closed"
    computed_on = {line.split(" on ")[1] for line in log if line.startswith("computing")}
    assert len(computed_on) == 1 and threading.current_thread().name not in computed_on


def test_the_next_item_is_computed_while_the_caller_holds_this_one():
    second_started = threading.Event()

    def items():
        yield 1
        second_started.set()  # a plain generator gets here only when asked for item 2
        yield 2

    ahead = read_ahead(items())
    assert next(ahead) == 1
    assert second_started.wait(WAIT_SECONDS)  # while the caller still works on item 1
    assert list(ahead) == [2]


def test_an_error_comes_out_where_its_item_would_have():
    log: list[str] = []
    received = []
    with pytest.raises(ValueError, match="item 3 cannot be read"):
        for item in read_ahead(_items(log, fail_at=3)):
            received.append(item)
    assert received == [1, 2]
    assert log[-1] == "closed"


def test_a_caller_that_stops_early_waits_for_the_item_in_progress_and_closes_the_items():
    log: list[str] = []
    started, release = threading.Event(), threading.Event()

    def slow_items():
        try:
            yield 1
            started.set()
            release.wait(WAIT_SECONDS)  # item 2 is being computed when the caller stops
            log.append("item 2 finished")
            yield 2
        finally:
            log.append("closed")

    ahead = read_ahead(slow_items())
    assert next(ahead) == 1
    assert started.wait(WAIT_SECONDS)  # (an item not started yet is cancelled instead)
    threading.Timer(0.2, release.set).start()
    ahead.close()  # as `with closing(...)` does when the caller's loop fails
    assert log == ["item 2 finished", "closed"]
