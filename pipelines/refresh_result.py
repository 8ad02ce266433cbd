"""What `jansewa refresh` reports when a run ends: the load audit of every file the run
read (rows read = accepted + duplicates + quarantined), the checks that blocked it, and
whether a new reader snapshot was published or the last one left untouched."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from pipelines.current_snapshot import Publication


@dataclass
class AuditRow:
    source: str
    path: str
    rows_read: int | None
    accepted: int | None
    duplicates: int | None
    quarantined: int | None
    status: str
    message: str | None


@dataclass
class RefreshResult:
    ok: bool
    run_id: str
    seconds: float
    published: bool
    audit: list[AuditRow] = field(default_factory=list)
    failed_checks: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    snapshot: Path | None = None
    current: Publication | None = None  # nothing new: this publication is still current

    def _count(self, status: str) -> int:
        return sum(a.status == status for a in self.audit)

    def describe(self) -> str:
        """The end-of-run summary: the load audit per file, checks, and the outcome."""
        lines = ["", "Load audit (rows read = accepted + duplicates + quarantined):"]
        if not self.audit:
            lines.append("  no new or changed export files")
        width = max((len(a.path) for a in self.audit), default=10)
        for a in self.audit:
            if a.status in ("rejected", "held", "retry"):
                # held: too many records lost, waits for `jansewa accept`; retry: I/O failure
                lines.append(f"  {a.path:<{width}}  {a.status.upper()}: {a.message}")
            else:
                lines.append(
                    f"  {a.path:<{width}}  {a.rows_read:>10,} = {a.accepted:>10,} + {a.duplicates:>6,} + {a.quarantined:>6,}"
                )
        if self.audit:
            staged = [a for a in self.audit if a.status == "staged"]
            total = [
                sum(getattr(a, f) or 0 for a in staged)
                for f in ("rows_read", "accepted", "duplicates", "quarantined")
            ]
            lines.append(
                f"  {'total':<{width}}  {total[0]:>10,} = {total[1]:>10,} + {total[2]:>6,} + {total[3]:>6,}"
                f"   ({len(staged)} file(s) loaded, {self._count('rejected')} rejected"
                + "".join(f", {self._count(s)} {s}" for s in ("held", "retry") if self._count(s))
                + ")"
            )
        for w in self.warnings:
            lines.append(f"warning: {w}")
        if self.current is not None:
            lines.append(
                f"Nothing new: no export added or changed and the same code; the snapshot "
                f"{self.snapshot} published {self.current.published_at:%Y-%m-%d %H:%M:%S} "
                f"(run {self.current.run_id}) is current. `jansewa refresh --full` rebuilds it."
            )
            return "\n".join(lines)
        for c in self.failed_checks:
            lines.append(f"BLOCKED: {c}")
        for e in self.errors:
            lines.append(f"error: {e}")
        if self.published:
            lines.append(
                f"Published snapshot {self.snapshot} in {self.seconds:.1f} s (run {self.run_id})."
            )
        else:
            lines.append(
                f"Refresh FAILED after {self.seconds:.1f} s (run {self.run_id}): the published snapshot "
                f"{'was left untouched' if self.snapshot and self.snapshot.exists() else 'does not exist yet'}."
            )
        return "\n".join(lines)


def audit_rows(warehouse: Path, run_id: str) -> list[AuditRow]:
    if not warehouse.exists():
        return []
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        rows = con.execute(
            """
            select source, path, rows_read, rows_accepted, rows_duplicate, rows_quarantined, status, message
            from load_audit where run_id = ? and status in ('staged', 'rejected', 'held', 'retry')
            order by source, path
            """,
            [run_id],
        ).fetchall()
    except duckdb.CatalogException:
        rows = []
    finally:
        con.close()
    return [AuditRow(*row) for row in rows]
