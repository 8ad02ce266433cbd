"""A run holds the warehouse open; its steps' work still reaches the file as each ends."""

from __future__ import annotations

import threading

import duckdb
import pytest

from pipelines.held_warehouse import HeldWarehouse


def _log_bytes(path) -> int:
    wal = path.with_name(path.name + ".wal")
    return wal.stat().st_size if wal.exists() else 0


def test_a_steps_writes_are_checkpointed_when_its_last_connection_closes(tmp_path):
    path = tmp_path / "wh" / "jansewa.duckdb"
    held = HeldWarehouse(path)
    held.hold()
    try:
        with held.connection() as first, held.connection() as second:
            first.execute("create table t as select range as x from range(100000)")
            second.execute("insert into t select 1")
            assert _log_bytes(path) > 0  # still in the log while the step is working
        assert _log_bytes(path) == 0  # in the file once its last connection closed
        with pytest.raises(duckdb.ConnectionException):  # ... and the file is still open
            duckdb.connect(str(path), read_only=True)
    finally:
        held.release()
    con = duckdb.connect(str(path), read_only=True)  # what the publish step opens
    try:
        assert con.execute("select count(*) from t").fetchone() == (100001,)
    finally:
        con.close()


def test_connections_from_several_threads_share_the_held_database(tmp_path):
    path = tmp_path / "jansewa.duckdb"
    held = HeldWarehouse(path)
    held.hold()
    ready = threading.Barrier(4)

    def load(n: int) -> None:
        with held.connection() as con:
            ready.wait()  # all four open at once
            con.execute(f"create table t{n} as select {n} as x")

    try:
        threads = [threading.Thread(target=load, args=(n,)) for n in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert _log_bytes(path) == 0
    finally:
        held.release()
    with held.connection() as con:  # released: a connection opens the file again
        assert [con.execute(f"select x from t{n}").fetchone()[0] for n in range(4)] == [0, 1, 2, 3]
