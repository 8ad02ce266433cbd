"""The warehouse's reasons put into words: every form the marts write, in both languages."""

from __future__ import annotations

from dashboards.reasons import ROW_REASONS, flag_reasons_text, row_reason_text
from pipelines.ingest.row_problems import REASONS


def test_every_quarantine_reason_of_the_ingest_has_hindi_words():
    assert set(ROW_REASONS) == set(REASONS)
    assert row_reason_text("unknown district", "hi") == "अज्ञात ज़िला"
    assert row_reason_text("unknown district", "en") == "unknown district"


def test_flag_reasons_in_english_and_hindi():
    reasons = (
        "quarantined: grievances (8.6 % of 1093 rows); stale: appointments (no records); "
        "stale: helpline_calls (no records for 9 days); "
        "quarantined: relief_payments (6.0 % of 50 undated rows); "
        "check failed: grievances.disposed_on_not_before_received_on"
    )
    assert flag_reasons_text(reasons, "en") == (
        "Grievances — 8.6 % of 1,093 rows quarantined; e-Sachivalaya appointments — no records; "
        "Helpline 1950 calls — no records for 9 days; "
        "CM relief fund: payments — 6.0 % of 50 undated rows quarantined; "
        "Grievances — check failed: Disposed On is not before Received On"
    )
    hindi = flag_reasons_text(reasons, "hi")
    assert "1,093 पंक्तियों में से 8.6 % रोकी गईं" in hindi
    assert "9 दिनों से कोई रिकॉर्ड नहीं" in hindi and "बिना तारीख़ की" in hindi
    assert not [w for w in ("quarantined", "stale", "records", "check") if w in hindi]


def test_an_unknown_form_is_shown_as_it_is():
    assert flag_reasons_text("something new: x", "hi") == "something new: x"
    assert flag_reasons_text(None, "en") == ""
