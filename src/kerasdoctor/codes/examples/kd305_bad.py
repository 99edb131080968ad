import keras
import numpy as np
from scikeras.wrappers import KerasClassifier
from sklearn.model_selection import KFold, cross_val_score

rng = np.random.default_rng(0)
x = rng.random((45, 8), dtype="float32")
y = np.repeat([0, 1, 2], 15)  # rows sorted by class, as in iris.csv


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


clf = KerasClassifier(model=build_model, epochs=5, verbose=0)
cv = KFold(n_splits=5)  # no shuffle: each fold is a block of one or two classes
scores = cross_val_score(clf, x, y, cv=cv)
