"""Ordinary inputs that used to crash a check (KD900) or escape the fold audit: each is now a finding, a
skipped check with its reason, or nothing at all (issue 17). Real Keras, tf.data and scikit-learn."""

import numpy as np
import pytest
import tensorflow as tf
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold, KFold, StratifiedKFold
from tensorflow import keras

import kerasdoctor as kd

X = np.ones((16, 3), "float32")
Y = np.arange(16) % 2


def classifier():
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, activation="softmax")])
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    return model


def two_inputs():
    a, b = keras.Input((3,), name="a"), keras.Input((2,), name="b")
    outputs = keras.layers.Dense(2, activation="softmax")(keras.layers.Concatenate()([a, b]))
    model = keras.Model({"a": a, "b": b}, outputs)
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    return model


def test_a_window_dataset_is_checked_without_a_crash():
    windows = tf.data.Dataset.from_tensor_slices((X, Y)).window(4)  # elements are datasets, not tensors
    assert "KD900" not in kd.check(classifier(), windows).codes


@pytest.mark.parametrize(
    "features",
    [
        {"p": X, "q": np.ones((16, 2), "float32")},  # keys that name no input
        {"a": np.ones((16, 5), "float32"), "b": np.ones((16, 2), "float32")},  # the first input's shape is off
    ],
)
def test_unbatched_multi_input_elements_with_scalar_targets(features):
    report = kd.check(two_inputs(), tf.data.Dataset.from_tensor_slices((features, Y)))
    assert report.codes and "KD900" not in report.codes  # KD105 / KD104 and KD101, each in its own terms


def test_a_subclassed_model_that_names_a_layer_outputs():
    class Head(keras.Model):
        def __init__(self):
            super().__init__()
            self.outputs = keras.layers.Dense(3)  # not the model's output tensors

        def call(self, x):
            return self.outputs(x)

    model = Head()
    model.compile(optimizer="adam", loss="mse")
    report = kd.check(model, X, np.ones((16, 3)))
    assert report.codes == []  # checked on a copy built for X's examples: 3 units for 3 target columns
    assert "targets(x)" in report.passed and not model.built
    report = kd.check(model, X, np.ones((16, 4)))
    assert report.codes == ["KD206"] and "4 columns" in report.findings[0].message


class OnlyFit:
    """An estimator that is not a scikit-learn BaseEstimator: it has fit() and nothing else."""

    def fit(self, X, y):
        return self


@pytest.mark.parametrize(
    "estimator, y, cv, refused",
    [
        (OnlyFit(), Y, 4, "the estimator: AttributeError"),
        (LogisticRegression(), np.array(["a", "b"] * 7 + [None, "a"], dtype=object), 4, "y: TypeError"),
        (LogisticRegression(), [[0, 1], [1]] * 8, 4, "y: ValueError"),  # ragged
        (LogisticRegression(), Y, "five", "cv: ValueError"),
    ],
)
def test_what_scikit_learn_refuses_is_recorded_not_raised(estimator, y, cv, refused):
    audit = kd.audit_folds(estimator, X, y, cv=cv)
    assert audit.refused.startswith(refused) and audit.train_counts is None
    assert f"scikit-learn refuses {refused}" in audit.summary()
    report = kd.check_cv(estimator, X, y, cv=cv)
    assert report.findings == [] and any("scikit-learn refuses" in s.reason for s in report.skipped)


@pytest.mark.parametrize(
    "cv, groups",
    [
        (KFold(20), None),  # more folds than examples
        (GroupKFold(3), None),  # groups missing
        (StratifiedKFold(3), np.arange(5)),  # groups of another length
        ([(np.arange(8), np.arange(8, 40))], None),  # a split past the end of the data
    ],
)
def test_a_splitter_that_raises_is_recorded_as_the_search_will_meet_it(cv, groups):
    audit = kd.audit_folds(LogisticRegression(), X, Y, groups=groups, cv=cv)
    assert (audit.split_error or audit.refused) and audit.train_counts is None
    assert "KD900" not in kd.check_cv(LogisticRegression(), X, Y, groups=groups, cv=cv).codes


def test_bad_arguments_to_our_api_get_a_clear_message():
    with pytest.raises(ValueError, match="audit_folds needs X"):
        kd.audit_folds(LogisticRegression(), None, Y)
    with pytest.raises(TypeError, match="check_cv needs a scikit-learn estimator, got int"):
        kd.check_cv(3, X, Y)
