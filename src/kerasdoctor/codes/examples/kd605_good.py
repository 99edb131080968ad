import os

import jax
import numpy as np

os.environ["KERAS_BACKEND"] = "jax"  # keras.distribution lays models out on JAX
jax.config.update("jax_num_cpu_devices", 2)  # two CPU devices stand in for two accelerators

import keras  # noqa: E402  (once KERAS_BACKEND is set)

devices = keras.distribution.list_devices("cpu")
mesh = keras.distribution.DeviceMesh((1, 2), ["batch", "model"], devices)
layout_map = keras.distribution.LayoutMap(mesh)
layout_map[".*hidden.*kernel"] = (None, "model")  # a pattern for the whole path
keras.distribution.set_distribution(keras.distribution.ModelParallel(layout_map=layout_map, batch_dim_name="batch"))

rng = np.random.default_rng(0)
x = rng.random((256, 8), dtype="float32")
y = x.sum(axis=1, keepdims=True)

model = keras.Sequential(
    [keras.Input((8,)), keras.layers.Dense(16, activation="relu", name="hidden"), keras.layers.Dense(1)]
)
model.compile(optimizer="adam", loss="mse")
model.fit(x, y, batch_size=32, epochs=3)  # the kernel split: 8 units on each device
