"""Per-district service quality: the knobs that make districts differ on every KPI.

Each district gets a latent "administrative grip" score; every KPI parameter is drawn around
it with its own noise, so districts differ, good districts tend to be good at several things,
and no ranking is fixed in advance. Drawn from the seed, so another seed reshuffles them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from warehouse.districts import districts


@dataclass(frozen=True)
class DistrictProfile:
    """Arrays indexed like ``districts()``; each value is a rate, a median or a share."""

    call_resolved: np.ndarray  # share of calls finally resolved or closed
    call_hours_median: np.ndarray  # median hours from call to resolution
    food_2h: np.ndarray  # share of food requests delivered within 120 minutes
    feedback: np.ndarray  # share of resolved calls with a feedback rating
    pass_approval: np.ndarray  # share of applications approved
    pass_hours_median: np.ndarray  # median hours to decide an application
    relief_eligible: np.ndarray
    relief_paid: np.ndarray  # share of eligible beneficiaries paid at least once
    migrant_dispatch: np.ndarray
    wait_minutes_median: np.ndarray  # counter waiting time (RTS score: 30/45 minute marks)
    rts_on_time: np.ndarray  # share delivered within the notified timeline
    sms: np.ndarray  # share of completed services with an SMS sent
    grievance_days_median: np.ndarray
    grievance_disposal: np.ndarray
    slot_24h: np.ndarray  # share of slot requests answered within 24 hours
    eoffice_electronic: np.ndarray  # share of files created electronically (mid-2020)
    # Control rooms (drawn after the knobs above, so adding them changed none of those):
    call_talk_seconds: np.ndarray  # median seconds from answer to the end of a call
    roster_staffing: np.ndarray  # operators rostered / operators Erlang C asks for (planning)
    night_closed: np.ndarray  # bool: the room is shut at night once the lockdown ends
    peak_desk: np.ndarray  # bool: a 10:00-18:00 shift overlaps the day shifts at peak hours


def _rate(
    grip: np.ndarray, rng: np.random.Generator, centre: float, spread: float, lo: float, hi: float
) -> np.ndarray:
    logit = np.log(centre / (1 - centre)) + spread * (grip + rng.normal(0, 0.7, size=grip.shape))
    return np.clip(1 / (1 + np.exp(-logit)), lo, hi)


def _median(grip: np.ndarray, rng: np.random.Generator, centre: float, spread: float) -> np.ndarray:
    return centre * np.exp(-spread * (grip + rng.normal(0, 0.7, size=grip.shape)))


def district_profiles(rng: np.random.Generator) -> DistrictProfile:
    """Draw every district's parameters from one latent score plus noise."""
    n = len(districts())
    grip = rng.normal(0, 1, size=n)
    return DistrictProfile(
        call_resolved=_rate(grip, rng, 0.88, 0.5, 0.6, 0.99),
        call_hours_median=_median(grip, rng, 5.0, 0.35),
        food_2h=_rate(grip, rng, 0.78, 0.6, 0.4, 0.98),
        feedback=_rate(grip, rng, 0.4, 0.5, 0.1, 0.85),
        pass_approval=_rate(grip, rng, 0.42, 0.4, 0.15, 0.8),
        pass_hours_median=_median(grip, rng, 14.0, 0.35),
        relief_eligible=_rate(grip, rng, 0.72, 0.3, 0.5, 0.9),
        relief_paid=_rate(grip, rng, 0.7, 0.5, 0.4, 0.95),
        migrant_dispatch=_rate(grip, rng, 0.8, 0.5, 0.5, 0.98),
        wait_minutes_median=_median(grip, rng, 28.0, 0.25),
        rts_on_time=_rate(grip, rng, 0.86, 0.5, 0.6, 0.99),
        sms=_rate(grip, rng, 0.8, 0.6, 0.4, 0.99),
        grievance_days_median=_median(grip, rng, 12.0, 0.4),
        grievance_disposal=_rate(grip, rng, 0.85, 0.5, 0.6, 0.98),
        slot_24h=_rate(grip, rng, 0.75, 0.6, 0.35, 0.98),
        eoffice_electronic=_rate(grip, rng, 0.6, 0.6, 0.2, 0.95),
        call_talk_seconds=_median(grip, rng, 190.0, 0.1),
        roster_staffing=np.clip(np.exp(0.15 * grip + rng.normal(0, 0.2, size=n)), 0.6, 1.5),
        night_closed=(grip + rng.normal(0, 0.7, size=n)) < -0.8,
        peak_desk=rng.random(n) < 0.4,
    )
