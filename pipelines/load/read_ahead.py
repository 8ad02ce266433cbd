"""The next item of an iterator computed on a thread while the caller works on this one.

Staging parses a file a slice at a time: read the slice's raw rows back and clean them
(DuckDB and Polars), then append its versions (DuckDB). One after the other the step kept
1.4 of the 2 cores busy; the slices' work runs outside Python's lock, so reading and cleaning
the next slice while this one is appended overlaps them.
"""

from __future__ import annotations

from collections.abc import Generator
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")
_END = object()


def read_ahead(items: Generator[T, None, None]) -> Generator[T, None, None]:
    """Yield ``items`` in order, the next one computed on a thread of its own meanwhile.

    At most one item waits ahead of the caller. An exception raised by ``items`` comes out
    here, where its item would have; when the caller stops early, the item being computed
    is finished and ``items`` is closed (its ``finally`` blocks run) before this returns.
    """
    with ThreadPoolExecutor(1, thread_name_prefix="read-ahead") as pool:
        pending = pool.submit(next, items, _END)
        try:
            while (item := pending.result()) is not _END:
                pending = pool.submit(next, items, _END)
                yield item
        finally:
            if not pending.cancel():
                pending.exception()  # wait for it to finish, whatever it raised
            items.close()
