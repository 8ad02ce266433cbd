"""Readers during a refresh: the served dashboard answers every request, from the old
snapshot or the new one and never a mix or an error, while `jansewa refresh` loads a new
export and swaps the snapshot (see conftest.concurrent_run for the set-up)."""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics

import duckdb
import pytest

from tests.reliability.conftest import CLIENTS, MAX_LOAD_SECONDS, MAX_REQUESTS
from tests.reliability.workspace import NEW_CALLS
from warehouse.snapshot import snapshot_path

LOCK_ERRORS = re.compile(r"lock|Traceback|IO Error|Could not set|Conflicting", re.IGNORECASE)


def _blocks(status: int, text: str) -> dict[str, object]:
    """An answer split into the parts a page shows: one per callback output (the index page
    as a whole, without the per-request id Dash writes into it)."""
    if text.startswith("{"):
        response = json.loads(text)["response"]
        return {f"{status}:{key}": value for key, value in response.items()}
    return {f"{status}:page": re.sub(r'"end_id":"[^"]*"', "", text)}


def _bar_values(answer_text: str) -> dict[str, float]:
    """District -> value of the explorer's ranked bar in a callback answer."""
    figure = json.loads(answer_text)["response"]["explorer-bar-block"]["children"]
    graph = figure["props"]["children"][0]["props"]["figure"]
    trace = graph["data"][0]
    return dict(zip(trace["y"], trace["x"], strict=True))


@pytest.mark.slow
def test_every_request_during_a_refresh_gets_the_old_or_the_new_answer(concurrent_run):
    run = concurrent_run
    assert run.refresh_code == 0, run.refresh_stdout[-2000:] + run.refresh_stderr[-2000:]
    assert "Published snapshot" in run.refresh_stdout

    # The refresh really changed what the pages show: July's calls grew by the new export.
    name = "explorer:calls_received:month"
    old, new = _bar_values(run.before[name][1]), _bar_values(run.after[name][1])
    assert old != new
    with duckdb.connect(str(run.workspace.warehouse), read_only=True) as con:  # pipeline's file
        staged_new = con.execute(
            "select count(*) from stg_helpline_calls where call_id like 'LATE-%'"
        ).fetchone()[0]
    assert 0 < staged_new <= NEW_CALLS
    assert sum(new.values()) - sum(old.values()) == staged_new

    # Bounded load, spanning the swap.
    answers = run.answers
    assert len(answers) <= MAX_REQUESTS and run.load_seconds <= MAX_LOAD_SECONDS + 35
    assert any(a.sent_at > run.refresh_seconds for a in answers), "no request after the swap"

    failed = [a for a in answers if a.status != 200]
    assert not failed, [(a.name, a.status, a.text[:300]) for a in failed[:5]]
    errors = [a for a in answers if a.text.startswith("{") and "error" in json.loads(a.text)]
    assert not errors
    # Each part of each answer is the old snapshot's or the new one's.
    expected = {
        name: (_blocks(*run.before[name]), _blocks(*run.after[name])) for name in run.requests
    }
    wrong, mixed = [], 0
    for a in answers:
        old, new = expected[a.name]
        got = _blocks(a.status, a.text)
        assert got.keys() == old.keys(), (a.name, a.text[:300])
        origin = set()
        for key, value in got.items():
            if value == old[key] == new[key]:
                continue
            if value not in (old[key], new[key]):
                wrong.append((a.name, round(a.sent_at, 1), key, str(value)[:300]))
            origin.add("old" if value == old[key] else "new")
        mixed += len(origin) > 1
    assert not wrong, wrong[:5]
    assert not LOCK_ERRORS.findall(run.server_log), run.server_log[-3000:]
    assert " 500 " not in run.server_log

    seen_new = sum(
        _blocks(a.status, a.text) == expected[a.name][1] != expected[a.name][0] for a in answers
    )
    latencies = sorted(a.seconds for a in answers)
    print(
        f"\n{len(answers)} requests from {CLIENTS} clients over {run.load_seconds:.1f} s "
        f"(refresh {run.refresh_seconds:.1f} s); {seen_new} answered from the new snapshot, "
        f"{mixed} with parts from both; "
        f"latency median {statistics.median(latencies) * 1000:.0f} ms, "
        f"p95 {latencies[int(0.95 * (len(latencies) - 1))] * 1000:.0f} ms, "
        f"max {latencies[-1] * 1000:.0f} ms"
    )
    assert seen_new > 0


def test_one_callback_answer_comes_from_one_snapshot(demo_warehouse, tmp_path, monkeypatch):
    """A swap between two queries of one callback must not give a block of the old snapshot
    beside a block of the new one (the explorer's ranked bars and its table, after the list
    of KPIs was read from the old one)."""
    from dashboards import data
    from dashboards.app import create_app

    warehouse = tmp_path / "jansewa.duckdb"
    snapshot = snapshot_path(warehouse)
    shutil.copyfile(snapshot_path(demo_warehouse.warehouse), snapshot)
    newer = tmp_path / "newer.duckdb"
    shutil.copyfile(snapshot, newer)
    con = duckdb.connect(str(newer))
    con.execute(
        "update kpi_values_stored set numerator = numerator + 1000 "
        "where kpi = 'calls_received' and district = 'Jhajjar'"
    )
    con.close()
    original = data.kpi_by_district
    calls = []

    def swapped_then_values(*args, **kwargs):  # a refresh publishes between two queries
        calls.append(args)
        if newer.exists():
            os.replace(newer, snapshot)
        return original(*args, **kwargs)

    monkeypatch.setattr(data, "kpi_by_district", swapped_then_values)
    data.clear_cache()
    app = create_app(warehouse)
    from dashboards.explorer_callbacks import update_explorer

    with app.server.app_context():
        bar, _, table, _ = update_explorer(
            "calls_received", "month", "2020-07-01", ["Jhajjar"], "en"
        )
    ranked = dict(
        zip(
            bar.children[0].figure["data"][0]["y"],
            bar.children[0].figure["data"][0]["x"],
            strict=True,
        )
    )
    listed = {r["district"]: r["value"] for r in table.children[0].data}
    assert len(calls) == 2  # the swap was seen and the callback answered again
    fresh = original(warehouse, "calls_received", "month", "2020-07-01")
    new_value = fresh.filter(fresh["district"] == "Jhajjar")["value"][0]
    assert ranked["Jhajjar"] == listed["Jhajjar"] == new_value
