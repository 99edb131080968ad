"""KD3xx: cross-validation and hyper-parameter search. Each code's declaration, then the wording of its findings.

Plain strings only (the linter imports this module): the fold checks pass the
facts of `facts.cv.FoldAudit` as plain values.
"""

from __future__ import annotations

from ..findings import Finding
from .registry import ERROR, WARNING, declare

SHOWN = 8  # classes or folds listed in a message before "..."

KD301 = declare(
    "KD301",
    "unstratified-cv-for-classifier",
    WARNING,
    "A classification target will be split without stratification.",
    what="""
    For `cv=<int>` (or `cv=None`), works out the splitter scikit-learn will really use, as
    `check_cv(cv, y, classifier=is_classifier(estimator))` does, with the estimator's own idea of
    being a classifier, and reports it when it does not stratify a binary or multiclass target of a
    classifier. The message names the installed scikit-learn and wrapper versions. A splitter you
    pass explicitly is judged by its folds (KD302-KD305) instead; one-hot targets are KD306's.
    """,
    why="""
    scikit-learn stratifies `cv=5` only for estimators it recognises as classifiers. scikeras'
    `KerasClassifier` is not recognised by scikit-learn >= 1.6 (`is_classifier` reads tags scikeras
    does not set), so `cv=5` silently means `KFold`, and folds can miss classes (see KD302). The
    check asks `is_classifier` itself, so it falls silent on its own once a scikeras release is
    recognised.
    """,
)


KD302 = declare(
    "KD302",
    "class-missing-from-training-fold",
    ERROR,
    "Some training fold lacks a class.",
    what="""
    Runs the real splitter's `split(X, y, groups)` once, without training, and reports, for every
    fold, the classes that do not occur in its training part, and what the wrapper will do about it.
    """,
    why="""
    The wrapper learns its classes from the training part. With scikeras the fold's labels are
    encoded with fewer classes than the model's outputs, and prediction fails with `IndexError:
    index 37 is out of bounds for axis 0 with size 37` (GridSearchCV's default `error_score=np.nan`
    turns it into "Scoring failed" warnings and nan scores), or, where the model never predicts a
    surplus output, the score is silently wrong. With Keras' `SKLearnClassifier` a model built from
    `y.shape[1]` gets a narrower output layer, never predicts the missing classes, and the score is
    silently wrong.
    """,
)


KD303 = declare(
    "KD303",
    "class-missing-from-validation-fold",
    WARNING,
    "Some validation fold lacks a class.",
    what="""
    Reports folds whose validation part has at least as many examples as there are classes, yet no
    example of some class. Classes with fewer examples than folds are left to KD304, and folds of
    sorted labels cut without shuffling to KD305.
    """,
    why="""
    Per-class metrics are undefined for those folds and averaged scores are computed over different
    class sets, so folds are not comparable.
    """,
)


KD304 = declare(
    "KD304",
    "too-few-members-for-n-splits",
    WARNING,
    "The least populated class has fewer members than folds.",
    what="""
    For a k-fold splitter (not a group splitter), compares the size of each class with the number of
    folds and gives the largest number of folds that still puts every class in every fold. An error
    when scikit-learn refuses the splits or a class has a single example (no number of folds works);
    a warning otherwise.
    """,
    why="""
    No splitter can put a class with 3 examples into 5 validation folds. `StratifiedKFold` warns and
    produces folds without that class; a class with one example is also missing from the training
    part of its fold.
    """,
)


KD305 = declare(
    "KD305",
    "sorted-labels-without-shuffle",
    WARNING,
    "Unshuffled KFold over label-sorted targets.",
    what="""
    Reports an unshuffled, unstratified, non-group splitter (e.g. `KFold()`) over class labels that
    come sorted (at most two runs of equal labels per class), and lists the validation parts that
    lack classes.
    """,
    why="""
    `KFold` without `shuffle=True` cuts contiguous blocks; on sorted labels each block holds only a
    few classes, so folds miss whole classes.
    """,
)


KD306 = declare(
    "KD306",
    "onehot-target-to-splitter",
    WARNING,
    "2-D one-hot targets handed to a stratified splitter.",
    what="""
    Reports one-hot targets (2-D, 0/1, a single 1 per row) given to a search or cross-validation
    whose splitter does not stratify them: `cv=<int>` falls back to `KFold`, and `StratifiedKFold`
    refuses them.
    """,
    why="""
    scikit-learn's `type_of_target` calls a one-hot matrix "multilabel-indicator": `cv=5` then means
    `KFold` even for a recognised classifier, and `StratifiedKFold` raises "Supported target types
    are: ('binary', 'multiclass')".
    """,
)


KD307 = declare(
    "KD307",
    "legacy-keras-sklearn-wrapper",
    ERROR,
    "`keras.wrappers.scikit_learn` (removed) or `build_fn=`.",
    what="""
    Reports imports of the removed `keras.wrappers.scikit_learn` module and the legacy `build_fn=`
    argument of scikeras wrappers. At runtime (`check_search`, `check_cv`) only `build_fn=` can be
    seen, and it is a warning: scikeras 0.13 still accepts it, with a DeprecationWarning.
    """,
    why="""
    The module was removed from Keras and TensorFlow; scikeras replaced it and renamed `build_fn` to
    `model`.
    """,
)


KD308 = declare(
    "KD308",
    "unprefixed-param-grid",
    ERROR,
    "scikeras grid keys that need the `model__` prefix.",
    what="""
    Reports keys of a search's `param_grid` / `param_distributions` that are arguments of the
    scikeras build function (read with `inspect.signature`), lack the `model__` prefix, and are not
    parameters of the wrapper. (`KerasClassifier(model=build, units=32)` makes a bare `units` valid:
    scikeras routes constructor keywords to the build function.)
    """,
    why="""
    scikeras routes only `model__*` parameters (and its own) to the build function;
    `set_params(units=64)` is rejected with "Invalid parameter" after the search has started.
    """,
)


# ---- wording: shared pieces ------------------------------------------------------------


def stratified_fix(n_splits: int, groups: bool = False, repeats: int | None = None, assign: str = "cv = {}") -> str:
    """Paste-able code for a stratified splitter of ``n_splits`` folds.

    ``groups``: keep the groups apart and stratify as well as they allow
    (StratifiedGroupKFold); ``repeats``: a RepeatedStratifiedKFold, which
    always reshuffles and takes no shuffle= argument. ``assign`` places the
    splitter in the user's code ("cv = {}", "cv={}", ...).
    """
    if repeats is not None:
        name, args = "RepeatedStratifiedKFold", f"n_splits={n_splits}, n_repeats={repeats}, random_state=0"
    else:
        name = "StratifiedGroupKFold" if groups else "StratifiedKFold"
        args = f"n_splits={n_splits}, shuffle=True, random_state=0"
    return f"from sklearn.model_selection import {name}\n" + assign.format(f"{name}({args})")


def listed(items, limit: int = SHOWN) -> str:
    items = list(items)
    shown = ", ".join(map(str, items[:limit]))
    return shown + (f", ... ({len(items)} in all)" if len(items) > limit else "")


def plural_classes(classes) -> str:
    return f"class {classes[0]}" if len(classes) == 1 else f"classes {listed(classes)}"


def describe_gaps(gaps: dict[int, list]) -> str:
    """ "fold 0 lacks class 3; fold 1 lacks classes 4, 5" for {fold: the classes it lacks}."""
    return "; ".join(f"fold {j} lacks {plural_classes(c)}" for j, c in list(gaps.items())[:SHOWN]) + (
        f"; ... ({len(gaps)} folds in all)" if len(gaps) > SHOWN else ""
    )


# ---- KD301 unstratified-cv-for-classifier -------------------------------------------------


def unstratified(*, where: str, reason: str, n_classes: int, target_type: str, fix: str) -> Finding:
    return KD301.finding(
        f"{reason}. The {n_classes} classes of this {target_type} target are not spread evenly over the folds.",
        where=where,
        fix=fix,
    )


def unstratified_in_source(*, function: str, cv_given: bool, n_splits: int, legacy: bool = False) -> Finding:
    what = f"cv={n_splits}" if cv_given else f"the default cv ({n_splits} folds)"
    wrapper = "Keras 2's KerasClassifier, which scikeras' replaces (KD307)" if legacy else "scikeras' KerasClassifier"
    return KD301.finding(
        f"`{function}` with {what} around {wrapper}: scikit-learn >= 1.6 does not recognise scikeras' "
        "KerasClassifier as a classifier, so the folds are not stratified and may miss classes",
        fix=stratified_fix(n_splits, assign="cv={}"),
    )


# ---- KD302 class-missing-from-training-fold ----------------------------------------------


def class_missing_from_training(
    *, where: str, splitter: str, gaps: dict[int, list], wrapper: str | None, n_classes: int, fix: str
) -> Finding:
    fold, missing = next(iter(gaps.items()))
    k, present = n_classes, n_classes - len(missing)
    if wrapper == "scikeras":
        what = (
            f"scikeras learns classes_ from each training part and encodes its labels as 0..{present - 1}, "
            f"while the model still has {k} outputs: in fold {fold}, as soon as the model's argmax is one of "
            f"outputs {present}..{k - 1}, prediction fails with `IndexError: index {present} is out of bounds "
            f"for axis 0 with size {present}` or a higher index (with GridSearchCV's default "
            "error_score=np.nan, a 'Scoring failed' warning and a nan score); where it does not, the missing "
            "classes are never predicted and the fold's score is wrong"
        )
    elif wrapper == "keras":
        what = (
            f"keras.wrappers.SKLearnClassifier one-hot encodes each training part's own classes, so a model "
            f"built from y.shape[1] gets {present} outputs instead of {k} in fold {fold}, never predicts the "
            "missing classes, and that fold's score is wrong (no error is raised)"
        )
    else:
        what = "the estimator learns its classes from the training part and can never predict the missing ones"
    return KD302.finding(
        f"With {splitter}, the training part of {describe_gaps(gaps)}. {what}.",
        where=f"{where}: folds {listed(gaps)} (training)",
        fix=fix,
    )


def class_missing_in_error(*, index: int, size: int) -> Finding:
    """KD302 from the numbers of the IndexError scikeras raises when decoding a prediction."""
    return KD302.finding(
        f"scikeras learnt {size} classes from the training part of a fold and encodes them as 0..{size - 1}, "
        f"but the model predicted output {index}, a class that training part lacked: the folds do not hold "
        "every class. Usually cv=<int> (scikit-learn stratifies only for estimators it recognises as "
        "classifiers, and it does not recognise scikeras' KerasClassifier) or an unshuffled KFold over "
        "label-sorted data.",
        where="cv (of the search or cross-validation)",
        fix=stratified_fix(5, assign="cv = {}   # pass cv=cv to the search"),
    )


# ---- KD303 class-missing-from-validation-fold --------------------------------------------


def class_missing_from_validation(*, where: str, splitter: str, gaps: dict[int, list], fix: str) -> Finding:
    return KD303.finding(
        f"With {splitter}, the validation part of {describe_gaps(gaps)}: per-class scores are "
        "undefined there and the folds' scores are averaged over different sets of classes.",
        where=f"{where}: folds {listed(gaps)} (validation)",
        fix=fix,
    )


# ---- KD304 too-few-members-for-n-splits --------------------------------------------------


def too_few_members(
    *,
    where: str,
    splitter_name: str,
    n_splits: int,
    repeats: int | None,
    small: list[tuple],
    fewest: int,
    single: list,
    split_error: str | None,
    fix_splitter: str,
    call: str,
) -> Finding:
    """KD304. ``small``: (class, examples) of the classes smaller than ``n_splits``; ``repeats``: a
    Repeated* splitter's repetitions (None otherwise); ``single``: the classes of one example;
    ``fix_splitter``: the stratified splitter of ``fewest`` folds, as code."""
    # a Repeated* splitter reshuffles each repetition, but every repetition is
    # a k-fold over the same classes: the shortage recurs in each of them
    each = f" in each of its {repeats} repetitions" if repeats else ""
    shown = ", ".join(f"{c} ({n})" for c, n in small[:SHOWN])
    message = (
        f"{splitter_name} makes {n_splits} folds{each}, but {len(small)} classes have fewer examples "
        f"than that (class (examples): {shown}); those classes are missing from some validation folds"
        + (" in every repetition" if each else "")
    )
    if fewest >= 2:
        message += f". The largest number of folds that puts every class in every fold is {fewest}"
        fix = f"{fix_splitter}\n{call}"
    else:
        message += (
            f", and {plural_classes(single)} with a single example cannot be in a training and a "
            "validation part at once: no number of folds works"
        )
        fix = f"keep = ~np.isin(y, {single!r})   # or gather more examples of these classes\nX, y = X[keep], y[keep]"
    if split_error:
        message += f". scikit-learn refuses these splits: {split_error}"
    # An error when the search cannot run or a class cannot be trained on in
    # some fold; otherwise StratifiedKFold only warns and the folds are uneven.
    severity = ERROR if split_error or fewest < 2 else WARNING
    return KD304.finding(message + ".", where=where, fix=fix, severity=severity)


# ---- KD305 sorted-labels-without-shuffle, KD306 onehot-target-to-splitter ------------------


def sorted_labels(*, where: str, runs: int, n_samples: int, splitter: str, gaps: dict[int, list], fix: str) -> Finding:
    tail = f": the validation part of {describe_gaps(gaps)}" if gaps else ""
    return KD305.finding(
        f"y comes sorted by class ({runs} runs of equal labels over {n_samples} examples) and "
        f"{splitter} cuts contiguous blocks without shuffling, so each fold sees only a few "
        f"classes{tail}.",
        where=where,
        fix=fix,
    )


def onehot_target(*, where: str, n_samples: int, n_classes: int, what: str, n_splits: int, call: str) -> Finding:
    """KD306. ``what`` says what the splitter does with the one-hot target."""
    return KD306.finding(
        f"y is one-hot ({n_samples} x {n_classes}); {what}.",
        where=where,
        fix=(
            stratified_fix(n_splits, assign="cv = list({}.split(X, y.argmax(1)))")
            + f"\n{call}   # still fits on one-hot y; for true multilabel targets use a multilabel "
            "stratifier (iterative-stratification's MultilabelStratifiedKFold)"
        ),
    )


# ---- KD307 legacy-keras-sklearn-wrapper, KD308 unprefixed-param-grid -----------------------


def legacy_build_fn(*, wrapper: str, build: str, version: str | None) -> Finding:
    """KD307 at runtime: a scikeras wrapper given the legacy build_fn= (a warning: scikeras still accepts it)."""
    return KD307.finding(
        f"{wrapper} was given build_fn={build}, the argument of the removed "
        f"keras.wrappers.scikit_learn; scikeras {version} renamed it to model= and only "
        "accepts build_fn with a deprecation warning.",
        severity=WARNING,
        where=f"{wrapper}(build_fn=...)",
        fix=f"{wrapper}(model={build}, ...)",
    )


def legacy_module_in_source(*, statement: str, wrappers: list[str]) -> Finding:
    return KD307.finding(
        f"`{statement}`: the module was removed from Keras; scikeras provides the wrappers",
        fix=f"from scikeras.wrappers import {', '.join(wrappers or ['KerasClassifier'])}",
    )


def legacy_build_fn_in_source(*, fixed_call: str) -> Finding:
    return KD307.finding(
        "`build_fn=` is the legacy Keras wrapper's argument; scikeras calls it `model=`", fix=fixed_call
    )


def unprefixed_grid(*, where: str, bad: list[str], fixed) -> Finding:
    """KD308 at runtime; ``fixed``: the grid (or list of grids) with the keys prefixed."""
    return KD308.finding(
        f"The grid keys {listed(map(repr, bad))} are arguments of the build function but lack the "
        "model__ prefix: scikeras rejects them with 'Invalid parameter' once the search starts "
        "fitting.",
        where=where,
        fix=f"param_grid = {fixed!r}",
    )


def unprefixed_grid_in_source(*, key: str, build: str) -> Finding:
    return KD308.finding(
        f"grid key '{key}' is an argument of `{build}` but has no `model__` prefix; scikeras "
        f'rejects it with "Invalid parameter {key}"',
        fix=f"'model__{key}': ...",
    )
