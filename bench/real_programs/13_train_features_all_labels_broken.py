"""A manual 80/20 split, then fit() with the training features and every label:
"Data cardinality is ambiguous: 'x' sizes: 800 'y' sizes: 1000"."""
import numpy as np
from tensorflow import keras

data = np.random.rand(1000, 6)
target = np.random.rand(1000)
split = int(0.8 * len(data))
x_train, x_test = data[:split], data[split:]
y_train, y_test = target[:split], target[split:]

model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(x_train, target, epochs=10)
