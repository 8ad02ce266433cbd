"""The contracts of the everyday governance sources: service-counter transactions,
grievances, meeting-slot requests and the e-Office file register. One table per area keeps
each short enough to review; warehouse/sources.py gathers them."""

from __future__ import annotations

from warehouse.contract import YES_NO, Source
from warehouse.source_columns import RATING, column

SERVICE_TRANSACTIONS = Source(
    name="service_transactions",
    title="SARAL / Antyodaya / Atal Seva Kendra counter transactions",
    key="token_no",
    event_time="token_issued_at",
    ordering=(("token_issued_at", "service_completed_at"), ("token_issued_at", "delivered_on")),
    columns=(
        column("token_no", "Token No", "id", True),
        column("district", "District", "district", True),
        column("centre", "Centre", "text", True),
        column(
            "centre_type",
            "Centre Type",
            "label",
            labels={
                "saral_kendra": ("SARAL Kendra", "सरल केंद्र"),
                "antyodaya_saral_kendra": ("Antyodaya SARAL Kendra", "अंत्योदय सरल केंद्र"),
                "atal_seva_kendra": ("Atal Seva Kendra", "अटल सेवा केंद्र"),
            },
        ),
        column("department", "Department", "text", True),
        column("service", "Service", "text", True),
        column("token_issued_at", "Token Issued At", "timestamp", True),
        column("service_completed_at", "Service Completed At", "timestamp"),
        column("rts_timeline_days", "RTS Timeline (days)", "int", range=(1, 365)),
        column("delivered_on", "Delivered On", "date"),
        column(
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
        column("sms_sent", "SMS Sent", "flag", labels=YES_NO),
        column("feedback_rating", "Feedback Rating", "int", range=RATING),
        column("citizen_mobile", "Citizen Mobile", "pii", keep=False),
    ),
)


GRIEVANCES = Source(
    name="grievances",
    title="Grievances: CM Window, SMGT and CPGRAMS",
    key="grievance_no",
    event_time="received_on",
    ordering=(("received_on", "disposed_on"),),
    columns=(
        column("grievance_no", "Grievance No", "id", True),
        column(
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
        column("district", "District", "district", True),
        column("department", "Department", "text", True),
        column("received_on", "Received On", "timestamp", True),
        column(
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
        column("disposed_on", "Disposed On", "timestamp"),
        column("citizen_rating", "Citizen Rating", "int", range=RATING),
        column("complainant_name", "Complainant Name", "pii", keep=False),
        column("mobile", "Mobile", "pii", keep=False),
        # Free text that may hold personal data: hashed like PII, never staged.
        column("subject", "Subject", "freetext"),
    ),
)


APPOINTMENTS = Source(
    name="appointments",
    title="e-Sachivalaya meeting-slot requests",
    key="request_id",
    event_time="requested_at",
    ordering=(("requested_at", "slot_communicated_at"), ("requested_at", "meeting_at")),
    columns=(
        column("request_id", "Request ID", "id", True),
        column("district", "District", "district", True),
        column(
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
        column("requested_at", "Requested At", "timestamp", True),
        column("slot_communicated_at", "Slot Communicated At", "timestamp"),
        column("meeting_at", "Meeting At", "timestamp"),
        column(
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


EOFFICE_FILES = Source(
    name="eoffice_files",
    title="e-Office file register",
    key="file_no",
    event_time="created_on",
    ordering=(("created_on", "last_movement_on"), ("created_on", "closed_on")),
    columns=(
        column("file_no", "File No", "id", True),
        column("district", "District", "district", True),
        column("office", "Office", "text", True),
        column("department", "Department", "text"),
        column("created_on", "Created On", "date", True),
        column(
            "mode",
            "Mode",
            "label",
            True,
            labels={
                "electronic": ("Electronic", "इलेक्ट्रॉनिक"),
                "physical": ("Physical", "भौतिक"),
            },
        ),
        column("movements", "Movements", "int", range=(0, 10_000)),
        column("last_movement_on", "Last Movement On", "date"),
        column("closed_on", "Closed On", "date"),
    ),
)
