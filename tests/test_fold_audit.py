"""The fold audit's facts: the splitter scikit-learn picks, versions, counts per class and fold."""

from importlib import metadata

import numpy as np
import pytest
from keras.wrappers import SKLearnClassifier
from scikeras.wrappers import KerasClassifier
from sklearn.base import is_classifier
from sklearn.model_selection import KFold, StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import kerasdoctor as kd

rng = np.random.default_rng(0)
X = rng.normal(size=(100, 3))
Y = np.repeat(np.arange(5), 20)


def naive_counts(y, folds, part):
    classes = np.unique(y)
    return np.array([[int((y[f[part]] == c).sum()) for f in folds] for c in classes])


def test_the_splitter_is_the_one_scikit_learn_picks_for_each_wrapper():
    scikeras, keras_clf = KerasClassifier(model=None), SKLearnClassifier(model=None)
    # the facts the audit relies on, on the installed versions
    assert not is_classifier(scikeras) and is_classifier(keras_clf)
    assert kd.audit_folds(scikeras, X, Y).splitter_name == "KFold"
    assert kd.audit_folds(keras_clf, X, Y).splitter_name == "StratifiedKFold"
    assert kd.audit_folds(make_pipeline(StandardScaler(), scikeras), X, Y).wrapper == "scikeras"


def test_versions_are_the_installed_ones():
    audit = kd.audit_folds(KerasClassifier(model=None), X, Y)
    for name in ("scikit-learn", "scikeras", "keras"):
        assert audit.versions[name] == metadata.version(name)
        assert f"{name} {metadata.version(name)}" in audit.summary()


@pytest.mark.parametrize(
    "labels",
    [Y, Y - 2, Y * 10**12 - 7, Y.astype("uint8"), Y > 2, np.array(list("abcde"))[Y], Y.astype(float)],
    ids=["int", "negative", "wide", "uint8", "bool", "str", "float"],
)
def test_counts_per_class_and_fold_match_a_naive_count(labels):
    cv = StratifiedKFold(4, shuffle=True, random_state=1)
    audit = kd.audit_folds(SKLearnClassifier(model=None), X, labels, cv=cv)
    folds = list(cv.split(X, labels))
    assert audit.classes.tolist() == np.unique(labels).tolist()
    assert (audit.train_counts == naive_counts(labels, folds, 0)).all()
    assert (audit.validation_counts == naive_counts(labels, folds, 1)).all()
    assert (audit.train_counts + audit.validation_counts == audit.class_counts[:, None]).all()


def test_non_complementary_precomputed_splits_are_counted_part_by_part():
    folds = [(np.arange(0, 30), np.arange(90, 100)), (np.arange(50, 60), np.arange(0, 5))]
    audit = kd.audit_folds(SKLearnClassifier(model=None), X, Y, cv=folds)
    assert (audit.train_counts == naive_counts(Y, folds, 0)).all()
    assert (audit.validation_counts == naive_counts(Y, folds, 1)).all()
    assert "precomputed" in audit.reason


def test_table_markdown_html_and_plot():
    audit = kd.audit_folds(KerasClassifier(model=None), X, Y, cv=KFold(4))
    table = audit.table
    assert table.shape == (5, 4)
    assert table.rows()[0] == (0, [(0, 20), (20, 0), (20, 0), (20, 0)])
    assert table.to_markdown().splitlines()[2] == "| 0 | 0/20 | 20/0 | 20/0 | 20/0 |"
    assert "fold 3" in audit._repr_html_() and "KFold" in str(audit)
    import matplotlib

    matplotlib.use("Agg")
    figure = audit.plot()
    assert len(figure.axes) == 4  # two heatmaps and their colour bars
    heatmaps, bars = figure.axes[:2], figure.axes[2:]
    assert figure._suptitle.get_text().startswith("KFold(n_splits=4, random_state=None, shuffle=False)")
    assert heatmaps[0].get_legend().get_texts()[0].get_text() == "class missing from this part"
    figure.canvas.draw()
    for bar in bars:  # counts: whole-number ticks
        assert all(float(t.get_text().replace("−", "-")).is_integer() for t in bar.get_yticklabels() if t.get_text())
    # the figure's title clears the heatmaps' titles (constrained layout)
    renderer = figure.canvas.get_renderer()
    title_box = figure._suptitle.get_window_extent(renderer)
    assert all(title_box.y0 >= axis.title.get_window_extent(renderer).y1 for axis in heatmaps)


def test_audit_never_touches_a_one_shot_iterator():
    splits = iter(list(KFold(5).split(X)))
    audit = kd.audit_folds(SKLearnClassifier(model=None), X, Y, cv=splits)
    assert audit.not_inspected and audit.train_counts is None
    assert len(list(splits)) == 5
