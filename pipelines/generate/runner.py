"""The generation run: for each source, batch by batch and chunk by chunk, generate typed
records, split them into regular and re-exported versions, add bad rows and duplicates,
render them in the file's style and append them to the file; then stamp modified times.

Memory is bounded by one chunk (``Scale.chunk_rows`` records): nothing holds a whole source.
Every random stream is derived from (seed, source, batch, chunk), so a run is reproducible
byte for byte and independent of how much was generated before. Which records a chunk holds
is chunking.py's; what a file's rows go through on the way in is file_rows.py's.
"""

from __future__ import annotations

import datetime as dt
import resource
import time
from pathlib import Path
from types import ModuleType

import numpy as np
import polars as pl

from pipelines.generate import calendar, file_rows, plan
from pipelines.generate.calibration import calibrated_cursors
from pipelines.generate.chunking import chunks
from pipelines.generate.families import (
    appointments,
    eoffice,
    grievances,
    helpline,
    migrants,
    passes,
    relief,
    roster,
    services,
)
from pipelines.generate.families.base import Chunk, IdCounter
from pipelines.generate.file_rows import correct_labels
from pipelines.generate.profiles import district_profiles
from pipelines.generate.scale import GENERATED_SOURCES, Scale, get_scale
from pipelines.generate.staffing import RosterPlan
from pipelines.generate.styles import FileStyle
from pipelines.generate.summary import FileRecord, GenerateSummary
from pipelines.generate.writers import CsvSink, XlsxSink, set_mtime
from warehouse.sources import SOURCE_NAMES, SOURCES

FAMILIES: dict[str, ModuleType] = {
    m.SOURCE: m
    for m in (
        helpline,
        passes,
        relief,
        migrants,
        services,
        grievances,
        appointments,
        eoffice,
        roster,
    )
}


class _Run:
    """State of one run: the scale, random streams, the district knobs and the summary."""

    def __init__(self, out: Path, scale: Scale, seed: int) -> None:
        self.out, self.scale, self.seed = out, scale, seed
        self.profile = district_profiles(self.rng(0, 0, 0))
        self.cursors = calibrated_cursors(self.rng(0, 0, 1))
        self.roster = RosterPlan(scale, self.profile)  # the control rooms' operators
        self.periods = scale.periods()
        self.summary = GenerateSummary(out=out, scale=scale.name, seed=seed)

    def rng(self, *keys: int) -> np.random.Generator:
        return np.random.default_rng([self.seed, *keys])

    # -- files -------------------------------------------------------------------------
    def open_sink(self, source: str, name: str, style: FileStyle, kind: str, when: dt.datetime):
        path = self.out / source / name
        if style.fmt == "xlsx":
            title = f"{plan.TITLES.get(source, SOURCES[source].title)} ({name.rsplit('.', 1)[0]})"
            sink = XlsxSink(path, source, style, title)
        else:
            sink = CsvSink(path, source, style)
        record = FileRecord(path, source, 0, kind, style.describe, when.isoformat(sep=" "))
        self.summary.files.append(record)
        return sink, record, when

    # -- sources -----------------------------------------------------------------------
    def source(self, s_index: int, source: str) -> None:
        fam = FAMILIES[source]
        spec = SOURCES[source]
        if hasattr(fam, "daily_counts"):  # rows planned, not drawn (the roster)
            counts = fam.daily_counts(self.roster)
        else:
            counts = calendar.daily_counts(source, self.scale, self.rng(1, s_index))
        ids = IdCounter()
        reexports = plan.reexports_for(source, self.scale.start, self.scale.end)
        re_sinks = {
            r: self.open_sink(source, r.filename, r.style, "reexport", r.exported_at)
            for r in reexports
        }
        payments = _PaymentFiles(self) if source == relief.SOURCE else None
        opened = []
        for period in self.periods:
            when = plan.export_time(source, period)
            style = plan.style_for(source, period)
            sink = self.open_sink(
                source, plan.filename(source, period, style), style, "regular", when
            )
            opened.append(sink)
            first = True
            for g, (d_idx, day_idx) in enumerate(chunks(self.scale, counts, period)):
                rng = self.rng(2, s_index, period.index, g)
                chunk = Chunk(
                    source,
                    rng,
                    d_idx,
                    np.datetime64(self.scale.start, "D") + day_idx,
                    self.profile,
                    self.cursors,
                    ids,
                    self.scale.end,
                    self.roster,
                )
                typed = fam.generate(chunk)
                event_day = pl.col(spec.event_time).cast(pl.Date)
                in_window = pl.lit(False)
                finals = []
                originals = []
                for r, (r_sink, r_rec, _) in re_sinks.items():
                    m = event_day.is_between(pl.lit(r.start), pl.lit(r.end))
                    window = typed.filter(m)
                    if window.height:
                        final = fam.finalize(window, r.exported_at)
                        finals.append(final)
                        file_rows.write(r_sink, r_rec, final, rng, None, False)
                        originals.append(correct_labels(fam.as_of(window, when - r.lag), fam, rng))
                    in_window = in_window | m
                rest = fam.finalize(typed.filter(~in_window), when)
                file_rows.write(sink[0], sink[1], pl.concat([rest, *originals]), rng, ids, first)
                first = False
                if payments is not None:
                    payments.add(pl.concat([rest, *finals]), self.rng(3, period.index, g))
        for sink, record, when in [
            *opened,
            *re_sinks.values(),
            *(payments.sinks.values() if payments else []),
        ]:
            sink.close()
            set_mtime(record.path, when)


class _PaymentFiles:
    """relief_payments files, one per batch, fed from final beneficiary versions."""

    def __init__(self, run: _Run) -> None:
        self.run = run
        self.ids = IdCounter()
        self.sinks: dict[int, tuple] = {}
        self.first: set[int] = set()

    def add(self, beneficiaries: pl.DataFrame, rng: np.random.Generator) -> None:
        frame = relief.payments(beneficiaries, rng, self.ids, self.run.scale.end)
        for period in self.run.periods:
            part = frame.filter(
                pl.col("week_starting").is_between(pl.lit(period.start), pl.lit(period.end))
            )
            if part.height == 0:
                continue
            when = plan.export_time(relief.PAYMENTS, period)
            if period.index not in self.sinks:
                style = plan.style_for(relief.PAYMENTS, period)
                name = plan.filename(relief.PAYMENTS, period, style)
                self.sinks[period.index] = self.run.open_sink(
                    relief.PAYMENTS, name, style, "regular", when
                )
            sink, record, _ = self.sinks[period.index]
            first = period.index not in self.first
            self.first.add(period.index)
            file_rows.write(
                sink, record, relief.finalize_payments(part, when), rng, self.ids, first
            )


def _clear_previous(out: Path) -> None:
    """Remove files an earlier run wrote (same naming), never anything else."""
    for source in SOURCE_NAMES:
        folder = out / source
        if folder.is_dir():
            for path in folder.glob(f"{source}_20*"):
                if path.suffix in (".csv", ".xlsx"):
                    path.unlink()


def generate_exports(
    out: Path,
    scale: str = "demo",
    seed: int = 2020,
    *,
    days: int | None = None,
    sources: tuple[str, ...] | None = None,
) -> GenerateSummary:
    """Write calibrated sample exports of all ten sources under ``out/<source>/``.

    Same seed, same bytes; every seed reproduces the published figures of DOMAIN.md.
    ``days`` shortens the scale (tests); it never cuts before 28 May 2020. ``sources`` writes
    only those (tests; relief payments come with their beneficiaries): each source's random
    streams are its own, so its files are the same bytes as in a run of all ten. Refuses an unknown scale or a negative seed with
    ValueError.
    """
    if seed < 0:
        raise ValueError(f"seed must be 0 or more, not {seed}")
    started = time.perf_counter()
    out = Path(out)
    run = _Run(out, get_scale(scale, days), seed)
    _clear_previous(out)
    for s_index, source in enumerate(GENERATED_SOURCES):
        if sources is None or source in sources:
            run.source(s_index + 1, source)
    run.summary.files.sort(key=lambda f: (SOURCE_NAMES.index(f.source), f.path.name))
    run.summary.seconds = time.perf_counter() - started
    run.summary.peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return run.summary
