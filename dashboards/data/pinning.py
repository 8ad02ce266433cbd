"""Pinning a render to one snapshot version: all its queries answer from one snapshot or none.

A callback that draws a ranking and a trend from two queries must never show one from the old
snapshot beside one from the new. `one_snapshot` pins the version for a block, `fetch` (in
dashboards.data.cache) raises SnapshotChanged when the file moved on, and
`render_consistently` starts the render again on the new snapshot. When the snapshot keeps
moving through every try (a refresh publishing again and again), it gives up with
SnapshotUnsettled, which the pages turn into "data is being refreshed", never an HTTP 500.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TypeVar

from warehouse.snapshot import SnapshotMissingError, snapshot_version

T = TypeVar("T")

# Renders of one callback before it gives up: a swap takes a fraction of a second, so three
# swaps in a row under one render already mean a refresh is publishing repeatedly.
RENDER_TRIES = 4

# The snapshot version a callback reads, when it renders inside `one_snapshot`.
_pinned: ContextVar[tuple[str, str] | None] = ContextVar("jansewa_pinned_snapshot", default=None)


class SnapshotChanged(RuntimeError):
    """A refresh swapped the snapshot in the middle of a block pinned to the old one."""


class SnapshotUnsettled(RuntimeError):
    """The snapshot was swapped under every try of a render: the caller shows a "being
    refreshed" message instead of failing (the next request will most likely succeed)."""


def pinned_version(warehouse: Path) -> str | None:
    """The snapshot version the current block is pinned to for ``warehouse``, or None."""
    pinned = _pinned.get()
    return pinned[1] if pinned is not None and pinned[0] == str(warehouse) else None


@contextmanager
def one_snapshot(warehouse: Path) -> Iterator[None]:
    """Every `fetch` inside the block answers from one snapshot version, or the block fails
    with SnapshotChanged (see `render_consistently`). Nested blocks share the outer one.

    No connection is held across the block: while any connection to a path is open, DuckDB
    hands new connections that same (old) file, which would poison the cache for other
    threads.
    """
    if _pinned.get() is not None:
        yield
        return
    version = snapshot_version(warehouse)
    if version is None:
        raise SnapshotMissingError(f"no published snapshot beside {warehouse}")
    token = _pinned.set((str(Path(warehouse)), version))
    try:
        yield
    finally:
        _pinned.reset(token)


def render_consistently(warehouse: Path, render: Callable[[], T]) -> T:
    """``render()`` with all its queries from one snapshot: a callback that draws a ranking
    and a trend from two queries never shows one from the old snapshot beside one from the
    new. A swap mid-render starts the render again on the new snapshot; after RENDER_TRIES
    renders that all saw a swap it raises SnapshotUnsettled."""
    if _pinned.get() is not None:  # inside a pinned page: a swap re-renders the whole page
        return render()
    for _ in range(RENDER_TRIES):
        try:
            with one_snapshot(warehouse):
                return render()
        except SnapshotChanged:
            continue
    raise SnapshotUnsettled(str(warehouse))
