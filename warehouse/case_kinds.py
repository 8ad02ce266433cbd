"""The case lists as data: each list's kind, source, what it lists and the KPI it explains.

A case list names the records behind a breach (warehouse/models/marts/case_list.sql), so that
a district office can chase them; its count is the KPI numerator it explains. This module
holds only the catalogue, with no query and no heavy import, so that the command line's
parser, the query module (warehouse/cases.py), the tests and the dashboard read one list.
The kinds here are the `kind` values case_list.sql writes; a test keeps the two equal.
"""

from __future__ import annotations

from dataclasses import dataclass

# Days overdue, grouped as the state cell reviews pendency (case_list.sql's ageing_bucket).
BUCKETS: tuple[str, ...] = ("0-7", "8-30", "31-90", ">90")


@dataclass(frozen=True)
class CaseKind:
    """One case list.

    ``source`` is the export whose as-of date (ref_as_of) the list is judged against;
    ``kpi`` the KPI id whose count the list explains (None when no KPI counts it), and
    ``explains`` how, in words a reader can check against `jansewa kpis`.
    """

    kind: str
    source: str
    title: str
    kpi: str | None
    explains: str


CASE_KINDS: dict[str, CaseKind] = {
    k.kind: k
    for k in (
        CaseKind(
            "rts_overdue",
            "service_transactions",
            "RTS applications pending past their notified timeline (auto-appeal candidates)",
            "rts_overdue_pending",
            "the KPI's numerator, total grain",
        ),
        CaseKind(
            "grievance_pending_30d",
            "grievances",
            "Grievances pending or reopened more than 30 days after receipt, by channel",
            "grievance_pending_over_30d",
            "the KPI's numerator, total grain",
        ),
        CaseKind(
            "appointment_no_slot_24h",
            "appointments",
            "e-Sachivalaya requests with no slot communicated within 24 hours "
            "(late or still none), whose 24 hours ran out by the as-of date",
            "appointment_slot_24h_rate",
            "denominator - numerator, summed over the days before the as-of date "
            "(a request of the as-of day itself cannot be judged yet)",
        ),
        CaseKind(
            "relief_unpaid",
            "relief_beneficiaries",
            "Eligible relief beneficiaries never paid",
            "relief_disbursal_coverage",
            "denominator - numerator (eligible - paid), total grain",
        ),
        CaseKind(
            "pass_pending",
            "movement_passes",
            "Movement-pass applications undecided more than 2 days after the application day",
            "pass_pending_share",
            "the KPI's numerator, summed over the days before the as-of date - 2",
        ),
        CaseKind(
            "eoffice_idle",
            "eoffice_files",
            "e-Office files not closed and not moved for more than 30 days",
            None,
            "no KPI counts idle files",
        ),
    )
}


def kinds_help() -> str:
    """One line per kind, for `jansewa cases --help`."""
    return "\n".join(f"  {k.kind:<24} {k.title}" for k in CASE_KINDS.values())
