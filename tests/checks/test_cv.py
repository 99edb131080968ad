"""KD301-KD308 and KD901 for searches and cross-validation, with real scikeras and Keras wrappers.

Nothing here trains, except the last tests, which run a tiny real search to
show that what the audit predicts is what happens.
"""

import warnings

import keras
import numpy as np
import pytest
from keras.wrappers import SKLearnClassifier
from scikeras.wrappers import KerasClassifier, KerasRegressor
from scipy import sparse
from sklearn.model_selection import (
    GridSearchCV,
    GroupKFold,
    KFold,
    RandomizedSearchCV,
    RepeatedKFold,
    RepeatedStratifiedKFold,
    StratifiedGroupKFold,
    StratifiedKFold,
    cross_validate,
)
from sklearn.utils.multiclass import check_classification_targets

import kerasdoctor as kd

rng = np.random.default_rng(0)
X = rng.normal(size=(120, 4)).astype("float32")
Y3 = rng.permutation(np.repeat([0, 1, 2], 40))  # shuffled, balanced
SORTED2 = np.repeat([0, 1], 60)  # sorted by class


def build(units=4, n_classes=3):
    model = keras.Sequential(
        [
            keras.Input((4,)),
            keras.layers.Dense(units, activation="relu"),
            keras.layers.Dense(n_classes, activation="softmax"),
        ]
    )
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    return model


def dynamic(X, y, units=4):
    """A build function for keras.wrappers.SKLearnClassifier: the output width comes from y's one-hot columns."""
    model = keras.Sequential(
        [
            keras.Input((X.shape[1],)),
            keras.layers.Dense(units, activation="relu"),
            keras.layers.Dense(y.shape[1], activation="softmax"),
        ]
    )
    model.compile(optimizer="adam", loss="categorical_crossentropy")
    return model


def scikeras_clf(**kwargs):
    return KerasClassifier(model=build, verbose=0, epochs=1, **kwargs)


def keras_clf():
    return SKLearnClassifier(model=dynamic, fit_kwargs={"epochs": 1, "verbose": 0})


STRATIFIED = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)


# ---- KD301 unstratified-cv-for-classifier -------------------------------------------


def test_scikeras_with_cv5_is_kd301_and_says_why():
    clf = scikeras_clf()
    search = GridSearchCV(clf, {"batch_size": [10]}, cv=5)
    report = kd.check_search(search, X, Y3)
    assert report.codes == ["KD301"]
    message = report.findings[0].message
    versions = kd.audit_folds(clf, X, Y3).versions
    assert f"scikit-learn {versions['scikit-learn']} does not recognise scikeras {versions['scikeras']}" in message
    assert "cv=5 means KFold" in message
    assert "StratifiedKFold(n_splits=5, shuffle=True, random_state=0)" in report.findings[0].fix
    assert "search.set_params(cv=cv)" in report.findings[0].fix


def test_keras_sklearn_classifier_with_cv5_is_stratified_and_clean():
    report = kd.check_search(GridSearchCV(keras_clf(), {"model_kwargs": [{"units": 4}]}, cv=5), X, Y3)
    assert report.findings == []
    assert kd.audit_folds(keras_clf(), X, Y3).splitter_name == "StratifiedKFold"


class RecognisedKerasClassifier(KerasClassifier):
    """A scikeras KerasClassifier whose tags say "classifier", as a fixed scikeras would."""

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.estimator_type = "classifier"
        return tags


def test_kd301_stops_by_itself_once_scikeras_is_recognised_as_a_classifier():
    from sklearn.base import is_classifier

    clf = RecognisedKerasClassifier(model=build, verbose=0)
    assert is_classifier(clf)
    assert kd.check_search(GridSearchCV(clf, {"batch_size": [10]}, cv=5), X, Y3).findings == []
    assert kd.audit_folds(clf, X, Y3).splitter_name == "StratifiedKFold"


# ---- KD302 class-missing-from-training-fold ----------------------------------------


def splits_without_class_2_in_training():
    """Two precomputed splits; the first trains on classes 0 and 1 only, validates on all three."""
    index = np.arange(len(Y3))
    twos = index[Y3 == 2]
    val0 = np.concatenate([twos, index[Y3 == 0][:5], index[Y3 == 1][:5]])
    val1 = np.concatenate([index[Y3 == 0][5:15], index[Y3 == 1][5:15], twos[:10]])
    return [(np.setdiff1d(index, v), v) for v in (val0, val1)]


def test_training_part_without_a_class_is_kd302_with_the_scikeras_index_error():
    report = kd.check_cv(scikeras_clf(), X, Y3, cv=splits_without_class_2_in_training())
    assert report.codes == ["KD302"]
    finding = report.findings[0]
    assert "fold 0 lacks class 2" in finding.message
    assert "IndexError: index 2 is out of bounds for axis 0 with size 2" in finding.message
    assert "folds 0 (training)" in finding.where


def test_kd302_with_keras_sklearn_classifier_explains_the_narrower_output():
    report = kd.check_cv(keras_clf(), X, Y3, cv=splits_without_class_2_in_training())
    assert report.codes == ["KD302"]
    assert (
        "gets 2 outputs instead of 3" in report.findings[0].message and "score is wrong" in report.findings[0].message
    )


def test_stratified_splits_keep_every_class_in_training():
    assert kd.check_cv(scikeras_clf(), X, Y3, cv=STRATIFIED).findings == []


# ---- KD303 class-missing-from-validation-fold --------------------------------------


def test_validation_part_without_a_class_is_kd303():
    index = np.arange(len(Y3))
    val = np.concatenate([index[Y3 == 0][:10], index[Y3 == 1][:10]])  # no class 2, training has all
    full = np.concatenate([index[Y3 == c][10:20] for c in range(3)])
    splits = [(np.setdiff1d(index, v), v) for v in (val, full)]
    report = kd.check_cv(keras_clf(), X, Y3, cv=splits)
    assert report.codes == ["KD303"]
    assert "validation part of fold 0 lacks class 2" in report.findings[0].message


def test_precomputed_splits_with_every_class_everywhere_are_clean():
    splits = list(STRATIFIED.split(X, Y3))
    assert kd.check_cv(keras_clf(), X, Y3, cv=splits).findings == []


# ---- KD304 too-few-members-for-n-splits ---------------------------------------------


def y_with_small_class(members):
    y = Y3.copy()
    y[np.flatnonzero(y == 2)[members:]] = 0  # class 2 keeps `members` examples
    return y


def test_class_smaller_than_folds_is_kd304_with_the_largest_k_that_works():
    report = kd.check_cv(keras_clf(), X, y_with_small_class(3), cv=StratifiedKFold(5, shuffle=True, random_state=0))
    assert report.codes == ["KD304"]
    finding = report.findings[0]
    assert "but 1 class has fewer examples than that (class (examples): 2 (3)); that class is" in finding.message
    assert (
        "2 (3)" in finding.message
        and "largest number of folds that puts every class in every fold is 3" in finding.message
    )
    assert "StratifiedKFold(n_splits=3, shuffle=True, random_state=0)" in finding.fix
    assert finding.severity is kd.Severity.WARNING  # StratifiedKFold only warns; the search runs


def test_a_single_example_class_is_kd304_and_kd302():
    report = kd.check_cv(keras_clf(), X, y_with_small_class(1), cv=StratifiedKFold(5, shuffle=True, random_state=0))
    assert sorted(report.codes) == ["KD302", "KD304"]
    assert "no number of folds works" in report.findings[0].message
    assert report.findings[0].severity is kd.Severity.ERROR


def test_k_equal_to_the_smallest_class_is_clean():
    assert (
        kd.check_cv(keras_clf(), X, y_with_small_class(3), cv=StratifiedKFold(3, shuffle=True, random_state=0)).findings
        == []
    )


# ---- KD305 sorted-labels-without-shuffle --------------------------------------------


def test_unshuffled_kfold_over_sorted_labels_is_kd305():
    report = kd.check_cv(keras_clf(), X, SORTED2, cv=KFold(5))
    assert report.codes == ["KD305"]
    assert "2 runs of equal labels over 120 examples" in report.findings[0].message
    assert "validation part of fold 0 lacks class 1" in report.findings[0].message


def test_shuffled_kfold_over_sorted_labels_is_clean():
    assert kd.check_cv(keras_clf(), X, SORTED2, cv=KFold(5, shuffle=True, random_state=0)).findings == []


# ---- KD306 onehot-target-to-splitter ------------------------------------------------


def test_onehot_target_with_cv5_is_kd306():
    onehot = keras.utils.to_categorical(Y3, 3)
    report = kd.check_search(
        GridSearchCV(scikeras_clf(loss="categorical_crossentropy"), {"batch_size": [10]}, cv=5), X, onehot
    )
    assert report.codes == ["KD306"]
    assert "multilabel-indicator" in report.findings[0].message
    assert "y.argmax(1)" in report.findings[0].fix


def test_onehot_target_to_stratified_kfold_is_kd306_with_scikit_learns_refusal():
    onehot = keras.utils.to_categorical(Y3, 3)
    report = kd.check_cv(scikeras_clf(), X, onehot, cv=STRATIFIED)
    assert report.codes == ["KD306"]
    assert "StratifiedKFold refuses it" in report.findings[0].message
    assert not report.findings[0].message.endswith("..")  # scikit-learn's message ends in its own full stop


def test_integer_target_to_stratified_kfold_is_clean():
    assert kd.check_cv(scikeras_clf(), X, Y3, cv=STRATIFIED).findings == []


# ---- KD307 legacy-keras-sklearn-wrapper (runtime) ------------------------------------


def test_build_fn_is_kd307():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        clf = KerasClassifier(build_fn=build, verbose=0)
    search = GridSearchCV(clf, {"batch_size": [10], "model__units": [4, 8]}, cv=STRATIFIED)
    report = kd.check_search(search, X, Y3)
    assert report.codes == ["KD307"]
    fix = report.findings[0].fix.splitlines()
    assert fix[0] == "clf = KerasClassifier(model=build, verbose=0)"
    # the migration: the build function takes X and y, compiles for one-hot targets; the grid and fit move
    assert fix[2:] == [
        "from keras.wrappers import SKLearnClassifier",
        "def build(X, y, units=4, n_classes=3):   # the wrapper calls it with X= and y=",
        "    ...   # the body as it is, but:",
        "    model.compile(optimizer='adam', loss='categorical_crossentropy')   # y arrives one-hot",
        "clf = SKLearnClassifier(model=build)",
        "param_grid = {'fit_kwargs': [{'batch_size': 10}], 'model_kwargs': [{'units': 4}, {'units': 8}]}",
        "search.set_params(estimator=clf, param_grid=param_grid)",
        "search.fit(X, Y3, verbose=0)   # fit arguments, not fit_kwargs: the clone drops those",
    ]


def test_model_argument_is_clean():
    assert kd.check_search(GridSearchCV(scikeras_clf(), {"batch_size": [10]}, cv=STRATIFIED), X, Y3).findings == []


# ---- KD308 unprefixed-param-grid ----------------------------------------------------


def test_unprefixed_build_argument_in_the_grid_is_kd308():
    search = GridSearchCV(scikeras_clf(), {"batch_size": [10, 25], "units": [4, 8]}, cv=STRATIFIED)
    report = kd.check_search(search, X, Y3)
    assert report.codes == ["KD308"]
    assert report.findings[0].fix == "param_grid = {'batch_size': [10, 25], 'model__units': [4, 8]}"
    # what scikeras really does with it:
    with pytest.raises(ValueError, match="Invalid parameter units"):
        scikeras_clf().set_params(units=8)


def test_unprefixed_key_in_randomized_search_is_kd308():
    search = RandomizedSearchCV(scikeras_clf(), {"units": [4, 8]}, n_iter=1, cv=STRATIFIED)
    report = kd.check_search(search, X, Y3)
    assert report.codes == ["KD308"]
    assert report.findings[0].message.startswith("The grid key 'units' is an argument of the build function but lacks")


def test_prefixed_key_or_constructor_argument_is_clean():
    prefixed = GridSearchCV(scikeras_clf(), {"model__units": [4, 8]}, cv=STRATIFIED)
    routed = GridSearchCV(scikeras_clf(units=4), {"units": [4, 8]}, cv=STRATIFIED)
    assert kd.check_search(prefixed, X, Y3).findings == []
    assert kd.check_search(routed, X, Y3).findings == []


# ---- KD901, groups, regressors, halving ---------------------------------------------


def test_one_shot_iterator_of_splits_is_kd901_and_left_untouched():
    splits = STRATIFIED.split(X, Y3)  # a generator: one-shot
    report = kd.check_search(GridSearchCV(scikeras_clf(), {"batch_size": [10]}, cv=splits), X, Y3)
    assert report.codes == ["KD901"]
    assert len(list(splits)) == 5  # still all there for the search


def test_group_kfold_with_one_class_per_group_is_kd302():
    groups = Y3 * 10 + np.arange(len(Y3)) % 2  # each group holds a single class
    report = kd.check_cv(scikeras_clf(), X, Y3, groups=groups, cv=GroupKFold(3))
    assert "KD302" in report.codes
    fix = next(f.fix for f in report.findings if f.code == "KD302")
    assert "StratifiedGroupKFold(n_splits=3, shuffle=True, random_state=0)" in fix
    assert kd.audit_folds(scikeras_clf(), X, Y3, groups=groups, cv=GroupKFold(3)).n_groups == 6


def test_stratified_group_kfold_is_clean():
    groups = np.arange(len(Y3)) % 12
    assert kd.check_cv(scikeras_clf(), X, Y3, groups=groups, cv=StratifiedGroupKFold(3)).findings == []


def test_regressors_are_skipped_with_a_reason():
    report = kd.check_cv(KerasRegressor(model=build, verbose=0), X, rng.normal(size=len(X)), cv=5)
    assert report.findings == []
    assert any("regressor" in s.reason for s in report.skipped)


def test_halving_search_is_audited():
    import importlib

    importlib.import_module("sklearn.experimental.enable_halving_search_cv")  # makes Halving* importable
    from sklearn.model_selection import HalvingGridSearchCV

    search = HalvingGridSearchCV(scikeras_clf(), {"batch_size": [10, 20]}, cv=5)
    report = kd.check_search(search, X, np.sort(Y3))
    assert {"KD301", "KD305"} <= set(report.codes)
    assert "halving" in report.findings[[f.code for f in report.findings].index("KD301")].message


def test_on_fail_raise_and_bad_input():
    search = GridSearchCV(scikeras_clf(), {"batch_size": [10]}, cv=5)
    with pytest.raises(kd.KerasDoctorError):
        kd.check_search(search, X, np.repeat(np.arange(6), 20), on_fail="raise")  # KD302 is an error
    with pytest.raises(TypeError, match="needs a scikit-learn search"):
        kd.check_search(scikeras_clf(), X, Y3)
    with pytest.raises(ValueError, match="needs X"):
        kd.check_search(search, None, Y3)


# ---- repeated splitters, sparse X, unreadable labels ---------------------------------


def test_repeated_stratified_kfold_over_a_small_class_is_kd304_keeping_the_repetitions():
    cv = RepeatedStratifiedKFold(n_splits=5, n_repeats=2, random_state=0)
    report = kd.check_search(
        GridSearchCV(keras_clf(), {"model_kwargs": [{"units": 4}]}, cv=cv), X, y_with_small_class(3)
    )
    assert report.codes == ["KD304"]
    finding = report.findings[0]
    assert "makes 5 folds in each of its 2 repetitions" in finding.message
    assert "missing from some validation folds in every repetition" in finding.message
    assert "RepeatedStratifiedKFold(n_splits=3, n_repeats=2, random_state=0)" in finding.fix
    # what that fix really does: every class in every validation part of every repetition
    fixed = RepeatedStratifiedKFold(n_splits=3, n_repeats=2, random_state=0)
    assert kd.check_cv(keras_clf(), X, y_with_small_class(3), cv=fixed).findings == []


def test_repeated_kfold_over_sorted_labels_reshuffles_so_no_kd305():
    cv = RepeatedKFold(n_splits=5, n_repeats=3, random_state=0)  # reshuffles every repetition
    report = kd.check_cv(keras_clf(), X, SORTED2, cv=cv)
    assert report.findings == []
    assert kd.audit_folds(keras_clf(), X, SORTED2, cv=cv).n_folds == 15


def test_repeated_kfold_over_a_small_class_is_kd304_with_a_repeated_stratified_fix():
    report = kd.check_cv(
        keras_clf(), X, y_with_small_class(3), cv=RepeatedKFold(n_splits=5, n_repeats=2, random_state=0)
    )
    assert "KD304" in report.codes and "KD900" not in report.codes
    assert (
        "RepeatedStratifiedKFold(n_splits=3, n_repeats=2, random_state=0)"
        in report.findings[report.codes.index("KD304")].fix
    )


def test_sparse_x_is_audited_like_dense_x():
    dense = kd.check_cv(scikeras_clf(), X, Y3, cv=5)
    report = kd.check_cv(scikeras_clf(), sparse.csr_matrix(X), Y3, cv=5)
    assert report.codes == dense.codes == ["KD301"]
    assert kd.audit_folds(scikeras_clf(), sparse.csr_matrix(X), Y3).n_samples == len(X)


@pytest.mark.filterwarnings("ignore:invalid value encountered in cast:RuntimeWarning")  # scikit-learn's, on NaN
def test_labels_with_nan_are_skipped_with_the_reason_not_kd900():
    y = Y3.astype("float64")
    y[5] = np.nan
    report = kd.check_search(GridSearchCV(scikeras_clf(), {"batch_size": [10]}, cv=5), X, y)
    assert report.findings == []
    assert any("Input contains NaN" in s.reason for s in report.skipped)
    with pytest.raises(ValueError, match="NaN"):  # scikit-learn itself refuses these labels
        check_classification_targets(y)


# ---- the audit's prediction against what really happens ------------------------------

YS = np.repeat(np.arange(6), 6)  # 6 classes, sorted: KFold(3) misses two per training part
XS = rng.normal(size=(len(YS), 4)).astype("float32")


def test_scikeras_search_fails_where_the_audit_said_it_would():
    clf = KerasClassifier(model=build, model__n_classes=6, verbose=0, epochs=1)
    search = GridSearchCV(clf, {"batch_size": [12]}, cv=3, error_score="raise")
    audit = kd.audit_folds(clf, XS, YS, cv=3)
    assert audit.splitter_name == "KFold"
    assert (audit.train_counts == 0).any(axis=0).all()  # every training part lacks classes
    assert "KD302" in kd.check_search(search, XS, YS).codes
    keras.utils.set_random_seed(0)
    with pytest.raises(IndexError, match="out of bounds for axis 0 with size 4"):
        search.fit(XS, YS)


def test_keras_sklearn_classifier_learns_exactly_the_classes_the_audit_counted():
    audit = kd.audit_folds(keras_clf(), XS, YS, cv=KFold(3))
    result = cross_validate(keras_clf(), XS, YS, cv=KFold(3), return_estimator=True)
    for j, estimator in enumerate(result["estimator"]):
        expected = audit.classes[audit.train_counts[:, j] > 0]
        assert estimator.classes_.tolist() == expected.tolist()
        assert estimator.model_.output_shape == (None, len(expected))  # the narrower output
    # fold 0 validates only on classes its training part never saw: the score is 0.0, no error
    assert (audit.validation_counts[audit.train_counts[:, 0] > 0, 0] == 0).all()
    assert result["test_score"][0] == 0.0
