"""A data check's id in words, in English or Hindi: 'disposed_on_not_before_received_on'
-> 'Disposed On is not before Received On' / 'Disposed On, Received On से पहले नहीं है'.

The suites (expectations/suites/*.json) name their checks by pattern -- a column, then the
rule -- so the rule is put into words here and the column is named by its header in the
export contract (the label officials see in the export files themselves). An id that fits no
pattern is shown with spaces for underscores (in Hindi, as the id itself) rather than not at
all. On a Hindi page a header is quoted (‘Call ID’): it is the export file's own English label.
"""

from __future__ import annotations

import re

from dashboards.i18n import DEFAULT_LANG, lang_or_default
from warehouse.sources import SOURCES

# (suffix of the id, English, Hindi); {col} is the column's header.
_RULES = (
    ("_not_null", "{col} is filled in", "{col} भरा हुआ है"),
    ("_unique", "{col} is not repeated", "{col} दोहराया नहीं गया"),
    ("_in_set", "{col} is one of the accepted values", "{col} स्वीकृत मानों में से है"),
    ("_in_range", "{col} is within its range", "{col} अपनी सीमा के भीतर है"),
    ("_not_in_future", "{col} is not in the future", "{col} भविष्य की तारीख़ नहीं है"),
    ("_not_before_2015", "{col} is not before 2015", "{col} 2015 से पहले की नहीं है"),
    ("_multiple_of_1000", "{col} is a multiple of Rs 1,000", "{col} Rs 1,000 का गुणज है"),
)
_VOLUME = {
    "daily_volume_vs_7day_median": (
        "Each day's rows against the median of the 7 days before",
        "हर दिन की पंक्तियाँ, पिछले 7 दिनों की माध्यिका की तुलना में",
    ),
    "weekly_volume_vs_7week_median": (
        "Each week's rows against the median of the 7 weeks before",
        "हर सप्ताह की पंक्तियाँ, पिछले 7 सप्ताहों की माध्यिका की तुलना में",
    ),
}
# Checks that fit no pattern, by id.
_NAMED = {
    **_VOLUME,
    "abandoned_agrees_with_answered_at": (
        "Abandoned and Answered At agree (an abandoned call was never answered)",
        "‘Abandoned’ और ‘Answered At’ मेल खाते हैं (छोड़ी गई कॉल का उत्तर कभी नहीं दिया गया)",
    ),
}
_ORDER = re.compile(r"^(?P<later>[a-z0-9_]+?)_not_before_(?P<earlier>[a-z][a-z0-9_]*)$")


def _header(source: str, column: str) -> str | None:
    spec = SOURCES.get(source)
    if spec is None:
        return None
    try:
        return spec.column(column).header
    except (KeyError, ValueError):
        return None


def check_name(check: str, source: str, lang: str = DEFAULT_LANG) -> str:
    """The check in words for ``source``'s contract, in ``lang``."""
    hindi = lang_or_default(lang) == "hi"
    if check in _NAMED:
        return _NAMED[check][1 if hindi else 0]
    order = _ORDER.match(check)
    if order and not order["earlier"].isdigit():
        later, earlier = _header(source, order["later"]), _header(source, order["earlier"])
        if later and earlier:
            return (
                f"‘{later}’, ‘{earlier}’ से पहले नहीं है"
                if hindi
                else f"{later} is not before {earlier}"
            )
    for suffix, english, hindi_text in _RULES:
        if check.endswith(suffix):
            header = _header(source, check.removesuffix(suffix))
            if header:
                return hindi_text.format(col=f"‘{header}’") if hindi else english.format(col=header)
    # No known form: in English its words; in Hindi the id itself, quoted as data is.
    return check if hindi else check.replace("_", " ")
