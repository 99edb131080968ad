import keras
import numpy as np


def rmse(y_true, y_pred):
    return keras.ops.sqrt(keras.ops.mean(keras.ops.square(y_pred - y_true)))


rng = np.random.default_rng(0)
a, b = rng.random((64, 4), dtype="float32"), rng.random((64, 4), dtype="float32")
y = keras.utils.to_categorical(rng.integers(0, 3, size=64), 3)
input_a, input_b = keras.Input((4,)), keras.Input((4,))
output = keras.layers.Dense(3, activation="softmax")(keras.layers.concatenate([input_a, input_b]))
model = keras.Model([input_a, input_b], output)
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=[rmse])
model.fit([a, b], y, epochs=2)
