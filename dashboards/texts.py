"""The dashboard's labels in English and Hindi: one entry per key, looked up by i18n.t.

Kept apart from the formatting code (dashboards/i18n.py) because it is data: a reviewer of
the Hindi reads this file alone. KPI names are not here: they come from the KPI catalogue.
"""

from __future__ import annotations

from dashboards.control_room_texts import CONTROL_ROOM_TEXT
from warehouse.source_names import SOURCE_NAMES

# Short labels: pages, controls, headings, captions.
TEXT: dict[str, dict[str, str]] = {
    "app.title": {"en": "Jansewa: district comparison", "hi": "जनसेवा: ज़िलों की तुलना"},
    "btn.download_csv": {"en": "Download CSV", "hi": "CSV डाउनलोड करें"},
    "fig.show_numbers": {"en": "Show the numbers", "hi": "आँकड़े दिखाएँ"},
    "fig.category": {"en": "Item", "hi": "मद"},
    "fig.attribution": {
        "en": "Change of the composite index, KPI by KPI (points of 0-100)",
        "hi": "समग्र सूचकांक में बदलाव, संकेतकवार (0-100 के अंक)",
    },
    "source.scorecard": {"en": "District scorecard", "hi": "ज़िला स्कोरकार्ड"},
    "severity.blocking": {"en": "blocking", "hi": "प्रकाशन रोकने वाली"},
    "severity.warning": {"en": "warning", "hi": "चेतावनी"},
    "col.check_id": {"en": "Check id", "hi": "जाँच आईडी"},
    **{f"source.{k}": {"en": en, "hi": hi} for k, (en, hi) in SOURCE_NAMES.items()},
    "dropdown.select_all": {"en": "Select all", "hi": "सभी चुनें"},
    "dropdown.deselect_all": {"en": "Deselect all", "hi": "सभी हटाएँ"},
    "dropdown.selected_count": {"en": "{num_selected} selected", "hi": "{num_selected} चुने गए"},
    "dropdown.search": {"en": "Search", "hi": "खोजें"},
    "dropdown.clear_search": {"en": "Clear search", "hi": "खोज साफ़ करें"},
    "dropdown.clear_selection": {"en": "Clear selection", "hi": "चयन साफ़ करें"},
    "dropdown.no_options_found": {"en": "No options found", "hi": "कोई विकल्प नहीं मिला"},
    "app.subtitle": {
        "en": "Haryana's 22 districts on citizen services",
        "hi": "नागरिक सेवाओं पर हरियाणा के 22 ज़िले",
    },
    "app.lang_switch": {"en": "हिन्दी", "hi": "English"},
    "app.lang_switch_title": {"en": "हिन्दी में देखें (view in Hindi)", "hi": "अंग्रेज़ी में देखें"},
    "app.data_reaches": {
        "en": "Data up to {day} · published {published}",
        "hi": "आँकड़े {day} तक · प्रकाशित {published}",
    },
    "nav.overview": {"en": "State overview", "hi": "राज्य सारांश"},
    "nav.explorer": {"en": "KPI explorer", "hi": "संकेतक विश्लेषण"},
    "nav.district": {"en": "District profile", "hi": "ज़िला प्रोफ़ाइल"},
    "nav.service": {"en": "Service delivery", "hi": "सेवा वितरण"},
    "nav.quality": {"en": "Data quality", "hi": "डेटा गुणवत्ता"},
    "msg.no_snapshot": {
        "en": "No data has been published yet. Run `jansewa refresh` to load the exports "
        "and publish a snapshot; this page fills in as soon as it exists.",
        "hi": "अभी कोई डेटा प्रकाशित नहीं हुआ है। निर्यात लोड करने और स्नैपशॉट प्रकाशित करने के लिए "
        "`jansewa refresh` चलाएँ; स्नैपशॉट बनते ही यह पृष्ठ भर जाएगा।",
    },
    "msg.no_mart": {
        "en": "This view is not available: the published snapshot has no table {table}.",
        "hi": "यह दृश्य उपलब्ध नहीं है: प्रकाशित स्नैपशॉट में तालिका {table} नहीं है।",
    },
    "msg.no_rows": {"en": "No data for this selection.", "hi": "इस चयन के लिए कोई डेटा नहीं।"},
    "msg.refreshing": {
        "en": "Data is being refreshed — try again in a moment.",
        "hi": "डेटा अद्यतन हो रहा है — कृपया थोड़ी देर में फिर से प्रयास करें।",
    },
    "ctl.kpi": {"en": "Indicator", "hi": "संकेतक"},
    "ctl.grain": {"en": "Period type", "hi": "अवधि का प्रकार"},
    "ctl.period": {"en": "Period", "hi": "अवधि"},
    "ctl.districts": {"en": "Districts to trend", "hi": "रुझान के लिए ज़िले"},
    "ctl.district": {"en": "District", "hi": "ज़िला"},
    "ctl.all_districts": {"en": "All districts", "hi": "सभी ज़िले"},
    "grain.day": {"en": "Day", "hi": "दिन"},
    "grain.week": {"en": "Week", "hi": "सप्ताह"},
    "grain.month": {"en": "Month", "hi": "माह"},
    "grain.total": {"en": "Whole period", "hi": "पूरी अवधि"},
    "col.district": {"en": "District", "hi": "ज़िला"},
    "col.kpi": {"en": "Indicator", "hi": "संकेतक"},
    "col.value": {"en": "Value", "hi": "मान"},
    "col.numerator": {"en": "Numerator", "hi": "अंश"},
    "col.denominator": {"en": "Denominator", "hi": "हर"},
    "col.period_start": {"en": "Period start", "hi": "अवधि आरंभ"},
    "col.rank": {"en": "Rank", "hi": "रैंक"},
    "col.previous_rank": {"en": "Previous rank", "hi": "पिछली रैंक"},
    "col.rank_change": {"en": "Rank change (+ = up)", "hi": "रैंक में बदलाव (+ = ऊपर)"},
    "col.composite_index": {"en": "Composite index (0-100)", "hi": "समग्र सूचकांक (0-100)"},
    "col.missing_kpis": {"en": "KPIs missing", "hi": "अनुपलब्ध संकेतक"},
    "col.state": {"en": "Haryana", "hi": "हरियाणा"},
    "col.best_district": {"en": "Best district", "hi": "सर्वश्रेष्ठ ज़िला"},
    "col.best_value": {"en": "Best value", "hi": "सर्वश्रेष्ठ मान"},
    "col.source": {"en": "Source", "hi": "स्रोत"},
    "col.expectation": {"en": "Check", "hi": "जाँच"},
    "col.severity": {"en": "Severity", "hi": "गंभीरता"},
    "col.success": {"en": "Passed", "hi": "सफल"},
    "col.unexpected_count": {"en": "Rows failing", "hi": "विफल पंक्तियाँ"},
    "col.observed_value": {"en": "Observed", "hi": "देखा गया मान"},
    "col.validated_at": {"en": "Checked at", "hi": "जाँच का समय"},
    "col.reason": {"en": "Reason", "hi": "कारण"},
    "col.file": {"en": "File", "hi": "फ़ाइल"},
    "col.rows": {"en": "Rows", "hi": "पंक्तियाँ"},
    "col.latest_event": {"en": "Latest record", "hi": "नवीनतम रिकॉर्ड"},
    "col.loaded_at": {"en": "Loaded at", "hi": "लोड का समय"},
    "col.age_days": {"en": "Days behind", "hi": "दिन पीछे"},
    "col.centre": {"en": "Centre", "hi": "केंद्र"},
    "col.centre_type": {"en": "Centre type", "hi": "केंद्र प्रकार"},
    "col.department": {"en": "Department", "hi": "विभाग"},
    "col.transactions": {"en": "Transactions", "hi": "लेनदेन"},
    "col.rts_score": {"en": "RTS score (0-10)", "hi": "आरटीएस अंक (0-10)"},
    "col.overdue": {"en": "Pending past RTS timeline", "hi": "आरटीएस समयसीमा से अधिक लंबित"},
    "col.channel": {"en": "Channel", "hi": "माध्यम"},
    "col.received": {"en": "Received", "hi": "प्राप्त"},
    "col.disposed": {"en": "Disposed", "hi": "निपटाए गए"},
    "col.pending_over_30d": {"en": "Pending > 30 days", "hi": "30 दिन से अधिक लंबित"},
    "col.change": {"en": "Change vs previous period", "hi": "पिछली अवधि से बदलाव"},
    "col.stage": {"en": "Stage", "hi": "चरण"},
    "col.count": {"en": "Count", "hi": "संख्या"},
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
    "vs.previous": {"en": "vs previous", "hi": "पिछली से"},
    "pp": {"en": "points", "hi": "अंक"},
    "verdict.better": {"en": "better", "hi": "बेहतर"},
    "h.standing": {
        "en": "Who is doing well or badly, and why",
        "hi": "कौन अच्छा कर रहा है, कौन पीछे है, और क्यों",
    },
    "h.composite_chart": {
        "en": "Composite index by district (0-100), with rank and 95 % rank range",
        "hi": "ज़िलेवार समग्र सूचकांक (0-100), रैंक और 95 % रैंक सीमा सहित",
    },
    "sc.not_ranked": {"en": "not ranked", "hi": "रैंक नहीं"},
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
    "tau.lead": {
        "en": "How far the rankings agree (Kendall's τ: 1 = the same order, 0 = unrelated): ",
        "hi": "रैंकिंग कितनी मेल खाती हैं (केंडल τ: 1 = समान क्रम, 0 = कोई संबंध नहीं): ",
    },
    "tau.same": {"en": "nearly the same order", "hi": "लगभग समान क्रम"},
    "tau.similar": {"en": "similar", "hi": "मिलता-जुलता"},
    "tau.different": {"en": "different orders", "hi": "अलग क्रम"},
    "verdict.worse": {"en": "worse", "hi": "बदतर"},
    "verdict.same": {"en": "no change", "hi": "कोई बदलाव नहीं"},
    "legend.state": {"en": "Haryana (state)", "hi": "हरियाणा (राज्य)"},
    "legend.best": {"en": "Best district", "hi": "सर्वश्रेष्ठ ज़िला"},
    "stage.applied": {"en": "Applied", "hi": "आवेदन"},
    "stage.decided": {"en": "Decided", "hi": "निर्णय"},
    "stage.issued": {"en": "Issued", "hi": "जारी"},
    "stage.eligible": {"en": "Eligible", "hi": "पात्र"},
    "stage.paid": {"en": "Paid at least once", "hi": "कम से कम एक बार भुगतान"},
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
}

# The defensible scorecard page (/scorecard) and the district profile's additions.
TEXT.update(
    {
        "nav.scorecard": {"en": "Scorecard", "hi": "स्कोरकार्ड"},
        "nav.cases": {"en": "Cases to chase", "hi": "लंबित मामले"},
        "ctl.division": {"en": "Peer group", "hi": "समकक्ष समूह"},
        "ctl.statewide": {"en": "Statewide", "hi": "पूरे राज्य में"},
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
        "word.yes": {"en": "yes", "hi": "हाँ"},
        "word.no": {"en": "no", "hi": "नहीं"},
        "word.withheld": {"en": "withheld", "hi": "रोकी गई"},
        "theme.helpline": {"en": "Helpline", "hi": "हेल्पलाइन"},
        "theme.passes_relief": {"en": "Passes & relief", "hi": "पास और राहत"},
        "theme.service_delivery": {"en": "Service delivery", "hi": "सेवा वितरण"},
        "theme.grievances": {"en": "Grievances", "hi": "शिकायतें"},
        "theme.e_governance": {"en": "e-Governance", "hi": "ई-गवर्नेंस"},
        "weighting.reviewed": {"en": "reviewed", "hi": "समीक्षित"},
        "weighting.equal": {"en": "equal", "hi": "समान"},
        "weighting.theme_equal": {"en": "equal themes", "hi": "समान विषय"},
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
)

# Fair comparisons: partial periods, provisional values, small samples, composite coverage
# and the data-quality flags (issue 16).
TEXT.update(
    {
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
)

# The district profile's e-Office by office (issue 22): a district's offices ranked on their
# electronic share, with each office's departments.
TEXT.update(
    {
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
)

# The control-room sections (issue 22): the district profile's staffing heatmap and the
# explorer's hours panel, in a file of their own.
TEXT.update(CONTROL_ROOM_TEXT)
