"""When each helpline call was answered, when it ended, and which callers gave up.

A first-come-first-served queue per district control room, served by the operators the
roster plan puts on duty (pipelines/generate/staffing.py): each operator takes calls from
the start of a shift until its end (a call running past the end is finished). A call goes
to the operator free soonest; it rings a few seconds before it is picked up (longer now and
then: the operator is still writing up the last call); a caller who would wait longer than
their patience hangs up (abandoned: no Answered At, Call Ended At is the hang-up) and takes
no operator's time. So service level and abandonment come out of staffing against demand:
most calls are answered within 20 s at ordinary hours, queues build at the peak hours of
rooms rostered lean, and a room shut at night loses the calls that come then.

Inputs are numpy arrays; one pass per district over its calls in time order (a heap of
operators keyed by when each is next free). The random draws are the caller's (patience,
ring, talk time), so the same seed gives the same times.
"""

from __future__ import annotations

import heapq

import numpy as np

from pipelines.generate.staffing import RosterPlan

RING_SECONDS = (3, 10)  # picked up after 3-10 s when an operator is free ...
SLOW_PICKUP_SHARE = 0.12  # ... except this share, 10-40 s (the last call's notes)
SLOW_RING_SECONDS = (10, 40)
EARLY_HANGUP_SHARE = 0.03  # misdials and second thoughts: hang up within 10 s
PATIENCE_MEAN_SECONDS = 120.0  # how long the others wait at most, on average (exponential)
PATIENCE_MIN_SECONDS = 15.0
TALK_SIGMA = 0.6  # lognormal spread of talk time around the district's median

NAT = np.datetime64("NaT", "s")


def caller_draws(
    rng: np.random.Generator, talk_median: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(patience, ring, talk) in seconds per call: what the caller and the call bring."""
    n = len(talk_median)
    early = rng.random(n) < EARLY_HANGUP_SHARE
    patience = np.where(
        early,
        rng.uniform(1, 10, n),
        PATIENCE_MIN_SECONDS + rng.exponential(PATIENCE_MEAN_SECONDS, n),
    )
    slow = rng.random(n) < SLOW_PICKUP_SHARE
    ring = np.where(slow, rng.uniform(*SLOW_RING_SECONDS, n), rng.uniform(*RING_SECONDS, n))
    talk = np.maximum(20.0, talk_median * np.exp(rng.normal(0.0, TALK_SIGMA, n)))
    return np.round(patience), np.round(ring), np.round(talk)


def answer_calls(
    plan: RosterPlan,
    district: np.ndarray,
    received: np.ndarray,
    patience: np.ndarray,
    ring: np.ndarray,
    talk: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(answered_at, call_ended_at, abandoned) per call (datetime64[s]; NaT answered_at for
    an abandoned call), the calls given by district index and receipt time."""
    n = len(received)
    received_s = received.astype("datetime64[s]").astype(np.int64)
    answered = np.full(n, -1, dtype=np.int64)
    ended = np.zeros(n, dtype=np.int64)
    for d in np.unique(district):
        rows = np.flatnonzero(district == d)
        rows = rows[np.argsort(received_s[rows], kind="stable")]
        days = plan.day_index(received[rows])
        starts, ends = plan.windows(int(d), int(days.min()), int(days.max()))
        _serve(
            received_s[rows],
            patience[rows],
            ring[rows],
            talk[rows],
            starts.astype(np.int64),
            ends.astype(np.int64),
            rows,
            answered,
            ended,
        )
    abandoned = answered < 0
    answered_at = np.where(abandoned, NAT, answered.astype("datetime64[s]"))
    return answered_at, ended.astype("datetime64[s]"), abandoned


def _serve(
    arrivals: np.ndarray,
    patience: np.ndarray,
    ring: np.ndarray,
    talk: np.ndarray,
    shift_starts: np.ndarray,
    shift_ends: np.ndarray,
    rows: np.ndarray,
    answered: np.ndarray,
    ended: np.ndarray,
) -> None:
    """One room's queue; writes answered (-1: abandoned) and ended for ``rows``."""
    # (free from, shift end): an operator is free from the shift's start on.
    operators = list(zip(shift_starts.tolist(), shift_ends.tolist(), strict=True))
    heapq.heapify(operators)
    for i, (t, wait_max, r, h) in enumerate(
        zip(arrivals.tolist(), patience.tolist(), ring.tolist(), talk.tolist(), strict=True)
    ):
        # Shifts over (or over before their operator is free again) take no more calls.
        while operators and max(t, operators[0][0]) >= operators[0][1]:
            heapq.heappop(operators)
        pick_up = max(t, operators[0][0]) + r if operators else None
        row = rows[i]
        if pick_up is None or pick_up - t > wait_max:
            answered[row] = -1
            ended[row] = t + int(wait_max)
            continue
        free, shift_end = heapq.heappop(operators)
        answered[row] = int(pick_up)
        ended[row] = int(pick_up + h)
        heapq.heappush(operators, (int(pick_up + h), shift_end))
