"""The dashboard's labels in English and Hindi: one entry per key, looked up by i18n.t.

Kept apart from the formatting code (dashboards/i18n.py) because it is data: a reviewer of
the Hindi reads the *_texts.py files alone. KPI names are not here: they come from the KPI
catalogue. This module only joins the tables into the one that i18n.t reads.
"""

from __future__ import annotations

from dashboards.app_texts import APP_TEXT
from dashboards.column_texts import COLUMN_TEXT
from dashboards.control_room_texts import CONTROL_ROOM_TEXT
from dashboards.eoffice_texts import EOFFICE_TEXT
from dashboards.fair_texts import FAIR_TEXT
from dashboards.heading_texts import HEADING_TEXT
from dashboards.scorecard_texts import SCORECARD_TEXT
from dashboards.value_texts import VALUE_TEXT

# Joined in this order: a key in a later table replaces the same key in an earlier one
# ("col.change" reads as the scorecard's "Change of composite").
TEXT: dict[str, dict[str, str]] = {
    **APP_TEXT,
    **COLUMN_TEXT,
    **HEADING_TEXT,
    **VALUE_TEXT,
    **SCORECARD_TEXT,
    **FAIR_TEXT,
    **EOFFICE_TEXT,
    **CONTROL_ROOM_TEXT,
}
