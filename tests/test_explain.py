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
