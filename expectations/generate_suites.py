"""Draft the suite files (one per source) from the export contracts: ``python -m expectations.generate_suites``.

The reviewed files in ``expectations/suites/`` are what the checks load; this module only
writes a first draft of them (and rewrites them when a contract changes), so that a reviewer
sees every rule as a diff. Hand edits (a severity, a threshold) survive as long as nobody
regenerates; ``tests/expectations/test_suites.py`` checks that the files still cover the
contracts in ``pipelines/sources.py``.

Every rule a column-level GX expectation cannot state on DuckDB (regexes, cross-column
ordering, "now", volume against a trailing median) is an ``UnexpectedRowsExpectation``: a
query that returns the offending rows, selecting only non-personal columns.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from warehouse.districts import district_names
from warehouse.sources import EARLIEST_DATE, SOURCES, Source

SUITES_DIR = Path(__file__).parent / "suites"

# Volume rule: a day (a week for weekly sources) is compared with the median of the 7 before it.
VOLUME_DROP_SHARE = 0.1  # fewer than 10 % of the median ...
VOLUME_DROP_MIN_MEDIAN = 20  # ... when the median is at least 20 rows
VOLUME_SPIKE_FACTOR = 10  # more than ten times the median ...
VOLUME_SPIKE_MIN_MEDIAN = 5  # ... when the median is at least 5 rows
IST_NOW = "cast(now() at time zone 'Asia/Kolkata' as timestamp)"
IST_TODAY = "cast(now() at time zone 'Asia/Kolkata' as date)"

GX_SEVERITY = {"blocking": "critical", "warning": "warning"}


def _expectation(
    type_: str, check: str, severity: str, why: str, scope: str = "row", **kwargs: Any
) -> dict[str, Any]:
    """One expectation; ``scope`` says how little of the table a new run must look at
    (expectations/catalog.py, SCOPES): "row" for rules each row passes or fails alone."""
    return {
        "type": type_,
        "kwargs": kwargs,
        "meta": {"check": check, "severity": severity, "why": why, "scope": scope},
        "description": why,
        "severity": GX_SEVERITY[severity],
    }


def _sql(*lines: str) -> str:
    return "\n".join(lines)


def _row_ids(source: Source) -> str:
    """Columns that identify an offending row without personal data."""
    key = source.column(source.key)
    ids = [] if key.kind == "pii" else [key.name]
    return ", ".join([*ids, "district", "_file", "_line"])


def _is_date(source: Source, column: str) -> bool:
    return source.column(column).kind == "date"


def _time_rules(source: Source) -> list[dict[str, Any]]:
    rules = []
    for col in source.staged_columns:
        if col.kind not in ("timestamp", "date"):
            continue
        now = IST_TODAY if col.kind == "date" else IST_NOW
        rules.append(
            _expectation(
                "unexpected_rows_expectation",
                f"{col.name}_not_before_2015",
                "blocking",
                f"{col.header} before {EARLIEST_DATE} is a mistyped year, not a record.",
                unexpected_rows_query=_sql(
                    f"select {_row_ids(source)}, {col.name}",
                    "from {batch}",
                    f"where {col.name} < date '{EARLIEST_DATE}'",
                ),
            )
        )
        rules.append(
            _expectation(
                "unexpected_rows_expectation",
                f"{col.name}_not_in_future",
                "blocking",
                f"{col.header} after the current India time cannot have happened yet.",
                unexpected_rows_query=_sql(
                    f"select {_row_ids(source)}, {col.name}",
                    "from {batch}",
                    f"where {col.name} > {now}",
                ),
            )
        )
    return rules


def _ordering_rules(source: Source) -> list[dict[str, Any]]:
    rules = []
    for earlier, later in source.ordering:
        # A date against a timestamp compares calendar days: delivered on the day issued is fine.
        if _is_date(source, earlier) or _is_date(source, later):
            condition = f"cast({later} as date) < cast({earlier} as date)"
        else:
            condition = f"{later} < {earlier}"
        rules.append(
            _expectation(
                "unexpected_rows_expectation",
                f"{later}_not_before_{earlier}",
                "blocking",
                f"{source.column(later).header} may not precede "
                f"{source.column(earlier).header} (times running backwards).",
                unexpected_rows_query=_sql(
                    f"select {_row_ids(source)}, {earlier}, {later}",
                    "from {batch}",
                    f"where {condition}",
                ),
            )
        )
    return rules


def _volume_rule(source: Source) -> dict[str, Any]:
    """Rows per district and day (week for weekly sources) against the 7 before it."""
    weekly = source.event_time == "week_starting"
    event = source.event_time
    bucket = f"cast(date_trunc('week', {event}) as date)" if weekly else f"cast({event} as date)"
    step = "interval 7 day" if weekly else "interval 1 day"
    name = "weekly_volume_vs_7week_median" if weekly else "daily_volume_vs_7day_median"
    unit = "week" if weekly else "day"
    query = _sql(
        "with counts as (",
        f"  select district, {bucket} as period, count(*) as n",
        "  from {batch}",
        f"  where district is not null and {event} >= date '{EARLIEST_DATE}'",
        f"    and cast({event} as date) <= {IST_TODAY}",
        "  group by all",
        "),",
        "bounds as (select min(period) as first_period, max(period) as last_period from counts),",
        "calendar as (",
        "  select d.district, cast(g.period as date) as period",
        "  from (select distinct district from counts) as d, bounds as b,",
        "    unnest(generate_series(cast(b.first_period as timestamp),",
        f"      cast(b.last_period as timestamp), {step})) as g(period)",
        "),",
        "filled as (",
        "  select c.district, c.period, coalesce(n.n, 0) as n",
        "  from calendar as c left join counts as n using (district, period)",
        "),",
        "windowed as (",
        "  select district, period, n,",
        "    median(n) over w as median_7, count(*) over w as periods_before",
        "  from filled",
        "  window w as (partition by district order by period rows between 7 preceding and 1 preceding)",
        ")",
        "select t.district, t.period, t.n as row_count, t.median_7",
        "from windowed as t, bounds as b",
        "-- the latest period is usually a partial export: it is not judged",
        "where t.periods_before = 7 and t.period < b.last_period",
        f"  and ((t.median_7 >= {VOLUME_DROP_MIN_MEDIAN} and t.n < {VOLUME_DROP_SHARE} * t.median_7)",
        f"    or (t.median_7 >= {VOLUME_SPIKE_MIN_MEDIAN} and t.n > {VOLUME_SPIKE_FACTOR} * t.median_7))",
        "order by t.district, t.period",
    )
    return _expectation(
        "unexpected_rows_expectation",
        name,
        "warning",
        f"A district-{unit} whose rows fall below {VOLUME_DROP_SHARE:.0%} of the median of the "
        f"7 {unit}s before (median >= {VOLUME_DROP_MIN_MEDIAN}) or exceed "
        f"{VOLUME_SPIKE_FACTOR}x it (median >= {VOLUME_SPIKE_MIN_MEDIAN}) suggests a missing "
        "or duplicated export.",
        scope="volume",
        unexpected_rows_query=query,
    )


def build_suite(source: Source) -> dict[str, Any]:
    """The draft GX suite (as JSON-ready dict) for one source's staging table."""
    exps: list[dict[str, Any]] = []
    for col in source.required:
        exps.append(
            _expectation(
                "expect_column_values_to_not_be_null",
                f"{col.name}_not_null",
                "blocking",
                f"{col.header} is required by the export contract.",
                column=col.name,
            )
        )
    key = source.column(source.key)
    if key.kind == "pii":
        # The hash of a personal ID is never sampled: a query that reports rows, not values.
        exps.append(
            _expectation(
                "unexpected_rows_expectation",
                f"{key.name}_unique",
                "blocking",
                f"{key.header} identifies a record: staging keeps one row per record.",
                scope="key",
                unexpected_rows_query=_sql(
                    "select district, _file, _line",
                    "from {batch}",
                    f"where {key.name} in (",
                    f"  select {key.name} from {{batch}} where {key.name} is not null",
                    "  group by all having count(*) > 1",
                    ")",
                ),
            )
        )
    else:
        exps.append(
            _expectation(
                "expect_column_values_to_be_unique",
                f"{key.name}_unique",
                "blocking",
                f"{key.header} identifies a record: staging keeps one row per record.",
                scope="key",
                column=key.name,
            )
        )
    exps.append(
        _expectation(
            "expect_column_values_to_be_in_set",
            "district_in_set",
            "blocking",
            "Districts are folded to the 22 canonical names (warehouse/reference/districts.csv).",
            column="district",
            value_set=district_names(),
        )
    )
    for col in source.staged_columns:
        if col.kind == "label":
            exps.append(
                _expectation(
                    "expect_column_values_to_be_in_set",
                    f"{col.name}_in_set",
                    "blocking",
                    f"{col.header} is normalised to its canonical values.",
                    column=col.name,
                    value_set=sorted(col.labels),
                )
            )
    for col in source.staged_columns:
        low, high = col.range
        if col.kind in ("int", "number") and (low is not None or high is not None):
            exps.append(
                _expectation(
                    "expect_column_values_to_be_between",
                    f"{col.name}_in_range",
                    "blocking",
                    f"{col.header} lies in the contract's range {low}..{high}.",
                    column=col.name,
                    min_value=low,
                    max_value=high,
                )
            )
        if col.multiple_of:
            exps.append(
                _expectation(
                    "unexpected_rows_expectation",
                    f"{col.name}_multiple_of_{col.multiple_of}",
                    "warning",
                    f"{col.header} is paid in positive multiples of {col.multiple_of:,}; "
                    "anything else is worth a look, not a stop.",
                    unexpected_rows_query=_sql(
                        f"select {_row_ids(source)}, {col.name}",
                        "from {batch}",
                        f"where {col.name} <= 0 or {col.name} % {col.multiple_of} <> 0",
                    ),
                )
            )
    exps += _time_rules(source)
    exps += _ordering_rules(source)
    exps.append(_volume_rule(source))
    return {
        "name": source.name,
        "expectations": exps,
        "meta": {
            "table": f"stg_{source.name}",
            "notes": "Drafted by expectations/generate_suites.py from pipelines/sources.py; reviewed.",
        },
    }


def write_suites(directory: Path = SUITES_DIR) -> list[Path]:
    """Write one ``<source>.json`` per source; returns the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for source in SOURCES.values():
        path = directory / f"{source.name}.json"
        path.write_text(
            json.dumps(build_suite(source), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        paths.append(path)
    return paths


if __name__ == "__main__":
    for written in write_suites(Path(sys.argv[1]) if len(sys.argv) > 1 else SUITES_DIR):
        print(written)
