import numpy as np
from tensorflow import keras
from tensorflow.keras.utils import to_categorical

X = np.random.rand(300, 20)
labels = np.random.randint(0, 5, size=300)
y = to_categorical(labels, 5)

model = keras.Sequential([keras.Input((20,)), keras.layers.Dense(32, activation="relu"), keras.layers.Dense(5, activation="softmax")])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(X, y, epochs=10)
