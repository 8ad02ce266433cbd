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

import codecs
import csv
import io
import mmap
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipelines.ingest.pii import looks_personal
from warehouse.sources import Source, header_key

HEADER_SCAN_ROWS = 50  # title rows allowed above the header (Excel, and CSV for symmetry)
_HEAD_BYTES = 1 << 20
_OVERFLOW = "_overflow"


class ExportRejected(Exception):
    """A whole file refused: ``str()`` names the file and the reason."""

    def __init__(self, file: str, reason: str) -> None:
        super().__init__(f"{file}: {reason}")
        self.file = file
        self.reason = reason


@dataclass
class RawExport:
    frame: pl.DataFrame
    encoding: str  # utf-8 | utf-8-sig | cp1252 | utf-16 | xlsx
    sheet: str | None  # the sheet read (Excel), else None
    header_line: int  # 1-based line (CSV) or sheet row (Excel) of the header
    rows_read: int  # records in the file (blank lines excluded) == frame.height


def read_export(path: Path, source: Source, display_name: str | None = None) -> RawExport:
    """Read an export file of ``source`` (see module docstring); raises ExportRejected."""
    path = Path(path)
    name = display_name or str(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(path, source, name)
    if suffix == ".xlsx":
        return _read_xlsx(path, source, name)
    raise ExportRejected(
        name, f"unsupported file type {path.suffix or '(none)'!r}: expected .csv or .xlsx"
    )


# ---------------------------------------------------------------- header matching


@dataclass
class _Header:
    names: list[str]  # frame column name per file column: contract name or a private name
    extras: dict[str, str]  # private name -> the header text as written (made unique)
    unnamed: set[str]  # private names of columns without a header (dropped when empty)


def _header_lookup(source: Source) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for col in source.columns:
        lookup[header_key(col.header)] = col.name
        lookup[header_key(col.name)] = col.name
    return lookup


def _missing_required(cells: list[str], source: Source) -> list[str]:
    lookup = _header_lookup(source)
    found = {lookup.get(header_key(c)) for c in cells if c is not None}
    return [c.header for c in source.required if c.name not in found]


def _match_header(cells: list[str | None], source: Source, file: str) -> _Header:
    lookup = _header_lookup(source)
    names: list[str] = []
    extras: dict[str, str] = {}
    seen: dict[str, str] = {}
    used_extra: set[str] = set()
    unnamed: set[str] = set()
    for i, cell in enumerate(cells):
        text = (cell or "").strip()
        name = lookup.get(header_key(text)) if text else None
        if name is not None:
            if name in seen:
                raise ExportRejected(
                    file,
                    f"column {source.column(name).header!r} appears twice ({seen[name]!r} and {text!r})",
                )
            seen[name] = text
            names.append(name)
            continue
        private = f"_x{i}"
        # A header cell is normally a label; one that holds a phone number or an e-mail
        # (a note typed into the header row) is not kept as the JSON key of its values.
        label = text if text and not looks_personal(text) else f"column_{i + 1}"
        if not text:
            unnamed.add(private)
        base, n = label, 2
        while label in used_extra:
            label, n = f"{base}_{n}", n + 1
        used_extra.add(label)
        names.append(private)
        extras[private] = label
    return _Header(names, extras, unnamed)


def _reject_missing(cells: list[str], source: Source, file: str) -> ExportRejected:
    missing = _missing_required(cells, source)
    hint = ""
    joined = ",".join(c or "" for c in cells)
    for delim, label in ((";", "';'"), ("\t", "tab"), ("|", "'|'")):
        if delim in joined and not _missing_required(joined.split(delim), source):
            hint = f" (the header seems to be {label}-separated; exports must use ',')"
            break
    cols = ", ".join(repr(m) for m in missing)
    word = "column" if len(missing) == 1 else "columns"
    return ExportRejected(file, f"missing required {word} {cols}{hint}")


# ---------------------------------------------------------------- shaping the frame


def _finish(
    frame: pl.DataFrame, header: _Header, source: Source, line: pl.Expr, extra_cols: list[str]
) -> pl.DataFrame:
    """Trim, drop blank records, add absent contract columns, `_line` and `_extra`."""
    data_cols = [c for c in frame.columns if c != "_row"]
    frame = frame.with_columns(
        pl.col(c).cast(pl.String).str.strip_chars().replace("", None) for c in data_cols
    )
    frame = frame.filter(pl.any_horizontal(pl.col(c).is_not_null() for c in data_cols))
    # Unnamed columns that hold nothing (a trailing comma) are not worth an _extra key.
    extra_cols = [
        c
        for c in extra_cols
        if not (c in header.unnamed and frame.get_column(c).null_count() == frame.height)
    ]
    if extra_cols:
        labels = {c: header.extras.get(c, c) for c in extra_cols}
        extra = pl.struct([pl.col(c).alias(labels[c]) for c in extra_cols]).struct.json_encode()
    else:
        extra = pl.lit(None, dtype=pl.String)
    present = set(frame.columns)
    contract = [
        pl.col(c.name) if c.name in present else pl.lit(None, dtype=pl.String).alias(c.name)
        for c in source.columns
    ]
    return frame.select(*contract, line.cast(pl.Int64).alias("_line"), extra.alias("_extra"))


# ---------------------------------------------------------------- CSV


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


# ---------------------------------------------------------------- Excel


def _read_xlsx(path: Path, source: Source, file: str) -> RawExport:
    import fastexcel  # calamine; never openpyxl (25x slower on big sheets)

    try:
        reader = fastexcel.read_excel(path)
        sheet_names = list(reader.sheet_names)
    except Exception as exc:  # fastexcel raises its own error types for corrupt files
        raise ExportRejected(file, f"cannot open the Excel file: {_first_line(exc)}") from None
    first_cells: list[str] | None = None
    for index, sheet_name in enumerate(sheet_names):
        try:
            sheet = reader.load_sheet(index, header_row=None, skip_rows=0, dtypes="string")
            grid = sheet.to_polars()
        except Exception as exc:
            raise ExportRejected(
                file, f"cannot read sheet {sheet_name!r}: {_first_line(exc)}"
            ) from None
        if grid.width == 0:
            continue
        head = grid.head(HEADER_SCAN_ROWS + 1).rows()
        for row_index, row in enumerate(head):
            cells = [c if c is not None else "" for c in row]
            if not any(c.strip() for c in cells):
                continue
            if first_cells is None:
                first_cells = cells
            if _missing_required(cells, source):
                continue
            header = _match_header(cells, source, file)
            body = grid.slice(row_index + 1).rename(
                dict(zip(grid.columns, header.names, strict=True))
            )
            body = body.with_row_index("_row", offset=row_index + 2)  # 1-based sheet row
            extra_cols = [n for n in header.names if n.startswith("_x")]
            frame = _finish(body, header, source, pl.col("_row"), extra_cols)
            return RawExport(
                frame=frame,
                encoding="xlsx",
                sheet=sheet_name,
                header_line=row_index + 1,
                rows_read=frame.height,
            )
    if first_cells is None:
        raise ExportRejected(file, "empty workbook (no header in any sheet)")
    raise _reject_missing(first_cells, source, file)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
