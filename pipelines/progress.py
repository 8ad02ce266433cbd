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
