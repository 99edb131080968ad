import keras
import numpy as np

rng = np.random.default_rng(0)
x = rng.random((48, 8), dtype="float32")
y = keras.utils.to_categorical(rng.integers(0, 3, size=48), 3)  # one-hot rows
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(3, activation="softmax")])
model.compile(optimizer="adam", loss="categorical_crossentropy")  # the loss for one-hot rows
model.fit(x, y, epochs=5)
