"""raw_<source>: each export's raw rows as Parquet files beside the warehouse, not in it.

Raw rows are written once, by the raw step, and read once, by staging (again only when a
file is staged anew); no model and no reader queries them. As DuckDB table rows they cost
most of a full refresh's raw step: a month's 1M service transactions (every column text)
took 2.1-2.3 CPU seconds to append and compress into the warehouse, against 0.74 written
as Parquet by Polars (Zstandard, level 1), in 0.8 times the space.

Layout: ``<warehouse file>.raw/<source>/<folder>/part-<n>.parquet``, one folder per version
of an export, written slice by slice and never changed afterwards. The table ``raw_files``,
in the warehouse, names the folder holding each export's raw rows now, with the export's
lineage (path, content hash, export and load time) and its row count. So a new version takes
the place of the old one by the commit of one row, in the transaction that sets the
export's manifest row (pipelines/load/raw.py), and a folder no row names is left over: a
version being read, refused, held or replaced, or a run stopped midway. Such folders are
removed when their source is next loaded (``remove_unnamed_folders``); one refresh at a time
writes a warehouse (pipelines/lock.py), so none is being written then.

Backups and copies of a warehouse take its ``.raw`` folder with it: staging reads a file's
raw rows from there until the file is staged, and again when staging must parse it anew.
An in-memory warehouse (tests) keeps its raw folders in a temporary directory, named in the
table ``raw_location`` and removed when the process ends, as the warehouse itself is.

Migration: a warehouse written when raw rows were tables (``raw_<source>``) has each file's
rows copied out to its folder, then the tables dropped (``move_raw_tables_to_files``).
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import uuid
from pathlib import Path

import duckdb
import polars as pl

from warehouse.schema import LINEAGE, raw_columns, raw_table
from warehouse.sources import SOURCES, Source

# Zstandard at level 1: per 1M service transactions 0.74 CPU s to write and 44 MB, where
# level 3 (Polars' default) took 1.02 s for 45 MB and LZ4 0.76 s for 81 MB; read back in
# 0.53 CPU s against LZ4's 0.80.
_COMPRESSION, _COMPRESSION_LEVEL = "zstd", 1
# Columns a Parquet part holds: the raw columns less the file's lineage, which raw_files keeps.
_FILE_LINEAGE = [name for name, _ in LINEAGE if name != "_line"]


def part_columns(source: Source) -> list[str]:
    """The columns of a raw Parquet part: every contract column, `_extra`, then `_line`."""
    return [name for name, _ in raw_columns(source) if name not in _FILE_LINEAGE]


def raw_folder_of(warehouse: Path | str) -> Path:
    """Where a warehouse file's raw rows are: `<file>.raw`, beside it."""
    return Path(f"{warehouse}.raw")


def raw_root(con: duckdb.DuckDBPyConnection) -> Path:
    """The folder of the connection's warehouse's raw rows (``raw_folder_of`` its file)."""
    (path,) = con.execute(
        "select path from duckdb_databases() where database_name = current_database()"
    ).fetchone()
    if path:
        return raw_folder_of(path)
    con.execute("create table if not exists raw_location (path varchar)")
    row = con.execute("select path from raw_location").fetchone()
    if row is None:
        row = (tempfile.mkdtemp(prefix="jansewa-raw-"),)
        atexit.register(shutil.rmtree, row[0], ignore_errors=True)
        con.execute("insert into raw_location values (?)", row)
    return Path(row[0])


class RawWriter:
    """Writes one version of an export's raw rows into a folder of its own, a slice per part.

    Nothing reads the folder until ``name`` (in the caller's transaction) makes it the
    export's raw rows; ``discard`` removes it when the version does not count.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, source: Source, path: str):
        self.source, self.path = source, path
        self.folder = uuid.uuid4().hex
        self.directory = raw_root(con) / source.name / self.folder
        self.rows = 0
        self._parts = 0
        self._schema = {name: pl.String for name in part_columns(source)} | {"_line": pl.Int64}

    def append(self, frame: pl.DataFrame) -> None:
        """Write a slice (``part_columns``, in that order) as the folder's next part."""
        self.directory.mkdir(parents=True, exist_ok=True)
        frame = frame.select(pl.col(name).cast(kind) for name, kind in self._schema.items())
        part = self.directory / f"part-{self._parts:05d}.parquet"
        frame.write_parquet(part, compression=_COMPRESSION, compression_level=_COMPRESSION_LEVEL)
        _synced(part)
        self._parts += 1
        self.rows += frame.height

    def name(self, con: duckdb.DuckDBPyConnection, lineage: tuple) -> None:
        """In the caller's transaction: make this folder the export's raw rows.
        ``lineage`` is (content hash, exported at, loaded at)."""
        if not self._parts:  # a file without records still has its columns
            self.append(pl.DataFrame(schema=self._schema))
        # On disk, with the folders' entries, before DuckDB's commit (which syncs its own
        # log) can name them.
        for folder in (self.directory, self.directory.parent, self.directory.parent.parent):
            _synced(folder)
        con.execute(
            "insert or replace into raw_files values (?, ?, ?, ?, ?, ?, ?)",
            [self.source.name, self.path, self.folder, *lineage, self.rows],
        )

    def discard(self) -> None:
        """Remove what was written (the version does not count)."""
        shutil.rmtree(self.directory, ignore_errors=True)


def forget_raw_rows(con: duckdb.DuckDBPyConnection, source: Source, path: str) -> None:
    """In the caller's transaction: the export has no raw rows any more (its folder goes at
    the next ``remove_unnamed_folders``)."""
    con.execute("delete from raw_files where source = ? and path = ?", [source.name, path])


def raw_file(con: duckdb.DuckDBPyConnection, source: Source, path: str) -> tuple | None:
    """(folder path, content hash, exported at, loaded at, rows) of an export's raw rows."""
    row = con.execute(
        "select folder, file_hash, exported_at, loaded_at, rows from raw_files "
        "where source = ? and path = ?",
        [source.name, path],
    ).fetchone()
    if row is None:
        return None
    return (raw_root(con) / source.name / row[0], *row[1:])


def raw_scan(con: duckdb.DuckDBPyConnection, source: Source, path: str) -> pl.LazyFrame:
    """A Polars scan of the export's raw rows (``part_columns``, parts in line order);
    refuses, in one line, an export whose raw rows are gone (a warehouse copied without
    its folder)."""
    found = raw_file(con, source, path)
    if found is None or not found[0].is_dir():
        where = raw_root(con) / source.name
        raise FileNotFoundError(
            f"{path}: its raw rows are not in {where}: restore the warehouse's .raw folder "
            "beside it, or delete the file's manifest row so that the export is read again"
        )
    return pl.scan_parquet(sorted(found[0].glob("part-*.parquet")))


def raw_rows_loaded(con: duckdb.DuckDBPyConnection, source: Source) -> int:
    """The raw rows the source's exports have now."""
    (rows,) = con.execute(
        "select coalesce(sum(rows), 0) from raw_files where source = ?", [source.name]
    ).fetchone()
    return int(rows)


def remove_unnamed_folders(con: duckdb.DuckDBPyConnection, source: Source) -> list[str]:
    """Remove the source's raw folders that no raw_files row names (see the module
    docstring); returns their names."""
    directory = raw_root(con) / source.name
    if not directory.is_dir():
        return []
    named = {
        row[0]
        for row in con.execute(
            "select folder from raw_files where source = ?", [source.name]
        ).fetchall()
    }
    removed = sorted(p.name for p in directory.iterdir() if p.name not in named)
    for name in removed:
        shutil.rmtree(directory / name, ignore_errors=True)
    return removed


def create_raw_views(con: duckdb.DuckDBPyConnection) -> None:
    """Temporary views `raw_<source>` (this connection only) over every export's raw rows,
    with their lineage, as the raw tables were: for tests and for an operator's look at
    what was read. Temporary, because a stored view would name folders by absolute path,
    which a moved or copied warehouse would not have."""
    root = raw_root(con)
    for source in SOURCES.values():
        rows = con.execute(
            "select path, folder from raw_files where source = ? order by path", [source.name]
        ).fetchall()
        columns = [name for name, _ in raw_columns(source)]
        if not rows:
            body = "select " + ", ".join(
                f'null::{kind} as "{name}"' for name, kind in raw_columns(source)
            )
            body += " where false"
        else:
            selects = []
            for path, folder in rows:
                where = _quoted_path(root / source.name / folder)
                selects.append(
                    f"select {_view_columns(columns)} from read_parquet('{where}/*.parquet') "
                    f"as p, raw_files as f where f.source = '{source.name}' "
                    f"and f.path = '{_quoted_path(path)}'"
                )
            body = " union all ".join(selects)
        con.execute(f"create or replace temp view {raw_table(source)} as {body}")


def _view_columns(columns: list[str]) -> str:
    lineage = {
        "_file": "f.path",
        "_file_hash": "f.file_hash",
        "_exported_at": "f.exported_at",
        "_loaded_at": "f.loaded_at",
    }
    picked = [lineage.get(name) or f'p."{name}"' for name in columns]
    return ", ".join(
        f'{expression} as "{name}"' for expression, name in zip(picked, columns, strict=True)
    )


def _synced(path: Path) -> None:
    """Flush a written file, or a folder's entries, to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _quoted_path(path: Path | str) -> str:
    return str(path).replace("'", "''")


def move_raw_tables_to_files(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Copy every raw table of an older warehouse out to raw folders, one per export, then
    drop the tables (and the bookkeeping of appends they used); returns the tables moved.

    Rows a stopped run had appended (files noted in `load_in_progress`, the scratch tables)
    were never any file's raw rows and are not copied. Each table is read a slice at a time,
    as the raw step writes; its folders are named, and the table dropped, in one transaction.
    """
    tables = {
        row[0]
        for row in con.execute(
            "select table_name from duckdb_tables() where database_name = current_database() "
            "and schema_name = 'main'"
        ).fetchall()
    }
    moved = []
    for source in SOURCES.values():
        table = raw_table(source)
        if table not in tables:
            continue
        stopped = "select path from load_in_progress where source = $source"
        where = f"_file not in ({stopped})" if "load_in_progress" in tables else "true"
        files = con.execute(
            f"select _file, any_value(_file_hash), any_value(_exported_at), "
            f"any_value(_loaded_at) from {table} where {where} group by _file order by _file",
            {"source": source.name} if "load_in_progress" in tables else {},
        ).fetchall()
        writers = []
        columns = ", ".join(f'"{name}"' for name in part_columns(source))
        for path, *lineage in files:
            writer = RawWriter(con, source, path)
            with con.cursor() as reader:  # its own, so the unfinished read blocks nothing
                batches = reader.sql(
                    f"select {columns} from {table} where _file = $path order by _line",
                    params={"path": path},
                ).to_arrow_reader(245_760)
                for batch in batches:
                    writer.append(pl.from_arrow(batch))
            writers.append((writer, tuple(lineage)))
        con.begin()
        try:
            for writer, lineage in writers:
                writer.name(con, lineage)
            con.execute(f"drop table {table}")
            con.execute(f"drop table if exists load_scratch_{source.name}")
            con.commit()
        except BaseException:
            con.rollback()
            for writer, _ in writers:
                writer.discard()
            raise
        moved.append(table)
    con.execute("drop table if exists load_in_progress")
    return moved
