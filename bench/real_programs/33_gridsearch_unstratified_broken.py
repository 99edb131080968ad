"""scikeras KerasClassifier in GridSearchCV with cv=3 over labels sorted by class: folds lack classes
(the seed question's IndexError, here with the default error_score)."""
import numpy as np
from scikeras.wrappers import KerasClassifier
from sklearn.model_selection import GridSearchCV
from tensorflow import keras

X = np.random.rand(90, 5).astype("float32")
y = np.repeat(np.arange(3), 30)


def build(units=8):
    model = keras.Sequential([keras.Input((5,)), keras.layers.Dense(units, activation="relu"), keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    return model


search = GridSearchCV(KerasClassifier(model=build, epochs=2, verbose=0), {"model__units": [8]}, cv=3)
search.fit(X, y)
