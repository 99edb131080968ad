"""`data.batch(...)` called but never assigned: the model receives single examples.

tf.data datasets are immutable, so `data.batch(100)` on a line of its own
returns a batched dataset and throws it away. fit() then takes each
(75,)-shaped example as a whole batch and fails with a shape error that never
mentions batching. (X uniform 1000x75, Y 1000, a functional Dense(1) + relu.)
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
X = rng.uniform(size=(1000, 75))
Y = rng.uniform(size=(1000,))


def api_model(input_shape, name="test_model"):
    inputs = keras.layers.Input(shape=input_shape)
    x = keras.layers.Dense(1)(inputs)
    outputs = keras.layers.Activation("relu")(x)
    model = keras.Model(inputs=inputs, outputs=outputs, name=name)
    model.compile(optimizer="adam", loss="mse")
    return model


def broken_pipeline():
    data = tf.data.Dataset.from_tensor_slices((X, Y))
    data.batch(batch_size=100, drop_remainder=True)  # the mistake: result discarded
    model = api_model(input_shape=(X.shape[1],))
    return model, dict(x=data, epochs=10)


def fixed_pipeline():
    data = tf.data.Dataset.from_tensor_slices((X, Y))
    data = data.batch(batch_size=100, drop_remainder=True)
    model = api_model(input_shape=(X.shape[1],))
    return model, dict(x=data, epochs=2)


if __name__ == "__main__":
    raise SystemExit(recipe_main(sys.modules[__name__]))
