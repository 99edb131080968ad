"""Hooks on scikit-learn's searches and cross-validation functions, with real scikeras models.

The folds come from label-sorted data and an unshuffled KFold(3): each training
part lacks two of the six classes. The output layer's bias makes the last
output the argmax and SGD(0) keeps it so, so predicting a fold that lacks
class 5 raises scikeras' IndexError every time, not by chance.
"""

import warnings

import numpy as np
import pytest
import sklearn.model_selection as model_selection
from scikeras.wrappers import KerasClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, KFold, StratifiedKFold, _search, _validation
from tensorflow import keras

import kerasdoctor as kd
from kerasdoctor import hooks
from kerasdoctor.explanations import NOTE_PREFIX

CLASSES, PER_CLASS = 6, 3
y = np.repeat(np.arange(CLASSES), PER_CLASS)  # sorted by class
X = np.random.default_rng(0).normal(size=(len(y), 4)).astype("float32")
UNSTRATIFIED = KFold(3)
STRATIFIED = StratifiedKFold(3, shuffle=True, random_state=0)
FUNCTIONS = ("cross_val_score", "cross_validate", "cross_val_predict")


@pytest.fixture(autouse=True)
def no_hooks_left():
    yield
    kd.uninstall()


def build(units=CLASSES):
    model = keras.Sequential(
        [
            keras.Input((4,)),
            keras.layers.Dense(
                units, activation="softmax", bias_initializer=keras.initializers.Constant([0.0] * (units - 1) + [10.0])
            ),
        ]
    )
    model.compile(optimizer=keras.optimizers.SGD(0.0), loss="sparse_categorical_crossentropy")
    return model


def classifier(**kwargs):
    return KerasClassifier(model=build, epochs=1, batch_size=8, verbose=0, **kwargs)


def the_note(error):
    notes = [n for n in getattr(error, "__notes__", []) if n.startswith(NOTE_PREFIX)]
    assert len(notes) == 1, notes
    return notes[0]


def test_uninstall_restores_the_search_and_the_functions_exactly():
    fit = vars(_search.BaseSearchCV)["fit"]
    functions = {name: getattr(model_selection, name) for name in FUNCTIONS}
    kd.install()
    assert GridSearchCV.fit is not fit and GridSearchCV.fit.__wrapped__ is fit
    assert all(getattr(model_selection, n) is not f for n, f in functions.items())
    assert _validation.cross_validate is functions["cross_validate"]  # what cross_val_score calls inside
    kd.install(strict=True)  # no double wrap
    assert GridSearchCV.fit.__wrapped__ is fit
    kd.uninstall()
    assert vars(_search.BaseSearchCV)["fit"] is fit and "fit" not in vars(GridSearchCV)
    assert all(getattr(model_selection, n) is f for n, f in functions.items())


def test_search_is_audited_once_before_it_trains_and_its_keras_fits_are_checked():
    search = GridSearchCV(classifier(), {"batch_size": [8]}, cv=UNSTRATIFIED)
    with kd.installed(on_fail="return") as session, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        search.fit(X, y)
    # GridSearchCV's default error_score=nan: scikeras' IndexError becomes a warning and a nan score
    assert any("Scoring failed" in str(w.message) and "IndexError" in str(w.message) for w in caught)
    assert np.isnan(search.cv_results_["mean_test_score"]).all()
    kd302 = [f for f in session.report.findings if f.code == "KD302"]
    assert len(kd302) == 1 and "fold 0 lacks classes 0, 1" in kd302[0].message
    assert kd302[0].where == "search.cv: folds 0, 1, 2 (training)"
    # 3 folds + the refit: each Keras fit checked, its fold-dependent KD206 shown once
    assert session.checked == {"GridSearchCV.fit": 1, "Sequential.fit": 4, "Sequential.predict": 3}  # + scoring
    assert [f.code for f in session.report.findings].count("KD206") == 1
    # the fold's model is as wide as the data's classes: the advice is KD302's, not a narrower Dense
    (kd206,) = [f for f in session.report.findings if f.code == "KD206"]
    assert "one fold of the search above" in kd206.message and "KD302" in kd206.fix
    assert "Dense(" not in kd206.fix and kd206.remedy is None


def test_strict_stops_before_the_search_trains():
    search = GridSearchCV(classifier(), {"batch_size": [8]}, cv=UNSTRATIFIED)
    with kd.installed(strict=True, on_fail="return") as session:
        with pytest.raises(kd.KerasDoctorError) as raised:
            search.fit(X, y)
    assert "KD302" in raised.value.report.codes
    assert session.checked == {"GridSearchCV.fit": 1} and session.trained == 0
    assert not hasattr(search, "cv_results_")


def test_strict_stops_a_search_whose_keras_fits_fail_their_checks():
    # The folds are fine, the model is not: 2 outputs for 6 classes (KD205). The fold's
    # KerasDoctorError would be a 'fit failed' warning under error_score=nan; strict stops.
    search = GridSearchCV(
        KerasClassifier(model=build, model__units=2, epochs=1, verbose=0), {"batch_size": [8]}, cv=STRATIFIED
    )
    with kd.installed(strict=True, on_fail="return") as session, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(kd.KerasDoctorError) as raised:
            search.fit(X, y)
    assert raised.value.report.codes == ["KD205"]
    assert session.checked == {"GridSearchCV.fit": 1, "Sequential.fit": 3} and session.trained == 1


def test_cross_val_score_audits_once_though_it_calls_cross_validate():
    with kd.installed(on_fail="return") as session:
        from sklearn.model_selection import cross_val_score, cross_validate  # imported after install

        cross_val_score(LogisticRegression(max_iter=50), X, y, cv=UNSTRATIFIED)
        assert session.checked == {"cross_val_score": 1}
        cross_validate(LogisticRegression(max_iter=50), X, y, cv=STRATIFIED)
    assert session.checked == {"cross_val_score": 1, "cross_validate": 1}
    assert "KD302" in session.report.codes and len(session.report.findings) == len(
        set((f.code, f.message) for f in session.report.findings)
    )


def test_halving_search_is_hooked_through_base_search_fit():
    from sklearn.experimental import enable_halving_search_cv  # noqa: F401
    from sklearn.model_selection import HalvingGridSearchCV

    search = HalvingGridSearchCV(
        LogisticRegression(max_iter=50), {"C": [0.1, 1.0]}, cv=UNSTRATIFIED, min_resources=len(y)
    )
    with kd.installed(on_fail="return") as session, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        search.fit(X, y)
    assert session.checked == {"HalvingGridSearchCV.fit": 1} and "KD302" in session.report.codes


def test_a_crashing_audit_becomes_kd900_and_the_search_goes_on(monkeypatch):
    def broken_check(call):
        raise ZeroDivisionError("a bug in kerasdoctor")

    table = [
        hooks.Hook(h.owner, h.method, check=broken_check, explain=h.explain, group=h.group)
        if h.owner.endswith("BaseSearchCV")
        else h
        for h in hooks.HOOKS
    ]
    monkeypatch.setattr(hooks, "HOOKS", table)
    search = GridSearchCV(LogisticRegression(max_iter=50), {"C": [1.0]}, cv=STRATIFIED)
    with kd.installed(on_fail="return") as session:
        search.fit(X, y)
    assert session.report.codes == ["KD900"] and "ZeroDivisionError" in session.report.findings[0].message
    assert hasattr(search, "best_estimator_") and session.trained == 1


# ---- explained errors -------------------------------------------------------------


def test_search_with_error_score_raise_gets_kd302_with_its_folds():
    search = GridSearchCV(classifier(), {"batch_size": [8]}, cv=UNSTRATIFIED, error_score="raise")
    with kd.installed(on_fail="return"):
        with pytest.raises(IndexError, match="index 5 is out of bounds for axis 0 with size 4") as raised:
            search.fit(X, y)
    note = the_note(raised.value)
    assert note.startswith(f"{NOTE_PREFIX} KD302 ") and "fold 0 lacks classes 0, 1" in note
    assert "StratifiedKFold(n_splits=3, shuffle=True" in note and "search.set_params(cv=cv)" in note


@pytest.mark.parametrize("function", ["cross_val_score", "cross_val_predict"])
def test_cross_validation_functions_get_kd302_too(function):
    kwargs = {"error_score": "raise"} if function == "cross_val_score" else {}
    with kd.installed(on_fail="return"):
        call = getattr(model_selection, function)
        with pytest.raises(IndexError, match="out of bounds") as raised:
            call(classifier(), X, y, cv=UNSTRATIFIED, **kwargs)
    note = the_note(raised.value)
    assert "KD302" in note and "fold 0 lacks classes 0, 1" in note


def test_without_the_audit_the_message_alone_explains_the_scikeras_error():
    with pytest.raises(IndexError) as raised:
        model_selection.cross_val_predict(classifier(), X, y, cv=UNSTRATIFIED)
    finding = kd.explain(raised.value)
    assert finding.code == "KD302"
    assert "learnt 4 classes" in finding.message and "predicted output 5" in finding.message


def test_the_same_numpy_message_elsewhere_is_not_explained():
    with pytest.raises(IndexError, match="index 5 is out of bounds for axis 0 with size 4") as raised:
        np.arange(4)[np.array([5])]
    assert kd.explain(raised.value) is None
