"""What both readers share: the refusal, the result, header matching and the frame's shape.

The CSV and Excel readers differ in how they find the header row and the records; once the
header cells are known both name the columns the same way (``_match_header``) and finish the
frame the same way (``_finish``), so a column means the same whatever file type carried it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import polars as pl

from pipelines.ingest.pii import looks_personal
from warehouse.sources import Source, header_key

HEADER_SCAN_ROWS = 50  # title rows allowed above the header (Excel, and CSV for symmetry)


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


@dataclass
class ExportSlices:
    """An export being read: its frames (each shaped like ``RawExport.frame``, in file
    order, at least one) come as they are parsed, so a big file is never held whole."""

    frames: Iterator[pl.DataFrame]
    encoding: str
    sheet: str | None
    header_line: int


# ---------------------------------------------------------------- header matching


@dataclass
class _Header:
    names: list[str]  # frame column name per file column: contract name or a private name
    extras: dict[str, str]  # private name -> the header text as written (made unique)
    unnamed: set[str]  # private names of columns without a header (dropped when empty)


def _header_lookup(source: Source) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for col in source.read_columns:  # a derived key is built at staging, never read
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
