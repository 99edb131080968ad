import keras
import numpy as np

rng = np.random.default_rng(0)
x = rng.integers(0, 1000, size=(64, 20))
y = rng.integers(0, 2, size=64)
model = keras.Sequential()
model.add(keras.layers.Embedding(1000, 16, input_length=20))  # ignored by Keras 3: the model stays unbuilt
model.add(keras.layers.Flatten())
model.add(keras.layers.Dense(1, activation="sigmoid"))
model.compile(optimizer="adam", loss="binary_crossentropy")
print(model.count_params())  # ValueError in Keras 3: the model is not built
model.fit(x, y, epochs=2)
