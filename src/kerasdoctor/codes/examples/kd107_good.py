import keras
import numpy as np
import tensorflow as tf

rng = np.random.default_rng(0)
x = rng.random((40, 8), dtype="float32")
y = rng.integers(0, 2, size=40)
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")

# without drop_remainder the last, smaller batch is kept: here one batch of 40
data = tf.data.Dataset.from_tensor_slices((x, y)).batch(64)
model.fit(data, epochs=5)
