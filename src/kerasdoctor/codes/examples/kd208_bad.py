import keras
import numpy as np

rng = np.random.default_rng(0)
x = rng.random((48, 8), dtype="float32")
price = rng.random(48, dtype="float32")
category = rng.integers(0, 3, size=48)

inputs = keras.Input((8,))
hidden = keras.layers.Dense(16, activation="relu")(inputs)
price_head = keras.layers.Dense(1, name="price")(hidden)
category_head = keras.layers.Dense(3, activation="softmax", name="category")(hidden)
model = keras.Model(inputs, [price_head, category_head])
model.compile(optimizer="adam", loss=["mse"])  # one loss for two outputs: 'category' gets none and never learns
model.fit(x, [price, category], epochs=5)
