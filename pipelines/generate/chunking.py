"""Which records one chunk of a generated file holds: whole districts, day by day, up to
``Scale.chunk_rows`` records, so that memory stays bounded by one chunk.
"""

from __future__ import annotations

import numpy as np

from pipelines.generate import calendar
from pipelines.generate.scale import Period, Scale


def chunks(scale: Scale, counts: np.ndarray, period: Period):
    """(district index, day index) per record, grouped by districts up to chunk_rows."""
    a = calendar.day_index(scale, period.start)
    b = calendar.day_index(scale, period.end) + 1
    block = counts[:, a:b]
    per_district = block.sum(axis=1)
    group: list[int] = []
    size = 0
    for i in range(len(per_district)):
        if group and size + per_district[i] > scale.chunk_rows:
            yield _events(block, group, a)
            group, size = [], 0
        group.append(i)
        size += per_district[i]
    if group:
        yield _events(block, group, a)


def _events(block: np.ndarray, group: list[int], offset: int) -> tuple[np.ndarray, np.ndarray]:
    """Day-ordered events of the districts in ``group``."""
    sub = block[group]  # (districts, days)
    days = np.repeat(np.tile(np.arange(sub.shape[1]), len(group)), sub.ravel())
    d_idx = np.repeat(np.repeat(np.asarray(group), sub.shape[1]), sub.ravel())
    order = np.argsort(days, kind="stable")
    return d_idx[order], days[order] + offset
