"""Facts about a cross-validation, without training anything.

`audit_folds` works out the splitter scikit-learn will really use (exactly as
`GridSearchCV.fit` / `cross_validate` do: ``check_cv(cv, y,
classifier=is_classifier(estimator))``, see `kerasdoctor.facts.splitters`), runs that splitter's own
``split(X, y, groups)`` once, and counts every class in every fold's training
and validation part. No judgement here: `kerasdoctor.checks.cv` judges.

Counting is vectorised: the labels are encoded once, then each fold costs one
``np.bincount`` over its index array; memory is O(n + classes x folds).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..render.protocol import Rendered
from .guest import random_state_kept
from .labels import Labels
from .splitters import choose_splitter, describe_estimator, estimator_kind, installed_versions, wrapper_of

CLASSIFICATION_TARGETS = ("binary", "multiclass")


# ---- the target --------------------------------------------------------------


def onehot_labels(y):
    """The class index of each row when y is a one-hot (2-D, 0/1, one 1 per row) matrix, else None."""
    import numpy as np

    y = np.asarray(y)
    if y.ndim != 2 or y.shape[1] < 2 or y.shape[0] == 0:
        return None
    if not np.isin(y, (0, 1)).all() or not (y.sum(axis=1) == 1).all():
        return None
    return y.argmax(axis=1)


def target_type(y, labels: Labels | None, array=None) -> str:
    """`sklearn.utils.multiclass.type_of_target`, without a second pass over 10M integer labels.

    For a 1-D integer array type_of_target depends only on its set of values
    ("binary" for at most two, "multiclass" otherwise), so the classes stand
    in for the whole vector; anything else is handed to type_of_target as is.
    ``array``: ``np.asarray(y)`` when the caller has it already (a list y is
    copied by each np.asarray).
    """
    import numpy as np
    from sklearn.utils.multiclass import type_of_target

    if hasattr(y, "dtype"):
        array = y
    elif array is None:
        array = np.asarray(y)
    if labels is not None and getattr(array, "ndim", 0) == 1 and array.dtype.kind in "iu":
        return type_of_target(np.asarray(labels.classes))
    return type_of_target(y)


# ---- the audit -----------------------------------------------------------------


@dataclass
class FoldAudit(Rendered):
    """What scikit-learn will do with this estimator, target and cv, fold by fold.

    ``train_counts`` and ``validation_counts`` are (classes x folds) integer
    arrays; ``table`` shows them, ``plot()`` draws them.
    """

    _width, _css_class = 120, "kerasdoctor-folds"

    estimator: str  # "scikeras 0.13.0's KerasClassifier"
    wrapper: str | None  # "scikeras", "keras" or None
    kind: str  # "classifier", "regressor", "unknown"
    is_classifier: bool  # sklearn.base.is_classifier(estimator)
    versions: dict[str, str | None]
    cv: Any  # as given
    splitter: Any = None  # what check_cv returned (None: not inspected)
    reason: str = ""  # why this splitter, in words
    target_type: str = "unknown"
    onehot: bool = False
    classes: Any = None
    class_counts: Any = None
    train_counts: Any = None  # classes x folds
    validation_counts: Any = None  # classes x folds
    validation_sizes: Any = None  # examples per validation fold
    n_samples: int = 0
    n_groups: int | None = None
    label_runs: int = 0
    split_error: str | None = None  # what the splitter raised, as scikit-learn will
    split_warnings: list[str] = field(default_factory=list)
    not_inspected: str | None = None  # why the splits were not looked at (KD901)
    refused: str | None = None  # what scikit-learn raised on these arguments (the search raises the same)
    skipped: str | None = None  # why classes were not counted

    @property
    def n_folds(self) -> int:
        return 0 if self.train_counts is None else self.train_counts.shape[1]

    @property
    def classification(self) -> bool:
        return self.kind == "classifier" and (self.target_type in CLASSIFICATION_TARGETS or self.onehot)

    @property
    def splitter_name(self) -> str:
        return type(self.splitter).__name__ if self.splitter is not None else "?"

    @property
    def table(self):
        from ..render.folds import FoldTable

        return FoldTable(self.classes, self.train_counts, self.validation_counts)

    def plot(self, ax=None):
        from ..render.folds import plot_audit

        return plot_audit(self, ax=ax)

    def summary(self) -> str:
        from ..render.folds import audit_summary

        return audit_summary(self)

    def _renderable(self):
        from ..render.folds import audit_renderable

        return audit_renderable(self)


def _base_audit(estimator, cv) -> FoldAudit:
    from sklearn.base import is_classifier

    versions = installed_versions()
    audit = FoldAudit(describe_estimator(estimator, versions), wrapper_of(estimator), "unknown", False, versions, cv)
    audit.kind = _asked("the estimator", estimator_kind, estimator)
    audit.is_classifier = _asked("the estimator", is_classifier, estimator)
    return audit


class Refused(Exception):
    """scikit-learn (or NumPy, or the user's splitter) raised on the user's arguments: the search or the
    cross-validation raises the same, so the audit records it instead of raising."""


def _asked(what: str, call, *args, **kwargs):
    """``call(*args, **kwargs)``: a library function given the user's ``what``; what it raises is a `Refused`."""
    try:
        return call(*args, **kwargs)
    except Exception as error:
        raise Refused(f"{what}: {type(error).__name__}: {error}") from error


def n_rows(X) -> int:
    """The number of examples in X: ``X.shape[0]`` where X has a shape (a scipy sparse matrix's len() raises)."""
    shape = getattr(X, "shape", None)
    if shape is not None and len(shape) >= 1 and shape[0] is not None:
        return int(shape[0])
    return len(X)


def rereadable(cv) -> bool:
    """Whether ``cv`` can be read without using it up: None, a number of folds, a splitter (each
    ``split()`` call starts anew), a list, tuple or array of splits, or whatever check_cv refuses
    anyway (a string). Any other iterable (a generator, an object whose ``__iter__`` hands its splits
    out once) is read by scikit-learn exactly once (``check_cv`` makes a list of it), and so not by us."""
    import numbers

    import numpy as np

    return (
        cv is None
        or isinstance(cv, (numbers.Integral, Sequence, np.ndarray))
        or hasattr(cv, "split")
        or not isinstance(cv, Iterable)
    )


def audit_folds(estimator, X, y=None, groups=None, cv=5, halving: bool = False) -> FoldAudit:
    """The facts of a cross-validation: splitter used and why, classes per fold.

    Never fits anything, and never iterates a cv that could be used up (a
    generator of splits, see `rereadable`: `check_cv` would turn it into a list,
    using it up; the audit then says so instead of looking). ``halving``: the cv of a Halving*SearchCV.

    Raises only `ValueError` for ``X=None``. Whatever scikit-learn (or the splitter) raises on these
    arguments, the search raises too: the audit records it (``refused``, ``split_error``, ``skipped``)
    instead of raising.
    """
    if X is None:
        raise ValueError("audit_folds needs X (the data you would pass to the search's fit), got None")
    # split() of a shuffling splitter draws from its random_state (NumPy's global generator for None):
    # put back, the search splits exactly as audited and a seeded program draws what it would have.
    with random_state_kept(cv):
        return _audit_folds(estimator, X, y, groups, cv, halving)


def _audit_folds(estimator, X, y, groups, cv, halving: bool) -> FoldAudit:
    try:
        audit = _base_audit(estimator, cv)
    except Refused as refused:
        audit = FoldAudit(type(estimator).__name__, None, "unknown", False, installed_versions(), cv)
        audit.refused, audit.reason = str(refused), "scikit-learn refuses these arguments"
        return audit
    if not rereadable(cv):
        audit.not_inspected = (
            f"cv is {'a one-shot iterator' if isinstance(cv, Iterator) else 'an iterable'} "
            f"({type(cv).__name__}) that is not a list: looking at its splits could use them up "
            "before the search sees them"
        )
        return audit
    try:
        _read_folds(audit, estimator, X, y, groups, cv, halving)
    except Refused as refused:
        audit.refused, audit.reason = str(refused), "scikit-learn refuses these arguments"
    return audit


def _read_folds(audit: FoldAudit, estimator, X, y, groups, cv, halving: bool) -> None:
    import numpy as np

    audit.n_samples = _asked("X", n_rows, X)
    if y is None or audit.kind == "regressor":
        audit.splitter, audit.reason = _asked("cv", choose_splitter, estimator, cv, y, audit.versions, halving)
        audit.skipped = (
            "no y given: there are no classes to count"
            if y is None
            else f"{audit.estimator} is a regressor: folds need no classes"
        )
        return
    array = _asked("y", np.asarray, y)  # once: a list y is copied by each np.asarray
    onehot = _asked("y", onehot_labels, array) if array.ndim == 2 else None
    audit.onehot = onehot is not None
    flat = array.ravel() if array.ndim == 2 and array.shape[1] == 1 else array
    labels = None
    if onehot is not None or flat.ndim == 1:
        labels = _asked("y", Labels.of, onehot if onehot is not None else flat)
    if not array.size:
        audit.splitter, audit.reason = _asked("cv", choose_splitter, estimator, cv, y, audit.versions, halving)
        audit.skipped = "y holds no labels: there are no classes to count (scikit-learn refuses to fit on no data)"
        return
    # 1-D integer labels are "binary" or "multiclass" whatever their values;
    # which of the two is known once the folds' counts give the classes.
    known_classification = labels is not None and labels.dense and onehot is None and flat.ndim == 1
    try:
        if not known_classification:  # type_of_target reads the whole y: once, here
            audit.target_type = target_type(y, labels, array)
    except ValueError as error:
        # type_of_target refuses y (NaN or inf labels, mixed types); check_cv(cv, y) and the
        # estimators' fit (check_classification_targets) validate y the same way.
        audit.reason = "scikit-learn could not read y as a target"
        audit.skipped = (
            f"scikit-learn cannot read y as labels ({type(error).__name__}: {error}), so the folds' "
            "classes were not counted; fitting on these labels fails in every fold that trains on "
            "them: drop or fill the bad labels"
        )
        return
    except Exception as error:
        raise Refused(f"y: {type(error).__name__}: {error}") from error
    audit.splitter, audit.reason = _asked("cv", choose_splitter, estimator, cv, y, audit.versions, halving)
    if groups is not None:
        audit.n_groups = len(_asked("groups", np.unique, _asked("groups", np.asarray, groups)))
    if labels is None or audit.kind != "classifier" or not (known_classification or audit.classification):
        if known_classification:
            audit.target_type = target_type(y, labels, array)
        audit.skipped = (
            f"the target is {audit.target_type} and {audit.estimator} is a {audit.kind}: "
            "not a classification whose classes folds must hold"
        )
        return
    _count_folds(audit, labels, X, y, groups)
    if known_classification:  # the classes are known now, from the folds' counts
        audit.target_type = target_type(y, labels, array)


def _count_folds(audit: FoldAudit, labels: Labels, X, y, groups) -> None:
    """One pass of the real splitter's split(); one bincount per validation part."""
    import numpy as np
    from sklearn.model_selection import (
        BaseCrossValidator,
        GroupKFold,
        KFold,
        LeaveOneGroupOut,
        LeaveOneOut,
        StratifiedGroupKFold,
        StratifiedKFold,
    )

    # BaseCrossValidator.split yields test = indices[test_mask] and
    # train = indices[~test_mask]: the validation part is increasing without
    # repeats, and the training part is its complement, so its counts are the
    # totals minus the validation counts (checked by the sizes, per fold).
    complement = isinstance(audit.splitter, BaseCrossValidator)
    # These use every example in exactly one validation part (scikit-learn's
    # docs: "each fold is then used once as a validation"), so the totals are
    # the sum of the validation counts; checked by the sizes.
    partition = isinstance(
        audit.splitter, (KFold, StratifiedKFold, GroupKFold, StratifiedGroupKFold, LeaveOneOut, LeaveOneGroupOut)
    )
    train, validation, sizes = [], [], []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            for train_index, test_index in audit.splitter.split(X, y, groups):
                whole = complement and len(train_index) + len(test_index) == audit.n_samples
                validation.append(labels.count_bins(test_index, sorted_unique=whole))
                sizes.append(len(test_index))
                train.append(None if whole else labels.count_bins(train_index))
        except Exception as error:  # the splitter's own error (or an index it gave out of range):
            audit.split_error = f"{type(error).__name__}: {error}"  # the search raises the same
    audit.split_warnings = [str(w.message) for w in caught]
    if (
        audit.split_error is None
        and validation
        and partition
        and sum(sizes) == audit.n_samples
        and all(t is None for t in train)
    ):
        labels.set_totals(np.sum(validation, axis=0))
    present = labels.present
    audit.classes, audit.class_counts, audit.label_runs = labels.classes, labels.counts, labels.runs
    if audit.split_error is None:
        totals = labels.totals()
        trains = [(totals - v if t is None else t)[present] for t, v in zip(train, validation)]
        empty = np.zeros((len(present), 0), int)
        audit.train_counts = np.stack(trains, axis=1) if trains else empty
        audit.validation_counts = np.stack([v[present] for v in validation], axis=1) if validation else empty
        audit.validation_sizes = np.asarray(sizes)
