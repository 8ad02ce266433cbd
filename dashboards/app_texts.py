"""The words of the app's frame and of the controls every page shares, in English and
Hindi: title, navigation, messages, filters, dropdowns, the CSV button. Merged into
TEXT (dashboards/texts.py)."""

from __future__ import annotations

APP_TEXT: dict[str, dict[str, str]] = {
    # The frame: title, language switch, navigation.
    "app.title": {"en": "Jansewa: district comparison", "hi": "जनसेवा: ज़िलों की तुलना"},
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
    "nav.scorecard": {"en": "Scorecard", "hi": "स्कोरकार्ड"},
    "nav.cases": {"en": "Cases to chase", "hi": "लंबित मामले"},
    # What a page says in place of data.
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
    # Filters.
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
    "ctl.division": {"en": "Peer group", "hi": "समकक्ष समूह"},
    "ctl.statewide": {"en": "Statewide", "hi": "पूरे राज्य में"},
    # Dropdowns, charts and tables.
    "btn.download_csv": {"en": "Download CSV", "hi": "CSV डाउनलोड करें"},
    "fig.show_numbers": {"en": "Show the numbers", "hi": "आँकड़े दिखाएँ"},
    "fig.category": {"en": "Item", "hi": "मद"},
    "dropdown.select_all": {"en": "Select all", "hi": "सभी चुनें"},
    "dropdown.deselect_all": {"en": "Deselect all", "hi": "सभी हटाएँ"},
    "dropdown.selected_count": {"en": "{num_selected} selected", "hi": "{num_selected} चुने गए"},
    "dropdown.search": {"en": "Search", "hi": "खोजें"},
    "dropdown.clear_search": {"en": "Clear search", "hi": "खोज साफ़ करें"},
    "dropdown.clear_selection": {"en": "Clear selection", "hi": "चयन साफ़ करें"},
    "dropdown.no_options_found": {"en": "No options found", "hi": "कोई विकल्प नहीं मिला"},
}
