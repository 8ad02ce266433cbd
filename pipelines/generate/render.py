"""Typed records -> the text an export file holds, in a file's style.

District spellings (aliases, old names, upper case, trailing spaces, Devanagari), English
or Hindi labels and the date format are applied here, vectorised with Polars, so the
family generators only ever deal with canonical, typed values.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import polars as pl

from pipelines.generate.styles import DATE_FORMATS, TIMESTAMP_FORMATS, FileStyle
from warehouse.districts import districts
from warehouse.sources import SOURCES, YES_NO, Column

SLOTS = 20  # spelling slots per district: 13 canonical, 3 alias, 1 each of the others


def _ascii(text: str) -> bool:
    return all(ord(ch) < 128 for ch in text)


@cache
def district_spellings(style: str) -> dict[str, str]:
    """'<district>|<slot>' -> spelling, for a random slot per row."""
    table: dict[str, str] = {}
    for d in districts():
        aliases = [a for a in d.aliases if style == "messy" or _ascii(a)] or [d.name.upper()]
        spellings = [d.name] * 13 + [aliases[i % len(aliases)] for i in range(3)]
        devanagari = d.name_hi if style == "messy" else f"{d.name}  "
        spellings += [d.name.upper(), f"{d.name} ", devanagari, d.name.lower()]
        for slot, spelling in enumerate(spellings):
            table[f"{d.name}|{slot}"] = spelling
    return table


def _hindi(spellings: tuple[str, ...]) -> str:
    return next((s for s in spellings if not _ascii(s)), spellings[0])


def _label(col: Column, style: FileStyle, rng: np.random.Generator, n: int) -> pl.Expr:
    labels = col.labels
    english = {k: v[0] for k, v in labels.items()}
    if style.labels == "en":
        return pl.col(col.name).replace_strict(
            english, default=pl.col(col.name), return_dtype=pl.String
        )
    hindi = {k: _hindi(v) for k, v in labels.items()}
    if style.labels == "hi":
        return pl.col(col.name).replace_strict(
            hindi, default=pl.col(col.name), return_dtype=pl.String
        )
    # mixed: any accepted spelling, per row
    width = max(len(v) for v in labels.values())
    table = {f"{k}|{i}": v[i % len(v)] for k, v in labels.items() for i in range(width)}
    slot = pl.Series(rng.integers(0, width, n)).cast(pl.String)
    key = pl.concat_str(pl.col(col.name), pl.lit("|"), pl.lit(slot))
    return (
        pl.when(pl.col(col.name).is_null())
        .then(None)
        .otherwise(key.replace_strict(table, default=pl.col(col.name), return_dtype=pl.String))
    )


def _flag(col: Column, style: FileStyle) -> pl.Expr:
    yes, no = (YES_NO["true"][0], YES_NO["false"][0])
    if style.labels == "hi":
        yes, no = _hindi(YES_NO["true"]), _hindi(YES_NO["false"])
    return (
        pl.when(pl.col(col.name))
        .then(pl.lit(yes))
        .when(pl.col(col.name).is_not_null())
        .then(pl.lit(no))
    )


def render(
    frame: pl.DataFrame, source: str, style: FileStyle, rng: np.random.Generator
) -> pl.DataFrame:
    """Every contract column as text (null = empty cell); helper columns pass through."""
    spec = SOURCES[source]
    n = frame.height
    dates = "iso" if style.fmt == "xlsx" and style.xlsx_dates == "cells" else style.dates
    exprs = []
    for col in spec.columns:
        c = pl.col(col.name)
        if col.kind == "district":
            if style.districts == "canonical":
                e = c
            else:
                slot = pl.lit(pl.Series(rng.integers(0, SLOTS, n)).cast(pl.String))
                e = pl.concat_str(c, pl.lit("|"), slot).replace_strict(
                    district_spellings(style.districts), default=c, return_dtype=pl.String
                )
        elif col.kind == "timestamp":
            e = c.dt.strftime(TIMESTAMP_FORMATS[dates])
        elif col.kind == "date":
            e = c.dt.strftime(DATE_FORMATS[dates])
        elif col.kind == "label":
            e = _label(col, style, rng, n)
        elif col.kind == "flag":
            e = _flag(col, style)
        elif col.kind == "number":
            e = (
                pl.when(c == c.round())
                .then(c.cast(pl.Int64).cast(pl.String))
                .otherwise(c.cast(pl.String))
            )
        else:
            e = c.cast(pl.String)
        exprs.append(e.alias(col.name))
    helpers = [name for name in frame.columns if name.startswith("_")]
    return frame.select(*exprs, *helpers)
