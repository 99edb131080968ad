"""Two named inputs fed a dict keyed by the DataFrame's column groups, not by the Input names."""
import numpy as np
from tensorflow import keras

age = keras.Input(shape=(1,), name="age")
history = keras.Input(shape=(6,), name="history")
merged = keras.layers.Concatenate()([age, history])
risk = keras.layers.Dense(1, activation="sigmoid")(keras.layers.Dense(8, activation="relu")(merged))
model = keras.Model(inputs={"age": age, "history": history}, outputs=risk)
model.compile(optimizer="adam", loss="binary_crossentropy")

n = 300
features = {"patient_age": np.random.rand(n, 1), "visits": np.random.rand(n, 6)}
labels = np.random.randint(0, 2, size=n)
model.fit(features, labels, epochs=5)
