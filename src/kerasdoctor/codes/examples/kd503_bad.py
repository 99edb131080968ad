import keras
import numpy as np

rng = np.random.default_rng(0)
x = rng.random((64, 8), dtype="float32")
y = rng.integers(0, 3, size=64)


def batches(batch_size=16):
    while True:
        for start in range(0, len(x), batch_size):
            yield x[start : start + batch_size], y[start : start + batch_size]


model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(3, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit_generator(batches(), steps_per_epoch=4, epochs=2)  # AttributeError in Keras 3
classes = model.predict_classes(x)  # AttributeError in Keras 3
