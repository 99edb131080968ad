import keras
import numpy as np

rng = np.random.default_rng(0)
# images read folder by folder: 100 of class 0, then 100 of class 1, ... then 100 of class 4
x = rng.random((500, 16), dtype="float32")
y = np.repeat(np.arange(5), 100)
order = np.random.default_rng(0).permutation(len(y))  # shuffle once, before the split
x, y = x[order], y[order]
model = keras.Sequential([keras.Input((16,)), keras.layers.Dense(5, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=5, validation_split=0.2)
