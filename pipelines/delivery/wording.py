"""The words of alert notices and digests, in English and Hindi.

Names come from the reviewed files where they exist: a KPI's from the KPI catalogue
(warehouse/reference/kpis.yml), a rule's from the alert rules (warehouse/reference/alerts.yml,
``name`` / ``name_hi`` when a rule has them). A rule without a name is said by what its kind
watches ("Call resolution rate below its target"), so a message says what the dashboard
says; an id nothing names is spelt out, quoted on a Hindi message.
"""

from __future__ import annotations

import functools
from pathlib import Path

import yaml

from pipelines.delivery.figure_text import source_name, spelt
from warehouse.case_kinds import CASE_KINDS
from warehouse.kpi_catalogue import catalogue
from warehouse.yaml_files import load_yaml

ALERT_RULES_FILE = Path(__file__).resolve().parents[2] / "warehouse" / "reference" / "alerts.yml"

TEXT: dict[str, dict[str, str]] = {
    "brand": {"en": "Jansewa", "hi": "जनसेवा"},
    "severity.warning": {"en": "Warning", "hi": "चेतावनी"},
    "severity.critical": {"en": "Critical", "hi": "गंभीर"},
    "alert.subject.opened": {
        "en": "[{brand}] {severity} alert: {district} – {rule}{period}",
        "hi": "[{brand}] {severity} अलर्ट: {district} – {rule}{period}",
    },
    "alert.subject.closed": {
        "en": "[{brand}] Alert closed: {district} – {rule}{period}",
        "hi": "[{brand}] अलर्ट बंद: {district} – {rule}{period}",
    },
    "alert.lead.opened": {
        "en": "{severity} alert for {district}{period}: {rule}.",
        "hi": "{district}{period} के लिए {severity} अलर्ट: {rule}।",
    },
    "alert.lead.closed": {
        "en": "The alert for {district}{period} is closed: {rule}.",
        "hi": "{district}{period} का अलर्ट बंद हो गया है: {rule}।",
    },
    "alert.kpi": {"en": "KPI: {name}", "hi": "संकेतक: {name}"},
    "alert.figures": {"en": "Figures:", "hi": "आँकड़े:"},
    "alert.opened_at": {"en": "Opened: {when}", "hi": "खुला: {when}"},
    "alert.closed_at": {"en": "Closed: {when}", "hi": "बंद: {when}"},
    "link": {"en": "On the dashboard: {url}", "hi": "डैशबोर्ड पर देखें: {url}"},
    "footer": {
        "en": "Sent by Jansewa to the {role}, {district}, as listed in {file}.",
        "hi": "जनसेवा द्वारा {district} के {role} को भेजा गया ({file} के अनुसार)।",
    },
    "digest.subject": {
        "en": "[{brand}] Weekly digest: {district}, {week}",
        "hi": "[{brand}] साप्ताहिक सारांश: {district}, {week}",
    },
    "digest.lead": {
        "en": "Weekly digest for {district}, {week}.",
        "hi": "{district} का साप्ताहिक सारांश, {week}।",
    },
    "digest.brief": {
        "en": "The district brief for {month} is attached ({files}).",
        "hi": "{month} का ज़िला ब्रीफ़ संलग्न है ({files})।",
    },
    "digest.no_brief": {
        "en": "The district brief could not be attached this week: {reason}",
        "hi": "इस सप्ताह ज़िला ब्रीफ़ संलग्न नहीं हो सका: {reason}",
    },
    "digest.no_pdf": {
        "en": "The PDF could not be made this week: {reason}",
        "hi": "इस सप्ताह पीडीएफ़ नहीं बन सका: {reason}",
    },
    "digest.alerts": {"en": "Open alerts ({count}):", "hi": "खुले अलर्ट ({count}):"},
    "digest.no_alerts": {"en": "No open alerts.", "hi": "कोई खुला अलर्ट नहीं है।"},
    "digest.cases": {
        "en": "Overdue cases: {total} (by list, with the most overdue):",
        "hi": "विलंबित मामले: {total} (सूची के अनुसार, सबसे अधिक विलंबित सहित):",
    },
    "digest.no_cases": {"en": "No overdue cases.", "hi": "कोई विलंबित मामला नहीं है।"},
    "digest.no_case_lists": {
        "en": "Case lists are not in the published snapshot yet.",
        "hi": "प्रकाशित स्नैपशॉट में अभी मामलों की सूचियाँ नहीं हैं।",
    },
    "digest.case": {
        "en": "{days} days overdue ({bucket} days)",
        "hi": "{days} दिन विलंबित ({bucket} दिन)",
    },
    "digest.link": {"en": "The district on the dashboard: {url}", "hi": "डैशबोर्ड पर ज़िला: {url}"},
    "week": {"en": "week of {day}", "hi": "{day} से शुरू सप्ताह"},
}

KIND_PHRASES = {
    "kpi_below_target": ("{kpi} below its target", "{kpi} लक्ष्य से कम"),
    "rank_drop": ("composite rank fell", "समग्र रैंक में गिरावट"),
    "overdue_growth": ("{kpi} growing", "{kpi} में वृद्धि"),
    "data_quality": ("data-quality flag on {source}", "{source} पर डेटा गुणवत्ता चेतावनी"),
    "stale_source": ("{source}: exports not arriving", "{source}: निर्यात नहीं आ रहे"),
    "refresh_failed": ("the refresh is failing", "रिफ़्रेश विफल हो रहा है"),
}

CASE_KIND_NAMES = {
    "rts_overdue": ("RTS application past its timeline", "आरटीएस समय-सीमा बीता आवेदन"),
    "grievance_pending_30d": ("Grievance pending over 30 days", "30 दिन से अधिक लंबित शिकायत"),
    "appointment_no_slot_24h": (
        "Appointment with no slot in 24 h",
        "24 घंटे में समय न पाने वाला मुलाक़ात अनुरोध",
    ),
    "relief_unpaid": ("Eligible relief beneficiary never paid", "भुगतान न पाने वाला पात्र लाभार्थी"),
    "pass_pending": ("Movement pass undecided", "अनिर्णीत मूवमेंट पास आवेदन"),
    "eoffice_idle": ("e-Office file idle", "रुकी हुई ई-ऑफ़िस फ़ाइल"),
}


def say(key: str, lang: str, **values: object) -> str:
    """The text of ``key`` in ``lang`` (English when Hindi is missing), filled in."""
    entry = TEXT[key]
    brand = TEXT["brand"].get(lang) or TEXT["brand"]["en"]
    return (entry.get(lang) or entry["en"]).format(brand=brand, **values)


def severity_name(severity: str, lang: str) -> str:
    key = f"severity.{severity}"
    return say(key, lang) if key in TEXT else severity


def kpi_name(kpi: str | None, lang: str) -> str | None:
    """A KPI id in words, from the catalogue."""
    if not kpi:
        return None
    entry = catalogue().get(kpi)
    return entry.name_in(lang) if entry is not None else spelt(kpi, lang)


@functools.cache
def _rule_names() -> dict[str, tuple[str | None, str | None]]:
    """{rule id: (English name, Hindi name)} from the alert rules file, where it names them."""
    try:
        spec = load_yaml(ALERT_RULES_FILE.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return {}
    rules = spec.get("rules") if isinstance(spec, dict) else None
    if not isinstance(rules, list):
        return {}
    return {
        str(body["id"]): (
            body.get("name") or body.get("title"),
            body.get("name_hi") or body.get("title_hi"),
        )
        for body in rules
        if isinstance(body, dict) and body.get("id")
    }


def rule_name(rule: str, kind: str, kpi: str | None, lang: str, source: str | None = None) -> str:
    """An alert's rule in words: its name in the rules file, else what its kind watches
    ('Call resolution rate below its target'), else its id spelt out."""
    en, hi = _rule_names().get(rule, (None, None))
    named = hi if lang == "hi" else en
    if named:
        return str(named)
    phrase = KIND_PHRASES.get(kind)
    if phrase is None:
        return spelt(rule, lang)
    text = (phrase[1] if lang == "hi" else phrase[0]).format(
        kpi=kpi_name(kpi, lang) or "", source=source_name(source or "", lang) if source else ""
    )
    return text[:1].upper() + text[1:]


def case_kind_name(kind: str, lang: str) -> str:
    names = CASE_KIND_NAMES.get(kind)
    if names is not None:
        return names[1] if lang == "hi" else names[0]
    spec = CASE_KINDS.get(kind)
    return (f"‘{spec.title}’" if lang == "hi" else spec.title) if spec else spelt(kind, lang)
