"""A function builds the model, the script compiles a second copy and trains the first:
"You must call `compile()` before using the model"."""
import numpy as np
from tensorflow import keras


def build():
    return keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(3, activation="softmax")])


X = np.random.rand(150, 4)
y = np.random.randint(0, 3, size=150)
model = build()
build().compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(X, y, epochs=30)
