import keras
import numpy as np

rng = np.random.default_rng(0)
x = rng.random((100, 8), dtype="float32")
y = rng.integers(0, 2, size=100)
x_train, x_test = x[:80], x[80:]
y_train, y_test = y[:80], y[80:]
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(x_train, y, epochs=5)  # 80 examples, 100 labels: y instead of y_train
