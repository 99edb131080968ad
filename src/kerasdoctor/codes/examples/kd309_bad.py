import keras
import numpy as np
from keras.wrappers import SKLearnClassifier
from sklearn.model_selection import GridSearchCV, StratifiedKFold

rng = np.random.default_rng(0)
x = rng.random((48, 8), dtype="float32")
y = rng.integers(0, 3, size=48)


def build_model(X, y, units=16):
    model = keras.Sequential(
        [
            keras.Input((X.shape[1],)),
            keras.layers.Dense(units, activation="relu"),
            keras.layers.Dense(y.shape[1], activation="softmax"),
        ]
    )
    model.compile(optimizer="adam", loss="categorical_crossentropy")
    return model


clf = SKLearnClassifier(model=build_model, fit_kwargs={"epochs": 20, "verbose": 0})  # the search's clones drop these
search = GridSearchCV(clf, {"model_kwargs": [{"units": 8}, {"units": 16}]}, cv=StratifiedKFold(2, shuffle=True))
search.fit(x, y)
