"""Wine quality scores 1..10 as classes with Dense(10): "Received a label value of 10 which is outside
the valid range of [0, 10)"."""
import numpy as np
from tensorflow import keras

X = np.random.rand(400, 11)
quality = np.random.randint(1, 11, size=400)

model = keras.Sequential([keras.Input((11,)), keras.layers.Dense(64, activation="relu"), keras.layers.Dense(10, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(X, quality, epochs=20, validation_split=0.1)
