"""The control-room sections' words in English and Hindi: the district profile's "Control
room: staffed for its calls?" and the explorer's hours panel. Merged into the dashboard's
one table of labels (dashboards/texts.py, looked up by i18n.t), as each page's words are.
The Hindi names no formula: officials read "operators needed to answer 80 % of calls within
20 seconds", which is what Erlang C computes."""

from __future__ import annotations

CONTROL_ROOM_TEXT: dict[str, dict[str, str]] = {
    "h.control_room": {
        "en": "Control room: staffed for its calls?",
        "hi": "नियंत्रण कक्ष: क्या कॉल के हिसाब से स्टाफ़ था?",
    },
    "h.cr_by_hour": {
        "en": "Control rooms hour by hour: how often short-staffed",
        "hi": "घंटेवार नियंत्रण कक्ष: कितनी बार कम स्टाफ़",
    },
    "cr.no_telephony": {
        "en": "This district's call exports carry no answer times for this period, so "
        "staffing cannot be judged.",
        "hi": "इस अवधि के लिए इस ज़िले के कॉल निर्यात में उत्तर देने के समय दर्ज नहीं हैं, इसलिए "
        "स्टाफ़ पर्याप्त था या नहीं, यह आँका नहीं जा सकता।",
    },
    "cr.no_telephony_any": {
        "en": "No district's call exports carry answer times for this period, so staffing "
        "cannot be judged.",
        "hi": "इस अवधि के लिए किसी भी ज़िले के कॉल निर्यात में उत्तर देने के समय दर्ज नहीं हैं, "
        "इसलिए स्टाफ़ पर्याप्त था या नहीं, यह आँका नहीं जा सकता।",
    },
    # The district's heatmap: weekday x hour, rostered against needed.
    "cr.chart_title": {
        "en": "Operators rostered / needed, by weekday and hour — {district}",
        "hi": "रोस्टर में / आवश्यक ऑपरेटर, दिन और घंटेवार — {district}",
    },
    "cr.axis_hour": {"en": "Hour of the day (IST)", "hi": "दिन का घंटा (IST)"},
    "cr.axis_weekday": {"en": "Day of the week", "hi": "सप्ताह का दिन"},
    "cr.colorbar": {"en": "Rostered − needed", "hi": "रोस्टर − आवश्यक"},
    "cr.tick_short": {"en": "{n} short", "hi": "{n} कम"},
    "cr.tick_over": {"en": "{n} over", "hi": "{n} अधिक"},
    "cr.tick_over_more": {"en": "{n} or more over", "hi": "कम से कम {n} अधिक"},
    "cr.gap_short": {"en": "short by {n}", "hi": "{n} कम"},
    "cr.gap_over": {"en": "{n} more than needed", "hi": "आवश्यकता से {n} अधिक"},
    "cr.gap_even": {"en": "as many as needed", "hi": "जितने आवश्यक, उतने"},
    "cr.hover": {
        "en": "{day} {hours}: {rostered} operators rostered, {needed} needed (mean of {n} "
        "hours, {calls} calls): {gap}",
        "hi": "{day} {hours}: रोस्टर में {rostered} ऑपरेटर, आवश्यक {needed} ({n} घंटों का औसत, "
        "{calls} कॉल): {gap}",
    },
    "cr.hover_empty": {
        "en": "{day} {hours}: no call with an answer time",
        "hi": "{day} {hours}: उत्तर के समय वाली कोई कॉल नहीं",
    },
    "cr.caption": {
        "en": "{when}, {district}: for each weekday and hour, the operators on the roster "
        "against the operators needed to answer 80 % of calls within 20 seconds at that "
        "hour's calls and handle time, each the mean over the period's hours of that weekday "
        "and hour. Cell text: rostered/needed. Red: fewer on duty than needed; blue: more "
        "than needed; near white: about right. Grey cells are left empty: no call with an "
        "answer time came in at that hour.",
        "hi": "{when}, {district}: हर दिन और घंटे के लिए रोस्टर में ऑपरेटर, उस घंटे की कॉल और "
        "कॉल अवधि पर 80 % कॉल का 20 सेकंड में उत्तर देने के लिए आवश्यक ऑपरेटरों के मुक़ाबले; "
        "दोनों अवधि में उस दिन और घंटे के सभी घंटों का औसत। खाने में: रोस्टर/आवश्यक। लाल: "
        "आवश्यकता से कम ऑपरेटर; नीला: आवश्यकता से अधिक; लगभग सफ़ेद: लगभग ठीक। धूसर खाने खाली "
        "छोड़े गए हैं: उस घंटे उत्तर के समय वाली कोई कॉल नहीं आई।",
    },
    "cr.worst": {"en": "Most short-staffed: {cells}.", "hi": "सबसे कम स्टाफ़: {cells}।"},
    "cr.worst_cell": {
        "en": "{day} {hours}, {rostered} operators rostered for {needed} needed",
        "hi": "{day} {hours}, आवश्यक {needed} के मुक़ाबले रोस्टर में {rostered} ऑपरेटर",
    },
    "cr.none_short": {
        "en": "On average no hour of the week was short-staffed.",
        "hi": "औसतन सप्ताह का कोई भी घंटा कम स्टाफ़ वाला नहीं रहा।",
    },
    "cr.none_short_but": {
        "en": "On average no hour of the week was short-staffed; {n} of the period's {judged} "
        "single hours were.",
        "hi": "औसतन सप्ताह का कोई भी घंटा कम स्टाफ़ वाला नहीं रहा; अवधि के {judged} घंटों में से "
        "{n} अलग-अलग घंटे कम स्टाफ़ वाले रहे।",
    },
    "cr.figures": {
        "en": "{district} beside the state, {when}:",
        "hi": "{district} और राज्य, {when}:",
    },
    "cr.figure": {"en": "{kpi}: {value} (state {state})", "hi": "{kpi}: {value} (राज्य {state})"},
    "cr.hours_of": {"en": "{n} of {judged} hours", "hi": "{judged} में से {n} घंटे"},
    "cr.table_caption": {
        "en": "{when}, {district}. One row per weekday and hour judged: the hours of the "
        "period it covers, the calls offered, the mean operators rostered and needed (80 % "
        "answered within 20 seconds), rostered minus needed, and how many of the hours were "
        "short-staffed or over-staffed. A row without calls is drawn empty in the chart.",
        "hi": "{when}, {district}। आँके गए हर दिन और घंटे की एक पंक्ति: अवधि के वे घंटे, प्राप्त "
        "कॉल, रोस्टर में और आवश्यक ऑपरेटरों का औसत (20 सेकंड में 80 % उत्तर), रोस्टर घटा "
        "आवश्यक, और उनमें से कितने घंटे कम या अधिक स्टाफ़ वाले रहे। बिना कॉल वाली पंक्ति चार्ट "
        "में खाली दिखाई गई है।",
    },
    "cr.col_weekday": {"en": "Day", "hi": "दिन"},
    "cr.col_hour": {"en": "Hour (IST)", "hi": "घंटा (IST)"},
    "cr.col_hours_judged": {"en": "Hours judged", "hi": "आँके गए घंटे"},
    "cr.col_calls": {"en": "Calls offered", "hi": "प्राप्त कॉल"},
    "cr.col_rostered": {"en": "Operators rostered (mean)", "hi": "रोस्टर में ऑपरेटर (औसत)"},
    "cr.col_needed": {"en": "Operators needed (mean)", "hi": "आवश्यक ऑपरेटर (औसत)"},
    "cr.col_gap": {"en": "Rostered − needed", "hi": "रोस्टर − आवश्यक"},
    "cr.no_calls": {"en": "no call (empty in the chart)", "hi": "कोई कॉल नहीं (चार्ट में खाली)"},
    "cr.col_gap_words": {"en": "Short or over", "hi": "कम या अधिक"},
    "cr.col_understaffed": {"en": "Hours short-staffed", "hi": "कम स्टाफ़ वाले घंटे"},
    "cr.col_overstaffed": {"en": "Hours over-staffed", "hi": "अधिक स्टाफ़ वाले घंटे"},
    "cr.col_share": {"en": "Short-staffed (% of hours)", "hi": "कम स्टाफ़ (घंटों का %)"},
    # The explorer's panel: districts x hour of the day, share of hours short-staffed.
    "cr.share_title": {
        "en": "Hours short-staffed, by district and hour of the day (% of hours)",
        "hi": "कम स्टाफ़ वाले घंटे, ज़िले और दिन के घंटेवार (घंटों का %)",
    },
    "cr.share_colorbar": {"en": "% of hours short", "hi": "कम स्टाफ़ घंटों का %"},
    "cr.share_hover": {
        "en": "{district}, {hours}: {n} of {judged} hours short-staffed ({share})",
        "hi": "{district}, {hours}: {judged} में से {n} घंटे कम स्टाफ़ ({share})",
    },
    "cr.share_hover_empty": {
        "en": "{district}, {hours}: no hour judged",
        "hi": "{district}, {hours}: कोई घंटा आँका नहीं गया",
    },
    "cr.share_caption": {
        "en": "{when}: for each district, in the order of the ranking above, and each hour of "
        "the day, the share of that hour's judged hours in which fewer operators were on the "
        "roster than needed to answer 80 % of calls within 20 seconds. Cell text: that share "
        "in per cent; the deeper the red, the more often short. Grey cells are left empty: "
        "no hour judged (no call with an answer time and no roster).",
        "hi": "{when}: हर ज़िले (ऊपर की रैंकिंग के क्रम में) और दिन के हर घंटे के लिए, उस घंटे "
        "के आँके गए घंटों में से उन घंटों का हिस्सा जिनमें रोस्टर में ऑपरेटर 80 % कॉल का 20 "
        "सेकंड में उत्तर देने के लिए आवश्यक संख्या से कम थे। खाने में: वह हिस्सा प्रतिशत में; "
        "जितना गहरा लाल, उतनी अधिक बार कमी। धूसर खाने खाली छोड़े गए हैं: कोई घंटा आँका नहीं "
        "गया (उत्तर के समय वाली कोई कॉल नहीं और कोई रोस्टर नहीं)।",
    },
    "cr.share_worst": {
        "en": "Most often short: {cells}.",
        "hi": "सबसे अधिक बार कम स्टाफ़: {cells}।",
    },
    "cr.share_worst_cell": {
        "en": "{district} at {hours} ({n} of {judged} hours)",
        "hi": "{district}, {hours} ({judged} में से {n} घंटे)",
    },
    "cr.share_none": {
        "en": "No district was short-staffed at any hour of this period.",
        "hi": "इस अवधि में कोई भी ज़िला किसी भी घंटे कम स्टाफ़ वाला नहीं रहा।",
    },
    "cr.share_table_caption": {
        "en": "{when}. One row per district and hour of the day with an hour judged, "
        "districts in the order of the ranking: the hours judged, how many were "
        "short-staffed (fewer operators rostered than needed for 80 % of calls answered "
        "within 20 seconds) and their share.",
        "hi": "{when}। जिस ज़िले और दिन के घंटे में कोई घंटा आँका गया, उसकी एक पंक्ति, ज़िले "
        "रैंकिंग के क्रम में: आँके गए घंटे, उनमें से कितने कम स्टाफ़ वाले रहे (20 सेकंड में "
        "80 % कॉल के उत्तर के लिए आवश्यक से कम ऑपरेटर रोस्टर में) और उनका हिस्सा।",
    },
}
