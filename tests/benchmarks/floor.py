"""The floor and the pandas peer: the same export files loaded with no processing at all.

``duckdb``: each CSV straight into its own table with DuckDB's ``read_csv(all_varchar)``
(auto-detected dialect; UTF-16 files by their BOM; Windows-1252 files transcoded to UTF-8 in
Python first); each .xlsx with DuckDB's ``read_xlsx`` when the excel extension can be loaded
offline, otherwise with Polars + fastexcel (calamine) as text and inserted. ``pandas``: each
file with ``pandas.read_csv(dtype=str)`` (UTF-8, else cp1252; UTF-16 by BOM), each .xlsx
through fastexcel's pandas output (pandas has no calamine engine installed here and openpyxl
is far too slow for bulk reads), then registered and copied into DuckDB. Both write a
database FILE and checkpoint it, as the refresh does. Run as a child process:

    python -m tests.benchmarks.floor --method duckdb|pandas --exports DIR --db FILE --out result.json
"""

from __future__ import annotations

import argparse
import io
import json
import time
from pathlib import Path

import duckdb

from tests.benchmarks.exports import export_files


def _encoding(path: Path) -> str | None:
    with path.open("rb") as fh:
        head = fh.read(4)
    return "utf-16" if head[:2] in (b"\xff\xfe", b"\xfe\xff") else None


def _xlsx_frame(path: Path):
    import fastexcel

    return fastexcel.read_excel(str(path)).load_sheet(0, header_row=None, dtypes="string")


def _duckdb_csv(con: duckdb.DuckDBPyConnection, path: Path, table: str) -> str:
    """Returns how the file was read: DuckDB by itself, or transcoded from cp1252 first."""
    encoding = _encoding(path) or "utf-8"
    try:
        con.execute(
            f"create table {table} as select * from read_csv(?, all_varchar = true, encoding = '{encoding}')",
            [str(path)],
        )
        return encoding
    except duckdb.InvalidInputException:
        if encoding != "utf-8":
            raise
    # Windows-1252 exports: DuckDB's latin-1 refuses 0x80-0x9F and the encodings extension
    # is not installable offline, so these few files are transcoded in Python first.
    transcoded = path.read_bytes().decode("cp1252").encode("utf-8")
    con.read_csv(io.BytesIO(transcoded), all_varchar=True).create(table)
    return "cp1252 transcoded in Python"


def load_duckdb(exports: Path, db: Path) -> dict:
    con = duckdb.connect(str(db))
    notes: dict[str, int] = {}
    try:
        try:
            con.execute("load excel")
            excel = "duckdb read_xlsx (excel extension)"
        except duckdb.Error:
            excel = "polars + fastexcel (calamine), all text, then inserted (excel extension not installable offline)"
        for i, path in enumerate(export_files(exports)):
            table = f"f{i:03d}"
            if path.suffix == ".xlsx":
                if excel.startswith("duckdb"):
                    con.execute(
                        f"create table {table} as select * from read_xlsx(?, all_varchar = true, header = false)",
                        [str(path)],
                    )
                else:
                    frame = _xlsx_frame(path).to_polars()
                    con.register("incoming", frame)
                    con.execute(f"create table {table} as select * from incoming")
                    con.unregister("incoming")
                key = "xlsx"
            else:
                key = f"csv {_duckdb_csv(con, path, table)}"
            notes[key] = notes.get(key, 0) + 1
        con.execute("checkpoint")
        rows = sum(
            con.execute(f"select count(*) from {t}").fetchone()[0]
            for (t,) in con.execute("select table_name from duckdb_tables()").fetchall()
        )
    finally:
        con.close()
    return {"excel_reader": excel, "files_by_reader": notes, "rows": rows}


def load_pandas(exports: Path, db: Path) -> dict:
    import pandas as pd

    con = duckdb.connect(str(db))
    notes: dict[str, int] = {}
    rows = 0
    try:
        for i, path in enumerate(export_files(exports)):
            if path.suffix == ".xlsx":
                frame = _xlsx_frame(path).to_pandas()
                key = "xlsx via fastexcel.to_pandas"
            else:
                encoding = _encoding(path)
                try:
                    frame = pd.read_csv(path, dtype=str, encoding=encoding or "utf-8")
                    key = f"csv {encoding or 'utf-8'}"
                except UnicodeDecodeError:
                    frame = pd.read_csv(path, dtype=str, encoding="cp1252")
                    key = "csv cp1252"
            notes[key] = notes.get(key, 0) + 1
            frame.columns = [f"c{j}" for j in range(len(frame.columns))]
            rows += len(frame)
            con.register("incoming", frame)
            con.execute(f"create table f{i:03d} as select * from incoming")
            con.unregister("incoming")
            del frame
        con.execute("checkpoint")
    finally:
        con.close()
    return {"files_by_reader": notes, "rows": rows}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--method", choices=("duckdb", "pandas"), required=True)
    parser.add_argument("--exports", type=Path, required=True)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    for suffix in ("", ".wal"):
        Path(str(args.db) + suffix).unlink(missing_ok=True)
    args.db.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    result = (load_duckdb if args.method == "duckdb" else load_pandas)(args.exports, args.db)
    result["seconds"] = round(time.perf_counter() - started, 3)
    result["db_mb"] = round(args.db.stat().st_size / 2**20, 1)
    args.out.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
