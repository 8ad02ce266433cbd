"""Progress lines for people watching `jansewa refresh`: what each step has done, and what is left.

The load and staging steps report every file (FileMeter) and, after each source, the step's
sources done, in progress and waiting, and its time left (layer_time_left;
pipelines/defs/layer_step.py); validation reports each source (pipelines/defs/checks.py);
the marts say every few seconds how many tables are built and left (BuildMeter); the other
steps say what they did. Assets log here as well as to
Dagster's own log; `jansewa refresh` shows this logger on stderr and silences Dagster's
verbose console output.
"""

from __future__ import annotations

import logging
import queue
import sys
import time
from collections.abc import Callable

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


# How long a progress line may wait in a layer step to share Dagster's log event with the
# next ones (see StepLog).
LOG_BATCH_SECONDS = 1.0


class StepLog:
    """A layer step's progress lines: each on the progress stream at once, and in Dagster's
    log several to an event, the lines that come within LOG_BATCH_SECONDS of the first.

    Dagster records every log line as an event, at about 7 ms each in memory and more in the
    service's SQLite instance, on the step's thread. One more day's raw and staging steps
    wrote 60 lines, three per source (its file, its total, the step's progress), within about
    a second each: as single events they cost the day 0.4 s. A long refresh's lines come
    seconds apart, and each is still recorded as it comes.
    """

    def __init__(self, context, seconds: float = LOG_BATCH_SECONDS, clock=time.monotonic):
        self.context, self.seconds, self.clock = context, seconds, clock
        self.pending: list[str] = []
        self.since = 0.0

    def say(self, line: str) -> None:
        """Show ``line`` on the progress stream now; log it to Dagster with the next ones."""
        progress.info(line)
        if not self.pending:
            self.since = self.clock()
        self.pending.append(line)
        if self.clock() - self.since >= self.seconds:
            self.flush()

    def flush(self) -> None:
        """Log the lines held so far to Dagster, as one event."""
        if self.pending:
            self.context.log.info("\n".join(self.pending))
            self.pending = []

    def next_from(self, events: queue.Queue):
        """The next item of ``events``; the lines held are logged once they have waited
        their time, or at once when the queue is empty and nothing is held."""
        while True:
            if not self.pending:
                return events.get()
            try:
                return events.get(timeout=max(0.0, self.since + self.seconds - self.clock()))
            except queue.Empty:
                self.flush()


class SourceReport:
    """What a layer step's worker reports of one source (pipelines/defs/layer_step.py): its
    progress lines, by calling it, and through ``advance`` the work each finished file was,
    in the unit the step weighs its sources by (bytes to read, rows to stage)."""

    def __init__(self, say: Callable[[str], None], advance: Callable[[int], None]):
        self._say, self._advance = say, advance

    def __call__(self, line: str) -> None:
        self._say(line)

    def advance(self, units: int) -> None:
        self._advance(units)


class FileMeter:
    """Per-file progress of one step over several files: rows per second and what is left.

    ``weights`` gives each file's share of the work up front (bytes for reading, rows for
    staging), so the time left is estimated from the work done so far, not the file count:
    one state-year file of calls outweighs a dozen small ones. ``report`` receives one line
    per finished file (None: nobody is watching); when it is a layer step's SourceReport, its
    ``advance`` also hears each finished file's weight, from which the step estimates its own
    time left. ``clock`` is replaceable for tests.
    """

    def __init__(self, report, label: str, weights: dict[str, int], clock=None):
        self.report, self.label, self.weights = report, label, dict(weights)
        self.advance = report.advance if isinstance(report, SourceReport) else None
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
        if self.advance is not None:
            self.advance(self.weights.get(path, 0))
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


# How often a long build says how far it has got (BuildMeter).
BUILD_LINE_SECONDS = 3.0


class BuildMeter:
    """Progress of a step that builds many tables one after another (the marts).

    A state-year's full build of the 56 tables takes 15-20 s and a day's 3-5 s, both with no
    file or row count to go by: while it runs, a line at most every ``every`` seconds says
    how many tables are built and left, with the slowest so far, and ``finish`` gives the
    closing line. ``say`` receives the running lines (a StepLog's, so that they share
    Dagster's events); ``clock`` is replaceable for tests.
    """

    def __init__(self, say, label: str, total: int, every: float | None = None, clock=None):
        self.say, self.label, self.total = say, label, total
        self.every = BUILD_LINE_SECONDS if every is None else every
        self.clock = clock or time.monotonic
        self.started = self.last_line = self.clock()
        self.built = 0
        self.in_part = 0  # partitioned tables that rebuilt only what changed
        self.times: list[tuple[float, str]] = []

    def done(self, table: str, seconds: float | None, rebuilt: str | None = None) -> None:
        """Record one built table (``seconds`` None: timed with the model before it;
        ``rebuilt`` set when only some of its partitions were rebuilt)."""
        self.built += 1
        self.in_part += rebuilt is not None
        if seconds is not None:
            self.times.append((seconds, table))
        now = self.clock()
        if self.built < self.total and now - self.last_line >= self.every:
            self.last_line = now
            self.say(
                f"{self.label}: {self.built} of {self.total} tables built after "
                f"{now - self.started:.0f} s, {self.total - self.built} left"
                + self._slowest("; slowest so far")
            )

    def finish(self) -> str:
        """The closing line: tables built, in how long, how many in part, the slowest."""
        part = f" ({self.in_part} rebuilt in part)" if self.in_part else ""
        return (
            f"{self.label}: {self.built} tables built in {self.clock() - self.started:.1f} s"
            f"{part}" + self._slowest("; slowest")
        )

    def _slowest(self, prefix: str, count: int = 3) -> str:
        slowest = sorted(self.times, reverse=True)[:count]
        if not slowest:
            return ""
        return f"{prefix}: " + ", ".join(f"{table} {seconds:.1f} s" for seconds, table in slowest)


def layer_time_left(
    weights: dict[str, int],
    took: dict[str, float],
    running: dict[str, tuple[float, int, float]],
    waiting: list[str],
    workers: int,
) -> float | None:
    """Seconds a layer step (pipelines/defs/layer_step.py) has left, estimated from the work
    done so far; None while none is done.

    ``weights`` is each source's work (bytes to read, rows to stage), ``took`` the seconds
    each finished source took, ``running`` each running source's (seconds run, work done in
    its finished files, seconds it had run when the last of them finished), ``waiting`` the
    sources not started, in the order they will start. The work done, over the seconds it
    took, gives the pace of a worker. A running source with files done has left what is left
    of it at its own pace (an Excel export goes at a fraction of a CSV's bytes a second), less
    the time its current file has run; one without has left its work at the common pace,
    less what it has run (nothing, if it ran longer). The waiting sources go, in order, to
    whichever of the ``workers`` is free first.
    """
    work = sum(weights[name] for name in took) + sum(done for _, done, _ in running.values())
    seconds = sum(took.values()) + sum(at for _, _, at in running.values())
    if work <= 0 or seconds <= 0:
        return None
    pace = work / seconds
    lanes = []
    for name, (ran, done, at) in running.items():
        own = (weights[name] - done) * at / done - (ran - at) if done > 0 and at > 0 else None
        lanes.append(max(own if own is not None else weights[name] / pace - ran, 0.0))
    lanes += [0.0] * max(workers - len(lanes), 0)
    for name in waiting:
        free = lanes.index(min(lanes))
        lanes[free] += weights[name] / pace
    return max(lanes, default=0.0)
