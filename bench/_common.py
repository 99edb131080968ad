"""Helpers shared by the benchmarks: quiet TensorFlow, median timings, one result line."""

import os
import statistics
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")


def _seconds(fn, repeat: int, warmup: int) -> list[float]:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def median_seconds(fn, repeat=5, warmup=1):
    return statistics.median(_seconds(fn, repeat, warmup))


def best_seconds(fn, repeat=15, warmup=1):
    """The fastest of ``repeat`` runs: on a machine shared with other work the median measures the
    neighbours as much as the code (timeit's advice: the minimum is the run least disturbed)."""
    return min(_seconds(fn, repeat, warmup))


def report(name, ours, baseline, baseline_name, target):
    ratio = ours / baseline
    verdict = "meets" if ratio <= target else "MISSES"
    print(
        f"{name}: {ours * 1000:.1f} ms vs {baseline_name} {baseline * 1000:.1f} ms "
        f"-> ratio {ratio:.3f} ({verdict} target <= {target})"
    )
    return ratio
