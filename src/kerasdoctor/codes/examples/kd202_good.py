import keras
import numpy as np

rng = np.random.default_rng(0)
x = rng.random((48, 8), dtype="float32")
y = rng.integers(0, 2, size=48)
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")  # compile() gives fit() its optimizer and loss
model.fit(x, y, epochs=5)
