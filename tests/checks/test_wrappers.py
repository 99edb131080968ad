"""KD309-KD311: Keras' own scikit-learn wrappers (keras.wrappers.SKLearn*) in searches and cross-validation.

Real Keras, scikit-learn and wrappers. Each mistake is shown to happen for real
(scikit-learn's clone, the wrapper's errors), each fix is applied as printed and
judged again; the last tests train the broken and the fixed search.
"""

import warnings

import keras
import numpy as np
import pytest
import sklearn
from keras.wrappers import SKLearnClassifier, SKLearnRegressor
from scipy.stats import loguniform
from sklearn.base import clone
from sklearn.compose import TransformedTargetRegressor
from sklearn.model_selection import GridSearchCV, ParameterGrid, RandomizedSearchCV, StratifiedKFold, cross_validate
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

import kerasdoctor as kd

rng = np.random.default_rng(0)
X = rng.normal(size=(24, 3)).astype("float32")
Y3 = np.tile([0, 1, 2], 8)
Y2 = np.tile([0, 1], 12)
CV = StratifiedKFold(2, shuffle=True, random_state=0)


def build(X, y, hidden=4):
    model = keras.Sequential(
        [
            keras.Input((X.shape[1],)),
            keras.layers.Dense(hidden, activation="relu"),
            keras.layers.Dense(y.shape[1], activation="softmax"),
        ]
    )
    model.compile(optimizer="adam", loss="categorical_crossentropy")
    return model


def sparse_build(X, y, hidden=4):
    model = keras.Sequential(
        [
            keras.Input((X.shape[1],)),
            keras.layers.Dense(hidden, activation="relu"),
            keras.layers.Dense(y.shape[1], activation="softmax"),
        ]
    )
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["sparse_categorical_accuracy"])
    return model


def param_build(X, y, loss="categorical_crossentropy"):
    model = keras.Sequential([keras.Input((X.shape[1],)), keras.layers.Dense(y.shape[1], activation="softmax")])
    model.compile(optimizer="adam", loss=loss)
    return model


def sigmoid_build(X, y):
    model = keras.Sequential([keras.Input((X.shape[1],)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["binary_accuracy"])
    return model


def scikeras_style_build(hidden=4):
    model = keras.Sequential(
        [keras.Input((3,)), keras.layers.Dense(hidden), keras.layers.Dense(3, activation="softmax")]
    )
    model.compile(optimizer="adam", loss="categorical_crossentropy")
    return model


class Epochs(keras.callbacks.Callback):
    """Counts the epochs of every fit it is handed to (class-wide: the grid deep-copies its callbacks)."""

    runs: list = []

    def on_train_begin(self, logs=None):
        Epochs.runs.append(0)

    def on_epoch_end(self, epoch, logs=None):
        Epochs.runs[-1] += 1


def quiet(**fit_kwargs):
    return SKLearnClassifier(model=build, fit_kwargs={"verbose": 0, **fit_kwargs})


# ---- KD309 wrapper-fit-kwargs-lost ------------------------------------------------


def test_clone_drops_fit_kwargs_so_the_search_is_kd309_with_the_search_fit_fix():
    counter = Epochs()
    clf = quiet(epochs=3, callbacks=[counter])
    assert clone(clf).fit_kwargs is None  # what every search and cross_val_score does to it (Keras 3.15)
    search = GridSearchCV(clf, {"model_kwargs": [{"hidden": 2}, {"hidden": 4}]}, cv=CV)
    report = kd.check_search(search, X, Y3)
    assert report.codes == ["KD309"]
    finding = report.findings[0]
    assert finding.where == "clf.fit_kwargs"
    assert "GridSearchCV clones the estimator before every fold and before the refit" in finding.message
    assert "the clone has fit_kwargs=None" in finding.message
    assert "epochs=1 instead of 3" in finding.message and "callbacks=None instead of [counter]" in finding.message
    assert finding.fix.startswith("search.fit(X, Y3, verbose=0, epochs=3, callbacks=[counter])")
    # the fix, applied: the same arguments given to search.fit reach every fold
    assert kd.check_search(search, X, Y3, verbose=0, epochs=3, callbacks=[counter]).findings == []


def test_fit_kwargs_in_the_grid_reach_the_folds_and_are_clean():
    grid = {"model_kwargs": [{"hidden": 2}], "fit_kwargs": [{"epochs": 3, "verbose": 0}]}
    assert kd.check_search(GridSearchCV(quiet(epochs=3), grid, cv=CV), X, Y3).findings == []


def test_a_grid_fit_kwargs_that_replaces_only_some_arguments_is_kd309_for_the_others():
    counter = Epochs()
    grid = {"fit_kwargs": [{"epochs": 2}, {"epochs": 4}]}
    report = kd.check_search(GridSearchCV(quiet(epochs=3, callbacks=[counter]), grid, cv=CV), X, Y3)
    assert report.codes == ["KD309"]
    assert "the grid's fit_kwargs in place of the wrapper's" in report.findings[0].message
    assert "callbacks=[counter]" in report.findings[0].fix and "epochs" not in report.findings[0].fix  # tuned


def test_arguments_that_change_nothing_learnt_are_not_reported():
    assert kd.check_cv(quiet(epochs=1), X, Y3, cv=CV).findings == []  # verbose, and epochs at its default


class KeepingClassifier(SKLearnClassifier):
    """SKLearnClassifier whose clone keeps fit_kwargs, as a fixed Keras release would."""

    def __sklearn_clone__(self):
        return type(self)(**{k: v for k, v in self.get_params(deep=False).items()})


def test_kd309_falls_silent_once_clone_keeps_fit_kwargs():
    clf = KeepingClassifier(model=build, fit_kwargs={"epochs": 3})
    assert clone(clf).fit_kwargs == {"epochs": 3}
    assert kd.check_cv(clf, X, Y3, cv=CV).findings == []


def test_cross_val_score_fix_passes_params_and_is_clean():
    clf = quiet(epochs=3)
    report = kd.check_cv(clf, X, Y3, cv=CV)
    assert report.codes == ["KD309"]
    assert report.findings[0].fix == "cross_val_score(clf, X, Y3, cv=CV, params={'verbose': 0, 'epochs': 3})"
    assert kd.check_cv(clf, X, Y3, cv=CV, params={"verbose": 0, "epochs": 3}).findings == []


def test_pipeline_prefixes_the_fit_arguments_and_transformed_target_regressor_clones_again():
    pipe = Pipeline([("scale", StandardScaler()), ("clf", quiet(epochs=3))])
    report = kd.check_search(GridSearchCV(pipe, {"clf__model_kwargs": [{"hidden": 2}]}, cv=CV), X, Y3)
    assert report.codes == ["KD309"]
    assert "search.fit(X, Y3, clf__verbose=0, clf__epochs=3)" in report.findings[0].fix
    assert (
        kd.check_search(
            GridSearchCV(pipe, {"clf__model_kwargs": [{"hidden": 2}]}, cv=CV), X, Y3, clf__epochs=3
        ).findings
        == []
    )

    ttr = TransformedTargetRegressor(regressor=SKLearnRegressor(model=build, fit_kwargs={"epochs": 5}))
    y = rng.normal(size=len(X))
    # the grid's fit_kwargs do not help here: TransformedTargetRegressor.fit trains a clone of its regressor
    report = kd.check_search(GridSearchCV(ttr, {"regressor__fit_kwargs": [{"epochs": 5}]}, cv=2), X, y)
    assert report.codes == ["KD309"] and "clones its regressor again" in report.findings[0].message
    assert "search.fit(X, y, epochs=5)" in report.findings[0].fix
    assert any("regressor" in s.reason for s in report.skipped)  # the fold audit: skipped, as before


def test_with_metadata_routing_the_fix_is_the_grid():
    with sklearn.config_context(enable_metadata_routing=True):
        search = GridSearchCV(quiet(epochs=3), {"model_kwargs": [{"hidden": 2}]}, cv=CV)
        report = kd.check_search(search, X, Y3)
        assert report.codes == ["KD309"]
        assert report.findings[0].fix.startswith(
            "param_grid = {'model_kwargs': [{'hidden': 2}], 'fit_kwargs': [{'verbose': 0, 'epochs': 3}]}"
        )
        with pytest.raises(TypeError, match="not routed to any object"):  # why search.fit(..., epochs=3) is not it
            search.fit(X, Y3, epochs=3)
        search.set_params(param_grid={"model_kwargs": [{"hidden": 2}], "fit_kwargs": [{"verbose": 0, "epochs": 3}]})
        assert kd.check_search(search, X, Y3).findings == []


# ---- KD310 wrapper-target-encoding ------------------------------------------------


def test_sparse_loss_is_kd310_and_fails_for_real_with_the_rank_error():
    clf = SKLearnClassifier(model=sparse_build, fit_kwargs={"verbose": 0})
    report = kd.check_cv(clf, X, Y3, cv=CV)
    assert report.codes == ["KD310"]
    finding = report.findings[0]
    assert "targets of shape (n, 3)" in finding.message and "loss='sparse_categorical_crossentropy'" in finding.message
    assert finding.fix == (
        "model.compile(optimizer='adam', loss='categorical_crossentropy', metrics=['categorical_accuracy'])"
        "   # in sparse_build"
    )
    with pytest.raises(ValueError, match=r"must have rank \(ndim\) `target.ndim - 1`"):
        clf.fit(X, Y3)


def test_sparse_loss_from_model_kwargs_is_fixed_in_model_kwargs():
    clf = SKLearnClassifier(model=param_build, model_kwargs={"loss": "sparse_categorical_crossentropy"})
    report = kd.check_cv(clf, X, Y3, cv=CV)
    assert report.codes == ["KD310"]
    assert report.findings[0].fix == "clf.set_params(model_kwargs={'loss': 'categorical_crossentropy'})"
    clf.set_params(model_kwargs={"loss": "categorical_crossentropy"})
    assert kd.check_cv(clf, X, Y3, cv=CV).findings == []


def test_one_sigmoid_unit_on_two_classes_is_kd310_and_the_fix_trains():
    clf = SKLearnClassifier(model=sigmoid_build, fit_kwargs={"verbose": 0})
    report = kd.check_cv(clf, X, Y2, cv=CV)
    assert report.codes == ["KD310"]
    finding = report.findings[0]
    assert "y has 2 classes" in finding.message and "has 1 unit." in finding.message
    assert finding.fix.splitlines() == [
        "keras.layers.Dense(y.shape[1], activation='softmax')   # in sigmoid_build: one unit per one-hot column",
        "model.compile(optimizer='adam', loss='categorical_crossentropy', metrics=['categorical_accuracy'])",
    ]
    with pytest.raises(ValueError, match="must have the same shape"):
        clf.fit(X, Y2)

    def fixed(X, y):  # the two lines of the fix, pasted into sigmoid_build
        model = keras.Sequential([keras.Input((X.shape[1],)), keras.layers.Dense(y.shape[1], activation="softmax")])
        model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["categorical_accuracy"])
        return model

    fixed_clf = SKLearnClassifier(model=fixed, fit_kwargs={"verbose": 0})
    assert kd.check_cv(fixed_clf, X, Y2, cv=CV).findings == []
    assert fixed_clf.fit(X, Y2).predict(X).shape == (len(X),)


def test_build_without_x_and_y_is_kd310():
    clf = SKLearnClassifier(model=scikeras_style_build)
    report = kd.check_cv(clf, X, Y3, cv=CV)
    assert report.codes == ["KD310"]
    assert report.findings[0].fix == "def scikeras_style_build(X, y, hidden=4):   # and the body as it was"
    with pytest.raises(TypeError, match="unexpected keyword argument 'X'"):
        clf.fit(X, Y3)


def test_a_compiled_model_instance_is_read_directly():
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    report = kd.check_cv(SKLearnClassifier(model=model), X, Y3, cv=CV)
    assert report.codes == ["KD310"]
    assert report.findings[0].fix == "model.compile(optimizer=model.optimizer, loss='categorical_crossentropy')"
    model.compile(optimizer=model.optimizer, loss="categorical_crossentropy")
    assert kd.check_cv(SKLearnClassifier(model=model), X, Y3, cv=CV).findings == []


def test_onehot_targets_are_refused_by_the_wrapper_and_kd306_leaves_them_to_kd310():
    onehot = keras.utils.to_categorical(Y3, 3)
    clf = SKLearnClassifier(model=build)
    report = kd.check_cv(clf, X, onehot, cv=2)
    assert report.codes == ["KD310"]
    assert "y should be a 1d array, got an array of shape (24, 3)" in report.findings[0].message
    assert report.findings[0].fix == "cross_val_score(clf, X, onehot.argmax(1), cv=2)"
    with pytest.raises(ValueError, match="y should be a 1d array"):
        clf.fit(X, onehot)


def test_regressors_and_unreadable_build_functions_are_skipped_with_the_reason():
    report = kd.check_cv(SKLearnRegressor(model=build), X, rng.normal(size=len(X)), cv=2)
    assert report.findings == [] and any("regressor" in s.reason for s in report.skipped)
    namespace = {}
    exec("def made(X, y):\n    return None\n", namespace)  # a function with no source file
    report = kd.check_cv(SKLearnClassifier(model=namespace["made"]), X, Y3, cv=CV)
    assert report.findings == [] and any("source" in s.reason for s in report.skipped)


# ---- KD311 wrapper-param-grid -----------------------------------------------------


def test_scikeras_style_keys_are_kd311_with_the_grid_rewritten_and_fail_for_real():
    clf = quiet()
    search = GridSearchCV(clf, {"model__hidden": [2, 4], "batch_size": [8, 16]}, cv=CV, error_score="raise")
    report = kd.check_search(search, X, Y3)
    assert report.codes == ["KD311"]
    finding = report.findings[0]
    assert "'function' object has no attribute 'set_params'" in finding.message
    grid = {"model_kwargs": [{"hidden": 2}, {"hidden": 4}], "fit_kwargs": [{"batch_size": 8}, {"batch_size": 16}]}
    assert finding.fix == f"param_grid = {grid!r}\nsearch.set_params(param_grid=param_grid)"
    with pytest.raises(ValueError, match="Invalid parameter 'batch_size'"):
        search.fit(X, Y3)  # scikit-learn sets the candidate's keys in sorted order
    with pytest.raises(AttributeError, match="'function' object has no attribute 'set_params'"):
        clone(clf).set_params(model__hidden=2)
    search.set_params(param_grid=grid)  # the fix, applied: every candidate is accepted
    assert kd.check_search(search, X, Y3).findings == []
    for candidate in ParameterGrid(grid):
        clone(clf).set_params(**candidate)


def test_the_wrappers_own_model_kwargs_are_merged_and_homeless_keys_are_said():
    clf = SKLearnClassifier(model=param_build, model_kwargs={"loss": "categorical_crossentropy"})
    search = GridSearchCV(clf, {"loss": ["categorical_crossentropy"], "optimizer__learning_rate": [0.1]}, cv=CV)
    finding = kd.check_search(search, X, Y3).findings[0]
    assert finding.code == "KD311"
    assert "'optimizer__learning_rate' has no place there" in finding.message
    assert finding.fix.splitlines()[0] == "param_grid = {'model_kwargs': [{'loss': 'categorical_crossentropy'}]}"
    assert finding.fix.splitlines()[2].startswith("# 'optimizer__learning_rate' is left out")


def test_distributions_in_a_pipeline_become_sampled_candidates():
    pipe = Pipeline([("scale", StandardScaler()), ("clf", SKLearnClassifier(model=param_build))])
    search = RandomizedSearchCV(pipe, {"clf__loss": ["categorical_crossentropy"], "clf__epochs": loguniform(1, 5)})
    finding = kd.check_search(search, X, Y3).findings[0]
    assert finding.code == "KD311" and finding.where == "search.param_distributions"
    assert "[{'epochs': v0} for v0 in search.param_distributions['clf__epochs'].rvs(10, random_state=0)]" in (
        finding.fix
    )


# ---- n_jobs ---------------------------------------------------------------------------


def test_folds_in_worker_processes_are_said_in_the_report():
    report = kd.check_search(GridSearchCV(quiet(), {"model_kwargs": [{"hidden": 2}]}, cv=CV, n_jobs=2), X, Y3)
    note = next(s for s in report.skipped if s.check == "keras-fits-in-workers")
    assert "n_jobs=2" in note.reason and "audit above, made before any fold, covers every fold" in note.reason
    assert all(
        s.check != "keras-fits-in-workers"
        for s in kd.check_search(GridSearchCV(quiet(), {"model_kwargs": [{"hidden": 2}]}, cv=CV), X, Y3).skipped
    )


# ---- trained: what the audit says is what happens -------------------------------------


@pytest.mark.slow
def test_the_broken_search_trains_one_epoch_and_the_fixed_one_the_requested_three():
    keras.utils.set_random_seed(0)
    counter = Epochs()
    grid = {"model_kwargs": [{"hidden": 2}, {"hidden": 4}]}
    broken = GridSearchCV(quiet(epochs=3, callbacks=[counter]), grid, cv=CV)
    assert kd.check_search(broken, X, Y3).codes == ["KD309"]
    Epochs.runs = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        broken.fit(X, Y3)
        assert Epochs.runs == [] and broken.best_estimator_.history_.epoch == [0]  # no callback, one epoch
        fix = kd.check_search(broken, X, Y3).findings[0].fix
        assert fix.startswith("broken.fit(X, Y3, verbose=0, epochs=3, callbacks=[counter])")
        fixed = GridSearchCV(quiet(epochs=3, callbacks=[counter]), grid, cv=CV)
        fixed.fit(X, Y3, verbose=0, epochs=3, callbacks=[counter])  # the fix as printed
    assert Epochs.runs == [3] * 5  # 2 candidates x 2 folds, and the refit
    folds = cross_validate(quiet(), X, Y3, cv=CV, params={"epochs": 3}, return_estimator=True)["estimator"]
    assert [f.history_.epoch for f in folds] == [[0, 1, 2]] * 2


# ---- the hooks: each call judged on exactly its own arguments ---------------------------


@pytest.mark.slow
def test_hooked_searches_and_cross_validation_see_their_fit_parameters():
    import sklearn.model_selection as model_selection

    grid = {"model_kwargs": [{"hidden": 2}]}
    with kd.installed(strict=True, on_fail="return", epochs_cap=1, steps_cap=1) as session:
        with pytest.raises(kd.KerasDoctorError):  # KD309, before any fold trains
            GridSearchCV(quiet(epochs=3), grid, cv=CV).fit(X, Y3)
        assert session.report.codes == ["KD309"] and session.trained == 0
        GridSearchCV(quiet(epochs=3), grid, cv=CV).fit(X, Y3, epochs=2)  # given to the search: no finding
        model_selection.cross_val_score(quiet(epochs=3), X, Y3, cv=CV, params={"epochs": 2})
    assert session.report.codes == ["KD309"]
    assert session.checked["GridSearchCV.fit"] == 2 and session.checked["cross_val_score"] == 1


def test_a_sparse_default_or_grid_candidate_loss_is_fixed_where_it_comes_from():
    def defaulted(X, y, loss="sparse_categorical_crossentropy"):
        model = keras.Sequential([keras.Input((X.shape[1],)), keras.layers.Dense(y.shape[1], activation="softmax")])
        model.compile(optimizer="adam", loss=loss)
        return model

    clf = SKLearnClassifier(model=defaulted)
    report = kd.check_cv(clf, X, Y3, cv=CV)
    assert report.findings[0].fix == "clf.set_params(model_kwargs={'loss': 'categorical_crossentropy'})"
    loss = keras.losses.SparseCategoricalCrossentropy()
    search = GridSearchCV(SKLearnClassifier(model=param_build), {"model_kwargs": [{"loss": loss}]}, cv=CV)
    fix = kd.check_search(search, X, Y3).findings[0].fix
    assert fix.splitlines()[0] == "param_grid = {'model_kwargs': [{'loss': 'categorical_crossentropy'}]}"
    search.set_params(param_grid={"model_kwargs": [{"loss": "categorical_crossentropy"}]})
    assert kd.check_search(search, X, Y3).findings == []
