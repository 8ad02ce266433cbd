"""The messiness a generated file's rows get on their way in: bad rows, rendering in the
file's style, damage, exact duplicates, an extra column, and the wrong labels of an earlier
version of re-exported records. Kept apart from the run, which decides which records go to
which file.
"""

from __future__ import annotations

from types import ModuleType

import numpy as np
import polars as pl

from pipelines.generate import fakes, messiness
from pipelines.generate.families.base import IdCounter
from pipelines.generate.render import render
from pipelines.generate.summary import FileRecord
from pipelines.generate.writers import written_columns
from warehouse.sources import SOURCES

BAD_RATE = 0.005  # per bad-row kind, of a batch's valid rows
DUPLICATE_RATE = 0.003
CORRECTION_RATE = 0.04  # re-exported records whose earlier version had a wrong label


def write(
    sink,
    record: FileRecord,
    typed: pl.DataFrame,
    rng: np.random.Generator,
    ids: IdCounter | None,
    first: bool,
) -> None:
    """Bad rows (regular files only), render, damage, duplicates, extra column, append."""
    source = record.source
    spec = SOURCES[source]
    typed = typed.select([c.name for c in spec.columns]).with_columns(
        _bad=pl.lit(None, dtype=pl.String)
    )
    if ids is not None:
        counts = messiness.bad_counts(source, typed.height, BAD_RATE, rng, force=first)
        if sink.style.fmt == "xlsx" and sink.style.xlsx_dates == "cells":
            counts.pop("unparseable_date")  # a date cell holds a date: no broken text there
        bad = messiness.bad_rows(typed.drop("_bad"), source, counts, rng, ids)
        typed = pl.concat([typed, bad.select(typed.columns)])
    typed = typed.sort(spec.event_time, maintain_order=True).with_row_index("_pos")
    text = messiness.damage(render(typed, source, sink.style, rng), source, rng)
    if ids is not None:
        dups = messiness.exact_duplicates(text, DUPLICATE_RATE, rng)
        text = pl.concat([text, dups]).sort("_pos", maintain_order=True)
        record.duplicates += dups.height
        for kind, n in text["_bad"].drop_nulls().value_counts().iter_rows():
            record.bad[kind] = record.bad.get(kind, 0) + n
    unwritten = {c.name for c in spec.columns} - {
        c.name for c in written_columns(source, sink.style)
    }
    text = _extra_column(text.drop("_pos", "_bad", *sorted(unwritten)), sink, rng)
    sink.append(text)
    record.rows = sink.rows


def correct_labels(frame: pl.DataFrame, fam: ModuleType, rng: np.random.Generator) -> pl.DataFrame:
    """An earlier export got some labels wrong; the re-export carries the right ones."""
    col = getattr(fam, "CORRECTABLE", None)
    if not col or frame.height == 0:
        return frame
    keys = list(SOURCES[fam.SOURCE].column(col).labels)
    wrong = pl.Series(
        np.asarray(keys, dtype=object)[rng.integers(0, len(keys), frame.height)], dtype=pl.String
    )
    hit = pl.Series(rng.random(frame.height) < CORRECTION_RATE)
    return frame.with_columns(
        pl.when(pl.lit(hit) & pl.col(col).is_not_null())
        .then(pl.lit(wrong))
        .otherwise(pl.col(col))
        .alias(col)
    )


def _extra_column(text: pl.DataFrame, sink, rng: np.random.Generator) -> pl.DataFrame:
    extra = sink.style.extra_column
    n = text.height
    if extra == "Sr No":
        serial = pl.Series(np.arange(sink.rows + 1, sink.rows + n + 1)).cast(pl.String)
        return text.select(pl.lit(serial).alias("_sr"), pl.all())
    if extra == "Remarks":
        r = rng.random(n)
        if sink.style.encoding == "cp1252":
            notes = np.where(
                r < 0.03, "Verified \u2013 OK", np.where(r < 0.05, "Call back \u2013 no answer", "")
            )
        else:
            notes = np.where(r < 0.06, "record corrected", "")
        return text.with_columns(_remarks=pl.lit(pl.Series(notes, dtype=pl.String)))
    if extra == "UTR No":
        utr = fakes.codes(rng, n, 12)
        return text.with_columns(
            _utr=pl.when(pl.col("paid_on") != "").then(pl.lit(utr)).otherwise(pl.lit(""))
        )
    return text
