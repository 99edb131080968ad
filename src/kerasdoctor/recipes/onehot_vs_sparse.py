"""One-hot targets with a sparse loss: the loss wants class ids, the labels are one-hot.

`keras.utils.to_categorical(y, 5)` turns the labels into rows of 0/1, but
`sparse_categorical_crossentropy` expects one integer class id per example.
Keras stops at the first step with a rank error about `target.ndim - 1`;
kerasdoctor says which of the loss or the labels to change before fit().
"""

import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

import numpy as np  # noqa: E402
from tensorflow import keras  # noqa: E402

from kerasdoctor.demo import recipe_main  # noqa: E402

rng = np.random.default_rng(0)
X = rng.uniform(size=(500, 20)).astype("float32")
labels = rng.integers(0, 5, size=500)


def classifier():
    inputs = keras.Input(shape=(20,))
    hidden = keras.layers.Dense(32, activation="relu")(inputs)
    outputs = keras.layers.Dense(5, activation="softmax")(hidden)
    return keras.Model(inputs, outputs, name="classifier")


def broken_pipeline():
    y_train = keras.utils.to_categorical(labels, 5)
    model = classifier()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model, dict(x=X, y=y_train, epochs=2, batch_size=50)


def fixed_pipeline():
    y_train = keras.utils.to_categorical(labels, 5)
    model = classifier()
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return model, dict(x=X, y=y_train, epochs=2, batch_size=50)


if __name__ == "__main__":
    raise SystemExit(recipe_main(sys.modules[__name__]))
