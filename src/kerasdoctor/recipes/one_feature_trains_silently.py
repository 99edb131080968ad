"""An unbatched one-feature dataset trains without any error, one example per step.

With `Input((1,))`, Keras adds the missing axis to each (1,)-shaped element
and trains on batches of one: no error, 1000 steps per epoch instead of 32,
and a very different optimisation. kerasdoctor reports it before fit().
"""

import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from tensorflow import keras  # noqa: E402

from kerasdoctor.demo import recipe_main  # noqa: E402

rng = np.random.default_rng(0)
X = rng.uniform(size=(1000, 1))
Y = 3 * X[:, 0] + 1


def regression_model():
    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    return model


def broken_pipeline():
    ds = tf.data.Dataset.from_tensor_slices((X, Y))
    ds.shuffle(1000).batch(32)  # the mistake: result discarded
    return regression_model(), dict(x=ds, epochs=2)


def fixed_pipeline():
    ds = tf.data.Dataset.from_tensor_slices((X, Y))
    ds = ds.shuffle(1000, seed=0).batch(32)
    return regression_model(), dict(x=ds, epochs=2)


if __name__ == "__main__":
    raise SystemExit(recipe_main(sys.modules[__name__]))
