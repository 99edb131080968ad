import keras
import numpy as np

rng = np.random.default_rng(0)
x = rng.random((48, 8), dtype="float32")
y = rng.random((48, 1), dtype="float32")  # one price per house, as a column
model = keras.Sequential(
    [
        keras.Input((8,)),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(4),  # 4 outputs for 1 target column: Keras broadcasts y over them, silently
    ]
)
model.compile(optimizer="adam", loss="mse")
model.fit(x, y, epochs=5)
