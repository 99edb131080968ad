"""Counting labels: the distinct classes of a target, and examples per class in any subset of it.

Shared by the target facts (`facts.targets`: which classes fit() will train
on) and the fold audit (`facts.cv`: which classes each fold holds). Whole
numbers are counted with ``np.bincount`` when their span is no wider than the
data (linear, no sort), otherwise sorted with ``np.unique``: either way
memory follows the number of labels, never the size of their values.
"""

from __future__ import annotations

# np.bincount allocates one bin per value in the span: worth it (no sort) while the span is at
# most the data's length plus this slack.
SPAN_SLACK = 1024


def countable_span(lo: int, hi: int, n: int) -> bool:
    """Whether whole numbers from ``lo`` to ``hi`` (``n`` of them) are counted with np.bincount."""
    return hi - lo <= n + SPAN_SLACK


def bin_index(values, lo: int):
    """``values - lo`` as np.bincount's non-negative intp index (``values``: whole numbers >= lo, in a
    `countable_span`); no copy for int64 values from 0."""
    import numpy as np

    kind = values.dtype.kind
    if lo == 0:
        return values.astype(np.intp, copy=False)
    if kind == "f":
        return (values - lo).astype(np.intp)
    wide = values.astype(np.int64 if kind == "i" else np.uint64, copy=False)  # int8 - (-128) overflows int8
    return (wide - wide.dtype.type(lo)).astype(np.intp, copy=False)


def shifted_back(bins, lo: int, dtype):
    """Bin numbers back to the values they count, in the values' own type (uint64 values past 2**63 do
    not fit int64)."""
    import numpy as np

    return bins.astype(dtype) + np.array(lo).astype(dtype)


class Labels:
    """The classes of a 1-D label vector, and a fast per-index class counter.

    Counts live in "bins": for integer labels whose span (largest minus
    smallest) is no wider than the data (`countable_span`), a bin is a label
    minus the smallest, so np.bincount reads the labels themselves, with no
    sort (np.unique(return_inverse) costs ~30x more on 10 million labels);
    other labels are encoded once with np.unique. Memory: O(n) either way
    (labels 10^8 and 10^8 + 1 are two bins, not 10^8). The totals per bin are
    computed on demand, or handed over by a caller that has them already.
    """

    def __init__(self, values, bins: int, runs: int, offset: int | None = None, dtype=None, classes=None):
        self._values, self.bins, self.runs = values, bins, runs
        self._offset, self._dtype, self._classes = offset, dtype, classes
        self._totals = None

    @property
    def dense(self) -> bool:
        return self._offset is not None

    @classmethod
    def of(cls, labels) -> Labels:
        import numpy as np

        labels = np.asarray(labels).ravel()
        n = labels.shape[0]
        runs = int(np.count_nonzero(labels[1:] != labels[:-1])) + 1 if n else 0
        if labels.dtype.kind in "iub" and n:
            lo, hi = int(labels.min()), int(labels.max())
            if countable_span(lo, hi, n):
                return cls(bin_index(labels, lo), hi - lo + 1, runs, lo, labels.dtype)
        classes, codes = np.unique(labels, return_inverse=True)
        return cls(codes.ravel(), len(classes), runs, classes=classes)

    def totals(self):
        """Examples per bin."""
        import numpy as np

        if self._totals is None:
            self._totals = np.bincount(self._values, minlength=self.bins)
        return self._totals

    def set_totals(self, totals) -> None:
        self._totals = totals

    @property
    def present(self):
        """The bins that hold a class (every bin, for np.unique codes)."""
        import numpy as np

        return np.flatnonzero(self.totals()) if self.dense else np.arange(self.bins)

    @property
    def classes(self):
        if not self.dense:
            return self._classes
        return shifted_back(self.present, self._offset, self._dtype)

    @property
    def counts(self):
        return self.totals()[self.present]

    def count_bins(self, index, sorted_unique: bool = False):
        """Examples per bin among ``labels[index]`` (one gather, one bincount).

        ``sorted_unique``: the caller knows the index array is increasing
        without repeats; if it then spans a contiguous range (an unshuffled
        KFold's validation part) the labels are read in place, no gather.
        """
        import numpy as np

        if sorted_unique and len(index) and int(index[-1]) - int(index[0]) + 1 == len(index):
            index = slice(int(index[0]), int(index[-1]) + 1)
        return np.bincount(self._values[index], minlength=self.bins)

    def count(self, index):
        """Examples per class among ``labels[index]``."""
        return self.count_bins(index)[self.present]
