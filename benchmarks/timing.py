"""Timing shared by the benchmarks: the median wall time of repeated calls."""

import statistics
import time


def median_time(fn, repeats: int) -> float:
    """Median wall time, in seconds, of `repeats` calls of fn()."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)
