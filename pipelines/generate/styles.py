"""How one export file looks: format, encoding, date format, header and label spelling.

Real exports differ from file to file (different operators, portals and Excel habits), so
every file gets a style; the plan (plan.py) gives each source a rotation of styles that
together cover every messiness kind of the contract.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

TIMESTAMP_FORMATS = {
    "iso": "%Y-%m-%d %H:%M:%S",  # 2020-05-28 14:03:00
    "dmy_hm": "%d/%m/%Y %H:%M",  # 28/05/2020 14:03
    "dmy_ampm": "%d-%m-%Y %I:%M %p",  # 28-05-2020 02:03 PM
    "dmy": "%d/%m/%Y",  # 28/05/2020 (a timestamp given as a date means midnight)
}
# Date columns (kind "date"): ISO files write 2020-05-28, all others 28/05/2020.
DATE_FORMATS = {"iso": "%Y-%m-%d", "dmy_hm": "%d/%m/%Y", "dmy_ampm": "%d/%m/%Y", "dmy": "%d/%m/%Y"}


@dataclass(frozen=True)
class FileStyle:
    """The look of one export file."""

    fmt: Literal["csv", "xlsx"] = "csv"
    encoding: Literal["utf-8", "utf-8-sig", "cp1252"] = "utf-8"
    dates: Literal["iso", "dmy_hm", "dmy_ampm", "dmy"] = "iso"
    header: Literal["label", "snake", "upper", "dotted", "hyphen", "lower_padded"] = "label"
    districts: Literal["canonical", "messy", "latin"] = "messy"  # latin: no Devanagari (cp1252)
    labels: Literal["en", "hi", "mixed"] = "en"
    xlsx_dates: Literal["cells", "text"] = "text"  # xlsx only: real date cells or text
    extra: str | None = None  # a non-contract column: "Sr No", "Remarks", "UTR No"
    crlf: bool = False
    omit: tuple[str, ...] = ()  # optional contract columns the exporting system lacks

    def __post_init__(self) -> None:
        if self.encoding == "cp1252" and (self.districts == "messy" or self.labels != "en"):
            raise ValueError("a Windows-1252 file cannot hold Devanagari districts or Hindi labels")

    @property
    def extra_column(self) -> str | None:
        """The non-contract column: as set, or a Remarks column that Windows-1252 files carry
        (with en dashes, a character only cp1252 holds among the single-byte encodings)."""
        return self.extra or ("Remarks" if self.encoding == "cp1252" else None)

    @property
    def describe(self) -> str:
        if self.fmt == "xlsx":
            return f"xlsx (dates as {'date cells' if self.xlsx_dates == 'cells' else self.dates + ' text'})"
        return f"csv {self.encoding} dates={self.dates}"


def header_variant(header: str, style: str, index: int) -> str:
    """A spelling of a contract header that header matching still accepts."""
    if style == "snake":
        return header.lower().replace(" ", "_")
    if style == "upper":
        return header.upper()
    if style == "dotted":
        return header.replace(" ", ".")
    if style == "hyphen":
        return header.replace(" ", "-")
    if style == "lower_padded":
        return f" {header.lower()}  " if index % 3 == 1 else header.lower()
    return header
