"""What several `jansewa` sub-commands accept alike: the value types that turn a typed word
into a date, month, duration or seed (or a one-line error), and the --warehouse option.
"""

from __future__ import annotations

import argparse
import datetime as dt


def date_value(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def month_value(value: str) -> str:
    try:
        dt.datetime.strptime(value, "%Y-%m")
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a month (YYYY-MM): {value!r}") from None
    return value


def seconds_value(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {value!r}") from None
    if seconds < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more: {value!r}")
    return seconds


def seed_value(value: str) -> int:
    try:
        seed = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if seed < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more: {value!r}")
    return seed


def add_warehouse_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--warehouse",
        metavar="PATH",
        help="the pipeline's DuckDB file; readers open the snapshot published beside it "
        "(default: $JANSEWA_WAREHOUSE or data/warehouse/jansewa.duckdb)",
    )
