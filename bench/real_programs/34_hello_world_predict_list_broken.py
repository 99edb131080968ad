"""The "Hello, World" of machine learning (y = 2x - 1), run under Keras 3: predict() given a Python list,
which Keras 2 converted and Keras 3 refuses ("Unrecognized data type: x=[10.0] (of type <class 'list'>)")."""
import numpy as np
import tensorflow as tf
from tensorflow import keras

model = tf.keras.Sequential([keras.layers.Dense(units=1, input_shape=[1])])
model.compile(optimizer="sgd", loss="mean_squared_error")

xs = np.array([-1.0, 0.0, 1.0, 2.0, 3.0, 4.0], dtype=float)
ys = np.array([-3.0, -1.0, 1.0, 3.0, 5.0, 7.0], dtype=float)
model.fit(xs, ys, epochs=500)
print(model.predict([10.0]))
