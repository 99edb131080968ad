import keras
import numpy as np
import tensorflow as tf

rng = np.random.default_rng(0)
x = rng.random((40, 8), dtype="float32")
y = rng.integers(0, 2, size=40)
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")

# 40 examples never fill a batch of 64, and drop_remainder drops the partial one: no batch at all
data = tf.data.Dataset.from_tensor_slices((x, y)).batch(64, drop_remainder=True)
model.fit(data, epochs=5)
