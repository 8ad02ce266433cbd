"""The district brief: what a district office prints or forwards -- its standing among the
districts, every KPI of each theme beside the state and the best district, and the notes
that explain ranks and data quality -- in English or Hindi, as offline HTML and PDF.
`jansewa report --district D --lang en|hi` writes it; the weekly digest sends it.
"""

from dashboards.brief.content import NoSuchPeriodError, build_brief
from dashboards.brief.document import BriefFiles, write_brief
from dashboards.brief.images import ChartsUnavailableError

__all__ = [
    "BriefFiles",
    "ChartsUnavailableError",
    "NoSuchPeriodError",
    "build_brief",
    "write_brief",
]
