"""The published figures (shared DOMAIN.md) the generated data must reproduce exactly.

The figures are counted over valid, de-duplicated final versions of records dated up to
28 May 2020. The generator fixes, for each calibrated (district, source) pair, the exact
number of records up to the cutoff and shuffled label arrays with the exact split; the
family generators consume those arrays in chronological order. Bad rows are never drawn
from calibrated districts, so quarantine cannot move a figure.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

CUTOFF = dt.date(2020, 5, 28)

JHAJJAR_CALL_CATEGORIES = {
    "food_not_received": 3_888,
    "covid_prevention": 64,
    "ration": 75,
    "law_and_order": 90,
    "other_essentials": 1_078,
}
JHAJJAR_CALLS = 5_195
GURUGRAM_CALLS = 103_515
JHAJJAR_PASSES = 28_629
JHAJJAR_PASSES_APPROVED = 8_304
JHAJJAR_RELIEF_ELIGIBLE = 5_120
JHAJJAR_RELIEF_PAID = 3_164
# Registrations up to the cutoff that are not (finally) eligible: our choice, not published.
JHAJJAR_RELIEF_NOT_ELIGIBLE = 980
JHAJJAR_RELIEF_UNDER_VERIFICATION = 410

# Control rooms (DOMAIN.md): Jhajjar's 8 computer operators per shift, by roster, with a
# clerk and officers of police, health and food supply; Gurugram's 40 operators round the
# clock during the lockdown (to 31 May 2020).
JHAJJAR_OPERATORS_PER_SHIFT = 8
JHAJJAR_OTHER_STAFF = "1 clerk; officers of police, health and food supply"
GURUGRAM_OPERATORS = 40
LOCKDOWN_END = dt.date(2020, 5, 31)

# (source, district) -> records dated up to the cutoff.
CALIBRATED_COUNTS: dict[tuple[str, str], int] = {
    ("helpline_calls", "Jhajjar"): JHAJJAR_CALLS,
    ("helpline_calls", "Gurugram"): GURUGRAM_CALLS,
    ("movement_passes", "Jhajjar"): JHAJJAR_PASSES,
    ("relief_beneficiaries", "Jhajjar"): JHAJJAR_RELIEF_ELIGIBLE
    + JHAJJAR_RELIEF_NOT_ELIGIBLE
    + JHAJJAR_RELIEF_UNDER_VERIFICATION,
}

# Districts whose records never serve as a template for bad rows.
CALIBRATED_DISTRICTS = ("Jhajjar", "Gurugram")

assert sum(JHAJJAR_CALL_CATEGORIES.values()) == JHAJJAR_CALLS


def exact_labels(counts: dict[str, int], rng: np.random.Generator) -> np.ndarray:
    """A shuffled array holding each label exactly ``counts[label]`` times."""
    labels = np.repeat(np.array(list(counts), dtype=object), list(counts.values()))
    rng.shuffle(labels)
    return labels


class LabelCursor:
    """Hands out a calibrated label array in order, chunk by chunk."""

    def __init__(self, labels: np.ndarray) -> None:
        self.labels = labels
        self.pos = 0

    def take(self, n: int) -> np.ndarray:
        out = self.labels[self.pos : self.pos + n]
        if len(out) != n:
            raise RuntimeError("calibrated labels exhausted: volume model and targets disagree")
        self.pos += n
        return out


def calibrated_cursors(rng: np.random.Generator) -> dict[str, LabelCursor]:
    """The label arrays of every calibrated split, keyed by what they decide."""
    b = JHAJJAR_RELIEF_ELIGIBLE
    return {
        "jhajjar_call_category": LabelCursor(exact_labels(JHAJJAR_CALL_CATEGORIES, rng)),
        "jhajjar_pass_status": LabelCursor(
            exact_labels(
                {
                    "approved": JHAJJAR_PASSES_APPROVED,
                    "rejected": JHAJJAR_PASSES - JHAJJAR_PASSES_APPROVED - 1_450,
                    "pending": 1_450,
                },
                rng,
            )
        ),
        "jhajjar_relief_eligibility": LabelCursor(
            exact_labels(
                {
                    "eligible": b,
                    "not_eligible": JHAJJAR_RELIEF_NOT_ELIGIBLE,
                    "under_verification": JHAJJAR_RELIEF_UNDER_VERIFICATION,
                },
                rng,
            )
        ),
        # Among the eligible (in the order they are handed out): paid at least once or not.
        "jhajjar_relief_paid": LabelCursor(
            exact_labels({"paid": JHAJJAR_RELIEF_PAID, "unpaid": b - JHAJJAR_RELIEF_PAID}, rng)
        ),
    }
