"""Features and labels gathered row by row from a CSV-like source: the features are turned into an array,
the labels stay a Python list. Keras 2 took it; Keras 3 stops with "Unrecognized data type"."""
import numpy as np
from tensorflow import keras

rows = [(np.random.rand(10), int(np.random.rand() > 0.5)) for _ in range(300)]
features, labels = [], []
for vector, label in rows:
    features.append(vector)
    labels.append(label)
features = np.array(features)

model = keras.Sequential([keras.Input((10,)), keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(features, labels, epochs=20, batch_size=16, validation_split=0.2)
