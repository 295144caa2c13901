"""Retries (DESIGN.md, "Sync": exponential backoff with jitter, ``Retry-After`` honoured).

A thousand desks that lost the server at the same moment must not all come back at the
same moment: each waits a random share of a window that doubles with every attempt, up to a
cap; when the server says how long to wait, the desk waits at least that long.
"""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from sync.client import RetryPolicy

POLICY = RetryPolicy(attempts=6, base_seconds=0.5, cap_seconds=30.0)


@given(attempt=st.integers(0, 20), seed=st.integers(0, 2**32))
def test_backoff_stays_within_a_doubling_window_up_to_the_cap(attempt: int, seed: int) -> None:
    delay = POLICY.delay(attempt, random.Random(seed), None)
    assert 0 <= delay <= min(POLICY.cap_seconds, POLICY.base_seconds * 2**attempt)


def test_backoff_is_jittered_so_desks_do_not_return_together() -> None:
    rng = random.Random(7)
    delays = [POLICY.delay(3, rng, None) for _ in range(200)]
    assert len({round(d, 3) for d in delays}) > 150  # spread, not one shared instant
    assert max(delays) > 3.0 > min(delays)  # across the 0-4 s window of attempt 3


@given(
    attempt=st.integers(0, 20),
    retry_after=st.floats(0, 1000, allow_nan=False),
    seed=st.integers(0, 2**32),
)
def test_retry_after_is_honoured_within_reason(attempt: int, retry_after: float, seed: int) -> None:
    delay = POLICY.delay(attempt, random.Random(seed), retry_after)
    # never sooner than the server asked, unless it asked for more than 4 caps (2 minutes):
    # a desk still tries again within a working session
    assert delay >= min(retry_after, POLICY.cap_seconds * 4)
    assert delay <= max(POLICY.cap_seconds * 4, POLICY.cap_seconds)
