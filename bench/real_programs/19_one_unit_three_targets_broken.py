"""Predicting three quantities (x, y, z position) with Dense(1): mse broadcasts the one output over the
three targets and the loss goes down; the model predicts one number."""
import numpy as np
from tensorflow import keras

features = np.random.rand(800, 9).astype("float32")
positions = np.random.rand(800, 3).astype("float32")

model = keras.Sequential()
model.add(keras.layers.Dense(32, activation="relu", input_shape=(9,)))
model.add(keras.layers.Dense(1))
model.compile(optimizer="adam", loss="mse")
model.fit(features, positions, epochs=20, batch_size=32)
