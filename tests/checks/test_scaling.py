"""KD114 pretrained-input-contract and KD115 unscaled-inputs, with real keras.applications models (weights=None)."""

import numpy as np
import pandas as pd
import pytest
import tensorflow as tf
from tensorflow import keras

import kerasdoctor as kd

from .silent import classifier, paste

rng = np.random.default_rng(0)
PIXELS = rng.integers(0, 256, size=(16, 32, 32, 3)).astype("float32")
LABELS = rng.integers(0, 2, size=16)


def on(base_name, *before):
    base = getattr(keras.applications, base_name)(include_top=False, weights=None, input_shape=(32, 32, 3))
    model = keras.Sequential(
        [keras.Input((32, 32, 3)), *before, base, keras.layers.GlobalAveragePooling2D(), keras.layers.Dense(2)]
    )
    model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    return model


# ---- KD114 ---------------------------------------------------------------------------------


def test_a_backbone_that_rescales_itself_fed_0_to_1_is_rescaled_twice():
    model = on("MobileNetV3Small")
    images = PIXELS / 255.0
    report = kd.check(model, images, LABELS)
    assert [(f.code, f.severity.value) for f in report.findings] == [("KD114", "error")]
    assert "'MobileNetV3Small' (MobileNetV3) receives values in 0..1" in report.findings[0].message
    images = paste(report.findings[0].fix, images=images)["images"]
    assert kd.check(model, images, LABELS).findings == []


@pytest.mark.parametrize(
    "base, data, severity, says",
    [
        ("ResNet50", PIXELS / 255.0, "error", "in 0..1"),
        ("ResNet50", PIXELS, "warning", "in 0..255"),
        ("MobileNet", PIXELS, "error", "in 0..255"),
        ("MobileNet", PIXELS / 255.0, "warning", "in 0..1"),
    ],
)
def test_preprocess_input_missing_and_the_fix_applies_it(base, data, severity, says):
    model = on(base)
    report = kd.check(model, data, LABELS)
    assert [(f.code, f.severity.value) for f in report.findings] == [("KD114", severity)]
    assert says in report.findings[0].message and "preprocess_input" in report.findings[0].fix
    fixed = paste(report.findings[0].fix, data=data.copy())["data"]
    assert kd.check(model, fixed, LABELS).findings == []


def test_a_rescaling_before_the_backbone_is_followed_and_preprocess_input_in_the_model_is_trusted():
    report = kd.check(on("MobileNetV2", keras.layers.Rescaling(1 / 255.0)), PIXELS, LABELS)
    assert report.codes == ["KD114"] and "after your Rescaling, from 0..255" in report.findings[0].message
    rescaling = eval(report.findings[0].fix.split("#")[0], {"keras": keras})  # the layer to put in its place
    assert kd.check(on("MobileNetV2", rescaling), PIXELS, LABELS).findings == []
    assert kd.check(on("MobileNetV2", keras.layers.Rescaling(1 / 127.5, offset=-1)), PIXELS, LABELS).findings == []
    inputs = keras.Input((32, 32, 3))
    base = keras.applications.MobileNetV2(include_top=False, weights=None, input_shape=(32, 32, 3))
    features = base(keras.applications.mobilenet_v2.preprocess_input(inputs))
    model = keras.Model(inputs, keras.layers.Dense(2)(keras.layers.GlobalAveragePooling2D()(features)))
    model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    assert kd.check(model, PIXELS, LABELS).findings == []


def test_a_dataset_is_judged_from_its_batches_and_fixed_with_map():
    model = on("ResNet50")
    ds = tf.data.Dataset.from_tensor_slices((PIXELS / 255.0, LABELS)).batch(8)
    report = kd.check(model, ds)
    assert report.codes == ["KD114"] and "in the 2 batches read" in report.findings[0].message
    ds = paste(report.findings[0].fix, ds=ds)["ds"]
    assert kd.check(model, ds).findings == []


# ---- KD115 -----------------------------------------------------------------------------------


def small_cnn(*first):
    model = keras.Sequential(
        [keras.Input((32, 32, 3)), *first, keras.layers.Conv2D(4, 3), keras.layers.Flatten(), keras.layers.Dense(2)]
    )
    model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    return model


def test_raw_pixels_into_a_cnn_trained_from_scratch():
    images = PIXELS.copy()
    report = kd.check(small_cnn(), images, LABELS)
    assert report.codes == ["KD115"] and "raw pixel values (0 to 255)" in report.findings[0].message
    images = paste(report.findings[0].fix, images=images)["images"]
    assert kd.check(small_cnn(), images, LABELS).findings == []
    assert kd.check(small_cnn(keras.layers.Rescaling(1 / 255.0)), PIXELS, LABELS).findings == []
    assert kd.check(small_cnn(keras.layers.RandomFlip(), keras.layers.Rescaling(1 / 255.0)), PIXELS, LABELS).ok


def test_features_of_very_different_magnitudes_and_the_standard_scaler_fix():
    table = pd.DataFrame({"age": rng.integers(18, 90, 200), "income": rng.integers(10_000, 250_000, 200)})
    y = rng.integers(0, 3, 200)
    report = kd.check(classifier(features=2), table, y)
    assert report.codes == ["KD115"]
    assert "column 'income' up to" in report.findings[0].message and "column 'age' up to" in report.findings[0].message
    table = paste(report.findings[0].fix, table=table)["table"]
    assert kd.check(classifier(features=2), table, y).findings == []
    norm = keras.layers.Normalization()
    norm.adapt(rng.random((10, 2)))
    assert kd.check(classifier(features=2, first=[norm]), np.c_[rng.random(200), rng.random(200) * 1e6], y).ok


def test_features_of_similar_scale_are_silent():
    x = np.c_[rng.random(200) * 10, rng.random(200), rng.normal(size=200)]
    assert kd.check(classifier(features=3), x, rng.integers(0, 3, 200)).findings == []
