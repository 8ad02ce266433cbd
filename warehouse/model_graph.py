"""Which tables each SQL model reads, read from its SQL (comments aside).

One reading serves the Dagster lineage (pipelines/defs/marts.py: an asset depends on the
tables its model names) and the partitioned rebuild (warehouse/partitioned_build.py: a
model's partitions follow the staging tables it reads, directly or through intermediate
views), so the two cannot disagree about a model's inputs.
"""

from __future__ import annotations

import re

from warehouse.model_files import INTERMEDIATE_MODELS, MODELS, model_sql

_TABLE_NAME = re.compile(r"\b(?:stg|int|kpi|case|ref)_[a-z0-9_]+\b")
_COMMENT = re.compile(r"--[^\n]*")


def tables_read(model: str) -> set[str]:
    """The stg_, int_, kpi_, case_ and ref_ names a model's SQL mentions, itself excluded."""
    code = _COMMENT.sub("", model_sql(model))
    return set(_TABLE_NAME.findall(code)) - {model}


def models_read(model: str) -> set[str]:
    """The intermediate and mart models a model reads directly."""
    return tables_read(model) & set(MODELS)


def staging_read(model: str) -> set[str]:
    """The stg_ tables a model reads, directly or through the intermediate views it reads."""
    found = {t for t in tables_read(model) if t.startswith("stg_")}
    for name in models_read(model) & set(INTERMEDIATE_MODELS):
        found |= staging_read(name)
    return found


def reference_read(model: str) -> set[str]:
    """The ref_ tables a model reads, directly or through the intermediate views it reads."""
    found = {t for t in tables_read(model) if t.startswith("ref_")}
    for name in models_read(model) & set(INTERMEDIATE_MODELS):
        found |= reference_read(name)
    return found
