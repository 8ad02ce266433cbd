"""Read a CSV export: detect the encoding, repair line endings, find the header, parse.

Encodings: a UTF-8 BOM -> utf-8-sig; a UTF-16 BOM -> decoded as UTF-16 (Excel's "Unicode
text" export); otherwise strict UTF-8, and Windows-1252 when that fails. UTF-8 is read by
Polars straight from the file (it validates the bytes itself); only the other encodings, NUL
bytes (dropped) and old-Mac CR-only line endings go through Python, so a clean 1 GB export
never passes through Python strings.
"""

from __future__ import annotations

import codecs
import csv
import io
import mmap
from pathlib import Path

import polars as pl

from pipelines.ingest.export_frame import (
    HEADER_SCAN_ROWS,
    ExportRejected,
    RawExport,
    _finish,
    _match_header,
    _missing_required,
    _reject_missing,
)
from warehouse.sources import Source

_HEAD_BYTES = 1 << 20
_OVERFLOW = "_overflow"


def _head(path: Path) -> bytes:
    with path.open("rb") as fh:
        return fh.read(_HEAD_BYTES)


def _contains(src: Path | bytes, needle: bytes) -> bool:
    """Whether the file holds ``needle`` (a memchr-speed scan, no decoding)."""
    if isinstance(src, bytes):
        return needle in src
    with src.open("rb") as fh:
        if fh.seek(0, 2) == 0:
            return False
        with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
            return mm.find(needle) != -1


def _decode_all(data: bytes, encoding: str, file: str) -> bytes:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ExportRejected(
            file,
            f"text is neither UTF-8 nor Windows-1252 (byte {exc.start}: {data[exc.start : exc.start + 1]!r})",
        ) from None
    return text.encode("utf-8")


def _fix_bytes(data: bytes) -> bytes:
    """NUL bytes out; every CR, LF or CRLF ends a line; a BOM inside the text is dropped.

    Polars ends records at LF only, so a lone CR (old Mac exports, or one stray CR between
    LF lines) would join two records and lose one silently. Two exports pasted into one file
    leave the second's BOM at the start of a line, where it would become part of an id.
    """
    data = data.replace(b"\x00", b"")
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    head, rest = data[:3], data[3:]
    if codecs.BOM_UTF8 in rest:
        data = head + rest.replace(codecs.BOM_UTF8, b"")
    return data


def _needs_fixing(path: Path) -> bool:
    """Whether the file needs `_fix_bytes`: NUL bytes, a lone CR, or a BOM after the start.

    Read in 64 MiB blocks with C-speed counts, so a clean 1 GB export costs well under a
    second and is then parsed by Polars straight from disk.
    """
    carry = b""
    with path.open("rb") as fh:
        first = True
        while block := fh.read(64 << 20):
            chunk = carry + block
            scan = chunk[3:] if first else chunk
            first = False
            if b"\x00" in block or codecs.BOM_UTF8 in scan:
                return True
            # A CR at the very end may pair with an LF in the next block: decide then.
            body, carry = (chunk[:-1], chunk[-1:]) if chunk.endswith(b"\r") else (chunk, b"")
            if body.count(b"\r") != body.count(b"\r\n"):
                return True
    return carry == b"\r"


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


def _read_csv(path: Path, source: Source, file: str) -> RawExport:
    try:
        head = _head(path)
        size = path.stat().st_size
    except OSError as exc:
        raise ExportRejected(file, f"cannot read the file: {exc.strerror or exc}") from None
    if size == 0 or not head.strip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n"):
        raise ExportRejected(file, "empty file")

    data: bytes | None = None  # set when the bytes went through Python
    if head.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
        data = _fix_bytes(_decode_all(path.read_bytes(), "utf-16", file))
    else:
        encoding = "utf-8"
        try:
            codecs.getincrementaldecoder("utf-8")().decode(head, final=len(head) == size)
        except UnicodeDecodeError:
            encoding = "cp1252"
            data = _fix_bytes(_decode_all(path.read_bytes(), "cp1252", file))
    if data is None and _needs_fixing(path):
        data = _fix_bytes(path.read_bytes())

    try:
        frame, header_line = _parse_csv(data if data is not None else path, source, file)
    except _NotUtf8:
        # Not UTF-8 after all (a BOM may still stand in front of Windows-1252 bytes).
        encoding = "cp1252"
        raw = path.read_bytes().removeprefix(codecs.BOM_UTF8)
        frame, header_line = _parse_csv(_fix_bytes(_decode_all(raw, "cp1252", file)), source, file)
    return RawExport(
        frame=frame, encoding=encoding, sheet=None, header_line=header_line, rows_read=frame.height
    )


class _NotUtf8(Exception):
    pass


def _parse_csv(src: Path | bytes, source: Source, file: str) -> tuple[pl.DataFrame, int]:
    head = src[:_HEAD_BYTES] if isinstance(src, bytes) else _head(src)
    text = codecs.getincrementaldecoder("utf-8-sig")(errors="replace").decode(head, final=False)
    header_lines, cells = _find_csv_header(text, source, file)
    header = _match_header(cells, source, file)
    schema = {name: pl.String for name in [*header.names, _OVERFLOW]}
    try:
        frame = pl.read_csv(
            src,
            has_header=False,
            skip_lines=header_lines,
            schema=schema,
            missing_columns="insert",
            extra_columns="ignore",
            truncate_ragged_lines=True,
            quote_char='"',
            row_index_name="_row",
            raise_if_empty=False,
            encoding="utf8",
        )
    except pl.exceptions.NoDataError:
        frame = pl.DataFrame(schema={"_row": pl.UInt32, **schema})
    except pl.exceptions.ComputeError as exc:
        message = str(exc).lower()
        if "utf-8" in message or "utf8" in message:
            raise _NotUtf8 from None
        # Polars' message quotes the offending text, which may be personal: not repeated.
        raise ExportRejected(file, "cannot parse the CSV: a quoted value is never closed") from None
    except pl.exceptions.PolarsError as exc:
        raise ExportRejected(file, f"cannot parse the CSV ({type(exc).__name__})") from None

    # Line of each record: header lines + 1 + row index, plus the newlines that quoted
    # values of earlier records contained (only possible in a file with quotes).
    line = pl.col("_row").cast(pl.Int64) + (header_lines + 1)
    text_cols = [c for c in frame.columns if c != "_row"]
    if (frame.height and _contains(src, b'"')) and any(
        frame.get_column(c).str.contains("\n", literal=True).any() for c in text_cols
    ):
        newlines = pl.sum_horizontal(
            pl.col(c).str.count_matches("\n", literal=True).fill_null(0) for c in text_cols
        )
        line = line + newlines.cum_sum().shift(1, fill_value=0)
    extra_cols = [n for n in header.names if n.startswith("_x")] + [_OVERFLOW]
    header.extras[_OVERFLOW] = _OVERFLOW
    header.unnamed.add(_OVERFLOW)
    frame = frame.with_columns(line.alias("_row"))
    return _finish(frame, header, source, pl.col("_row"), extra_cols), header_lines
