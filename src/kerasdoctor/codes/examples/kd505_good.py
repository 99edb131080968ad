import keras
import numpy as np

rng = np.random.default_rng(0)
x = rng.integers(0, 1000, size=(64, 20))
y = rng.integers(0, 2, size=64)
model = keras.Sequential()
model.add(keras.Input(shape=(20,)))
model.add(keras.layers.Embedding(1000, 16))
model.add(keras.layers.Flatten())
model.add(keras.layers.Dense(1, activation="sigmoid"))
model.compile(optimizer="adam", loss="binary_crossentropy")
print(model.count_params())  # 16000 + 321, as in Keras 2
model.fit(x, y, epochs=2)
