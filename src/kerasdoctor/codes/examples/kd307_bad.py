import keras
import numpy as np
from scikeras.wrappers import KerasClassifier
from sklearn.model_selection import StratifiedKFold, cross_val_score

rng = np.random.default_rng(0)
x = rng.random((48, 8), dtype="float32")
y = rng.integers(0, 3, size=48)


def build_model():
    model = keras.Sequential(
        [
            keras.Input((8,)),
            keras.layers.Dense(16, activation="relu"),
            keras.layers.Dense(3, activation="softmax"),
        ]
    )
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    return model


clf = KerasClassifier(build_fn=build_model, epochs=5, verbose=0)  # build_fn= is the removed keras.wrappers' name
cv = StratifiedKFold(n_splits=3, shuffle=True, random_state=0)
scores = cross_val_score(clf, x, y, cv=cv)
