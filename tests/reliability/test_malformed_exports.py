"""Every malformed export of the corpus through the real load path (raw, then staging, on a
temporary DuckDB): a clear rejection naming the file, or the right rows quarantined with the
right reason and line -- and always rows read = accepted + duplicates + quarantined."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from pipelines.load.raw import load_raw
from pipelines.load.stage import stage_source
from tests.reliability.corpus.cases import CASES, KEY, Case, Ignored, Rejected, Staged
from warehouse.raw_files import create_raw_views, raw_rows_loaded
from warehouse.schema import create_load_tables
from warehouse.sources import SOURCES


def _param(case: Case):
    marks = [pytest.mark.xfail(strict=True, reason=case.xfail)] if case.xfail else []
    return pytest.param(case, id=case.name, marks=marks)


def test_the_corpus_is_big_enough_and_names_are_unique():
    names = [c.name for c in CASES]
    assert len(names) >= 30 and len(set(names)) == len(names)


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_malformed_export(case: Case, tmp_path: Path):
    exports = tmp_path / "exports"
    exports.mkdir()
    path = case.build(exports)
    relative = path.relative_to(exports).as_posix()
    source = SOURCES[case.source]
    with duckdb.connect(str(tmp_path / "wh.duckdb")) as con:
        create_load_tables(con)
        load_raw(con, source, exports, KEY, "corpus")
        stage_source(con, source, "corpus")
        manifest = con.execute(
            "select path, status, message, rows_read, rows_accepted, rows_duplicate, "
            "rows_quarantined from ingest_manifest"
        ).fetchall()
        quarantined = con.execute(
            "select line, record_id, reason, column_name, file from quarantine order by line"
        ).fetchall()
        raw_rows = raw_rows_loaded(con, source)
        create_raw_views(con)  # the cases' checks read raw rows as raw_<source>
        checks = [
            (sql, con.execute(sql).fetchall()) for sql, _ in getattr(case.expect, "checks", ())
        ]

    expect = case.expect
    if isinstance(expect, Ignored):
        assert manifest == [] and raw_rows == 0
        return
    ((path_seen, status, message, read, accepted, duplicates, quarantined_n),) = manifest
    assert path_seen == relative
    if isinstance(expect, Rejected):
        assert status == "rejected", f"expected a rejection, got {manifest}"
        assert message.startswith(f"{relative}: "), message  # names the file
        assert expect.says in message, message
        assert len(message) < 500  # one readable line, never the file's content
        assert raw_rows == 0 and quarantined == []
        return
    assert isinstance(expect, Staged)
    assert status == "staged", f"expected the file to load, got: {message}"
    assert read == accepted + duplicates + quarantined_n  # the audit identity
    assert read == raw_rows
    assert (accepted, duplicates) == (expect.accepted, expect.duplicates)
    assert [row[:4] for row in quarantined] == list(expect.quarantined)
    assert {row[4] for row in quarantined} <= {relative}
    for (sql, got), (_, wanted) in zip(checks, expect.checks, strict=True):
        assert got == wanted, sql
