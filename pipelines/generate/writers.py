"""Export writers: CSV (UTF-8, UTF-8 with BOM, Windows-1252) and Excel, appended chunk by chunk.

A sink is opened once per file and receives rendered chunks, so a state-year file is
streamed to disk without holding it in memory. Excel files carry a title row and a blank row
above the header, as portal downloads do, and either real date cells or dates as text.
Bytes are reproducible: the workbook's creation time is fixed and xlsxwriter stamps its zip
entries with a fixed 1980 date. File modified times are set by the runner (``set_mtime``).
"""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path

import polars as pl
import xlsxwriter

from pipelines.generate.styles import FileStyle, header_variant
from warehouse.sources import SOURCES, Column

IST = dt.timezone(dt.timedelta(hours=5, minutes=30), "IST")
FIXED_CREATED = dt.datetime(2020, 1, 1, 0, 0, 0)


def written_columns(source: str, style: FileStyle) -> list[Column]:
    """The contract columns a file of this style carries: not a derived key (staging builds
    it), nor the optional columns the style's exporting system lacks."""
    return [c for c in SOURCES[source].read_columns if c.name not in style.omit]


def headers(source: str, style: FileStyle) -> list[str]:
    cols = [
        header_variant(c.header, style.header, i)
        for i, c in enumerate(written_columns(source, style))
    ]
    return (
        [style.extra, *cols]
        if style.extra == "Sr No"
        else cols + ([style.extra] if style.extra else [])
    )


class CsvSink:
    """A CSV export written in appended chunks, in the style's encoding and line ending."""

    def __init__(self, path: Path, source: str, style: FileStyle) -> None:
        self.path, self.source, self.style, self.rows = path, source, style, 0
        path.parent.mkdir(parents=True, exist_ok=True)
        self._fh = path.open("wb")
        self._eol = "\r\n" if style.crlf else "\n"
        head = ",".join(headers(source, style)) + self._eol
        self._fh.write(self._encode(head))

    def _encode(self, text: str) -> bytes:
        if self.style.encoding == "cp1252":
            return text.encode("cp1252")  # raises if a non-cp1252 character slipped in
        prefix = "\ufeff" if self.style.encoding == "utf-8-sig" and self._fh.tell() == 0 else ""
        return (prefix + text).encode("utf-8")

    def append(self, text: pl.DataFrame) -> None:
        if text.height == 0:
            return
        buf = io.BytesIO()
        text.write_csv(buf, include_header=False, line_terminator=self._eol, null_value="")
        data = buf.getvalue()
        self._fh.write(
            data.decode("utf-8").encode("cp1252") if self.style.encoding == "cp1252" else data
        )
        self.rows += text.height

    def close(self) -> None:
        self._fh.close()


class XlsxSink:
    """An Excel export: title row, blank row, header, then data; dates as cells or text."""

    def __init__(self, path: Path, source: str, style: FileStyle, title: str) -> None:
        self.path, self.source, self.style, self.rows = path, source, style, 0
        path.parent.mkdir(parents=True, exist_ok=True)
        self._wb = xlsxwriter.Workbook(
            str(path),
            {
                "constant_memory": True,
                "strings_to_numbers": False,
                "strings_to_urls": False,
                "strings_to_formulas": False,
            },
        )
        self._wb.set_properties(
            {"created": FIXED_CREATED, "author": "SARAL Haryana", "title": title}
        )
        self._ws = self._wb.add_worksheet("Report")
        bold = self._wb.add_format({"bold": True})
        self._ts_fmt = self._wb.add_format({"num_format": "dd/mm/yyyy hh:mm"})
        self._date_fmt = self._wb.add_format({"num_format": "dd/mm/yyyy"})
        self._ws.write_string(0, 0, title, bold)
        self._ws.write_row(2, 0, headers(source, style), bold)
        self._next = 3
        self._kinds = [c.kind for c in written_columns(source, style)]
        if style.extra_column == "Sr No":
            self._kinds = ["serial", *self._kinds]
        elif style.extra_column:
            self._kinds = [*self._kinds, "text"]

    def _cell(self, row: int, col: int, kind: str, value: str | None) -> None:
        ws = self._ws
        if value is None or value == "":
            return
        if self.style.xlsx_dates == "cells" and kind in ("timestamp", "date"):
            try:
                if kind == "timestamp":
                    ws.write_datetime(row, col, dt.datetime.fromisoformat(value), self._ts_fmt)
                else:
                    ws.write_datetime(row, col, dt.date.fromisoformat(value), self._date_fmt)
                return
            except ValueError:
                pass  # a broken date stays text, as Excel would show it
        if kind in ("int", "number", "serial"):
            try:
                ws.write_number(row, col, float(value))
                return
            except ValueError:
                pass
        ws.write_string(row, col, value)

    def append(self, text: pl.DataFrame) -> None:
        kinds = self._kinds
        for values in text.iter_rows():
            row = self._next
            for col, (kind, value) in enumerate(zip(kinds, values, strict=True)):
                self._cell(row, col, kind, value)
            self._next += 1
        self.rows += text.height

    def close(self) -> None:
        self._wb.close()


def set_mtime(path: Path, when: dt.datetime) -> None:
    """The export's own time (IST) as the file's modified time: newest export wins by it."""
    stamp = when.replace(tzinfo=IST).timestamp()
    os.utime(path, (stamp, stamp))
