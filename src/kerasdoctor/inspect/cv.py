"""Facts about a cross-validation, without training anything.

`audit_folds` works out the splitter scikit-learn will really use (exactly as
`GridSearchCV.fit` / `cross_validate` do: ``check_cv(cv, y,
classifier=is_classifier(estimator))``), runs that splitter's own
``split(X, y, groups)`` once, and counts every class in every fold's training
and validation part. No judgement here: `kerasdoctor.checks.cv` judges.

Counting is vectorised: the labels are encoded once, then each fold costs one
``np.bincount`` over its index array; memory is O(n + classes x folds).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any

DISTRIBUTIONS = ("scikit-learn", "scikeras", "keras")
CLASSIFICATION_TARGETS = ("binary", "multiclass")


def installed_versions() -> dict[str, str | None]:
    """The installed versions of scikit-learn, scikeras and Keras (None: not installed)."""
    from packaging.version import Version

    found = {}
    for name in DISTRIBUTIONS:
        try:
            found[name] = str(Version(metadata.version(name)))
        except metadata.PackageNotFoundError:
            found[name] = None
    return found


# ---- the estimator -----------------------------------------------------------

def final_estimator(estimator):
    """The last step of a (nested) Pipeline, the estimator itself otherwise."""
    while hasattr(estimator, "steps") and estimator.steps:
        estimator = estimator.steps[-1][1]
    return estimator


def step_prefix(estimator) -> str:
    """The grid-key prefix that reaches the final estimator ("" or "clf__" ...)."""
    prefix = ""
    while hasattr(estimator, "steps") and estimator.steps:
        name, estimator = estimator.steps[-1]
        prefix += f"{name}__"
    return prefix


def wrapper_of(estimator) -> str | None:
    """"scikeras" or "keras" (keras.wrappers.SKLearn*) for a Keras wrapper, else None."""
    module = type(final_estimator(estimator)).__module__
    if module.split(".")[0] == "scikeras":
        return "scikeras"
    if module.split(".")[0] == "keras" and ".wrappers" in module:
        return "keras"
    return None


def estimator_kind(estimator) -> str:
    """"classifier", "regressor" or "unknown", by what the estimator *is*.

    Deliberately broader than `sklearn.base.is_classifier`: scikeras'
    KerasClassifier subclasses ClassifierMixin and sets
    ``_estimator_type = "classifier"``, yet scikit-learn >= 1.6 reads only
    ``__sklearn_tags__`` and does not recognise it. The kind is what the user
    meant; `is_classifier` is what scikit-learn will do with it.
    """
    from sklearn.base import ClassifierMixin, RegressorMixin, is_classifier, is_regressor

    final = final_estimator(estimator)
    if is_classifier(estimator) or isinstance(final, ClassifierMixin) or \
            getattr(final, "_estimator_type", None) == "classifier":
        return "classifier"
    if is_regressor(estimator) or isinstance(final, RegressorMixin) or \
            getattr(final, "_estimator_type", None) == "regressor":
        return "regressor"
    return "unknown"


def describe_estimator(estimator, versions: dict[str, str | None]) -> str:
    """"scikeras 0.13.0's KerasClassifier", "Keras 3.15.0's keras.wrappers.SKLearnClassifier", ..."""
    name = type(final_estimator(estimator)).__name__
    wrapper = wrapper_of(estimator)
    if wrapper == "scikeras":
        return f"scikeras {versions.get('scikeras')}'s {name}"
    if wrapper == "keras":
        return f"Keras {versions.get('keras')}'s keras.wrappers.{name}"
    return name


# ---- the target --------------------------------------------------------------

@dataclass
class Labels:
    """The classes of a 1-D label vector, and a fast per-index class counter."""

    classes: Any            # ndarray of the distinct labels, sorted
    counts: Any             # ndarray, examples per class
    runs: int               # runs of equal consecutive labels (K when sorted by class)
    _values: Any = field(repr=False, default=None)   # what np.bincount reads, per example
    _select: Any = field(repr=False, default=None)   # bincount bins -> classes (dense path)

    @classmethod
    def of(cls, labels) -> "Labels":
        import numpy as np

        labels = np.asarray(labels).ravel()
        n = labels.shape[0]
        runs = int(np.count_nonzero(labels[1:] != labels[:-1])) + 1 if n else 0
        dense = labels.dtype.kind in "iub" and n and int(labels.max()) <= n + 1024
        full, values, offset = None, labels, 0
        if dense:
            # Integer labels in a range no wider than the data: bincount the
            # labels themselves (no sort; np.unique(return_inverse) costs ~30x
            # more on 10 million labels). Memory: O(n + range). np.bincount
            # refuses negative values; those take one shift, if the range is small.
            try:
                full = np.bincount(values)
            except ValueError:
                offset = int(labels.min())
                if int(labels.max()) - offset <= n + 1024:
                    values = labels.astype(np.int64) - offset
                    full = np.bincount(values)
        if full is not None:
            present = np.flatnonzero(full)
            if offset or labels.dtype.kind != "b":
                classes = (present + offset).astype(labels.dtype)
            else:
                classes = present.astype(bool)
            return cls(classes, full[present], runs, values, present)
        classes, codes = np.unique(labels, return_inverse=True)
        return cls(classes, np.bincount(codes.ravel(), minlength=len(classes)), runs, codes.ravel(), None)

    def count(self, index, sorted_unique: bool = False):
        """Examples per class among ``labels[index]`` (one gather, one bincount).

        ``sorted_unique``: the caller knows the index array is increasing
        without repeats; if it then spans a contiguous range (an unshuffled
        KFold's validation part) the labels are read in place, no gather.
        """
        import numpy as np

        if sorted_unique and len(index) and int(index[-1]) - int(index[0]) + 1 == len(index):
            index = slice(int(index[0]), int(index[-1]) + 1)
        if self._select is not None:
            return np.bincount(self._values[index], minlength=int(self._select[-1]) + 1)[self._select]
        return np.bincount(self._values[index], minlength=len(self.classes))


def onehot_labels(y):
    """The class index of each row when y is a one-hot (2-D, 0/1, one 1 per row) matrix, else None."""
    import numpy as np

    y = np.asarray(y)
    if y.ndim != 2 or y.shape[1] < 2 or y.shape[0] == 0:
        return None
    if not np.isin(y, (0, 1)).all() or not (y.sum(axis=1) == 1).all():
        return None
    return y.argmax(axis=1)


def target_type(y, labels: Labels | None) -> str:
    """`sklearn.utils.multiclass.type_of_target`, without a second pass over 10M integer labels.

    For a 1-D integer array type_of_target depends only on its set of values
    ("binary" for at most two, "multiclass" otherwise), so the classes stand
    in for the whole vector; anything else is handed to type_of_target as is.
    """
    import numpy as np
    from sklearn.utils.multiclass import type_of_target

    array = np.asarray(y) if not hasattr(y, "dtype") else y
    if labels is not None and getattr(array, "ndim", 0) == 1 and array.dtype.kind in "iu":
        return type_of_target(np.asarray(labels.classes))
    return type_of_target(y)


# ---- the splitter ------------------------------------------------------------

def splitter_text(splitter) -> str:
    name = type(splitter).__name__
    if name == "_CVIterableWrapper":
        return f"{len(splitter.cv)} precomputed (train, validation) splits"
    return repr(splitter).replace("\n", " ")


def is_stratified(splitter) -> bool:
    return "Stratified" in type(splitter).__name__


def needs_groups(splitter) -> bool:
    return "Group" in type(splitter).__name__


def shuffles(splitter) -> bool | None:
    """Whether the splitter shuffles (None: not a notion it has, e.g. precomputed)."""
    name = type(splitter).__name__
    if "ShuffleSplit" in name or name.startswith("Repeated"):
        return True
    return getattr(splitter, "shuffle", None)


# ---- the audit -----------------------------------------------------------------

@dataclass
class FoldAudit:
    """What scikit-learn will do with this estimator, target and cv, fold by fold.

    ``train_counts`` and ``validation_counts`` are (classes x folds) integer
    arrays; ``table`` shows them, ``plot()`` draws them.
    """

    estimator: str                          # "scikeras 0.13.0's KerasClassifier"
    wrapper: str | None                     # "scikeras", "keras" or None
    kind: str                               # "classifier", "regressor", "unknown"
    is_classifier: bool                     # sklearn.base.is_classifier(estimator)
    versions: dict[str, str | None]
    cv: Any                                 # as given
    splitter: Any = None                    # what check_cv returned (None: not inspected)
    reason: str = ""                        # why this splitter, in words
    target_type: str = "unknown"
    onehot: bool = False
    classes: Any = None
    class_counts: Any = None
    train_counts: Any = None                # classes x folds
    validation_counts: Any = None           # classes x folds
    validation_sizes: Any = None            # examples per validation fold
    n_samples: int = 0
    n_groups: int | None = None
    label_runs: int = 0
    split_error: str | None = None          # what the splitter raised, as scikit-learn will
    split_warnings: list[str] = field(default_factory=list)
    not_inspected: str | None = None        # why the splits were not looked at (KD901)
    skipped: str | None = None              # why classes were not counted

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

    def __str__(self) -> str:
        from ..render.folds import audit_text

        return audit_text(self)

    def __rich__(self):
        from ..render.folds import audit_renderable

        return audit_renderable(self)

    def _repr_html_(self) -> str:
        from ..render.folds import audit_html

        return audit_html(self)


def choose_splitter(estimator, cv, y, versions: dict[str, str | None]) -> tuple[Any, str]:
    """The splitter `check_cv` returns for this estimator and target, and why."""
    from sklearn.base import is_classifier
    from sklearn.model_selection import check_cv

    classifier = is_classifier(estimator)
    splitter = check_cv(cv, y, classifier=classifier)
    if cv is None or isinstance(cv, int):
        k = 5 if cv is None else cv
        recognised = "recognises" if classifier else "does not recognise"
        why = (f"scikit-learn {versions.get('scikit-learn')} {recognised} "
               f"{describe_estimator(estimator, versions)} as a classifier "
               f"(sklearn.base.is_classifier is {classifier})")
        if classifier and not is_stratified(splitter):
            why += ", but the target is not binary or multiclass"
        return splitter, f"{why}, so cv={k} means {splitter_text(splitter)}"
    if type(splitter).__name__ == "_CVIterableWrapper":
        return splitter, f"cv is a list of {splitter_text(splitter)}"
    return splitter, f"cv={splitter_text(splitter)}, given explicitly"


def _base_audit(estimator, cv) -> FoldAudit:
    from sklearn.base import is_classifier

    versions = installed_versions()
    return FoldAudit(describe_estimator(estimator, versions), wrapper_of(estimator), estimator_kind(estimator),
                     is_classifier(estimator), versions, cv)


def audit_folds(estimator, X, y=None, groups=None, cv=5) -> FoldAudit:
    """The facts of a cross-validation: splitter used and why, classes per fold.

    Never fits anything, and never consumes a one-shot iterator of splits
    (`check_cv` would turn it into a list, using it up; the audit then says
    so instead of looking).
    """
    import numpy as np

    if X is None:
        raise ValueError("audit_folds needs X (the data you would pass to the search's fit), got None")
    audit = _base_audit(estimator, cv)
    if isinstance(cv, Iterator):
        audit.not_inspected = (f"cv is a one-shot iterator ({type(cv).__name__}): looking at its splits would "
                               "use them up before the search sees them")
        return audit
    audit.n_samples = len(X)
    if y is None:
        audit.splitter, audit.reason = choose_splitter(estimator, cv, y, audit.versions)
        audit.skipped = "no y given: there are no classes to count"
        return audit
    if audit.kind == "regressor":
        audit.splitter, audit.reason = choose_splitter(estimator, cv, y, audit.versions)
        audit.skipped = f"{audit.estimator} is a regressor: folds need no classes"
        return audit

    onehot = onehot_labels(y) if getattr(np.asarray(y), "ndim", 1) == 2 else None
    audit.onehot = onehot is not None
    flat = np.asarray(y)
    if flat.ndim == 2 and flat.shape[1] == 1:
        flat = flat.ravel()
    labels = Labels.of(onehot if onehot is not None else flat) if (onehot is not None or flat.ndim == 1) else None
    audit.target_type = target_type(y, labels)
    audit.splitter, audit.reason = choose_splitter(estimator, cv, y, audit.versions)
    if groups is not None:
        audit.n_groups = len(np.unique(np.asarray(groups)))
    if labels is None or not audit.classification:
        audit.skipped = (f"the target is {audit.target_type} and {audit.estimator} is a {audit.kind}: "
                         "not a classification whose classes folds must hold")
        return audit
    audit.classes, audit.class_counts, audit.label_runs = labels.classes, labels.counts, labels.runs
    _count_folds(audit, labels, X, y, groups)
    return audit


def _count_folds(audit: FoldAudit, labels: Labels, X, y, groups) -> None:
    """One pass of the real splitter's split(); one bincount per fold part."""
    import numpy as np
    from sklearn.model_selection import BaseCrossValidator

    # BaseCrossValidator.split yields test = indices[test_mask] and
    # train = indices[~test_mask]: the validation part is increasing without
    # repeats, and the training part is its complement, so its counts are the
    # totals minus the validation counts (checked by the sizes, per fold).
    complement = isinstance(audit.splitter, BaseCrossValidator)
    train, validation, sizes = [], [], []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            for train_index, test_index in audit.splitter.split(X, y, groups):
                whole = complement and len(train_index) + len(test_index) == audit.n_samples
                counted = labels.count(test_index, sorted_unique=whole)
                validation.append(counted)
                sizes.append(len(test_index))
                if whole:
                    train.append(labels.counts - counted)
                else:
                    train.append(labels.count(train_index))
        except (ValueError, TypeError) as error:   # scikit-learn will raise the same in the search
            audit.split_error = f"{type(error).__name__}: {error}"
    audit.split_warnings = [str(w.message) for w in caught]
    if audit.split_error is None:
        audit.train_counts = np.stack(train, axis=1) if train else np.zeros((len(labels.classes), 0), int)
        audit.validation_counts = np.stack(validation, axis=1) if validation else audit.train_counts.copy()
        audit.validation_sizes = np.asarray(sizes)
