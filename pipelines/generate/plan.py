"""Which files each source gets: a regular export per batch, in a rotation of styles, and
re-exports (corrections) that overlap an earlier batch and are written later.

The rotation is chosen so that, at every scale, each messiness kind is in at least one file
(see the module constants); the export times decide "newest export wins".
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from pipelines.generate.scale import Period
from pipelines.generate.styles import FileStyle as S

STYLES: dict[str, list[S]] = {
    "helpline_calls": [
        S(encoding="utf-8-sig"),
        S(dates="dmy_hm", header="snake", labels="mixed"),
        S(encoding="cp1252", dates="dmy_ampm", header="upper", districts="latin", crlf=True),
        S(header="dotted", districts="canonical", labels="hi"),
    ],
    "movement_passes": [
        S(dates="dmy_hm"),
        S(fmt="xlsx", xlsx_dates="cells", extra="Sr No"),
        S(encoding="utf-8-sig", dates="dmy_ampm", header="lower_padded", labels="hi"),
        S(encoding="cp1252", header="hyphen", districts="latin", crlf=True),
    ],
    "relief_beneficiaries": [
        S(encoding="utf-8-sig", dates="dmy", labels="hi"),
        S(fmt="xlsx", xlsx_dates="text", dates="dmy_hm", extra="Sr No"),
        S(header="snake", labels="mixed"),
        S(encoding="cp1252", dates="dmy_ampm", header="upper", districts="latin"),
    ],
    "relief_payments": [
        S(),
        S(encoding="cp1252", dates="dmy", districts="latin", crlf=True),
        S(encoding="utf-8-sig", dates="dmy_hm", labels="hi"),
        S(header="dotted", extra="UTR No"),
    ],
    "migrant_registrations": [
        S(),
        S(encoding="utf-8-sig", dates="dmy", labels="hi"),
        S(encoding="cp1252", dates="dmy", districts="latin"),
        S(header="snake", labels="mixed"),
    ],
    "service_transactions": [
        S(),
        S(dates="dmy_hm", header="snake", labels="mixed"),
        S(encoding="utf-8-sig", dates="dmy_ampm", header="upper"),
        S(encoding="cp1252", districts="latin", crlf=True),
    ],
    "grievances": [
        S(dates="dmy"),
        S(encoding="utf-8-sig", labels="hi"),
        S(dates="dmy_ampm", labels="mixed"),
        S(encoding="cp1252", dates="dmy_hm", districts="latin"),
    ],
    "appointments": [
        S(fmt="xlsx", xlsx_dates="cells", extra="Sr No"),
        S(fmt="xlsx", xlsx_dates="cells", labels="hi"),
        S(header="snake"),
        S(dates="dmy_hm"),
    ],
    "eoffice_files": [
        S(),
        S(encoding="cp1252", dates="dmy", districts="latin"),
        S(encoding="utf-8-sig", header="upper"),
        S(dates="dmy", labels="hi"),
    ],
    "control_room_roster": [
        S(fmt="xlsx", xlsx_dates="cells", extra="Sr No"),
        S(dates="dmy_hm", header="snake"),
        S(encoding="cp1252", dates="dmy_ampm", districts="latin"),
        S(fmt="xlsx", xlsx_dates="text", dates="dmy_hm"),
    ],
}

# The control rooms' first exports (to 30 April 2020) came from telephony that logged no
# answer or end times: those helpline files lack the three optional columns (EXPORTS.md),
# and their calls' control-room KPIs are empty, not zero. The later ones are the telephony's
# own call records, timed to the second (ISO dates, the only contract format with seconds:
# "answered within 20 s" cannot be judged from minutes).
TELEPHONY_FROM = dt.date(2020, 5, 1)
TELEPHONY_COLUMNS = ("answered_at", "call_ended_at", "abandoned")

TITLES = {
    "movement_passes": "SARAL Haryana - Movement Pass Applications",
    "relief_beneficiaries": "Mukhyamantri Parivar Samridhi / CM Relief Fund - Beneficiary Register",
    "appointments": "e-Sachivalaya - Meeting Slot Requests",
    "control_room_roster": "District Control Room - Duty Roster",
}


@dataclass(frozen=True)
class Reexport:
    """A later export of one window of records, with their corrected (final) values."""

    source: str
    start: dt.date
    end: dt.date
    exported_at: dt.datetime
    style: S
    lag: dt.timedelta  # the earlier file showed states as of its export minus this lag

    @property
    def filename(self) -> str:
        return f"{self.source}_{self.start:%Y-%m-%d}_to_{self.end:%Y-%m-%d}_reexport_{self.exported_at:%Y%m%d}.csv"


REEXPORTS = [
    Reexport(
        "helpline_calls",
        dt.date(2020, 5, 25),
        dt.date(2020, 5, 31),
        dt.datetime(2020, 6, 12, 11, 0),
        S(extra="Remarks"),
        dt.timedelta(days=3),
    ),
    Reexport(
        "movement_passes",
        dt.date(2020, 5, 24),
        dt.date(2020, 5, 31),
        dt.datetime(2020, 6, 8, 10, 15),
        S(encoding="utf-8-sig"),
        dt.timedelta(days=2),
    ),
    Reexport(
        "relief_beneficiaries",
        dt.date(2020, 5, 15),
        dt.date(2020, 5, 31),
        dt.datetime(2020, 6, 15, 16, 40),
        S(),
        dt.timedelta(days=6),
    ),
    Reexport(
        "grievances",
        dt.date(2020, 6, 10),
        dt.date(2020, 6, 30),
        dt.datetime(2020, 7, 25, 9, 30),
        S(dates="dmy_hm"),
        dt.timedelta(days=5),
    ),
    Reexport(
        "service_transactions",
        dt.date(2020, 7, 15),
        dt.date(2020, 7, 31),
        dt.datetime(2020, 8, 20, 12, 0),
        S(dates="dmy_hm"),
        dt.timedelta(days=4),
    ),
]


def style_for(source: str, period: Period) -> S:
    rotation = STYLES[source]
    style = rotation[period.index % len(rotation)]
    if source == "helpline_calls" and period.start < TELEPHONY_FROM:
        style = dataclasses.replace(style, omit=TELEPHONY_COLUMNS)
    elif source == "helpline_calls":
        style = dataclasses.replace(style, dates="iso")
    return style


def export_time(source: str, period: Period) -> dt.datetime:
    """Regular batches are exported the morning after they end (sources a few minutes apart)."""
    offset = list(STYLES).index(source) * 7
    return dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time(7, 30)) + dt.timedelta(
        minutes=offset
    )


def filename(source: str, period: Period, style: S) -> str:
    return f"{source}_{period.label}.{style.fmt}"


def reexports_for(source: str, start: dt.date, end: dt.date) -> list[Reexport]:
    """Re-exports of a source whose window lies inside the generated period."""
    return [r for r in REEXPORTS if r.source == source and r.start >= start and r.end <= end]
