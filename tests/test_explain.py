"""Explained errors: each known Keras/TensorFlow error is triggered for real, and gets its note."""

import numpy as np
import pytest
import tensorflow as tf
from tensorflow import keras

import kerasdoctor as kd
from kerasdoctor.explanations import NOTE_PREFIX

pytestmark = pytest.mark.backend_independent  # CI runs these again under KERAS_BACKEND=jax

rng = np.random.default_rng(0)
X = rng.uniform(size=(8, 75)).astype("float32")
Y = rng.uniform(size=(8,)).astype("float32")
LABELS = np.array([0, 1, 2, 0, 1, 2, 0, 1])


@pytest.fixture(autouse=True)
def hooks_installed():
    with kd.installed(on_fail="return"):
        yield


def model_75(units=1, activation=None, loss="mse"):
    inputs = keras.Input((75,), name="pixels")
    model = keras.Model(inputs, keras.layers.Dense(units, activation=activation)(inputs), name="net")
    if loss is not None:
        model.compile(optimizer="adam", loss=loss)
    return model


def classifier(loss):
    return model_75(3, "softmax", loss)


def raised(call):
    with pytest.raises(Exception) as info:
        call()
    return info.value


def notes(error):
    return [n for n in getattr(error, "__notes__", []) if n.startswith(NOTE_PREFIX)]


def the_note(error, code):
    found = notes(error)
    assert len(found) == 1, found
    assert found[0].startswith(f"{NOTE_PREFIX} {code} ")
    return found[0]


def test_unbatched_dataset_error_is_kd101_in_the_users_names():
    train_ds = tf.data.Dataset.from_tensor_slices((X, Y))
    model = model_75()
    error = raised(lambda: model.fit(train_ds, epochs=1, verbose=0))
    assert "Expected shape (None, 75), but input has incompatible shape (75,)" in str(error)
    note = the_note(error, "KD101")
    assert "train_ds = train_ds.batch(32)" in note  # from the checks, run on the call's arguments
    assert kd.explain(error).code == "KD101"  # from the message alone


@pytest.mark.tensorflow_backend  # the TensorFlow backend's errors (JAX raises others, or none)
def test_wrong_feature_count_is_kd104_for_fit_and_predict():
    model = model_75()
    x70 = rng.uniform(size=(8, 70)).astype("float32")
    error = raised(lambda: model.fit(x70, Y, epochs=1, verbose=0))
    assert "expected shape=(None, 75), found shape=(None, 70)" in str(error)
    assert "(70,)" in the_note(error, "KD104")
    error = raised(lambda: model.predict(x70, verbose=0))
    assert "(70,)" in the_note(error, "KD104")
    from_message = kd.explain(error)
    assert from_message.code == "KD104" and "keras.Input(shape=(70,))" in from_message.fix


def test_unbatched_dataset_against_another_shape_is_kd104_from_the_message():
    ds = tf.data.Dataset.from_tensor_slices((X[:, :70], Y))
    error = raised(lambda: model_75().fit(ds, epochs=1, verbose=0))
    assert kd.explain(error).code == "KD104"


@pytest.mark.tensorflow_backend  # the TensorFlow backend's errors (JAX raises others, or none)
def test_no_loss_is_kd201():
    model = model_75(loss=None)
    model.compile(optimizer="adam")
    error = raised(lambda: model.fit(X, Y, epochs=1, verbose=0))
    assert "No loss to compute" in str(error)
    assert "loss=" in the_note(error, "KD201")
    assert kd.explain(error).code == "KD201"


def test_not_compiled_is_kd202_for_evaluate():
    model = model_75(loss=None)
    error = raised(lambda: model.evaluate(X, Y, verbose=0))
    assert "You must call `compile()`" in str(error)
    assert "model.compile(" in the_note(error, "KD202")


@pytest.mark.tensorflow_backend  # the TensorFlow backend's errors (JAX raises others, or none)
def test_onehot_targets_with_sparse_loss_is_kd203():
    onehot = keras.utils.to_categorical(LABELS, 3)
    error = raised(lambda: classifier("sparse_categorical_crossentropy").fit(X, onehot, epochs=1, verbose=0))
    assert "must have rank (ndim) `target.ndim - 1`" in str(error)
    note = the_note(error, "KD203")
    assert "one-hot" in note and "categorical_crossentropy" in note and "onehot = onehot.argmax(-1)" in note


@pytest.mark.parametrize("labels", [LABELS, LABELS.reshape(-1, 1)], ids=["1-d", "column"])
def test_integer_targets_with_categorical_loss_is_kd204(labels):
    error = raised(lambda: classifier("categorical_crossentropy").fit(X, labels, epochs=1, verbose=0))
    assert "Arguments `target` and `output` must have the same" in str(error)
    note = the_note(error, "KD204")
    assert "one-hot" in note and "labels = keras.utils.to_categorical(labels, 3)" in note


@pytest.mark.tensorflow_backend  # the TensorFlow backend's errors (JAX raises others, or none)
@pytest.mark.parametrize(
    "labels, fix", [(LABELS + 1, "labels = labels - 1"), (LABELS - 1, "np.unique(labels")], ids=["1-based", "negative"]
)
def test_label_out_of_range_is_kd205(labels, fix):
    error = raised(lambda: classifier("sparse_categorical_crossentropy").fit(X, labels, epochs=1, verbose=0))
    assert isinstance(error, tf.errors.InvalidArgumentError)
    assert "which is outside the valid range of [0, 3)" in str(error)
    note = the_note(error, "KD205")
    assert "outside the valid range [0, 3)" in note and fix in note


def test_an_unrelated_error_gets_no_note_and_stays_as_raised():
    class Stop(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            raise RuntimeError("my own callback failed")

    error = raised(lambda: model_75().fit(X, Y, epochs=1, verbose=0, callbacks=[Stop()]))
    assert type(error) is RuntimeError and str(error) == "my own callback failed"
    assert notes(error) == [] and kd.explain(error) is None


@pytest.mark.tensorflow_backend  # the TensorFlow backend's errors (JAX raises others, or none)
def test_the_note_is_added_once_even_when_keras_calls_evaluate_inside_fit():
    model = classifier("sparse_categorical_crossentropy")
    error = raised(lambda: model.fit(X, LABELS, validation_data=(X, LABELS + 5), epochs=1, verbose=0))
    the_note(error, "KD205")


# ---- errors raised outside fit(): while a model is built, by a dataset, ... ------------------------------


def test_an_lstm_given_2d_input_at_construction_is_kd104_with_the_sequence_shape():
    error = raised(lambda: keras.Sequential([keras.Input((8,)), keras.layers.LSTM(4)]))
    assert "expected ndim=3, found ndim=2" in str(error)
    finding = kd.explain(error)
    assert finding.code == "KD104" and "(batch, timesteps, features)" in finding.message
    assert "keras.Input(shape=(8, 1))" in finding.fix and "x.reshape((-1, 8, 1))" in finding.fix


def test_a_convolution_larger_than_its_input_is_kd104():
    error = raised(
        lambda: keras.Sequential([keras.Input((4, 4, 1)), keras.layers.Conv2D(8, 3), keras.layers.Conv2D(8, 3)])
    )
    assert "Computed output size would be zero or negative" in str(error)
    finding = kd.explain(error)
    assert finding.code == "KD104" and "2 x 2" in finding.message and 'padding="same"' in finding.fix
    pooled = raised(
        lambda: keras.Sequential([keras.Input((2, 2, 1)), keras.layers.MaxPooling2D(), keras.layers.MaxPooling2D()])
    )
    assert kd.explain(pooled).code == "KD104"
    text = keras.Sequential([keras.Input((100,)), keras.layers.Embedding(500, 8), keras.layers.Conv1D(8, 5)])
    pooled_text = raised(lambda: text.add(keras.layers.MaxPooling1D(50)) or text.add(keras.layers.Conv1D(8, 5)))
    finding = kd.explain(pooled_text)
    assert finding.code == "KD104" and "trims kernel - 1 steps" in finding.message
    assert finding.fix.startswith('keras.layers.Conv1D(filters, kernel_size, padding="same")')
    assert "MaxPooling1D" in finding.fix


@pytest.mark.tensorflow_backend  # the TensorFlow backend's errors (JAX raises others, or none)
def test_a_single_image_to_predict_is_kd101_in_the_users_names():
    cnn = keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Conv2D(4, 3), keras.layers.Flatten()])
    image = rng.random((28, 28, 1)).astype("float32")
    error = raised(lambda: cnn.predict(image, verbose=0))
    assert "Negative dimension size caused by subtracting 3 from 1" in str(error)
    assert "cnn.predict(image[None])" in the_note(error, "KD101")  # from the predict() check
    assert kd.explain(error).code == "KD101"  # from the message alone


@pytest.mark.tensorflow_backend  # the TensorFlow backend's errors (JAX raises others, or none)
def test_a_row_in_brackets_fails_in_sequential_call_and_is_kd101():
    model = keras.Sequential([keras.Input((75,)), keras.layers.Dense(1)])
    row = X[0]
    error = raised(lambda: model.predict([row], verbose=0))
    assert "Exception encountered when calling Sequential.call()" in str(error)
    assert "model.predict(row[None])" in the_note(error, "KD101")


def test_data_cardinality_is_kd109():
    error = raised(lambda: model_75().fit(X, Y[:6], epochs=1, verbose=0))
    assert "Data cardinality is ambiguous" in str(error)
    assert "X has 8, y has 6" in the_note(error, "KD109")  # from the fit() check: X named, the slice is not
    from_message = kd.explain(error)
    assert from_message.code == "KD109" and "x has 8, y has 6" in from_message.message


def test_from_tensor_slices_of_different_lengths_is_kd109():
    error = raised(lambda: tf.data.Dataset.from_tensor_slices((X, Y[:6])))
    assert "Dimensions 8 and 6 are not compatible" in str(error)
    assert kd.explain(error).code == "KD109"


def test_python_lists_are_kd111_from_the_check_and_from_the_message():
    error = raised(lambda: model_75().fit(X.tolist(), Y, epochs=1, verbose=0))
    assert "Unrecognized data type" in str(error)
    assert "x = np.array(x)" in the_note(error, "KD111")
    from_message = kd.explain(error)
    assert from_message.code == "KD111" and from_message.fix == "x = np.array(x)"
    error = raised(lambda: model_75().fit(X, Y.tolist(), epochs=1, verbose=0))  # Keras prints x, the array
    from_message = kd.explain(error)
    assert from_message.code == "KD111" and from_message.fix.startswith("y = np.array(y)")


def test_a_float_steps_per_epoch_is_kd117():
    ds = tf.data.Dataset.from_tensor_slices((X, Y)).batch(4).repeat()
    error = raised(lambda: model_75().fit(ds, steps_per_epoch=len(X) / 3, epochs=1, verbose=0))
    assert "'float' object cannot be interpreted as an integer" in str(error)
    assert "steps_per_epoch=3" in the_note(error, "KD117")
    assert kd.explain(error).code == "KD117"


@pytest.mark.tensorflow_backend  # the TensorFlow backend's errors (JAX raises others, or none)
def test_an_error_the_patterns_do_not_know_gets_the_finding_the_checks_made_before_the_call():
    model = model_75(units=4)
    error = raised(lambda: model.fit(X, Y, batch_size=8, epochs=1, verbose=0))  # (8,) targets, (8, 4) outputs
    assert "Dimensions must be equal, but are 8 and 4" in str(error)
    assert kd.explain(error) is None  # the message alone is not known
    assert "keras.layers.Dense(1)" in the_note(error, "KD206")


def test_an_uncaught_error_gets_its_note_from_the_excepthook_and_uninstall_restores_it(capsys):
    import sys

    kd.uninstall()
    before = sys.excepthook
    with kd.installed(on_fail="return"):
        error = raised(lambda: keras.Sequential([keras.Input((8,)), keras.layers.LSTM(4)]))
        assert sys.excepthook is not before
        sys.excepthook(type(error), error, error.__traceback__)
    assert "kerasdoctor KD104 input-shape-mismatch" in capsys.readouterr().err
    assert sys.excepthook is before


def test_ipython_shows_the_note_under_its_traceback_and_unload_restores_its_handler(capsys):
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    handlers = (shell.custom_exceptions, shell.CustomTB)
    kd.uninstall()
    with kd.installed(on_fail="return"):
        shell.run_cell("import keras\nkeras.Sequential([keras.Input((8,)), keras.layers.LSTM(4)])")
    shown = capsys.readouterr()
    assert "expected ndim=3, found ndim=2" in shown.out + shown.err
    assert "kerasdoctor KD104 input-shape-mismatch" in shown.out + shown.err
    assert (shell.custom_exceptions, shell.CustomTB) == handlers


def test_a_hooked_calls_traceback_shows_no_frame_of_ours_in_a_plain_python_run(tmp_path):
    """`python train.py` with kd.install(): the traceback Python prints (through the excepthook it puts in
    place) is the script's and Keras' own, as without kerasdoctor, with the note under it."""
    import subprocess
    import sys

    script = tmp_path / "train.py"
    script.write_text(
        "import numpy as np, keras\n"
        "import kerasdoctor as kd\n"
        "kd.install(on_fail='return')\n"
        "model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])\n"
        "model.compile(loss='mse')\n"
        "model.fit(np.zeros((8, 5)), np.zeros(8), verbose=0)\n"
    )
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    traceback = run.stderr[run.stderr.index("Traceback (most recent call last)") :]
    assert f'File "{script}", line 6, in <module>' in traceback
    assert "keras/src" in traceback and "kerasdoctor" not in traceback.split("ValueError")[0]
    assert "kerasdoctor KD104 input-shape-mismatch" in traceback
