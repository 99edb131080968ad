"""A Sequential classifier on NumPy arrays, the tutorial way."""
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = x_train.reshape(-1, 784).astype("float32") / 255
x_test = x_test.reshape(-1, 784).astype("float32") / 255
idx = np.arange(len(x_train))
np.random.shuffle(idx)
x_train, y_train = x_train[idx], y_train[idx]

model = keras.Sequential()
model.add(keras.Input(shape=(784,)))
model.add(layers.Dense(64, activation="relu"))
model.add(layers.Dropout(0.2))
model.add(layers.Dense(10, activation="softmax"))
model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.summary()
history = model.fit(x_train, y_train, batch_size=128, epochs=2, validation_split=0.1)
history.history["loss"].append(0.0)
print(model.evaluate(x_test, y_test, batch_size=256))
y_onehot = keras.utils.to_categorical(y_train, 10)
other = keras.Sequential([keras.Input((784,)), layers.Dense(10, activation="softmax")])
other.compile(optimizer="adam", loss="categorical_crossentropy")
other.fit(x_train, y_onehot, epochs=1, batch_size=64)
