"""What stg_<source> holds, file by file: one fingerprint per staged file, in one scan.

A validation's result stands for exactly the rows it saw. Staging only ever changes a file's
rows as a whole unit of the load path -- a file staged, replaced, rejected, or some of its
records outvoted by a newer export (or given back when that export goes) -- so comparing
these fingerprints with the ones recorded at the last validation names the files whose rows
changed since, and the files that are gone. A fingerprint is the file's content hash, how
many of its rows staging holds and two sums over their line numbers (a plain sum and an
xor of hashes: a row swapped for another of the same file changes both).

``first_day`` and ``last_day`` bound the event days of the file's staged rows: the volume
rule needs the earliest day whose count changed, including days of rows since removed, which
the recorded bounds of a changed or gone file still cover.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

import duckdb

from warehouse.schema import staging_table
from warehouse.sources import SOURCES


@dataclass(frozen=True)
class StagedFile:
    """One file's staged rows, summarised."""

    fingerprint: str
    first_day: dt.date | None
    last_day: dt.date | None


def staged_files(con: duckdb.DuckDBPyConnection, source: str) -> dict[str, StagedFile]:
    """{file: StagedFile} for every file with rows in stg_<source> (one group-by)."""
    spec = SOURCES[source]  # a known source: its names are safe as identifiers
    event = f'cast("{spec.event_time}" as date)'
    rows = con.execute(
        f"""
        select _file,
          concat_ws(':', any_value(_file_hash), count(*), sum(_line), bit_xor(hash(_line))),
          min({event}), max({event})
        from {staging_table(spec)}
        group by _file
        """
    ).fetchall()
    return {file: StagedFile(fp, first, last) for file, fp, first, last in rows}


def staged_version(files: dict[str, StagedFile]) -> str:
    """One hash of every staged file's fingerprint: equal exactly when staging is."""
    listing = sorted((file, f.fingerprint) for file, f in files.items())
    return hashlib.sha256(json.dumps(listing).encode()).hexdigest()


def changed_files(
    recorded: dict[str, StagedFile], current: dict[str, StagedFile]
) -> tuple[list[str], list[str]]:
    """(files new or changed since ``recorded``, files ``recorded`` had that are gone)."""
    changed = sorted(f for f, now in current.items() if f not in recorded or recorded[f] != now)
    gone = sorted(set(recorded) - set(current))
    return changed, gone
