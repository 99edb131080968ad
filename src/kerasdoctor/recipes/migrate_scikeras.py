"""A scikeras grid search moved to Keras' own keras.wrappers: three mistakes found before it fits.

scikeras is no longer maintained (0.13.0 is its last release), so users move their searches to
`keras.wrappers.SKLearnClassifier`. Ported line by line (`scikeras_pipeline()` below is the
original), the search goes wrong three ways before any fold trains: the fit arguments given as
`fit_kwargs` are dropped by scikit-learn's clone, so every fold would train 1 epoch (KD309); the
wrapper one-hot encodes y, so the sparse loss fails at the first step (KD310); and `model__units`
is scikeras' routing, which Keras' wrapper does not have (KD311). The fix: the fit arguments go to
`search.fit`, the build function takes X and y and compiles for one-hot targets, and the grid
gives `model_kwargs`. (`kerasdoctor rule KD307` shows the whole migration.)
"""

import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras.wrappers import SKLearnClassifier  # noqa: E402
from scikeras.wrappers import KerasClassifier  # noqa: E402
from sklearn.model_selection import GridSearchCV, StratifiedKFold  # noqa: E402

from kerasdoctor.demo import recipe_main  # noqa: E402

keras.utils.set_random_seed(0)

CLASSES, FEATURES, EPOCHS = 3, 8, 3
rng = np.random.default_rng(0)
y_train = np.tile(np.arange(CLASSES), 20)
X_train = (rng.normal(size=(len(y_train), FEATURES)) + y_train[:, None]).astype("float32")
CV = StratifiedKFold(n_splits=2, shuffle=True, random_state=0)


def scikeras_pipeline():
    """The search as it ran on scikeras: integer targets, a sparse loss, `model__` routing, epochs= on the wrapper."""

    def build(units=16):
        model = keras.Sequential(
            [
                keras.Input((FEATURES,)),
                keras.layers.Dense(units, activation="relu"),
                keras.layers.Dense(CLASSES, activation="softmax"),
            ]
        )
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
        return model

    classifier = KerasClassifier(model=build, epochs=EPOCHS, verbose=0)
    search = GridSearchCV(classifier, {"model__units": [8, 16]}, cv=CV)
    return search, dict(X=X_train, y=y_train)


def broken_pipeline():
    def build(X, y, units=16):
        model = keras.Sequential(
            [
                keras.Input((X.shape[1],)),
                keras.layers.Dense(units, activation="relu"),
                keras.layers.Dense(CLASSES, activation="softmax"),
            ]
        )
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
        return model

    classifier = SKLearnClassifier(model=build, fit_kwargs={"epochs": EPOCHS, "verbose": 0})
    search = GridSearchCV(classifier, {"model__units": [8, 16]}, cv=CV)
    return search, dict(X=X_train, y=y_train)


def build_classifier(X, y, units=16):
    """The build function on Keras' wrapper: it is called with X= and y=, and y arrives one-hot."""
    model = keras.Sequential(
        [
            keras.Input((X.shape[1],)),
            keras.layers.Dense(units, activation="relu"),
            keras.layers.Dense(y.shape[1], activation="softmax"),
        ]
    )
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return model


def fixed_pipeline():
    classifier = SKLearnClassifier(model=build_classifier)
    search = GridSearchCV(classifier, {"model_kwargs": [{"units": 8}, {"units": 16}]}, cv=CV)
    return search, dict(X=X_train, y=y_train, epochs=EPOCHS, verbose=0)  # fit arguments reach every fold


if __name__ == "__main__":
    raise SystemExit(recipe_main(sys.modules[__name__]))
