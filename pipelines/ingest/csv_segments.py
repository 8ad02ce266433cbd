"""Where a CSV export's records lie in its text: byte segments of about a slice each, cut
where a record ends, and the line of the file each record starts on.

Why not Polars' own slicing: its streaming reader (``collect_batches``) runs the whole file
through as fast as it can parse, whatever the consumer's pace, and holds what it has parsed
and the file's text until they are taken. Reading the state-year sample's 242 MiB helpline
export that way grew a process by 445 MiB with nothing done to the slices, and by 900-935
MiB with the raw step's hashing and Parquet writing; two such files at once (helpline and
service transactions are read side by side) made the refresh's peak. A segment's text is
parsed only when the caller asks for the next one, read from the file as it is asked for:
the same export then grew the process by 555-598 MiB, and the state-year refresh's peak
fell from 1,744-1,925 MiB (13 runs) to 1,603-1,803 MiB (13 runs), with the same staged
rows, quarantine and load audit. A file read alone takes about 10 % longer (parsing no
longer overlaps the hashing); the refresh, which reads two sources at once on two cores,
does not. Parsing one segment ahead on a thread took the refresh's peak to 2,025-2,114 MiB
for no time saved.

Where a segment may end: after a line feed with an even number of double quotes since the
segment began. CSV writes a quote inside a quoted value twice, so an odd count means the
line feed is inside a quoted value (a note with a line break) and the record goes on. A
quote that is never closed keeps the count odd to the end of the file: the last segment then
runs to the end, and Polars refuses it as it refuses the whole file.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import polars as pl

# The bytes per record are estimated from this much text after the header.
_SAMPLE_BYTES = 1 << 20
# The most a segment is read at once (then to its record's end), whatever the estimate: a
# file that opens with a few very long lines (a 50 MB line among records, in the reliability
# corpus) would otherwise ask for a segment of hundreds of gigabytes.
_MAX_SEGMENT_BYTES = 1 << 27


def csv_segments(path: Path, header_lines: int, rows: int) -> Iterator[bytes]:
    """The text after the first ``header_lines`` lines of ``path``, in segments of about
    ``rows`` records, each ending where a record ends (or at the end of the file).

    ``header_lines`` counts line feeds, as Polars' ``skip_lines`` does. The file is read,
    not mapped: a map of a file that someone truncates meanwhile kills the process
    (SIGBUS), where a read sees a short file and Polars or the raw step's checks refuse it."""
    with path.open("rb") as fh:
        for _ in range(header_lines):
            if not fh.readline():
                return
        target = _segment_bytes(fh, rows)
        while block := fh.read(target):
            yield _to_record_end(fh, block)


def _segment_bytes(fh: BinaryIO, rows: int) -> int:
    """About the bytes of ``rows`` records, from the mean line of a sample at the file's
    position (which it keeps), at most _MAX_SEGMENT_BYTES."""
    at = fh.tell()
    sample = fh.read(_SAMPLE_BYTES)
    fh.seek(at)
    per_line = len(sample) / max(sample.count(b"\n"), 1)
    return min(max(int(rows * per_line), 1), _MAX_SEGMENT_BYTES)


def _to_record_end(fh: BinaryIO, block: bytes) -> bytes:
    """``block`` and the lines after it up to the first line end where the quotes in it
    pair up (or the end of the file)."""
    parts, quotes, last = [block], block.count(b'"'), block
    while not (last.endswith(b"\n") and quotes % 2 == 0):
        last = fh.readline()
        if not last:
            break
        parts.append(last)
        quotes += last.count(b'"')
    return parts[0] if len(parts) == 1 else b"".join(parts)


def values_span_lines(text: bytes, records: int) -> bool:
    """Whether a value of the ``records`` Polars parsed from ``text`` may hold a line feed.

    Polars makes every line a record (an empty line one of nulls), so the text holds more
    lines than records exactly when quoted values span lines. Counting the text's line feeds
    (one pass in C) spares ``record_lines`` a search of every value of every column, which a
    million service transactions (every line quoted) cost 0.24 s against 0.07 s; a text
    without a quote holds no such value at all."""
    if b'"' not in text:
        return False
    lines = text.count(b"\n") + (bool(text) and not text.endswith(b"\n"))
    return lines != records


def record_lines(
    frame: pl.DataFrame, header_lines: int, spans_lines: bool, carried: int
) -> tuple[pl.DataFrame, int]:
    """``_row`` becomes each record's line: header lines + 1 + row index, plus the newlines
    that quoted values of earlier records held (``carried`` from earlier slices); returns
    the frame and the newlines to carry into the next slice. The values are searched for
    line feeds only when ``spans_lines`` (``values_span_lines``, or a quote in the file)."""
    line = pl.col("_row").cast(pl.Int64) + (header_lines + 1 + carried)
    text_cols = [c for c in frame.columns if c != "_row"]
    if (frame.height and spans_lines) and any(
        frame.get_column(c).str.contains("\n", literal=True).any() for c in text_cols
    ):
        newlines = pl.sum_horizontal(
            pl.col(c).str.count_matches("\n", literal=True).fill_null(0) for c in text_cols
        )
        counts = frame.select(newlines.alias("n")).get_column("n")
        frame = frame.with_columns((line + counts.cum_sum().shift(1, fill_value=0)).alias("_row"))
        return frame, carried + int(counts.sum())
    return frame.with_columns(line.alias("_row")), carried
