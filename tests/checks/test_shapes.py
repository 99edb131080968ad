"""Targets and outputs of any rank (KD206): Keras' own shape rules, and the fix each mismatch needs."""

import itertools

import numpy as np
import pytest
from tensorflow import keras

import kerasdoctor as kd
from kerasdoctor.facts.losses import loss_shapes

rng = np.random.default_rng(0)
N, T, C, F = 16, 5, 3, 4
X = rng.random((N, T, F), dtype="float32")
OUTPUTS = {"(C,)": (C,), "(1,)": (1,), "(T, C)": (T, C), "(T, 1)": (T, 1)}
TARGETS = {"(N,)": (), "(N, 1)": (1,), "(N, C)": (C,), "(N, T)": (T,), "(N, T, 1)": (T, 1), "(N, T, C)": (T, C)}
LOSSES = {
    "mean_squared_error": keras.losses.MeanSquaredError,
    "binary_crossentropy": keras.losses.BinaryCrossentropy,
    "categorical_crossentropy": keras.losses.CategoricalCrossentropy,
    "sparse_categorical_crossentropy": keras.losses.SparseCategoricalCrossentropy,
}


@pytest.mark.parametrize(
    "kind, output, target",
    list(itertools.product(LOSSES, OUTPUTS, TARGETS)),
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_loss_shapes_says_what_keras_does(kind, output, target):
    """The loss object compile() makes, called on one batch of 8: raises exactly when loss_shapes says so."""
    batch = 8
    y_true = rng.integers(0, 1, size=(batch, *TARGETS[target])).astype("float32")
    y_pred = np.full((batch, *OUTPUTS[output]), 0.5, dtype="float32")
    try:
        LOSSES[kind]()(y_true, y_pred)
        raised = None
    except (ValueError, Exception) as error:  # noqa: BLE001  (TensorFlow's shape errors vary in type)
        raised = error
    predicted = loss_shapes(TARGETS[target], OUTPUTS[output], kind)
    assert (raised is not None) == (predicted.outcome == "raises"), (raised, predicted)
    if raised is not None and "Dimensions" not in predicted.keras_says:
        assert predicted.keras_says in str(raised)


def lstm_model(units, return_sequences, loss):
    model = keras.Sequential(
        [
            keras.Input((T, F)),
            keras.layers.LSTM(6, return_sequences=return_sequences),
            keras.layers.Dense(units, activation="softmax" if "categorical" in loss else None),
        ]
    )
    model.compile(optimizer="adam", loss=loss)
    return model


def test_a_sequence_output_against_one_target_per_sequence_trains_silently_and_is_kd206():
    y = rng.random(N, dtype="float32")
    model = lstm_model(1, True, "mse")
    model.fit(X, y, epochs=1, verbose=0)  # Keras trains it, broadcasting (batch,) over (batch, T, 1)
    report = kd.check(model, X, y)
    assert report.codes == ["KD206"]
    finding = report.findings[0]
    assert "returns every time step" in finding.message and "without complaint" in finding.message
    assert finding.fix.startswith("keras.layers.LSTM(6)")
    assert kd.check(lstm_model(1, False, "mse"), X, y).findings == []  # the fix, applied


def test_one_hot_targets_per_time_step_against_one_output_per_sequence_is_kd206_return_sequences():
    y = keras.utils.to_categorical(rng.integers(0, C, (N, T)), C)  # (N, T, C)
    model = lstm_model(C, False, "categorical_crossentropy")
    report = kd.check(model, X, y)
    assert report.codes == ["KD206"]
    finding = report.findings[0]
    assert "(5, 3)" in finding.message and "must have the same rank" in finding.message
    assert finding.fix.startswith("keras.layers.LSTM(6, return_sequences=True)")
    assert "y = y[:, -1]" in finding.fix
    assert kd.check(lstm_model(C, True, "categorical_crossentropy"), X, y).findings == []
    assert kd.check(model, X, y[:, -1]).findings == []  # the other fix: one label per sequence


def test_a_one_unit_regression_head_against_several_target_columns_trains_silently_and_is_kd206():
    y = rng.random((N, C), dtype="float32")
    model = lstm_model(1, False, "mse")
    model.fit(X, y, epochs=1, verbose=0)
    report = kd.check(model, X, y)
    assert report.codes == ["KD206"] and "without complaint" in report.findings[0].message
    assert report.findings[0].fix.startswith(f"keras.layers.Dense({C})")
    assert kd.check(lstm_model(C, False, "mse"), X, y).findings == []


def test_a_per_step_head_against_one_column_per_step_broadcasts_and_is_kd206():
    y = rng.random((N, T, 1), dtype="float32")
    model = lstm_model(C, True, "mse")  # (batch, T, 3) against (N, T, 1)
    model.fit(X, y, epochs=1, verbose=0)
    report = kd.check(model, X, y)
    assert report.codes == ["KD206"] and "per time step" in report.findings[0].message
    assert report.findings[0].fix.startswith("keras.layers.Dense(1)")
    assert kd.check(lstm_model(1, True, "mse"), X, y).findings == []


def test_an_image_head_without_flatten_is_kd206_with_flatten():
    images = rng.random((N, 8, 8, 1), dtype="float32")
    labels = rng.integers(0, C, N)
    model = keras.Sequential(
        [keras.Input((8, 8, 1)), keras.layers.Conv2D(4, 3), keras.layers.Dense(C, activation="softmax")]
    )
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    report = kd.check(model, images, labels)
    assert report.codes == ["KD206"] and "keras.layers.Flatten()" in report.findings[0].fix
    fixed = keras.Sequential(
        [
            keras.Input((8, 8, 1)),
            keras.layers.Conv2D(4, 3),
            keras.layers.Flatten(),
            keras.layers.Dense(C, activation="softmax"),
        ]
    )
    fixed.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    assert kd.check(fixed, images, labels).findings == []


def test_a_1d_target_against_a_wide_regression_head_raises_and_is_said_so():
    flat = rng.random((N, F), dtype="float32")
    model = keras.Sequential([keras.Input((F,)), keras.layers.Dense(4)])
    model.compile(optimizer="adam", loss="mse")
    y = rng.random(N, dtype="float32")
    with pytest.raises(ValueError, match="Dimensions must be equal"):
        model.fit(flat, y, batch_size=8, epochs=1, verbose=0)
    message = kd.check(model, flat, y).findings[0].message
    assert "Dimensions must be equal, but are the batch size and 4" in message and "without complaint" not in message
    column = kd.check(model, flat, y[:, None]).findings[0].message
    assert "trains without complaint" in column  # (N, 1): the one that broadcasts


def test_dataset_targets_are_worded_without_doubled_words_and_with_the_right_verb():
    import re

    import tensorflow as tf

    flat = rng.random((64, F), dtype="float32")
    onehot = keras.utils.to_categorical(rng.integers(0, 16, 64), 16)
    ds = tf.data.Dataset.from_tensor_slices((flat, onehot)).batch(16)
    model = keras.Sequential([keras.Input((F,)), keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer="adam", loss="categorical_crossentropy")
    message = kd.check(model, ds).findings[0].message
    assert "the targets in x hold 16 columns (in the first 32 examples read)" in message
    assert not re.search(r"\b(\w+) \1\b", message)
    sparse = keras.Sequential([keras.Input((F,)), keras.layers.Dense(16, activation="softmax")])
    sparse.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    message = kd.check(sparse, ds).findings[0].message  # KD203
    assert "but the targets in x are one-hot: shape (N, 16)" in message


def test_an_autoencoder_whose_decoder_gives_another_image_size_is_kd206_with_resizing():
    images = rng.random((16, 28, 28, 1), dtype="float32")
    inputs = keras.Input((28, 28, 1))
    hidden = inputs
    for _ in range(3):
        hidden = keras.layers.Conv2D(4, 3, strides=2, padding="same")(hidden)  # 28 -> 14 -> 7 -> 4
    for filters in (4, 4, 1):
        hidden = keras.layers.Conv2DTranspose(filters, 3, strides=2, padding="same")(hidden)  # 4 -> 32
    model = keras.Model(inputs, hidden)
    model.compile(optimizer="adam", loss="mse")
    report = kd.check(model, images, images)
    assert report.codes == ["KD206"]
    assert "(32, 32, 1)" in report.findings[0].message and "(28, 28, 1)" in report.findings[0].message
    assert report.findings[0].fix.startswith("keras.layers.Resizing(28, 28)")
    resized = keras.Model(inputs, keras.layers.Resizing(28, 28)(hidden))  # the fix, applied
    resized.compile(optimizer="adam", loss="mse")
    assert kd.check(resized, images, images).findings == []


def test_class_ids_for_a_two_unit_softmax_with_binary_crossentropy_agree_with_kd207():
    flat = rng.random((N, F), dtype="float32")
    labels = rng.integers(0, 2, N)
    model = keras.Sequential([keras.Input((F,)), keras.layers.Dense(2, activation="softmax")])
    model.compile(optimizer="adam", loss="binary_crossentropy")
    report = kd.check(model, flat, labels)
    assert sorted(report.codes) == ["KD206", "KD207"]
    assert all("sparse_categorical_crossentropy" in f.fix for f in report.findings)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")  # the fix both give
    assert kd.check(model, flat, labels).findings == []


class ThreeFeatureNet(keras.Model):
    """A subclassed regression model with one output unit (its output activation is not traced)."""

    def __init__(self):
        super().__init__()
        self.hidden = keras.layers.Dense(8, activation="relu")
        self.out = keras.layers.Dense(1)

    def call(self, x):
        return self.out(self.hidden(x))


def test_heads_keep_the_case_of_their_names_and_say_no_activation_they_do_not_know():
    y = rng.random((N, C), dtype="float32")
    flat = X.reshape(N, -1)
    inputs = keras.Input((T * F,))
    model = keras.Model(inputs, keras.layers.Dense(1, name="Price_Head")(inputs))
    model.compile(optimizer="adam", loss="mse")
    message = kd.check(model, flat, y).findings[0].message
    assert message.startswith("Output 'Price_Head' (1 unit, linear) produces 1 value per example")
    subclassed = ThreeFeatureNet()
    subclassed.compile(optimizer="adam", loss="mse")
    report = kd.check(subclassed, flat, y)
    assert report.codes == ["KD206"]
    assert report.findings[0].message.startswith("Output 'output_0' (1 unit) produces 1 value per example")
    assert not subclassed.built
