"""Which partitions a moved as-of date changes, and which partitioned models it changes at all.

Two intermediate views age pending records to their source's as-of date (ref_as_of), and a
day's refresh moves that date. Their flags then change for records across the history --
a grievance crosses 30 days pending a month after it arrived -- so the partitioned marts
that read those flags rebuild from a month back (warehouse/partitioned_build.py). Those
that read only the sources' other columns need not: the durations the medians are taken
over, the staged records per day, the counter-service waiting times. Reading a source is
not enough to be aged by its as-of date; reading one of the columns the date sets is.

A model counts as aged when its SQL (comments aside), or that of an intermediate view it
reads, names one of those columns or selects every column (``*``, ``alias.*``) from where
they could come; counting a model as aged when it is not costs a longer rebuild, never a
wrong row. The incremental build is compared with a full one, table by table, after a
moved as-of date (tests/warehouse/test_partitioned_build.py).
"""

from __future__ import annotations

import re
from functools import cache

from warehouse.model_files import INTERMEDIATE_MODELS, model_sql
from warehouse.model_graph import models_read

# Per staging table: the earliest event day of a record whose flags differ between as-of
# dates $low < $high. The pass, appointment and e-Office views age records too, but only for
# their case lists, which are rebuilt whole: no partitioned mart reads those columns.
#   grievances: pending over 30 days = as_of - day > 30, which changes for a pending record
#     when low - 30 <= day < high - 30;
#   counter service: overdue = pending and as_of > due_on, which changes when
#     low <= due_on < high.
AS_OF_MOVES: dict[str, str] = {
    "stg_grievances": """
        select min(day) from int_grievances_status
        where is_pending and day >= $low::date - 30 and day < $high::date - 30
    """,
    "stg_service_transactions": """
        select min(day) from int_service_transactions_scored
        where is_pending and due_on >= $low::date and due_on < $high::date
    """,
}

# Per staging table: the view that ages its records, and the columns of it the as-of date
# sets (every other column of the view depends on the records alone).
AGED_COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "stg_grievances": ("int_grievances_status", ("days_pending", "is_pending_over_30d")),
    "stg_service_transactions": ("int_service_transactions_scored", ("is_overdue_pending",)),
}

_COMMENT = re.compile(r"--[^\n]*")
_EVERY_COLUMN = re.compile(r"(?:\bselect|,)\s*(?:distinct\s+)?(?:[a-z_][a-z0-9_]*\.)?\*", re.I)


def ages_with_as_of(model: str, table: str) -> bool:
    """Whether ``model``'s rows can change when ``table``'s as-of date moves (see above)."""
    view, columns = AGED_COLUMNS[table]
    return _reads_aged(model, view, columns)


@cache
def _reads_aged(model: str, view: str, columns: tuple[str, ...]) -> bool:
    code = _COMMENT.sub("", model_sql(model))
    names = re.compile(r"\b(?:" + "|".join(columns) + r")\b")
    if names.search(code) or (_reaches(model, view) and _EVERY_COLUMN.search(code)):
        return True
    between = (models_read(model) & set(INTERMEDIATE_MODELS)) - {view}
    return any(_reads_aged(m, view, columns) for m in between)


@cache
def _reaches(model: str, view: str) -> bool:
    """Whether ``model`` reads ``view``, directly or through intermediate models."""
    read = models_read(model)
    return view in read or any(_reaches(m, view) for m in read & set(INTERMEDIATE_MODELS))
