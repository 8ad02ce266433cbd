"""Great Expectations Data Docs: one site per validated source and an index over them.

Built by the runner into a pending folder beside the warehouse; the publish step swaps the
folder in with the snapshot (pipelines/publication.py), so readers' docs describe their data.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

DOCS_SITE = "jansewa"


def write_docs_index(root: Path) -> Path:
    """A small index.html over ``root/<source>/index.html`` sites (one per validated source)."""
    links = "".join(
        f'<li><a href="{html.escape(p.parent.name)}/index.html">{html.escape(p.parent.name)}</a></li>'
        for p in sorted(root.glob("*/index.html"))
    )
    index = root / "index.html"
    index.write_text(
        f"<!doctype html><meta charset='utf-8'><title>Jansewa data quality</title>"
        f"<h1>Data quality: Great Expectations Data Docs per source</h1><ul>{links}</ul>\n",
        encoding="utf-8",
    )
    return index


def build_docs_for(context: Any, source: str, directory: Path) -> None:
    """Build one source's Data Docs site (suite and its validation results) into directory."""
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
    )

    directory.mkdir(parents=True, exist_ok=True)
    site = f"{DOCS_SITE}_{source}"
    context.add_data_docs_site(
        site,
        {
            "class_name": "SiteBuilder",
            "store_backend": {
                "class_name": "TupleFilesystemStoreBackend",
                "base_directory": str(directory),
            },
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        },
    )
    context.build_data_docs(
        site_names=[site],
        resource_identifiers=[ExpectationSuiteIdentifier(name=source)]
        + [
            key
            for key in context.validation_results_store.list_keys()
            if key.expectation_suite_identifier.name == source
        ],
    )
