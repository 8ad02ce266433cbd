"""Rule 2 of the cleaning (pipelines/ingest/clean.py): the problems a row can have, checked
column by column on its typed values, in the order that picks the one reason it is
quarantined for. Kept apart so the list of reasons and its order can be read in one place.
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from warehouse.sources import EARLIEST_DATE, Column, Source

REASONS: tuple[str, ...] = (
    "missing required value",
    "unknown district",
    "unparseable date",
    "date out of range",
    "unparseable number",
    "out of range number",
    "unknown value",
    "times run backwards",
    "conflicting duplicate id",
)

_INT32 = (-(2**31), 2**31 - 1)


def typed_column(name: str) -> str:
    return f"__typed_{name}"


def problems_of(source: Source, today: date) -> list[tuple[str, str, pl.Expr, pl.Expr]]:
    """(reason, column, condition, detail) in the order that picks a row's one reason."""
    cols = source.columns
    raw = pl.col
    typed = [(c, pl.col(typed_column(c.name))) for c in cols]
    earliest = pl.lit(date.fromisoformat(EARLIEST_DATE))
    latest = pl.lit(today + timedelta(days=1))

    def failed(c: Column, t: pl.Expr) -> pl.Expr:
        return raw(c.name).is_not_null() & t.is_null()

    def as_date(c: Column, t: pl.Expr) -> pl.Expr:
        return t if c.kind == "date" else t.dt.date()

    def out_of_range(c: Column, t: pl.Expr) -> pl.Expr:
        low, high = c.range
        if c.kind == "int":
            low = _INT32[0] if low is None else max(low, _INT32[0])
            high = _INT32[1] if high is None else min(high, _INT32[1])
        cond = pl.lit(False)
        if low is not None:
            cond = cond | (t < low)
        if high is not None:
            cond = cond | (t > high)
        return cond.fill_null(False)

    found: list[tuple[str, str, pl.Expr, pl.Expr]] = []
    add = found.append
    for c, _ in typed:
        if c.required:
            add(("missing required value", c.name, raw(c.name).is_null(), pl.lit(None, pl.String)))
    for c, t in typed:
        if c.kind == "district":
            add(("unknown district", c.name, failed(c, t), raw(c.name)))
    for c, t in typed:
        if c.kind in ("date", "timestamp"):
            add(("unparseable date", c.name, failed(c, t), raw(c.name)))
    for c, t in typed:
        if c.kind in ("date", "timestamp"):
            d = as_date(c, t)
            add(
                (
                    "date out of range",
                    c.name,
                    ((d < earliest) | (d > latest)).fill_null(False),
                    raw(c.name),
                )
            )
    for c, t in typed:
        if c.kind in ("int", "number"):
            add(("unparseable number", c.name, failed(c, t), raw(c.name)))
    for c, t in typed:
        if c.kind in ("int", "number"):
            add(("out of range number", c.name, out_of_range(c, t), raw(c.name)))
    for c, t in typed:
        if c.kind in ("label", "flag"):
            add(("unknown value", c.name, failed(c, t), raw(c.name)))
    for earlier, later in source.ordering:
        ce, cl = source.column(earlier), source.column(later)
        te, tl = pl.col(typed_column(earlier)), pl.col(typed_column(later))
        if ce.kind == "date" or cl.kind == "date":
            te, tl = as_date(ce, te), as_date(cl, tl)
        detail = pl.format(
            "{} {} is before {} {}", pl.lit(later), raw(later), pl.lit(earlier), raw(earlier)
        )
        add(("times run backwards", later, (tl < te).fill_null(False), detail))
    add(("conflicting duplicate id", source.key, pl.col("__conflict"), raw(source.key)))
    return found


def first_problem(problems: list[tuple[str, str, pl.Expr, pl.Expr]]) -> pl.Expr:
    """Index (into ``problems``) of a row's first problem, null when it has none."""
    expr: pl.Expr | pl.When | pl.Then = pl
    for index, problem in enumerate(problems):
        expr = expr.when(problem[2]).then(pl.lit(index, pl.UInt16))  # type: ignore[union-attr]
    return expr.otherwise(pl.lit(None, pl.UInt16))  # type: ignore[union-attr]


def problem_detail(problems: list[tuple[str, str, pl.Expr, pl.Expr]]) -> pl.Expr:
    expr: pl.Expr | pl.When | pl.Then = pl
    for index, problem in enumerate(problems):
        expr = expr.when(pl.col("__problem") == index).then(problem[3])  # type: ignore[union-attr]
    return expr.otherwise(pl.lit(None, pl.String))  # type: ignore[union-attr]
