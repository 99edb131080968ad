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


clf = SKLearnClassifier(model=build_model)
param_grid = {"model_kwargs": [{"units": 8}, {"units": 16}]}  # build_model(X=..., y=..., **model_kwargs)
search = GridSearchCV(clf, param_grid, cv=StratifiedKFold(n_splits=2, shuffle=True, random_state=0))
search.fit(x, y, epochs=5, verbose=0)
