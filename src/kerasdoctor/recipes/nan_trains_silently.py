"""One NaN in one feature: fit() raises nothing, and the model it returns predicts NaN.

A single missing measurement (a CSV cell read as NaN) in x[3, 1]. On Keras 3.15 (CPU) the first
batch that holds it makes the gradients NaN, the optimizer writes NaN into every weight, and
training goes on: no exception, the loss reads nan from then on, and accuracy settles at the
share of class 0 (the argmax of an all-NaN output is 0). kerasdoctor reports the NaN, where it
is and how many there are, before fit() runs; the fix imputes it with its column's mean.
"""

import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

import numpy as np  # noqa: E402
from tensorflow import keras  # noqa: E402

from kerasdoctor.demo import recipe_main  # noqa: E402

rng = np.random.default_rng(0)
MEASUREMENTS = rng.random((600, 4), dtype="float32")
SPECIES = (MEASUREMENTS[:, 0] * 3).astype("int64").clip(0, 2)  # three classes, learnable from feature 0


def classifier():
    keras.utils.set_random_seed(0)
    model = keras.Sequential(
        [keras.Input((4,)), keras.layers.Dense(16, activation="relu"), keras.layers.Dense(3, activation="softmax")]
    )
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def broken_pipeline():
    x = MEASUREMENTS.copy()
    x[3, 1] = np.nan  # the mistake: one missing value, left in
    return classifier(), dict(x=x, y=SPECIES, epochs=5)


def fixed_pipeline():
    x = MEASUREMENTS.copy()
    x[3, 1] = np.nan
    column_means = np.nanmean(np.where(np.isfinite(x), x, np.nan), axis=0)
    x = np.where(np.isfinite(x), x, column_means)  # the fix kerasdoctor prints
    return classifier(), dict(x=x, y=SPECIES, epochs=5)


if __name__ == "__main__":
    raise SystemExit(recipe_main(sys.modules[__name__]))
