import keras
import numpy as np

rng = np.random.default_rng(0)
x = rng.random((128, 5), dtype="float32")
y = x @ np.array([3.0, -2.0, 1.0, 0.5, 4.0], dtype="float32")  # a regression target
model = keras.Sequential([keras.Input((5,)), keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse", metrics=["mae"])  # the error in the target's units
model.fit(x, y, epochs=5)
