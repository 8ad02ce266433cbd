"""Each source's name as officials read it, in English and Hindi: the one list the
dashboard's labels and the alert messages both use (warehouse/sources.py holds the longer
contract titles)."""

from __future__ import annotations

SOURCE_NAMES: dict[str, tuple[str, str]] = {
    "helpline_calls": ("Helpline 1950 calls", "हेल्पलाइन 1950 कॉल"),
    "control_room_roster": ("Control-room roster", "नियंत्रण कक्ष रोस्टर"),
    "movement_passes": ("Movement passes", "मूवमेंट पास"),
    "relief_beneficiaries": ("CM relief fund: beneficiaries", "मुख्यमंत्री राहत कोष: लाभार्थी"),
    "relief_payments": ("CM relief fund: payments", "मुख्यमंत्री राहत कोष: भुगतान"),
    "migrant_registrations": ("Migrant registration", "प्रवासी पंजीकरण"),
    "service_transactions": ("Service delivery (SARAL, RTS)", "सेवा वितरण (सरल, आरटीएस)"),
    "grievances": ("Grievances", "शिकायतें"),
    "appointments": ("e-Sachivalaya appointments", "ई-सचिवालय मुलाक़ातें"),
    "eoffice_files": ("e-Office files", "ई-ऑफ़िस फ़ाइलें"),
}
