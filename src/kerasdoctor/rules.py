"""The one table of finding codes.

A code names a mistake, not a detector: the linter and the runtime checks use
the same code for the same mistake. Each rule carries its documentation in
fixed sections (What it does / Why is this bad? / Example / Use instead); that
one text feeds `kerasdoctor rule CODE`, the README table and SARIF output.
Codes are never reused: a retired rule stays here with ``retired=True``.
"""

from __future__ import annotations

from dataclasses import dataclass
from textwrap import dedent

ERROR = "error"
WARNING = "warning"
INFO = "info"


@dataclass(frozen=True)
class Rule:
    code: str
    slug: str
    severity: str
    summary: str
    what: str
    why: str
    example: str
    use_instead: str
    retired: bool = False

    @property
    def docs(self) -> str:
        """The rule's documentation as Markdown, in the fixed sections."""
        return (
            f"# {self.code} {self.slug}\n\n"
            f"Default severity: {self.severity}. {self.summary}\n\n"
            f"## What it does\n\n{self.what}\n\n"
            f"## Why is this bad?\n\n{self.why}\n\n"
            f"## Example\n\n```python\n{self.example}\n```\n\n"
            f"## Use instead\n\n```python\n{self.use_instead}\n```\n"
        )


def _rule(code, slug, severity, summary, what, why, example, use_instead, retired=False):
    clean = lambda text: dedent(text).strip("\n")  # noqa: E731
    return Rule(code, slug, severity, summary, clean(what).replace("\n", " ").strip(),
                clean(why).replace("\n", " ").strip(), clean(example), clean(use_instead),
                retired)


RULES: tuple[Rule, ...] = (
    # ---- KD1xx: data pipelines and input shapes --------------------------------
    _rule(
        "KD101", "unbatched-dataset", ERROR,
        "A dataset yields single examples where the model expects batches.",
        """
        Compares the shape of the elements a `tf.data.Dataset` (or `PyDataset`)
        yields with the model's input shape. When an element has exactly the
        shape of one example, the dataset was never batched.
        """,
        """
        `Model.fit` takes every element of a dataset as one batch. An element of
        shape `(75,)` against `Input((75,))` fails with a shape error that never
        mentions batching; with a one-feature input Keras adds the missing axis
        itself and trains silently on one example per step. The usual cause is
        `ds.batch(32)` called without assigning its result: tf.data datasets are
        immutable and `batch()` returns a new dataset.
        """,
        """
        ds = tf.data.Dataset.from_tensor_slices((X, Y))
        ds.batch(32)            # result discarded: ds is still unbatched
        model.fit(ds, epochs=10)
        """,
        """
        ds = tf.data.Dataset.from_tensor_slices((X, Y))
        ds = ds.batch(32)
        model.fit(ds, epochs=10)
        """,
    ),
    _rule(
        "KD102", "discarded-dataset-transformation", ERROR,
        "The result of `ds.batch()`, `ds.map()`, ... is not assigned.",
        """
        Found by `kerasdoctor lint` (from source; there is no runtime check):
        a statement of its own that calls a `tf.data.Dataset` transformation
        (`apply`, `batch`, `bucket_by_sequence_length`, `cache`, `concatenate`,
        `enumerate`, `filter`, `flat_map`, `group_by_window`, `ignore_errors`,
        `interleave`, `map`, `padded_batch`, `prefetch`, `ragged_batch`,
        `rebatch`, `rejection_resample`, `repeat`, `scan`, `shard`, `shuffle`,
        `skip`, `snapshot`, `sparse_batch`, `take`, `take_while`, `unbatch`,
        `unique`, `window`, `with_options`, `zip`) and throws the result away,
        on a value the source shows to be a dataset: bound from a
        `tf.data.Dataset.*` constructor, a `tf.data.*Dataset(...)` class,
        `keras.utils.*_dataset_from_*`, `tfds.load(..., split="...")`, a
        function of the file that returns one, or another transformation,
        through assignments and across notebook cells. A discarded chain that
        changes batching (`batch`, `padded_batch`, `ragged_batch`,
        `sparse_batch`, `bucket_by_sequence_length`, `unbatch`, `rebatch`,
        `window`, `group_by_window`) is an error, any other a warning. A
        receiver that cannot be shown to be a dataset (a DataFrame's `sample`,
        a list) gives no finding.
        """,
        """
        Datasets are immutable: every transformation returns a new dataset and
        leaves the original unchanged. A discarded `batch()` leaves the pipeline
        unbatched (see KD101); a discarded `shuffle()` or `map()` silently trains
        on unshuffled or unprocessed data.
        """,
        """
        data = tf.data.Dataset.from_tensor_slices((X, Y))
        data.batch(batch_size=100, drop_remainder=True)
        """,
        """
        data = tf.data.Dataset.from_tensor_slices((X, Y))
        data = data.batch(batch_size=100, drop_remainder=True)
        """,
    ),
    _rule(
        "KD103", "double-batched-dataset", ERROR,
        "Dataset elements carry one batch axis too many.",
        """
        Detects dataset elements whose shape is the model's input shape with two
        leading batch axes, e.g. `(None, None, 75)` against `Input((75,))`.
        """,
        """
        `batch()` applied twice (or to data that was already batched, such as an
        array of shape `(steps, batch, features)` passed to `from_tensor_slices`
        after `batch()`) produces batches of batches. Keras then fails with a
        rank error deep inside the first layer.
        """,
        """
        ds = tf.data.Dataset.from_tensor_slices((X, Y)).batch(32)
        ds = ds.batch(32)
        """,
        """
        ds = tf.data.Dataset.from_tensor_slices((X, Y)).batch(32)
        """,
    ),
    _rule(
        "KD104", "input-shape-mismatch", ERROR,
        "The per-example shape differs from the model's input shape.",
        """
        Compares, input by input, the shape of one example in the data (arrays,
        datasets, `PyDataset`, `validation_data`) with the shape the model's
        `Input` declares, allowing for the one-axis adjustment Keras itself makes.
        """,
        """
        Keras reports the mismatch only once the first batch reaches a layer, in
        terms of tensor ranks and a layer's name rather than the data you passed.
        """,
        """
        inputs = keras.Input((28, 28, 1))
        model.fit(x_train.reshape(-1, 784), y_train)   # examples of shape (784,)
        """,
        """
        inputs = keras.Input((28, 28, 1))
        model.fit(x_train.reshape(-1, 28, 28, 1), y_train)
        """,
    ),
    _rule(
        "KD105", "input-structure-mismatch", ERROR,
        "Number, names or nesting of inputs/targets differ from what the model needs.",
        """
        Checks that the data provides one entry per model input (by position, or
        by name when it is a dict), and that it provides targets when the
        compiled loss needs them.
        """,
        """
        A dict keyed by names that are not the `Input` names, a single array for
        a two-input model, or a dataset that yields only features fail late with
        errors about flattened structures, or a loss called with `None` targets.
        """,
        """
        inputs = {"age": keras.Input((1,), name="age"), "income": keras.Input((1,), name="income")}
        ds = tf.data.Dataset.from_tensor_slices(({"Age": a, "Income": i}, y)).batch(32)
        """,
        """
        ds = tf.data.Dataset.from_tensor_slices(({"age": a, "income": i}, y)).batch(32)
        """,
    ),
    _rule(
        "KD106", "batch-size-ignored", WARNING,
        "`batch_size=` passed to fit() with a Dataset, generator or PyDataset.",
        """
        Flags `fit(..., batch_size=N)` when `x` is a `tf.data.Dataset`, a Python
        generator or a `keras.utils.PyDataset`.
        """,
        """
        These inputs decide their own batches; Keras ignores `batch_size` for
        them without a word. A user who relies on it to batch an unbatched
        dataset trains on single examples.
        """,
        """
        ds = tf.data.Dataset.from_tensor_slices((X, y))
        model.fit(ds, batch_size=32, epochs=5)
        """,
        """
        ds = tf.data.Dataset.from_tensor_slices((X, y)).batch(32)   # batch the dataset itself
        model.fit(ds, epochs=5)                                      # and drop batch_size=
        """,
    ),
    _rule(
        "KD107", "empty-dataset", ERROR,
        "fit() would run zero steps.",
        """
        Reports data whose size is known to be zero: a dataset of cardinality 0,
        an empty array, a `PyDataset` of length 0.
        """,
        """
        The most common cause is `batch(n, drop_remainder=True)` with fewer than
        `n` examples (or a `take`/`filter`/`skip` that removes everything). Keras
        then trains for zero steps, or stops with an unhelpful error about
        unknown logs.
        """,
        """
        ds = tf.data.Dataset.from_tensor_slices((X[:50], Y[:50])).batch(64, drop_remainder=True)
        """,
        """
        ds = tf.data.Dataset.from_tensor_slices((X[:50], Y[:50])).batch(64)
        """,
    ),
    _rule(
        "KD108", "infinite-dataset-without-steps", ERROR,
        "`repeat()` without `steps_per_epoch`: the first epoch never ends.",
        """
        Reports a dataset of infinite cardinality passed to `fit()` without
        `steps_per_epoch` (and as `validation_data` without `validation_steps`).
        """,
        """
        An epoch ends when the data runs out. An infinite dataset never runs out,
        so the first epoch runs forever and no callback or validation runs.
        """,
        """
        model.fit(ds.repeat(), epochs=10)
        """,
        """
        model.fit(ds.repeat(), epochs=10, steps_per_epoch=len(X) // 32)
        """,
    ),
    # ---- KD2xx: compile, loss, targets and outputs -----------------------------
    _rule(
        "KD201", "missing-loss", ERROR,
        "`compile()` without a loss (and no `add_loss`).",
        """
        Reports a model compiled without `loss=` that adds no loss of its own
        through `add_loss` or an overridden `compute_loss`/`train_step`.
        """,
        """
        `loss` defaults to `None`. With nothing to minimise, `fit()` stops with
        "No loss to compute" (or, in older versions, trains nothing at all).
        """,
        """
        model.compile(optimizer="adam")
        """,
        """
        model.compile(optimizer="adam", loss="mse")
        """,
    ),
    _rule(
        "KD202", "not-compiled", ERROR,
        "`fit()` on a model that was never compiled.",
        """
        Reports a model about to be trained that has not been compiled.
        """,
        """
        `fit()` needs an optimizer and a loss, which `compile()` provides. Keras
        fails with "You must call `compile()` before using the model"; in a
        script this often means a `compile()` went to another model object.
        """,
        """
        model = build_model()
        model.fit(X, Y)
        """,
        """
        model = build_model()
        model.compile(optimizer="adam", loss="mse")
        model.fit(X, Y)
        """,
    ),
    _rule(
        "KD203", "sparse-loss-with-onehot-targets", ERROR,
        "Sparse categorical loss with one-hot targets.",
        """
        Detects `sparse_categorical_crossentropy` (as a string, the function or a
        `keras.losses.SparseCategoricalCrossentropy` object, in any spelling
        Keras accepts) used with one-hot targets: 0/1 rows that sum to 1, as
        wide as the output. Array targets are read in full; a `tf.data`
        pipeline is sampled (see KD901); `PyDataset` batch 0 is read.
        """,
        """
        The sparse loss expects one integer class id per example. Given one-hot
        rows, Keras stops at the first step with "Argument `output` must have
        rank (ndim) `target.ndim - 1`", which names neither the loss nor the
        labels.
        """,
        """
        y = keras.utils.to_categorical(labels, 5)
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        model.fit(X, y)
        """,
        """
        y = keras.utils.to_categorical(labels, 5)
        model.compile(optimizer="adam", loss="categorical_crossentropy")
        model.fit(X, y)              # or keep the sparse loss: model.fit(X, y.argmax(-1))
        """,
    ),
    _rule(
        "KD204", "categorical-loss-with-integer-targets", ERROR,
        "Categorical loss with integer class ids as targets.",
        """
        Detects `categorical_crossentropy` or `categorical_focal_crossentropy`
        (any spelling) on an output of more than one unit, trained against
        targets that hold one whole-number class id per example (shape `(N,)`
        or `(N, 1)`, integer or float dtype).
        """,
        """
        The categorical losses expect one-hot rows as wide as the output. With
        class ids Keras stops at the first step with "Arguments `target` and
        `output` must have the same rank (ndim)" (or "the same shape").
        """,
        """
        model.compile(optimizer="adam", loss="categorical_crossentropy")
        model.fit(X, labels)          # labels = [3, 0, 7, ...]
        """,
        """
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        model.fit(X, labels)          # or keras.utils.to_categorical(labels, 10)
        """,
    ),
    _rule(
        "KD205", "labels-out-of-range", ERROR,
        "Integer labels outside `[0, output units)`.",
        """
        With `sparse_categorical_crossentropy`, reports integer class labels that
        are negative or not smaller than the width of the output layer, naming
        the offending values. With `binary_crossentropy` (or its focal variant),
        reports whole-number targets outside `[0, 1]`.
        """,
        """
        Labels 1..10 with `Dense(10)` put class 10 past the end of the output.
        On CPU Keras fails with "Received a label value of 10 which is outside
        the valid range of [0, 10)"; on GPU the loss can silently become NaN.
        Binary cross-entropy on labels 0, 1, 2 computes a meaningless loss.
        """,
        """
        y = np.array([1, 2, ..., 10])
        outputs = keras.layers.Dense(10, activation="softmax")(x)
        """,
        """
        y = y - 1                     # labels 0..9
        outputs = keras.layers.Dense(10, activation="softmax")(x)
        """,
    ),
    _rule(
        "KD206", "output-units-vs-classes", ERROR,
        "Output width differs from the number of classes or target width.",
        """
        Compares the width of each `(batch, units)` output with its targets:
        the one-hot width for categorical losses, the target columns for
        binary and regression losses (a `(N,)` or `(N, 1)` target is one
        column). With a sparse loss on the full training targets, labels
        0..k-1 on an output wider than k are reported as a warning (units that
        never see a target); validation targets and samples may lack classes,
        so they are not judged this way.
        """,
        """
        A `Dense(4)` regression head trained against `(N, 1)` targets: Keras
        broadcasts the target over four outputs and trains without complaint,
        on the wrong problem. Other width mismatches stop the first step with a
        shape error that names neither the layer nor the data.
        """,
        """
        outputs = keras.layers.Dense(4)(x)
        model.compile(optimizer="adam", loss="mse")
        model.fit(X, y.reshape(-1, 1))
        """,
        """
        outputs = keras.layers.Dense(1)(x)
        model.compile(optimizer="adam", loss="mse")
        model.fit(X, y.reshape(-1, 1))
        """,
    ),
    _rule(
        "KD207", "activation-loss-mismatch", ERROR,
        "The output activation and the loss disagree.",
        """
        Reads the activation really applied at each output (a layer's
        `activation=`, or a following `Activation`/`Softmax` layer, through
        Dropout/Flatten/Reshape) and checks it against the loss. Errors:
        softmax on a single unit; `from_logits=True` against a softmax or
        sigmoid output. Warnings: a cross-entropy with `from_logits=False` on a
        linear output; binary cross-entropy on a multi-unit softmax; sigmoid
        with categorical cross-entropy. An output computed by a layer it does
        not know (Lambda, custom layers) is skipped with that reason.
        """,
        """
        Softmax over one unit is always 1.0, so the model learns nothing.
        Applying an activation twice, or treating logits as probabilities,
        distorts the loss and slows or stalls training without any error.
        Binary cross-entropy on a softmax scores each unit as an independent
        yes/no, which is not the one-of-n choice a softmax makes.
        """,
        """
        outputs = keras.layers.Dense(1, activation="softmax")(x)
        model.compile(optimizer="adam", loss="binary_crossentropy")
        """,
        """
        outputs = keras.layers.Dense(1, activation="sigmoid")(x)
        model.compile(optimizer="adam", loss="binary_crossentropy")
        """,
    ),
    _rule(
        "KD208", "loss-missing-for-output", ERROR,
        "A multi-output model with no loss for some output.",
        """
        Assigns a loss list (by position) or dict (by output name) to the
        outputs as Keras does, and reports outputs left without a loss (an
        error when the list is too short or the key absent, a warning when the
        loss is `None` on purpose) and dict keys that name no output.
        """,
        """
        An output without a loss receives no gradient from its targets: a
        short loss list trains silently (at most a "Gradients do not exist"
        warning). A dict that misses an output or names no output stops the
        first step with "Expected keys ... in loss dict".
        """,
        """
        model.compile(optimizer="adam", loss={"class": "sparse_categorical_crossentropy"})   # "box" has none
        """,
        """
        model.compile(optimizer="adam", loss={"class": "sparse_categorical_crossentropy", "box": "mse"})
        """,
    ),
    # ---- KD3xx: cross-validation and hyper-parameter search --------------------
    _rule(
        "KD301", "unstratified-cv-for-classifier", WARNING,
        "A classification target will be split without stratification.",
        """
        For `cv=<int>` (or `cv=None`), works out the splitter scikit-learn will
        really use, as `check_cv(cv, y, classifier=is_classifier(estimator))`
        does, with the estimator's own idea of being a classifier, and reports
        it when it does not stratify a binary or multiclass target of a
        classifier. The message names the installed scikit-learn and wrapper
        versions. A splitter you pass explicitly is judged by its folds
        (KD302-KD305) instead; one-hot targets are KD306's.
        """,
        """
        scikit-learn stratifies `cv=5` only for estimators it recognises as
        classifiers. scikeras' `KerasClassifier` is not recognised by
        scikit-learn >= 1.6 (`is_classifier` reads tags scikeras does not
        set), so `cv=5` silently means `KFold`, and folds can miss classes (see
        KD302). The check asks `is_classifier` itself, so it falls silent on its
        own once a scikeras release is recognised.
        """,
        """
        GridSearchCV(KerasClassifier(model=build), grid, cv=5)
        """,
        """
        from sklearn.model_selection import StratifiedKFold
        GridSearchCV(KerasClassifier(model=build), grid,
                     cv=StratifiedKFold(n_splits=5, shuffle=True, random_state=0))
        """,
    ),
    _rule(
        "KD302", "class-missing-from-training-fold", ERROR,
        "Some training fold lacks a class.",
        """
        Runs the real splitter's `split(X, y, groups)` once, without training,
        and reports, for every fold, the classes that do not occur in its
        training part, and what the wrapper will do about it.
        """,
        """
        The wrapper learns its classes from the training part. With scikeras the
        fold's labels are encoded with fewer classes than the model's outputs,
        and prediction fails with `IndexError: index 37 is out of bounds for
        axis 0 with size 37` (GridSearchCV's default `error_score=np.nan` turns
        it into "Scoring failed" warnings and nan scores), or, where the model
        never predicts a surplus output, the score is silently wrong. With Keras'
        `SKLearnClassifier` a model built from `y.shape[1]` gets a narrower
        output layer, never predicts the missing classes, and the score is
        silently wrong.
        """,
        """
        GridSearchCV(clf, grid, cv=KFold(5)).fit(X, y_sorted_by_class)
        """,
        """
        GridSearchCV(clf, grid, cv=StratifiedKFold(5, shuffle=True, random_state=0)).fit(X, y)
        """,
    ),
    _rule(
        "KD303", "class-missing-from-validation-fold", WARNING,
        "Some validation fold lacks a class.",
        """
        Reports folds whose validation part has at least as many examples as
        there are classes, yet no example of some class. Classes with fewer
        examples than folds are left to KD304, and folds of sorted labels cut
        without shuffling to KD305.
        """,
        """
        Per-class metrics are undefined for those folds and averaged scores are
        computed over different class sets, so folds are not comparable.
        """,
        """
        cross_val_score(clf, X, y, cv=precomputed_splits)   # a validation part without class 2
        """,
        """
        cross_val_score(clf, X, y, cv=StratifiedKFold(5, shuffle=True, random_state=0))
        """,
    ),
    _rule(
        "KD304", "too-few-members-for-n-splits", WARNING,
        "The least populated class has fewer members than folds.",
        """
        For a k-fold splitter (not a group splitter), compares the size of each
        class with the number of folds and gives the largest number of folds
        that still puts every class in every fold. An error when scikit-learn
        refuses the splits or a class has a single example (no number of folds
        works); a warning otherwise.
        """,
        """
        No splitter can put a class with 3 examples into 5 validation folds.
        `StratifiedKFold` warns and produces folds without that class; a class
        with one example is also missing from the training part of its fold.
        """,
        """
        StratifiedKFold(n_splits=10)    # smallest class has 4 examples
        """,
        """
        StratifiedKFold(n_splits=4, shuffle=True, random_state=0)
        """,
    ),
    _rule(
        "KD305", "sorted-labels-without-shuffle", WARNING,
        "Unshuffled KFold over label-sorted targets.",
        """
        Reports an unshuffled, unstratified, non-group splitter (e.g. `KFold()`)
        over class labels that come sorted (at most two runs of equal labels
        per class), and lists the validation parts that lack classes.
        """,
        """
        `KFold` without `shuffle=True` cuts contiguous blocks; on sorted labels
        each block holds only a few classes, so folds miss whole classes.
        """,
        """
        cross_val_score(clf, X, y_sorted, cv=KFold(5))
        """,
        """
        cross_val_score(clf, X, y_sorted, cv=StratifiedKFold(5, shuffle=True, random_state=0))
        """,
    ),
    _rule(
        "KD306", "onehot-target-to-splitter", WARNING,
        "2-D one-hot targets handed to a stratified splitter.",
        """
        Reports one-hot targets (2-D, 0/1, a single 1 per row) given to a search
        or cross-validation whose splitter does not stratify them: `cv=<int>`
        falls back to `KFold`, and `StratifiedKFold` refuses them.
        """,
        """
        scikit-learn's `type_of_target` calls a one-hot matrix
        "multilabel-indicator": `cv=5` then means `KFold` even for a recognised
        classifier, and `StratifiedKFold` raises "Supported target types are:
        ('binary', 'multiclass')".
        """,
        """
        GridSearchCV(clf, grid, cv=5).fit(X, keras.utils.to_categorical(y))
        """,
        """
        cv = list(StratifiedKFold(5, shuffle=True, random_state=0).split(X, y_onehot.argmax(1)))
        GridSearchCV(clf, grid, cv=cv).fit(X, y_onehot)
        """,
    ),
    _rule(
        "KD307", "legacy-keras-sklearn-wrapper", ERROR,
        "`keras.wrappers.scikit_learn` (removed) or `build_fn=`.",
        """
        Reports imports of the removed `keras.wrappers.scikit_learn` module and
        the legacy `build_fn=` argument of scikeras wrappers. At runtime
        (`check_search`, `check_cv`) only `build_fn=` can be seen, and it is a
        warning: scikeras 0.13 still accepts it, with a DeprecationWarning.
        """,
        """
        The module was removed from Keras and TensorFlow; scikeras replaced it and
        renamed `build_fn` to `model`.
        """,
        """
        from keras.wrappers.scikit_learn import KerasClassifier
        clf = KerasClassifier(build_fn=build)
        """,
        """
        from scikeras.wrappers import KerasClassifier
        clf = KerasClassifier(model=build)
        """,
    ),
    _rule(
        "KD308", "unprefixed-param-grid", ERROR,
        "scikeras grid keys that need the `model__` prefix.",
        """
        Reports keys of a search's `param_grid` / `param_distributions` that
        are arguments of the scikeras build function (read with
        `inspect.signature`), lack the `model__` prefix, and are not parameters
        of the wrapper. (`KerasClassifier(model=build, units=32)` makes a bare
        `units` valid: scikeras routes constructor keywords to the build
        function.)
        """,
        """
        scikeras routes only `model__*` parameters (and its own) to the build
        function; `set_params(units=64)` is rejected with "Invalid parameter"
        after the search has started.
        """,
        """
        GridSearchCV(KerasClassifier(model=build), {"units": [32, 64]})
        """,
        """
        GridSearchCV(KerasClassifier(model=build), {"model__units": [32, 64]})
        """,
    ),
    # ---- KD4xx: model structure and parameters ---------------------------------
    _rule(
        "KD401", "unbuilt-model", INFO,
        "The model has no input shape yet, so shapes and counts are unknown.",
        """
        Reports a model whose inputs are not known (a subclassed model, or a
        Sequential model without an `Input`) and skips the checks that need them.
        """,
        """
        Shape checks compare the data with the model's inputs; without them
        those checks cannot run, and parameter counts are unknown.
        """,
        """
        model = keras.Sequential([keras.layers.Dense(1)])
        """,
        """
        model = keras.Sequential([keras.Input((75,)), keras.layers.Dense(1)])
        """,
    ),
    # ---- KD9xx: kerasdoctor itself ---------------------------------------------
    _rule(
        "KD900", "check-crashed", WARNING,
        "A check raised; the report says so and your program goes on.",
        """
        Any check that raises is turned into this finding, carrying the
        traceback, instead of stopping your program.
        """,
        """
        A diagnostic tool must never be the reason a training script fails. The
        traceback is a bug in kerasdoctor, and worth reporting.
        """,
        """
        report = kd.check(model, ds)     # a check raised internally
        """,
        """
        report = kd.check(model, ds)     # the other checks still ran; see KD900's detail
        """,
    ),
    _rule(
        "KD901", "not-inspected", INFO,
        "Data that could only be inspected by consuming it.",
        """
        Reports data kerasdoctor did not look into, and why. For `fit()`
        data: a Python generator (one-shot), a `PyDataset` whose
        `__getitem__(0)` raised, an object of a kind it cannot read, or no data
        given. For the loss-vs-target checks (KD203-KD206), a `tf.data.Dataset`
        whose fresh iteration would have side effects or cost: built with
        `from_generator`; calling `py_function`/`numpy_function`; a function
        that reads another dataset; a function that writes a `tf.Variable`
        (a counter, a seeded Keras random layer), draws from a
        `tf.random.Generator` or writes a lookup table (reading a lookup is
        fine); a shuffle buffer over 10,000 elements (or of unknown size); a
        seeded `shuffle()` that reshuffles each iteration; a seeded
        `Dataset.random` or `sample_from_datasets`/`choose_from_datasets`
        order with `rerandomize_each_iteration=True`; a `cache()` to a file.
        The fix says how to let it read anyway (`inspect_unsafe=True`). For
        `check_search`/`check_cv`: `cv` given as a one-shot iterator of splits.
        """,
        """
        Taking an element from a one-shot source removes it from your training
        run; reading a pipeline with side effects moves a counter, advances a
        random stream or changes the order your seeded run sees. kerasdoctor
        never does that, so some checks could not run.
        """,
        """
        model.fit(make_batches(), steps_per_epoch=100)    # a Python generator
        """,
        """
        ds = tf.data.Dataset.from_generator(
            make_batches, output_signature=(tf.TensorSpec((None, 75)), tf.TensorSpec((None,))))
        model.fit(ds, steps_per_epoch=100)               # shapes are checked from the signature
        """,
    ),
    _rule(
        "KD902", "syntax-error", ERROR,
        "A file the linter could not parse: a syntax error, undecodable bytes or a malformed notebook.",
        """
        `kerasdoctor lint` reports, at the line where parsing stopped, a file
        that is not valid Python (a syntax error, null bytes, bytes that are not
        valid in the file's encoding, UTF-8 unless a coding declaration says
        otherwise) or a notebook that is not valid nbformat JSON. In a notebook,
        a cell with a syntax error is reported and skipped; the other cells are
        still linted. The other files are always linted.
        """,
        """
        A file that cannot be parsed cannot be checked, and Python could not
        run it either; saying nothing would pass it off as clean.
        """,
        """
        model.compile(optimizer="adam", loss="mse"
        model.fit(X, Y)
        """,
        """
        model.compile(optimizer="adam", loss="mse")
        model.fit(X, Y)
        """,
    ),
)

BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}
BY_SLUG: dict[str, Rule] = {rule.slug: rule for rule in RULES}


def get(name: str) -> Rule:
    """Look a rule up by code (``KD101``, any case) or slug (``unbatched-dataset``)."""
    key = name.strip()
    rule = BY_CODE.get(key.upper()) or BY_SLUG.get(key.lower())
    if rule is None:
        raise KeyError(f"no rule named {name!r}; `kerasdoctor rules` lists them")
    return rule
