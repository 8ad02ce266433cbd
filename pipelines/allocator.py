"""Allocator settings for the refresh's processes: freed memory is kept a few seconds.

A refresh reads, hashes, parses and appends in slices of a quarter of a million records,
so it frees and allocates buffers of tens of megabytes hundreds of times a minute. With the
allocators' defaults most of that memory went back to the kernel at once and came back as
fresh pages: a state-year's full refresh took 11.1-11.6 million page faults and 40-43 s
of system time (a fifth of its CPU time, in zeroing pages, faults, madvise and munmap).
Two settings keep freed memory for reuse instead:

- Polars' jemalloc (``_RJEM_MALLOC_CONF``, read once when Polars loads): freed pages
  wait 5 s before they are purged, where Polars' default is 0.5 s, then go back to the
  kernel directly rather than waiting a second more as "muzzy" pages.
- glibc's malloc, which Python's own large objects use (the 4 MiB blocks the CSV
  inspection reads, the text of Windows-1252 exports rewritten as UTF-8): the heap's
  top is trimmed only past 512 MiB free, and blocks under 128 MiB come from the heap
  rather than from a fresh mapping.

Measured on the state-year sample, two alternated pairs (docs/benchmarks.md): the full
refresh took 109.0 and 111.9 s against 116.5 and 122.1 s; system time 28.5-29.0 s against
40.3-43.1 s; 6.6-6.8 million page faults. The peak resident size rose from 1.74-1.77 GB
to 1.87-1.88 GB (1.72-1.94 GB over the three refreshes of the 17:25 benchmark), under
the refresh's 2 GB budget. Keeping freed memory longer did not pay:
10 s kept the same system time with a 2.01 GB peak, and never purging took 3.5 GB.

``JANSEWA_ALLOCATOR_DEFAULTS=1`` leaves both allocators as they are (a machine short of
memory), and with it an operator's own ``_RJEM_MALLOC_CONF`` applies as written. Without
it, the setting here is added after whatever the variable holds: a process that loaded
Polars before this package (the benchmark's parent, a notebook starting a refresh) leaves
Polars' own defaults in the variable, and its children inherit them.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import platform
import sys

log = logging.getLogger(__name__)

POLARS_JEMALLOC = "dirty_decay_ms:5000,muzzy_decay_ms:0"

# mallopt(3) parameter numbers, from glibc's malloc.h.
_M_TRIM_THRESHOLD, _M_TOP_PAD, _M_MMAP_THRESHOLD = -1, -2, -3
# In this order: setting any of them turns off glibc's own rising mmap threshold, so the
# threshold comes first, and the others only once it took: with a trim threshold alone,
# every block over 128 KiB is a fresh mapping (3,000 blocks of 4 MiB allocated and freed
# took 3.1 million page faults, against 4,000-5,000 with the defaults or all three set).
GLIBC_MALLOPT = (
    (_M_MMAP_THRESHOLD, 128 << 20),
    (_M_TRIM_THRESHOLD, 512 << 20),
    (_M_TOP_PAD, 64 << 20),
)


def tune_allocators() -> None:
    """Apply the settings above to this process (and, through the variable, its children).

    Polars' part takes effect only when Polars is not loaded yet (it reads the variable
    once), which is why ``pipelines/__init__.py`` calls this before anything else.
    """
    if os.environ.get("JANSEWA_ALLOCATOR_DEFAULTS", "").strip() == "1":
        return
    if "polars" not in sys.modules:
        current = os.environ.get("_RJEM_MALLOC_CONF", "")
        if not current.endswith(POLARS_JEMALLOC):  # jemalloc takes an option's last value
            os.environ["_RJEM_MALLOC_CONF"] = f"{current},{POLARS_JEMALLOC}".lstrip(",")
    _glibc_mallopt()


def _glibc_mallopt() -> None:
    """Set GLIBC_MALLOPT, in order; nothing where the C library is not glibc, and none
    after a value glibc refuses."""
    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        return
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return
    for param, value in GLIBC_MALLOPT:
        if libc.mallopt(param, value) != 1:  # 1 is success
            log.warning("glibc refused malloc setting %s = %s; the rest are left", param, value)
            return
