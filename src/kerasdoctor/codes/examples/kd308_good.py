import keras
import numpy as np
from scikeras.wrappers import KerasClassifier
from sklearn.model_selection import GridSearchCV, StratifiedKFold

rng = np.random.default_rng(0)
x = rng.random((48, 8), dtype="float32")
y = rng.integers(0, 3, size=48)


def build_model(units=16):
    model = keras.Sequential(
        [
            keras.Input((8,)),
            keras.layers.Dense(units, activation="relu"),
            keras.layers.Dense(3, activation="softmax"),
        ]
    )
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    return model


clf = KerasClassifier(model=build_model, epochs=5, verbose=0)
param_grid = {"model__units": [8, 16]}  # model__ routes the value to build_model's units argument
search = GridSearchCV(clf, param_grid, cv=StratifiedKFold(n_splits=2, shuffle=True, random_state=0))
search.fit(x, y)
