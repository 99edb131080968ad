"""Five flower classes one-hot encoded with to_categorical, compiled with the sparse loss:
"Argument `output` must have rank (ndim) `target.ndim - 1`"."""
import numpy as np
from tensorflow import keras
from tensorflow.keras.utils import to_categorical

X = np.random.rand(300, 20)
labels = np.random.randint(0, 5, size=300)
y = to_categorical(labels, 5)

model = keras.Sequential([keras.Input((20,)), keras.layers.Dense(32, activation="relu"), keras.layers.Dense(5, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(X, y, epochs=10)
