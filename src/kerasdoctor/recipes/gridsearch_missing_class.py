"""A 38-class Keras grid search: `IndexError: index 37 is out of bounds`, or a score of 0.

scikit-learn stratifies `cv=5` only for estimators it recognises as
classifiers, and it does not recognise scikeras' KerasClassifier: the search
silently uses plain KFold. On label-sorted data every training fold then lacks
whole classes; scikeras encodes each fold's labels with fewer classes than the
model's 38 outputs, and prediction indexes past them whenever the model's
argmax is one of the surplus outputs. Today's GridSearchCV turns that
IndexError into 'Scoring failed' warnings and nan scores, and the folds that
escape it score 0.0: the missing classes are never predicted. The fix: an
explicit `StratifiedKFold(n_splits=5, shuffle=True, random_state=0)`.
(The seed's search: 14 raw features, Dense(38, softmax), sparse categorical
cross-entropy, batch sizes 10/25, a grid of layers and units; reduced to one
epoch and five examples per class so that it runs in seconds.)
"""

import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

import numpy as np  # noqa: E402
from scikeras.wrappers import KerasClassifier  # noqa: E402
from sklearn.model_selection import GridSearchCV, StratifiedKFold  # noqa: E402
from tensorflow import keras  # noqa: E402

from kerasdoctor.demo import recipe_main  # noqa: E402

keras.utils.set_random_seed(0)  # the same folds fail on every run

CLASSES, PER_CLASS, FEATURES = 38, 5, 14
rng = np.random.default_rng(0)
y_train = np.repeat(np.arange(CLASSES), PER_CLASS)  # sorted by class, as loaded from disk
X_train = (rng.normal(size=(len(y_train), FEATURES)) * 50 + y_train[:, None]).astype("float32")  # raw, unscaled


def build_classifier(optimizer="adam", nb_layers=1, unit=16):
    classifier = keras.Sequential([keras.Input((FEATURES,))])
    for _ in range(nb_layers):
        classifier.add(keras.layers.Dense(unit, activation="relu", kernel_initializer="uniform"))
    classifier.add(keras.layers.Dense(CLASSES, activation="softmax", kernel_initializer="uniform"))
    classifier.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return classifier


PARAMETERS = {"batch_size": [10, 25], "model__nb_layers": [1, 2], "model__unit": [16]}


def broken_pipeline():
    classifier = KerasClassifier(model=build_classifier, epochs=1, verbose=0)
    grid_search = GridSearchCV(classifier, PARAMETERS, scoring="accuracy", cv=5)
    return grid_search, dict(X=X_train, y=y_train)


def fixed_pipeline():
    classifier = KerasClassifier(model=build_classifier, epochs=1, verbose=0)
    cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    grid_search = GridSearchCV(classifier, PARAMETERS, scoring="accuracy", cv=cv)
    return grid_search, dict(X=X_train, y=y_train)


if __name__ == "__main__":
    raise SystemExit(recipe_main(sys.modules[__name__]))
