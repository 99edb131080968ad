import keras
import numpy as np

rng = np.random.default_rng(0)
age = rng.integers(18, 90, size=(300, 1))
income = rng.integers(10_000, 250_000, size=(300, 1))
x = np.hstack([age, income]).astype("float32")  # income is ~3,000 times larger than age
y = (income[:, 0] > 100_000).astype("int64")
model = keras.Sequential(
    [keras.Input((2,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1, activation="sigmoid")]
)
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(x, y, epochs=5)
