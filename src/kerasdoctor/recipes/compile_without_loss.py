"""`model.compile()` without a loss: there is nothing to minimise.

`loss` defaults to None. Keras stops at the first step with "No loss to
compute"; kerasdoctor says so before fit() and shows the line to write.
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


def api_model():
    inputs = keras.layers.Input(shape=(75,))
    outputs = keras.layers.Activation("relu")(keras.layers.Dense(1)(inputs))
    return keras.Model(inputs=inputs, outputs=outputs, name="test_model")


def broken_pipeline():
    data = tf.data.Dataset.from_tensor_slices((X, Y)).batch(100)
    api_model_ = api_model()
    api_model_.compile()  # the mistake: no loss
    return api_model_, dict(x=data, epochs=10)


def fixed_pipeline():
    data = tf.data.Dataset.from_tensor_slices((X, Y)).batch(100)
    model = api_model()
    model.compile(optimizer="adam", loss="mse")
    return model, dict(x=data, epochs=2)


if __name__ == "__main__":
    raise SystemExit(recipe_main(sys.modules[__name__]))
