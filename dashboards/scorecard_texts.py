"""The words of the composite index and its ranks, in English and Hindi: the scorecard
page (/scorecard), the overview's standing of districts, the weighting sensitivity and
the cross-checks against gaming. Merged into TEXT (dashboards/texts.py)."""

from __future__ import annotations

SCORECARD_TEXT: dict[str, dict[str, str]] = {
    # The overview's standing: each district's strongest and weakest KPI.
    "standing.best": {"en": "Best ranked", "hi": "सबसे ऊपर"},
    "standing.worst": {"en": "Lowest ranked", "hi": "सबसे नीचे"},
    "standing.drivers": {
        "en": "strongest: {best} ({best_score} of 100); weakest: {worst} ({worst_score} of 100)",
        "hi": "सबसे मज़बूत: {best} (100 में {best_score}); सबसे कमज़ोर: {worst} (100 में {worst_score})",
    },
    "standing.caption": {
        "en": "{period}: each bar is a district's composite index, the weighted mean of its "
        "scored KPIs each scaled 0-100 across districts; the range in brackets is where its "
        "rank could lie given the uncertainty of its rates (districts whose ranges overlap "
        "cannot be told apart). Grey: not ranked. Below, each district's strongest and "
        "weakest KPI on the same 0-100 scale.",
        "hi": "{period}: हर पट्टी ज़िले का समग्र सूचकांक है — उसके अंकित संकेतकों का भारित औसत, "
        "हर संकेतक ज़िलों में 0-100 पर मापा गया; कोष्ठक में वह सीमा है जिसमें उसकी दरों की "
        "अनिश्चितता के साथ उसकी रैंक हो सकती है (जिनकी सीमाएँ मिलती हैं, उन्हें अलग नहीं किया जा "
        "सकता)। धूसर: रैंक नहीं। नीचे हर ज़िले का सबसे मज़बूत और सबसे कमज़ोर संकेतक, उसी 0-100 पैमाने पर।",
    },
    # The scorecard page.
    "sc.not_ranked": {"en": "not ranked", "hi": "रैंक नहीं"},
    "h.sc_ranks": {"en": "Ranks, rank ranges and ties", "hi": "रैंक, रैंक सीमा और बराबरी"},
    "h.sc_themes": {"en": "Theme sub-indices", "hi": "विषय उप-सूचकांक"},
    "h.sc_improved": {"en": "Most and least improved", "hi": "सबसे अधिक और सबसे कम सुधार"},
    "h.sc_sensitivity": {
        "en": "Does the rank depend on the weights?",
        "hi": "क्या रैंक भार पर निर्भर है?",
    },
    "h.sc_attribution": {"en": "Why the rank moved", "hi": "रैंक क्यों बदली"},
    "h.sc_gaming": {"en": "Cross-checks against gaming", "hi": "हेरफेर के विरुद्ध जाँच"},
    "col.division": {"en": "Division", "hi": "मंडल"},
    "col.division_rank": {"en": "Rank in division", "hi": "मंडल में रैंक"},
    "col.rank_range": {"en": "Rank range (95 %)", "hi": "रैंक सीमा (95 %)"},
    "col.tied_with": {
        "en": "Cannot be told apart from",
        "hi": "इनसे अलग नहीं बताया जा सकता",
    },
    "col.targets": {"en": "Targets met / near / missed", "hi": "लक्ष्य पूरे / निकट / चूके"},
    "col.gate": {"en": "Data-quality flag", "hi": "डेटा गुणवत्ता चेतावनी"},
    "col.change": {"en": "Change of composite", "hi": "समग्र सूचकांक में बदलाव"},
    "col.rank_reviewed": {"en": "Rank: reviewed weights", "hi": "रैंक: समीक्षित भार"},
    "col.rank_equal": {"en": "Rank: equal weights", "hi": "रैंक: समान भार"},
    "col.rank_theme_equal": {"en": "Rank: equal themes", "hi": "रैंक: समान विषय"},
    "col.weighting_dependent": {"en": "Depends on weights", "hi": "भार पर निर्भर"},
    "col.check": {"en": "Check", "hi": "जाँच"},
    "col.share": {"en": "Share (%)", "hi": "हिस्सा (%)"},
    "col.threshold": {"en": "Threshold (%)", "hi": "सीमा (%)"},
    "col.flagged": {"en": "Flagged", "hi": "चेतावनी"},
    "col.month": {"en": "Month", "hi": "माह"},
    "theme.helpline": {"en": "Helpline", "hi": "हेल्पलाइन"},
    "theme.passes_relief": {"en": "Passes & relief", "hi": "पास और राहत"},
    "theme.service_delivery": {"en": "Service delivery", "hi": "सेवा वितरण"},
    "theme.grievances": {"en": "Grievances", "hi": "शिकायतें"},
    "theme.e_governance": {"en": "e-Governance", "hi": "ई-गवर्नेंस"},
    "weighting.reviewed": {"en": "reviewed", "hi": "समीक्षित"},
    "weighting.equal": {"en": "equal", "hi": "समान"},
    "weighting.theme_equal": {"en": "equal themes", "hi": "समान विषय"},
    # Whether the order depends on the weights (Kendall's tau).
    "tau.lead": {
        "en": "How far the rankings agree (Kendall's τ: 1 = the same order, 0 = unrelated): ",
        "hi": "रैंकिंग कितनी मेल खाती हैं (केंडल τ: 1 = समान क्रम, 0 = कोई संबंध नहीं): ",
    },
    "tau.same": {"en": "nearly the same order", "hi": "लगभग समान क्रम"},
    "tau.similar": {"en": "similar", "hi": "मिलता-जुलता"},
    "tau.different": {"en": "different orders", "hi": "अलग क्रम"},
    # Why the rank moved, and the cross-checks against gaming.
    "fig.attribution": {
        "en": "Change of the composite index, KPI by KPI (points of 0-100)",
        "hi": "समग्र सूचकांक में बदलाव, संकेतकवार (0-100 के अंक)",
    },
    "gaming.low_rated_disposed": {
        "en": "Disposed grievances rated 1-2",
        "hi": "निपटाई गई शिकायतें जिन्हें 1-2 अंक मिले",
    },
    "gaming.reopened_share": {"en": "Reopened grievances", "hi": "फिर से खुली शिकायतें"},
    "gaming.month_end_closures": {
        "en": "Disposals in the month's last 3 days",
        "hi": "माह के अंतिम 3 दिनों में निपटान",
    },
    "gaming.food_2h_low_rated": {
        "en": "Food 'within 2 h' rated 1-2 by the caller",
        "hi": "'2 घंटे में' भोजन जिसे कॉलर ने 1-2 अंक दिए",
    },
}
