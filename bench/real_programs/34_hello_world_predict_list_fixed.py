"""The "Hello, World" of machine learning (y = 2x - 1): predict() given a batch of one example as an array."""
import numpy as np
import tensorflow as tf
from tensorflow import keras

model = tf.keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(units=1)])
model.compile(optimizer="sgd", loss="mean_squared_error")

xs = np.array([-1.0, 0.0, 1.0, 2.0, 3.0, 4.0], dtype=float)
ys = np.array([-3.0, -1.0, 1.0, 3.0, 5.0, 7.0], dtype=float)
model.fit(xs, ys, epochs=500)
print(model.predict(np.array([[10.0]])))
