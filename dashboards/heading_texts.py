"""The section headings of the overview, quality and service pages, in English and
Hindi. Merged into TEXT (dashboards/texts.py)."""

from __future__ import annotations

HEADING_TEXT: dict[str, dict[str, str]] = {
    "h.headline": {"en": "Headline indicators, Haryana", "hi": "मुख्य संकेतक, हरियाणा"},
    "h.scorecard": {"en": "District scorecard", "hi": "ज़िला स्कोरकार्ड"},
    "h.alerts": {"en": "Alerts from the latest data checks", "hi": "नवीनतम डेटा जाँच की चेतावनियाँ"},
    "h.no_alerts": {
        "en": "All data checks of the latest run passed.",
        "hi": "नवीनतम जाँच की सभी जाँचें सफल रहीं।",
    },
    "h.no_checks": {"en": "No data-check results published yet.", "hi": "अभी कोई जाँच परिणाम नहीं।"},
    "h.kpi_table": {"en": "Every indicator", "hi": "सभी संकेतक"},
    "h.freshness": {"en": "Freshness per source and district", "hi": "स्रोत और ज़िले अनुसार ताज़गी"},
    "h.expectations": {"en": "Latest data-check results", "hi": "नवीनतम डेटा जाँच परिणाम"},
    "h.quarantine": {"en": "Quarantined rows", "hi": "अलग रखी गई पंक्तियाँ"},
    "h.data_docs": {
        "en": "Open the full data-check report (Data Docs)",
        "hi": "पूरी डेटा जाँच रिपोर्ट खोलें (जीएक्स डेटा डॉक्स)",
    },
    "h.no_data_docs": {
        "en": "No Data Docs have been built beside this warehouse yet.",
        "hi": "इस वेयरहाउस के पास अभी डेटा जाँच रिपोर्ट (डेटा डॉक्स) नहीं बनी है।",
    },
    "h.grievances": {"en": "Grievances by channel", "hi": "माध्यम अनुसार शिकायतें"},
    "h.service_table": {"en": "Centres and departments", "hi": "केंद्र और विभाग"},
    "h.standing": {
        "en": "Who is doing well or badly, and why",
        "hi": "कौन अच्छा कर रहा है, कौन पीछे है, और क्यों",
    },
    "h.composite_chart": {
        "en": "Composite index by district (0-100), with rank and 95 % rank range",
        "hi": "ज़िलेवार समग्र सूचकांक (0-100), रैंक और 95 % रैंक सीमा सहित",
    },
}
