"""The district brief's own sentences, in English and Hindi. Names of districts, KPIs,
themes, sources and months come from dashboards.i18n, as on the pages."""

from __future__ import annotations

from dashboards.i18n import text_in

WORDS: dict[str, dict[str, str]] = {
    "title": {
        "en": "District brief: {district}, {month}",
        "hi": "ज़िला संक्षेप: {district}, {month}",
    },
    "subtitle": {
        "en": "Jansewa · data up to {reaches} · published {published}",
        "hi": "जनसेवा · {reaches} तक का डेटा · {published} को प्रकाशित",
    },
    "standing": {"en": "Standing among the districts", "hi": "ज़िलों में स्थिति"},
    "composite": {"en": "Composite index", "hi": "समग्र सूचकांक"},
    "not_scored": {
        "en": "not scored this month (too few KPIs with data)",
        "hi": "इस महीने अंक नहीं (डेटा वाले संकेतक बहुत कम)",
    },
    "rank_of": {"en": "{rank} of {total}", "hi": "{total} में से {rank}"},
    "rank_range": {"en": "(could be {low}–{high})", "hi": "(संभावित {low}–{high})"},
    "since_last_month": {"en": "Since the month before", "hi": "पिछले महीने से"},
    "places_up": {"en": "up {n} place(s)", "hi": "{n} स्थान ऊपर"},
    "places_down": {"en": "down {n} place(s)", "hi": "{n} स्थान नीचे"},
    "strongest": {"en": "Strongest KPI", "hi": "सबसे मज़बूत संकेतक"},
    "weakest": {"en": "Weakest KPI", "hi": "सबसे कमज़ोर संकेतक"},
    "targets": {"en": "State targets", "hi": "राज्य लक्ष्य"},
    "targets_text": {
        "en": "{met} met, {near} near, {missed} missed",
        "hi": "{met} पूरे, {near} क़रीब, {missed} चूके",
    },
    "themes": {"en": "Themes", "hi": "विषय"},
    "theme": {"en": "Theme", "hi": "विषय"},
    "sub_index": {"en": "Sub-index (0-100)", "hi": "उप-सूचकांक (0-100)"},
    "theme_rank": {"en": "Rank in the theme", "hi": "विषय में रैंक"},
    "kpi": {"en": "Indicator", "hi": "संकेतक"},
    "unit": {"en": "Unit", "hi": "इकाई"},
    "district_value": {"en": "District", "hi": "ज़िला"},
    "interval": {"en": "95 % range", "hi": "95 % दायरा"},
    "state": {"en": "State", "hi": "राज्य"},
    "rank": {"en": "Rank", "hi": "रैंक"},
    "best": {"en": "Best district", "hi": "सर्वश्रेष्ठ ज़िला"},
    "note": {"en": "Note", "hi": "टिप्पणी"},
    "composite_caption": {
        "en": "The composite index of every district this month (0-100, 100 = best), with "
        "the range its rank could take; grey bars are not ranked.",
        "hi": "इस महीने हर ज़िले का समग्र सूचकांक (0-100, 100 = सर्वश्रेष्ठ) और उसकी रैंक का "
        "संभावित दायरा; धूसर पट्टियाँ रैंक नहीं की गईं।",
    },
    "dots_caption": {
        "en": "Blue dot: {district}; black bar: the state; green diamond: the best district.",
        "hi": "नीला बिंदु: {district}; काली रेखा: राज्य; हरा हीरा: सर्वश्रेष्ठ ज़िला।",
    },
    "data_quality": {"en": "Data quality this month", "hi": "इस महीने डेटा की गुणवत्ता"},
    "no_flags": {
        "en": "No source is flagged for this district this month.",
        "hi": "इस महीने इस ज़िले का कोई स्रोत चिह्नित नहीं है।",
    },
    "how_to_read": {"en": "How to read this brief", "hi": "यह संक्षेप कैसे पढ़ें"},
    "note_ranks": {
        "en": "A rank is given only on a final month and, for a rate, on at least {min_cases} "
        "cases; districts whose 95 % ranges overlap the leader's share first place ('=1').",
        "hi": "रैंक केवल पूरे महीने पर और दर के लिए कम से कम {min_cases} मामलों पर दी जाती है; "
        "जिन ज़िलों का 95 % दायरा अग्रणी से मिलता है वे पहला स्थान साझा करते हैं ('=1')।",
    },
    "note_best": {
        "en": "Counts (they follow a district's size) and shares with no better direction "
        "(the mix of calls) have no rank or best district. Every figure here is the "
        "dashboard's district profile for the same month.",
        "hi": "गिनती वाले संकेतकों (वे ज़िले के आकार पर निर्भर हैं) और बिना बेहतर दिशा वाले "
        "हिस्सों (जैसे कॉल का मिश्रण) की कोई रैंक या सर्वश्रेष्ठ ज़िला नहीं होता। यहाँ हर "
        "आँकड़ा उसी महीने की डैशबोर्ड की ज़िला प्रोफ़ाइल का है।",
    },
    "page": {"en": "Page", "hi": "पृष्ठ"},
}


def say(key: str, lang: str, **fmt: object) -> str:
    """The brief's sentence ``key`` in ``lang`` (English when Hindi is missing)."""
    return text_in(WORDS, key, lang, **fmt)
