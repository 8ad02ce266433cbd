"""Complete periods: which period a reader shows when none is asked for.

A period is complete when every source with data has been exported to its last day
(kpi_periods). Pages, `jansewa scorecard` and the notebook helper default to the latest
complete period of the chosen grain rather than the latest period, whose last days may not
have been exported yet (a half-exported week reads as a collapse of every cohort rate).
"""

from __future__ import annotations

import datetime as dt

import duckdb

_LATEST_COMPLETE = """
select max(period_start)
from kpi_periods
where grain = ? and complete
"""


def latest_complete_period(con: duckdb.DuckDBPyConnection, grain: str) -> dt.date | None:
    """period_start of the latest complete period of ``grain``; None when there is none.

    A snapshot published before kpi_periods existed has no notion of completeness: None.
    """
    has_periods = con.execute(
        "select count(*) from information_schema.tables where table_name = 'kpi_periods'"
    ).fetchall()[0][0]
    if not has_periods:
        return None
    return con.execute(_LATEST_COMPLETE, [grain]).fetchall()[0][0]
