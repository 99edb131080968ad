import keras
import numpy as np

rng = np.random.default_rng(0)
x = rng.random((64, 8), dtype="float32")
y = rng.integers(0, 4, size=64)
num_classes = np.max(y) + 1
model = keras.Sequential(
    [
        keras.Input((8,)),
        keras.layers.Dense(int(x.shape[1] / 2), activation="relu"),
        keras.layers.Dense(int(num_classes), activation="softmax"),
    ]
)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(x, y, epochs=2)
