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
    `model`. scikeras is no longer maintained (0.13.0 is its last release, and scikit-learn >= 1.6
    does not recognise its KerasClassifier as a classifier); Keras 3 has its own wrappers,
    `keras.wrappers.SKLearnClassifier`, `SKLearnRegressor` and `SKLearnTransformer`. The runtime
    finding shows your estimator, grid and fit call on them.
    """,
    sections={
        "Migrating to Keras' own wrappers": """
        | scikeras | keras.wrappers |
        |---|---|
        | `KerasClassifier(model=build)` (or `build_fn=build`) | `SKLearnClassifier(model=build)`; the wrapper calls `build(X=X, y=y, **model_kwargs)`, so `build` takes `X` and `y` (and reads the widths from them: `X.shape[1]`, `y.shape[1]`) |
        | `model__units=32` on the wrapper; grid key `"model__units"` | `model_kwargs={"units": 32}`; grid key `"model_kwargs": [{"units": 32}, {"units": 64}]` (KD311) |
        | `epochs=`, `batch_size=`, `callbacks=` on the wrapper; grid keys `"epochs"`, `"batch_size"` | `search.fit(X, y, epochs=10)` or `cross_val_score(..., params={"epochs": 10})`: scikit-learn's clone drops the wrapper's `fit_kwargs` (KD309); a tuned one: grid key `"fit_kwargs": [{"epochs": 10}, {"epochs": 20}]` |
        | `loss=`, `optimizer=`, `metrics=` on the wrapper (scikeras compiles) | compile inside `build`: the wrapper needs the model compiled |
        | integer targets, `loss="sparse_categorical_crossentropy"` | `SKLearnClassifier` one-hot encodes y: `loss="categorical_crossentropy"`, output `Dense(y.shape[1], activation="softmax")` (KD310) |
        | `cv=5`: plain KFold (scikit-learn >= 1.6 does not recognise scikeras as a classifier, KD301) | `cv=5`: StratifiedKFold |

        ```python
        # scikeras
        def build(units=16):
            model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(units, activation="relu"),
                                      keras.layers.Dense(3, activation="softmax")])
            model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
            return model

        search = GridSearchCV(KerasClassifier(model=build, epochs=20, verbose=0), {"model__units": [8, 16]}, cv=5)
        search.fit(X, y)

        # keras.wrappers
        def build(X, y, units=16):
            model = keras.Sequential([keras.Input((X.shape[1],)), keras.layers.Dense(units, activation="relu"),
                                      keras.layers.Dense(y.shape[1], activation="softmax")])
            model.compile(optimizer="adam", loss="categorical_crossentropy")
            return model

        search = GridSearchCV(SKLearnClassifier(model=build), {"model_kwargs": [{"units": 8}, {"units": 16}]}, cv=5)
        search.fit(X, y, epochs=20, verbose=0)
        ```
        """  # noqa: E501  (a Markdown table's rows are lines)
    },
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


KD309 = declare(
    "KD309",
    "wrapper-fit-kwargs-lost",
    ERROR,
    "Keras' wrapper `fit_kwargs` that scikit-learn's clone drops.",
    what="""
    For a search or cross-validation around `keras.wrappers.SKLearnClassifier` / `SKLearnRegressor` /
    `SKLearnTransformer` (also as a Pipeline's last step or inside `TransformedTargetRegressor`),
    clones the estimator as the search will, sets the grid's values on the clone as the search
    will, and compares the clone's `fit_kwargs` with the wrapper's. Reports the fit arguments
    (epochs, batch size, callbacks, ...) that no fold will train with: dropped by the clone, and
    neither given to `search.fit(...)` nor set by the grid. Judged by what the installed Keras and
    scikit-learn do, so it falls silent by itself once a Keras release keeps `fit_kwargs`.
    """,
    why="""
    Keras 3.15's `__sklearn_clone__` passes on `model`, `warm_start` and `model_kwargs` only.
    Every `cross_val_score`, `GridSearchCV` and `RandomizedSearchCV` clones the estimator before
    each fold and before the refit, so each of them trains with Keras' defaults (1 epoch, no
    callbacks) and the search compares under-trained models, without an error or a warning.
    Arguments given to `search.fit(X, y, epochs=3)` (or `params=` of `cross_val_score`) and
    `fit_kwargs` set by the grid do reach every fold.
    """,
)


KD310 = declare(
    "KD310",
    "wrapper-target-encoding",
    ERROR,
    "A wrapper's loss that does not fit the targets the wrapper hands it.",
    what="""
    Works out the targets a Keras wrapper hands its build function and `model.fit` (the wrapper's
    own encoding, asked on a clone: `SKLearnClassifier` one-hot encodes each training part), reads
    the loss and output layer the build function compiles (from its source, which is never run; a
    Model instance directly), and reports a sparse loss against one-hot targets, an output width
    that differs from the one-hot columns (`Dense(1, activation="sigmoid")` on two classes), targets
    the wrapper refuses (one-hot y), and a build function that does not take the `X` and `y` the
    wrapper passes by keyword. Training parts that lack classes are KD302's.
    """,
    why="""
    scikeras hands the model integer class ids; Keras' `SKLearnClassifier` hands it one-hot rows,
    one column per class of the training part. A build function moved over as it was fails at the
    first step of every fold ("Argument `output` must have rank (ndim) `target.ndim - 1`", "Arguments
    `target` and `output` must have the same shape"); with GridSearchCV's default `error_score=np.nan`
    that is a warning per fold and a table of nan scores.
    """,
)


KD311 = declare(
    "KD311",
    "wrapper-param-grid",
    ERROR,
    "Grid keys a Keras wrapper cannot take.",
    what="""
    Reports the keys of a search's grid that `keras.wrappers.SKLearnClassifier` (and its siblings)
    cannot take: scikeras-style `model__units`, bare build-function arguments (`units`), fit
    arguments (`epochs`, `batch_size`) and compile arguments (`optimizer`, `loss`), and gives the grid
    rewritten with the same candidates through `model_kwargs` and `fit_kwargs`. The reverse mistake on
    scikeras (a build argument without `model__`) is KD308's.
    """,
    why="""
    Keras' wrappers have four parameters: `model`, `warm_start`, `model_kwargs` and `fit_kwargs`.
    `set_params(model__units=8)` treats the build function as an estimator and fails with
    "'function' object has no attribute 'set_params'"; `set_params(epochs=3)` fails with "Invalid
    parameter"; both only once the search has started fitting.
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
        f"{splitter_name} makes {n_splits} folds{each}, but {len(small)} "
        f"{'class has' if len(small) == 1 else 'classes have'} fewer examples than that (class (examples): "
        f"{shown}); {'that class is' if len(small) == 1 else 'those classes are'} missing from some validation folds"
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
        f"y is one-hot ({n_samples} x {n_classes}); {what.rstrip('.')}.",
        where=where,
        fix=(
            stratified_fix(n_splits, assign="cv = list({}.split(X, y.argmax(1)))")
            + f"\n{call}   # still fits on one-hot y; for true multilabel targets use a multilabel "
            "stratifier (iterative-stratification's MultilabelStratifiedKFold)"
        ),
    )


# ---- KD307 legacy-keras-sklearn-wrapper, KD308 unprefixed-param-grid -----------------------


def legacy_build_fn(
    *, wrapper: str, build: str, version: str | None, name: str, arguments: list[str], migration: list[str]
) -> Finding:
    """KD307 at runtime: a scikeras wrapper given the legacy build_fn= (a warning: scikeras still accepts it).
    ``arguments``: the wrapper's other arguments, as code; ``migration``: the same estimator, grid and fit
    on Keras' own wrapper, as lines of code."""
    call = ", ".join([f"model={build}", *arguments])
    return KD307.finding(
        f"{wrapper} was given build_fn={build}, the argument of the removed "
        f"keras.wrappers.scikit_learn; scikeras {version} renamed it to model= and only "
        "accepts build_fn with a deprecation warning. scikeras is no longer maintained: Keras' own "
        "keras.wrappers takes the same model (the fix's second half).",
        severity=WARNING,
        where=f"{wrapper}(build_fn=...)",
        fix="\n".join(
            [
                f"{name} = {wrapper}({call})",
                "# or Keras' own wrapper (kerasdoctor rule KD307: the migration):",
                *migration,
            ]
        ),
    )


MIGRATION = "# or Keras' own wrappers (scikeras is no longer maintained): `kerasdoctor rule KD307` shows the way"


def legacy_module_in_source(*, statement: str, wrappers: list[str]) -> Finding:
    return KD307.finding(
        f"`{statement}`: the module was removed from Keras; scikeras provides the wrappers",
        fix=f"from scikeras.wrappers import {', '.join(wrappers or ['KerasClassifier'])}\n{MIGRATION}",
    )


def legacy_build_fn_in_source(*, fixed_call: str) -> Finding:
    return KD307.finding(
        "`build_fn=` is the legacy Keras wrapper's argument; scikeras calls it `model=`",
        fix=f"{fixed_call}\n{MIGRATION}",
    )


def unprefixed_grid(*, where: str, bad: list[str], fixed) -> Finding:
    """KD308 at runtime; ``fixed``: the grid (or list of grids) with the keys prefixed."""
    if len(bad) == 1:
        keys = f"The grid key {bad[0]!r} is an argument of the build function but lacks"
    else:
        keys = f"The grid keys {listed(map(repr, bad))} are arguments of the build function but lack"
    return KD308.finding(
        f"{keys} the model__ prefix: scikeras rejects {'it' if len(bad) == 1 else 'them'} with 'Invalid "
        "parameter' once the search starts fitting.",
        where=where,
        fix=f"param_grid = {fixed!r}",
    )


def unprefixed_grid_in_source(*, key: str, build: str) -> Finding:
    return KD308.finding(
        f"grid key '{key}' is an argument of `{build}` but has no `model__` prefix; scikeras "
        f'rejects it with "Invalid parameter {key}"',
        fix=f"'model__{key}': ...",
    )


# ---- KD309 wrapper-fit-kwargs-lost, KD310 wrapper-target-encoding, KD311 wrapper-param-grid -----


def fit_kwargs_lost(*, wrapper: str, where: str, clones: str, kept: str, lost: list[tuple], fix: str) -> Finding:
    """KD309. ``clones``: who clones and when; ``kept``: what the fold's wrapper has instead;
    ``lost``: (argument, the value given, what the folds use instead)."""
    shown = ", ".join(f"{name}={fold} instead of {given}" for name, given, fold in lost[:SHOWN])
    return KD309.finding(
        f"{wrapper}'s fit_kwargs never reach the training: {clones}, and the clone has {kept}, so every "
        f"fold trains with {shown}. The scores compare under-trained models, and nothing warns.",
        where=where,
        fix=fix,
    )


def fit_kwargs_lost_in_source(*, wrapper: str, function: str, keys: list[str], fix: str) -> Finding:
    what = f"({listed(keys)})" if keys else ""
    return KD309.finding(
        f"`{function}` clones `{wrapper}` before every fold, and the clone of a keras.wrappers estimator drops "
        f"fit_kwargs {what}: the folds train with fit()'s defaults (1 epoch, no callbacks)".replace("  ", " "),
        fix=fix,
    )


ONEHOT = "one-hot encodes y, one column per class of the training part"


def sparse_loss_for_onehot(*, wrapper: str, build: str, loss: str, columns: int, where: str, fix: str) -> Finding:
    return KD310.finding(
        f"{wrapper} {ONEHOT}: {build} is handed, and its model trains on, targets of shape (n, {columns}), but it "
        f"compiles with loss={loss}, which takes integer class ids. Every fold fails at its first step with "
        '"Argument `output` must have rank (ndim) `target.ndim - 1`".',
        where=where,
        fix=fix,
    )


def output_width_vs_columns(*, wrapper: str, build: str, units: int, columns: int, where: str, fix: str) -> Finding:
    unit = "unit" if units == 1 else "units"
    return KD310.finding(
        f"{wrapper} {ONEHOT}: y has {columns} classes, so {build} is handed targets of shape (n, {columns}), but "
        f'its output layer has {units} {unit}. Every fold fails at its first step with "Arguments `target` and '
        '`output` must have the same shape".',
        where=where,
        fix=fix,
    )


def build_without_xy(*, wrapper: str, build: str, fix: str) -> Finding:
    return KD310.finding(
        f"{wrapper} builds each model with {build}(X=..., y=..., **model_kwargs), but {build} takes no X and y: "
        f"every fit fails with \"{build}() got an unexpected keyword argument 'X'\". The build function reads "
        "the input and output widths from them (X.shape[1], y.shape[1]).",
        where=f"{build}",
        fix=fix,
    )


def targets_refused(*, wrapper: str, refused: str, where: str, fix: str) -> Finding:
    return KD310.finding(
        f"{wrapper} refuses these targets ({refused}): it takes class labels and one-hot encodes them itself.",
        where=where,
        fix=fix,
    )


def sparse_loss_for_onehot_in_source(*, wrapper: str, build: str, fix: str) -> Finding:
    return KD310.finding(
        f"`{wrapper}` {ONEHOT}, but `{build}` compiles with a sparse categorical loss, which takes integer class "
        'ids: fit fails with "Argument `output` must have rank (ndim) `target.ndim - 1`"',
        fix=fix,
    )


def one_unit_output_in_source(*, wrapper: str, build: str, fix: str) -> Finding:
    return KD310.finding(
        f"`{wrapper}` {ONEHOT} (two columns for two classes), but `{build}`'s output layer has 1 unit: fit fails "
        'with "Arguments `target` and `output` must have the same shape"',
        fix=fix,
    )


def build_without_xy_in_source(*, wrapper: str, build: str, fix: str) -> Finding:
    return KD310.finding(
        f"`{wrapper}` calls `{build}(X=..., y=..., **model_kwargs)`, but `{build}` takes no X and y: "
        f"\"{build}() got an unexpected keyword argument 'X'\"",
        fix=fix,
    )


WRAPPER_PARAMETERS = "model, warm_start, model_kwargs and fit_kwargs"


def _grid_keys_fail(bad: list[str], model_type: str) -> str:
    """ "the grid keys 'model__units', 'epochs' fail once the search starts fitting (...)": set_params' errors."""
    routed = [k for k in bad if k.split("__")[-2:-1] == ["model"]]
    errors = []
    if routed:
        errors.append(
            f"'{model_type}' object has no attribute 'set_params'"
            + (" for the model__ keys" * (len(routed) < len(bad)))
        )
    if len(routed) < len(bad):
        errors.append("Invalid parameter" + (" for the others" if routed else ""))
    keys = f"key {bad[0]!r} fails" if len(bad) == 1 else f"keys {listed(map(repr, bad))} fail"
    return f"the grid {keys} once the search starts fitting ({'; '.join(errors)})"


def wrapper_grid(*, wrapper: str, where: str, bad: list[str], model_type: str, homeless: dict, fix: str) -> Finding:
    """KD311. ``model_type``: the type of the wrapper's model (a "function"), named by set_params' error."""
    message = (
        f"{wrapper} takes only {WRAPPER_PARAMETERS}, so {_grid_keys_fail(bad, model_type)}. The same candidates "
        "go through model_kwargs and fit_kwargs."
    )
    message += "".join(f" {key!r} has no place there: {why}." for key, why in homeless.items())
    return KD311.finding(message, where=where, fix=fix)


def wrapper_grid_in_source(*, wrapper: str, bad: list[str], fix: str) -> Finding:
    return KD311.finding(f"`{wrapper}` takes only {WRAPPER_PARAMETERS}: {_grid_keys_fail(bad, 'function')}", fix=fix)
