"""After training, evaluate() on one test example and its label: the example has no batch axis."""
import numpy as np
from tensorflow import keras

x = np.random.rand(300, 6).astype("float32")
y = np.random.randint(0, 2, size=300)
model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x[:250], y[:250], epochs=5)

sample, label = x[260], y[260]
print(model.evaluate(sample, np.array([label])))
