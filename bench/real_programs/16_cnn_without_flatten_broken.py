"""A CNN whose Dense head sits on the feature maps (no Flatten): the output is (batch, 13, 13, 2) for
one label per image."""
import numpy as np
from tensorflow import keras

images = np.random.rand(120, 28, 28, 1).astype("float32")
labels = np.random.randint(0, 2, size=120)

model = keras.Sequential()
model.add(keras.Input(shape=(28, 28, 1)))
model.add(keras.layers.Conv2D(8, 3, activation="relu"))
model.add(keras.layers.MaxPooling2D())
model.add(keras.layers.Dense(2, activation="softmax"))
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(images, labels, epochs=5)
