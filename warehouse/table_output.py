"""Tables printed by `jansewa kpis`, `scorecard` and `cases`: CSV with a header, or JSON records.

Two writers, one format. ``write_table`` prints a Polars frame (the scorecard and the case
lists, which are frames already). ``write_rows`` prints rows fetched from DuckDB as Python
values, for `jansewa kpis`, which thereby never imports Polars and pyarrow (about 0.17 s of
a command that has 0.5 s). ``write_rows`` writes what Polars' writers write, byte for byte:
dates as ISO text, booleans as true / false, a null as an empty field (JSON null), an empty
text as "" (so that it stays apart from a null), RFC 4180 quoting, and floats as Polars
prints them (Python's shortest round-trip digits, but decimal notation down to 1e-5 and
exponents without padding). tests/warehouse/test_table_output.py holds it to Polars.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal, TextIO

if TYPE_CHECKING:
    import polars as pl

FORMATS = ("csv", "json")


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: expected csv or json")


def write_table(frame: pl.DataFrame, fmt: Literal["csv", "json"], stream: TextIO) -> None:
    """Write a frame as CSV (with header) or JSON (a list of records); dates as ISO strings."""
    import polars as pl

    _check_format(fmt)
    temporal = [name for name, dtype in frame.schema.items() if dtype.is_temporal()]
    if temporal:
        frame = frame.with_columns(pl.col(temporal).cast(pl.String))
    if fmt == "csv":
        stream.write(frame.write_csv())
    else:
        stream.write(frame.write_json())
        stream.write("\n")


def float_text(value: float) -> str:
    """A float as Polars writes it: repr's digits, decimal from 1e-5 up to 1e16, 'e-7' exponents."""
    if math.isnan(value):
        return "NaN"
    text = repr(value)
    if "e" not in text:
        return text
    mantissa, exponent = text.split("e")
    power = int(exponent)
    if power == -5:  # repr switches to an exponent one power earlier than Polars does
        sign = "-" if mantissa.startswith("-") else ""
        return f"{sign}0.0000{mantissa.lstrip('-').replace('.', '')}"
    return f"{mantissa}e{'+' if power > 0 else '-'}{abs(power)}"


def _csv_field(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return float_text(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    text = str(value)
    if text == "" or any(c in text for c in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _json_field(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return float_text(value) if math.isfinite(value) else "null"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date | dt.datetime):
        value = value.isoformat()
    return json.dumps(str(value), ensure_ascii=False)


def write_rows(
    columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str, stream: TextIO
) -> None:
    """Write rows of Python values as ``write_table`` writes the same frame (see above)."""
    _check_format(fmt)
    if fmt == "csv":
        lines = [",".join(_csv_field(name) for name in columns)]
        lines += [",".join(_csv_field(value) for value in row) for row in rows]
        stream.write("\n".join(lines) + "\n")
        return
    names = [json.dumps(name, ensure_ascii=False) + ":" for name in columns]
    records = (
        "{" + ",".join(n + _json_field(v) for n, v in zip(names, row, strict=True)) + "}"
        for row in rows
    )
    stream.write("[" + ",".join(records) + "]\n")
