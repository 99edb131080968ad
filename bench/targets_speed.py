"""Target facts for 10 million labels (KD203-KD206) against `np.unique` on the same array (target ratio <= 1).

kerasdoctor reads array targets in full: min/max, whether every value is a
whole number, the distinct labels and the one-hot test. The baseline is
`np.unique(y)`, the one call a user (or a naive check) would make to learn the
classes; the issue asks for well under a second in absolute terms, printed too.
"""

import sys

import numpy as np  # noqa: E402
from _common import median_seconds, report

from kerasdoctor.facts.targets import target_facts  # noqa: E402

if __name__ == "__main__":
    repeat = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    n = 10_000_000
    rng = np.random.default_rng(0)
    for name, y in (
        ("int64 labels", rng.integers(0, 38, n)),
        ("float32 labels", rng.integers(0, 38, n).astype("float32")),
    ):
        facts = target_facts(y, "y")
        assert facts.classes == tuple(range(38)) and facts.class_ids
        ours = median_seconds(lambda y=y: target_facts(y, "y"), repeat)
        baseline = median_seconds(lambda y=y: np.unique(y), repeat)
        report(f"target_facts(10M {name})", ours, baseline, "np.unique(y)", 1.0)
