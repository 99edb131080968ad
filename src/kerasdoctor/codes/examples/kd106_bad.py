import keras
import numpy as np
import tensorflow as tf

rng = np.random.default_rng(0)
x = rng.random((64, 8), dtype="float32")
y = rng.integers(0, 2, size=64)
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")

data = tf.data.Dataset.from_tensor_slices((x, y)).batch(16)
model.fit(data, batch_size=64, epochs=5)  # ignored for a dataset: it still yields batches of 16
