import keras
import numpy as np
from keras.wrappers import SKLearnClassifier
from sklearn.model_selection import StratifiedKFold, cross_val_score

rng = np.random.default_rng(0)
x = rng.random((48, 8), dtype="float32")
y = rng.integers(0, 3, size=48)


def build_model(X, y):  # Keras' own wrapper passes X and y; y arrives one-hot
    model = keras.Sequential(
        [
            keras.Input((X.shape[1],)),
            keras.layers.Dense(16, activation="relu"),
            keras.layers.Dense(y.shape[1], activation="softmax"),
        ]
    )
    model.compile(optimizer="adam", loss="categorical_crossentropy")
    return model


clf = SKLearnClassifier(model=build_model)  # scikeras is no longer maintained; KerasClassifier(model=...) works too
cv = StratifiedKFold(n_splits=3, shuffle=True, random_state=0)
scores = cross_val_score(clf, x, y, cv=cv, params={"epochs": 5, "verbose": 0})
