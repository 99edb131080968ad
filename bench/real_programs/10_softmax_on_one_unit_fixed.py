import numpy as np
from tensorflow import keras

X = np.random.rand(500, 8)
y = (X.sum(axis=1) > 4).astype("int32")

model = keras.Sequential()
model.add(keras.layers.Dense(12, input_dim=8, activation="relu"))
model.add(keras.layers.Dense(8, activation="relu"))
model.add(keras.layers.Dense(1, activation="sigmoid"))
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(X, y, epochs=50, batch_size=10)
