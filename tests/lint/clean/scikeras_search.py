"""A scikeras grid search done right: model__ keys, an explicit stratified splitter."""
import numpy as np
import keras
from scikeras.wrappers import KerasClassifier
from sklearn.model_selection import GridSearchCV, StratifiedKFold, cross_val_score


def build(hidden=8, meta=None):
    model = keras.Sequential([
        keras.Input((meta["n_features_in_"],)),
        keras.layers.Dense(hidden, activation="relu"),
        keras.layers.Dense(meta["n_classes_"], activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    return model


X = np.random.rand(60, 4)
y = np.arange(60) % 3
clf = KerasClassifier(model=build, hidden=8, epochs=1, verbose=0)
cv = StratifiedKFold(n_splits=3, shuffle=True, random_state=0)
search = GridSearchCV(clf, {"model__hidden": [4, 8], "batch_size": [16]}, cv=cv)
search.fit(X, y)
print(cross_val_score(clf, X, y, cv=cv).mean())
