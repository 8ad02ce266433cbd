"""Read an .xlsx export with calamine (fastexcel): the first sheet holding the header wins."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import polars as pl

from pipelines.ingest.export_frame import (
    HEADER_SCAN_ROWS,
    ExportRejected,
    ExportSlices,
    _finish,
    _match_header,
    _missing_required,
    _reject_missing,
)
from warehouse.sources import Source


def _read_xlsx(path: Path, source: Source, file: str, slice_rows: int | None) -> ExportSlices:
    """The sheet is read whole (calamine reads no less); only hashing and inserting go by
    slice, so they hold a slice's copies at a time."""
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
            return ExportSlices(_slices(frame, slice_rows), "xlsx", sheet_name, row_index + 1)
    if first_cells is None:
        raise ExportRejected(file, "empty workbook (no header in any sheet)")
    raise _reject_missing(first_cells, source, file)


def _slices(frame: pl.DataFrame, rows: int | None) -> Iterator[pl.DataFrame]:
    if rows is None or frame.height <= rows:
        yield frame
        return
    for offset in range(0, frame.height, rows):
        yield frame.slice(offset, rows)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
