"""KD209 sample-or-class-weight-mismatch and KD210 metric-task-mismatch, against what Keras 3.15 really does."""

import numpy as np
import pytest
from tensorflow import keras

import kerasdoctor as kd

from .silent import classifier, paste, regressor

rng = np.random.default_rng(0)
X = rng.random((64, 4), dtype="float32")
Y = rng.integers(0, 3, 64)


def first_epoch_loss(make, **fit):
    keras.utils.set_random_seed(1)
    model = make()
    return model.fit(X, fit.pop("y", Y), epochs=1, verbose=0, shuffle=False, **fit).history["loss"][0]


# ---- KD209: class_weight ------------------------------------------------------------------


def test_keras_silently_ignores_keys_that_name_no_class_and_weighs_missing_classes_one():
    plain = first_epoch_loss(classifier)
    assert first_epoch_loss(classifier, class_weight={"0": 1.0, "1": 9.0, "2": 1.0}) == pytest.approx(plain)
    assert first_epoch_loss(classifier, class_weight={0: 1.0, 1: 9.0, 2: 1.0}) != pytest.approx(plain)
    assert first_epoch_loss(classifier, class_weight={0: 1.0, 1: 9.0}) == pytest.approx(
        first_epoch_loss(classifier, class_weight={0: 1.0, 1: 9.0, 2: 1.0})
    )


def test_string_keys_are_an_error_and_the_fix_converts_them():
    class_weight = {"0": 1.0, "1": 9.0, "2": 1.0}
    report = kd.check(classifier(), X, Y, class_weight=class_weight)
    assert report.codes == ["KD209"]
    finding = report.findings[0]
    assert "3 keys that are not integers ('0', '1', '2'); the classes are 0..2" in finding.message
    class_weight = paste(finding.fix, class_weight=class_weight)["class_weight"]
    assert class_weight == {0: 1.0, 1: 9.0, 2: 1.0}
    assert kd.check(classifier(), X, Y, class_weight=class_weight).findings == []


def test_off_by_one_keys_name_no_class_and_missing_classes_are_a_warning():
    report = kd.check(classifier(), X, Y, class_weight={1: 1.0, 2: 2.0, 3: 3.0})
    assert report.codes == ["KD209"] and "1 key that names no class (3)" in report.findings[0].message
    assert paste(report.findings[0].fix, class_weight={1: 1.0, 2: 2.0, 3: 3.0})["class_weight"] == {
        0: 1.0,
        1: 2.0,
        2: 3.0,
    }
    report = kd.check(classifier(), X, Y, class_weight={0: 1.0, 1: 5.0})
    assert [(f.code, f.severity.value) for f in report.findings] == [("KD209", "warning")]
    assert "no key for class 2 of Y" in report.findings[0].message
    class_weight = paste(report.findings[0].fix, Y=Y)["class_weight"]
    assert sorted(class_weight) == [0, 1, 2] and kd.check(classifier(), X, Y, class_weight=class_weight).ok


def test_class_weight_on_one_hot_targets_reads_the_columns():
    onehot = keras.utils.to_categorical(Y, 3)
    model = classifier(loss="categorical_crossentropy")
    assert kd.check(model, X, onehot, class_weight={0: 1.0, 1: 2.0, 2: 3.0}).findings == []
    report = kd.check(model, X, onehot, class_weight={0: 1.0, 1: 2.0})
    assert report.codes == ["KD209"] and "onehot.argmax(axis=1)" in report.findings[0].message


# ---- KD209: sample_weight -------------------------------------------------------------------


def test_a_sample_weight_per_class_column_stops_keras_and_is_reported_before():
    weights = np.ones((64, 3))
    with pytest.raises(ValueError, match="Dimensions must be equal"):
        classifier().fit(X, Y, sample_weight=weights, epochs=1, verbose=0)
    report = kd.check(classifier(), X, Y, sample_weight=weights)
    assert report.codes == ["KD209"] and "shape (64, 3): 3 values per example" in report.findings[0].message
    weights = paste(report.findings[0].fix, weights=weights)["weights"]
    assert weights.shape == (64,) and kd.check(classifier(), X, Y, sample_weight=weights).findings == []
    assert kd.check(classifier(), X, Y, sample_weight=np.ones((64, 1))).findings == []


# ---- KD210 ------------------------------------------------------------------------------------


def history_of(model, y):
    return model.fit(X, y, epochs=1, verbose=0, shuffle=False, batch_size=32).history


def test_keras_reports_meaningless_accuracies_without_an_error():
    target = X.sum(axis=1) * 10
    assert history_of(regressor(metrics=["accuracy"]), target)["accuracy"] == [0.0]
    # A model that always predicts class 0: categorical_accuracy takes the argmax over a batch of class
    # ids (the position of its largest label) and compares each prediction with it; the true accuracy
    # is the share of class 0.
    always_zero = keras.Sequential(
        [
            keras.Input((4,)),
            keras.layers.Dense(
                3, "softmax", kernel_initializer="zeros", bias_initializer=keras.initializers.Constant([5.0, 0.0, 0.0])
            ),
        ]
    )
    always_zero.compile(
        optimizer=keras.optimizers.SGD(0.0),
        loss="sparse_categorical_crossentropy",
        metrics=["categorical_accuracy", "sparse_categorical_accuracy"],
    )
    sparse = history_of(always_zero, Y)
    batches = Y.reshape(2, 32)
    position_of_the_largest_label = batches.argmax(axis=1)  # what categorical_accuracy compares with
    assert sparse["categorical_accuracy"] == [pytest.approx(np.mean(position_of_the_largest_label == 0))]
    assert sparse["sparse_categorical_accuracy"] == [pytest.approx(np.mean(Y == 0))] != [0.0]


@pytest.mark.parametrize(
    "make, y, metric",
    [
        (lambda m: regressor(metrics=m), X.sum(axis=1), "accuracy"),
        (lambda m: regressor(loss="mae", metrics=m), X.sum(axis=1), "acc"),
        (lambda m: classifier(metrics=m), Y, "categorical_accuracy"),
        (
            lambda m: classifier(loss="categorical_crossentropy", metrics=m),
            keras.utils.to_categorical(Y, 3),
            "sparse_categorical_accuracy",
        ),
        (lambda m: classifier(classes=1, loss="binary_crossentropy", metrics=m), Y.clip(0, 1), "categorical_accuracy"),
        (lambda m: classifier(metrics=m), Y, keras.metrics.Accuracy()),
    ],
)
def test_a_metric_that_does_not_fit_the_loss_is_kd210_and_the_fix_is_clean(make, y, metric):
    model = make([metric])
    report = kd.check(model, X, y)
    assert report.codes == ["KD210"]
    fixed = paste(report.findings[0].fix, model=model)["model"]
    assert kd.check(fixed, X, y).findings == []


def test_fitting_metrics_are_silent_and_per_output_dicts_are_read():
    assert kd.check(classifier(metrics=["accuracy", "sparse_categorical_accuracy"]), X, Y).findings == []
    assert kd.check(regressor(metrics=["mae", keras.metrics.RootMeanSquaredError()]), X, X.sum(axis=1)).findings == []
    inputs = keras.Input((4,))
    model = keras.Model(
        inputs,
        {
            "kind": keras.layers.Dense(3, activation="softmax", name="kind")(inputs),
            "size": keras.layers.Dense(1, name="size")(inputs),
        },
    )
    model.compile(
        optimizer="adam",
        loss={"kind": "sparse_categorical_crossentropy", "size": "mse"},
        metrics={"kind": ["accuracy"], "size": ["accuracy"]},
    )
    report = kd.check(model, X, {"kind": Y, "size": X.sum(axis=1)})
    assert report.codes == ["KD210"] and report.findings[0].where == "model.outputs[1] ('size')"
    assert "metrics={'size': [\"mae\"]}" in report.findings[0].fix
