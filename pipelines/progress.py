"""Progress lines for people watching `jansewa refresh`: one short line per finished step.

Assets log here as well as to Dagster's own log; `jansewa refresh` shows this logger on
stderr and silences Dagster's verbose console output.
"""

from __future__ import annotations

import logging
import sys

progress = logging.getLogger("jansewa.progress")


def show_progress_on_stderr() -> None:
    """Print progress lines to stderr (idempotent)."""
    if not any(getattr(h, "_jansewa", False) for h in progress.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("  %(message)s"))
        handler._jansewa = True  # type: ignore[attr-defined]
        progress.addHandler(handler)
    progress.setLevel(logging.INFO)
    progress.propagate = False


def step(context, message: str) -> None:
    """Report a finished step to Dagster's log and to the progress stream."""
    context.log.info(message)
    progress.info(message)


class FileMeter:
    """Per-file progress of one step over several files: rows per second and what is left.

    ``weights`` gives each file's share of the work up front (bytes for reading, rows for
    staging), so the time left is estimated from the work done so far, not the file count:
    one state-year file of calls outweighs a dozen small ones. ``report`` receives one line
    per finished file (None: nobody is watching). ``clock`` is replaceable for tests.
    """

    def __init__(self, report, label: str, weights: dict[str, int], clock=None):
        import time

        self.report, self.label, self.weights = report, label, dict(weights)
        self.clock = clock or time.monotonic
        self.started = self.last = self.clock()
        self.done_weight = 0
        self.finished = 0

    def done(self, path: str, rows: int, detail: str = "") -> str:
        """Record one finished file and report it; returns the line reported."""
        now = self.clock()
        seconds, self.last = now - self.last, now
        self.finished += 1
        self.done_weight += self.weights.get(path, 0)
        left_files = len(self.weights) - self.finished
        line = (
            f"{self.label}: file {self.finished} of {len(self.weights)}, {path}: "
            f"{rows:,} rows{detail} in {seconds:.1f} s ({_rate(rows, seconds)} rows/s)"
        )
        if left_files > 0:
            left = sum(self.weights.values()) - self.done_weight
            elapsed = now - self.started
            eta = left * elapsed / self.done_weight if self.done_weight and elapsed else None
            line += f"; {left_files} file(s) left" + (
                f", about {eta:,.0f} s" if eta is not None else ""
            )
        if self.report is not None:
            self.report(line)
        return line


def _rate(rows: int, seconds: float) -> str:
    return f"{rows / seconds:,.0f}" if seconds > 0 else "-"
