"""Read one export file (CSV or .xlsx) into a frame of text columns named after the contract.

What it returns: one Utf8 column per contract column (``Column.name``; an absent optional
column is all null), every value as read (trimmed; empty -> null), plus ``_line`` (Int64,
1-based line of the record in a CSV file, or 1-based row in the Excel sheet) and ``_extra``
(Utf8, a JSON object of the non-contract columns keyed by their header, or null when the
file has none; its values are as read here, and ``pii.hash_personal`` -- the next step,
always -- replaces every one of them by its keyed hash). Blank
lines/rows are not records and are dropped. Nothing is parsed or validated here beyond the
header: that is ``clean.clean_export``'s job.

What it refuses (``ExportRejected``, naming the file and the reason): an unknown suffix, an
empty file, a missing required column (also the usual symptom of a wrong delimiter: the
message then says which delimiter the header seems to use), a contract column given twice,
text that is neither UTF-8 nor Windows-1252, a CSV that cannot be parsed (an unclosed quote),
and an .xlsx file that cannot be opened. A header-only file is not an error: 0 rows.

Encodings (CSV): a UTF-8 BOM -> utf-8-sig; a UTF-16 BOM -> decoded as UTF-16 (Excel's
"Unicode text" export); otherwise strict UTF-8, and Windows-1252 when that fails. UTF-8 is
read by Polars straight from the file (it validates the bytes itself); only the other
encodings, NUL bytes (dropped) and old-Mac CR-only line endings go through Python.
A line with more fields than the header keeps its first surplus field in ``_extra`` under
``"_overflow"`` (usually an unquoted comma; the shifted values then fail validation).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from pipelines.ingest.export_frame import (
    HEADER_SCAN_ROWS,
    ExportRejected,
    ExportSlices,
    RawExport,
)
from pipelines.ingest.read_csv import _read_csv
from pipelines.ingest.read_xlsx import _read_xlsx
from warehouse.sources import Source

__all__ = [
    "HEADER_SCAN_ROWS",
    "ExportRejected",
    "ExportSlices",
    "RawExport",
    "read_export",
    "read_export_slices",
]


def read_export_slices(
    path: Path, source: Source, display_name: str | None = None, slice_rows: int | None = None
) -> ExportSlices:
    """Read an export file of ``source`` in slices of about ``slice_rows`` records (None:
    one frame); raises ExportRejected, when the header is read or as a later slice is.

    The slices, put together, are the frame ``read_export`` returns, with one difference: an
    unnamed column (a trailing comma, or the surplus field of a line with one too many) that
    is empty throughout a slice has no key in that slice's ``_extra`` (and a line whose
    ``_extra`` would hold nothing else has none), as in a file where it is empty throughout.
    """
    path = Path(path)
    name = display_name or str(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(path, source, name, slice_rows)
    if suffix == ".xlsx":
        return _read_xlsx(path, source, name, slice_rows)
    raise ExportRejected(
        name, f"unsupported file type {path.suffix or '(none)'!r}: expected .csv or .xlsx"
    )


def read_export(path: Path, source: Source, display_name: str | None = None) -> RawExport:
    """Read an export file of ``source`` whole (see module docstring); raises ExportRejected."""
    read = read_export_slices(path, source, display_name)
    frames = list(read.frames)
    frame = frames[0] if len(frames) == 1 else pl.concat(frames, how="vertical")
    return RawExport(frame, read.encoding, read.sheet, read.header_line, frame.height)
