import keras
import numpy as np
from scikeras.wrappers import KerasClassifier
from sklearn.model_selection import StratifiedKFold, cross_val_score

rng = np.random.default_rng(0)
x = rng.random((48, 8), dtype="float32")
labels = rng.integers(0, 3, size=48)
y = labels  # class ids: StratifiedKFold stratifies them, scikeras one-hot encodes them for the loss


def build_model():
    return keras.Sequential(
        [
            keras.Input((8,)),
            keras.layers.Dense(16, activation="relu"),
            keras.layers.Dense(3, activation="softmax"),
        ]
    )


clf = KerasClassifier(model=build_model, loss="categorical_crossentropy", optimizer="adam", epochs=5, verbose=0)
cv = StratifiedKFold(n_splits=3, shuffle=True, random_state=0)
scores = cross_val_score(clf, x, y, cv=cv)
