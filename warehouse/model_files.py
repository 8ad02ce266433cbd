"""The SQL models: their files, their order, and the text of each.

Each model is one file holding one `select` under warehouse/models/ (the file name is the
table name): intermediates (models/intermediate/int_*.sql) hold the per-record flags and
durations, each business rule written once; marts (models/marts/kpi_*.sql) count and sum
them, and the case lists (models/marts/case_*.sql) list the records those flags single out.
The lists below are the build order (warehouse/build.py); warehouse/model_graph.py
reads which tables each model names.
"""

from __future__ import annotations

from pathlib import Path

MODELS_DIR = Path(__file__).parent / "models"
INTERMEDIATE_DIR = MODELS_DIR / "intermediate"
MARTS_DIR = MODELS_DIR / "marts"

# Per-record flags and durations, read by the marts; pipeline-internal (the int_ prefix is
# outside the readers' kpi_* allow-list). In dependency order: payments before beneficiaries.
INTERMEDIATE_MODELS: list[str] = [
    "int_helpline_calls_flags",
    "int_control_room_roster_hours",
    "int_movement_passes_decisions",
    "int_relief_payments_disbursed",
    "int_relief_beneficiaries_paid",
    "int_service_transactions_scored",
    "int_grievances_status",
    "int_appointments_sla",
    "int_eoffice_files_flags",
    # the durations kpi_medians takes the median of, stored and rebuilt by day (see build.py)
    "int_record_durations",
    # staged records per source × district × event day, for freshness and data quality
    "int_staged_days",
]

# Dependency order: daily facts, the long table, medians, freshness and the periods it makes
# complete (kpi_periods, kpi_period_status: partial / provisional / final), the scorecard
# (components, the data-quality gate, composite and peer-group ranks, themes, attribution),
# kpi_values_stored (which reads the scorecard and the period status) and kpi_values, the
# view over it, targets, gaming flags, then the small dashboard marts. The statistics in
# Python run right after the model they read (warehouse/build.py STATISTICS).
MART_MODELS: list[str] = [
    "kpi_catalog",
    "kpi_helpline_daily",
    # control rooms: staffing against demand per district × hour, then per day
    "kpi_control_room_hourly",
    "kpi_control_room_daily",
    "kpi_passes_daily",
    "kpi_relief_daily",
    "kpi_migrants_daily",
    "kpi_service_daily",
    "kpi_grievances_daily",
    "kpi_appointments_daily",
    "kpi_eoffice_daily",
    "kpi_daily",
    "kpi_medians",
    "kpi_source_freshness",
    "kpi_periods",
    "kpi_period_status",
    "kpi_scorecard_components",
    "kpi_data_quality",
    "kpi_scorecard_gate",
    "kpi_scorecard",
    "kpi_scorecard_themes",
    "kpi_scorecard_attribution",
    "kpi_values_stored",
    "kpi_values",
    "kpi_target_attainment",
    "kpi_gaming_flags",
    "kpi_service_centres_monthly",
    "kpi_service_wait_histogram",
    "kpi_service_groups",
    "kpi_funnels",
    "kpi_grievances_monthly",
    # e-Office per office and department (the district profile): built whole, never by
    # partition, since its idle files age with the as-of date (see its header).
    "kpi_eoffice_offices",
    "kpi_quarantine_summary",
    "kpi_source_loads",
    # The records behind the breaches (ids, places, dates) from the int_ flags, a table per
    # list (the RTS and grievance lists rebuilt by day, the others whole), then case_list,
    # a view that ages them all to the as-of date, and its counts; no kpi_ mart reads them.
    "case_rts_overdue",
    "case_grievance_pending_30d",
    "case_appointment_no_slot_24h",
    "case_relief_unpaid",
    "case_pass_pending",
    "case_eoffice_idle",
    "case_list",
    "case_summary",
]


MODELS: list[str] = INTERMEDIATE_MODELS + MART_MODELS

# Marts kept as views, in the reader snapshot too (pipelines/publication.py): case_list ages
# every listed record to the as-of date, which would rewrite a stored list whole every day;
# kpi_values works out ratios and intervals from the numbers kpi_values_stored keeps, and
# kpi_target_attainment compares them with their targets: both on read, for the snapshot's
# size.
READER_VIEWS: frozenset[str] = frozenset({"case_list", "kpi_values", "kpi_target_attainment"})


def model_sql(name: str) -> str:
    """The `select` of one model; refuses names that are in neither model list."""
    if name in INTERMEDIATE_MODELS:
        folder = INTERMEDIATE_DIR
    elif name in MART_MODELS:
        folder = MARTS_DIR
    else:
        raise ValueError(f"unknown model {name!r}")
    return (folder / f"{name}.sql").read_text(encoding="utf-8").strip().rstrip(";")
