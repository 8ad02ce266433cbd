"""The district profile's e-Office by office, in English and Hindi (issue 22): a
district's offices ranked on their electronic share, with each office's departments.
Merged into TEXT (dashboards/texts.py)."""

from __future__ import annotations

EOFFICE_TEXT: dict[str, dict[str, str]] = {
    "h.eoffice_offices": {"en": "e-Office by office", "hi": "कार्यालयवार ई-ऑफ़िस"},
    "eo.chart_title": {"en": "— by office, {district}", "hi": "— कार्यालयवार, {district}"},
    "eo.caption": {
        "en": "{when}: of the e-Office files each office of {district} created, the share "
        "moved electronically, with its 95 % Wilson interval; the dashed line is the "
        "district's own share.",
        "hi": "{when}: {district} के हर कार्यालय में बनी ई-ऑफ़िस फ़ाइलों में से इलेक्ट्रॉनिक "
        "रूप से चलाई गई फ़ाइलों का हिस्सा, 95 % विल्सन अंतराल सहित; टूटी रेखा ज़िले का अपना "
        "हिस्सा है।",
    },
    "eo.rank_how": {
        "en": "Rank = 1 + the number of offices whose whole 95 % interval is higher; '=' "
        "marks a shared rank (the intervals overlap, so the offices cannot be told apart). "
        "Grey: fewer than {min_cases} files, shown with their count but not ranked. Light "
        "and hatched: a provisional or partial period, not ranked.",
        "hi": "रैंक = 1 + उन कार्यालयों की संख्या जिनका पूरा 95 % अंतराल ऊँचा है; '=' साझा "
        "रैंक है (अंतराल मिलते हैं, इसलिए कार्यालयों में भेद नहीं किया जा सकता)। धूसर: "
        "{min_cases} से कम फ़ाइलें, संख्या सहित दिखाई गईं पर रैंक नहीं। हल्का और धारीदार: "
        "अनंतिम या अपूर्ण अवधि, रैंक नहीं।",
    },
    "eo.leading": {"en": "Ranked first: {offices}.", "hi": "पहले स्थान पर: {offices}।"},
    "eo.none_ranked": {
        "en": "No office is ranked in this period.",
        "hi": "इस अवधि में किसी कार्यालय को रैंक नहीं दी गई।",
    },
    "eo.week_month": {
        "en": "e-Office figures are monthly: the week is shown with its month.",
        "hi": "ई-ऑफ़िस के आँकड़े मासिक हैं: सप्ताह उसके माह के साथ दिखाया गया है।",
    },
    "eo.table_caption": {
        "en": "{when}, {district}. Each office's row (all its departments) is ranked on "
        "its electronic share; its departments follow it, not ranked. Median days per "
        "movement: over the files moved at least once, the days from creation to the last "
        "movement divided by the movements. Files idle: not closed and not moved for more "
        "than 30 days on {as_of}.",
        "hi": "{when}, {district}। हर कार्यालय की पंक्ति (उसके सभी विभाग साथ) इलेक्ट्रॉनिक "
        "हिस्से पर रैंक की गई है; उसके विभाग उसके नीचे हैं, बिना रैंक। प्रति संचलन दिन "
        "(माध्यिका): कम से कम एक बार चली फ़ाइलों पर, बनने से अंतिम संचलन तक के दिन भाग "
        "संचलनों की संख्या। रुकी फ़ाइलें: {as_of} को न बंद, न 30 दिन से अधिक समय से चलीं।",
    },
    "eo.all_departments": {"en": "All departments", "hi": "सभी विभाग"},
    "eo.no_department": {"en": "(not given)", "hi": "(नहीं दिया गया)"},
    "col.office": {"en": "Office", "hi": "कार्यालय"},
    "col.files": {"en": "Files", "hi": "फ़ाइलें"},
    "col.electronic_share": {
        "en": "Moved electronically (%)",
        "hi": "इलेक्ट्रॉनिक रूप से चलाई गई (%)",
    },
    "col.median_days_movement": {
        "en": "Median days per movement",
        "hi": "प्रति संचलन दिन (माध्यिका)",
    },
    "col.files_idle": {"en": "Files idle > 30 days", "hi": "30 दिन से अधिक रुकी फ़ाइलें"},
}
