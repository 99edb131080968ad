"""KD112 validation-split-on-ordered-data and KD113 dataset-shuffle-order, with real Keras and tf.data."""

import warnings

import numpy as np
import pytest
import tensorflow as tf
from tensorflow import keras

import kerasdoctor as kd
from kerasdoctor.facts.pipeline import pipeline_order

from .silent import classifier, paste, regressor

rng = np.random.default_rng(0)
X = rng.random((1000, 4), dtype="float32")
SORTED = np.repeat(np.arange(5), 200)


# ---- KD112 ---------------------------------------------------------------------------------


def test_keras_validates_on_the_last_part_of_the_arrays():
    keras.utils.set_random_seed(0)
    model = classifier(classes=5)
    history = model.fit(X, SORTED, validation_split=0.2, epochs=1, verbose=0)
    last_fifth = model.evaluate(X[800:], SORTED[800:], verbose=0)
    assert history.history["val_loss"][0] == pytest.approx(last_fifth, rel=1e-5)


def test_a_class_only_in_the_validation_part_is_an_error_and_shuffling_once_fixes_it():
    report = kd.check(classifier(classes=5), X, SORTED, validation_split=0.2)
    assert report.codes == ["KD112"] and report.findings[0].severity.value == "error"
    message = report.findings[0].message
    assert "the last 200 of 1,000 examples (800 to 999)" in message and "class 4, which the first 800" in message
    fixed = paste(report.findings[0].fix, X=X, SORTED=SORTED)
    assert kd.check(classifier(classes=5), fixed["X"], fixed["SORTED"], validation_split=0.2).findings == []


def test_sorted_binary_labels_whose_mixes_differ_are_a_warning():
    labels = np.repeat([0, 1], [700, 300])
    report = kd.check(classifier(classes=1, loss="binary_crossentropy"), X, labels, validation_split=0.2)
    assert [(f.code, f.severity.value) for f in report.findings] == [("KD112", "warning")]
    assert "runs of 500 examples" in report.findings[0].message
    assert "the validation part class 1: 100%" in report.findings[0].message


def test_the_fix_shuffles_every_array_and_the_sample_weights_together():
    weights = np.linspace(1, 2, 1000)
    inputs = {"a": X[:, :2], "b": X[:, 2:]}
    a, b = keras.Input((2,), name="a"), keras.Input((2,), name="b")
    model = keras.Model(
        {"a": a, "b": b}, keras.layers.Dense(5, activation="softmax")(keras.layers.Concatenate()([a, b]))
    )
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    report = kd.check(model, inputs, SORTED, validation_split=0.1, sample_weight=weights)
    assert report.codes == ["KD112"]
    fixed = paste(report.findings[0].fix, inputs=inputs, SORTED=SORTED, weights=weights)
    order = fixed["order"]
    np.testing.assert_array_equal(fixed["inputs"]["b"], X[order, 2:])
    np.testing.assert_array_equal(fixed["weights"], weights[order])
    assert kd.check(model, fixed["inputs"], fixed["SORTED"], validation_split=0.1, sample_weight=fixed["weights"]).ok


def test_shuffled_labels_validation_data_and_regressions_are_left_alone():
    shuffled = rng.permutation(SORTED)
    assert kd.check(classifier(classes=5), X, shuffled, validation_split=0.2).findings == []
    assert kd.check(classifier(classes=5), X, SORTED, validation_split=0.2, validation_data=(X, SORTED)).findings == []
    assert kd.check(regressor(), X, np.sort(X.sum(axis=1)), validation_split=0.2).findings == []


# ---- KD113 ------------------------------------------------------------------------------------


def test_keras_ignores_fit_shuffle_for_a_dataset():
    ds = tf.data.Dataset.from_tensor_slices((X[:64], SORTED[:64])).batch(32)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        classifier(classes=5).fit(ds, epochs=1, verbose=0, shuffle=True)
    assert any("`shuffle=True` was passed, but will be ignored" in str(w.message) for w in caught)


def sorted_ds():
    return tf.data.Dataset.from_tensor_slices((X, SORTED))


# Batches of 40 never straddle two runs of 200 labels, so which batches the check reads does not matter;
# the small buffer is seeded (and not reshuffled, so reading it is safe) for the same reason.


@pytest.mark.parametrize(
    "build, says",
    [
        (lambda: sorted_ds().batch(40), "never shuffles"),
        (lambda: sorted_ds().batch(40).shuffle(100).prefetch(2), "shuffles after batch()"),
        (
            lambda: (
                sorted_ds().map(lambda x, y: (x * 2, y)).shuffle(10, seed=1, reshuffle_each_iteration=False).batch(40)
            ),
            "mixes only 10 consecutive examples",
        ),
    ],
)
def test_every_batch_of_one_class_is_reported_with_its_cause_and_the_fix_mixes_them(build, says):
    ds = build()
    report = kd.check(classifier(classes=5), ds)
    assert report.codes == ["KD113"]
    assert says in report.findings[0].message and "batches read hold" in report.findings[0].message
    assert "a single class of the 5 the model predicts" in report.findings[0].message
    ds = paste(report.findings[0].fix, ds=ds)["ds"]
    assert kd.check(classifier(classes=5), ds).findings == []


def test_a_well_shuffled_pipeline_and_shuffled_arrays_are_silent():
    assert kd.check(classifier(classes=5), sorted_ds().shuffle(1000).batch(32)).findings == []
    shuffled = tf.data.Dataset.from_tensor_slices((X, rng.permutation(SORTED))).batch(32)
    assert kd.check(classifier(classes=5), shuffled).findings == []


def test_nothing_is_read_from_a_pipeline_with_side_effects_and_regressions_are_not_judged():
    def rows():
        yield from zip(X, SORTED)

    signature = (tf.TensorSpec((4,), tf.float32), tf.TensorSpec((), tf.int64))
    generated = tf.data.Dataset.from_generator(rows, output_signature=signature).batch(32)
    report = kd.check(classifier(classes=5), generated)
    assert "KD113" not in report.codes
    assert any(s.check == "dataset-shuffle-order(x)" and "from_generator" in s.reason for s in report.skipped)
    regression = tf.data.Dataset.from_tensor_slices((X, np.sort(X.sum(axis=1)))).batch(32)
    assert kd.check(regressor(), regression).findings == []


def test_the_pipeline_order_reads_batches_inside_unbatch_as_batch_level():
    order = pipeline_order(sorted_ds().batch(4).shuffle(3).unbatch().batch(8))
    assert order.shuffle_before_batch is None and order.batch_size == 8
    order = pipeline_order(sorted_ds().shuffle(20).batch(8).shuffle(4))
    assert (order.shuffle_before_batch, order.shuffle_after_batch, order.examples) == (20, 4, 1000)
    assert pipeline_order(tf.data.Dataset.zip((sorted_ds(), sorted_ds()))) is None
