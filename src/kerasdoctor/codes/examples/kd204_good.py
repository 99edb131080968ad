import keras
import numpy as np

rng = np.random.default_rng(0)
x = rng.random((48, 8), dtype="float32")
votes = rng.random((48, 3))  # annotators' votes for each of 3 classes
y = np.argmax(votes, axis=1)  # class ids 0, 1, 2
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(3, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")  # the loss for class ids
model.fit(x, y, epochs=5)
