"""Fashion-MNIST-like arrays (N, 28, 28) into a Conv2D without input_shape:
"expected min_ndim=4, found ndim=3. Full shape received: (None, 28, 28)"."""
import numpy as np
from tensorflow import keras

x_train = np.random.rand(300, 28, 28).astype("float32")
y_train = np.random.randint(0, 10, size=300)

model = keras.models.Sequential()
model.add(keras.layers.Conv2D(32, (3, 3), activation="relu"))
model.add(keras.layers.MaxPooling2D((2, 2)))
model.add(keras.layers.Flatten())
model.add(keras.layers.Dense(10, activation="softmax"))
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=5)
