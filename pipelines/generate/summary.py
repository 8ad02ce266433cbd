"""What a generation run wrote, for the command line and for tests."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class FileRecord:
    """One written export file."""

    path: Path
    source: str
    rows: int  # data rows, bad and duplicate rows included (title/header rows excluded)
    kind: str  # "regular" or "reexport"
    style: str  # e.g. "csv utf-8-sig dates=iso" or "xlsx (dates as date cells)"
    exported_at: str  # the file's modified time (IST), ISO
    bad: dict[str, int] = field(default_factory=dict)  # bad-row kind -> rows
    duplicates: int = 0


@dataclass
class GenerateSummary:
    """Files, rows per source, bad rows injected and the time taken."""

    out: Path
    scale: str
    seed: int
    files: list[FileRecord] = field(default_factory=list)
    seconds: float = 0.0
    peak_rss_mb: float | None = None

    @property
    def rows_per_source(self) -> dict[str, int]:
        out: dict[str, int] = defaultdict(int)
        for f in self.files:
            out[f.source] += f.rows
        return dict(out)

    @property
    def bad_rows(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for f in self.files:
            for kind, n in f.bad.items():
                out[f.source][kind] += n
        return {k: dict(v) for k, v in out.items()}

    @property
    def duplicates(self) -> dict[str, int]:
        out: dict[str, int] = defaultdict(int)
        for f in self.files:
            out[f.source] += f.duplicates
        return dict(out)

    @property
    def total_rows(self) -> int:
        return sum(f.rows for f in self.files)

    def describe(self) -> str:
        lines = [
            f"Generated {self.scale} exports (seed {self.seed}) into {self.out}: "
            f"{len(self.files)} files, {self.total_rows:,} rows in {self.seconds:.1f} s"
        ]
        bad, dup = self.bad_rows, self.duplicates
        for source, rows in self.rows_per_source.items():
            n_files = sum(1 for f in self.files if f.source == source)
            n_bad = sum(bad.get(source, {}).values())
            lines.append(
                f"  {source:<22} {n_files:>3} files {rows:>11,} rows  {n_bad:>7,} bad  {dup.get(source, 0):>6,} duplicate"
            )
        if self.peak_rss_mb is not None:
            lines.append(f"  peak memory (RSS): {self.peak_rss_mb:,.0f} MB")
        return "\n".join(lines)
