"""KD5xx: Keras 2 code that breaks, or changes meaning, on Keras 3 (and NumPy 2). Each code's
declaration, then the wording of its findings.

Every statement about what Keras 3 does is checked against the installed
libraries by tests/test_migration.py, which triggers each error for real.
`kerasdoctor lint --select KD5 PATHS` is a migration report for a code base.
"""

from __future__ import annotations

from ..findings import Finding
from .registry import ERROR, WARNING, declare

KD501 = declare(
    "KD501",
    "removed-training-argument",
    ERROR,
    "An argument Keras 3's `fit`/`evaluate`/`predict`/`compile` no longer takes (`nb_epoch`, `workers`, ...).",
    what="""
    Reports Keras 2 arguments of `Model.fit`, `evaluate`, `predict` and `compile` that Keras 3
    refuses: `nb_epoch` (now `epochs`); `workers`, `use_multiprocessing` and `max_queue_size` (now
    arguments of a `keras.utils.PyDataset`); `compile`'s `experimental_steps_per_execution` (now
    `steps_per_execution`), `experimental_run_tf_function`, `sample_weight_mode`, `target_tensors`,
    `distribute` and `options`. Found by `kerasdoctor lint`, by `kd.check(model, x, y,
    nb_epoch=10)` (a finding instead of a TypeError) and by the hooks, before Keras raises.
    """,
    why="""
    Keras 3's `fit`, `predict` and `compile` raise `TypeError: ... got an unexpected keyword
    argument`, and `evaluate` raises `ValueError: Arguments not recognized`: a script copied from a
    Keras 2 tutorial stops before it trains.
    """,
)

KD502 = declare(
    "KD502",
    "legacy-optimizer-argument",
    ERROR,
    "`lr=`, `decay=` or another Keras 2 argument given to a Keras 3 optimizer.",
    what="""
    Reports Keras 2 arguments of the optimizers in `keras.optimizers`: `lr` (now `learning_rate`),
    `decay` (now a learning-rate schedule) and Nadam's `schedule_decay`.
    """,
    why="""
    Keras 3 refuses `lr=` and `schedule_decay=` (`ValueError: Argument(s) not recognized`). Worse,
    it accepts `decay=`, warns that it "is no longer supported and will be ignored", and trains with
    a constant learning rate where Keras 2 divided it by `1 + decay * step`: the same schedule is
    `keras.optimizers.schedules.InverseTimeDecay(lr, decay_steps=1, decay_rate=decay)`.
    """,
)

KD503 = declare(
    "KD503",
    "removed-model-method",
    ERROR,
    "`fit_generator`, `predict_classes` and the other Model methods Keras 3 removed.",
    what="""
    Reports calls of `fit_generator`, `evaluate_generator`, `predict_generator`, `predict_classes`
    and `predict_proba` on a value the source shows to be a Keras model.
    """,
    why="""
    Keras 3 models have none of them (`AttributeError`): `fit`, `evaluate` and `predict` take
    generators and `PyDataset`s themselves, and the class is `argmax` of `predict` (or
    `predict > 0.5` for one sigmoid unit), as Keras 2's `predict_classes` computed it.
    """,
)

KD504 = declare(
    "KD504",
    "removed-module",
    ERROR,
    "A Keras 2 (or TensorFlow 1) module or name that Keras 3 removed, such as `keras.layers.merge`.",
    what="""
    Reports imports of modules Keras 3 and TensorFlow 2 no longer have (`keras.layers.merge`,
    `keras.layers.core` and the other `keras.layers.*` submodules, `keras.engine`,
    `keras.utils.np_utils` and the other `*_utils`, `keras.optimizers.legacy`,
    `keras.layers.experimental.preprocessing`, `tensorflow.examples.tutorials`, ...), and uses of
    removed names: `CuDNNLSTM`/`CuDNNGRU`, the math functions of `keras.backend` (`K.sum`, `K.mean`,
    ...; now `keras.ops`), `keras.preprocessing`'s `ImageDataGenerator`, `TimeseriesGenerator` and
    `text`. Spellings that `tensorflow.keras` still serves (its legacy `backend` and
    `preprocessing`) are not reported.
    """,
    why="""
    The import fails (`ModuleNotFoundError`, `ImportError`) or the name is missing
    (`AttributeError`) before anything runs. The names moved: the layers to `keras.layers`, the
    utilities to `keras.utils`, the backend's math to `keras.ops`.
    """,
)

KD505 = declare(
    "KD505",
    "ignored-layer-argument",
    WARNING,
    "A layer argument Keras 3 accepts and ignores, such as `Embedding(input_length=...)`.",
    what="""
    Reports `Embedding(..., input_length=N)`. The fix gives the model its input shape with
    `keras.Input(shape=(N,))`, which is what `input_length` did in Keras 2.
    """,
    why="""
    Keras 3 warns that `input_length` "is deprecated" and drops it: a Sequential model that began
    with such an Embedding is no longer built, so `summary()` shows no parameters and
    `count_params()`, `output_shape` and the shape checks fail or are skipped until the first batch.
    """,
)

KD506 = declare(
    "KD506",
    "refused-save-path",
    ERROR,
    "A save or checkpoint path Keras 3 refuses: `.h5` weights, a SavedModel directory, `.hdf5` checkpoints.",
    what="""
    Reports literal paths given to `ModelCheckpoint` (weights must end in `.weights.h5`, whole models
    in `.keras` or `.h5`), `model.save` / `keras.models.save_model` (`.keras`, or the legacy `.h5`),
    `model.save_weights` (`.weights.h5`), and the removed `save_format=` argument.
    """,
    why="""
    Keras 3 raises `ValueError` when the callback is created, or at the end of the first epoch when
    the model is saved: a long training run stops, or never starts, over a file name. TensorFlow's
    SavedModel directory is no longer a Keras format (`model.export(path)` writes one for serving).
    """,
)

KD507 = declare(
    "KD507",
    "removed-numpy-alias",
    ERROR,
    "A NumPy alias NumPy 1.24 or 2.0 removed (`np.float`, `np.int`, `np.float_`, `np.NaN`, ...).",
    what="""
    Reports NumPy names that no longer exist: the builtin aliases removed in NumPy 1.24 (`np.float`,
    `np.int`, `np.object`, `np.str`, `np.complex`) and the aliases removed in NumPy 2.0
    (`np.float_`, `np.NaN`, `np.Inf`, `np.product`, `np.in1d`, ...). (`np.bool` and `np.long` are
    back in NumPy 2 and are not reported.)
    """,
    why="""
    `AttributeError: module 'numpy' has no attribute 'float'`: the training script stops where it
    prepares its data. Keras 2-era tutorials are full of `x.astype(np.float)`.
    """,
)

KD508 = declare(
    "KD508",
    "non-integer-layer-size",
    ERROR,
    "A float or NumPy integer given as a layer size, which Keras 3 refuses.",
    what="""
    Reports a size argument of a Keras layer (`Dense(units)`, `Embedding(input_dim, output_dim)`,
    `LSTM(units)`, `Conv2D(filters, kernel_size)`, `MaxPooling2D(pool_size)`, ...) that the source
    shows to be a float (`n / 2`, `64.0`) or a NumPy scalar (`np.max(y) + 1`, `y_train.max() + 1`).
    """,
    why="""
    Keras 2's `Dense` turned `units` into an int (`Dense(n / 2)` and `Dense(np.max(y) + 1)` worked);
    Keras 3 checks sizes and raises `ValueError: Received an invalid value for units, expected a
    positive integer` when the layer is made, or fails when it is built. `num_classes =
    np.max(y_train) + 1` is a NumPy integer.
    """,
)


# ---- KD501 removed-training-argument -----------------------------------------------------

PARALLEL = ("workers", "use_multiprocessing", "max_queue_size")
# Keras 2 arguments of Model's training methods that Keras 3 refuses: the Keras 3 name, or None (delete it).
REMOVED_ARGUMENTS = {
    "fit": {"nb_epoch": "epochs", **dict.fromkeys(PARALLEL)},
    "evaluate": dict.fromkeys(PARALLEL),
    "predict": dict.fromkeys(PARALLEL),
    "compile": {
        "experimental_steps_per_execution": "steps_per_execution",
        **dict.fromkeys(
            ("experimental_run_tf_function", "sample_weight_mode", "target_tensors", "distribute", "options")
        ),
    },
}
# What Keras 3 raises for an unknown argument (evaluate takes **kwargs and refuses them itself).
_RAISES = {"evaluate": "ValueError: Arguments not recognized"}


def _listed(names) -> str:
    quoted = [f"`{n}`" for n in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def removed_arguments(*, method: str, names: list[str], fix: str) -> Finding:
    """KD501 for one call: ``names`` are its Keras 2 arguments; ``fix`` the call without them (or renamed)."""
    raises = _RAISES.get(method, "TypeError: unexpected keyword argument")
    removed = REMOVED_ARGUMENTS[method]
    advice = [f"`{n}` is `{removed[n]}` now" for n in names if removed[n]]
    parallel = [n for n in names if n in PARALLEL]
    if parallel:
        advice.append(
            f"{_listed(parallel)} {'belongs' if len(parallel) == 1 else 'belong'} to a `keras.utils.PyDataset` "
            "now (`super().__init__(workers=..., use_multiprocessing=...)`)"
        )
    dropped = [n for n in names if not removed[n] and n not in PARALLEL]
    if dropped:
        advice.append(f"{_listed(dropped)} {'has' if len(dropped) == 1 else 'have'} no Keras 3 counterpart")
    argument = "argument" if len(names) == 1 else "arguments"
    return KD501.finding(
        f"`{method}()` with the Keras 2 {argument} {_listed(names)}: Keras 3 raises {raises}; {'; '.join(advice)}",
        fix=fix,
    )


# ---- KD502 legacy-optimizer-argument -----------------------------------------------------


def optimizer_argument(*, optimizer: str, name: str, fix: str) -> Finding:
    if name == "lr":
        return KD502.finding(
            f"`{optimizer}(lr=...)`: Keras 3 optimizers take `learning_rate`; `lr` raises "
            "ValueError: Argument(s) not recognized",
            fix=fix,
        )
    if name == "decay":
        return KD502.finding(
            f'`{optimizer}(decay=...)`: Keras 3 ignores `decay` ("no longer supported and will be '
            'ignored") and trains with a constant learning rate; Keras 2 divided it by '
            "(1 + decay * step), which InverseTimeDecay(lr, decay_steps=1, decay_rate=decay) does",
            fix=fix,
            severity=WARNING,
        )
    return KD502.finding(
        f"`{optimizer}({name}=...)`: Keras 3 raises ValueError: Argument(s) not recognized; delete it", fix=fix
    )


# ---- KD503 removed-model-method ----------------------------------------------------------

REMOVED_METHODS = {
    "fit_generator": "fit",
    "evaluate_generator": "evaluate",
    "predict_generator": "predict",
    "predict_classes": "predict",
    "predict_proba": "predict",
}


def removed_method(*, model: str, method: str, fix: str) -> Finding:
    replacement = REMOVED_METHODS[method]
    if method == "predict_classes":
        how = "the class is argmax of `predict` (for one sigmoid unit, `predict > 0.5`), as Keras 2 computed it"
    elif method == "predict_proba":
        how = "`predict` returns the probabilities"
    else:
        how = f"`{replacement}` takes generators and PyDatasets itself"
    return KD503.finding(f"`{model}.{method}()`: Keras 3 models have no `{method}` (AttributeError); {how}", fix=fix)


# ---- KD504 removed-module ----------------------------------------------------------------


def removed_module(*, module: str, replacement: str, fix: str) -> Finding:
    return KD504.finding(
        f"`{module}` was removed (ModuleNotFoundError on Keras 3 / TensorFlow 2); use {replacement}", fix=fix
    )


def removed_name(*, name: str, replacement: str, fix: str) -> Finding:
    return KD504.finding(f"`{name}` was removed in Keras 3; use {replacement}", fix=fix)


# ---- KD505 ignored-layer-argument --------------------------------------------------------


def ignored_argument(*, layer: str, name: str, fix: str) -> Finding:
    return KD505.finding(
        f"`{layer}({name}=...)`: Keras 3 ignores `{name}` (it warns it is deprecated), so the model is not "
        "built until its first batch; give the shape to `keras.Input` instead",
        fix=fix,
    )


# ---- KD506 refused-save-path -------------------------------------------------------------


def refused_path(*, call: str, path: str, needs: str, fix: str) -> Finding:
    return KD506.finding(f"`{call}`: Keras 3 refuses the path {path!r} (ValueError): {needs}", fix=fix)


def removed_save_format(*, call: str, fix: str) -> Finding:
    return KD506.finding(f"`{call}`: Keras 3 removed `save_format`; the file name's extension says the format", fix=fix)


# ---- KD507 removed-numpy-alias -----------------------------------------------------------


def removed_numpy_alias(*, spelled: str, replacement: str) -> Finding:
    return KD507.finding(
        f"`{spelled}` was removed from NumPy (AttributeError on NumPy 2); use `{replacement}`", fix=replacement
    )


# ---- KD508 non-integer-layer-size --------------------------------------------------------


def non_integer_size(*, layer: str, argument: str, value: str, kind: str, fix: str) -> Finding:
    return KD508.finding(
        f"{layer}'s {argument} `{value}` is {kind}: Keras 3 takes only a Python int there (ValueError when "
        "the layer is made or built)",
        fix=fix,
    )
