"""The contracts of the lockdown relief sources: movement passes, the CM relief fund's
registrations and payments, and migrant workers registered to travel home. One table per
area keeps each short enough to review; warehouse/sources.py gathers them."""

from __future__ import annotations

from warehouse.contract import Source
from warehouse.source_columns import column

MOVEMENT_PASSES = Source(
    name="movement_passes",
    title="SARAL movement-pass applications",
    key="application_no",
    event_time="applied_on",
    ordering=(("applied_on", "decision_on"),),
    columns=(
        column("application_no", "Application No", "id", True),
        column("district", "District", "district", True),
        column("applied_on", "Applied On", "timestamp", True),
        column("applicant_name", "Applicant Name", "pii", keep=False),
        column("mobile", "Mobile", "pii", keep=False),
        column("vehicle_no", "Vehicle No", "pii", keep=False),
        column(
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
        column("purpose", "Purpose", "freetext"),
        column(
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
        column("decision_on", "Decision On", "timestamp"),
    ),
)


RELIEF_BENEFICIARIES = Source(
    name="relief_beneficiaries",
    title="CM relief fund registrations",
    key="beneficiary_id",
    event_time="registered_on",
    ordering=(("registered_on", "verified_on"),),
    columns=(
        # The beneficiary ID is personal, but payments join on it: its keyed hash is kept.
        column("beneficiary_id", "Beneficiary ID", "pii", True, keep=True),
        column("district", "District", "district", True),
        column("registered_on", "Registered On", "date", True),
        column("name", "Name", "pii", keep=False),
        column("mobile", "Mobile", "pii", keep=False),
        column("family_id", "Family ID", "pii", keep=False),
        column(
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
        column("verified_on", "Verified On", "date"),
    ),
)


RELIEF_PAYMENTS = Source(
    name="relief_payments",
    title="CM relief fund payments (Rs 1,000 a week)",
    key="payment_id",
    event_time="week_starting",
    ordering=(("week_starting", "paid_on"),),
    columns=(
        column("payment_id", "Payment ID", "id", True),
        column("beneficiary_id", "Beneficiary ID", "pii", True, keep=True),
        column("district", "District", "district", True),
        column("week_starting", "Week Starting", "date", True),
        column("amount", "Amount (Rs)", "number", True, range=(0.01, 100_000), multiple_of=1000),
        column("paid_on", "Paid On", "date"),
        column("mode", "Mode", "label", labels={"dbt": ("DBT", "डीबीटी"), "cash": ("Cash", "नकद")}),
    ),
)


MIGRANT_REGISTRATIONS = Source(
    name="migrant_registrations",
    title="Migrant workers registered to travel home",
    key="registration_no",
    event_time="registered_on",
    ordering=(("registered_on", "dispatched_on"),),
    columns=(
        column("registration_no", "Registration No", "id", True),
        column("district", "District", "district", True),
        column("registered_on", "Registered On", "date", True),
        column("name", "Name", "pii", keep=False),
        column("mobile", "Mobile", "pii", keep=False),
        column("home_state", "Home State", "text"),
        column(
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
        column("dispatched_on", "Dispatched On", "date"),
        column("mode", "Mode", "label", labels={"train": ("Train", "ट्रेन"), "bus": ("Bus", "बस")}),
    ),
)
