"""The one timing helper of the benchmarks."""

from __future__ import annotations

import statistics
import time
from typing import Any, Callable


def median_time(func: Callable[[], Any], runs: int) -> tuple[float, Any]:
    """The median seconds of `runs` calls of func, and the last call's result."""
    times, value = [], None
    for _ in range(runs):
        value = None  # let the last run's result go before the next one (a 1M build is 1.6 GB)
        start = time.perf_counter()
        value = func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), value
