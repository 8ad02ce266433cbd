"""The words that label values, in English and Hindi: units, which direction is better,
verdicts, funnel stages, check severities, source names, yes and no. Merged into TEXT
(dashboards/texts.py)."""

from __future__ import annotations

from warehouse.source_names import SOURCE_NAMES

VALUE_TEXT: dict[str, dict[str, str]] = {
    # Units, and which direction is better.
    "unit.percent": {"en": "%", "hi": "%"},
    "unit.calls": {"en": "calls", "hi": "कॉल"},
    "unit.count": {"en": "count", "hi": "संख्या"},
    "unit.per_lakh": {"en": "per lakh residents", "hi": "प्रति लाख निवासी"},
    "unit.rupees": {"en": "Rs", "hi": "रु."},
    "unit.score": {"en": "points out of 10", "hi": "10 में से अंक"},
    "unit.index": {"en": "index 0-100", "hi": "सूचकांक 0-100"},
    "unit.rank": {"en": "rank (1 = best)", "hi": "रैंक (1 = सर्वश्रेष्ठ)"},
    "unit.minutes": {"en": "minutes", "hi": "मिनट"},
    "unit.rts_points": {"en": "RTS points", "hi": "आरटीएस अंक"},
    "unit.min": {"en": "min", "hi": "मि."},  # short, for labels inside a chart
    "unit.days": {"en": "days", "hi": "दिन"},
    "unit.hours": {"en": "hours", "hi": "घंटे"},
    "unit.rating": {"en": "rating 1-5", "hi": "रेटिंग 1-5"},
    "unit.seconds": {"en": "seconds", "hi": "सेकंड"},
    "unit.operators": {"en": "operators", "hi": "ऑपरेटर"},
    "unit.calls_per_operator_hour": {
        "en": "calls per operator-hour",
        "hi": "कॉल प्रति ऑपरेटर-घंटा",
    },
    "unit.share_of_rostered_time": {"en": "% of rostered time", "hi": "रोस्टर समय का %"},
    "unit.transactions": {"en": "transactions", "hi": "लेनदेन"},
    "unit.rows": {"en": "rows", "hi": "पंक्तियाँ"},
    "higher_better": {"en": "higher is better", "hi": "अधिक बेहतर"},
    "lower_better": {"en": "lower is better", "hi": "कम बेहतर"},
    "no_better": {
        "en": "neither higher nor lower is better",
        "hi": "न अधिक बेहतर, न कम",
    },
    # Against the previous period.
    "vs.previous": {"en": "vs previous", "hi": "पिछली से"},
    "pp": {"en": "points", "hi": "अंक"},
    "verdict.better": {"en": "better", "hi": "बेहतर"},
    "verdict.worse": {"en": "worse", "hi": "बदतर"},
    "verdict.same": {"en": "no change", "hi": "कोई बदलाव नहीं"},
    # Sources and check severities.
    "source.scorecard": {"en": "District scorecard", "hi": "ज़िला स्कोरकार्ड"},
    "severity.blocking": {"en": "blocking", "hi": "प्रकाशन रोकने वाली"},
    "severity.warning": {"en": "warning", "hi": "चेतावनी"},
    **{f"source.{k}": {"en": en, "hi": hi} for k, (en, hi) in SOURCE_NAMES.items()},
    # Chart legends and funnel stages.
    "legend.state": {"en": "Haryana (state)", "hi": "हरियाणा (राज्य)"},
    "legend.best": {"en": "Best district", "hi": "सर्वश्रेष्ठ ज़िला"},
    "stage.applied": {"en": "Applied", "hi": "आवेदन"},
    "stage.decided": {"en": "Decided", "hi": "निर्णय"},
    "stage.issued": {"en": "Issued", "hi": "जारी"},
    "stage.eligible": {"en": "Eligible", "hi": "पात्र"},
    "stage.paid": {"en": "Paid at least once", "hi": "कम से कम एक बार भुगतान"},
    # Yes, no, withheld.
    "word.yes": {"en": "yes", "hi": "हाँ"},
    "word.no": {"en": "no", "hi": "नहीं"},
    "word.withheld": {"en": "withheld", "hi": "रोकी गई"},
}
