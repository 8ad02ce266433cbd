"""A few examples of the rows that break an expectation, as text that names ids, districts,
files and lines: never a personal value, since the examples are stored and shown.
"""

from __future__ import annotations

from typing import Any

from warehouse.sources import Source

N_EXAMPLES = 5


def staging_table(source: Source) -> str:
    return f"stg_{source.name}"


def _is_personal(source: Source, column: str | None) -> bool:
    return column is not None and column in {c.name for c in source.personal}


def _fmt(value: Any) -> str:
    return "null" if value is None else str(value)


def row_text(source: Source, row: dict[str, Any]) -> str:
    """'call_id=C1 district=Ambala file=a.csv:12' with personal columns left out."""
    parts = []
    for key, value in row.items():
        if _is_personal(source, key):
            continue
        if key == "_file":
            parts.append(f"file={_fmt(value)}:{_fmt(row.get('_line'))}")
        elif key != "_line":
            parts.append(f"{key}={_fmt(value)}")
    return " ".join(parts)


def _query_examples(engine: Any, source: Source, sql: str) -> list[str]:
    """The first few rows of a rule-breaking query, read while the connection is open."""
    import sqlalchemy as sa

    with engine.connect() as con:
        rows = con.execute(sa.text(f"select * from ({sql}) as bad limit {N_EXAMPLES}")).mappings()
        return [row_text(source, dict(r)) for r in rows.fetchall()]


def breaking_rows(engine: Any, source: Source, kwargs: dict[str, Any], result: dict) -> list[str]:
    column = kwargs.get("column")
    if "unexpected_rows_query" in kwargs:
        sql = kwargs["unexpected_rows_query"].replace("{batch}", staging_table(source))
        return _query_examples(engine, source, sql)
    if column is not None and "partial_unexpected_list" in result:
        values = result.get("partial_unexpected_list") or []
        if _is_personal(source, column) or all(v is None for v in values):
            # Nothing to show by value (nulls, or hashes never sampled): show which rows.
            key = source.column(source.key)
            ids = "" if key.kind == "pii" else f"{key.name}, "
            sql = f"select {ids}district, _file, _line from {staging_table(source)} where {column} is null"
            return _query_examples(engine, source, sql) if None in values else []
        return list(dict.fromkeys(_fmt(v) for v in values))[:N_EXAMPLES]
    return []
