import keras
import numpy as np

rng = np.random.default_rng(0)
age = keras.Input((1,), name="age")
income = keras.Input((1,), name="income")
hidden = keras.layers.Dense(8, activation="relu")(keras.layers.Concatenate()([age, income]))
model = keras.Model([age, income], keras.layers.Dense(1, activation="sigmoid")(hidden))
model.compile(optimizer="adam", loss="binary_crossentropy")

x = {"age": rng.random((48, 1)), "income": rng.random((48, 1))}  # fit() matches dict keys to Input names
y = rng.integers(0, 2, size=48)
model.fit(x, y, epochs=5)
