"""Read a CSV export: detect the encoding, repair line endings, find the header, parse.

Encodings: a UTF-8 BOM -> utf-8-sig; a UTF-16 BOM -> decoded as UTF-16 (Excel's "Unicode
text" export); otherwise strict UTF-8, and Windows-1252 when that fails. A clean UTF-8 file
is parsed by Polars straight from disk; the other encodings, NUL bytes (dropped), old-Mac
CR-only line endings and BOMs inside the text are first rewritten, block by block, into a
clean UTF-8 copy in a temporary folder. Either way a 1 GB export never sits in memory whole
as Python bytes or strings, and when asked (pipelines/load/raw.py) it is parsed a segment of
about ``slice_rows`` records at a time, each only when the caller takes the next slice
(pipelines/ingest/csv_segments.py), so what a process holds is bounded by the slice, not the
file.
"""

from __future__ import annotations

import codecs
import csv
import io
import mmap
import tempfile
from collections.abc import Iterator
from pathlib import Path

import polars as pl

from pipelines.ingest.csv_segments import csv_segments, record_lines, values_span_lines
from pipelines.ingest.export_frame import (
    HEADER_SCAN_ROWS,
    ExportRejected,
    ExportSlices,
    _finish,
    _Header,
    _match_header,
    _missing_required,
    _reject_missing,
)
from warehouse.sources import Source

_HEAD_BYTES = 1 << 20
# The inspection and the rewrite go through a file a block at a time. A 64 MiB block, and
# the text decoded from it (up to four bytes a character), was fresh memory the kernel had to
# map every time; smaller blocks are memory the allocator reuses. Measured on the state-year
# sample: inspecting a 206 MiB export took 0.165 s in 4 MiB blocks against 0.50 s, and
# rewriting Windows-1252 ones of 145-201 MiB took 0.7-1.0 s in 1 MiB blocks against 1.6-3.0 s
# (1.1-2.2 s in 4 MiB blocks, whose text is again fresh memory). Inspecting in 1 MiB blocks
# was as fast, but raised the peak of raw and staging of two helpline exports from about
# 1,560 MB to 1,630-1,740 MB (probably because blocks that small come from the heap, which
# the process keeps).
_SCAN_BYTES = 4 << 20
_REWRITE_BYTES = 1 << 20
_OVERFLOW = "_overflow"


def _head(path: Path) -> bytes:
    with path.open("rb") as fh:
        return fh.read(_HEAD_BYTES)


def _contains(path: Path, needle: bytes) -> bool:
    """Whether the file holds ``needle`` (a memchr-speed scan, no decoding)."""
    with path.open("rb") as fh:
        if fh.seek(0, 2) == 0:
            return False
        with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
            return mm.find(needle) != -1


def _inspect_utf8(path: Path) -> tuple[bool, bool]:
    """(valid UTF-8, needs rewriting): NUL bytes, a lone CR, or a BOM after the start.

    Polars ends records at LF only, so a lone CR (old Mac exports, or one stray CR between
    LF lines) would join two records and lose one silently. Two exports pasted into one file
    leave the second's BOM at the start of a line, where it would become part of an id.
    Read in 4 MiB blocks with C-speed scans, validating only blocks that are not ASCII: a
    clean 250 MB export costs about 0.1 s and is then parsed by Polars straight from disk.
    """
    needs_fixing, lone_cr, tail, offset = False, 0, b"", 0
    with path.open("rb") as fh:
        while block := fh.read(_SCAN_BYTES):
            if not block.isascii():
                if missing := _bytes_missing(block):  # the block's end cut a character
                    block += fh.read(missing)
                if not _valid_utf8(block):
                    return False, True
            if not needs_fixing:
                # A byte 0xEF is rare outside a BOM (Devanagari starts 0xE0): looking for it
                # alone first spares the three-byte search most blocks (0.16 s a 250 MB file).
                bom = (
                    b"\xef" in block and block.find(codecs.BOM_UTF8, 3 if offset == 0 else 0) != -1
                )
                at = (tail + block[:2]).find(codecs.BOM_UTF8)  # one cut by the block's start
                straddling = at != -1 and offset - len(tail) + at >= 3
                needs_fixing = b"\x00" in block or bom or straddling
                if b"\r" in block:  # a CRLF split between blocks is no lone CR
                    lone_cr += block.count(b"\r") - block.count(b"\r\n")
                    lone_cr -= tail.endswith(b"\r") and block.startswith(b"\n")
                elif tail.endswith(b"\r") and block.startswith(b"\n"):
                    lone_cr -= 1
            tail, offset = block[-2:], offset + len(block)
    return True, needs_fixing or lone_cr > 0


def _bytes_missing(block: bytes) -> int:
    """How many bytes of its last UTF-8 character ``block`` lacks (0 when it ends whole, or
    with bytes that are no character at all: those are left to validation)."""
    for back in range(1, min(4, len(block)) + 1):
        byte = block[-back]
        if byte < 0x80:
            return 0
        if byte >= 0xC0:  # a lead byte: 110xxxxx, 1110xxxx or 11110xxx
            needs = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            return max(needs - back, 0)
    return 0


def _valid_utf8(data: bytes) -> bool:
    """Whether ``data`` is strict UTF-8 (as Python's codec: no surrogates, no overlong
    forms), checked by Polars' SIMD validation. Python's own decoding built the text of
    every block only to drop it: 0.28 s of a 205 MiB export, against 0.05 s, and it held
    Python's lock while the other source's thread waited."""
    try:
        pl.Series([data], dtype=pl.Binary).cast(pl.String)
    except pl.exceptions.ComputeError:
        return False
    return True


def _clean_copy(path: Path, encoding: str, dest: Path, file: str, skip: int = 0) -> None:
    """Rewrite ``path`` (after its first ``skip`` bytes) as clean UTF-8 into ``dest``, block
    by block: NUL bytes out, every CR, LF or CRLF ends a line, every BOM dropped."""
    decoder = codecs.getincrementaldecoder(encoding)()
    offset, pending_cr = skip, ""
    with path.open("rb") as src, dest.open("wb") as out:
        src.seek(skip)
        while True:
            block = src.read(_REWRITE_BYTES)
            try:
                text = pending_cr + decoder.decode(block, final=not block)
            except UnicodeDecodeError as exc:
                at = offset + exc.start
                raise ExportRejected(
                    file,
                    f"text is neither UTF-8 nor Windows-1252 (byte {at}: {block[exc.start : exc.start + 1]!r})",
                ) from None
            offset += len(block)
            pending_cr = ""
            if block and text.endswith("\r"):  # may pair with an LF in the next block
                text, pending_cr = text[:-1], "\r"
            text = text.replace("\x00", "").replace("\ufeff", "")
            out.write(text.replace("\r\n", "\n").replace("\r", "\n").encode("utf-8"))
            if not block:
                return


def _find_csv_header(text: str, source: Source, file: str) -> tuple[int, list[str]]:
    """(lines up to and including the header, header cells) for the decoded head of a file."""
    reader = csv.reader(io.StringIO(text))
    first: list[str] | None = None
    try:
        for rows, cells in enumerate(reader):
            if rows >= HEADER_SCAN_ROWS:
                break
            if not any(c.strip() for c in cells):
                continue
            if first is None:
                first = cells
            if not _missing_required(cells, source):
                return reader.line_num, cells
    except csv.Error as exc:
        raise ExportRejected(file, f"cannot parse the header: {exc}") from None
    if first is None:
        raise ExportRejected(file, "empty file (no header)")
    raise _reject_missing(first, source, file)


def _encoding(path: Path, head: bytes) -> tuple[str, str | None, int]:
    """(encoding reported, encoding to rewrite from or None when Polars reads the file as it
    is, bytes to skip before rewriting)."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", "utf-16", 0
    valid, needs_fixing = _inspect_utf8(path)
    bom = head.startswith(codecs.BOM_UTF8)
    if not valid:  # a BOM may still stand in front of Windows-1252 bytes
        return "cp1252", "cp1252", len(codecs.BOM_UTF8) if bom else 0
    return ("utf-8-sig" if bom else "utf-8"), ("utf-8" if needs_fixing else None), 0


def _read_csv(path: Path, source: Source, file: str, slice_rows: int | None) -> ExportSlices:
    try:
        head = _head(path)
        size = path.stat().st_size
    except OSError as exc:
        raise ExportRejected(file, f"cannot read the file: {exc.strerror or exc}") from None
    if size == 0 or not head.strip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n"):
        raise ExportRejected(file, "empty file")
    encoding, rewrite_from, skip = _encoding(path, head)
    if rewrite_from is None:
        header_lines, header = _csv_header(path, source, file)
        frames = _csv_frames(path, header_lines, header, source, file, slice_rows)
        return ExportSlices(frames, encoding, None, header_lines)
    workdir = tempfile.TemporaryDirectory(prefix="jansewa-export-")
    try:
        clean = Path(workdir.name) / "export.csv"
        _clean_copy(path, rewrite_from, clean, file, skip)
        header_lines, header = _csv_header(clean, source, file)
    except BaseException:
        workdir.cleanup()
        raise
    frames = _csv_frames(clean, header_lines, header, source, file, slice_rows, workdir)
    return ExportSlices(frames, encoding, None, header_lines)


def _csv_header(path: Path, source: Source, file: str) -> tuple[int, _Header]:
    text = codecs.getincrementaldecoder("utf-8-sig")(errors="replace").decode(
        _head(path), final=False
    )
    header_lines, cells = _find_csv_header(text, source, file)
    return header_lines, _match_header(cells, source, file)


def _csv_frames(
    path: Path,
    header_lines: int,
    header: _Header,
    source: Source,
    file: str,
    slice_rows: int | None,
    workdir: tempfile.TemporaryDirectory | None = None,
) -> Iterator[pl.DataFrame]:
    """The finished frames of the records after the header: one, or one per slice."""
    schema = {name: pl.String for name in [*header.names, _OVERFLOW]}
    extra_cols = [n for n in header.names if n.startswith("_x")] + [_OVERFLOW]
    header.extras[_OVERFLOW] = _OVERFLOW
    header.unnamed.add(_OVERFLOW)
    try:

        def scan(text: Path | bytes, skip_lines: int, first_row: int) -> pl.LazyFrame:
            return pl.scan_csv(
                text,
                has_header=False,
                skip_lines=skip_lines,
                schema=schema,
                missing_columns="insert",
                extra_columns="ignore",
                truncate_ragged_lines=True,
                quote_char='"',
                row_index_name="_row",
                row_index_offset=first_row,
                raise_if_empty=False,
                encoding="utf8",
            )

        def collected() -> Iterator[tuple[pl.DataFrame, bool]]:
            """(frame, whether its values may span lines) for the file whole or per segment."""
            if slice_rows is None:
                yield scan(path, header_lines, 0).collect(), _contains(path, b'"')
                return
            rows = 0
            for text in csv_segments(path, header_lines, slice_rows):
                frame = scan(text, 0, rows).collect()
                spans_lines = values_span_lines(text, frame.height)
                del text  # not held while the caller works on the frame
                rows += frame.height
                yield frame, spans_lines

        carried, yielded = 0, False
        for batch, spans_lines in _polars_errors(collected(), file):
            frame, carried = record_lines(batch, header_lines, spans_lines, carried)
            yielded = True
            yield _finish(frame, header, source, pl.col("_row"), extra_cols)
        if not yielded:
            empty = pl.DataFrame(schema={"_row": pl.Int64, **schema})
            yield _finish(empty, header, source, pl.col("_row"), extra_cols)
    finally:
        if workdir is not None:
            workdir.cleanup()


def _polars_errors(
    batches: Iterator[tuple[pl.DataFrame, bool]], file: str
) -> Iterator[tuple[pl.DataFrame, bool]]:
    """The batches, with Polars' parse errors turned into one-line refusals."""
    iterator = iter(batches)
    while True:
        try:
            batch = next(iterator)
        except StopIteration:
            return
        except pl.exceptions.NoDataError:
            return
        except pl.exceptions.ComputeError as exc:
            message = str(exc).lower()
            if "utf-8" in message or "utf8" in message:
                reason = "cannot parse the CSV: the text is not valid UTF-8"
            else:  # Polars' message quotes the offending text, which may be personal
                reason = "cannot parse the CSV: a quoted value is never closed"
            raise ExportRejected(file, reason) from None
        except pl.exceptions.PolarsError as exc:
            raise ExportRejected(file, f"cannot parse the CSV ({type(exc).__name__})") from None
        yield batch
