"""The words of fair comparisons, in English and Hindi (issue 16): partial periods,
provisional values, small samples, composite coverage and the data-quality flags.
Merged into TEXT (dashboards/texts.py)."""

from __future__ import annotations

FAIR_TEXT: dict[str, dict[str, str]] = {
    "tag.partial": {"en": "partial", "hi": "अपूर्ण"},
    "note.too_few": {"en": "too few cases", "hi": "बहुत कम मामले"},
    "note.provisional": {"en": "provisional", "hi": "अनंतिम"},
    "note.partial": {"en": "partial period", "hi": "अपूर्ण अवधि"},
    "status.final": {"en": "final", "hi": "अंतिम"},
    "col.interval": {"en": "95 % interval", "hi": "95 % अंतराल"},
    "col.cases": {"en": "Cases (n)", "hi": "मामले (n)"},
    "col.status": {"en": "Not ranked because", "hi": "रैंक नहीं, क्योंकि"},
    "col.kpis_scored": {"en": "KPIs scored", "hi": "आँके गए संकेतक"},
    "col.unranked_reason": {"en": "Why not ranked", "hi": "रैंक क्यों नहीं"},
    "sc.n_of": {"en": "{n} of {total}", "hi": "{total} में से {n}"},
    "sc.unranked_hi": {
        "en": "{reason}",
        "hi": "{total} में से केवल {n} संकेतकों पर आँका गया: रैंक के लिए बहुत कम",
    },
    "banner.partial": {
        "en": "{period} is a partial period: not every source has been exported to its "
        "last day ({end}) yet. Its counts are incomplete and rates over recent cases "
        "(disposal, on-time delivery, payment) are lower than they will be, so its values "
        "are shown but no district is ranked on them. The latest complete period is "
        "{latest}.",
        "hi": "{period} अपूर्ण अवधि है: हर स्रोत का निर्यात अभी उसके अंतिम दिन ({end}) तक नहीं "
        "पहुँचा है। इसकी गिनतियाँ अधूरी हैं और हाल के मामलों की दरें (निपटान, समय पर सेवा, "
        "भुगतान) आगे बढ़ेंगी, इसलिए मान दिखाए गए हैं पर किसी ज़िले को रैंक नहीं दी गई। "
        "नवीनतम पूर्ण अवधि: {latest}।",
    },
    "banner.no_complete": {"en": "none yet", "hi": "अभी कोई नहीं"},
    "rank.how": {
        "en": "Rank = 1 + the number of districts whose whole 95 % interval is better than "
        "this district's; '=' marks a shared rank (the intervals overlap, so the districts "
        "cannot be told apart). Error bars: the 95 % Wilson interval. Grey: fewer than "
        "{min_cases} cases, not ranked. Light and hatched: provisional or partial, not "
        "ranked.",
        "hi": "रैंक = 1 + उन ज़िलों की संख्या जिनका पूरा 95 % अंतराल इस ज़िले से बेहतर है; '=' "
        "साझा रैंक है (अंतराल मिलते हैं, इसलिए ज़िलों में भेद नहीं किया जा सकता)। त्रुटि रेखा: "
        "95 % विल्सन अंतराल। धूसर: {min_cases} से कम मामले, रैंक नहीं। हल्का और धारीदार: "
        "अनंतिम या अपूर्ण, रैंक नहीं।",
    },
    "rank.none": {
        "en": "{when}: no district is ranked on {kpi}: its values are {note} (shown "
        "lighter); the state as a whole is at {state}.",
        "hi": "{when}: {kpi} पर किसी ज़िले को रैंक नहीं दी गई: मान {note} हैं (हल्के रंग में); "
        "राज्य का मान {state}।",
    },
    "rank.tied": {
        "en": "{n} more districts share first place (their intervals overlap).",
        "hi": "{n} और ज़िले पहले स्थान पर बराबर हैं (उनके अंतराल मिलते हैं)।",
    },
    "rank.too_few": {
        "en": "Not ranked for fewer than {min_cases} cases: {n}.",
        "hi": "{min_cases} से कम मामलों के कारण बिना रैंक: {n}।",
    },
    "card.provisional": {
        "en": "provisional: the cohort is not mature yet",
        "hi": "अनंतिम: समूह अभी परिपक्व नहीं",
    },
    "alert.flagged": {
        "en": "{n} districts flagged in {period}: see Data quality",
        "hi": "{period} में {n} ज़िलों पर डेटा गुणवत्ता चेतावनी: डेटा गुणवत्ता देखें",
    },
    "alert.flagged_one": {
        "en": "1 district flagged in {period}: see Data quality",
        "hi": "{period} में 1 ज़िले पर डेटा गुणवत्ता चेतावनी: डेटा गुणवत्ता देखें",
    },
    "alert.flags_note": {
        "en": "Flags of the sources the scorecard uses (stale source, quarantined rows, "
        "failed checks), per source, district and month: the same flags the scorecard "
        "shows beside a rank.",
        "hi": "स्कोरकार्ड के स्रोतों की चेतावनियाँ (पुराना स्रोत, अलग रखी पंक्तियाँ, विफल जाँच), "
        "स्रोत, ज़िले और माह अनुसार: वही जो स्कोरकार्ड रैंक के साथ दिखाता है।",
    },
    "alert.none": {
        "en": "No district is flagged in {period}, and every check of the latest run passed.",
        "hi": "{period} में किसी ज़िले पर चेतावनी नहीं, और नवीनतम जाँच की सभी जाँचें सफल रहीं।",
    },
    "alert.failed_checks": {
        "en": "Checks that failed in the latest run:",
        "hi": "नवीनतम जाँच में विफल जाँचें:",
    },
    "h.dq_flags": {
        "en": "Flags per source, district and month",
        "hi": "स्रोत, ज़िले और माह अनुसार चेतावनियाँ",
    },
    "sc.coverage_caption": {
        "en": "KPIs scored: the KPIs of the district's composite out of those scored for "
        "any district that period; a KPI with too few cases or a value that is not final "
        "is left out. Below the reviewed minimum coverage the district is listed with its "
        "composite but not ranked, with the reason.",
        "hi": "आँके गए संकेतक: उस अवधि में किसी भी ज़िले के लिए आँके गए संकेतकों में से इस "
        "ज़िले के समग्र में शामिल संकेतक; बहुत कम मामलों वाला या अंतिम न हुआ मान छोड़ा जाता "
        "है। समीक्षित न्यूनतम कवरेज से कम पर ज़िला समग्र सहित सूचीबद्ध है, पर कारण सहित "
        "बिना रैंक।",
    },
}
