"""The code a benchmark run measures: a snapshot of the committed HEAD, its commit, and the
top of a refresh's profile with paths relative to the checkout.

`make bench` measures what is committed, not the working tree: others edit the tree while a
long run goes on, and the results must name one commit.
"""

from __future__ import annotations

import io
import os
import pstats
import shutil
import subprocess
import tarfile
from pathlib import Path

from tests.benchmarks.measure import REPO

# Where the real checkout is when this runs from a snapshot of it (see snapshot_of_head).
CHECKOUT = Path(os.environ.get("JANSEWA_BENCH_CHECKOUT", REPO))


def profile_top(path: Path, limit: int = 30) -> dict[str, list[dict]]:
    """The ``limit`` costliest functions of a cProfile dump, by cumulative and by own time,
    named by their path inside the checkout or site-packages (a reader needs no prefix)."""
    stats = pstats.Stats(str(path))
    out = {}
    for key in ("cumulative", "tottime"):
        stats.sort_stats(key)
        rows = []
        for func in stats.fcn_list[:limit]:
            cc, nc, tt, ct, _ = stats.stats[func]
            filename, line, name = func
            rows.append(
                {
                    "function": f"{Path(filename).as_posix().split('site-packages/')[-1].replace(str(REPO) + '/', '')}:{line}({name})",
                    "calls": nc,
                    "tottime": round(tt, 2),
                    "cumtime": round(ct, 2),
                }
            )
        out[key] = rows
    return out


def commit_of(checkout: Path) -> str:
    """The full hash of the commit checked out at ``checkout``."""
    done = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=checkout, capture_output=True, text=True
    )
    return done.stdout.strip()


def snapshot_of_head(out: Path) -> Path:
    """The committed code (git archive HEAD) plus this benchmark package, under ``out``.

    Others edit the working tree while benchmarks run; measuring HEAD keeps a run's numbers
    tied to one commit, and a half-made edit elsewhere cannot break a long run.
    """
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=CHECKOUT, capture_output=True, text=True
    ).stdout.strip()
    dest = out / f"src-{commit}"
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "archive", "HEAD"], cwd=CHECKOUT, capture_output=True, check=True
    )
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(dest, filter="data")
    shutil.copytree(Path(__file__).parent, dest / "tests" / "benchmarks", dirs_exist_ok=True)
    (dest / ".commit").write_text(commit_of(CHECKOUT) + "\n")
    return dest
