"""Where a CSV export's records lie in its text: byte segments of about a slice each, cut
where a record ends, and the line of the file each record starts on.

Why not Polars' own slicing: its streaming reader (``collect_batches``) runs the whole file
through as fast as it can parse, whatever the consumer's pace, and holds what it has parsed
and the file's text until they are taken. Reading the state-year sample's 242 MiB helpline
export that way grew a process by 445 MiB with nothing done to the slices, and by 900-935
MiB with the raw step's hashing and Parquet writing; two such files at once (helpline and
service transactions are read side by side) made the refresh's peak. A segment's text is
parsed only when the caller asks for the next one, from a read-only map of the file whose
pages are handed back once the segment is copied out: the same export then grew the process
by 555-581 MiB, and the state-year refresh's peak fell from 1,744-1,925 MiB (13 runs) to
1,610-1,803 MiB (7 runs), with the same staged rows, quarantine and load audit. A file read
alone takes about 10 % longer (parsing no longer overlaps the hashing); the refresh, which
reads two sources at once on two cores, does not. Parsing one segment ahead on a thread
took the refresh's peak to 2,025-2,114 MiB for no time saved.

Where a segment may end: after a line feed with an even number of double quotes since the
segment began. CSV writes a quote inside a quoted value twice, so an odd count means the
line feed is inside a quoted value (a note with a line break) and the record goes on. A
quote that is never closed keeps the count odd to the end of the file: the last segment then
runs to the end, and Polars refuses it as it refuses the whole file.
"""

from __future__ import annotations

import mmap
from collections.abc import Iterator
from pathlib import Path

import polars as pl

# The bytes per record are estimated from this much text after the header.
_SAMPLE_BYTES = 1 << 20


def csv_segments(path: Path, header_lines: int, rows: int) -> Iterator[bytes]:
    """The text after the first ``header_lines`` lines of ``path``, in segments of about
    ``rows`` records, each ending where a record ends (or at the end of the file).

    ``header_lines`` counts line feeds, as Polars' ``skip_lines`` does."""
    with path.open("rb") as fh:
        if fh.seek(0, 2) == 0:
            return
        with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as text:
            size = len(text)
            start = _after_lines(text, header_lines)
            target = _segment_bytes(text, start, rows)
            while start < size:
                end = _record_end(text, _line_end(text, start + target - 1), start)
                segment = text[start:end]
                _release(text, start, end)
                yield segment
                start = end


def _after_lines(text: mmap.mmap, lines: int) -> int:
    """The offset just after the ``lines``-th line feed (the file's size if it has fewer)."""
    at = 0
    for _ in range(lines):
        found = text.find(b"\n", at)
        if found == -1:
            return len(text)
        at = found + 1
    return at


def _segment_bytes(text: mmap.mmap, start: int, rows: int) -> int:
    """About the bytes of ``rows`` records, from the mean line of a sample after ``start``."""
    sample = text[start : start + _SAMPLE_BYTES]
    per_line = len(sample) / max(sample.count(b"\n"), 1)
    return max(int(rows * per_line), 1)


def _line_end(text: mmap.mmap, at: int) -> int:
    """The offset just after the first line feed at or after ``at`` (or the file's size)."""
    if at >= len(text):
        return len(text)
    found = text.find(b"\n", at)
    return len(text) if found == -1 else found + 1


def _record_end(text: mmap.mmap, end: int, start: int) -> int:
    """``end``, or the first line end after it where the quotes since ``start`` pair up."""
    size = len(text)
    quotes = text[start:end].count(b'"')
    while quotes % 2 and end < size:
        # The open value ends at a quote: no record can end before the next one.
        closing = text.find(b'"', end)
        if closing == -1:
            return size
        following = _line_end(text, closing + 1)
        quotes += text[end:following].count(b'"')
        end = following
    return end


def _release(text: mmap.mmap, start: int, end: int) -> None:
    """Hand the pages of ``[start, end)`` back: a map's pages count in the process's
    resident size while it stays open; the file's pages stay in the kernel's cache."""
    first = start - start % mmap.PAGESIZE
    if end > first:
        text.madvise(mmap.MADV_DONTNEED, first, end - first)


def record_lines(
    frame: pl.DataFrame, header_lines: int, quoted: bool, carried: int
) -> tuple[pl.DataFrame, int]:
    """``_row`` becomes each record's line: header lines + 1 + row index, plus the newlines
    that quoted values of earlier records held (``carried`` from earlier slices); returns
    the frame and the newlines to carry into the next slice."""
    line = pl.col("_row").cast(pl.Int64) + (header_lines + 1 + carried)
    text_cols = [c for c in frame.columns if c != "_row"]
    if (frame.height and quoted) and any(
        frame.get_column(c).str.contains("\n", literal=True).any() for c in text_cols
    ):
        newlines = pl.sum_horizontal(
            pl.col(c).str.count_matches("\n", literal=True).fill_null(0) for c in text_cols
        )
        counts = frame.select(newlines.alias("n")).get_column("n")
        frame = frame.with_columns((line + counts.cum_sum().shift(1, fill_value=0)).alias("_row"))
        return frame, carried + int(counts.sum())
    return frame.with_columns(line.alias("_row")), carried
