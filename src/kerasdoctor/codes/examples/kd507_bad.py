import keras
import numpy as np

rng = np.random.default_rng(0)
x = rng.integers(0, 255, size=(64, 8)).astype(np.float) / 255.0  # AttributeError on NumPy >= 1.24
y = rng.integers(0, 2, size=64)
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(x, y, epochs=2)
