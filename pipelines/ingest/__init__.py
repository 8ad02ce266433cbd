"""Reading, hashing and validating export files: plain Python and Polars, no Dagster.

read_export(path, source)          -> RawExport (text columns, `_line`, `_extra`)
hash_personal(frame, source, key)  -> the frame with personal columns HMAC-hashed
clean_export(frame, source)        -> CleanResult (accepted, quarantined, duplicates)
"""

from pipelines.ingest.clean import CleanResult, clean_export
from pipelines.ingest.pii import hash_personal
from pipelines.ingest.read import ExportRejected, RawExport, read_export
from pipelines.ingest.row_problems import REASONS

__all__ = [
    "REASONS",
    "CleanResult",
    "ExportRejected",
    "RawExport",
    "clean_export",
    "hash_personal",
    "read_export",
]
