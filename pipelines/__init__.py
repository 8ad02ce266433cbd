"""Jansewa's pipeline: export contracts, ingest, the Dagster code location and the CLI.

The allocators are set before anything else is imported (pipelines/allocator.py says why):
Polars reads its setting once, when it loads, and the Dagster code location, the
`jansewa` refresh and the benchmark's refresh all import this package before Polars.
"""

from pipelines.allocator import tune_allocators

tune_allocators()
