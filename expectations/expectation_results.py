"""The outcome of one expectation (ExpectationResult), and how a GX validation result becomes
one: the row type every caller of the runner reads, kept apart from running the suites.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from expectations.failure_examples import breaking_rows
from expectations.failures import FailureCount
from warehouse.sources import Source


@dataclass(frozen=True)
class ExpectationResult:
    """The outcome of one expectation on one staging table."""

    source: str
    expectation: str  # the readable check name (meta.check), e.g. "district_in_set"
    expectation_type: str
    column: str | None
    severity: str  # "blocking" | "warning"
    success: bool
    unexpected_count: int | None
    observed_value: str
    examples: list[str] = field(default_factory=list)
    # where the breaking rows are, per district and month (failed checks only; dq_failures)
    failures: list[FailureCount] = field(default_factory=list)

    @property
    def blocking_failure(self) -> bool:
        return not self.success and self.severity == "blocking"


def _exception_message(info: Any) -> str | None:
    """GX reports errors either flat or keyed by metric: the first message, or None."""
    if not isinstance(info, dict):
        return None
    candidates = [info, *(v for v in info.values() if isinstance(v, dict))]
    for item in candidates:
        if item.get("raised_exception"):
            text = str(item.get("exception_message") or "error").strip()
            return (text.splitlines() or ["error"])[0][:300]
    return None


def to_result(
    engine: Any, source: Source, spec_by_name: dict, gx_result: Any, verdict_only: bool = False
) -> ExpectationResult:
    config = gx_result.expectation_config
    name = config.meta["check"]
    spec = spec_by_name[name]
    result = gx_result.result or {}
    message = _exception_message(gx_result.exception_info)
    if message is not None:
        return ExpectationResult(
            source.name,
            name,
            spec.type,
            spec.column,
            spec.severity,
            False,
            None,
            f"error: {message}",
        )
    if verdict_only:  # GX counted nothing beyond the verdict (result_format BOOLEAN_ONLY)
        success = bool(gx_result.success)
        verdict = "passed" if success else "failed"
        return ExpectationResult(
            source.name, name, spec.type, spec.column, spec.severity, success, None, verdict
        )
    if "unexpected_rows_query" in config.kwargs:
        count = int(result.get("observed_value") or 0)
        observed = f"{count} rows"
    else:
        count = int(result.get("unexpected_count") or 0)
        total = result.get("element_count")
        observed = f"{count} of {total} rows unexpected"
    examples = [] if gx_result.success else breaking_rows(engine, source, config.kwargs, result)
    return ExpectationResult(
        source.name,
        name,
        spec.type,
        spec.column,
        spec.severity,
        bool(gx_result.success),
        count,
        observed,
        examples,
    )
