"""MNIST images (N, 28, 28) into a model whose first layer expects flat vectors of 784."""
import numpy as np
from tensorflow import keras

x_train = np.random.rand(500, 28, 28).astype("float32")
y_train = np.random.randint(0, 10, size=500)

model = keras.Sequential()
model.add(keras.layers.Dense(128, activation="relu", input_shape=(784,)))
model.add(keras.layers.Dense(10, activation="softmax"))
model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=5, batch_size=64)
