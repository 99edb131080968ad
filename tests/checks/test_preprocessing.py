"""KD116 unadapted-preprocessing-layer: real preprocessing layers, never adapted, against what Keras does."""

import numpy as np
import tensorflow as tf
from tensorflow import keras

import kerasdoctor as kd

from .silent import paste

rng = np.random.default_rng(0)
X = rng.normal(50.0, 20.0, size=(64, 3)).astype("float32")
Y = X @ np.array([0.5, -1.0, 2.0], dtype="float32")


def model_with(layer, shape=(3,), dtype="float32"):
    model = keras.Sequential([keras.Input(shape, dtype=dtype), layer, keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    return model


def test_keras_trains_through_an_unadapted_normalization_as_if_it_were_not_there():
    layer = keras.layers.Normalization()
    model = model_with(layer)
    model.fit(X, Y, epochs=1, verbose=0)
    np.testing.assert_allclose(layer(X), X, rtol=1e-6)


def test_an_unadapted_normalization_is_named_and_adapting_it_as_the_fix_says_clears_it():
    normalizer = keras.layers.Normalization()
    model = model_with(normalizer)
    report = kd.check(model, X, Y)
    assert report.codes == ["KD116"]
    finding = report.findings[0]
    assert "Normalization layer 'normalization" in finding.message and "pass unchanged" in finding.message
    assert finding.fix.startswith("normalizer.adapt(X)")
    paste(finding.fix, normalizer=normalizer, X=X)
    assert kd.check(model, X, Y).findings == []


def test_an_inline_layer_is_reached_through_get_layer():
    model = keras.Sequential([keras.Input((3,)), keras.layers.Normalization(name="scale"), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    report = kd.check(model, X, Y)
    assert report.codes == ["KD116"] and report.findings[0].fix.startswith("model.get_layer('scale').adapt(X)")
    paste(report.findings[0].fix, model=model, X=X)
    assert kd.check(model, X, Y).findings == []


def test_lookups_without_vocabulary_and_discretization_without_bins():
    words = tf.constant([["cat"], ["dog"]] * 8)

    def text_model(lookup):
        inputs = keras.Input((1,), dtype="string")
        embedded = keras.layers.Embedding(8, 2)(lookup(inputs))
        model = keras.Model(inputs, keras.layers.Dense(1)(keras.layers.Flatten()(embedded)))
        model.compile(optimizer="adam", loss="mse")
        return model

    report = kd.check(text_model(keras.layers.StringLookup()), words, np.ones(16))
    assert report.codes == ["KD116"] and "OOV index" in report.findings[0].message
    assert kd.check(text_model(keras.layers.StringLookup(vocabulary=["cat", "dog"])), words, np.ones(16)).findings == []
    bins = keras.layers.Discretization(num_bins=4)
    assert kd.check(model_with(bins), X, Y).codes == ["KD116"]
    assert kd.check(model_with(keras.layers.Discretization(bin_boundaries=[0.0, 50.0])), X, Y).findings == []


def test_given_mean_and_variance_and_backbones_own_normalization_are_not_reported():
    assert kd.check(model_with(keras.layers.Normalization(mean=50.0, variance=400.0)), X, Y).findings == []
    base = keras.applications.MobileNetV3Small(include_top=False, weights=None, input_shape=(32, 32, 3))
    model = keras.Sequential(
        [keras.Input((32, 32, 3)), base, keras.layers.GlobalAveragePooling2D(), keras.layers.Dense(1)]
    )
    model.compile(optimizer="adam", loss="mse")
    assert "KD116" not in kd.check(model, np.zeros((4, 32, 32, 3), "float32"), np.zeros(4)).codes
