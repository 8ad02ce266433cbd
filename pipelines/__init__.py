"""Jansewa's pipeline: export contracts, ingest, the Dagster code location and the CLI."""
