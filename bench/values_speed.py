"""KD110/KD114/KD115's value pass over a 2 GB float32 array against one `np.isfinite(x).all()` pass
(targets: time ratio <= 1.5, extra memory <= 64 MB).

`facts.values.value_facts` reads x once, in chunks: every feature's minimum and maximum, and (through
them) whether any value is NaN or infinite. The baseline is the one line a user would write to ask the
second question alone. Memory is the peak of the allocations made during the call (tracemalloc, which
NumPy reports its buffers to), the array itself excluded; the baseline's is printed too. A second run
puts one NaN in the array: only the chunk that holds it is read again.

    python bench/values_speed.py [repeat] [gigabytes]
"""

import sys
import tracemalloc

import numpy as np
from _common import median_seconds, report

from kerasdoctor.facts.values import value_facts


def peak_mb(fn) -> float:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


if __name__ == "__main__":
    repeat = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    gigabytes = float(sys.argv[2]) if len(sys.argv) > 2 else 2.0
    rows = int(gigabytes * 2**30 / 4 / 64)
    x = np.empty((rows, 64), dtype="float32")
    for start in range(0, rows, 1 << 20):  # filled in pieces: no second 2 GB array while building it
        x[start : start + (1 << 20)] = np.random.default_rng(start).random((min(1 << 20, rows - start), 64), "float32")
    print(f"x: {x.shape} float32, {x.nbytes / 2**30:.2f} GiB")
    facts = value_facts(x, "x")
    assert facts.non_finite == 0 and len(facts.low) == 64
    for label in ("clean", "one NaN"):
        if label == "one NaN":
            x[rows // 2, 7] = np.nan
            assert value_facts(x, "x").first_bad == (rows // 2, 7)
        ours = median_seconds(lambda: value_facts(x, "x"), repeat)
        baseline = median_seconds(lambda: np.isfinite(x).all(), repeat)
        report(f"value_facts(x), {label}", ours, baseline, "np.isfinite(x).all()", 1.5)
    ours_mb, baseline_mb = peak_mb(lambda: value_facts(x, "x")), peak_mb(lambda: np.isfinite(x).all())
    verdict = "meets" if ours_mb <= 64 else "MISSES"
    print(
        f"extra memory: value_facts {ours_mb:.1f} MB, np.isfinite(x).all() {baseline_mb:.1f} MB "
        f"({verdict} target <= 64 MB)"
    )
