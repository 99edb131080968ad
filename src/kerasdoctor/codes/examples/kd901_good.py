import keras
import numpy as np
import tensorflow as tf

rng = np.random.default_rng(0)
x = rng.random((48, 8), dtype="float32")
y = x.sum(axis=1)  # a regression target
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")


def batches():
    while True:
        rows = rng.integers(0, 48, size=16)
        yield x[rows], y[rows]


data = tf.data.Dataset.from_generator(
    batches,
    output_signature=(  # the signature tells what the batches hold
        tf.TensorSpec((None, 8), tf.float32),
        tf.TensorSpec((None,), tf.float32),
    ),
)
model.fit(data, steps_per_epoch=3, epochs=5)
