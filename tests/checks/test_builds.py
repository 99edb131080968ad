"""Models that declare no input shape: checked on a symbolic build for the data, the user's model untouched."""

import random

import numpy as np
import pytest
import tensorflow as tf
from tensorflow import keras

import kerasdoctor as kd

rng = np.random.default_rng(0)
TOKENS = rng.integers(0, 1000, size=(64, 20))
LABELS = rng.integers(0, 2, size=64)
SERIES = rng.random((64, 8), dtype="float32")


def keras2_text_model():
    """Keras 2-era: Embedding(input_length=...) is ignored by Keras 3, so the model is not built."""
    model = keras.Sequential(
        [
            keras.layers.Embedding(1000, 16, input_length=20),
            keras.layers.LSTM(8),
            keras.layers.Dense(1, activation="sigmoid"),
        ]
    )
    model.compile(optimizer="adam", loss="binary_crossentropy")
    return model


class Classifier(keras.Model):
    def __init__(self, classes=3, **kwargs):
        super().__init__(**kwargs)
        self.classes = classes
        self.hidden = keras.layers.Dense(16, activation="relu")
        self.out = keras.layers.Dense(classes, activation="softmax")

    def get_config(self):
        return {**super().get_config(), "classes": self.classes}

    def call(self, inputs):
        return self.out(self.hidden(inputs))


class Doubler(keras.layers.Layer):
    """A custom layer without compute_output_shape: its output shape comes from a symbolic call of a copy."""

    def build(self, input_shape):
        self.scale = self.add_weight(shape=(input_shape[-1],), initializer="ones")

    def call(self, inputs):
        return inputs * self.scale * 2


class Projected(keras.layers.Layer):
    """A custom layer without compute_output_shape that makes a Dense in __init__: copying it draws a seed."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.dense = keras.layers.Dense(4)

    def call(self, inputs):
        return self.dense(inputs)


def state(model):
    """Everything a build would change: the model's and each layer's attributes (by identity), weights,
    inbound nodes."""
    layers = [model, *model._flatten_layers(include_self=False)]
    return [
        (
            type(layer).__name__,
            layer.built,
            {k: id(v) for k, v in vars(layer).items()},
            len(layer.weights),
            len(getattr(layer, "_inbound_nodes", [])),
        )
        for layer in layers
    ]


def keras_globals():
    from keras.src.backend.common import global_state

    names = global_state.get_global_attribute("object_name_uids")
    waiting = global_state.get_global_attribute("uninitialized_variables")
    return random.getstate(), dict(names or {}), list(waiting or [])


@pytest.mark.parametrize(
    "make, x, y",
    [
        (keras2_text_model, TOKENS, LABELS),
        (lambda: Classifier(2), SERIES, LABELS),
        (lambda: keras.Sequential([Doubler(), keras.layers.Dense(1)]), SERIES, LABELS.astype("float32")),
    ],
    ids=["embedding-input-length", "subclassed", "custom-layer"],
)
def test_the_model_is_exactly_as_unbuilt_after_the_check(make, x, y):
    model = make()
    if not model.compiled:
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy" if y.dtype.kind == "i" else "mse")
    before, globals_before = state(model), keras_globals()
    report = kd.check(model, x, y)
    assert report.findings == [] and "targets(x)" in report.passed and "input-shapes(x)" in report.passed
    assert state(model) == before and not model.built and model.weights == []
    assert keras_globals() == globals_before  # Python's random, Keras' automatic names, pending weights
    model.fit(x, y, epochs=1, verbose=0)  # and Keras builds it as it would have


def test_a_seeded_program_computes_the_same_with_the_check():
    def program(check):
        keras.backend.clear_session()  # the same automatic names in both runs
        keras.utils.set_random_seed(7)
        first = keras.Sequential([Projected(), keras.layers.Dropout(0.5), keras.layers.Dense(1)])
        first.compile(optimizer="adam", loss="mse")
        if check:  # Projected is copied (a new Dense draws its seed from Python's random) and called
            assert kd.check(first, SERIES, LABELS).findings == []
        second = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4), keras.layers.Dense(1)])
        first.fit(SERIES, LABELS, epochs=1, verbose=0, shuffle=False)
        return [layer.name for layer in second.layers], [w.numpy() for w in first.weights + second.weights]

    names, weights = program(check=False)
    checked_names, checked_weights = program(check=True)
    assert checked_names == names
    assert all(np.array_equal(a, b) for a, b in zip(weights, checked_weights))


def test_targets_are_checked_against_the_inferred_build():
    model = keras2_text_model()
    model.compile(optimizer="adam", loss="mse")
    onehot = keras.utils.to_categorical(LABELS, 2)  # two columns for a one-unit head: mse broadcasts
    report = kd.check(model, TOKENS, onehot)
    assert report.codes == ["KD206"]
    assert "trains without complaint" in report.findings[0].message
    assert report.findings[0].fix.startswith("keras.layers.Dense(2")


def test_an_lstm_given_2d_data_is_kd104_with_the_sequence_fixes():
    model = keras.Sequential([keras.layers.LSTM(8), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    report = kd.check(model, SERIES, LABELS)
    assert report.codes == ["KD104"] and not report.ok
    finding = report.findings[0]
    assert "expects 3-D input (batch, timesteps, features)" in finding.message and "(8,)" in finding.message
    assert "SERIES = SERIES.reshape((-1, 8, 1))" in finding.fix
    assert "keras.Input(shape=(timesteps, features))" in finding.fix
    with pytest.raises(ValueError, match="expected ndim=3, found ndim=2"):  # what Keras does with it
        model.fit(SERIES, LABELS, epochs=1, verbose=0)
    reshaped = SERIES.reshape((-1, 8, 1))  # the fix, applied
    fixed = keras.Sequential([keras.layers.LSTM(8), keras.layers.Dense(1)])
    fixed.compile(optimizer="adam", loss="mse")
    assert kd.check(fixed, reshaped, LABELS).findings == []


def test_grayscale_images_without_a_channel_axis_are_kd104():
    images = rng.random((16, 28, 28), dtype="float32")
    model = keras.Sequential([keras.layers.Conv2D(4, 3), keras.layers.Flatten(), keras.layers.Dense(10)])
    model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    report = kd.check(model, images, np.arange(16) % 10)
    assert report.codes == ["KD104"]
    assert "images = images[..., None]" in report.findings[0].fix
    assert kd.check(model, images[..., None], np.arange(16) % 10).findings == []


def test_a_convolution_window_larger_than_the_images_is_kd104():
    small = rng.random((8, 6, 6, 1), dtype="float32")
    model = keras.Sequential([keras.layers.Conv2D(4, 3), keras.layers.MaxPooling2D(), keras.layers.Conv2D(4, 3)])
    model.compile(optimizer="adam", loss="mse")
    report = kd.check(model, small, small)
    assert report.codes == ["KD104"]
    assert (
        "2 x 2" in report.findings[0].message
        and "3 x 3 window" in report.findings[0].message
        and 'padding="same"' in report.findings[0].fix
    )


def test_a_dataset_is_inferred_from_its_element_spec_and_a_pydataset_from_batch_0():
    ds = tf.data.Dataset.from_tensor_slices((SERIES, LABELS)).batch(16)
    model = keras.Sequential([keras.layers.Dense(4), keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer="adam", loss="categorical_crossentropy")  # class ids for a categorical loss
    assert kd.check(model, ds).codes == ["KD204"]

    class Batches(keras.utils.PyDataset):
        def __len__(self):
            return 4

        def __getitem__(self, index):
            return SERIES[:16], LABELS[:16]

    assert kd.check(model, Batches()).codes == ["KD204"]
    assert not model.built


def test_an_unbatched_dataset_of_features_alone_given_to_predict_is_kd101():
    def model():
        return keras.Sequential([keras.layers.Dense(4), keras.layers.Dense(1)])

    ds = tf.data.Dataset.from_tensor_slices(SERIES)  # (8,) elements: no batch() in the pipeline
    with pytest.raises(ValueError, match="expected min_ndim=2, found ndim=1"):
        model().predict(ds, verbose=0)
    report = kd.check(model(), ds, call="predict")
    assert report.codes == ["KD101"] and "predict() takes every element as a whole batch" in report.findings[0].message
    assert report.findings[0].fix == "ds = ds.batch(32)"
    ds = ds.batch(32)  # the fix, applied
    assert kd.check(model(), ds, call="predict").findings == []
    fixed = model()
    fixed.predict(ds, verbose=0)


def test_one_number_per_example_into_a_dense_layer_is_kd104_with_a_feature_axis():
    def model():
        built = keras.Sequential([keras.layers.Dense(4), keras.layers.Dense(1)])
        built.compile(optimizer="adam", loss="mse")
        return built

    x, y = SERIES[:, 0], SERIES[:, 1]
    with pytest.raises(ValueError, match="expected min_ndim=2, found ndim=1"):
        model().fit(x, y, epochs=1, verbose=0)
    report = kd.check(model(), x, y)
    assert report.codes == ["KD104"]
    finding = report.findings[0]
    assert "expects 2-D input (batch, features)" in finding.message and "a single number" in finding.message
    assert finding.fix.startswith("x = x.reshape((-1, 1))")
    x = x.reshape((-1, 1))  # the fix, applied
    assert kd.check(model(), x, y).findings == []


def test_a_built_subclassed_model_is_checked_from_a_trace_and_stays_as_it_was():
    model = Classifier(3)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(SERIES, LABELS, epochs=1, verbose=0)
    before = state(model)
    assert kd.check(model, SERIES, LABELS + 2).codes == ["KD205"]  # labels 2, 3 for 3 units
    assert state(model) == before
    weights = [w.numpy() for w in model.weights]
    model.fit(SERIES, LABELS, epochs=1, verbose=0)
    assert not all(np.array_equal(a, w.numpy()) for a, w in zip(weights, model.weights))  # it still trains


def test_build_without_layers_is_not_enough_for_a_subclassed_model_but_calling_it_on_an_input_is():
    normalizer = keras.layers.Normalization()
    normalizer.adapt(SERIES)

    class WithNormalizer(keras.Model):
        def __init__(self, normalizer):
            super().__init__()
            self.normalizer = normalizer
            self.out = keras.layers.Dense(1)

        def call(self, inputs):
            return self.out(self.normalizer(inputs))

    model = WithNormalizer(normalizer)  # a layer given to __init__: the model cannot be copied
    model.compile(optimizer="adam", loss="mse")
    model.build((None, 8))  # marks the model built, leaves the Dense unbuilt
    report = kd.check(model, SERIES, LABELS)
    assert report.codes == ["KD401"] and "model(keras.Input(shape=(8,)))" in report.findings[0].fix
    assert not model.out.built
    model(keras.Input(shape=(8,)))  # the fix
    assert kd.check(model, SERIES, LABELS).findings == []
    model.fit(SERIES, LABELS, epochs=1, verbose=0)


def test_a_subclassed_model_is_copied_only_when_the_copy_is_sure_to_be_the_same():
    class Net(keras.Model):  # no get_config: Keras 3.15 records the constructor's defaults, not its arguments
        def __init__(self, classes=3):
            super().__init__()
            self.out = keras.layers.Dense(classes, activation="softmax")

        def call(self, inputs):
            return self.out(inputs)

    model = Net(classes=2)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    report = kd.check(model, SERIES, LABELS)
    assert report.codes == ["KD401"] and "its constructor takes classes" in report.findings[0].message
    assert Classifier(2).get_config()["classes"] == 2  # with get_config: copied, checked
    model = Classifier(2)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    assert kd.check(model, SERIES, LABELS + 1).codes == ["KD205"]  # label 2 for 2 units
