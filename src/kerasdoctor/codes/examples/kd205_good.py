import keras
import numpy as np

rng = np.random.default_rng(0)
x = rng.random((60, 8), dtype="float32")
y = rng.integers(1, 6, size=60)  # star ratings 1..5, used as classes
y = y - 1  # class ids count from 0: ratings 1..5 become 0..4, one per unit
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(5, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(x, y, epochs=5)
