"""Session fixtures shared across test folders: the demo exports and the demo warehouse.

Generating the demo exports and refreshing them is the slowest step of the suite, so it is
done once per run (whatever the number of xdist workers) and shared by the pipeline,
warehouse, dashboard and notebook tests.
Tests must treat both as read-only; a test that changes exports copies them first.
"""

from __future__ import annotations

import fcntl
import logging
import os
import pickle
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

os.environ.setdefault("JANSEWA_PII_KEY", "test-suite-key")
# Tests write exports and refresh at once: no settle time (tests/ops/ tests the settling).
os.environ.setdefault("JANSEWA_SETTLE_SECONDS", "0")


@dataclass(frozen=True)
class DemoWarehouse:
    exports: Path
    warehouse: Path  # the pipeline's file; readers open the snapshot beside it
    refresh: object  # pipelines.refresh_result.RefreshResult of the first refresh


@contextmanager
def _built_once(tmp_path_factory, name: str) -> Iterator[tuple[Path, bool]]:
    """A folder shared by every xdist worker of this run, and whether it is still to be built.

    The first worker to get here builds it while holding a lock; the others wait, then use
    it. Without xdist the folder is this session's own. The demo exports and the demo
    warehouse are each built once per run this way instead of once per worker.
    """
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the run's folder, above each worker's own
    folder, done = root / name, root / f"{name}.done"
    with (root / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if folder.exists() and not done.exists():
                shutil.rmtree(folder)  # a worker failed part-way: build it again
            yield folder, not done.exists()
            done.touch()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def demo_exports(tmp_path_factory) -> Path:
    from pipelines.generate import generate_exports

    with _built_once(tmp_path_factory, "demo") as (folder, build):
        out = folder / "exports"
        if build:
            generate_exports(out, scale="demo", seed=2020)
    return out


@pytest.fixture(scope="session")
def demo_warehouse(demo_exports, tmp_path_factory) -> DemoWarehouse:
    from pipelines.refresh import run_refresh

    with _built_once(tmp_path_factory, "demo-warehouse") as (folder, build):
        warehouse, result_file = folder / "jansewa.duckdb", folder / "refresh.pickle"
        if build:
            folder.mkdir(parents=True)
            result = run_refresh(exports=demo_exports, warehouse=warehouse)
            assert result.ok, result.describe()
            result_file.write_bytes(pickle.dumps(result))
        result = pickle.loads(result_file.read_bytes())
    return DemoWarehouse(exports=demo_exports, warehouse=warehouse, refresh=result)


class _ShownLines(logging.Handler):
    """The lines the progress stream shows (what `jansewa refresh` prints on stderr)."""

    def __init__(self):
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(record.getMessage())


@pytest.fixture
def shown_progress() -> Iterator[list[str]]:
    """The progress lines shown while the test runs, as a list that fills as they come."""
    from pipelines.progress import progress

    shown, level = _ShownLines(), progress.level
    progress.addHandler(shown)
    progress.setLevel(logging.INFO)
    try:
        yield shown.lines
    finally:
        progress.removeHandler(shown)
        progress.setLevel(level)


def pytest_collection_modifyitems(config, items):
    """The longest files first, each file's tests kept together and in order.

    `make test` runs two workers that take whole files in collection order: the longest files
    (kill trials, `jansewa up`, state-scale figures) then start at once and the short ones
    fill in around them, instead of one long file running alone at the end. A file weighs
    the seconds its slow tests declare (``@pytest.mark.slow(seconds=N)``; 30 when unsaid).
    """
    weight: dict = {}
    for item in items:
        marker = item.get_closest_marker("slow")
        if marker is not None:
            weight[item.path] = weight.get(item.path, 0) + marker.kwargs.get("seconds", 30)
    items.sort(key=lambda item: -weight.get(item.path, 0))  # a stable sort
