"""Erlang C: how many operators a control room needs for its calls, hour by hour.

The control-room KPI ``operators_needed_80_20`` (shared DOMAIN.md) is the fewest operators
for which Erlang C gives at least 80 % of calls answered within 20 seconds, at an hour's
arrivals and mean handle time. The model (A. K. Erlang, 1917; the M/M/N queue):

    A      = calls per hour x mean handle time (s) / 3600          traffic, in Erlangs
    B(0)   = 1,  B(n) = A B(n-1) / (n + A B(n-1))                  Erlang B, by recursion
    C(n)   = n B(n) / (n - A (1 - B(n)))          for n > A (else 1) probability a call waits
    SL(n)  = 1 - C(n) exp(-(n - A) T / h)         for n > A (else 0) answered within T seconds
    ASA(n) = C(n) h / (n - A)                                        mean wait of all calls

The recursion never forms A^n or n! (which overflow a double past n = 170 and lose every
digit long before), so it is exact to rounding for any room size; the tests compare it with
the textbook closed form and with published worked examples.

Why our own function and not a library: of the packages on PyPI, ``pyworkforce`` (0.5.1 is
the version this project's index serves) has an ``ErlangC`` class, but installing it brings
OR-Tools (a native solver its scheduling module needs, with its own protobuf pin) plus
joblib for parallel grid search, for what is the ten lines below; it takes minutes, refuses
an hour without calls (ValueError) and works one row at a time. ``ErlangCCmath`` sends each
calculation to a web service (this project runs without outside network). So the standard
formula is written here once, vectorised with numpy over every district-hour, and the SQL
build calls it as the DuckDB function ``operators_needed_80_20`` (``register_sql_functions``).
"""

from __future__ import annotations

import math
import threading
import weakref

import duckdb
import numpy as np

TARGET_SECONDS = 20.0  # "answered within 20 s of receipt"
TARGET_SHARE = 0.8  # ">= 80 %"
HOUR = 3600.0
SQL_FUNCTION = "operators_needed_80_20"


def traffic_erlangs(calls: float, handle_seconds: float, interval_seconds: float = HOUR) -> float:
    """Offered traffic A: calls in the interval x mean handle time / interval length."""
    return calls * handle_seconds / interval_seconds


def erlang_b(n: int, a: float) -> float:
    """Blocking probability of n servers at traffic a (Erlang B), by the stable recursion."""
    b = 1.0
    for k in range(1, n + 1):
        b = a * b / (k + a * b)
    return b


def erlang_c(n: int, a: float) -> float:
    """Probability that a call has to wait (Erlang C); 1 when n <= a (the queue grows)."""
    if n <= a:
        return 1.0
    b = erlang_b(n, a)
    return n * b / (n - a * (1.0 - b))


def service_level(n: int, a: float, handle_seconds: float, target_seconds: float) -> float:
    """Share of calls answered within ``target_seconds`` with n operators; 0 when n <= a."""
    if n <= a:
        return 0.0
    if handle_seconds <= 0:
        return 1.0
    return 1.0 - erlang_c(n, a) * math.exp(-(n - a) * target_seconds / handle_seconds)


def average_speed_of_answer(n: int, a: float, handle_seconds: float) -> float:
    """Mean wait over all calls, in seconds (infinite when n <= a)."""
    if n <= a:
        return math.inf
    return erlang_c(n, a) * handle_seconds / (n - a)


def operators_needed(
    calls: np.ndarray | list[float] | float,
    handle_seconds: np.ndarray | list[float] | float,
    *,
    target_share: float = TARGET_SHARE,
    target_seconds: float = TARGET_SECONDS,
    interval_seconds: float = HOUR,
) -> np.ndarray:
    """The fewest operators with Erlang C service level >= ``target_share`` within
    ``target_seconds``, per element (an interval's calls and mean handle time, seconds).

    0 where no call came; at least 1 where one did (even with a zero handle time). Null
    (NaN) where ``calls`` or ``handle_seconds`` is missing or negative: nothing to size.
    Works on whole arrays at once: n counts up for every row together, each row keeping the
    first n that meets the target (about A + 3 sqrt(A) steps for the busiest row).
    """
    calls_a = np.atleast_1d(np.asarray(calls, dtype=float))
    handle = np.atleast_1d(np.asarray(handle_seconds, dtype=float))
    calls_a, handle = np.broadcast_arrays(calls_a, handle)
    needed = np.full(calls_a.shape, np.nan)
    valid = np.isfinite(calls_a) & np.isfinite(handle) & (calls_a >= 0) & (handle >= 0)
    needed[valid & (calls_a == 0)] = 0
    todo = valid & (calls_a > 0)
    if not todo.any():
        return needed
    a = np.where(todo, calls_a * handle / interval_seconds, 0.0)
    h = np.where(todo, handle, 1.0)
    b = np.ones(calls_a.shape)
    n = 0
    while todo.any():
        n += 1
        b = a * b / (n + a * b)
        above = todo & (n > a)
        if above.any():
            with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
                c = n * b / (n - a * (1.0 - b))
                sl = np.where(
                    h > 0,
                    1.0 - c * np.exp(-(n - a) * target_seconds / np.where(h > 0, h, 1.0)),
                    1.0,
                )
            met = above & (sl >= target_share)
            needed[met] = n
            todo &= ~met
    return needed


def _sql_operators_needed(calls, handle_seconds):  # pyarrow arrays in, pyarrow array out
    import pyarrow as pa

    def floats(values) -> np.ndarray:
        return np.asarray(values.to_numpy(zero_copy_only=False), dtype=float)

    needed = operators_needed(floats(calls), floats(handle_seconds))
    return pa.array(np.where(np.isnan(needed), 0, needed).astype("int32"), mask=np.isnan(needed))


def register_sql_functions(con: duckdb.DuckDBPyConnection) -> None:
    """Make ``operators_needed_80_20(calls double, handle_seconds double) -> integer``
    callable in ``con``'s SQL (once per connection; the marts call it). The connections it
    was made on are remembered: asking DuckDB's function list costs 10 ms, and the build
    asks before each of its models. The function lives in the database's catalog, which its
    connections share: the build's worker connections (warehouse/build_schedule.py) ask one
    at a time, and only the first creates it."""
    with _REGISTERING:
        if con in _REGISTERED:
            return
        exists = con.execute(
            "select count(*) from duckdb_functions() where function_name = ?", [SQL_FUNCTION]
        ).fetchall()[0][0]  # fetchall completes the result before the next statement
        if not exists:
            _create_function(con)
        _REGISTERED.add(con)


_REGISTERED: weakref.WeakSet = weakref.WeakSet()
_REGISTERING = threading.Lock()


def _create_function(con: duckdb.DuckDBPyConnection) -> None:
    con.create_function(
        SQL_FUNCTION,
        _sql_operators_needed,
        [duckdb.sqltype("DOUBLE"), duckdb.sqltype("DOUBLE")],
        duckdb.sqltype("INTEGER"),
        type="arrow",
        null_handling="special",
    )
