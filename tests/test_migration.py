"""KD5xx against the installed Keras 3, TensorFlow and NumPy: every row of the migration tables is triggered for
real, so a row that stops being true (a release that brings a name back) fails here; the codes' examples fail
on Keras 3 as their comments say and their fixed twins run; KD501 at runtime, from kd.check and the hooks."""

from __future__ import annotations

import importlib
import inspect
import os
import runpy
import warnings

import keras
import numpy as np
import pytest
import tensorflow as tf

import kerasdoctor as kd
from kerasdoctor import codes
from kerasdoctor.codes.migration import REMOVED_ARGUMENTS, REMOVED_METHODS
from kerasdoctor.findings import KerasDoctorError
from kerasdoctor.linter import keras2, lint_text

RNG = np.random.default_rng(0)
X, Y = RNG.random((8, 3), dtype="float32"), RNG.random((8, 2), dtype="float32")


def compiled_model():
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    model.compile(optimizer="adam", loss="mse")
    return model


def call(model, method: str, **extra):
    arguments = {"fit": (X, Y), "evaluate": (X, Y), "predict": (X,), "compile": ("adam", "mse")}[method]
    quiet = {} if method == "compile" else {"verbose": 0}
    return getattr(model, method)(*arguments, **quiet, **extra)


# ---- KD501: the arguments Keras 3 refuses --------------------------------------------------------------

REMOVED = [(method, name) for method, names in REMOVED_ARGUMENTS.items() for name in names]


@pytest.mark.parametrize("method, name", REMOVED, ids=[f"{m}-{n}" for m, n in REMOVED])
def test_keras_3_refuses_each_removed_argument_and_kd_explain_names_it(method, name):
    with pytest.raises((TypeError, ValueError), match=name) as raised:
        call(compiled_model(), method, **{name: 2})
    assert kd.explain(raised.value).code == "KD501"
    renamed = REMOVED_ARGUMENTS[method][name]
    if renamed:  # the Keras 3 spelling the fix gives is an argument of that method
        assert renamed in inspect.signature(getattr(keras.Model, method)).parameters


def test_kd_check_returns_kd501_instead_of_raising_and_still_checks_the_rest():
    model = compiled_model()
    report = kd.check(model, X, Y, nb_epoch=10)
    (finding,) = report.findings
    assert finding.code == "KD501" and finding.fix == "model.fit(..., epochs=10)"
    assert "`nb_epoch` is `epochs` now" in finding.message
    assert report.passed  # the other checks ran
    with pytest.raises(TypeError, match="unexpected keyword argument 'nb_epochs'"):
        kd.check(model, X, Y, nb_epochs=10)  # a typo of ours to catch, not a Keras 2 argument


def test_a_hooked_fit_reports_kd501_before_keras_raises_and_notes_the_error():
    model = compiled_model()
    with kd.installed(on_fail="return") as session:
        with pytest.raises(TypeError, match="nb_epoch") as raised:
            model.fit(X, Y, nb_epoch=2, workers=4, verbose=0)
    (finding,) = session.report.findings
    assert finding.code == "KD501" and finding.fix == "model.fit(..., epochs=2)   # without workers=4"
    assert any("KD501" in note and "epochs=2" in note for note in raised.value.__notes__)
    with kd.installed(strict=True, on_fail="return"):
        with pytest.raises(KerasDoctorError):  # strict: stopped by us, before Keras
            model.fit(X, Y, nb_epoch=2, verbose=0)
        with pytest.raises(ValueError) as raised:  # evaluate takes **kwargs: Keras' ValueError, explained
            model.evaluate(X, Y, workers=2, verbose=0)
    assert any("KD501" in note for note in raised.value.__notes__)


def test_a_wrong_argument_that_is_no_keras_2_argument_is_left_to_keras():
    with kd.installed(on_fail="return") as session:
        with pytest.raises(TypeError, match="epoch"):
            compiled_model().fit(X, Y, epoch=2, verbose=0)
    assert session.report.findings == []


# ---- KD502: optimizer arguments --------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(keras2.OPTIMIZERS))
def test_keras_3_optimizers_refuse_lr_and_ignore_decay(name):
    optimizer = getattr(keras.optimizers, name)
    with pytest.raises(ValueError, match=r"not recognized: \{'lr'"):
        optimizer(lr=0.1)
    with pytest.warns(UserWarning, match="`decay` is no longer supported and will be ignored"):
        ignored = optimizer(decay=0.5)
    default = inspect.signature(optimizer).parameters["learning_rate"].default
    assert default == keras2.DEFAULT_LEARNING_RATES.get(name, 0.001)
    assert float(ignored.learning_rate) == pytest.approx(default)  # constant: the decay is gone


def test_nadam_refuses_schedule_decay_and_inverse_time_decay_is_keras_2s_decay():
    with pytest.raises(ValueError, match="schedule_decay"):
        keras.optimizers.Nadam(schedule_decay=0.004)
    # Keras 2's optimizers: lr_t = lr / (1 + decay * iterations) (checked against tf_keras 2.21's legacy Adam)
    schedule = keras.optimizers.schedules.InverseTimeDecay(0.1, decay_steps=1, decay_rate=0.5)
    assert [round(float(schedule(step)), 6) for step in (0, 1, 3)] == [0.1, round(0.1 / 1.5, 6), 0.04]


# ---- KD503: removed methods -------------------------------------------------------------------------------


def test_keras_3_models_have_none_of_the_removed_methods():
    model = compiled_model()
    for method, replacement in REMOVED_METHODS.items():
        assert not hasattr(model, method) and hasattr(model, replacement)


# ---- KD504: removed modules and names ---------------------------------------------------------------------


def _imports(module: str) -> bool:
    try:
        importlib.import_module(module)
    except ImportError:
        return False
    return True


@pytest.mark.parametrize("module", sorted(keras2.REMOVED_MODULES))
def test_removed_modules_are_gone_from_keras_and_tf_keras_and_their_names_have_a_home(module):
    replacement = keras2.REMOVED_MODULES[module]
    for spelled in (module, "tensorflow." + module):
        if module == "keras.optimizers.legacy":  # importable, but useless: every optimizer in it raises
            with pytest.raises(ImportError, match="not supported in Keras 3"):
                importlib.import_module(spelled).Adam()
        else:
            assert not _imports(spelled), spelled
    assert _imports(replacement)
    for name, home in keras2.NAME_HOME.items():
        assert hasattr(importlib.import_module(home), name)


def test_names_the_fixes_move_exist_where_they_move_to():
    assert all(hasattr(keras.layers, n) for n in ("concatenate", "Concatenate", "add", "Dense", "Layer", "Rescaling"))
    assert all(hasattr(keras.utils, n) for n in ("to_categorical", "normalize", "Sequence", "plot_model", "get_file"))
    assert hasattr(keras.losses, "categorical_crossentropy") and hasattr(keras.optimizers, "Adam")
    for name, new in keras2.RENAMED_LAYERS.items():
        last = name.rsplit(".", 1)[1]
        assert not hasattr(keras.layers, last) and not hasattr(tf.keras.layers, last) and hasattr(keras.layers, new)
    for module in keras2.REWRITTEN_MODULES:
        assert not _imports(module)
    assert callable(keras.datasets.mnist.load_data)


def test_keras_only_removals_are_still_served_by_tensorflow_keras():
    for module, replacement in keras2.KERAS_ONLY_MODULES.items():
        assert not _imports(module) and _imports(replacement.split(" ", 1)[0])
    for name, home in keras2.KERAS_ONLY_NAMES.items():
        module, _, last = name.rpartition(".")
        assert not hasattr(importlib.import_module(module), last)
        assert hasattr(importlib.import_module(home), last) and last in keras2.KERAS_ONLY_WHY


BACKEND_ARGUMENTS = {
    **dict.fromkeys(("equal", "greater", "less", "maximum", "minimum", "not_equal"), lambda a: (a, 0.5 * a[::-1])),
    "clip": lambda a: (a, 0.2, 0.8),
    "cast": lambda a: (a, "int32"),
    "reshape": lambda a: (a, (3, 2)),
    "tile": lambda a: (a, (2, 1)),
    "squeeze": lambda a: (a[None], 0),
    "stack": lambda a: ([a, a],),
    "concatenate": lambda a: ([a, a],),
    "binary_crossentropy": lambda a: (np.round(a), a),
    "categorical_crossentropy": lambda a: (np.eye(3, dtype="float32")[:2], a / a.sum(-1, keepdims=True)),
}


@pytest.mark.parametrize("name", sorted(keras2.BACKEND_OPS))
def test_keras_ops_with_the_fixs_axis_computes_what_keras_2s_backend_did(name):
    """tensorflow.keras.backend keeps Keras 2's functions (legacy); keras.backend no longer has them."""
    assert not hasattr(keras.backend, name)
    a = RNG.random((2, 3), dtype="float32") + 0.1
    arguments = BACKEND_ARGUMENTS.get(name, lambda a: (a,))(a)
    axis = keras2.BACKEND_OPS[name]
    ours = getattr(keras.ops, name)(*arguments, **({} if axis is None else {"axis": axis}))
    tensors = tf.nest.map_structure(lambda v: tf.constant(v) if isinstance(v, np.ndarray) else v, arguments)
    theirs = getattr(tf.keras.backend, name)(*tensors)  # Keras 2's functions take tensors
    np.testing.assert_allclose(np.asarray(ours), np.asarray(theirs), rtol=1e-4, atol=1e-6)
    legacy = inspect.signature(getattr(tf.keras.backend, name)).parameters
    current = inspect.signature(getattr(keras.ops, name)).parameters
    for old, new in keras2.BACKEND_KEYWORDS.get(name, {}).items():
        assert old in legacy and (new is None or new in current)


@pytest.mark.parametrize("name", sorted(keras2.NUMPY_REMOVED))
def test_numpy_no_longer_has_the_alias_and_the_replacement_exists(name):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # np.object / np.str announce a future meaning
        with pytest.raises(AttributeError):
            getattr(np, name)
    eval(keras2.NUMPY_REMOVED[name], {"np": np})  # noqa: S307  (our own table's expressions)
    assert np.bool is np.bool_ and np.long  # back in NumPy 2: never reported


# ---- KD505, KD506, KD508 ----------------------------------------------------------------------------------


def test_embedding_input_length_is_ignored_and_keras_input_builds_the_model_again():
    with pytest.warns(UserWarning, match="`input_length` is deprecated"):
        model = keras.Sequential([keras.layers.Embedding(100, 8, input_length=10), keras.layers.Flatten()])
    assert not model.built
    model = keras.Sequential([keras.Input(shape=(10,)), keras.layers.Embedding(100, 8), keras.layers.Flatten()])
    assert model.built and model.output_shape == (None, 80)


PATHS = [
    'keras.callbacks.ModelCheckpoint("weights.{epoch:02d}-{val_loss:.2f}.hdf5", save_best_only=True)',
    'keras.callbacks.ModelCheckpoint("training_1/cp.ckpt", save_weights_only=True)',
    'keras.callbacks.ModelCheckpoint("ckpt/", save_weights_only=True)',
    'keras.callbacks.ModelCheckpoint("ckpt")',
    'model.save("saved_model/my_model")',
    'model.save("model.tf", save_format="tf")',
    'model.save_weights("w.h5")',
    'model.save_weights("model.weights.h5", save_format="h5")',
    'keras.saving.save_model(model, "exported")',
]


@pytest.mark.parametrize("code", PATHS)
def test_keras_3_refuses_the_path_and_accepts_the_fixed_one(code, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "saved_model").mkdir()
    (tmp_path / "training_1").mkdir()
    (tmp_path / "ckpt").mkdir()
    model = compiled_model()
    source = f"import keras\nmodel = keras.Sequential()\n{code}\n"
    (finding,) = lint_text(source)
    assert finding.code == "KD506"
    with pytest.raises((ValueError, TypeError)):
        exec(code, {"keras": keras, "model": model})  # noqa: S102
    exec(finding.fix, {"keras": keras, "model": model})  # noqa: S102
    assert lint_text(source.replace(code, finding.fix)) == []


def _layer_case(layer: str, name: str, value):
    """A layer of the table with ``value`` for ``name`` (its other sizes valid), called on a fitting input."""
    sizes = {"units": 2, "filters": 2, "kernel_size": 3, "pool_size": 2, "input_dim": 10, "output_dim": 2}
    sizes |= {"num_heads": 2, "key_dim": 2}
    arguments = {n: sizes[n] for _, n, _ in keras2.LAYER_SIZES[layer]} | {name: value}
    dims = 3 if "3D" in layer else 2 if "2D" in layer else 1 if "1D" in layer else 0
    shape = {0: (6,), 1: (8, 2), 2: (8, 8, 2), 3: (6, 6, 6, 2)}[dims]
    if layer in ("LSTM", "GRU", "SimpleRNN", "MultiHeadAttention"):
        shape = (5, 4)
    made = getattr(keras.layers, layer)(**arguments)
    inputs = keras.Input(shape)
    return made(inputs, inputs) if layer == "MultiHeadAttention" else made(inputs)


CASES = [(layer, name, numpy) for layer, entries in keras2.LAYER_SIZES.items() for _, name, numpy in entries]


@pytest.mark.parametrize("layer, name, refuses_numpy", CASES, ids=[f"{layer}-{n}" for layer, n, _ in CASES])
def test_keras_3_refuses_a_float_size_and_a_numpy_integer_where_the_table_says(layer, name, refuses_numpy):
    _layer_case(layer, name, 4)  # a Python int is fine
    with pytest.raises((ValueError, TypeError)):
        _layer_case(layer, name, 4.0)
    if refuses_numpy:
        with pytest.raises((ValueError, TypeError)):
            _layer_case(layer, name, np.int64(4))
    else:
        _layer_case(layer, name, np.int64(4))


# ---- the codes' examples: the bad one fails on Keras 3 as its comment says, the good one runs ---------------

FAILS = {
    "KD501": (TypeError, "nb_epoch"),
    "KD502": (ValueError, "not recognized"),
    "KD503": (AttributeError, "fit_generator"),
    "KD504": (ModuleNotFoundError, "keras.layers.merge"),
    "KD505": (ValueError, "isn't built"),
    "KD506": (ValueError, ".weights.h5"),
    "KD507": (AttributeError, "float"),
    "KD508": (ValueError, "units"),
}


@pytest.mark.slow
@pytest.mark.parametrize("code", sorted(FAILS))
def test_the_bad_example_fails_on_keras_3_and_the_good_one_runs(code, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    rule = codes.get(code)
    error, message = FAILS[code]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(error, match=message):
            runpy.run_path(str(rule.example_path("bad")), run_name="__main__")
        runpy.run_path(str(rule.example_path("good")), run_name="__main__")
    assert os.listdir(tmp_path) == []  # the examples write nothing where they run


@pytest.mark.parametrize("units, activation", [(1, "sigmoid"), (3, "softmax")])
def test_the_predict_classes_fix_computes_what_keras_2_returned(units, activation):
    """Keras 2's Sequential.predict_classes: proba.argmax(-1) for several outputs, (proba > 0.5) for one unit
    (keras/engine/sequential.py); both forms of the fix, pasted, give that."""
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(units, activation=activation)])
    x = RNG.random((16, 3), dtype="float32")
    proba = model.predict(x, verbose=0)
    keras_2 = proba.argmax(axis=-1) if proba.shape[-1] > 1 else (proba > 0.5).astype("int32")
    source = "import keras\nmodel = keras.Sequential()\nclasses = model.predict_classes(x)\n"
    source += "shown = [model.predict_classes(x)]\n"
    statement, expression = (f.fix for f in lint_text(source))
    scope = {"model": model, "x": x}
    exec(statement.replace("model.predict(x)", "model.predict(x, verbose=0)"), scope)  # noqa: S102
    np.testing.assert_array_equal(scope["classes"], keras_2)
    value = eval(expression.replace("model.predict(x)", "model.predict(x, verbose=0)"), scope)  # noqa: S307
    np.testing.assert_array_equal(value, keras_2)
