import numpy as np
from tensorflow import keras

x_train = np.random.rand(404, 13)
y_train = np.random.rand(404) * 50

model = keras.Sequential([keras.Input((13,)), keras.layers.Dense(64, activation="relu"), keras.layers.Dense(1)])
model.compile(optimizer="rmsprop", loss="mse", metrics=["mae"])
model.fit(x_train, y_train, epochs=10, batch_size=16)

house = x_train[3]
print(model.predict(house[None]))
