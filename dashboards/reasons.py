"""The reasons the warehouse writes, in the reader's language.

Two kinds reach the pages as text: why a district's month is flagged (kpi_data_quality and
the scorecard's gate: 'quarantined: helpline_calls (23.0 % of 100 rows); stale: appointments
(no records)') and why a row was quarantined (the export contract's fixed list: 'unknown
district'). The marts keep them in one stable English grammar (alerts and CSVs compare
them); this module re-words them with the sources' and checks' names in English or Hindi.
A reason that fits no known form is shown as it is rather than not at all.
"""

from __future__ import annotations

import re

from dashboards.check_names import check_name
from dashboards.i18n import DEFAULT_LANG, format_indian, lang_or_default, source_name

_QUARANTINED = re.compile(
    r"^quarantined: (?P<source>\w+) \((?P<share>[\d.]+) % of (?P<rows>\d+)(?P<undated> undated)? rows\)$"
)
_STALE = re.compile(r"^stale: (?P<source>\w+) \(no records(?: for (?P<days>\d+) days)?\)$")
_FAILED = re.compile(r"^check failed: (?P<source>\w+)\.(?P<check>\w+)$")

# Why a row is quarantined: the fixed list of pipelines/ingest/row_problems.py (REASONS).
ROW_REASONS = {
    "conflicting duplicate id": "एक ही आईडी की अलग-अलग पंक्तियाँ",
    "date out of range": "तारीख़ सीमा से बाहर",
    "unparseable number": "संख्या पढ़ी नहीं जा सकी",
    "missing required value": "ज़रूरी मान खाली",
    "out of range number": "संख्या सीमा से बाहर",
    "times run backwards": "समय उल्टे क्रम में",
    "unknown district": "अज्ञात ज़िला",
    "unknown value": "अज्ञात मान",
    "unparseable date": "तारीख़ पढ़ी नहीं जा सकी",
}


def _one_flag(reason: str, lang: str) -> str:
    hindi = lang == "hi"
    if match := _QUARANTINED.match(reason):
        source = source_name(match["source"], lang)
        share, rows = match["share"], format_indian(int(match["rows"]))
        if hindi:
            kind = "बिना तारीख़ की " if match["undated"] else ""
            return f"{source} — {rows} {kind}पंक्तियों में से {share} % रोकी गईं"
        kind = "undated " if match["undated"] else ""
        return f"{source} — {share} % of {rows} {kind}rows quarantined"
    if match := _STALE.match(reason):
        source = source_name(match["source"], lang)
        if match["days"] is None:
            return f"{source} — कोई रिकॉर्ड नहीं" if hindi else f"{source} — no records"
        days = match["days"]
        return (
            f"{source} — {days} दिनों से कोई रिकॉर्ड नहीं"
            if hindi
            else f"{source} — no records for {days} days"
        )
    if match := _FAILED.match(reason):
        source = source_name(match["source"], lang)
        check = check_name(match["check"], match["source"], lang)
        return f"{source} — जाँच विफल: {check}" if hindi else f"{source} — check failed: {check}"
    return reason


def flag_reasons_text(reasons: str | None, lang: str = DEFAULT_LANG) -> str:
    """'quarantined: grievances (8.6 % of 93 rows); stale: appointments (no records)' in
    words: 'Grievances — 8.6 % of 93 rows quarantined; e-Sachivalaya appointments — no
    records'."""
    if not reasons:
        return ""
    lang = lang_or_default(lang)
    return "; ".join(_one_flag(part.strip(), lang) for part in reasons.split(";") if part.strip())


def row_reason_text(reason: str | None, lang: str = DEFAULT_LANG) -> str:
    """A quarantined row's reason ('unknown district') in ``lang``."""
    if not reason:
        return ""
    if lang_or_default(lang) == "hi":
        return ROW_REASONS.get(reason, reason)
    return reason
