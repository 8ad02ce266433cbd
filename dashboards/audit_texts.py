"""The words of the audit page and of the signed-in user's box, in English and Hindi: one of
the tables dashboards/texts.py joins into the dashboard's labels."""

from __future__ import annotations

from dashboards.i18n import district_name, text_in

AUDIT_TEXT: dict[str, dict[str, str]] = {
    "nav.audit": {"en": "Audit log", "hi": "ऑडिट लॉग"},
    "audit.intro": {
        "en": "Who signed in, downloaded a file, opened a case list or was refused a view, "
        "newest first (the latest {limit}). Times are India Standard Time. Kept apart from "
        "the published data; only the state cell sees this page.",
        "hi": "किसने साइन इन किया, फ़ाइल डाउनलोड की, लंबित मामलों की सूची खोली या किसे कोई दृश्य "
        "देखने से रोका गया — सबसे नए पहले (अंतिम {limit})। समय भारतीय मानक समय में है। यह "
        "प्रकाशित डेटा से अलग रखा जाता है; यह पृष्ठ केवल राज्य सेल देखता है।",
    },
    "audit.off": {
        "en": "Sign-in is not configured on this installation, so nothing is audited. Set "
        "JANSEWA_USERS_FILE or JANSEWA_OIDC_ISSUER (README, 'Sign-in and roles').",
        "hi": "इस इंस्टॉलेशन पर साइन इन कॉन्फ़िगर नहीं है, इसलिए कुछ भी ऑडिट नहीं होता। "
        "JANSEWA_USERS_FILE या JANSEWA_OIDC_ISSUER सेट करें (README, 'Sign-in and roles')।",
    },
    "audit.event": {"en": "Event", "hi": "घटना"},
    "audit.all_events": {"en": "All events", "hi": "सभी घटनाएँ"},
    "audit.at": {"en": "When", "hi": "कब"},
    "audit.user": {"en": "User", "hi": "उपयोगकर्ता"},
    "audit.role": {"en": "Role", "hi": "भूमिका"},
    "audit.via": {"en": "Signed in with", "hi": "साइन इन का माध्यम"},
    "audit.what": {"en": "What", "hi": "क्या"},
    "audit.outcome": {"en": "Outcome", "hi": "परिणाम"},
    "audit.address": {"en": "Address", "hi": "पता"},
    "audit.none": {"en": "Nothing recorded yet.", "hi": "अभी तक कुछ दर्ज नहीं हुआ।"},
    "event.sign_in": {"en": "Signed in", "hi": "साइन इन"},
    "event.sign_in_failed": {"en": "Sign-in failed", "hi": "साइन इन विफल"},
    "event.sign_out": {"en": "Signed out", "hi": "साइन आउट"},
    "event.idle_timeout": {"en": "Session ended (idle)", "hi": "सत्र समाप्त (निष्क्रिय)"},
    "event.download": {"en": "Download", "hi": "डाउनलोड"},
    "event.case_list_view": {"en": "Case list viewed", "hi": "मामलों की सूची देखी"},
    "event.refused": {"en": "Refused", "hi": "अस्वीकृत"},
    "via.local": {"en": "users file", "hi": "उपयोगकर्ता फ़ाइल"},
    "via.oidc": {"en": "identity provider", "hi": "पहचान प्रदाता"},
    "role.state": {"en": "State cell", "hi": "राज्य सेल"},
    "role.analyst": {"en": "Analyst", "hi": "विश्लेषक"},
    "role.district": {"en": "District office, {district}", "hi": "ज़िला कार्यालय, {district}"},
    "user.sign_out": {"en": "Sign out", "hi": "साइन आउट"},
}


def audit_text(key: str, lang: str, **fmt: object) -> str:
    """A word of the audit page or user box in ``lang``."""
    return text_in(AUDIT_TEXT, key, lang, **fmt)


def role_name(role: str, district: str | None, lang: str) -> str:
    """'State cell', 'Analyst' or 'District office, Jhajjar' in ``lang``."""
    if role == "district" and district:
        return audit_text("role.district", lang, district=district_name(district, lang))
    return audit_text(f"role.{role}", lang)
