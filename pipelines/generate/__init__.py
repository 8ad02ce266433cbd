"""The calibrated sample-export generator behind `jansewa generate`.

It writes exports of all ten sources as real systems do (CSV in three encodings, Excel
with title rows, four date formats, district aliases, Hindi labels, re-exports, bad rows and
duplicates) while Jhajjar's and Gurugram's published figures (DOMAIN.md) come out exactly
once the pipeline has cleaned them. See runner.py for the flow and plan.py for which file
carries which kind of messiness.
"""

from pipelines.generate.runner import generate_exports
from pipelines.generate.summary import FileRecord, GenerateSummary

__all__ = ["FileRecord", "GenerateSummary", "generate_exports"]
