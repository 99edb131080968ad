import keras
import numpy as np
import tensorflow as tf

rng = np.random.default_rng(0)
x = rng.random((64, 8), dtype="float32")
y = rng.integers(0, 2, size=64)
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")


def make_dataset(x, y):
    return tf.data.Dataset.from_tensor_slices((x, y)).shuffle(64).batch(16)


data = make_dataset(x, y).batch(16)  # make_dataset already batches: elements are batches of batches
model.fit(data, epochs=5)
