"""The case-list page's words in English and Hindi: the lists, the ageing buckets, and the
values the lists carry (statuses, channels, officer levels, pass types) as the export
contracts label them: one of the tables dashboards/texts.py joins into the labels."""

from __future__ import annotations

from dashboards.i18n import data_name, lang_or_default, text_in
from warehouse.sources import SOURCES

CASE_TEXT: dict[str, dict[str, str]] = {
    "cases.intro": {
        "en": "The records behind each breach, oldest first, so that an office can chase "
        "them: ids, places and dates only, never a name or a number of a person. Days "
        "overdue are counted to the data's as-of date ({as_of}), not to today. Each list's "
        "count is the KPI it explains.",
        "hi": "हर चूक के पीछे के रिकॉर्ड, सबसे पुराने पहले, ताकि कार्यालय उन पर कार्रवाई कर "
        "सके: केवल आईडी, स्थान और तिथियाँ, किसी व्यक्ति का नाम या नंबर कभी नहीं। विलंब के दिन "
        "डेटा की तिथि ({as_of}) तक गिने गए हैं, आज तक नहीं। हर सूची की गिनती वही संकेतक है "
        "जिसे वह समझाती है।",
    },
    "cases.all_lists": {"en": "All lists", "hi": "सभी सूचियाँ"},
    "cases.all_departments": {"en": "All departments", "hi": "सभी विभाग"},
    "cases.all_ages": {"en": "Any age", "hi": "कोई भी अवधि"},
    "cases.list": {"en": "List", "hi": "सूची"},
    "cases.chart_caption": {
        "en": "Each bar is a list, split by how long its cases are overdue: the darker, "
        "the older. The table below gives the numbers and the KPI each list explains.",
        "hi": "हर पट्टी एक सूची है, मामलों के विलंब के अनुसार बँटी हुई: जितना गहरा रंग, उतना "
        "पुराना। नीचे की तालिका में संख्याएँ और हर सूची का संकेतक है।",
    },
    "cases.age": {"en": "Days overdue", "hi": "विलंब (दिन)"},
    "cases.bucket": {"en": "Overdue for", "hi": "विलंब अवधि"},
    "cases.h_summary": {"en": "How many, and how old", "hi": "कितने, और कितने पुराने"},
    "cases.h_records": {"en": "The cases", "hi": "मामले"},
    "cases.h_districts": {"en": "Cases per district", "hi": "ज़िलेवार मामले"},
    "cases.choose_district": {
        "en": "Choose a district to list its cases; the table above counts them for every "
        "district.",
        "hi": "मामलों की सूची के लिए ज़िला चुनें; ऊपर की तालिका हर ज़िले के मामले गिनती है।",
    },
    "cases.none": {"en": "No case on these lists.", "hi": "इन सूचियों में कोई मामला नहीं।"},
    "cases.shown": {
        "en": "The {shown} cases most overdue of {total} are listed here; the downloads "
        "hold all {total}.",
        "hi": "{total} में से सबसे अधिक विलंबित {shown} मामले यहाँ हैं; डाउनलोड में सभी {total} हैं।",
    },
    "cases.download_xlsx": {"en": "Download all as Excel", "hi": "सभी एक्सेल में डाउनलोड करें"},
    "cases.download_csv": {"en": "Download all as CSV", "hi": "सभी CSV में डाउनलोड करें"},
    "cases.kpi": {"en": "Explains", "hi": "संकेतक"},
    "cases.total": {"en": "Cases", "hi": "मामले"},
    "cases.oldest": {"en": "Oldest (days)", "hi": "सबसे पुराना (दिन)"},
    "col.record_id": {"en": "Record id", "hi": "रिकॉर्ड आईडी"},
    "col.place": {"en": "Centre, channel or office", "hi": "केंद्र, माध्यम या कार्यालय"},
    "col.detail": {"en": "Service, level or type", "hi": "सेवा, स्तर या प्रकार"},
    "col.case_status": {"en": "Status", "hi": "स्थिति"},
    "col.opened_on": {"en": "Opened", "hi": "आरंभ"},
    "col.due_on": {"en": "Due", "hi": "नियत तिथि"},
    "kind.rts_overdue": {
        "en": "RTS applications past their timeline (auto-appeal)",
        "hi": "आरटीएस समयसीमा पार आवेदन (स्वतः अपील)",
    },
    "kind.grievance_pending_30d": {
        "en": "Grievances pending over 30 days",
        "hi": "30 दिन से अधिक लंबित शिकायतें",
    },
    "kind.appointment_no_slot_24h": {
        "en": "Appointment requests with no slot in 24 hours",
        "hi": "24 घंटे में समय न मिले मुलाक़ात अनुरोध",
    },
    "kind.relief_unpaid": {
        "en": "Eligible relief beneficiaries never paid",
        "hi": "पात्र राहत लाभार्थी जिन्हें भुगतान नहीं हुआ",
    },
    "kind.pass_pending": {
        "en": "Movement passes undecided over 2 days",
        "hi": "2 दिन से अधिक अनिर्णीत आवागमन पास",
    },
    "kind.eoffice_idle": {
        "en": "e-Office files idle over 30 days",
        "hi": "30 दिन से अधिक रुकी ई-ऑफिस फ़ाइलें",
    },
    "bucket.0-7": {"en": "0-7 days", "hi": "0-7 दिन"},
    "bucket.8-30": {"en": "8-30 days", "hi": "8-30 दिन"},
    "bucket.31-90": {"en": "31-90 days", "hi": "31-90 दिन"},
    "bucket.>90": {"en": "over 90 days", "hi": "90 दिन से अधिक"},
}

# Where each list's status and detail values are labelled in the export contracts.
_LABELS = {
    "rts_overdue": {"status": ("service_transactions", "status")},
    "grievance_pending_30d": {
        "status": ("grievances", "status"),
        "place": ("grievances", "channel"),
    },
    "appointment_no_slot_24h": {
        "status": ("appointments", "status"),
        "detail": ("appointments", "officer_level"),
    },
    "relief_unpaid": {"status": ("relief_beneficiaries", "eligibility")},
    "pass_pending": {
        "status": ("movement_passes", "status"),
        "detail": ("movement_passes", "pass_type"),
    },
}


def case_text(key: str, lang: str, **fmt: object) -> str:
    """A text of the page in ``lang`` (English when Hindi lacks it), with ``fmt`` filled in."""
    return text_in(CASE_TEXT, key, lang, **fmt)


def case_value(kind: str, column: str, value: str | None, lang: str) -> str:
    """A status, channel, officer level or pass type as the contract labels it ('pending'
    -> 'Pending', 'लंबित'); other values (centres, offices, services) as data_name shows
    them."""
    if not value:
        return ""
    where = _LABELS.get(kind, {}).get(column)
    if where is not None:
        source, name = where
        labels = SOURCES[source].column(name).labels.get(value)
        if labels:
            hindi = [x for x in labels[1:] if any("\u0900" <= c <= "\u097f" for c in x)]
            return hindi[0] if lang_or_default(lang) == "hi" and hindi else labels[0]
    return data_name(value, lang)
