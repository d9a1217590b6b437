"""When people are active: a daily curve in local time (quiet at night, busy at lunch and in
the evening), so hour-of-day reports look like a real shop's."""

from __future__ import annotations

import numpy as np

from crm_warehouse.generate.text import LOCAL_UTC_OFFSET_SECONDS, SECONDS_PER_DAY

# Relative activity per local hour 00..23.
LOCAL_HOUR_WEIGHTS = np.array(
    [
        1.5,
        0.8,
        0.4,
        0.3,
        0.3,
        0.5,
        1.2,
        2.5,
        3.5,
        4.0,
        4.5,
        5.0,
        5.5,
        5.0,
        4.5,
        4.5,
        4.5,
        5.0,
        5.0,
        6.0,
        7.5,
        8.0,
        6.5,
        3.5,
    ]
)


def at_waking_hours(seconds: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Each instant moved forward, by less than a day, to a local time of day drawn from the
    daily curve. Only forward, so whatever had to come after an event still does."""
    seconds = np.asarray(seconds, dtype=np.int64)
    n = len(seconds)
    hour = rng.choice(24, n, p=LOCAL_HOUR_WEIGHTS / LOCAL_HOUR_WEIGHTS.sum())
    target = hour * 3600 + rng.integers(0, 3600, n)
    local_time_of_day = (seconds + LOCAL_UTC_OFFSET_SECONDS) % SECONDS_PER_DAY
    return seconds + (target - local_time_of_day) % SECONDS_PER_DAY
