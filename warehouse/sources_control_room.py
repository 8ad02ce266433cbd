"""The contracts of the control-room sources: the helpline's calls and the rooms' duty
roster. One table because the control-room KPIs read the two together (calls against
operators on duty); warehouse/sources.py gathers it with the others."""

from __future__ import annotations

from warehouse.contract import YES_NO, Source
from warehouse.source_columns import RATING, column

HELPLINE_CATEGORIES: dict[str, tuple[str, ...]] = {
    "food_not_received": ("Food not received", "भोजन न मिलने बारे"),
    "covid_prevention": ("Covid prevention", "कोविड से बचाव संबंधित"),
    "ration": ("Ration", "राशन से संबंधित"),
    "law_and_order": ("Law and order", "कानून व्यवस्था से संबंधित"),
    "other_essentials": ("Other essentials", "अन्य आवश्यक वस्तुएं"),
    "movement_pass": ("Movement pass", "मूवमेंट पास"),
    "relief_fund": ("Relief fund", "राहत कोष"),
    "migrant_registration": ("Migrant registration", "प्रवासी पंजीकरण"),
    "general_enquiry": ("General enquiry", "General inquiry", "सामान्य पूछताछ"),
}


HELPLINE_CALLS = Source(
    name="helpline_calls",
    title="Helpline 1950 and district control-room calls",
    key="call_id",
    event_time="call_received_at",
    ordering=(
        ("call_received_at", "resolved_at"),
        ("call_received_at", "food_delivered_at"),
        ("call_received_at", "answered_at"),
        ("answered_at", "call_ended_at"),
        ("call_received_at", "call_ended_at"),
    ),
    columns=(
        column("call_id", "Call ID", "id", True),
        column("district", "District", "district", True),
        column("call_received_at", "Call Received At", "timestamp", True),
        column("helpline", "Helpline", "text"),
        column("caller_mobile", "Caller Mobile", "pii", keep=False),
        column("category", "Category", "label", True, labels=HELPLINE_CATEGORIES),
        column(
            "status",
            "Status",
            "label",
            True,
            labels={
                "open": ("Open", "खुला"),
                "resolved": ("Resolved", "हल किया गया", "समाधान"),
                "escalated": ("Escalated", "आगे भेजा गया"),
                "closed": ("Closed", "बंद"),
            },
        ),
        column("resolved_at", "Resolved At", "timestamp"),
        column("operator_id", "Operator ID", "text"),
        column("feedback_rating", "Feedback Rating", "int", range=RATING),
        column("food_delivered_at", "Food Delivered At", "timestamp"),
        # The control room's telephony (optional: older systems' exports lack all three,
        # and their calls' control-room KPIs are empty, not zero). A call abandoned
        # before it was answered has no Answered At; Call Ended At is when the line
        # closed (the caller hanging up, for an abandoned call).
        column("answered_at", "Answered At", "timestamp"),
        column("call_ended_at", "Call Ended At", "timestamp"),
        column("abandoned", "Abandoned", "flag", labels=YES_NO),
    ),
)


CONTROL_ROOM_ROSTER = Source(
    name="control_room_roster",
    title="District control-room duty roster",
    # One row per room and shift, with no id of its own: the record is the room
    # (district, helpline) and the shift's times. A later export of the same shift
    # (a corrected count) replaces it; two rows of one file for the same shift that
    # disagree are quarantined as a conflict.
    key="shift_key",
    event_time="shift_start",
    ordering=(("shift_start", "shift_end"),),
    columns=(
        column(
            "shift_key",
            "Shift",
            "id",
            derived_from=("district", "helpline", "shift_start", "shift_end"),
        ),
        column("district", "District", "district", True),
        column("helpline", "Helpline", "text", True),
        # A shift may cross midnight (Shift End on the next day); overlapping shifts of
        # one room add up.
        column("shift_start", "Shift Start", "timestamp", True),
        column("shift_end", "Shift End", "timestamp", True),
        column("operators_on_duty", "Operators On Duty", "int", True, range=(0, None)),
        # "1 clerk, police, health, food supply": typed by a clerk, may name people.
        column("other_staff", "Other Staff", "freetext"),
        column("supervisor", "Supervisor", "pii", keep=False),
    ),
)
