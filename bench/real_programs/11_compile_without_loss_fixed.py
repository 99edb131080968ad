import numpy as np
import tensorflow as tf
from tensorflow import keras

X = np.random.uniform(size=(1000, 75))
Y = np.random.uniform(size=(1000,))
data = tf.data.Dataset.from_tensor_slices((X, Y)).batch(100)

inputs = keras.Input(shape=(75,))
outputs = keras.layers.Dense(1)(inputs)
model = keras.Model(inputs, outputs)
model.compile(loss="mse")
model.fit(data, epochs=10)
