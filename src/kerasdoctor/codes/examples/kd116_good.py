import keras
import numpy as np

rng = np.random.default_rng(0)
x = rng.normal(50.0, 20.0, size=(200, 3)).astype("float32")
y = x @ np.array([0.5, -1.0, 2.0], dtype="float32")
normalizer = keras.layers.Normalization()
normalizer.adapt(x)  # learns each feature's mean and variance
model = keras.Sequential([keras.Input((3,)), normalizer, keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(x, y, epochs=5)
