import numpy as np
from tensorflow import keras

thumbs = np.random.rand(200, 16, 16, 3).astype("float32")
labels = np.random.randint(0, 4, size=200)

model = keras.Sequential()
model.add(keras.Input(shape=(16, 16, 3)))
for filters in (32, 64, 128):
    model.add(keras.layers.Conv2D(filters, 3, activation="relu", padding="same"))
    model.add(keras.layers.MaxPooling2D(2))
model.add(keras.layers.Flatten())
model.add(keras.layers.Dense(4, activation="softmax"))
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(thumbs, labels, epochs=5)
