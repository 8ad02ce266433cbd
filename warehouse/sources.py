"""The export contracts of the ten sources (shared EXPORTS.md), as data.

Everything that differs between sources lives here: the columns with their header label,
kind, whether they are required, the accepted labels (English and Hindi) of categorical
columns, the record key, the personal fields, the ordering rules ("times running backwards")
and the numeric ranges. The ingest code, the staging schema, the sample generator and the
validation suites all read these specs, so a source is added or changed in one place. What a
column kind means is documented in warehouse/contract.py.
"""

from __future__ import annotations

from warehouse.contract import (
    HASHED_KINDS,
    STAGED_TYPES,
    YES_NO,
    Column,
    Kind,
    Source,
    header_key,
    staging_columns,
)

__all__ = [
    "EARLIEST_DATE",
    "HASHED_KINDS",
    "HELPLINE_CATEGORIES",
    "SOURCES",
    "SOURCE_NAMES",
    "STAGED_TYPES",
    "YES_NO",
    "Column",
    "Kind",
    "Source",
    "header_key",
    "staging_columns",
]


def _c(name: str, header: str, kind: Kind, required: bool = False, **kw) -> Column:
    return Column(name=name, header=header, kind=kind, required=required, **kw)


RATING = (1, 5)

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

SOURCES: dict[str, Source] = {}


def _register(source: Source) -> Source:
    SOURCES[source.name] = source
    return source


HELPLINE_CALLS = _register(
    Source(
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
            _c("call_id", "Call ID", "id", True),
            _c("district", "District", "district", True),
            _c("call_received_at", "Call Received At", "timestamp", True),
            _c("helpline", "Helpline", "text"),
            _c("caller_mobile", "Caller Mobile", "pii", keep=False),
            _c("category", "Category", "label", True, labels=HELPLINE_CATEGORIES),
            _c(
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
            _c("resolved_at", "Resolved At", "timestamp"),
            _c("operator_id", "Operator ID", "text"),
            _c("feedback_rating", "Feedback Rating", "int", range=RATING),
            _c("food_delivered_at", "Food Delivered At", "timestamp"),
            # The control room's telephony (optional: older systems' exports lack all three,
            # and their calls' control-room KPIs are empty, not zero). A call abandoned
            # before it was answered has no Answered At; Call Ended At is when the line
            # closed (the caller hanging up, for an abandoned call).
            _c("answered_at", "Answered At", "timestamp"),
            _c("call_ended_at", "Call Ended At", "timestamp"),
            _c("abandoned", "Abandoned", "flag", labels=YES_NO),
        ),
    )
)

CONTROL_ROOM_ROSTER = _register(
    Source(
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
            _c(
                "shift_key",
                "Shift",
                "id",
                derived_from=("district", "helpline", "shift_start", "shift_end"),
            ),
            _c("district", "District", "district", True),
            _c("helpline", "Helpline", "text", True),
            # A shift may cross midnight (Shift End on the next day); overlapping shifts of
            # one room add up.
            _c("shift_start", "Shift Start", "timestamp", True),
            _c("shift_end", "Shift End", "timestamp", True),
            _c("operators_on_duty", "Operators On Duty", "int", True, range=(0, None)),
            # "1 clerk, police, health, food supply": typed by a clerk, may name people.
            _c("other_staff", "Other Staff", "freetext"),
            _c("supervisor", "Supervisor", "pii", keep=False),
        ),
    )
)

MOVEMENT_PASSES = _register(
    Source(
        name="movement_passes",
        title="SARAL movement-pass applications",
        key="application_no",
        event_time="applied_on",
        ordering=(("applied_on", "decision_on"),),
        columns=(
            _c("application_no", "Application No", "id", True),
            _c("district", "District", "district", True),
            _c("applied_on", "Applied On", "timestamp", True),
            _c("applicant_name", "Applicant Name", "pii", keep=False),
            _c("mobile", "Mobile", "pii", keep=False),
            _c("vehicle_no", "Vehicle No", "pii", keep=False),
            _c(
                "pass_type",
                "Pass Type",
                "label",
                labels={
                    "individual": ("Individual", "व्यक्तिगत"),
                    "vehicle": ("Vehicle", "वाहन"),
                    "goods": ("Goods", "माल"),
                    "industry": ("Industry", "उद्योग"),
                },
            ),
            # Typed by the applicant ("wedding of my son Ram, call 98...."): free text.
            _c("purpose", "Purpose", "freetext"),
            _c(
                "status",
                "Status",
                "label",
                True,
                labels={
                    "approved": ("Approved", "स्वीकृत"),
                    "rejected": ("Rejected", "अस्वीकृत"),
                    "pending": ("Pending", "लंबित"),
                },
            ),
            _c("decision_on", "Decision On", "timestamp"),
        ),
    )
)

RELIEF_BENEFICIARIES = _register(
    Source(
        name="relief_beneficiaries",
        title="CM relief fund registrations",
        key="beneficiary_id",
        event_time="registered_on",
        ordering=(("registered_on", "verified_on"),),
        columns=(
            # The beneficiary ID is personal, but payments join on it: its keyed hash is kept.
            _c("beneficiary_id", "Beneficiary ID", "pii", True, keep=True),
            _c("district", "District", "district", True),
            _c("registered_on", "Registered On", "date", True),
            _c("name", "Name", "pii", keep=False),
            _c("mobile", "Mobile", "pii", keep=False),
            _c("family_id", "Family ID", "pii", keep=False),
            _c(
                "eligibility",
                "Eligibility",
                "label",
                True,
                labels={
                    "eligible": ("Eligible", "पात्र"),
                    "not_eligible": ("Not Eligible", "अपात्र"),
                    "under_verification": ("Under Verification", "सत्यापन अधीन"),
                },
            ),
            _c("verified_on", "Verified On", "date"),
        ),
    )
)

RELIEF_PAYMENTS = _register(
    Source(
        name="relief_payments",
        title="CM relief fund payments (Rs 1,000 a week)",
        key="payment_id",
        event_time="week_starting",
        ordering=(("week_starting", "paid_on"),),
        columns=(
            _c("payment_id", "Payment ID", "id", True),
            _c("beneficiary_id", "Beneficiary ID", "pii", True, keep=True),
            _c("district", "District", "district", True),
            _c("week_starting", "Week Starting", "date", True),
            _c("amount", "Amount (Rs)", "number", True, range=(0.01, 100_000), multiple_of=1000),
            _c("paid_on", "Paid On", "date"),
            _c("mode", "Mode", "label", labels={"dbt": ("DBT", "डीबीटी"), "cash": ("Cash", "नकद")}),
        ),
    )
)

MIGRANT_REGISTRATIONS = _register(
    Source(
        name="migrant_registrations",
        title="Migrant workers registered to travel home",
        key="registration_no",
        event_time="registered_on",
        ordering=(("registered_on", "dispatched_on"),),
        columns=(
            _c("registration_no", "Registration No", "id", True),
            _c("district", "District", "district", True),
            _c("registered_on", "Registered On", "date", True),
            _c("name", "Name", "pii", keep=False),
            _c("mobile", "Mobile", "pii", keep=False),
            _c("home_state", "Home State", "text"),
            _c(
                "status",
                "Status",
                "label",
                True,
                labels={
                    "registered": ("Registered", "पंजीकृत"),
                    "dispatched": ("Dispatched", "रवाना"),
                    "cancelled": ("Cancelled", "रद्द"),
                },
            ),
            _c("dispatched_on", "Dispatched On", "date"),
            _c("mode", "Mode", "label", labels={"train": ("Train", "ट्रेन"), "bus": ("Bus", "बस")}),
        ),
    )
)

SERVICE_TRANSACTIONS = _register(
    Source(
        name="service_transactions",
        title="SARAL / Antyodaya / Atal Seva Kendra counter transactions",
        key="token_no",
        event_time="token_issued_at",
        ordering=(("token_issued_at", "service_completed_at"), ("token_issued_at", "delivered_on")),
        columns=(
            _c("token_no", "Token No", "id", True),
            _c("district", "District", "district", True),
            _c("centre", "Centre", "text", True),
            _c(
                "centre_type",
                "Centre Type",
                "label",
                labels={
                    "saral_kendra": ("SARAL Kendra", "सरल केंद्र"),
                    "antyodaya_saral_kendra": ("Antyodaya SARAL Kendra", "अंत्योदय सरल केंद्र"),
                    "atal_seva_kendra": ("Atal Seva Kendra", "अटल सेवा केंद्र"),
                },
            ),
            _c("department", "Department", "text", True),
            _c("service", "Service", "text", True),
            _c("token_issued_at", "Token Issued At", "timestamp", True),
            _c("service_completed_at", "Service Completed At", "timestamp"),
            _c("rts_timeline_days", "RTS Timeline (days)", "int", range=(1, 365)),
            _c("delivered_on", "Delivered On", "date"),
            _c(
                "status",
                "Status",
                "label",
                True,
                labels={
                    "delivered": ("Delivered", "वितरित"),
                    "pending": ("Pending", "लंबित"),
                    "rejected": ("Rejected", "अस्वीकृत"),
                },
            ),
            _c("sms_sent", "SMS Sent", "flag", labels=YES_NO),
            _c("feedback_rating", "Feedback Rating", "int", range=RATING),
            _c("citizen_mobile", "Citizen Mobile", "pii", keep=False),
        ),
    )
)

GRIEVANCES = _register(
    Source(
        name="grievances",
        title="Grievances: CM Window, SMGT and CPGRAMS",
        key="grievance_no",
        event_time="received_on",
        ordering=(("received_on", "disposed_on"),),
        columns=(
            _c("grievance_no", "Grievance No", "id", True),
            _c(
                "channel",
                "Channel",
                "label",
                True,
                labels={
                    "cm_window": ("CM Window", "सीएम विंडो"),
                    "smgt": ("SMGT",),
                    "cpgrams": ("CPGRAMS",),
                },
            ),
            _c("district", "District", "district", True),
            _c("department", "Department", "text", True),
            _c("received_on", "Received On", "timestamp", True),
            _c(
                "status",
                "Status",
                "label",
                True,
                labels={
                    "pending": ("Pending", "लंबित"),
                    "disposed": ("Disposed", "निपटान", "निस्तारित"),
                    "rejected": ("Rejected", "अस्वीकृत"),
                    "reopened": ("Reopened", "पुनः खोला गया"),
                },
            ),
            _c("disposed_on", "Disposed On", "timestamp"),
            _c("citizen_rating", "Citizen Rating", "int", range=RATING),
            _c("complainant_name", "Complainant Name", "pii", keep=False),
            _c("mobile", "Mobile", "pii", keep=False),
            # Free text that may hold personal data: hashed like PII, never staged.
            _c("subject", "Subject", "freetext"),
        ),
    )
)

APPOINTMENTS = _register(
    Source(
        name="appointments",
        title="e-Sachivalaya meeting-slot requests",
        key="request_id",
        event_time="requested_at",
        ordering=(("requested_at", "slot_communicated_at"), ("requested_at", "meeting_at")),
        columns=(
            _c("request_id", "Request ID", "id", True),
            _c("district", "District", "district", True),
            _c(
                "officer_level",
                "Officer Level",
                "label",
                True,
                labels={
                    "cm": ("CM", "मुख्यमंत्री"),
                    "deputy_cm": ("Deputy CM", "उप मुख्यमंत्री"),
                    "minister": ("Minister", "मंत्री"),
                    "administrative_secretary": ("Administrative Secretary", "प्रशासनिक सचिव"),
                    "hod": ("HoD", "विभागाध्यक्ष"),
                    "dc": ("DC", "उपायुक्त"),
                },
            ),
            _c("requested_at", "Requested At", "timestamp", True),
            _c("slot_communicated_at", "Slot Communicated At", "timestamp"),
            _c("meeting_at", "Meeting At", "timestamp"),
            _c(
                "status",
                "Status",
                "label",
                True,
                labels={
                    "scheduled": ("Scheduled", "निर्धारित"),
                    "completed": ("Completed", "पूर्ण"),
                    "cancelled": ("Cancelled", "रद्द"),
                    "pending": ("Pending", "लंबित"),
                },
            ),
        ),
    )
)

EOFFICE_FILES = _register(
    Source(
        name="eoffice_files",
        title="e-Office file register",
        key="file_no",
        event_time="created_on",
        ordering=(("created_on", "last_movement_on"), ("created_on", "closed_on")),
        columns=(
            _c("file_no", "File No", "id", True),
            _c("district", "District", "district", True),
            _c("office", "Office", "text", True),
            _c("department", "Department", "text"),
            _c("created_on", "Created On", "date", True),
            _c(
                "mode",
                "Mode",
                "label",
                True,
                labels={
                    "electronic": ("Electronic", "इलेक्ट्रॉनिक"),
                    "physical": ("Physical", "भौतिक"),
                },
            ),
            _c("movements", "Movements", "int", range=(0, 10_000)),
            _c("last_movement_on", "Last Movement On", "date"),
            _c("closed_on", "Closed On", "date"),
        ),
    )
)

SOURCE_NAMES: tuple[str, ...] = tuple(SOURCES)

# Earliest and latest plausible dates: anything outside is "out of range", not a record.
EARLIEST_DATE = "2015-01-01"
