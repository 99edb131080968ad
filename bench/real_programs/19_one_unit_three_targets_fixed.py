import numpy as np
from tensorflow import keras

features = np.random.rand(800, 9).astype("float32")
positions = np.random.rand(800, 3).astype("float32")

model = keras.Sequential()
model.add(keras.layers.Dense(32, activation="relu", input_shape=(9,)))
model.add(keras.layers.Dense(3))
model.compile(optimizer="adam", loss="mse")
model.fit(features, positions, epochs=20, batch_size=32)
