"""`kd.audit_folds` on 10 million labels, 100 classes, 5 folds, against the splitter's own `split()`.

The audit must run the splitter once (it has to know the folds scikit-learn
will make), so one pass of ``split()`` is inside its time. What the target
(<= 0.3) bounds is the audit's *own* work beyond that pass, measured side by
side in this process:

    ratio = (time of audit_folds - time of one pass of split()) / time of one pass of split()

Both estimators use ``cv=5``, so each gets the splitter scikit-learn would
choose: scikeras' KerasClassifier (not recognised as a classifier) -> KFold,
Keras' SKLearnClassifier -> StratifiedKFold.

Then the same labels shifted to large values (10^8, 10^12: ids, not indices):
the audit's work and its peak memory (tracemalloc, which sees NumPy's
allocations) must not grow with the values, only with the number of labels;
the peak memory is printed against that of one pass of split() (target <= 3).
"""

import statistics
import sys
import time
import tracemalloc

import numpy as np  # noqa: E402
from _common import report
from keras.wrappers import SKLearnClassifier  # noqa: E402
from scikeras.wrappers import KerasClassifier  # noqa: E402

import kerasdoctor as kd  # noqa: E402

N, CLASSES, FOLDS = 10_000_000, 100, 5


def one_pass(splitter, X, y):
    for _train, _test in splitter.split(X, y):
        pass


def seconds(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def peak_memory(fn) -> int:
    """The most memory ``fn`` held at once (tracemalloc sees NumPy's allocations)."""
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def alternating(audit, split, repeat):
    """(audit times, split times), run one after the other, `repeat` times each."""
    audit(), split()  # warm-up
    pairs = [(seconds(audit), seconds(split)) for _ in range(repeat)]
    return [a for a, _ in pairs], [s for _, s in pairs]


if __name__ == "__main__":
    repeat = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    rng = np.random.default_rng(0)
    y = rng.integers(0, CLASSES, N)
    X = np.zeros((N, 1), "float32")
    for estimator in (KerasClassifier(model=None), SKLearnClassifier(model=None)):
        audit = kd.audit_folds(estimator, X, y, cv=FOLDS)
        assert audit.train_counts.shape == (CLASSES, FOLDS) and audit.train_counts.sum() == N * (FOLDS - 1)
        splitter = audit.splitter
        audits, splits = alternating(
            lambda e=estimator: kd.audit_folds(e, X, y, cv=FOLDS), lambda s=splitter: one_pass(s, X, y), repeat
        )
        total, split = min(audits), min(splits)
        name = f"{type(estimator).__name__} cv={FOLDS} -> {type(splitter).__name__}"
        print(
            f"{name}: audit_folds {total * 1000:.1f} ms (median {statistics.median(audits) * 1000:.1f}), "
            f"one pass of split() {split * 1000:.1f} ms (median {statistics.median(splits) * 1000:.1f}); "
            f"whole audit / split = {total / split:.3f}"
        )
        report(f"{name}: audit's own work beyond the split", total - split, split, "split()", 0.3)

    estimator = KerasClassifier(model=None)
    for offset in (0, 10**8, 10**12):
        shifted = y + offset
        splitter = kd.audit_folds(estimator, X, shifted, cv=FOLDS).splitter
        audits, splits = alternating(
            lambda s=shifted: kd.audit_folds(estimator, X, s, cv=FOLDS),
            lambda s=shifted, k=splitter: one_pass(k, X, s),
            repeat,
        )
        name = f"labels {offset:.0e} + 0..99"
        report(f"{name}: audit's own work beyond the split", min(audits) - min(splits), min(splits), "split()", 0.3)
        audit_peak = peak_memory(lambda s=shifted: kd.audit_folds(estimator, X, s, cv=FOLDS))
        split_peak = peak_memory(lambda s=shifted, k=splitter: one_pass(k, X, s))
        print(
            f"{name}: audit_folds peak memory {audit_peak / 2**20:.0f} MiB vs one pass of split() "
            f"{split_peak / 2**20:.0f} MiB -> ratio {audit_peak / split_peak:.2f} "
            f"({'meets' if audit_peak <= 3 * split_peak else 'MISSES'} target <= 3)"
        )
