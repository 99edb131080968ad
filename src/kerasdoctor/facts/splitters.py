"""Which splitter scikit-learn uses for an estimator and a cv, and what that splitter does.

Predicates on the estimator (a search? a Keras wrapper? a classifier?) and on
the splitter (stratified? grouped? repeated? shuffling?), read from the
objects without running anything; `choose_splitter` asks scikit-learn's own
`check_cv`. `kerasdoctor.facts.cv` audits the folds these make.
"""

from __future__ import annotations

import functools
from importlib import metadata
from typing import Any

DISTRIBUTIONS = ("scikit-learn", "scikeras", "keras")


def installed_versions() -> dict[str, str | None]:
    """The installed versions of scikit-learn, scikeras and Keras (None: not installed)."""
    return dict(_installed_versions())  # a copy: each audit owns its dict


@functools.cache
def _installed_versions() -> tuple[tuple[str, str | None], ...]:
    # Read once per process (~1.5 ms a call): the modules already imported stay
    # these versions even if a newer one is installed later.
    from packaging.version import Version

    found = []
    for name in DISTRIBUTIONS:
        try:
            found.append((name, str(Version(metadata.version(name)))))
        except metadata.PackageNotFoundError:
            found.append((name, None))
    return tuple(found)


# ---- the estimator -----------------------------------------------------------


def is_search(obj) -> bool:
    """A scikit-learn search (BaseSearchCV: GridSearchCV, RandomizedSearchCV, Halving*), told by its parts.

    BaseSearchCV.__init__ stores these four parameters; reading them needs
    no sklearn import, so a Keras model is told apart cheaply.
    """
    return all(hasattr(obj, name) for name in ("estimator", "cv", "scoring", "refit"))


def inner(estimator):
    """One level into a meta-estimator that trains what it wraps: (the wrapped estimator, grid-key
    prefix, fit-parameter prefix, cloned again at fit), or None.

    A Pipeline's last step gets ``set_params(clf__x=...)`` and ``fit(X, y, clf__x=...)``.
    A TransformedTargetRegressor's ``regressor`` gets ``regressor__x`` keys, and its fit
    hands every fit parameter to ``regressor.fit`` as is (without metadata routing); its
    fit trains ``clone(self.regressor)`` (sklearn/compose/_target.py), not the regressor given.
    """
    steps = getattr(estimator, "steps", None)
    if isinstance(steps, list) and steps:
        name, step = steps[-1]
        return step, f"{name}__", f"{name}__", False
    if type(estimator).__name__ == "TransformedTargetRegressor" and getattr(estimator, "regressor", None) is not None:
        return estimator.regressor, "regressor__", "", True
    return None


def final_estimator(estimator):
    """The estimator a (nested) Pipeline or TransformedTargetRegressor trains last; the estimator itself otherwise."""
    while (level := inner(estimator)) is not None:
        estimator = level[0]
    return estimator


def step_prefix(estimator) -> str:
    """The grid-key prefix that reaches the final estimator ("", "clf__", "regressor__" ...)."""
    prefix = ""
    while (level := inner(estimator)) is not None:
        estimator, prefix = level[0], prefix + level[1]
    return prefix


def fit_prefix(estimator) -> str:
    """The prefix of the fit parameters that reach the final estimator's fit ("" or "clf__" ...)."""
    prefix = ""
    while (level := inner(estimator)) is not None:
        estimator, prefix = level[0], prefix + level[2]
    return prefix


def wrapper_of(estimator) -> str | None:
    """ "scikeras" or "keras" (keras.wrappers.SKLearn*) for a Keras wrapper, else None."""
    module = type(final_estimator(estimator)).__module__
    if module.split(".")[0] == "scikeras":
        return "scikeras"
    if module.split(".")[0] == "keras" and ".wrappers" in module:
        return "keras"
    return None


def estimator_kind(estimator) -> str:
    """ "classifier", "regressor" or "unknown", by what the estimator *is*.

    Deliberately broader than `sklearn.base.is_classifier`: scikeras'
    KerasClassifier subclasses ClassifierMixin and sets
    ``_estimator_type = "classifier"``, yet scikit-learn >= 1.6 reads only
    ``__sklearn_tags__`` and does not recognise it. The kind is what the user
    meant; `is_classifier` is what scikit-learn will do with it.
    """
    from sklearn.base import ClassifierMixin, RegressorMixin, is_classifier, is_regressor

    final = final_estimator(estimator)
    if (
        is_classifier(estimator)
        or isinstance(final, ClassifierMixin)
        or getattr(final, "_estimator_type", None) == "classifier"
    ):
        return "classifier"
    if (
        is_regressor(estimator)
        or isinstance(final, RegressorMixin)
        or getattr(final, "_estimator_type", None) == "regressor"
    ):
        return "regressor"
    return "unknown"


def describe_estimator(estimator, versions: dict[str, str | None]) -> str:
    """ "scikeras 0.13.0's KerasClassifier", "Keras 3.15.0's keras.wrappers.SKLearnClassifier", ..."""
    name = type(final_estimator(estimator)).__name__
    wrapper = wrapper_of(estimator)
    if wrapper == "scikeras":
        return f"scikeras {versions.get('scikeras')}'s {name}"
    if wrapper == "keras":
        return f"Keras {versions.get('keras')}'s keras.wrappers.{name}"
    return name


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


def is_repeated(splitter) -> bool:
    """RepeatedKFold, RepeatedStratifiedKFold (and look-alikes): k-fold run n_repeats times, reshuffled each time."""
    return type(splitter).__name__.startswith("Repeated") and hasattr(splitter, "n_repeats")


def repeats(splitter) -> int:
    """How many times the splitter runs its k-fold (1 unless it is a Repeated* splitter)."""
    return int(splitter.n_repeats) if is_repeated(splitter) else 1


def folds_per_repeat(splitter) -> int | None:
    """The splitter's n_splits: for a Repeated* splitter, the folds of each repetition (None: unknown).

    scikit-learn's Repeated* splitters have no n_splits attribute: they keep it
    in ``cvargs`` for the KFold they build each repetition, and their public
    ``get_n_splits()`` is n_splits x n_repeats.
    """
    n = getattr(splitter, "n_splits", None)
    if n is not None:
        return int(n)
    try:
        return int(splitter.get_n_splits()) // repeats(splitter)
    except (AttributeError, TypeError, ValueError):  # e.g. LeaveOneOut needs X to count its splits
        return None


def shuffles(splitter) -> bool | None:
    """Whether the splitter shuffles (None: not a notion it has, e.g. precomputed)."""
    name = type(splitter).__name__
    if "ShuffleSplit" in name or name.startswith("Repeated"):
        return True
    return getattr(splitter, "shuffle", None)


# ---- the choice ------------------------------------------------------------------


def choose_splitter(estimator, cv, y, versions: dict[str, str | None], halving: bool = False) -> tuple[Any, str]:
    """The splitter `check_cv` returns for this estimator and target, and why.

    ``halving``: the splitter is a Halving*SearchCV's, whose iterations train
    on subsamples of its training parts (successive halving), not on them whole.
    """
    splitter, why = _check_cv(estimator, cv, y, versions)
    if halving:
        why += (
            "; each halving iteration trains on a subsample of these training parts, "
            "so early iterations lack even more examples per class"
        )
    return splitter, why


def _check_cv(estimator, cv, y, versions: dict[str, str | None]) -> tuple[Any, str]:
    from sklearn.base import is_classifier
    from sklearn.model_selection import check_cv

    classifier = is_classifier(estimator)
    splitter = check_cv(cv, y, classifier=classifier)
    if cv is None or isinstance(cv, int):
        k = 5 if cv is None else cv
        recognised = "recognises" if classifier else "does not recognise"
        why = (
            f"scikit-learn {versions.get('scikit-learn')} {recognised} "
            f"{describe_estimator(estimator, versions)} as a classifier "
            f"(sklearn.base.is_classifier is {classifier})"
        )
        if classifier and not is_stratified(splitter):
            why += ", but the target is not binary or multiclass"
        return splitter, f"{why}, so cv={k} means {splitter_text(splitter)}"
    if type(splitter).__name__ == "_CVIterableWrapper":
        return splitter, f"cv is a list of {splitter_text(splitter)}"
    return splitter, f"cv={splitter_text(splitter)}, given explicitly"
