"""The one workaround this project applies to Great Expectations: results that outlive DuckDB.

GX 1.24's ``SqlAlchemyExecutionEngine.execute_query`` runs a query inside
``with self.get_connection() as connection:`` and returns the cursor result *after* that block
has closed the connection. Most drivers keep the rows; duckdb_engine (0.17) does not, so every
metric read after the ``with`` sees no rows and ``resolve_metric_bundle`` fails with
``IndexError`` (GX issue #11579; see DESIGN.md, "Known pitfalls").

The fix buffers the result while the connection is still open (SQLAlchemy ``Result.freeze()``)
and hands GX a result built from that buffer, which supports the same ``fetchall``,
``fetchmany``, ``fetchone``, ``scalar`` and ``first`` calls GX makes. It applies only when the
engine's dialect is duckdb; every other dialect runs GX's own code unchanged. Patching is
idempotent: the original method is kept on the class and wrapped once.

Cost: a buffered result is held in memory in full. GX bounds its own per-value queries with
``limit``; the project's ``UnexpectedRowsExpectation`` queries therefore select only a few
narrow, non-personal columns.

``tests/expectations/test_gx_duckdb_fix.py`` fails if GX changes underneath this module: the
patched method must keep its signature and the unpatched method must still lose duckdb's rows
(when GX fixes that, this module can go).
"""

from __future__ import annotations

import inspect
from typing import Any

from great_expectations.execution_engine.sqlalchemy_execution_engine import (
    SqlAlchemyExecutionEngine,
)

DIALECT = "duckdb"
# The signature this fix was written against; checked at patch time and by the tests.
EXPECTED_PARAMETERS = ("self", "query")
_ORIGINAL_ATTR = "_jansewa_original_execute_query"


def original_execute_query() -> Any:
    """GX's own ``execute_query`` (before or after patching)."""
    return getattr(
        SqlAlchemyExecutionEngine, _ORIGINAL_ATTR, SqlAlchemyExecutionEngine.execute_query
    )


def is_patched() -> bool:
    """Whether :func:`apply` has wrapped ``SqlAlchemyExecutionEngine.execute_query``."""
    return hasattr(SqlAlchemyExecutionEngine, _ORIGINAL_ATTR)


def _buffered_execute_query(self: SqlAlchemyExecutionEngine, query: Any) -> Any:
    """``execute_query`` that fetches the rows before the connection closes (duckdb only)."""
    original = getattr(type(self), _ORIGINAL_ATTR)
    if self.engine.dialect.name != DIALECT:
        return original(self, query)
    with self.get_connection() as connection:
        result = self._execute_query_with_recovery(connection, query)
        if not result.returns_rows:
            return result
        # freeze() reads every row now; calling the frozen result yields a fresh Result.
        return result.freeze()()


def apply() -> None:
    """Patch ``SqlAlchemyExecutionEngine.execute_query`` once; later calls do nothing.

    Refuses (RuntimeError) when GX's method no longer has the shape this fix was written for,
    rather than silently changing behaviour it does not understand.
    """
    if is_patched():
        return
    target = SqlAlchemyExecutionEngine.execute_query
    params = tuple(inspect.signature(target).parameters)
    if params != EXPECTED_PARAMETERS or not hasattr(
        SqlAlchemyExecutionEngine, "_execute_query_with_recovery"
    ):
        raise RuntimeError(
            "great_expectations changed SqlAlchemyExecutionEngine.execute_query "
            f"(parameters {params}); review expectations/gx_duckdb_fix.py"
        )
    setattr(SqlAlchemyExecutionEngine, _ORIGINAL_ATTR, target)
    SqlAlchemyExecutionEngine.execute_query = _buffered_execute_query  # type: ignore[method-assign]
